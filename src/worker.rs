//! The Web Worker: reads files slice by slice and runs the core on them, off the page's thread.
//!
//! Each slice is read with `Blob.arrayBuffer()` and awaited, so the worker's event loop turns
//! between slices: a `Cancel` message is seen within one slice (4 MiB), and the page gets a
//! progress message per slice. Only the profile (aggregates) ever goes back to the page; the
//! rows stay in this worker's memory just long enough to be counted and gathered into each
//! customer's figures (the customer table that segmentation clusters).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Uint8Array;
use persona_core::deck::{self, Deck};
use persona_core::features::{CustomerTable, FilePart, OnePass, TableBuilder};
use persona_core::import::ImportSession;
use persona_core::ingest::RowStream;
use persona_core::persona::{self, PersonaSettings};
use persona_core::sample::{self, SampleConfig};
use persona_core::segment::{self, SegmentSettings};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

use crate::digest::{DeckView, SegmentChart};
use crate::protocol::{Progress, WorkerRequest, WorkerResponse};

/// Bytes read per slice.
pub const CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

/// Where an imported file's bytes can be read again (when a role change alters what it feeds).
#[derive(Clone)]
enum Source {
    File(File),
    Bytes(Rc<Vec<u8>>),
}

struct State {
    session: RefCell<ImportSession>,
    cancel: Cell<bool>,
    busy: Cell<bool>,
    /// By file name, for the files in the session.
    sources: RefCell<Vec<(String, Source)>>,
    /// By file name: each file's part of the customer table, gathered while it was imported
    /// (segmentation reads a file again only when its roles changed what it feeds).
    parts: RefCell<Vec<(String, FilePart)>>,
    /// Bumped on every change to the files, their roles or types.
    generation: Cell<u64>,
    /// The customer table and the generation it was built from.
    table: RefCell<Option<(u64, Rc<CustomerTable>)>>,
    /// The last run's assignment and k, with the generation of its table: the next run's
    /// segments are matched to it so personas follow their segment.
    last_run: RefCell<Option<(u64, Vec<u32>, usize)>>,
    /// The personas with the user's edits, and the latest run's chart per drafted segment.
    deck: RefCell<Deck>,
    charts: RefCell<Vec<SegmentChart>>,
}

impl State {
    fn changed(&self) {
        self.generation.set(self.generation.get() + 1);
    }

    fn keep_source(&self, name: &str, source: Source, part: Option<FilePart>) {
        let mut sources = self.sources.borrow_mut();
        sources.retain(|(n, _)| n != name);
        sources.push((name.to_owned(), source));
        let mut parts = self.parts.borrow_mut();
        parts.retain(|(n, _)| n != name);
        if let Some(part) = part {
            parts.push((name.to_owned(), part));
        }
    }
}

fn post(msg: &WorkerResponse) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    match serde_json::to_string(msg) {
        Ok(json) => {
            let _ = scope.post_message(&JsValue::from_str(&json));
        }
        Err(e) => web_sys::console::error_1(&format!("worker: cannot encode a message: {e}").into()),
    }
}

/// Entry point of the worker binary.
pub fn run() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = Rc::new(State {
        session: RefCell::new(ImportSession::new()),
        cancel: Cell::new(false),
        busy: Cell::new(false),
        sources: RefCell::new(Vec::new()),
        parts: RefCell::new(Vec::new()),
        generation: Cell::new(0),
        table: RefCell::new(None),
        last_run: RefCell::new(None),
        deck: RefCell::new(Deck::new()),
        charts: RefCell::new(Vec::new()),
    });
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let request = js_sys::Reflect::get(&data, &"request".into()).ok().and_then(|r| r.as_string());
        let Some(request) = request.and_then(|r| serde_json::from_str::<WorkerRequest>(&r).ok()) else {
            web_sys::console::error_1(&"worker: unreadable request".into());
            return;
        };
        let files: Vec<File> = js_sys::Reflect::get(&data, &"files".into())
            .ok()
            .map(|f| js_sys::Array::from(&f).iter().filter_map(|v| v.dyn_into::<File>().ok()).collect())
            .unwrap_or_default();
        handle(state.clone(), request, files);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&WorkerResponse::Ready);
}

fn handle(state: Rc<State>, request: WorkerRequest, files: Vec<File>) {
    match request {
        WorkerRequest::Cancel => state.cancel.set(true),
        WorkerRequest::Import => wasm_bindgen_futures::spawn_local(import_files(state, files)),
        WorkerRequest::Sample { customers, seed } => {
            wasm_bindgen_futures::spawn_local(import_sample(state, customers, seed))
        }
        WorkerRequest::SetRole { file, column, role } => {
            state.session.borrow_mut().set_role(file, column, role);
            state.changed();
            summary(&state);
        }
        WorkerRequest::SetType { file, column, column_type } => {
            state.session.borrow_mut().set_type(file, column, column_type);
            state.changed();
            summary(&state);
        }
        WorkerRequest::ApplyRoles { file, roles } => {
            state.session.borrow_mut().apply_roles(file, &roles);
            state.changed();
            summary(&state);
        }
        WorkerRequest::Remove { name } => {
            state.session.borrow_mut().remove(&name);
            state.sources.borrow_mut().retain(|(n, _)| *n != name);
            state.parts.borrow_mut().retain(|(n, _)| *n != name);
            state.changed();
            summary(&state);
        }
        WorkerRequest::Clear => {
            state.session.borrow_mut().clear();
            state.sources.borrow_mut().clear();
            state.parts.borrow_mut().clear();
            state.changed();
            summary(&state);
        }
        WorkerRequest::Segment { settings } => wasm_bindgen_futures::spawn_local(run_segments(state, settings)),
        WorkerRequest::Deck(action) => {
            let open = action.apply(&mut state.deck.borrow_mut());
            post_deck(&state, open);
        }
        WorkerRequest::BenchmarkKMeans { rows, dims, k } => benchmark_kmeans(rows, dims, k),
    }
}

fn post_deck(state: &State, open: Option<u64>) {
    let view = DeckView::new(&state.deck.borrow(), &state.charts.borrow(), open);
    post(&WorkerResponse::Deck(Box::new(view)));
}

fn summary(state: &State) {
    let summary = state.session.borrow_mut().summary();
    post(&WorkerResponse::Summary { summary, importing: state.busy.get() });
}

/// Lets the event loop turn (so a Cancel message can arrive) without reading anything.
async fn yield_now() {
    let promise = js_sys::Promise::resolve(&JsValue::NULL);
    let _ = JsFuture::from(promise).await;
}

/// Reads a file slice by slice with slices always in flight: the next ones are requested
/// before the current one is handed over, so the browser reads while the worker parses.
struct Slices<'a> {
    file: &'a File,
    total: f64,
    /// Where the next request starts, and where the slice handed over last ends.
    requested: f64,
    offset: f64,
    pending: std::collections::VecDeque<Result<JsFuture, String>>,
}

/// Slices requested ahead of the one being parsed.
const AHEAD: usize = 2;

impl<'a> Slices<'a> {
    fn new(file: &'a File) -> Self {
        let mut s = Slices { file, total: file.size(), requested: 0.0, offset: 0.0, pending: Default::default() };
        s.request();
        s
    }

    fn request(&mut self) {
        while self.pending.len() < AHEAD && self.requested < self.total {
            let end = (self.requested + CHUNK).min(self.total);
            let read = self.file.slice_with_f64_and_f64(self.requested, end).map_err(|e| format!("{e:?}"));
            self.pending.push_back(read.map(|blob| JsFuture::from(blob.array_buffer())));
            self.requested = end;
        }
    }

    fn done(&self) -> bool {
        self.pending.is_empty()
    }

    /// The next slice into `buf`; returns the bytes read so far.
    async fn next_into(&mut self, buf: &mut Vec<u8>) -> Result<u64, String> {
        let read = self.pending.pop_front().ok_or("the file was read to its end")??;
        self.offset = (self.offset + CHUNK).min(self.total);
        self.request();
        let ab = read.await.map_err(|e| format!("the file could not be read: {e:?}"))?;
        let arr = Uint8Array::new(&ab);
        buf.resize(arr.length() as usize, 0);
        arr.copy_to(buf);
        Ok(self.offset as u64)
    }
}

async fn import_files(state: Rc<State>, files: Vec<File>) {
    if state.busy.replace(true) {
        post(&WorkerResponse::FileError { file: String::new(), message: "An import is already running.".into() });
        return;
    }
    state.cancel.set(false);
    let count = files.len();
    let mut buf = Vec::with_capacity(CHUNK as usize);
    'files: for (i, file) in files.iter().enumerate() {
        let name = file.name();
        let total = file.size();
        let mut pass = OnePass::new(name.clone());
        let mut slices = Slices::new(file);
        while !slices.done() {
            if state.cancel.get() {
                break 'files;
            }
            let done = match slices.next_into(&mut buf).await {
                Ok(done) => done,
                Err(message) => {
                    post(&WorkerResponse::FileError { file: name.clone(), message });
                    continue 'files;
                }
            };
            pass.feed(&buf);
            post(&WorkerResponse::Progress(Progress {
                file: name.clone(),
                file_index: i,
                file_count: count,
                bytes_done: done,
                bytes_total: total as u64,
            }));
        }
        match pass.finish() {
            Ok((f, part)) => {
                state.session.borrow_mut().add(f);
                state.keep_source(&name, Source::File(file.clone()), part);
            }
            Err(e) => post(&WorkerResponse::FileError { file: name, message: e.to_string() }),
        }
    }
    finish(&state);
}

async fn import_sample(state: Rc<State>, customers: usize, seed: u64) {
    if state.busy.replace(true) {
        return;
    }
    state.cancel.set(false);
    let (files, _truth) = sample::generate(&SampleConfig { customers, seed });
    let count = files.len();
    'files: for (i, (name, bytes)) in files.into_iter().enumerate() {
        let bytes = Rc::new(bytes);
        let mut pass = OnePass::new(name);
        for (k, chunk) in bytes.chunks(CHUNK as usize).enumerate() {
            if state.cancel.get() {
                break 'files;
            }
            pass.feed(chunk);
            post(&WorkerResponse::Progress(Progress {
                file: name.to_owned(),
                file_index: i,
                file_count: count,
                bytes_done: ((k + 1) * CHUNK as usize).min(bytes.len()) as u64,
                bytes_total: bytes.len() as u64,
            }));
            yield_now().await;
        }
        match pass.finish() {
            Ok((f, part)) => {
                state.session.borrow_mut().add(f);
                state.keep_source(name, Source::Bytes(bytes.clone()), part);
            }
            Err(e) => post(&WorkerResponse::FileError { file: name.to_owned(), message: e.to_string() }),
        }
    }
    finish(&state);
}

fn finish(state: &State) {
    state.changed();
    state.busy.set(false);
    if state.cancel.replace(false) {
        post(&WorkerResponse::Cancelled);
    }
    summary(state);
}

fn segment_progress(done: usize, total: usize, stage: &str) {
    post(&WorkerResponse::SegmentProgress { done, total, stage: stage.to_owned() });
}

/// The customer table from the parts gathered while importing, reading again only the files
/// whose roles changed what they feed.
async fn build_table(state: &State) -> Result<CustomerTable, String> {
    let profiles: Vec<persona_core::ingest::FileProfile> = state.session.borrow().files().cloned().collect();
    let refs: Vec<&persona_core::ingest::FileProfile> = profiles.iter().collect();
    let kept: Vec<Option<FilePart>> = {
        let mut parts = state.parts.borrow_mut();
        profiles.iter().map(|p| parts.iter().position(|(n, _)| *n == p.name).map(|i| parts.swap_remove(i).1)).collect()
    };
    let (mut builder, again) = TableBuilder::reuse(&refs, kept);
    let total_bytes: u64 = again.iter().map(|&i| profiles[i].bytes).sum();
    let mut done_bytes = 0u64;
    let mut buf = Vec::with_capacity(CHUNK as usize);
    for i in again {
        let name = &profiles[i].name;
        let source = state.sources.borrow().iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());
        let Some(source) = source else { continue };
        let mut rows = RowStream::new(name.clone());
        match source {
            Source::Bytes(bytes) => {
                for chunk in bytes.chunks(CHUNK as usize) {
                    rows.feed(chunk, |r| builder.row(i, r));
                    done_bytes += chunk.len() as u64;
                    post_read_progress(done_bytes, total_bytes);
                    yield_now().await;
                }
            }
            Source::File(file) => {
                let mut slices = Slices::new(&file);
                while !slices.done() {
                    slices.next_into(&mut buf).await?;
                    rows.feed(&buf, |r| builder.row(i, r));
                    done_bytes += buf.len() as u64;
                    post_read_progress(done_bytes, total_bytes);
                }
            }
        }
        rows.finish(|r| builder.row(i, r)).map_err(|e| format!("{name}: {e}"))?;
    }
    segment_progress(20, 100, "joining the files by customer");
    yield_now().await;
    Ok(builder.finish())
}

fn post_read_progress(done: u64, total: u64) {
    // reading again counts as the first 20 of 100 steps: scale bytes to 0..=20
    let step = (done * 20).checked_div(total).unwrap_or(20) as usize;
    segment_progress(step, 100, "reading customers from your files");
}

async fn run_segments(state: Rc<State>, settings: SegmentSettings) {
    if state.busy.replace(true) {
        post(&WorkerResponse::SegmentFailed("An import is still running; segment when it has finished.".into()));
        return;
    }
    let generation = state.generation.get();
    let cached = state.table.borrow().as_ref().filter(|(g, _)| *g == generation).map(|(_, t)| t.clone());
    let table = match cached {
        Some(t) => t,
        None => match build_table(&state).await {
            Ok(t) => {
                let t = Rc::new(t);
                *state.table.borrow_mut() = Some((generation, t.clone()));
                t
            }
            Err(e) => {
                state.busy.set(false);
                post(&WorkerResponse::SegmentFailed(format!("The files could not be read again: {e}")));
                return;
            }
        },
    };
    segment_progress(30, 100, "clustering");
    yield_now().await;
    let result = segment::run(&table, &settings, &mut |done, total, stage| {
        segment_progress(30 + done * 70 / total.max(1), 100, stage);
    });
    state.busy.set(false);
    match result {
        Ok(seg) => {
            let digest = crate::digest::SegmentsDigest::new(&seg.view(&table));
            post(&WorkerResponse::Segmented(Box::new(digest.page_view())));
            let matches = match state.last_run.borrow().as_ref() {
                Some((g, old, old_k)) if *g == generation => deck::match_segments(old, *old_k, &seg.assignment, seg.k),
                _ => vec![None; seg.k],
            };
            let drafts = persona::drafts(&table, &seg, &PersonaSettings { seed: settings.seed });
            state.deck.borrow_mut().refresh(&drafts, &matches);
            *state.charts.borrow_mut() = crate::digest::segment_charts(&seg, &drafts);
            *state.last_run.borrow_mut() = Some((generation, seg.assignment, seg.k));
            post_deck(&state, None);
        }
        Err(e) => post(&WorkerResponse::SegmentFailed(e.to_string())),
    }
}

fn benchmark_kmeans(rows: usize, dims: usize, k: usize) {
    let data = persona_core::cluster::blobs(rows, dims, k, 1);
    let result = persona_core::cluster::benchmark_params(k).and_then(|p| {
        let start = js_sys::Date::now();
        let model = p.fit(&data)?;
        Ok((js_sys::Date::now() - start, model.iterations()))
    });
    match result {
        Ok((millis, iterations)) => post(&WorkerResponse::BenchmarkDone { millis, iterations }),
        Err(e) => post(&WorkerResponse::SegmentFailed(e.to_string())),
    }
}
