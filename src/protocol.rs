//! The messages between the page and the Web Worker: two serde enums.
//!
//! A request travels as JSON text, `{ request: "<json>", files: [File, ...] }`: `File` objects
//! cannot be serialised, so they ride next to the JSON in the same structured-clone message
//! (no copy of the data is made; the worker reads them slice by slice). Requests stay JSON
//! because the settings they carry hold internally tagged enums (as stored in workspaces),
//! which a format that does not describe itself cannot read.
//!
//! A response travels as bytes, `{ response: Uint8Array }` with its buffer transferred
//! ([`encode`]: postcard): the page decodes them with far less code than JSON, and that code
//! is part of the first page load.
//!
//! Between the two workers, [`HelperRequest`] and [`HelperResponse`] travel as JSON text; a
//! benchmark script's [`WorkerRequest::BenchmarkKMeans`] is answered as JSON text.

use persona_core::cluster::{KChoice, KMeans};
use persona_core::features::PassHandoff;
use persona_core::import::ImportSummary;
use persona_core::ingest::ColumnType;
use persona_core::roles::Role;
use persona_core::segment::{Restarts, SegmentSettings, Trial};

use crate::digest::{DeckAction, DeckView, SegmentsView};
pub use crate::journey_doc::Input;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkerRequest {
    /// Profile the attached files (added to the files already imported).
    Import,
    /// Generate the sample customer base and profile it.
    Sample {
        customers: usize,
        seed: u64,
    },
    /// Stop the import under way; files finished before stay.
    Cancel,
    SetRole {
        file: usize,
        column: usize,
        role: Role,
    },
    SetType {
        file: usize,
        column: usize,
        column_type: ColumnType,
    },
    /// Apply a remembered mapping (column name → role) to a file.
    ApplyRoles {
        file: usize,
        roles: Vec<(String, Role)>,
    },
    Remove {
        name: String,
    },
    Clear,
    /// Read the imported files' customers again (if anything changed) and segment them.
    Segment {
        settings: SegmentSettings,
    },
    /// Change the persona deck.
    Deck(DeckAction),
    /// Open a saved workspace (its stored text) under `name`, in place of everything now here.
    Restore {
        name: String,
        text: String,
    },
    /// Start an empty workspace of `name`, in place of everything now here.
    Reset {
        name: String,
    },
    /// The workspace's name changed (the snapshot carries it).
    Rename {
        name: String,
    },
    /// The open workspace as a file to download ([`persona_core::workspace::Workspace::leaving_the_browser`]).
    ExportWorkspace {
        file_name: String,
    },
    /// A persona as one self-contained HTML file.
    ExportPersona {
        id: u64,
    },
    /// The latest segments as one SQL query that scores every customer in a warehouse.
    ExportSql {
        dialect: persona_core::sql::Dialect,
    },
    /// A share link for the whole workspace.
    WorkspaceLink,
    /// A share link for a persona.
    ShareLink {
        id: u64,
    },
    /// Open a share link's text (what follows `#/share/`) to show it.
    OpenLink {
        text: String,
    },
    /// Add the persona of a share link to this workspace's deck.
    SaveShared {
        text: String,
    },
    /// Refresh with new data: the attached files replace the files here, are read with the same
    /// roles and segmented with the same settings, and the result is compared with the last run.
    Refresh,
    /// Whether to keep a hashed record of which segment each customer was in (the user's
    /// consent; turning it off drops every record kept).
    KeepIds(bool),
    /// The changes of a persona between two of its versions (0: as it is now).
    Diff {
        id: u64,
        from: u32,
        to: u32,
    },
    /// Show the journeys (reading the events file the first time), with the plan as it is.
    Journeys,
    /// What the user did on the Journeys or Activation page (the worker reads it: a change of
    /// the journey plan, an edit, the personalisation export), then both are shown again; or a
    /// segment's name typed on the Segments page.
    Input(Input),
    /// Show the Activation page: content plans, incentives.
    Activation,
    /// For `make bench-browser`: time the benchmark k-means fit on `rows` x `dims` seeded blobs.
    BenchmarkKMeans {
        rows: usize,
        dims: usize,
        k: usize,
    },
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkerResponse {
    /// The worker's code has loaded and it listens; requests sent before this are queued.
    Ready,
    Progress(Progress),
    /// The current state of every imported file; `importing` says an import is still running
    /// (a role change answered between two slices must not end the progress bar); `stale`
    /// says the segments shown were found before the files, roles or types last changed.
    Summary {
        summary: ImportSummary,
        importing: bool,
        stale: bool,
    },
    /// One file could not be read; the others go on.
    FileError {
        file: String,
        message: String,
    },
    /// The import stopped at the user's request.
    Cancelled,
    /// How far a segmentation has come: `done` of `total` steps.
    SegmentProgress {
        done: usize,
        total: usize,
        stage: String,
    },
    /// The result, put into words and drawn by the worker (see [`crate::digest`]).
    Segmented(Box<SegmentsView>),
    /// The same result drawn again with a segment's new name.
    Named(HtmlView),
    /// The persona deck after a run or a change.
    Deck(Box<DeckView>),
    /// The segmentation could not run; the message says why in the user's terms.
    SegmentFailed(String),
    /// The workspace as it is to be stored, after a change to what is kept (see
    /// `persona_core::workspace`).
    Snapshot {
        text: String,
        /// Personas not archived, for the list of workspaces.
        personas: usize,
    },
    /// A saved (or a new, empty) workspace is open: its files' profiles. Unlike
    /// [`WorkerResponse::Summary`] it says nothing of an import (one may have been asked for
    /// while the workspace opened).
    Restored {
        summary: ImportSummary,
    },
    /// A saved workspace could not be opened; the message says why.
    RestoreFailed(String),
    /// A file for the page to offer as a download.
    Exported {
        file_name: String,
        text: String,
        mime: String,
    },
    /// The SQL export could not be written; the message says why and what to do.
    SqlFailed(String),
    /// What changed since the data before the last refresh, drawn (`None`: nothing to compare).
    Drift(Option<Box<HtmlView>>),
    /// What a refresh would compare with, and whether records are kept.
    RefreshState {
        /// The latest run's name, when there is one to refresh.
        last_run: Option<String>,
        keep_ids: bool,
        /// Records are kept, but the latest run has none (its customers were not at hand when
        /// the user agreed): why the next refresh compares by centres.
        unrecorded: bool,
    },
    /// A persona's changes between two versions, as HTML.
    Diff {
        id: u64,
        html: String,
    },
    /// How far reading the events for the journeys has come.
    JourneyProgress(String),
    /// The Journeys page, drawn by the worker.
    Journeys(Box<HtmlView>),
    /// The Activation page, drawn by the worker.
    Activation(Box<HtmlView>),
    /// A journey change that could not be made, or an export that could not be made: why.
    JourneyFailed(String),
    /// A persona's share link text.
    Link {
        id: u64,
        text: String,
    },
    /// The whole workspace's link text, or why there is none (most often: too long).
    WorkspaceLink(Result<String, String>),
    /// What a share link holds, drawn: its persona's (or workspace's) name and document, and
    /// for a workspace its stored text (saved as a new workspace).
    Shared {
        name: String,
        document: String,
        workspace: Option<String>,
        /// A journey map (read-only: nothing to save).
        #[serde(default)]
        journey: bool,
    },
    /// The journey map's share link text, or why there is none.
    JourneyLink(Result<String, String>),
    /// A link could not be made (`opening` false) or opened; the message says why.
    LinkFailed {
        opening: bool,
        message: String,
    },
    /// The k-means benchmark's fit time (data generation excluded).
    BenchmarkDone {
        millis: f64,
        iterations: usize,
    },
}

/// A page drawn by the worker: its HTML, and its charts' figures (placed one per frame).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HtmlView {
    pub html: String,
    pub charts: Vec<String>,
}

/// How far an import has come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub file: String,
    /// Index of the file being read, and how many there are.
    pub file_index: usize,
    pub file_count: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

impl Progress {
    /// Done share of the current file, 0 to 1.
    pub fn fraction(&self) -> f64 {
        if self.bytes_total == 0 { 1.0 } else { (self.bytes_done as f64 / self.bytes_total as f64).min(1.0) }
    }
}

/// First worker → the second worker it starts (the page never sees these; they travel as
/// `{ helper: "<json>", ... }`, numbers beside the JSON as transferred `Float32Array`s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HelperRequest {
    /// Read the attached file from the cut after
    /// `start` to its end as the first worker's handoff says, and send the tail back as bytes.
    ReadTail { name: String, start: u64, handoff: Box<PassHandoff> },
    /// Try the candidate k of a segmentation, from the smallest up, until one the first worker
    /// has claimed ([`HelperRequest::Claim`]). The trial's rows ride next to the JSON as a
    /// transferred `Float32Array` (`data`), not in it.
    TryK {
        trial: Box<Trial>,
        /// Rows of the final fit's restart sample (`restart`, a second `Float32Array`), kept
        /// for [`HelperRequest::Restarts`]; 0 when there is none.
        restart_rows: usize,
    },
    /// Run some of the final fit's restarts on the rows it kept.
    Restarts(Box<Restarts>),
    /// The first worker tries `k` (and has tried those above it): stop before it. No answer.
    Claim { k: usize },
}

/// A response as the bytes that travel from the worker to the page.
pub fn encode(msg: &impl Serialize) -> Vec<u8> {
    // every message is plain data: this cannot fail
    postcard::to_allocvec(msg).unwrap_or_default()
}

/// A message from its bytes ([`encode`]), or why they are not one (postcard's error as it is:
/// its words for people are code the first page load would carry for a message no user reads).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, postcard::Error> {
    postcard::from_bytes(bytes)
}

/// The message that carries `response` (to the page, or from the second worker to the first),
/// and the buffer to transfer with it.
pub fn response_message(response: &WorkerResponse) -> (js_sys::Object, js_sys::Array) {
    let bytes = js_sys::Uint8Array::from(&encode(response)[..]);
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"response".into(), &bytes);
    (msg, js_sys::Array::of1(&bytes.buffer()))
}

/// The response a message carries ([`response_message`]), if it carries one.
pub fn response_in(data: &JsValue) -> Option<Result<WorkerResponse, postcard::Error>> {
    let bytes = js_sys::Reflect::get(data, &"response".into()).ok()?.dyn_into::<js_sys::Uint8Array>().ok()?;
    Some(decode(&bytes.to_vec()))
}

/// Second worker → first worker. (It also sends [`WorkerResponse::Ready`] and segmentation
/// progress, which the first passes on to the page.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HelperResponse {
    /// bytes of its part of the file read so far.
    TailProgress { bytes: u64 },
    /// no tail (no line feed after the split point, or a read error).
    /// A tail itself comes as an `ArrayBuffer`, not as JSON.
    NoTail,
    /// it starts trying this candidate k.
    Trying { k: usize },
    /// the scores of the candidate k it tried.
    Choices(Vec<KChoice>),
    /// restarts of the final fit, by run number.
    Restarted(Vec<(usize, KMeans)>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use persona_core::deck::Deck;
    use persona_core::features::{OnePass, TableBuilder};
    use persona_core::import::ImportSession;
    use persona_core::persona::{self, PersonaSettings};
    use persona_core::sample::{self, SampleConfig};

    /// The bytes of `msg` read back and written again: the same bytes, or the message did not
    /// survive the trip (compared as bytes, not with `==`, which a NaN in a view would fail).
    fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(msg: &T) {
        let bytes = encode(msg);
        let back: T = decode(&bytes).unwrap_or_else(|e| panic!("{msg:?} did not read back: {e}"));
        assert_eq!(encode(&back), bytes, "{msg:?} read back otherwise");
    }

    /// The responses with the deepest data (the import summary with every column's profile,
    /// the segments page, the persona deck), made from the sample as the worker makes them,
    /// reach the page whole: the bytes cannot carry every serde shape (an internally tagged
    /// enum needs a self-describing format), and a shape they cannot carry would fail only
    /// when the page reads it.
    #[test]
    fn the_pages_messages_arrive_whole() {
        let (mut c, mut o, mut e, mut f) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        sample::write_sample(&SampleConfig { customers: 400, seed: 3 }, &mut c, &mut o, &mut e, &mut f).unwrap();
        let mut session = ImportSession::new();
        let mut parts = Vec::new();
        for (name, bytes) in [("customers.csv", c), ("orders.csv", o), ("events.csv", e), ("feedback.csv", f)] {
            let mut pass = OnePass::new(name);
            pass.feed(&bytes);
            let (file, part) = pass.finish().unwrap();
            session.add(file);
            parts.push(part);
        }
        let summary = session.summary();
        let profiles: Vec<_> = session.files().collect();
        let (builder, again) = TableBuilder::reuse(&profiles, parts);
        assert!(again.is_empty(), "every file was gathered while imported");
        let table = builder.finish();
        let settings = SegmentSettings { k: Some(4), seed: 3, ..Default::default() };
        let seg = persona_core::segment::run(&table, &settings, &mut |_, _, _| {}).unwrap();
        let view = seg.view(&table);
        let mut deck = Deck::new();
        deck.refresh(&persona::drafts(&table, &seg, &PersonaSettings { seed: 3 }), &vec![None; seg.k], "sample");
        let charts = crate::digest::segment_charts(&view, 0..seg.k);

        // (and as a saved workspace gives them back: stripped of what few customers hold)
        let saved = persona_core::workspace::Workspace::new("w", &summary, None, None, &deck).files;
        assert!(saved.files.iter().flat_map(|f| &f.columns).any(|c| c.numeric.is_some()));
        round_trip(&WorkerResponse::Summary { summary: saved, importing: false, stale: false });
        round_trip(&WorkerResponse::Summary { summary, importing: false, stale: true });
        round_trip(&WorkerResponse::Segmented(Box::new(crate::digest::SegmentsDigest::new(&view).page_view())));
        round_trip(&WorkerResponse::Deck(Box::new(DeckView::new(&deck, &charts, None))));
        round_trip(&WorkerResponse::SegmentProgress { done: 2, total: 9, stage: "trying 4 segments".into() });
    }

    /// Why requests stay JSON: the segment settings, which travel in a request, do not
    /// survive the bytes. (Should they one day, requests could travel as bytes too.)
    #[test]
    fn requests_with_settings_need_json() {
        let request = WorkerRequest::Segment { settings: SegmentSettings::default() };
        assert!(decode::<WorkerRequest>(&encode(&request)).is_err());
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<WorkerRequest>(&json).unwrap(), request);
    }

    #[test]
    fn damaged_bytes_are_refused_not_misread() {
        let bytes = encode(&WorkerResponse::SegmentFailed("too few customers".into()));
        assert!(decode::<WorkerResponse>(&bytes[..bytes.len() - 3]).is_err());
        assert!(decode::<WorkerResponse>(&[250, 250, 250]).is_err());
    }
}
