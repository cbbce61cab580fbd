//! Reading one file with two readers at once: the first from the start to a cut in the middle,
//! the second from the cut to the end, joined into what one reader would have found.
//!
//! ```text
//! 0 ───────────── first reader ─────────────▶ cut ──────────── second reader ──────────▶ end
//!                                  split_at ──┘ (just past the first line feed)
//! ```
//!
//! The second reader needs the first one's encoding, dialect and header (and, for a
//! [`crate::features::OnePass`], the plan it gathers under), so it starts once the first has
//! read that far ([`Split::handoff`]). Both find the cut the same way ([`cut_in`]); the first
//! reads up to it and checks that a row ends there ([`Split::at_row_end`]): a line feed inside a
//! quoted field is no place to cut, and then the first reader reads on alone and the second's
//! work is dropped. So a cut never changes which rows a file has.
//!
//! [`read_in_two`] drives this natively with a thread; the browser's worker does the same with a
//! second worker, the second reader's [`Split::Tail`] sent back serialised.

use std::io::{self, Read, Seek, SeekFrom};

use super::{Handoff, Profiler, Tail};
pub use super::{SPLIT_MIN, cut_in, split_at};

/// A reader of one file that a second reader can take over from at a cut.
pub trait Split: Sized {
    /// What the second reader needs to start.
    type Handoff: Send + Sync;
    /// What the second reader found, to be joined.
    type Tail: Send;
    fn feed(&mut self, chunk: &[u8]);
    /// `None` until the second reader can start, or when the file cannot be cut.
    fn handoff(&self) -> Option<Self::Handoff>;
    /// The second reader, to be fed the bytes after the cut.
    fn resume(name: &str, handoff: &Self::Handoff) -> Self;
    /// Whether the bytes fed so far end where a row ends.
    fn at_row_end(&self) -> bool;
    /// Ends the second reader.
    fn into_tail(self) -> Self::Tail;
    /// Joins the second reader's tail to this reader, fed up to the cut.
    fn join(&mut self, tail: Self::Tail);
}

impl Split for Profiler {
    type Handoff = Handoff;
    type Tail = Tail;
    fn feed(&mut self, chunk: &[u8]) {
        Profiler::feed(self, chunk);
    }
    fn handoff(&self) -> Option<Handoff> {
        Profiler::handoff(self)
    }
    fn resume(name: &str, handoff: &Handoff) -> Self {
        Profiler::resume(name, handoff)
    }
    fn at_row_end(&self) -> bool {
        Profiler::at_row_end(self)
    }
    fn into_tail(self) -> Tail {
        Profiler::into_tail(self)
    }
    fn join(&mut self, tail: Tail) {
        Profiler::join(self, tail);
    }
}

const BLOCK: usize = 1 << 20;

/// Reads `size` bytes of a file into `first` (a fresh reader named `name`). From a file of
/// [`SPLIT_MIN`] bytes on (or at `split`, when given), a second reader on a thread of its own
/// reads from the cut after the middle, and its tail is joined. `open` opens the file again
/// for the second reader. Gives exactly what the browser's two workers give.
pub fn read_in_two<S, R>(
    name: &str,
    mut first: S,
    size: u64,
    split: Option<u64>,
    open: impl Fn() -> io::Result<R> + Sync,
) -> io::Result<S>
where
    S: Split + Send,
    R: Read + Seek,
{
    let mut file = open()?;
    let mut buf = vec![0u8; BLOCK];
    let Some(mid) = split.or_else(|| split_at(size)).filter(|&m| m > 0 && m < size) else {
        read_to_end(&mut file, &mut buf, |b| first.feed(b))?;
        return Ok(first);
    };
    std::thread::scope(|scope| {
        let mut second = None;
        let mut at = 0u64;
        // up to the split point, starting the second reader as soon as it can start
        while at < mid {
            let want = BLOCK.min((mid - at) as usize);
            let n = file.read(&mut buf[..want])?;
            if n == 0 {
                return Ok(first);
            }
            first.feed(&buf[..n]);
            at += n as u64;
            if second.is_none()
                && let Some(handoff) = first.handoff()
            {
                let open = &open;
                second = Some(scope.spawn(move || read_tail::<S, R>(name, &handoff, mid, open)));
            }
        }
        // on to the cut
        let mut cut_found = false;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            match cut_in(&buf[..n]) {
                Some(cut) => {
                    first.feed(&buf[..cut]);
                    cut_found = true;
                    if let Some(tail) = second.take().filter(|_| first.at_row_end()).and_then(|h| h.join().ok())
                        && let Some(tail) = tail?
                    {
                        first.join(tail);
                        return Ok(first);
                    }
                    first.feed(&buf[cut..n]);
                    break;
                }
                None => first.feed(&buf[..n]),
            }
        }
        if cut_found {
            read_to_end(&mut file, &mut buf, |b| first.feed(b))?;
        }
        Ok(first)
    })
}

/// The second reader: from the cut after `mid` to the end (`None` when no line feed follows).
fn read_tail<S: Split, R: Read + Seek>(
    name: &str,
    handoff: &S::Handoff,
    mid: u64,
    open: &(impl Fn() -> io::Result<R> + Sync),
) -> io::Result<Option<S::Tail>> {
    let mut file = open()?;
    file.seek(SeekFrom::Start(mid))?;
    let mut buf = vec![0u8; BLOCK];
    let mut reader = None;
    read_to_end(&mut file, &mut buf, |b| match &mut reader {
        Some(r) => S::feed(r, b),
        None => {
            if let Some(cut) = cut_in(b) {
                let mut r = S::resume(name, handoff);
                r.feed(&b[cut..]);
                reader = Some(r);
            }
        }
    })?;
    Ok(reader.map(S::into_tail))
}

fn read_to_end(file: &mut impl Read, buf: &mut [u8], mut feed: impl FnMut(&[u8])) -> io::Result<()> {
    loop {
        match file.read(buf) {
            Ok(0) => return Ok(()),
            Ok(n) => feed(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}
