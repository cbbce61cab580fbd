//! Any bytes, profiled whole and cut into pieces of a size the input chooses: no panic, and
//! the same profile however the bytes arrive (as a browser's or the CLI's reads cut them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use persona_core::ingest::{Profiler, RowStream};

fuzz_target!(|data: &[u8]| {
    let Some((&cut, bytes)) = data.split_first() else { return };
    let piece = cut as usize % 64 + 1;
    let mut whole = Profiler::new("fuzz.csv");
    whole.feed(bytes);
    let whole = whole.finish();
    let mut pieces = Profiler::new("fuzz.csv");
    for chunk in bytes.chunks(piece) {
        pieces.feed(chunk);
    }
    let pieces = pieces.finish();
    match (&whole, &pieces) {
        // the whole profile: rows, columns and their statistics, problems with their lines,
        // warnings (the line of the first Windows-1252 byte among them)
        (Ok(a), Ok(b)) => assert_eq!(a.profile, b.profile, "pieces of {piece}"),
        (Err(_), Err(_)) => {}
        _ => panic!("one reading failed and the other did not (pieces of {piece})"),
    }
    // the rows a gathering reads
    let mut rows = 0usize;
    let mut stream = RowStream::new("fuzz.csv");
    for chunk in bytes.chunks(piece) {
        stream.feed(chunk, |_| rows += 1);
    }
    let _ = stream.finish(|_| rows += 1);
});
