//! The Web Worker: reads files slice by slice and runs the core on them, off the page's thread.
//!
//! Each slice is read from the file's stream into one buffer of the worker's ([`Slices`]) and
//! awaited, so the worker's event loop turns between slices: a `Cancel` message is seen within
//! one slice (4 MiB), and the page gets a progress message per slice. Only the profile (aggregates) ever goes back to the page; the
//! rows stay in this worker's memory just long enough to be counted and gathered into each
//! customer's figures (the customer table that segmentation clusters).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::journey_doc::Asked;
use js_sys::{ArrayBuffer, Uint8Array};
use persona_core::cluster::Matrix;
use persona_core::deck::{self, Deck};
use persona_core::features::{CustomerTable, FilePart, HEAD_BYTES, OnePass, PassHandoff, PassTail, TableBuilder};
use persona_core::import::ImportSession;
use persona_core::import::ImportSummary;
use persona_core::ingest::{FileProfile, ProfiledFile, RowStream, cut_in, split_at};
use persona_core::journey::{EventLog, EventReader, OrderReader};
use persona_core::journey_plan::{JourneyPlan, JourneyReport, LifecycleReport};
use persona_core::persona::{self, PersonaSettings};
use persona_core::refresh::{self, KeptRun, Record};
use persona_core::sample::{self, SampleConfig};
use persona_core::segment::{self, Restarts, SegmentSettings, SegmentationView, Trial};
use persona_core::share::{self, Shared};
use persona_core::workspace::{Refresh, Workspace};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent, ReadableStreamByobReader};

use crate::digest::{DeckView, SegmentChart};
use crate::protocol::{self, HelperRequest, HelperResponse, Progress, WorkerRequest, WorkerResponse};

/// The name of a second worker, started by the first.
const HELPER_NAME: &str = "helper";

/// Bytes read per slice.
pub const CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

/// Where an imported file's bytes can be read again (when a role change alters what it feeds).
#[derive(Clone)]
enum Source {
    File(File),
    Bytes(Rc<Vec<u8>>),
}

/// A segmentation run: the generation of the table it was made from, each customer's segment
/// (shared, not copied, with what reads it) and k.
type LastRun = (u64, Rc<Vec<u32>>, usize);

struct State {
    session: RefCell<ImportSession>,
    /// The files (by name) and columns being read again for their ids ([`read_ids_again`]).
    id_reads: RefCell<Vec<(String, usize)>>,
    cancel: Cell<bool>,
    busy: Cell<bool>,
    /// By file name, for the files in the session.
    sources: RefCell<Vec<(String, Source)>>,
    /// By file name: each file's part of the customer table, gathered while it was imported
    /// (segmentation reads a file again only when its roles changed what it feeds).
    parts: RefCell<Vec<(String, FilePart)>>,
    /// Bumped on every change to the files, their roles or types.
    generation: Cell<u64>,
    /// The generation the segments on the Segments page were found at (`None`: none shown):
    /// once the files, roles or types change, the page says those segments are out of date.
    shown_run: Cell<Option<u64>>,
    /// The customer table and the generation it was built from.
    table: RefCell<Option<(u64, Rc<CustomerTable>)>>,
    /// The last run's assignment and k, with the generation of its table: the next run's
    /// segments are matched to it so personas follow their segment.
    last_run: RefCell<Option<LastRun>>,
    /// The personas with the user's edits, and the latest run's chart per drafted segment.
    deck: RefCell<Deck>,
    /// The workspace's name, the last run's settings and result (what a saved workspace keeps).
    name: RefCell<String>,
    settings: RefCell<Option<SegmentSettings>>,
    view: RefCell<Option<SegmentationView>>,
    /// The file profiles of a saved workspace, shown until files are imported again (the files
    /// themselves are never kept).
    restored: RefCell<Option<ImportSummary>>,
    /// A saved workspace's profiles once its files are imported again: while the files and
    /// roles imported match them, the saved segments shown are not out of date.
    reimported: RefCell<Option<ImportSummary>>,
    /// The latest run's fitted model as it was fitted: the refresh keeps it without the levels
    /// few customers hold, the SQL export needs every level.
    fitted: RefCell<Option<persona_core::refresh::FittedModel>>,
    charts: RefCell<Vec<SegmentChart>>,
    /// The second worker of the import under way, if it has one.
    helper: RefCell<Option<Rc<Helper>>>,
    /// In a second worker: the final fit's restart rows of the segmentation under way.
    restart_rows: RefCell<Option<Matrix<f32>>>,
    /// In a second worker: the smallest candidate k the first worker has claimed.
    claimed: Cell<usize>,
    /// The journeys the user shaped, with their edits (kept in the workspace).
    plan: RefCell<JourneyPlan>,
    /// The events file's log, with the generation it was read at.
    events: RefCell<Option<(u64, Rc<EventLog>)>>,
    /// The last journeys worked out, with what they were worked out from; or a saved
    /// workspace's (key empty), shown until files are imported again.
    journeys: RefCell<Option<(String, Rc<JourneyReport>)>>,
    /// Bumped on every segmentation (the journeys' groups change with it).
    runs: Cell<u64>,
    /// The lifecycle from the orders file, with the generation it was read at (`None`: a saved
    /// workspace's).
    lifecycle: RefCell<Option<(Option<u64>, Rc<LifecycleReport>)>>,
    /// The latest run and the one before the last refresh with new data, as kept (model,
    /// profiles, consented record), and what changed.
    refresh: RefCell<Refresh>,
    /// What the refresh under way read of the last run's files, for the Changes page.
    refresh_files: RefCell<Vec<String>>,
    /// Bumped each time a workspace is opened (a refresh under way belongs to the one before).
    opened: Cell<u64>,
}

impl State {
    fn changed(&self) {
        self.generation.set(self.generation.get() + 1);
    }

    /// Forgets every file here: the imported ones and a saved workspace's profiles.
    fn clear_files(&self) {
        self.refresh_files.borrow_mut().clear();
        self.session.borrow_mut().clear();
        *self.restored.borrow_mut() = None;
        *self.reimported.borrow_mut() = None;
        self.sources.borrow_mut().clear();
        self.parts.borrow_mut().clear();
        self.changed();
    }

    /// Adds a file read in this import (`dropped`: the names kept so far in it), under a
    /// name of its own ([`ImportSession::name_for`]: two different `export.csv` are both
    /// kept).
    fn add_file(&self, mut file: ProfiledFile, source: Source, part: Option<FilePart>, dropped: &mut Vec<String>) {
        let name = self.session.borrow().name_for(&file.profile, dropped.contains(&file.profile.name));
        file.profile.name = name.clone();
        self.session.borrow_mut().add(file);
        self.keep_source(&name, source, part);
        dropped.push(name);
    }

    fn keep_source(&self, name: &str, source: Source, part: Option<FilePart>) {
        self.changed();
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

/// Sends `response` as bytes ([`protocol::response_message`]) to whoever listens to this
/// worker: the page or, from a second worker, the first.
fn respond(response: &WorkerResponse) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (msg, transfer) = protocol::response_message(response);
    let _ = scope.post_message_with_transfer(&msg, &transfer);
}

/// Sends `msg` as JSON text to whoever listens to this worker: from a second worker to the
/// first ([`HelperResponse`]), or an answer to a benchmark script.
fn post(msg: &impl serde::Serialize) {
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
        id_reads: RefCell::new(Vec::new()),
        cancel: Cell::new(false),
        busy: Cell::new(false),
        sources: RefCell::new(Vec::new()),
        parts: RefCell::new(Vec::new()),
        generation: Cell::new(0),
        shown_run: Cell::new(None),
        table: RefCell::new(None),
        last_run: RefCell::new(None),
        deck: RefCell::new(Deck::new()),
        name: RefCell::new(String::new()),
        settings: RefCell::new(None),
        view: RefCell::new(None),
        restored: RefCell::new(None),
        reimported: RefCell::new(None),
        fitted: RefCell::new(None),
        charts: RefCell::new(Vec::new()),
        helper: RefCell::new(None),
        restart_rows: RefCell::new(None),
        claimed: Cell::new(usize::MAX),
        plan: RefCell::new(JourneyPlan::default()),
        events: RefCell::new(None),
        journeys: RefCell::new(None),
        runs: Cell::new(0),
        lifecycle: RefCell::new(None),
        refresh: RefCell::new(Refresh::default()),
        refresh_files: RefCell::new(Vec::new()),
        opened: Cell::new(0),
    });
    // the first worker keeps a second one standing by (the second does not)
    if scope.name() != HELPER_NAME {
        stand_by(&state);
    }
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let text = |key: &str| js_sys::Reflect::get(&data, &key.into()).ok().and_then(|r| r.as_string());
        let request = text("request").and_then(|r| serde_json::from_str::<WorkerRequest>(&r).ok());
        let helper = text("helper").and_then(|r| serde_json::from_str::<HelperRequest>(&r).ok());
        if request.is_none() && helper.is_none() {
            web_sys::console::error_1(&"worker: unreadable request".into());
            return;
        }
        let files: Vec<File> = js_sys::Reflect::get(&data, &"files".into())
            .ok()
            .filter(|f| f.is_object())
            .map(|f| js_sys::Array::from(&f).iter().filter_map(|v| v.dyn_into::<File>().ok()).collect())
            .unwrap_or_default();
        let numbers = |key: &str| {
            js_sys::Reflect::get(&data, &key.into())
                .ok()
                .and_then(|d| d.dyn_into::<js_sys::Float32Array>().ok())
                .map(|d| d.to_vec())
        };
        match (request, helper) {
            (Some(request), _) => handle(state.clone(), request, files),
            (None, Some(helper)) => {
                let arrays = Arrays { data: numbers("data"), restart: numbers("restart") };
                help(state.clone(), helper, files, arrays);
            }
            (None, None) => {}
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    respond(&WorkerResponse::Ready);
}

/// Encoded rows that ride next to a request's JSON as `Float32Array`s.
struct Arrays {
    data: Option<Vec<f32>>,
    restart: Option<Vec<f32>>,
}

/// Keeps a second worker standing by, a fresh one when the last has worked on a file (its
/// memory goes with it). It is started ahead of need: a worker busy reading or encoding cannot
/// hear that a new one is ready.
fn stand_by(state: &State) {
    let old = state.helper.borrow_mut().take();
    let keep = old.filter(|h| {
        !h.used.get() || {
            h.stop();
            false
        }
    });
    *state.helper.borrow_mut() = keep.or_else(Helper::start);
}

fn handle(state: Rc<State>, request: WorkerRequest, files: Vec<File>) {
    match request {
        WorkerRequest::Cancel => {
            state.cancel.set(true);
            let helper = state.helper.borrow_mut().take();
            if let Some(h) = helper {
                h.stop();
            }
        }
        WorkerRequest::Import => wasm_bindgen_futures::spawn_local(async move {
            // (files added by hand: what a refresh said of its files no longer holds)
            state.refresh_files.borrow_mut().clear();
            import_files(state, files).await;
        }),
        WorkerRequest::Sample { customers, seed } => {
            state.refresh_files.borrow_mut().clear();
            wasm_bindgen_futures::spawn_local(import_sample(state, customers, seed))
        }
        WorkerRequest::SetRole { file, column, role } => {
            state.session.borrow_mut().set_role(file, column, role);
            if let Some(c) =
                state.restored.borrow_mut().as_mut().and_then(|s| s.files.get_mut(file)?.columns.get_mut(column))
            {
                c.role = role;
                c.role_reason = "set by you".to_owned();
            }
            state.changed();
            summary(&state);
            read_ids_again(&state, file);
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
            read_ids_again(&state, file);
        }
        WorkerRequest::Remove { name } => {
            state.refresh_files.borrow_mut().clear();
            state.session.borrow_mut().remove(&name);
            if let Some(r) = state.restored.borrow_mut().as_mut() {
                r.files.retain(|f| f.name != name);
            }
            state.sources.borrow_mut().retain(|(n, _)| *n != name);
            state.parts.borrow_mut().retain(|(n, _)| *n != name);
            state.changed();
            summary(&state);
        }
        WorkerRequest::Clear => {
            state.clear_files();
            summary(&state);
        }
        WorkerRequest::Segment { settings } => wasm_bindgen_futures::spawn_local(run_segments(state, settings, None)),
        WorkerRequest::Deck(action) => {
            let open = action.apply(&mut state.deck.borrow_mut());
            post_deck(&state, open);
            snapshot(&state);
        }
        WorkerRequest::Restore { name, text } => match Workspace::open(&text) {
            Ok(ws) => restore(&state, &name, ws),
            Err(e) => respond(&WorkerResponse::RestoreFailed(e.to_string())),
        },
        WorkerRequest::Reset { name } => {
            restore(&state, &name, Workspace::default());
            snapshot(&state);
        }
        WorkerRequest::Rename { name } => {
            *state.name.borrow_mut() = name;
            snapshot(&state);
        }
        WorkerRequest::ExportPersona { id } => {
            let deck = state.deck.borrow();
            if let Some(p) = deck.get(id) {
                let charts = state.charts.borrow();
                let chart = p.segment.filter(|_| !p.detached).and_then(|s| charts.iter().find(|c| c.segment == s));
                respond(&WorkerResponse::Exported {
                    file_name: crate::persona_doc::file_name(p, "html"),
                    text: crate::persona_doc::standalone_html(p, chart),
                    mime: "text/html".into(),
                });
            }
        }
        WorkerRequest::ExportSql { dialect } => match export_sql(&state, dialect) {
            Ok(text) => respond(&WorkerResponse::Exported {
                file_name: "segments.sql".into(),
                text,
                mime: "application/sql;charset=utf-8".into(),
            }),
            Err(why) => respond(&WorkerResponse::SqlFailed(why)),
        },
        WorkerRequest::ExportWorkspace { file_name } => respond(&WorkerResponse::Exported {
            file_name,
            text: workspace(&state).leaving_the_browser().to_text(),
            mime: "text/plain".into(),
        }),
        WorkerRequest::WorkspaceLink => {
            let link = share::workspace_link(&workspace(&state)).map_err(|e| e.to_string());
            respond(&WorkerResponse::WorkspaceLink(link));
        }
        WorkerRequest::ShareLink { id } => {
            let link = state.deck.borrow().get(id).map(share::persona_link);
            match link {
                Some(Ok(text)) => respond(&WorkerResponse::Link { id, text }),
                Some(Err(e)) => link_failed(false, e.to_string()),
                None => link_failed(false, "this persona is no longer in the workspace".into()),
            }
        }
        WorkerRequest::OpenLink { text } => match share::open(&text) {
            Ok(Shared::Persona(p)) => respond(&WorkerResponse::Shared {
                name: p.text(persona_core::deck::Field::Name).value,
                document: crate::persona_doc::document_html(&p, None),
                workspace: None,
                journey: false,
            }),
            Ok(Shared::Workspace(ws)) => respond(&WorkerResponse::Shared {
                name: ws.name.clone(),
                document: crate::persona_doc::workspace_html(&ws),
                workspace: Some(ws.to_text()),
                journey: false,
            }),
            Ok(Shared::Journey(j)) => respond(&WorkerResponse::Shared {
                name: j.title.clone(),
                document: crate::journey_doc::shared_journey_html(&j),
                workspace: None,
                journey: true,
            }),
            Err(e) => link_failed(true, e.to_string()),
        },
        WorkerRequest::SaveShared { text } => match share::open(&text) {
            Ok(Shared::Persona(p)) => {
                let id = state.deck.borrow_mut().adopt(*p);
                post_deck(&state, Some(id));
                snapshot(&state);
            }
            Ok(Shared::Workspace(_)) => link_failed(true, WHOLE_WORKSPACE.into()),
            Ok(Shared::Journey(_)) => link_failed(true, "a journey map is shown, not saved".into()),
            Err(e) => link_failed(true, e.to_string()),
        },
        WorkerRequest::Refresh => wasm_bindgen_futures::spawn_local(refresh_with(state, files)),
        WorkerRequest::KeepIds(keep) => {
            {
                let mut r = state.refresh.borrow_mut();
                if keep {
                    r.keep_ids = true;
                    if r.salt == 0 {
                        r.salt = new_salt();
                    }
                } else {
                    r.forget_ids();
                }
            }
            // this run's customers are still here: record them now
            if keep && let Some((table, assignment, _)) = current_run(&state) {
                let mut r = state.refresh.borrow_mut();
                let salt = r.salt;
                if let Some(run) = r.last_run.as_mut() {
                    run.record = Some(Record::new(salt, &table.ids, &assignment, u64::MAX));
                }
            }
            post_refresh_state(&state);
            snapshot(&state);
        }
        WorkerRequest::Diff { id, from, to } => {
            let deck = state.deck.borrow();
            if let Some(p) = deck.get(id) {
                let version = |n: u32| match n {
                    0 => Some(p.snapshot(0, "now")),
                    n => p.versions.iter().find(|v| v.number == n).cloned(),
                };
                let name = |n: u32| if n == 0 { "now".to_owned() } else { format!("version {n}") };
                if let (Some(a), Some(b)) = (version(from), version(to)) {
                    let html = crate::persona_doc::diff_html(&name(from), &name(to), &deck::diff(&a, &b));
                    respond(&WorkerResponse::Diff { id, html });
                }
            }
        }
        WorkerRequest::Journeys => wasm_bindgen_futures::spawn_local(show_journeys(state)),
        WorkerRequest::Input(input) if input.action == "name-segment" => {
            if let Some(index) = input.data.get("segment").and_then(|i| i.parse().ok()) {
                name_segment(&state, index, input.data.get("label"), &input.value);
            }
        }
        WorkerRequest::Input(input) => {
            let asked = crate::journey_doc::input_action(&input, &state.plan.borrow());
            match asked {
                Ok(Asked::Export) => wasm_bindgen_futures::spawn_local(async move {
                    // each customer's current stage comes from the events (read if not yet)
                    let _ = journey_report(&state).await;
                    match personalisation(&state) {
                        Ok(text) => respond(&WorkerResponse::Exported {
                            file_name: "personalisation.csv".into(),
                            text,
                            mime: "text/csv;charset=utf-8".into(),
                        }),
                        Err(why) => respond(&WorkerResponse::JourneyFailed(why)),
                    }
                    journey_progress_done();
                }),
                Ok(Asked::Plan(action)) => {
                    let names = event_types(&state);
                    let done = state.plan.borrow_mut().apply(action, &names);
                    if let Err(why) = done {
                        respond(&WorkerResponse::JourneyFailed(why));
                    }
                    post_activation(&state);
                    wasm_bindgen_futures::spawn_local(async move {
                        show_journeys(state.clone()).await;
                        snapshot(&state);
                    });
                }
                Ok(Asked::ShareJourney) => {
                    let journeys = state.journeys.borrow().as_ref().map(|(_, r)| r.clone());
                    let link = journeys
                        .and_then(|r| crate::journey_doc::journey_share(&state.plan.borrow(), &r, &state.deck.borrow()))
                        .ok_or_else(|| "there is no journey map to share yet: draft personas first".to_owned())
                        .and_then(|j| share::journey_link(&j).map_err(|e| e.to_string()));
                    respond(&WorkerResponse::JourneyLink(link));
                }
                Ok(Asked::Lifecycle) => wasm_bindgen_futures::spawn_local(async move {
                    if let Err(why) = lifecycle(&state).await {
                        respond(&WorkerResponse::JourneyFailed(why));
                    }
                    show_journeys(state.clone()).await;
                    snapshot(&state);
                }),
                Err(why) => respond(&WorkerResponse::JourneyFailed(why)),
            }
        }
        WorkerRequest::Activation => wasm_bindgen_futures::spawn_local(async move {
            // the content plan goes by the stages the events show (read if not yet)
            let _ = journey_report(&state).await;
            post_activation(&state);
            journey_progress_done();
        }),
        WorkerRequest::BenchmarkKMeans { rows, dims, k } => benchmark_kmeans(rows, dims, k),
    }
}

/// The event types the journeys know now: the events file's, or a saved workspace's.
fn event_types(state: &State) -> Vec<String> {
    if let Some((_, log)) = state.events.borrow().as_ref() {
        return log.types.clone();
    }
    state.journeys.borrow().as_ref().map(|(_, r)| r.types.iter().map(|t| t.name.clone()).collect()).unwrap_or_default()
}

/// Works out the journeys if anything they come from changed, and shows them.
async fn show_journeys(state: Rc<State>) {
    let (report, note) = match journey_report(&state).await {
        Ok((r, note)) => (Some(r), note),
        Err(why) => (None, Some(why)),
    };
    let editable = state.events.borrow().is_some();
    let generation = state.generation.get();
    let lifecycle =
        state.lifecycle.borrow().as_ref().filter(|(g, _)| g.is_none_or(|g| g == generation)).map(|(_, r)| r.clone());
    let has_orders = state.session.borrow().files().any(|p| OrderReader::new(p).is_some());
    let view = crate::journey_doc::journeys_html(&crate::journey_doc::JourneyPage {
        plan: &state.plan.borrow(),
        report: report.as_deref(),
        note,
        editable,
        deck: &state.deck.borrow(),
        lifecycle: lifecycle.as_deref(),
        has_orders,
    });
    respond(&WorkerResponse::Journeys(Box::new(view)));
}

const SAVED_JOURNEYS: &str = "These journeys come from your saved workspace: the files themselves are never kept. Drop the same files on the Data page to change the stages or the mapping.";

/// The journeys of the events file under the plan, by segment when there is a segmentation of
/// the same files; with a note for the page. The error says why there are none.
async fn journey_report(state: &State) -> Result<(Rc<JourneyReport>, Option<String>), String> {
    if state.busy.get() {
        return Err("An import or a segmentation is running: the journeys come when it has finished.".into());
    }
    let profiles: Vec<persona_core::ingest::FileProfile> = state.session.borrow().files().cloned().collect();
    if profiles.is_empty() {
        return match state.journeys.borrow().as_ref() {
            Some((_, r)) => Ok((r.clone(), Some(SAVED_JOURNEYS.into()))),
            None => Err("Import your files on the Data page first (or try the sample data): journeys are made from an events file, a row per event with a customer id, a time and an event type.".into()),
        };
    }
    let Some((profile, reader)) = profiles.iter().find_map(|p| Some((p, EventReader::new(p)?))) else {
        return Err("None of your files has events: journeys need a file with a row per event, with a customer id, a time and an event type (or touchpoint). Check the roles on the Data page.".into());
    };
    let generation = state.generation.get();
    let cached = state.events.borrow().as_ref().filter(|(g, _)| *g == generation).map(|(_, l)| l.clone());
    let log = match cached {
        Some(log) => log,
        None => {
            let log = Rc::new(read_events(state, profile, reader).await?);
            *state.events.borrow_mut() = Some((generation, log.clone()));
            log
        }
    };
    let run = current_run(state);
    let labels = segment_labels(state);
    let plan = state.plan.borrow().clone();
    let structure = serde_json::to_string(&(&plan.stages, &plan.rules, &plan.funnel)).unwrap_or_default();
    let key = format!("{generation}/{}/{}/{structure}", state.runs.get(), run.is_some());
    if let Some((k, r)) = state.journeys.borrow().as_ref()
        && *k == key
    {
        return Ok((r.clone(), None));
    }
    journey_progress(&format!(
        "Following {} customers through the stages\u{2026}",
        crate::pages::data::fmt_int(log.customers.len() as u64)
    ));
    yield_now().await;
    let n = log.customers.len();
    let (group, labels, scores) = match run {
        Some((t, assignment, k)) if labels.len() == k => {
            let rows = log.rows_in(&t.ids);
            let group = rows.iter().map(|r| r.map(|r| assignment[r] as usize)).collect();
            (group, labels, scores(&t, &rows))
        }
        _ => (vec![None; n], Vec::new(), vec![None; n]),
    };
    let report = Rc::new(persona_core::journey_plan::report(&log, &plan, &group, &labels, &scores));
    *state.journeys.borrow_mut() = Some((key, report.clone()));
    Ok((report, None))
}

/// Each log customer's score (NPS, satisfaction) on a scale from -2 to +2, from the customer
/// table's satisfaction feature (0-10 for NPS, 1-5 for a rating, 0-100 for a percentage).
fn scores(table: &CustomerTable, rows: &[Option<usize>]) -> Vec<Option<f64>> {
    let values = table.features.iter().find(|f| f.info.key == "satisfaction").and_then(|f| match &f.data {
        persona_core::features::FeatureData::Numeric(v) => Some(v),
        _ => None,
    });
    let Some(values) = values else { return vec![None; rows.len()] };
    let (lo, hi) =
        values.iter().filter(|v| v.is_finite()).fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let (lo, hi) = match hi {
        h if h <= 5.0 && lo >= 1.0 => (1.0, 5.0),
        h if h <= 10.0 => (0.0, 10.0),
        h if h <= 100.0 => (0.0, 100.0),
        _ => (lo, hi.max(lo + 1.0)),
    };
    rows.iter()
        .map(|r| {
            r.map(|r| values[r]).filter(|v| v.is_finite()).map(|v| ((v - lo) / (hi - lo)).clamp(0.0, 1.0) * 4.0 - 2.0)
        })
        .collect()
}

fn journey_progress(text: &str) {
    respond(&WorkerResponse::JourneyProgress(text.to_owned()));
}

/// Ends what the page shows of the journeys' progress (after work that draws no page).
fn journey_progress_done() {
    respond(&WorkerResponse::JourneyProgress(String::new()));
}

/// Reads the events file again, slice by slice, with progress.
async fn read_events(
    state: &State,
    profile: &persona_core::ingest::FileProfile,
    mut reader: EventReader,
) -> Result<EventLog, String> {
    read_again(state, profile, "events", |piece| reader.feed(piece)).await?;
    reader.finish().map_err(|e| format!("{}: {e}", profile.name))
}

/// Reads an imported file again, slice by slice, handing each piece to `feed`, with progress
/// ("Reading the {what} of {file}: 40%").
async fn read_again(
    state: &State,
    profile: &persona_core::ingest::FileProfile,
    what: &str,
    feed: impl FnMut(&[u8]),
) -> Result<(), String> {
    let name = &profile.name;
    let Some(source) = source_of(state, name) else {
        return Err(format!("{name} is no longer here: drop it again on the Data page."));
    };
    let total = profile.bytes.max(1);
    read_source(source, feed, |done| {
        journey_progress(&format!("Reading the {what} of {name}: {}%", done * 100 / total))
    })
    .await
}

/// Where an imported file's bytes can be read again.
fn source_of(state: &State, name: &str) -> Option<Source> {
    state.sources.borrow().iter().find(|(n, _)| n == name).map(|(_, s)| s.clone())
}

/// Reads a file's bytes slice by slice, handing each to `feed` and the bytes read so far to
/// `progress`; the event loop turns between slices.
async fn read_source(source: Source, mut feed: impl FnMut(&[u8]), mut progress: impl FnMut(u64)) -> Result<(), String> {
    let mut done = 0u64;
    match source {
        Source::Bytes(bytes) => {
            for chunk in bytes.chunks(CHUNK as usize) {
                feed(chunk);
                done += chunk.len() as u64;
                progress(done);
                yield_now().await;
            }
        }
        Source::File(file) => {
            let mut slices = Slices::new(&file);
            let mut buf = Vec::with_capacity(CHUNK as usize);
            while !slices.done() {
                slices.next_into(&mut buf).await?;
                feed(&buf);
                done += buf.len() as u64;
                progress(done);
            }
        }
    }
    Ok(())
}

/// Reads the orders file again and works out the lifecycle from it.
async fn lifecycle(state: &State) -> Result<(), String> {
    if state.busy.get() {
        return Err("An import or a segmentation is running: try again when it has finished.".into());
    }
    let profiles: Vec<persona_core::ingest::FileProfile> = state.session.borrow().files().cloned().collect();
    let Some((profile, mut reader)) = profiles.iter().find_map(|p| Some((p, OrderReader::new(p)?))) else {
        return Err(
            "None of your files has orders (a customer id and an order date per row): drop one on the Data page."
                .into(),
        );
    };
    let generation = state.generation.get();
    read_again(state, profile, "orders", |piece| reader.feed(piece)).await?;
    let log = reader.finish().map_err(|e| format!("{}: {e}", profile.name))?;
    journey_progress("Following each customer's orders\u{2026}");
    yield_now().await;
    let report =
        persona_core::journey_plan::lifecycle_report(&log).ok_or("The orders file has no readable order date.")?;
    *state.lifecycle.borrow_mut() = Some((Some(generation), Rc::new(report)));
    Ok(())
}

/// The stages the content plan and the export go by: the journeys' (those with events), else
/// the plan's.
fn plan_stages(state: &State) -> Vec<String> {
    match state.journeys.borrow().as_ref() {
        Some((_, r)) if !r.stages.is_empty() => r.stages.clone(),
        _ => state.plan.borrow().stages.0.clone(),
    }
}

/// The customer table and the segmentation of the files as they are now (none before a first
/// run, or after a change to the files or their roles): the table, each customer's segment, k.
fn current_run(state: &State) -> Option<(Rc<CustomerTable>, Rc<Vec<u32>>, usize)> {
    let generation = state.generation.get();
    let table = state.table.borrow().as_ref().filter(|(g, _)| *g == generation).map(|(_, t)| t.clone())?;
    let run = state.last_run.borrow();
    let (_, assignment, k) = run.as_ref().filter(|(g, _, _)| *g == generation)?;
    Some((table, assignment.clone(), *k))
}

/// The last segmentation's segment labels.
fn segment_labels(state: &State) -> Vec<String> {
    state.view.borrow().as_ref().map(|v| v.segments.iter().map(|s| s.label.clone()).collect()).unwrap_or_default()
}

fn post_activation(state: &State) {
    let can_export = current_run(state).is_some();
    let view = crate::journey_doc::activation_html(
        &state.deck.borrow(),
        state.view.borrow().as_ref(),
        &state.plan.borrow(),
        &plan_stages(state),
        can_export,
    );
    respond(&WorkerResponse::Activation(Box::new(view)));
}

/// The personalisation CSV of the current customers, segments, personas and journeys.
fn personalisation(state: &State) -> Result<String, String> {
    use persona_core::activation::{SegmentPlan, personalisation_csv};
    let generation = state.generation.get();
    let (table, assignment, k) = current_run(state)
        .ok_or("The export needs your customers: drop your files on the Data page and find segments first.")?;
    let stages = plan_stages(state);
    let plan = state.plan.borrow();
    let deck = state.deck.borrow();
    let labels = segment_labels(state);
    let personas = crate::journey_doc::drafted(&deck);
    let segments: Vec<SegmentPlan> = (0..k)
        .map(|s| {
            let p = personas.iter().find(|p| p.segment == Some(s));
            SegmentPlan {
                label: labels.get(s).cloned().unwrap_or_else(|| format!("Segment {}", s + 1)),
                persona: p.map(|p| p.text(persona_core::deck::Field::Name).value).unwrap_or_default(),
                plan: p.map(|p| crate::journey_doc::content_with_edits(p, &plan, &stages)).unwrap_or_default(),
            }
        })
        .collect();
    // each customer's current stage: the last reached, where their events are read
    let mut current = vec![None; table.ids.len()];
    if let Some((g, log)) = state.events.borrow().as_ref()
        && *g == generation
    {
        let full = plan.map(&log.types);
        let (map, _) = full.without_empty(log.types.iter().map(String::as_str));
        let n = map.stages.0.len();
        let staged = log.staged(&map);
        for (events, row) in staged.iter().zip(log.rows_in(&table.ids)) {
            if let Some(row) = row {
                let reached = persona_core::journey::reached(events, n, &plan.funnel).len();
                current[row] = reached.checked_sub(1);
            }
        }
    }
    Ok(personalisation_csv(&table.ids, &assignment, &current, &stages, &segments))
}

/// In a second worker: what the first worker asks of it.
fn help(state: Rc<State>, request: HelperRequest, files: Vec<File>, arrays: Arrays) {
    match request {
        HelperRequest::ReadTail { name, start, handoff } => {
            if let Some(file) = files.into_iter().next() {
                wasm_bindgen_futures::spawn_local(read_tail(state, file, name, start, *handoff));
            }
        }
        HelperRequest::TryK { mut trial, restart_rows } => {
            trial.data = arrays.data.unwrap_or_default();
            *state.restart_rows.borrow_mut() = arrays
                .restart
                .filter(|r| restart_rows > 0 && r.len() == restart_rows * trial.cols)
                .map(|r| Matrix::new(restart_rows, trial.cols, r));
            state.claimed.set(usize::MAX);
            wasm_bindgen_futures::spawn_local(try_k(state, *trial));
        }
        HelperRequest::Claim { k } => state.claimed.set(state.claimed.get().min(k)),
        HelperRequest::Restarts(restarts) => match state.restart_rows.borrow().as_ref() {
            Some(rows) => post(&HelperResponse::Restarted(restarts.run(rows))),
            None => respond(&WorkerResponse::SegmentFailed("no restart rows".into())),
        },
    }
}

/// Names segment `index` (whose card showed `was`) as the user typed it wherever it is shown:
/// the Segments page and its charts, its persona, the journeys, the Changes page, the exports
/// and the run the next one is compared with. A name typed for a segment of a run that has
/// since been replaced (its card said another label) names nothing.
fn name_segment(state: &State, index: usize, was: Option<&String>, name: &str) {
    let label = {
        let mut view = state.view.borrow_mut();
        let Some(view) = view.as_mut() else { return };
        if was.is_some_and(|was| view.segments.get(index).is_none_or(|s| s.label != *was))
            || !segment::name_segment(&mut view.segments, index, name)
        {
            return;
        }
        view.segments[index].label.clone()
    };
    {
        let mut r = state.refresh.borrow_mut();
        let r = &mut *r;
        if let Some(run) = r.last_run.as_mut() {
            segment::name_segment(&mut run.view.segments, index, &label);
            // the report of what changed up to this run says its segments' names
            if let Some(drift) = r.drift.as_mut().filter(|d| d.after == run.label) {
                drift.relabel(&run.view);
            }
        }
    }
    for p in state.deck.borrow_mut().personas.iter_mut().filter(|p| p.segment == Some(index) && !p.detached) {
        if let Some(d) = p.draft.as_mut() {
            d.segment_label = label.clone();
        }
    }
    // the journeys worked out for this run (or kept with the workspace's), not an older one's
    let fresh = format!("{}/{}/", state.generation.get(), state.runs.get());
    if let Some((key, report)) = state.journeys.borrow_mut().as_mut()
        && (key.is_empty() || key.starts_with(&fresh))
        && let Some(group) = Rc::make_mut(report).groups.get_mut(index)
    {
        group.label = label;
    }
    // (only the results are drawn again: the run's state and the form stay as they are)
    if let Some(v) = state.view.borrow().as_ref() {
        respond(&WorkerResponse::Named(crate::digest::SegmentsDigest::new(v).page_view().results));
    }
    post_deck(state, None);
    post_drift(state);
    snapshot(state);
}

fn post_deck(state: &State, open: Option<u64>) {
    let view = DeckView::new(&state.deck.borrow(), &state.charts.borrow(), open);
    respond(&WorkerResponse::Deck(Box::new(view)));
}

/// When the user made a column of `file` its customer id after it was read, reads the file
/// again for that column's ids, so that it links by them, and sends the summary again.
fn read_ids_again(state: &Rc<State>, file: usize) {
    let Some(column) = state.session.borrow().ids_to_read(file) else { return };
    let Some(name) = state.session.borrow().files().nth(file).map(|p| p.name.clone()) else { return };
    // (one reading per file and column: a role set again while it reads waits for it)
    let key = (name.clone(), column);
    if state.id_reads.borrow().contains(&key) {
        return;
    }
    state.id_reads.borrow_mut().push(key.clone());
    let state = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        read_ids(&state, file, column, &name).await;
        state.id_reads.borrow_mut().retain(|k| *k != key);
    });
}

/// [`read_ids_again`]'s reading of `column` of the file `name` (at `file`).
async fn read_ids(state: &State, file: usize, column: usize, name: &str) {
    // (the roles may have changed while it read: only the same column of the same file)
    let same = || {
        state.session.borrow().files().nth(file).is_some_and(|p| p.name == name)
            && state.session.borrow().ids_to_read(file) == Some(column)
    };
    let Some(source) = source_of(state, name) else {
        state.session.borrow_mut().ids_unreadable(file, "the file is no longer at hand");
        summary(state);
        return;
    };
    let size = match &source {
        Source::File(f) => f.size(),
        Source::Bytes(b) => b.len() as f64,
    };
    // each id once (a log repeats its customers' ids row after row)
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut rows = RowStream::new(name);
    let mut keep = |r: &[&str]| {
        if let Some(id) = r.get(column)
            && !ids.contains(*id)
        {
            ids.insert((*id).to_owned());
        }
    };
    // the Data page says how far it has come, every tenth of the file
    let mut said = 0u8;
    let progress = |done: u64| {
        let percent = (done as f64 / size.max(1.0) * 100.0) as u8;
        if percent / 10 > said / 10 && percent < 100 && same() {
            said = percent;
            state.session.borrow_mut().ids_read(file, percent / 10 * 10);
            summary(state);
        }
    };
    let read = read_source(source, |piece| rows.feed(piece, &mut keep), progress).await;
    let read = read.and_then(|()| rows.finish(&mut keep).map(|_| ()).map_err(|e| e.to_string()));
    if !same() {
        return;
    }
    match read {
        Ok(()) => state.session.borrow_mut().set_ids(file, column, ids.iter().map(String::as_str)),
        Err(e) => state.session.borrow_mut().ids_unreadable(file, &e),
    }
    summary(state);
}

fn summary(state: &State) {
    if state.session.borrow().files().next().is_some()
        && let Some(saved) = state.restored.borrow_mut().take()
    {
        // files imported again: the saved profiles give way to them
        *state.reimported.borrow_mut() = Some(saved);
    }
    if !state.busy.get()
        && state.shown_run.get().is_some()
        && let Some(saved) = state.reimported.borrow().as_ref()
        && same_files(saved.files.iter(), state.session.borrow().files())
    {
        // (the saved segments' own files and roles, dropped again after a reload)
        state.shown_run.set(Some(state.generation.get()));
    }
    let stale = state.shown_run.get().is_some_and(|g| g != state.generation.get());
    respond(&WorkerResponse::Summary { summary: shown_summary(state), importing: state.busy.get(), stale });
    if !state.busy.get() {
        snapshot(state);
    }
}

/// Whether `now` are the files of the saved profiles `saved`, read with the same roles: the same
/// names, rows, columns and roles.
fn same_files<'a, 'b>(
    saved: impl Iterator<Item = &'a FileProfile>,
    now: impl Iterator<Item = &'b FileProfile>,
) -> bool {
    type Shape<'c> = (&'c str, u64, Vec<(&'c str, persona_core::schema::Role)>);
    fn shapes<'c>(files: impl Iterator<Item = &'c FileProfile>) -> Vec<Shape<'c>> {
        let mut files: Vec<Shape<'c>> = files
            .map(|f| (f.name.as_str(), f.rows, f.columns.iter().map(|c| (c.name.as_str(), c.role)).collect()))
            .collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        files
    }
    shapes(saved) == shapes(now)
}

/// The files' profiles as the Data page shows them: imported now, or from the saved workspace.
fn current_summary(state: &State) -> ImportSummary {
    let summary = state.session.borrow_mut().summary();
    match state.restored.borrow().as_ref() {
        Some(r) if summary.files.is_empty() => r.clone(),
        _ => summary,
    }
}

/// Said on the Data page above a saved workspace's profiles.
const RESTORED_NOTE: &str = "These profiles come from your saved workspace: the files themselves are never kept. Drop the same files again to run the analysis again.";

/// [`current_summary`] as the page shows it: saved profiles say that they are.
fn shown_summary(state: &State) -> ImportSummary {
    let mut summary = current_summary(state);
    if state.restored.borrow().is_some() && state.session.borrow().files().next().is_none() {
        summary.notes.insert(0, RESTORED_NOTE.to_owned());
    }
    summary
}

const WHOLE_WORKSPACE: &str = "this link holds a whole workspace: save it as a new workspace instead";

fn link_failed(opening: bool, message: String) {
    respond(&WorkerResponse::LinkFailed { opening, message });
}

/// The workspace as it is to be kept: no customer row.
fn workspace(state: &State) -> Workspace {
    let mut ws = Workspace::new(
        &state.name.borrow(),
        &current_summary(state),
        state.settings.borrow().as_ref(),
        state.view.borrow().as_ref(),
        &state.deck.borrow(),
    );
    ws.journeys = state.plan.borrow().clone();
    ws.journey_report = state.journeys.borrow().as_ref().map(|(_, r)| (**r).clone());
    ws.lifecycle = state.lifecycle.borrow().as_ref().map(|(_, r)| (**r).clone());
    ws.refresh = state.refresh.borrow().clone();
    ws
}

/// Sends the page what is to be stored.
fn snapshot(state: &State) {
    let ws = workspace(state);
    respond(&WorkerResponse::Snapshot { text: ws.to_text(), personas: ws.persona_count() });
}

/// Puts a saved workspace in place of everything here (files, runs, personas) and shows it.
fn restore(state: &State, name: &str, ws: Workspace) {
    state.opened.set(state.opened.get() + 1);
    state.cancel.set(state.busy.get());
    state.clear_files();
    *state.table.borrow_mut() = None;
    *state.last_run.borrow_mut() = None;
    *state.name.borrow_mut() = name.to_owned();
    *state.restored.borrow_mut() = (!ws.files.files.is_empty()).then_some(ws.files);
    *state.settings.borrow_mut() = ws.settings;
    *state.deck.borrow_mut() = ws.deck;
    *state.plan.borrow_mut() = ws.journeys;
    *state.events.borrow_mut() = None;
    *state.journeys.borrow_mut() = ws.journey_report.map(|r| (String::new(), Rc::new(r)));
    *state.lifecycle.borrow_mut() = ws.lifecycle.map(|r| (None, Rc::new(r)));
    *state.refresh.borrow_mut() = ws.refresh;
    let drafted: Vec<usize> = state.deck.borrow().personas.iter().filter_map(|p| p.segment).collect();
    let view = ws.segmentation;
    state.shown_run.set(view.as_ref().map(|_| state.generation.get()));
    *state.charts.borrow_mut() =
        view.as_ref().map(|v| crate::digest::segment_charts(v, drafted.iter().copied())).unwrap_or_default();
    match &view {
        Some(v) => {
            let digest = crate::digest::SegmentsDigest::new(v);
            let settings = state.settings.borrow();
            let mut page = asked(digest.page_view(), settings.as_ref());
            // (the form shows what the run was asked for)
            page.form = settings.as_ref().map(crate::digest::FormValues::of);
            respond(&WorkerResponse::Segmented(Box::new(page)));
        }
        None => respond(&WorkerResponse::Segmented(Box::default())),
    }
    *state.view.borrow_mut() = view;
    respond(&WorkerResponse::Restored { summary: shown_summary(state) });
    post_deck(state, None);
    post_drift(state);
    post_refresh_state(state);
}

/// Lets the event loop turn (so a Cancel message can arrive) without reading anything: a
/// timer, as a resolved promise would only queue a microtask, which runs before any message.
async fn yield_now() {
    sleep(0).await;
}

/// Lets the event loop turn for `millis` (messages are handled meanwhile).
async fn sleep(millis: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
    });
    let _ = JsFuture::from(promise).await;
}

/// Reads a file slice by slice.
///
/// Where the browser's file streams are byte streams, the slices come from one stream read
/// into one buffer of ours ("bring your own buffer"): the browser reads ahead while the worker
/// parses, and no new buffer is made per slice. Reading a 1 GB file with a new buffer per
/// slice (`Blob.arrayBuffer()`) left the garbage collector hundreds of MB behind, so the
/// import's peak grew with the file. Elsewhere each slice is requested as a blob of its own,
/// the next ones before the current one is handed over.
struct Slices<'a> {
    file: &'a File,
    total: f64,
    /// Where the slice handed over last ends.
    offset: f64,
    how: Reading,
}

enum Reading {
    /// The stream, and our buffer between reads (`None` while a read holds it).
    Stream { reader: ReadableStreamByobReader, buffer: Option<ArrayBuffer>, ended: bool },
    /// Where the next request starts, and the slices under way with where each ends.
    Blobs { requested: f64, pending: VecDeque<(f64, Result<JsFuture, String>)> },
}

/// Bytes fed at a time while the second reader waits for the first's plan.
const HANDOFF_STEP: usize = 256 << 10;

/// Slices requested ahead of the one being parsed, when they are requested one by one.
const AHEAD: usize = 2;

/// The first slice of a file: just enough for the head of rows a second reader waits for
/// ([`HEAD_BYTES`]), so that it can start early.
const FIRST: f64 = 2.0 * HEAD_BYTES as f64;

impl<'a> Slices<'a> {
    fn new(file: &'a File) -> Self {
        Slices::range(file, 0.0, file.size())
    }

    /// The bytes from `start` to `end` only.
    fn range(file: &'a File, start: f64, end: f64) -> Self {
        Slices::open(file, start, end, true)
    }

    /// The bytes from `start` to `end`, from a stream when `stream` and the browser can.
    fn open(file: &'a File, start: f64, end: f64, stream: bool) -> Self {
        // (a browser without `Blob.stream` would throw where the binding cannot catch it)
        let has_stream = js_sys::Reflect::get(file, &"stream".into()).is_ok_and(|f| f.is_function());
        let stream =
            file.slice_with_f64_and_f64(start, end).ok().filter(|_| stream && has_stream).map(|blob| blob.stream());
        let how = match stream.map(|s| ReadableStreamByobReader::new(&s)) {
            Some(Ok(reader)) => Reading::Stream { reader, buffer: None, ended: false },
            _ => Reading::Blobs { requested: start, pending: Default::default() },
        };
        let mut s = Slices { file, total: end, offset: start, how };
        s.request();
        s
    }

    /// The size of the next slice.
    fn size_at(at: f64) -> f64 {
        if at == 0.0 { FIRST } else { CHUNK }
    }

    fn request(&mut self) {
        let Reading::Blobs { requested, pending } = &mut self.how else { return };
        while pending.len() < AHEAD && *requested < self.total {
            let end = (*requested + Self::size_at(*requested)).min(self.total);
            let read = self.file.slice_with_f64_and_f64(*requested, end).map_err(|e| format!("{e:?}"));
            pending.push_back((end, read.map(|blob| JsFuture::from(blob.array_buffer()))));
            *requested = end;
        }
    }

    fn done(&self) -> bool {
        match &self.how {
            Reading::Stream { ended, .. } => *ended || self.offset >= self.total,
            Reading::Blobs { pending, .. } => pending.is_empty(),
        }
    }

    /// The next slice into `buf`; returns the bytes read so far.
    async fn next_into(&mut self, buf: &mut Vec<u8>) -> Result<u64, String> {
        let unreadable = |e: JsValue| format!("the file could not be read: {e:?}");
        match &mut self.how {
            Reading::Stream { reader, buffer, ended } => {
                let want = Self::size_at(self.offset).min(self.total - self.offset) as u32;
                let mut ab = buffer.take().unwrap_or_else(|| ArrayBuffer::new(CHUNK as u32));
                let mut filled = 0u32;
                // a read fills what the browser has ready: read on until the slice is full
                while filled < want {
                    let view = Uint8Array::new_with_byte_offset_and_length(&ab, filled, want - filled);
                    let result = JsFuture::from(reader.read_with_array_buffer_view(&view)).await.map_err(unreadable)?;
                    let value = js_sys::Reflect::get(&result, &"value".into()).map_err(unreadable)?;
                    let Some(value) = value.dyn_ref::<Uint8Array>() else {
                        return Err("the file could not be read: it was closed while being read".into());
                    };
                    // the buffer comes back with the bytes read (the one lent is now empty)
                    ab = value.buffer();
                    filled += value.byte_length();
                    if js_sys::Reflect::get(&result, &"done".into()).map_err(unreadable)?.is_truthy() {
                        *ended = true;
                        break;
                    }
                }
                if *ended && self.offset + f64::from(filled) < self.total {
                    return Err("the file could not be read: it became shorter while being read".into());
                }
                buf.resize(filled as usize, 0);
                Uint8Array::new_with_byte_offset_and_length(&ab, 0, filled).copy_to(buf);
                *buffer = Some(ab);
                self.offset += f64::from(filled);
                Ok(self.offset as u64)
            }
            Reading::Blobs { pending, .. } => {
                let (end, read) = pending.pop_front().ok_or("the file was read to its end")?;
                let read = read?;
                self.offset = end;
                self.request();
                let ab = read.await.map_err(unreadable)?;
                let arr = Uint8Array::new(&ab);
                buf.resize(arr.length() as usize, 0);
                arr.copy_to(buf);
                Ok(self.offset as u64)
            }
        }
    }
}

/// Reads `file` from `start` to its end as an import does, from a stream or (`stream` false)
/// one blob at a time; returns the bytes, the size of each slice and whether a stream was
/// read. For the browser tests.
#[doc(hidden)]
pub async fn read_slices(file: &File, start: f64, stream: bool) -> Result<(Vec<u8>, Vec<usize>, bool), String> {
    let mut slices = Slices::open(file, start, file.size(), stream);
    let streamed = matches!(slices.how, Reading::Stream { .. });
    let (mut bytes, mut sizes, mut buf) = (Vec::new(), Vec::new(), Vec::new());
    while !slices.done() {
        let done = slices.next_into(&mut buf).await?;
        bytes.extend_from_slice(&buf);
        sizes.push(buf.len());
        assert_eq!(done, start as u64 + bytes.len() as u64, "bytes read so far");
    }
    Ok((bytes, sizes, streamed))
}

impl Drop for Slices<'_> {
    /// A reading stopped early (cancelled, or the rest is another reader's) lets the file go.
    fn drop(&mut self) {
        if let Reading::Stream { reader, .. } = &self.how
            && !self.done()
        {
            // (a stream that had failed refuses: nothing is left to let go)
            let cancelled = JsFuture::from(reader.cancel());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = cancelled.await;
            });
        }
    }
}

/// Imports the files; false when another import was running or this one was cancelled.
async fn import_files(state: Rc<State>, files: Vec<File>) -> bool {
    if state.busy.replace(true) {
        respond(&WorkerResponse::FileError { file: String::new(), message: "An import is already running.".into() });
        return false;
    }
    state.cancel.set(false);
    // a second worker reads the second half of each large file (one stands by from the start:
    // this one cannot hear that a new one is ready while it reads)
    if state.helper.borrow().is_none() {
        stand_by(&state);
    }
    let count = files.len();
    let mut buf = Vec::with_capacity(CHUNK as usize);
    // a file read to its end whose second reader's tail is still to be joined: that is done
    // once the second worker has the next file's tail to read, so that it does not wait
    let mut ending: Option<Ending> = None;
    // the names kept in this import: a second file of the same name dropped with the first is
    // kept beside it
    let mut dropped: Vec<String> = Vec::new();
    'files: for (i, file) in files.iter().enumerate() {
        // (a warehouse's unload, gzipped: read as the file inside)
        let unzipped;
        let file = match gunzip(file).await {
            Ok(Some(inside)) => {
                unzipped = inside;
                &unzipped
            }
            Ok(None) => file,
            Err(message) => {
                respond(&WorkerResponse::FileError { file: file.name(), message });
                continue 'files;
            }
        };
        let name = file.name();
        let total = file.size();
        let progress = Rc::new(FileProgress {
            file: name.clone(),
            file_index: i,
            file_count: count,
            total: total as u64,
            own: Cell::new(0),
            tail: Cell::new(0),
        });
        let helper = state.helper.borrow().clone();
        let mid = helper.as_ref().and_then(|_| split_at(total as u64));
        if mid.is_none()
            && let Some(e) = ending.take()
        {
            e.end(&state, false, &mut dropped).await;
        }
        let mut pass = OnePass::new(name.clone());
        let mut tail: Option<js_sys::Promise> = None;
        // past the split point, the first reader looks for the cut: there the second reader's
        // tail is joined or, when no row ends there or the second reader failed, it reads on
        let mut looking = mid.is_some();
        let mut slices = Slices::new(file);
        while !slices.done() {
            if state.cancel.get() {
                break 'files;
            }
            let done = match slices.next_into(&mut buf).await {
                Ok(done) => done,
                Err(message) => {
                    respond(&WorkerResponse::FileError { file: name.clone(), message });
                    continue 'files;
                }
            };
            let mut from = 0;
            if let Some(mid) = mid.filter(|&m| looking && done > m) {
                let skip = mid.saturating_sub(done - buf.len() as u64) as usize;
                if let Some(cut) = cut_in(&buf[skip..]).map(|c| skip + c) {
                    looking = false;
                    pass.feed(&buf[..cut]);
                    if let Some(promise) = tail.take() {
                        if pass.at_row_end() {
                            // the next file is started at once; the tail is joined later
                            let at = done - buf.len() as u64 + cut as u64;
                            ending = Some(Ending { name, file: file.clone(), pass, rest: Some((promise, at)) });
                            continue 'files;
                        }
                        // a row runs across the cut: the tail is not wanted; stop the second worker
                        if let Some(h) = state.helper.borrow_mut().take() {
                            h.stop();
                        }
                        progress.tail.set(0);
                    }
                    from = cut;
                }
            }
            // until the second reader has what it needs (the plan made from the first rows), in
            // pieces: it starts as soon as it can
            let rest = &buf[from..];
            let step = if looking && tail.is_none() { HANDOFF_STEP } else { rest.len().max(1) };
            for piece in rest.chunks(step) {
                pass.feed(piece);
                // (once the second worker has sent the last file's tail: it reads one at a time)
                if let (true, Some(mid), Some(helper), None) = (looking, mid, &helper, &tail)
                    && !helper.busy()
                    && let Some(handoff) = pass.handoff()
                {
                    tail = helper.read_tail(file, &name, mid, handoff, progress.clone());
                    if let Some(e) = ending.take() {
                        e.end(&state, false, &mut dropped).await;
                    }
                }
            }
            // no handoff by the split point: the last file's tail is joined now
            if mid.is_some_and(|m| done >= m)
                && let Some(e) = ending.take()
            {
                e.end(&state, false, &mut dropped).await;
            }
            progress.own.set(done);
            progress.post();
        }
        Ending { name, file: file.clone(), pass, rest: None }.end(&state, false, &mut dropped).await;
    }
    if let Some(e) = ending.take() {
        e.end(&state, true, &mut dropped).await;
    }
    // a second worker that read part of a file goes, with its memory; a fresh one stands by
    stand_by(&state);
    finish(&state)
}

/// A file read up to the cut or to its end: with the second reader's tail to come (and the
/// offset of the cut) when it read the rest.
struct Ending {
    name: String,
    file: File,
    pass: OnePass,
    rest: Option<(js_sys::Promise, u64)>,
}

impl Ending {
    /// Joins the tail (or, when the second reader sent none, reads on from the cut) and adds
    /// the file to the session. `last`: no file is left for the second worker, which goes as
    /// soon as its tail is here, before the tail is read: its memory (a part of the customer
    /// table as large as this one's) is not held while the tail is joined.
    async fn end(self, state: &State, last: bool, dropped: &mut Vec<String>) {
        let Ending { name, file, mut pass, rest } = self;
        if let Some((promise, at)) = rest {
            let answer = JsFuture::from(promise).await.ok();
            if last && let Some(h) = state.helper.borrow_mut().take() {
                h.stop();
            }
            match answer.and_then(|v| tail_of(&v)) {
                Some(tail) => pass.join(tail),
                None => {
                    let mut slices = Slices::range(&file, at as f64, file.size());
                    let mut buf = Vec::with_capacity(CHUNK as usize);
                    while !slices.done() {
                        // cancelled (which also stops the second worker): the file is left out
                        if state.cancel.get() {
                            return;
                        }
                        if let Err(message) = slices.next_into(&mut buf).await {
                            respond(&WorkerResponse::FileError { file: name, message });
                            return;
                        }
                        pass.feed(&buf);
                    }
                }
            }
        }
        match pass.finish() {
            Ok((f, part)) => {
                state.add_file(f, Source::File(file), part, dropped);
            }
            Err(e) => respond(&WorkerResponse::FileError { file: name, message: e.to_string() }),
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (web-sys has it only among its unstable APIs).
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Unzipper;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<Unzipper, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &Unzipper) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &Unzipper) -> web_sys::WritableStream;
}

/// The file inside a gzipped one (Snowflake's, Redshift's and BigQuery's unloads are gzipped
/// by default), named without its `.gz`, unzipped by the browser into a blob of its own (not
/// into this worker's memory); `None` when the file is not gzipped.
async fn gunzip(file: &File) -> Result<Option<File>, String> {
    let head = JsFuture::from(file.slice_with_f64_and_f64(0.0, 2.0).map_err(|e| format!("{e:?}"))?.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    if js_sys::Uint8Array::new(&head).to_vec() != [0x1F, 0x8B] {
        return Ok(None);
    }
    let name = file.name();
    let unreadable = |e: JsValue| {
        let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"));
        format!("This gzipped file could not be unzipped ({why}). Unzip it on your computer and drop the file inside.")
    };
    let unzip = Unzipper::new("gzip").map_err(unreadable)?;
    let inside = file.stream().pipe_through(&web_sys::ReadableWritablePair::new(&unzip.readable(), &unzip.writable()));
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&inside)).map_err(unreadable)?;
    let blob = JsFuture::from(response.blob().map_err(unreadable)?).await.map_err(unreadable)?;
    let inner = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".GZ")).or_else(|| name.strip_suffix(".gzip"));
    let inner = inner.filter(|n| !n.is_empty()).unwrap_or(&name);
    File::new_with_blob_sequence(&js_sys::Array::of1(&blob), inner).map(Some).map_err(unreadable)
}

/// The tail a second worker sent (an `ArrayBuffer`), if it sent one and it reads.
fn tail_of(value: &JsValue) -> Option<PassTail> {
    let buffer = value.dyn_ref::<js_sys::ArrayBuffer>()?;
    let bytes = Uint8Array::new(buffer).to_vec();
    match PassTail::from_bytes(&bytes) {
        Ok(tail) => Some(tail),
        Err(e) => {
            web_sys::console::error_1(&e.into());
            None
        }
    }
}

/// How far the two readers of one file have come, for the progress bar.
struct FileProgress {
    file: String,
    file_index: usize,
    file_count: usize,
    total: u64,
    /// Bytes the first reader has read (from the start), and the second (from the split point).
    own: Cell<u64>,
    tail: Cell<u64>,
}

impl FileProgress {
    fn post(&self) {
        respond(&WorkerResponse::Progress(Progress {
            file: self.file.clone(),
            file_index: self.file_index,
            file_count: self.file_count,
            bytes_done: (self.own.get() + self.tail.get()).min(self.total),
            bytes_total: self.total,
        }));
    }
}

/// A second worker, started by this one, that reads the second half of a large file.
struct Helper {
    worker: web_sys::Worker,
    /// Requests wait until its code has loaded (a message sent earlier would be lost).
    ready: Cell<bool>,
    /// It has read part of a file (and holds that memory).
    used: Cell<bool>,
    queued: RefCell<Vec<(js_sys::Object, js_sys::Array)>>,
    /// Settle the promises of the requests under way, in order (it answers them in order):
    /// with a tail's `ArrayBuffer` or an answer's JSON, or null.
    resolve: RefCell<VecDeque<js_sys::Function>>,
    progress: RefCell<Option<Rc<FileProgress>>>,
    /// Of the trial of k under way: the largest k it has started, the candidates either worker
    /// has started, and where the trial's steps lie among the run's (first, of all).
    trying: Cell<usize>,
    started: Cell<usize>,
    steps: Cell<(usize, usize)>,
    /// The trial's silhouette sample, once it has made it.
    silhouette: RefCell<Option<persona_core::cluster::SilhouetteSample>>,
    _onmessage: RefCell<Option<Listener<MessageEvent>>>,
    _onerror: RefCell<Option<Listener<web_sys::Event>>>,
}

/// An event listener kept alive as long as the worker it listens to.
type Listener<E> = Closure<dyn FnMut(E)>;

impl Helper {
    /// `None` where a worker cannot start another (then each file is read by one).
    fn start() -> Option<Rc<Helper>> {
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        opts.set_name(HELPER_NAME);
        // relative to this worker's script, which lies next to the loader
        let worker = web_sys::Worker::new_with_options(crate::app::WORKER_URL, &opts).ok()?;
        let helper = Rc::new(Helper {
            worker,
            ready: Cell::new(false),
            used: Cell::new(false),
            queued: RefCell::new(Vec::new()),
            resolve: RefCell::new(VecDeque::new()),
            progress: RefCell::new(None),
            trying: Cell::new(0),
            started: Cell::new(0),
            steps: Cell::new((0, 1)),
            silhouette: RefCell::new(None),
            _onmessage: RefCell::new(None),
            _onerror: RefCell::new(None),
        });
        let weak = Rc::downgrade(&helper);
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(h) = weak.upgrade() else { return };
            let data = ev.data();
            if let Some(response) = protocol::response_in(&data) {
                match response {
                    Ok(WorkerResponse::Ready) => {
                        h.ready.set(true);
                        for (msg, transfer) in h.queued.borrow_mut().drain(..) {
                            let _ = h.worker.post_message_with_transfer(&msg, &transfer);
                        }
                    }
                    Ok(msg @ WorkerResponse::SegmentProgress { .. }) => respond(&msg),
                    _ => h.settle(&JsValue::NULL),
                }
                return;
            }
            let Some(text) = data.as_string() else {
                // a tail's bytes answer a request; a silhouette sample comes unasked
                match silhouette_of(&data) {
                    Some(sample) => *h.silhouette.borrow_mut() = Some(sample),
                    None => h.settle(&data),
                }
                return;
            };
            if let Ok(answer) = serde_json::from_str::<HelperResponse>(&text) {
                match answer {
                    HelperResponse::TailProgress { bytes } => {
                        if let Some(p) = h.progress.borrow().as_ref() {
                            p.tail.set(bytes);
                            p.post();
                        }
                    }
                    HelperResponse::NoTail => h.settle(&JsValue::NULL),
                    HelperResponse::Trying { k } => {
                        h.trying.set(k);
                        h.step(k);
                    }
                    HelperResponse::Choices(_) | HelperResponse::Restarted(_) => h.settle(&data),
                }
                return;
            }
            h.settle(&JsValue::NULL);
        });
        let weak = Rc::downgrade(&helper);
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if let Some(h) = weak.upgrade() {
                h.settle_all();
            }
        });
        helper.worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        helper.worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        *helper._onmessage.borrow_mut() = Some(onmessage);
        *helper._onerror.borrow_mut() = Some(onerror);
        Some(helper)
    }

    /// Lets the event loop turn until the worker has said it is ready, for at most `millis`.
    async fn wait_ready(&self, millis: f64) {
        let start = js_sys::Date::now();
        while !self.ready.get() && js_sys::Date::now() - start < millis {
            sleep(20).await;
        }
    }

    /// Settles the oldest request's promise.
    fn settle(&self, value: &JsValue) {
        let resolve = self.resolve.borrow_mut().pop_front();
        if let Some(resolve) = resolve {
            let _ = resolve.call1(&JsValue::NULL, value);
        }
    }

    /// Settles every request's promise with null: no answer will come.
    fn settle_all(&self) {
        while self.busy() {
            self.settle(&JsValue::NULL);
        }
    }

    /// A request is under way.
    fn busy(&self) -> bool {
        !self.resolve.borrow().is_empty()
    }

    /// Asks for the tail of `file` from the cut after `mid`; the promise settles with it.
    fn read_tail(
        &self,
        file: &File,
        name: &str,
        mid: u64,
        handoff: PassHandoff,
        progress: Rc<FileProgress>,
    ) -> Option<js_sys::Promise> {
        let request = HelperRequest::ReadTail { name: name.to_owned(), start: mid, handoff: Box::new(handoff) };
        *self.progress.borrow_mut() = Some(progress);
        self.used.set(true);
        self.ask(&request, &[("files", js_sys::Array::of1(file).into())])
    }

    /// Asks for the scores of the trial's k (and hands over the final fit's restart rows); the
    /// promise settles with the `Choices` JSON.
    fn try_k(&self, mut trial: Trial, restart: Option<&Matrix<f32>>) -> Option<js_sys::Promise> {
        self.trying.set(0);
        self.silhouette.borrow_mut().take();
        self.started.set(0);
        self.steps.set((trial.first, trial.steps));
        let rows = js_sys::Float32Array::from(&std::mem::take(&mut trial.data)[..]);
        let request = HelperRequest::TryK { trial: Box::new(trial), restart_rows: restart.map_or(0, Matrix::rows) };
        let mut extra = vec![("data", rows.into())];
        if let Some(r) = restart {
            extra.push(("restart", js_sys::Float32Array::from(r.as_slice()).into()));
        }
        self.ask(&request, &extra)
    }

    /// Tells it that this worker tries `k` and those above it (no answer comes).
    fn claim(&self, k: usize) {
        if let Some(msg) = Self::message(&HelperRequest::Claim { k }) {
            let _ = self.worker.post_message(&msg);
        }
    }

    /// The message that carries `request`.
    fn message(request: &HelperRequest) -> Option<js_sys::Object> {
        let msg = js_sys::Object::new();
        js_sys::Reflect::set(&msg, &"helper".into(), &serde_json::to_string(request).ok()?.into()).ok()?;
        Some(msg)
    }

    /// The page's progress when either worker starts trying `k`.
    fn step(&self, k: usize) {
        self.started.set(self.started.get() + 1);
        let (first, steps) = self.steps.get();
        run_progress(first + self.started.get() - 1, steps, &format!("trying {k} segments"));
    }

    /// Asks for some of the final fit's restarts; the promise settles with the `Restarted` JSON.
    fn restarts(&self, restarts: Restarts) -> Option<js_sys::Promise> {
        self.ask(&HelperRequest::Restarts(Box::new(restarts)), &[])
    }

    /// Sends `request` with `extra` values beside it (typed arrays among them are moved, not
    /// copied), now or once the worker is ready. The promise settles with the answer.
    fn ask(&self, request: &HelperRequest, extra: &[(&str, JsValue)]) -> Option<js_sys::Promise> {
        let msg = Self::message(request)?;
        let transfer = js_sys::Array::new();
        for (key, value) in extra {
            js_sys::Reflect::set(&msg, &(*key).into(), value).ok()?;
            if let Some(numbers) = value.dyn_ref::<js_sys::Float32Array>() {
                transfer.push(&numbers.buffer());
            }
        }
        if self.ready.get() {
            self.worker.post_message_with_transfer(&msg, &transfer).ok()?;
        } else {
            self.queued.borrow_mut().push((msg, transfer));
        }
        // only a request sent waits for an answer (its answer comes in a later task); a
        // promise left waiting would take the next request's answer
        Some(js_sys::Promise::new(&mut |resolve, _| self.resolve.borrow_mut().push_back(resolve)))
    }

    /// Ends the worker (and any request under way: its promise settles with null).
    fn stop(&self) {
        self.worker.terminate();
        self.settle_all();
    }
}

/// In a second worker: reads `file` from the cut after `start` to its end and sends the tail
/// back, as bytes moved (not copied) to the first worker.
async fn read_tail(state: Rc<State>, file: File, name: String, start: u64, handoff: PassHandoff) {
    let mut buf = Vec::with_capacity(CHUNK as usize);
    let mut slices = Slices::range(&file, start as f64, file.size());
    let mut pass: Option<OnePass> = None;
    while !slices.done() {
        if state.cancel.get() {
            return;
        }
        let Ok(done) = slices.next_into(&mut buf).await else {
            post(&HelperResponse::NoTail);
            return;
        };
        match &mut pass {
            Some(pass) => pass.feed(&buf),
            None => {
                if let Some(cut) = cut_in(&buf) {
                    let mut p = OnePass::resume(name.clone(), &handoff);
                    p.feed(&buf[cut..]);
                    pass = Some(p);
                }
            }
        }
        post(&HelperResponse::TailProgress { bytes: done - start });
    }
    let Some(pass) = pass else {
        post(&HelperResponse::NoTail);
        return;
    };
    let bytes = Uint8Array::from(&pass.into_tail().to_bytes()[..]);
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let buffer = bytes.buffer();
    if scope.post_message_with_transfer(&buffer, &js_sys::Array::of1(&buffer)).is_err() {
        post(&HelperResponse::NoTail);
    }
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
            respond(&WorkerResponse::Progress(Progress {
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
            Err(e) => respond(&WorkerResponse::FileError { file: name.to_owned(), message: e.to_string() }),
        }
    }
    finish(&state);
}

/// Ends an import; false when it was cancelled.
fn finish(state: &State) -> bool {
    // (the files kept bumped the generation: an import cancelled before any, or whose every
    // file failed, leaves the segments shown as current as they were)
    state.busy.set(false);
    let cancelled = state.cancel.replace(false);
    if cancelled {
        respond(&WorkerResponse::Cancelled);
    }
    summary(state);
    !cancelled
}

fn segment_progress(done: usize, total: usize, stage: &str) {
    respond(&WorkerResponse::SegmentProgress { done, total, stage: stage.to_owned() });
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
    for i in again {
        let name = &profiles[i].name;
        let Some(source) = source_of(state, name) else { continue };
        let mut rows = RowStream::new(name.clone());
        let before = done_bytes;
        read_source(
            source,
            |piece| rows.feed(piece, |r| builder.row(i, r)),
            |done| post_read_progress(before + done, total_bytes),
        )
        .await?;
        done_bytes += profiles[i].bytes;
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

/// The page's view with what the run was asked for (`None`: not known, as in a workspace
/// saved before this was kept).
fn asked(view: crate::digest::SegmentsView, settings: Option<&SegmentSettings>) -> crate::digest::SegmentsView {
    let Some(s) = settings else { return view };
    crate::digest::SegmentsView { chosen: s.features.is_some(), ..view }
}

/// Finds the segments under `settings`; with `pin` (a refresh's last run's features), on those
/// features where the settings leave them to the defaults, while the settings kept say so still.
async fn run_segments(state: Rc<State>, mut settings: SegmentSettings, pin: Option<Vec<String>>) {
    if state.busy.replace(true) {
        respond(&WorkerResponse::SegmentFailed("An import is still running; segment when it has finished.".into()));
        return;
    }
    if state.session.borrow().files().next().is_none() && state.restored.borrow().is_some() {
        state.busy.set(false);
        respond(&WorkerResponse::SegmentFailed(
            "A saved workspace keeps your results, not your files: drop the same files on the Data page to run the analysis again.".into(),
        ));
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
                respond(&WorkerResponse::SegmentFailed(format!("The files could not be read again: {e}")));
                return;
            }
        },
    };
    // features the form kept from the last run that the files now imported do not have are
    // left out; with none left, the defaults
    if let Some(keys) = &mut settings.features {
        keys.retain(|k| table.feature(k).is_some());
        if keys.is_empty() {
            settings.features = None;
        }
    }
    // the second worker (standing by since a large import) tries the candidate k on a sample
    // while this one encodes everyone
    if state.helper.borrow().is_none() {
        stand_by(&state);
    }
    let helper = state.helper.borrow().clone().filter(|_| settings.k.is_none() && table.len() > segment::CHOICE_SAMPLE);
    if let Some(h) = &helper {
        h.wait_ready(500.0).await;
    }
    segment_progress(30, 100, "clustering");
    yield_now().await;
    let pinned = match pin {
        Some(mut keys) if settings.features.is_none() => {
            keys.retain(|k| table.feature(k).is_some());
            (!keys.is_empty()).then(|| SegmentSettings { features: Some(keys), ..settings.clone() })
        }
        _ => None,
    };
    let result =
        segment_in_two(&table, pinned.as_ref().unwrap_or(&settings), helper.as_deref().filter(|h| h.ready.get())).await;
    state.busy.set(false);
    match result {
        Ok(mut seg) => {
            let mut view = seg.view(&table);
            let rows = state.session.borrow().files().map(|f| f.rows).max().unwrap_or(0);
            view.checks.extend(persona_core::import::scale_check(seg.customers, rows));
            // (two exports of one log, read the same minute, are told apart by their last order)
            let data_to = view.rfm.as_ref().map(|r| match settings.rfm.analysis_day {
                None => format!("orders to {}", crate::journey_doc::day_text(r.analysis_day - 1)),
                Some(day) => format!("RFM on {}", crate::journey_doc::day_text(day)),
            });
            let label = run_label(&state, seg.customers, data_to);
            let matches = keep_run(&state, &table, &mut seg, &mut view, &label, generation);
            let digest = crate::digest::SegmentsDigest::new(&view);
            respond(&WorkerResponse::Segmented(Box::new(asked(digest.page_view(), Some(&settings)))));
            state.shown_run.set(Some(generation));
            // (segments of their own now: a saved run's files no longer speak for them)
            *state.reimported.borrow_mut() = None;
            if generation != state.generation.get() {
                // (a role changed while this run went on: it is out of date already)
                summary(&state);
            }
            let names = state.deck.borrow().continuing_names(&matches);
            let drafts = persona::drafts_keeping(&table, &seg, &PersonaSettings { seed: settings.seed }, &names);
            state.deck.borrow_mut().refresh(&drafts, &matches, &label);
            *state.charts.borrow_mut() = crate::digest::segment_charts(&view, drafts.iter().map(|d| d.segment));
            *state.last_run.borrow_mut() = Some((generation, Rc::new(seg.assignment), seg.k));
            state.runs.set(state.runs.get() + 1);
            *state.settings.borrow_mut() = Some(settings);
            *state.view.borrow_mut() = Some(view);
            post_deck(&state, None);
            post_drift(&state);
            post_refresh_state(&state);
            snapshot(&state);
        }
        Err(e) => respond(&WorkerResponse::SegmentFailed(e.to_string())),
    }
}

/// Keeps a new run for the next refresh (its model, and a record when the user agreed), works
/// out what changed since the baseline, and returns for each new segment the old segment its
/// persona follows: by the customers themselves when the table is the one the last run was
/// made on, else by comparing with the last run as kept (which works after a reload).
/// The latest run as one SQL query (see [`persona_core::sql`]), written from the table it was
/// made from: the query needs the data's levels and cut points, which no saved workspace keeps.
fn export_sql(state: &State, dialect: persona_core::sql::Dialect) -> Result<String, String> {
    let generation = state.generation.get();
    let run_now = state.last_run.borrow().as_ref().is_some_and(|(g, ..)| *g == generation);
    let table = state.table.borrow().as_ref().filter(|(g, _)| *g == generation).map(|(_, t)| t.clone());
    let (Some(table), true) = (table, run_now) else {
        return Err(if state.session.borrow().files().next().is_none() {
            "The query is written from your files: import them again on the Data page, then find segments (a saved workspace keeps no customer rows).".into()
        } else if state.last_run.borrow().is_none() {
            "These segments come from your saved workspace, which keeps no customer rows: find segments again on these files to write the query.".into()
        } else {
            "The files or their roles changed since these segments were found: find segments again first.".into()
        });
    };
    // (as fitted, every level named: the kept run leaves out those few customers hold)
    let (view, model) = (state.view.borrow(), state.fitted.borrow());
    let (Some(view), Some(model)) = (view.as_ref(), model.as_ref()) else { return Err("Find segments first.".into()) };
    let settings = state.settings.borrow().clone().unwrap_or_default();
    let session = state.session.borrow();
    let profiles: Vec<&persona_core::ingest::FileProfile> = session.files().collect();
    let options = persona_core::sql::SqlOptions { dialect, ..Default::default() };
    persona_core::sql::export(&table, &profiles, view, model, &settings.rfm, &options)
        .map(|e| e.query)
        .map_err(|e| format!("These segments cannot be written as SQL: {e}."))
}

fn keep_run(
    state: &State,
    table: &CustomerTable,
    seg: &mut segment::Segmentation,
    view: &mut SegmentationView,
    label: &str,
    generation: u64,
) -> Vec<Option<usize>> {
    let mut r = state.refresh.borrow_mut();
    let at_most = r.last_run.as_ref().and_then(|k| k.record.as_ref()).map_or(u64::MAX, |rec| rec.threshold);
    let record = r.keep_ids.then(|| Record::new(r.salt, &table.ids, &seg.assignment, at_most));
    let compared = r.baseline.is_some();
    if let Some(base) = &r.baseline {
        let mut drift = refresh::compare(base, table, seg, view, record.as_ref(), label);
        // (kept for the runs after it on the same files: a new run compares the same way)
        drift.files = state.refresh_files.borrow().clone();
        r.drift = Some(drift);
    }
    let matches = match state.last_run.borrow().as_ref() {
        Some((g, old, old_k)) if *g == generation => deck::match_segments(old, *old_k, &seg.assignment, seg.k),
        _ => match (&r.last_run, &r.drift) {
            (Some(last), Some(d)) if r.baseline.as_ref() == Some(last) => d.matches.clone(),
            (Some(last), _) => refresh::compare(last, table, seg, view, record.as_ref(), label).matches,
            (None, _) => vec![None; seg.k],
        },
    };
    // the segments the user named keep their names where they continue
    if let Some(last) = &r.last_run {
        segment::keep_names(&mut seg.segments, &last.view.segments, &matches);
        segment::keep_names(&mut view.segments, &last.view.segments, &matches);
    }
    if let Some(drift) = r.drift.as_mut().filter(|_| compared) {
        drift.relabel(view);
    }
    r.last_run = Some(KeptRun::new(label, seg, view, record));
    *state.fitted.borrow_mut() = Some(seg.model.clone());
    matches
}

/// "3 Dec 2026 14:05 · customers.csv · orders to 2026-11-30 · 6,200 customers": a run as the
/// versions and the Changes page name it.
fn run_label(state: &State, customers: u64, data_to: Option<String>) -> String {
    let now = js_sys::Date::new_0();
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let when = format!(
        "{} {} {} {:02}:{:02}",
        now.get_date(),
        MONTHS[now.get_month() as usize % 12],
        now.get_full_year(),
        now.get_hours(),
        now.get_minutes()
    );
    let files: Vec<String> = state.session.borrow().files().map(|f| f.name.clone()).collect();
    let first = files.first().cloned().unwrap_or_default();
    let files = match files.len() {
        0 => String::new(),
        1 => format!(" · {first}"),
        n => format!(" · {first} and {} more", n - 1),
    };
    let data_to = data_to.map_or(String::new(), |d| format!(" · {d}"));
    format!("{when}{files}{data_to} · {} customers", persona_core::format::thousands(customers))
}

/// A salt for the records, drawn once per workspace (the page's random numbers: the core
/// draws none).
fn new_salt() -> u64 {
    let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (a << 32 | b).max(1)
}

fn post_drift(state: &State) {
    let view = state.refresh.borrow().drift.as_ref().map(|d| Box::new(crate::drift_doc::page(d)));
    respond(&WorkerResponse::Drift(view));
}

fn post_refresh_state(state: &State) {
    let r = state.refresh.borrow();
    respond(&WorkerResponse::RefreshState {
        last_run: r.last_run.as_ref().map(|k| k.label.clone()),
        keep_ids: r.keep_ids,
        unrecorded: r.keep_ids && r.last_run.as_ref().is_some_and(|k| k.record.is_none()),
    });
}

/// The files of the session before a refresh read new ones.
struct Earlier {
    files: Vec<ProfiledFile>,
    sources: Vec<(String, Source)>,
    parts: Vec<(String, FilePart)>,
    restored: Option<ImportSummary>,
}

impl Earlier {
    /// Puts the files back as they were, in place of whatever was read since.
    fn put_back(self, state: &State) {
        state.clear_files();
        for f in self.files {
            state.session.borrow_mut().add(f);
        }
        *state.sources.borrow_mut() = self.sources;
        *state.parts.borrow_mut() = self.parts;
        *state.restored.borrow_mut() = self.restored;
        summary(state);
    }
}

/// Refresh with new data: the attached files take the place of the files here and are read
/// with the roles the user chose for the files before (by column name); once read, they are
/// segmented with the same settings and compared with the latest run, which becomes the
/// baseline of the Changes page.
async fn refresh_with(state: Rc<State>, files: Vec<File>) {
    if state.refresh.borrow().last_run.is_none() {
        respond(&WorkerResponse::SegmentFailed(
            "There is no earlier run to compare with: run the analysis on these files first.".into(),
        ));
        return;
    }
    if state.busy.get() {
        respond(&WorkerResponse::SegmentFailed("An import is still running; refresh when it has finished.".into()));
        return;
    }
    let before = current_summary(&state);
    // the files read before, kept aside: those no new file takes the place of stay, and all of
    // them come back when the new files are refused
    let earlier = Earlier {
        files: state.session.borrow_mut().take_all(),
        sources: std::mem::take(&mut *state.sources.borrow_mut()),
        parts: std::mem::take(&mut *state.parts.borrow_mut()),
        restored: state.restored.borrow().clone(),
    };
    state.clear_files();
    state.refresh_files.borrow_mut().clear();
    let opened = state.opened.get();
    let read = import_files(state.clone(), files).await;
    if state.opened.get() != opened {
        return; // another workspace was opened meanwhile: its files are not these
    }
    // cancelled or nothing read: no refresh
    let last = state.refresh.borrow().last_run.clone();
    let Some(last) = last.filter(|_| read && state.session.borrow().files().next().is_some()) else {
        earlier.put_back(&state);
        respond(&WorkerResponse::SegmentFailed(
            "The refresh stopped before the new files were read; the files and results you had are kept.".into(),
        ));
        return;
    };
    // the same roles as before, file by file: the file with the same header, else the same
    // name, else the most column names in common
    let now = state.session.borrow_mut().summary();
    let mut replaced = vec![false; before.files.len()];
    for (i, f) in now.files.iter().enumerate() {
        let common =
            |b: usize| before.files[b].columns.iter().filter(|c| f.columns.iter().any(|d| d.name == c.name)).count();
        let old = before
            .files
            .iter()
            .position(|b| b.signature == f.signature)
            .or_else(|| before.files.iter().position(|b| b.name == f.name))
            .or_else(|| {
                (0..before.files.len()).filter(|&b| common(b) * 2 >= f.columns.len()).max_by_key(|&b| common(b))
            });
        if let Some(b) = old {
            replaced[b] = true;
            let roles: Vec<_> = before.files[b].columns.iter().map(|c| (c.name.clone(), c.role)).collect();
            state.session.borrow_mut().apply_roles(i, &roles);
        }
    }
    // new data of other customers altogether (a file of another business, or of flowers):
    // compared with the last run it would only say that everything changed
    if !before.files.is_empty() && !replaced.contains(&true) {
        let names: Vec<String> = before.files.iter().map(|f| format!("\u{201c}{}\u{201d}", f.name)).collect();
        earlier.put_back(&state);
        respond(&WorkerResponse::SegmentFailed(format!(
            "None of these files is a newer export of the last run's files ({}): none has the name or half the columns of one. A refresh compares the same exports over time, so nothing was changed. To analyse other data, open a new workspace.",
            names.join(", ")
        )));
        return;
    }
    // the last run's files that no new file takes the place of: kept as they were when their
    // rows are still here, else (after a reload) left out; said on the Changes page
    let mut notes = Vec::new();
    let Earlier { files: mut old_files, mut sources, mut parts, .. } = earlier;
    for f in before.files.iter().zip(&replaced).filter(|(_, r)| !**r).map(|(f, _)| f) {
        let here = old_files.iter().position(|p| p.profile.name == f.name);
        match here.zip(sources.iter().position(|(n, _)| *n == f.name)) {
            Some((p, s)) => {
                let file = old_files.swap_remove(p);
                let (name, source) = sources.swap_remove(s);
                let part = parts.iter().position(|(n, _)| *n == name).map(|i| parts.swap_remove(i).1);
                state.session.borrow_mut().add(file);
                state.keep_source(&name, source, part);
                notes.push(format!(
                    "\u{201c}{name}\u{201d} is read as it was in the last run: none of the new files takes its place."
                ));
            }
            None => notes.push(format!(
                "\u{201c}{}\u{201d} of the last run is left out of this one: none of the new files takes its place, and its rows are not kept between visits. Refresh with it too to compare like with like.",
                f.name
            )),
        }
    }
    *state.refresh_files.borrow_mut() = notes;
    state.changed();
    summary(&state);
    // the last run's features, where the user left them to the defaults: what this export's
    // defaults would take (a repeat judged on another sample, a column new this month) would
    // make some of the changes the features'
    let settings = state.settings.borrow().clone().unwrap_or_default();
    let pin = Some(last.view.features.clone());
    state.refresh.borrow_mut().baseline = Some(last);
    run_segments(state, settings, pin).await;
}

fn run_progress(done: usize, total: usize, stage: &str) {
    segment_progress(30 + done * 70 / total.max(1), 100, stage);
}

/// [`segment::run`], with the trial of k in `helper` (when there is one) while this worker
/// encodes every customer; the same result either way.
async fn segment_in_two(
    table: &CustomerTable,
    settings: &SegmentSettings,
    helper: Option<&Helper>,
) -> Result<segment::Segmentation, segment::SegmentError> {
    let prepared = segment::prepare(table, settings)?;
    let trial = prepared.trial();
    // the final fit's restart rows go with the trial, for its share of the restarts
    let restart = helper.and_then(|_| prepared.restart_rows());
    let asked = match (&trial, helper) {
        (Some(trial), Some(h)) if !trial.ks.is_empty() => h.try_k(trial.clone(), restart.as_ref()).map(|p| (p, h)),
        _ => None,
    };
    // (the second worker's progress reaches the page only once this worker is free again)
    segment_progress(30, 100, &format!("encoding {} customers", crate::pages::data::fmt_int(table.len() as u64)));
    let encoding = prepared.encode_all();
    // (an encoding the final fit cannot take fails now, not after the trial: the threshold
    // comes with the encoding, so this costs nothing)
    prepared.threshold(&encoding)?;
    let mut choices = Vec::new();
    let mut answer_came = false;
    let trying = trial.map(Trial::start);
    if let Some(trying) = &trying {
        if let Some((promise, h)) = asked {
            // the second worker goes up from the smallest k while this one encodes; then this
            // one comes down from the largest (the costliest) until they meet
            for &k in trying.ks().iter().rev() {
                yield_now().await; // to hear which k it has started
                if h.trying.get() >= k {
                    break;
                }
                h.claim(k);
                h.step(k);
                if let Some(sample) = h.silhouette.borrow_mut().take() {
                    trying.take_silhouette_sample(sample);
                }
                choices.push(trying.score(k, &mut |_, _, _| {})?);
            }
            if let Some(HelperResponse::Choices(theirs)) = answer_of(promise).await {
                answer_came = true;
                choices.extend(theirs);
            }
        }
        // what no worker tried: all of them without a second worker, or when it failed
        for &k in trying.ks() {
            if !choices.iter().any(|c| c.k == k) {
                choices.push(trying.score(k, &mut run_progress)?);
            }
        }
    }
    // half the final fit's restarts there (when it has their rows), half here
    let runs = match (prepared.restarts(&encoding, &choices)?, helper, &restart, answer_came) {
        (Some(mut mine), Some(h), Some(rows), true) => {
            let theirs = Restarts { runs: mine.runs.split_off(mine.runs.len() / 2), ..mine.clone() };
            let asked = h.restarts(theirs);
            let mut runs = mine.run(rows);
            let answer = match asked {
                Some(promise) => answer_of(promise).await,
                None => None,
            };
            // without an answer, the fit makes the rest
            if let Some(HelperResponse::Restarted(theirs)) = answer {
                runs.extend(theirs);
            }
            runs
        }
        _ => Vec::new(),
    };
    prepared.finish(&encoding, choices, runs, trying.as_ref(), &mut run_progress)
}

/// The second worker's answer to a request, when it gave one.
async fn answer_of(promise: js_sys::Promise) -> Option<HelperResponse> {
    let text = JsFuture::from(promise).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// In a second worker: the trial's k from the smallest up, each announced to the first worker,
/// until one it has claimed; their scores are sent when done.
async fn try_k(state: Rc<State>, trial: Trial) {
    let trying = trial.start();
    let mut choices = Vec::new();
    for &k in trying.ks() {
        yield_now().await; // to hear a claim
        if k >= state.claimed.get() {
            break;
        }
        post(&HelperResponse::Trying { k });
        match trying.score(k, &mut |_, _, _| {}) {
            Ok(choice) => {
                // the first score made the silhouette sample: the first worker scores with it too
                if choices.is_empty()
                    && let Some(sample) = trying.silhouette_sample()
                {
                    post_silhouette(sample);
                }
                choices.push(choice)
            }
            Err(e) => {
                respond(&WorkerResponse::SegmentFailed(e.to_string()));
                return;
            }
        }
    }
    post(&HelperResponse::Choices(choices));
}

/// In a second worker: sends the trial's silhouette sample to the first worker, as
/// `{ silhouette: "<rows JSON>", dist: Float32Array }` (the distances moved, not copied).
fn post_silhouette(sample: &persona_core::cluster::SilhouetteSample) {
    let (idx, dist) = sample.parts();
    let (Ok(rows), msg) = (serde_json::to_string(idx), js_sys::Object::new()) else { return };
    let dist = js_sys::Float32Array::from(dist);
    let sent = js_sys::Reflect::set(&msg, &"silhouette".into(), &rows.into())
        .and_then(|_| js_sys::Reflect::set(&msg, &"dist".into(), &dist));
    if sent.is_ok() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message_with_transfer(&msg, &js_sys::Array::of1(&dist.buffer()));
    }
}

/// The silhouette sample in a message from [`post_silhouette`].
fn silhouette_of(data: &JsValue) -> Option<persona_core::cluster::SilhouetteSample> {
    let rows = js_sys::Reflect::get(data, &"silhouette".into()).ok()?.as_string()?;
    let dist = js_sys::Reflect::get(data, &"dist".into()).ok()?.dyn_into::<js_sys::Float32Array>().ok()?;
    persona_core::cluster::SilhouetteSample::from_parts(serde_json::from_str(&rows).ok()?, dist.to_vec())
}

fn benchmark_kmeans(rows: usize, dims: usize, k: usize) {
    let data = persona_core::cluster::blobs(rows, dims, k, 1);
    let result = persona_core::cluster::benchmark_params(k).and_then(|p| {
        let start = js_sys::Date::now();
        let model = p.fit(&data)?;
        Ok((js_sys::Date::now() - start, model.iterations()))
    });
    match result {
        // the benchmark script reads JSON
        Ok((millis, iterations)) => post(&WorkerResponse::BenchmarkDone { millis, iterations }),
        Err(e) => post(&WorkerResponse::SegmentFailed(e.to_string())),
    }
}
