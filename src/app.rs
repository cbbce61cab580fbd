//! The app shell: state provided once as context, the worker handle, and hash routing.
//!
//! Routing lives in the URL fragment (`#/data`), so any page can be reloaded or bookmarked on a
//! plain static file server, under any sub-path, with no rewrite rules.

use leptos::prelude::*;
use persona_core::import::ImportSummary;
use persona_core::roles::Role;
use wasm_bindgen::prelude::*;
use web_sys::{File, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::digest::{DeckAction, DeckView, SegmentsView};
use crate::pages::changes::ChangesPage;
use crate::pages::data::DataPage;
use crate::pages::journeys::{ActivationPage, JourneysPage};
use crate::pages::persona::PersonaPage;
use crate::pages::personas::PersonasPage;
use crate::pages::segments::SegmentsPage;
use crate::pages::share::SharePage;
use crate::pages::workspaces::WorkspacesPage;
use crate::protocol::{self, HtmlView, Progress, WorkerRequest, WorkerResponse};
use crate::storage::{self, Index, SaveError};

/// The worker's loader script, relative to the page so that sub-path hosting works.
pub const WORKER_URL: &str = "./worker_loader.js";

/// Everything the pages share. Plain domain values from the core inside signals.
#[derive(Clone, Copy)]
pub struct AppState {
    pub summary: RwSignal<ImportSummary>,
    pub progress: RwSignal<Option<Progress>>,
    pub busy: RwSignal<bool>,
    /// Files that could not be read: (file, message).
    pub file_errors: RwSignal<Vec<(String, String)>>,
    /// The last notice or error for the user.
    pub notice: RwSignal<Option<String>>,
    /// The last segmentation, and the state of a run under way.
    pub segmentation: RwSignal<Option<SegmentsView>>,
    /// Its results as drawn (taken out of [`AppState::segmentation`]).
    pub segment_results: RwSignal<Option<HtmlView>>,
    pub segmenting: RwSignal<bool>,
    /// (done, total, stage) of a segmentation run.
    pub segment_progress: RwSignal<Option<(usize, usize, String)>>,
    pub segment_error: RwSignal<Option<String>>,
    /// The segments shown were found before the data last changed.
    pub stale: RwSignal<bool>,
    /// The Segments page's form (it outlives the page).
    pub segment_form: crate::pages::segments::SegmentForm,
    /// Why the SQL export could not be written.
    pub sql_error: RwSignal<Option<String>>,
    /// The personas as the worker, which keeps them with the user's edits, last drew them.
    pub deck: RwSignal<DeckView>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
    /// Messages posted before the worker said it is ready.
    pending: StoredValue<Option<Vec<js_sys::Object>>, LocalStorage>,
    /// Header signatures whose remembered roles were already applied.
    applied: StoredValue<Vec<String>, LocalStorage>,
    /// The named workspaces as last read from storage, and the one open in this tab.
    pub index: RwSignal<Index>,
    pub current: RwSignal<String>,
    /// Whether the last change is kept, and if not why.
    pub save: RwSignal<SaveState>,
    /// The revision of the current workspace this tab last read or wrote.
    known_rev: StoredValue<u64>,
    /// The last snapshot not yet stored (storage full, a conflict, storage off), with its
    /// persona count: it can still be exported as a file.
    unsaved: StoredValue<Option<(String, usize)>>,
    /// The stored entry could not be opened or backed up: never save over it.
    hold: StoredValue<bool>,
    /// A workspace file being imported (its id), until the worker says it opens.
    importing: StoredValue<Option<(String, String)>>,
    /// The page a persona was added or a shared one saved from: the new persona opens only
    /// if the user is still there when the worker answers.
    open_from: StoredValue<Option<String>>,
    /// The workspaces deleted in this session and their texts, the last last: "Undo" brings
    /// back one at a time, so two deletes in a row lose neither.
    pub deleted: RwSignal<Vec<(storage::Entry, Option<String>)>>,
    /// The last message about workspaces (opened, imported, kept aside), shown on every page.
    pub ws_notice: RwSignal<Option<String>>,
    /// A persona's share link (id, link text), or why there is none.
    pub link: RwSignal<Option<Result<(u64, String), String>>>,
    /// What an opened share link holds: (name, document HTML, a workspace's stored text), or
    /// why it does not open.
    pub shared: RwSignal<Option<crate::pages::share::Opened>>,
    /// The open workspace's link, or why there is none.
    pub ws_link: RwSignal<Option<Result<String, String>>>,
    /// The Journeys and Activation pages as the worker last drew them.
    pub journeys: RwSignal<Option<HtmlView>>,
    pub activation: RwSignal<Option<HtmlView>>,
    /// How far working out the journeys has come (`None`: not working on them).
    pub journey_progress: RwSignal<Option<String>>,
    /// The last journey change or export that could not be made: why.
    pub journey_error: RwSignal<Option<String>>,
    /// The journey map's share link, or why there is none.
    pub journey_link: RwSignal<Option<Result<String, String>>>,
    /// The Changes page as the worker last drew it (`None`: no refresh to compare yet).
    pub drift: RwSignal<Option<HtmlView>>,
    /// The latest run's name (what a refresh compares with), and whether records are kept.
    /// The latest run's name, whether records are kept, whether it has none (see
    /// [`WorkerResponse::RefreshState`]).
    pub refresh: RwSignal<(Option<String>, bool, bool)>,
    /// A persona's diff between two versions, as HTML.
    pub diff: RwSignal<Option<(u64, String)>>,
}

/// Whether what the user made is kept.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing changed yet in this tab.
    Idle,
    Saved,
    /// The storage is full: the last change is not saved (what was saved before is kept).
    Full,
    /// Another tab changed this workspace: the user chooses whose version stays.
    Conflict,
    /// Storage is off or refused; the message says why.
    Off(String),
    /// Another tab deleted this workspace (named first, as the index no longer does): nothing
    /// more is saved over the deletion; the message says what to do.
    Deleted(String, String),
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            summary: RwSignal::new(ImportSummary::default()),
            progress: RwSignal::new(None),
            busy: RwSignal::new(false),
            file_errors: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            segmentation: RwSignal::new(None),
            segment_results: RwSignal::new(None),
            segmenting: RwSignal::new(false),
            segment_progress: RwSignal::new(None),
            segment_error: RwSignal::new(None),
            stale: RwSignal::new(false),
            segment_form: crate::pages::segments::SegmentForm::new(),
            sql_error: RwSignal::new(None),
            deck: RwSignal::new(DeckView::default()),
            worker: StoredValue::new_local(None),
            pending: StoredValue::new_local(Some(Vec::new())),
            applied: StoredValue::new_local(Vec::new()),
            index: RwSignal::new(Index::default()),
            current: RwSignal::new(String::new()),
            save: RwSignal::new(SaveState::Idle),
            known_rev: StoredValue::new(0),
            unsaved: StoredValue::new(None),
            hold: StoredValue::new(false),
            importing: StoredValue::new(None),
            open_from: StoredValue::new(None),
            deleted: RwSignal::new(Vec::new()),
            ws_notice: RwSignal::new(None),
            ws_link: RwSignal::new(None),
            link: RwSignal::new(None),
            shared: RwSignal::new(None),
            journeys: RwSignal::new(None),
            activation: RwSignal::new(None),
            journey_progress: RwSignal::new(None),
            journey_error: RwSignal::new(None),
            journey_link: RwSignal::new(None),
            drift: RwSignal::new(None),
            refresh: RwSignal::new((None, false, false)),
            diff: RwSignal::new(None),
        }
    }

    /// Sends a request to the worker, starting it on first use.
    pub fn send(&self, request: &WorkerRequest, files: &[File]) {
        if matches!(request, WorkerRequest::Import | WorkerRequest::Sample { .. }) {
            self.busy.set(true);
            self.file_errors.set(Vec::new());
            self.notice.set(None);
        }
        // (a segment's name goes as an input too, but is no journey)
        let journeys = match request {
            WorkerRequest::Input(i) => i.action != "name-segment",
            r => matches!(r, WorkerRequest::Journeys | WorkerRequest::Activation),
        };
        if journeys {
            self.journey_error.set(None);
            if self.journey_progress.get_untracked().is_none() {
                self.journey_progress.set(Some("Working out the journeys\u{2026}".into()));
            }
        }
        if matches!(request, WorkerRequest::Deck(DeckAction::Add) | WorkerRequest::SaveShared { .. }) {
            self.open_from.set_value(window().location().hash().ok());
        }
        if matches!(request, WorkerRequest::Segment { .. } | WorkerRequest::Refresh) {
            self.segmenting.set(true);
            self.segment_error.set(None);
            self.sql_error.set(None);
            self.segment_progress.set(None);
        }
        let worker = match self.worker.get_value() {
            Some(w) => w,
            None => match self.start_worker() {
                Ok(w) => w,
                Err(e) => {
                    self.busy.set(false);
                    self.notice.set(Some(format!("The analysis worker could not start: {e}")));
                    return;
                }
            },
        };
        let msg = js_sys::Object::new();
        let json = serde_json::to_string(request).unwrap_or_default();
        let list = js_sys::Array::new();
        for f in files {
            list.push(f);
        }
        let _ = js_sys::Reflect::set(&msg, &"request".into(), &json.into());
        let _ = js_sys::Reflect::set(&msg, &"files".into(), &list);
        let queued =
            self.pending.try_update_value(|p| p.as_mut().map(|q| q.push(msg.clone())).is_some()).unwrap_or(false);
        if !queued {
            self.post(&worker, &msg);
        }
    }

    fn post(&self, worker: &Worker, msg: &js_sys::Object) {
        if let Err(e) = worker.post_message(msg) {
            self.busy.set(false);
            self.notice.set(Some(format!("The analysis worker did not take the request: {e:?}")));
        }
    }

    /// A segmentation's results: the form shows what it was asked for, the page draws it.
    pub fn show_segments(&self, mut digest: SegmentsView) {
        self.segment_form.show(&digest);
        self.segment_results.set(Some(std::mem::take(&mut digest.results)));
        self.segmentation.set(Some(digest));
    }

    fn start_worker(&self) -> Result<Worker, String> {
        let opts = WorkerOptions::new();
        // Trunk's loader for a `web`-target worker is an ES module (`import init from './worker.js'`)
        opts.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_URL, &opts).map_err(|e| format!("{e:?}"))?;
        let state = *self;
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(response) = protocol::response_in(&ev.data()) else { return };
            match response {
                Ok(msg) => state.receive(msg),
                Err(_) => state.notice.set(Some("The analysis worker sent a message the page could not read.".into())),
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
        let state = *self;
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            state.busy.set(false);
            state.segmenting.set(false);
            state.progress.set(None);
            state.notice.set(Some("The analysis worker failed. Your files were not changed; try again.".into()));
        });
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        onerror.forget();
        self.worker.set_value(Some(worker.clone()));
        Ok(worker)
    }

    fn receive(&self, msg: WorkerResponse) {
        match msg {
            WorkerResponse::Ready => {
                let queued = self.pending.try_update_value(Option::take).flatten().unwrap_or_default();
                if let Some(worker) = self.worker.get_value() {
                    for m in &queued {
                        self.post(&worker, m);
                    }
                }
            }
            WorkerResponse::Progress(p) => self.progress.set(Some(p)),
            WorkerResponse::FileError { file, message } => self.file_errors.update(|v| v.push((file, message))),
            WorkerResponse::Cancelled => {
                self.notice.set(Some("Import cancelled. Files finished before you cancelled are kept.".into()))
            }
            WorkerResponse::SegmentProgress { done, total, stage } => {
                self.segment_progress.set(Some((done, total, stage)))
            }
            WorkerResponse::Segmented(digest) => {
                self.stale.set(false);
                self.segmenting.set(false);
                self.segment_progress.set(None);
                self.show_segments(*digest);
            }
            WorkerResponse::Named(results) => self.segment_results.set(Some(results)),
            WorkerResponse::Deck(view) => {
                // (not if the user has gone to another page meanwhile)
                let asked_from = self.open_from.try_update_value(Option::take).flatten();
                if let Some(id) =
                    view.open.filter(|_| asked_from.is_none_or(|h| window().location().hash().ok() == Some(h)))
                {
                    let _ = window().location().set_hash(&format!("#/personas/{id}"));
                }
                self.deck.set(*view);
            }
            WorkerResponse::SqlFailed(message) => self.sql_error.set(Some(message)),
            WorkerResponse::SegmentFailed(message) => {
                self.segmenting.set(false);
                self.segment_progress.set(None);
                self.segment_error.set(Some(message));
            }
            WorkerResponse::Snapshot { text, personas } => {
                self.unsaved.set_value(Some((text, personas)));
                self.store();
            }
            WorkerResponse::Restored { summary } => {
                if let Some((id, name)) = self.importing.try_update_value(Option::take).flatten() {
                    self.ws_notice.set(Some(format!("Imported “{name}”.")));
                    // saved as the worker reads it, so the list says its personas and when
                    self.send(&WorkerRequest::Rename { name: self.name_of(&id) }, &[]);
                }
                self.summary.set(summary);
            }
            WorkerResponse::RestoreFailed(why) => self.restore_failed(why),
            WorkerResponse::Exported { file_name, text, mime } => download(&file_name, &text, &mime),
            WorkerResponse::JourneyProgress(p) => self.journey_progress.set((!p.is_empty()).then_some(p)),
            WorkerResponse::Journeys(view) => {
                self.journey_progress.set(None);
                self.journeys.set(Some(*view));
            }
            WorkerResponse::Activation(view) => self.activation.set(Some(*view)),
            WorkerResponse::JourneyFailed(why) => {
                self.journey_progress.set(None);
                self.journey_error.set(Some(why));
            }
            WorkerResponse::Link { id, text } => self.link.set(Some(Ok((id, text)))),
            WorkerResponse::LinkFailed { opening: true, message } => self.shared.set(Some(Err(message))),
            WorkerResponse::LinkFailed { opening: false, message } => self.link.set(Some(Err(message))),
            WorkerResponse::Shared { name, document, workspace, journey } => {
                self.shared.set(Some(Ok((name, document, workspace, journey))))
            }
            WorkerResponse::JourneyLink(link) => {
                self.journey_progress.set(None);
                self.journey_link.set(Some(link));
            }
            WorkerResponse::WorkspaceLink(link) => self.ws_link.set(Some(link)),
            WorkerResponse::Drift(view) => self.drift.set(view.map(|v| *v)),
            WorkerResponse::RefreshState { last_run, keep_ids, unrecorded } => {
                self.refresh.set((last_run, keep_ids, unrecorded))
            }
            WorkerResponse::Diff { id, html } => self.diff.set(Some((id, html))),
            // only the benchmark script's own worker asks for this
            WorkerResponse::BenchmarkDone { .. } => {}
            WorkerResponse::Summary { summary: s, importing, stale } => {
                self.stale.set(stale);
                self.busy.set(importing);
                if !importing {
                    self.progress.set(None);
                }
                self.apply_remembered(&s);
                self.summary.set(s);
            }
        }
    }

    /// Opens the workspace this browser had open last (or starts the first one).
    pub fn start(&self) {
        let mut index = match storage::index() {
            Ok(index) => index,
            Err(why) => {
                self.save.set(SaveState::Off(why));
                return;
            }
        };
        if index.entry(&index.current).is_none() {
            index.current = match index.list.first() {
                Some(e) => e.id.clone(),
                None => index.add("My workspace".to_owned(), js_sys::Date::now()),
            };
            let _ = storage::write_index(&index);
        }
        let id = index.current.clone();
        self.index.set(index);
        self.open(&id);
    }

    fn name_of(&self, id: &str) -> String {
        self.index.with_untracked(|i| i.entry(id).map(|e| e.name.clone())).unwrap_or_else(|| self.held_name(id, false))
    }

    /// The name of workspace `id` once another tab deleted it (this tab still shows it), or
    /// empty; `track` for the bar that shows it.
    fn held_name(&self, id: &str, track: bool) -> String {
        let held = |s: &SaveState| match s {
            SaveState::Deleted(name, _) if *id == *self.current.get_untracked() => name.clone(),
            _ => String::new(),
        };
        if track { self.save.with(held) } else { self.save.with_untracked(held) }
    }

    /// The current workspace's name, as the bar shows it.
    fn shown_name(&self) -> String {
        let id = self.current.get();
        self.index.with(|i| i.entry(&id).map(|e| e.name.clone())).unwrap_or_else(|| self.held_name(&id, true))
    }

    /// Opens a workspace of the index in this tab: its stored text, or an empty one.
    pub fn open(&self, id: &str) {
        self.open_as(id, true);
    }

    /// Opens a workspace; `chosen` when the user opened it (reopening the app brings it back),
    /// not when this tab reads it again after another tab stored it.
    fn open_as(&self, id: &str, chosen: bool) {
        let mut index = storage::index().unwrap_or_else(|_| self.index.get_untracked());
        let (name, rev) = index.entry(id).map_or((String::new(), 0), |e| (e.name.clone(), e.rev));
        // reopening the app brings back the workspace opened last, changed since or not
        if chosen && index.current != id && index.entry(id).is_some() {
            index.current = id.to_owned();
            let _ = storage::write_index(&index);
        }
        self.index.set(index);
        self.current.set(id.to_owned());
        self.known_rev.set_value(rev);
        self.unsaved.set_value(None);
        self.hold.set_value(false);
        self.save.set(SaveState::Idle);
        self.segmentation.set(None);
        self.segment_results.set(None);
        self.segment_form.reset();
        self.deck.set(DeckView::default());
        self.drift.set(None);
        self.refresh.set((None, false, false));
        self.diff.set(None);
        self.journeys.set(None);
        self.activation.set(None);
        match storage::get(&storage::entry_key(id)) {
            Ok(Some(text)) => self.send(&WorkerRequest::Restore { name, text }, &[]),
            // a first visit starts no worker: it starts on the first import
            Ok(None) if self.worker.with_value(Option::is_none) => {}
            Ok(None) => self.send(&WorkerRequest::Reset { name }, &[]),
            Err(why) => self.save.set(SaveState::Off(why)),
        }
    }

    /// Stores the last snapshot, unless another tab saved since (then the user chooses).
    fn store(&self) {
        let Some((text, personas)) = self.unsaved.get_value() else { return };
        if self.hold.get_value() {
            return;
        }
        let id = self.current.get_untracked();
        match storage::save(&id, &self.name_of(&id), &text, personas, self.known_rev.get_value()) {
            Ok(rev) => {
                self.known_rev.set_value(rev);
                self.unsaved.set_value(None);
                self.save.set(SaveState::Saved);
                if let Ok(index) = storage::index() {
                    self.index.set(index);
                }
            }
            Err(SaveError::Full) => self.save.set(SaveState::Full),
            Err(SaveError::Conflict) => self.save.set(SaveState::Conflict),
            Err(SaveError::Refused(why)) => self.save.set(SaveState::Off(why)),
        }
    }

    /// Another tab stored something: take its version of this workspace when this tab has
    /// nothing unsaved, else let the user choose.
    pub fn storage_changed(&self, key: Option<String>) {
        let id = self.current.get_untracked();
        // (named before the index that no longer names it, if deleted)
        let name = self.name_of(&id);
        if let Ok(index) = storage::index() {
            self.index.set(index);
        }
        let entry = storage::entry_key(&id);
        if key.as_deref() != Some(entry.as_str()) {
            return;
        }
        // deleted in another tab (a save never removes it): this tab keeps what it shows and
        // saves nothing over the deletion, so that the other tab's "Undo" finds it as it was
        if matches!(storage::get(&entry), Ok(None)) {
            self.hold.set_value(true);
            let said = if name.is_empty() { "This workspace".to_owned() } else { format!("\u{201c}{name}\u{201d}") };
            self.save.set(SaveState::Deleted(name, format!(
                "{said} was deleted in another tab. This tab still shows it but saves nothing more: export it as a file to keep it, or undo the delete in the other tab."
            )));
            return;
        }
        // (back again: the other tab's "Undo", or a save there)
        self.hold.set_value(false);
        if self.unsaved.with_value(Option::is_some) {
            self.save.set(SaveState::Conflict);
        } else {
            self.open_as(&id, false);
            self.ws_notice.set(Some("This workspace was changed in another tab: you now see that version.".into()));
        }
    }

    /// Settles a conflict: `mine` keeps this tab's version (over the other tab's), else the
    /// other tab's version is opened here.
    pub fn settle(&self, mine: bool) {
        let id = self.current.get_untracked();
        if mine {
            let rev = storage::index().ok().and_then(|i| i.entry(&id).map(|e| e.rev)).unwrap_or(0);
            self.known_rev.set_value(rev);
            self.store();
        } else {
            self.open(&id);
        }
    }

    fn restore_failed(&self, why: String) {
        let id = self.current.get_untracked();
        let name = self.name_of(&id);
        if let Some((file_id, file)) = self.importing.try_update_value(Option::take).flatten() {
            storage::remove(&storage::entry_key(&file_id));
            let mut index = storage::index().unwrap_or_default();
            index.list.retain(|e| e.id != file_id);
            let back = index.list.first().map(|e| e.id.clone());
            let _ = storage::write_index(&index);
            self.ws_notice.set(Some(format!("“{file}” is not a workspace this app can open: {why}.")));
            match back {
                Some(back) => self.open(&back),
                None => self.start(),
            }
            return;
        }
        match storage::keep_aside(&id) {
            Ok(_) => {
                self.ws_notice.set(Some(format!(
                    "Your saved workspace “{name}” could not be opened: {why}. It is kept aside as a backup in this browser, and “{name}” starts afresh."
                )));
                self.send(&WorkerRequest::Reset { name }, &[]);
            }
            Err(_) => {
                self.hold.set_value(true);
                self.save.set(SaveState::Off(format!(
                    "Your saved workspace “{name}” could not be opened ({why}) nor backed up; nothing will be saved over it."
                )));
            }
        }
    }

    /// The current workspace's text: the unsaved snapshot, else the stored one.
    pub fn current_text(&self) -> Option<String> {
        self.unsaved
            .get_value()
            .map(|(t, _)| t)
            .or_else(|| storage::get(&storage::entry_key(&self.current.get_untracked())).ok().flatten())
    }

    /// A new, empty workspace, opened.
    pub fn new_workspace(&self) {
        let Ok(mut index) = storage::index() else { return };
        let id = index.add(index.free_name("Workspace"), js_sys::Date::now());
        if storage::write_index(&index).is_err() {
            self.save.set(SaveState::Full);
            return;
        }
        self.open(&id);
    }

    pub fn rename(&self, id: &str, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            // no name: the list shows the old one again
            if let Ok(index) = storage::index() {
                self.index.set(index);
            }
            return;
        }
        let Ok(mut index) = storage::index() else { return };
        if let Some(e) = index.entry_mut(id) {
            e.name = name.to_owned();
        }
        let _ = storage::write_index(&index);
        self.index.set(index);
        if id == self.current.get_untracked() {
            self.send(&WorkerRequest::Rename { name: name.to_owned() }, &[]);
        }
    }

    /// A copy of a workspace under a new name (not opened).
    pub fn duplicate(&self, id: &str) {
        let Ok(mut index) = storage::index() else { return };
        let text = if id == self.current.get_untracked() {
            self.current_text()
        } else {
            storage::get(&storage::entry_key(id)).ok().flatten()
        };
        let Some(source) = index.entry(id).cloned() else { return };
        let name = index.free_name(&format!("{} (copy)", source.name));
        let copy = index.add(name, js_sys::Date::now());
        if let Some(text) = text {
            if storage::set_entry(&copy, &text).is_err() {
                self.save.set(SaveState::Full);
                return;
            }
            if let Some(e) = index.entry_mut(&copy) {
                e.rev = 1;
                e.saved = js_sys::Date::now();
                e.personas = source.personas;
            }
        }
        let _ = storage::write_index(&index);
        self.index.set(index);
    }

    /// Deletes a workspace; "Undo" brings it back while this tab is open.
    pub fn delete(&self, id: &str) {
        let Ok(mut index) = storage::index() else { return };
        let Some(entry) = index.entry(id).cloned() else { return };
        let key = storage::entry_key(id);
        let text =
            if id == self.current.get_untracked() { self.current_text() } else { storage::get(&key).ok().flatten() };
        storage::remove(&key);
        index.list.retain(|e| e.id != id);
        let _ = storage::write_index(&index);
        self.index.set(index.clone());
        self.deleted.update(|d| d.push((entry, text)));
        if id == self.current.get_untracked() {
            match index.list.first() {
                Some(e) => self.open(&e.id.clone()),
                None => self.new_workspace(),
            }
        }
    }

    pub fn undo_delete(&self) {
        let Some((entry, text)) = self.deleted.with_untracked(|d| d.last().cloned()) else { return };
        let Ok(mut index) = storage::index() else { return };
        if let Some(text) = &text
            && storage::set_entry(&entry.id, text).is_err()
        {
            self.save.set(SaveState::Full);
            return;
        }
        // (once only, should another tab have listed it again since)
        index.list.retain(|e| e.id != entry.id);
        index.list.push(entry);
        let _ = storage::write_index(&index);
        self.index.set(index);
        self.deleted.update(|d| {
            d.pop();
        });
    }

    /// Imports a workspace file: a new workspace with its text, opened (the worker checks it).
    pub fn import_workspace(&self, file_name: &str, text: String) {
        let Ok(mut index) = storage::index() else { return };
        let base = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
        let base = if base.trim().is_empty() { "Imported workspace" } else { base.trim() };
        let id = index.add(index.free_name(base), js_sys::Date::now());
        if storage::set_entry(&id, &text).is_err() {
            self.save.set(SaveState::Full);
            return;
        }
        if let Some(e) = index.entry_mut(&id) {
            e.rev = 1;
        }
        let _ = storage::write_index(&index);
        self.importing.set_value(Some((id.clone(), file_name.to_owned())));
        self.open(&id);
    }

    /// Files whose header was seen before get the roles the user chose then.
    fn apply_remembered(&self, s: &ImportSummary) {
        for (i, f) in s.files.iter().enumerate() {
            let sig = f.signature.clone();
            if self.applied.with_value(|a| a.contains(&sig)) {
                continue;
            }
            self.applied.update_value(|a| a.push(sig.clone()));
            if let Some(roles) = storage::remembered_roles(&sig) {
                let differs = f.columns.iter().any(|c| roles.iter().any(|(n, r)| *n == c.name && *r != c.role));
                if differs {
                    self.send(&WorkerRequest::ApplyRoles { file: i, roles }, &[]);
                }
            }
        }
    }

    /// Changes the persona deck (the worker keeps it and sends it back drawn).
    pub fn deck(&self, action: DeckAction) {
        self.send(&WorkerRequest::Deck(action), &[]);
    }

    /// The user picked a role: tell the worker and remember the file's mapping.
    pub fn set_role(&self, file: usize, column: usize, role: Role) {
        self.send(&WorkerRequest::SetRole { file, column, role }, &[]);
        let mapping = self.summary.with_untracked(|s| {
            s.files.get(file).map(|f| {
                let roles: Vec<(String, Role)> =
                    f.columns.iter().map(|c| (c.name.clone(), if c.index == column { role } else { c.role })).collect();
                (f.signature.clone(), roles)
            })
        });
        if let Some((sig, roles)) = mapping
            && let Err(e) = storage::remember_roles(&sig, &roles)
        {
            self.notice.set(Some(e));
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// Offers `text` as a file download named `file_name` (made here, never sent anywhere).
pub fn download(file_name: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document().create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
    }
    // the download reads the URL after this task: free it once it surely has
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(60));
}

impl AppState {
    /// Downloads the current workspace as a file (what a full or disabled storage offers).
    pub fn export(&self) {
        let name = self.name_of(&self.current.get_untracked());
        // (the worker writes it: without the refresh record, which stays in this browser)
        match self.current_text() {
            Some(_) if self.worker.with_value(Option::is_some) => self.send(
                &WorkerRequest::ExportWorkspace { file_name: format!("{}.persona-workspace", file_stem(&name)) },
                &[],
            ),
            _ => self.ws_notice.set(Some("There is nothing in this workspace to export yet.".into())),
        }
    }
}

/// A file name's stem from a workspace name: letters, digits, spaces, dashes and dots only.
pub fn file_stem(name: &str) -> String {
    let stem: String = name.chars().map(|c| if c.is_alphanumeric() || " -_".contains(c) { c } else { '-' }).collect();
    if stem.trim().is_empty() { "workspace".to_owned() } else { stem.trim().to_owned() }
}

/// The pages, addressed by the URL fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Data,
    Segments,
    Personas,
    Persona(u64),
    Journeys,
    Activation,
    /// What changed at the last refresh with new data.
    Changes,
    Workspaces,
    /// A share link's text, opened read-only.
    Share(String),
    /// The same, without the app's chrome, for an iframe.
    Embed(String),
    NotFound,
}

impl Route {
    /// The document's title on this page: the page's name (the persona's, on a persona's page,
    /// when it is known), then the app's.
    pub fn title(&self, persona: Option<&str>) -> String {
        let page = match self {
            Route::Data => "Your data",
            Route::Segments => "Segments",
            Route::Personas => "Personas",
            Route::Persona(_) => match persona.map(str::trim).filter(|n| !n.is_empty()) {
                Some(name) => return format!("{name} \u{b7} Personas \u{b7} Persona Studio"),
                None => "Persona",
            },
            Route::Journeys => "Journeys",
            Route::Activation => "Activation",
            Route::Changes => "Changes",
            Route::Workspaces => "Workspaces",
            Route::Share(_) | Route::Embed(_) => "Shared",
            Route::NotFound => "Page not found",
        };
        format!("{page} \u{b7} Persona Studio")
    }

    /// Reads a fragment such as `#/data`; the empty fragment is the start page.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        // a link's text never holds '?' (base64url), so a query after it is dropped too
        let path = path.split('?').next().unwrap_or("");
        let mut parts = path.split('/');
        match (parts.next().unwrap_or(""), parts.next().filter(|p| !p.is_empty()), parts.next()) {
            // (`#main`: the skip link's target, opened in a tab of its own)
            ("" | "data" | "main", None, None) => Route::Data,
            ("segments", None, None) => Route::Segments,
            ("personas", None, None) => Route::Personas,
            ("personas", Some(id), None) => id.parse().map_or(Route::NotFound, Route::Persona),
            ("journeys", None, None) => Route::Journeys,
            ("activation", None, None) => Route::Activation,
            ("changes", None, None) => Route::Changes,
            ("workspaces", None, None) => Route::Workspaces,
            ("share", Some(text), None) => Route::Share(text.to_owned()),
            ("embed", Some(text), None) => Route::Embed(text.to_owned()),
            _ => Route::NotFound,
        }
    }
}

fn current_route() -> Route {
    let hash = window().location().hash().unwrap_or_default();
    Route::from_hash(&hash)
}

/// Puts the keyboard's focus at the top of the page (its `main`, which takes it by script).
pub fn focus_main() {
    if let Some(main) = document().get_element_by_id("main").and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = main.focus();
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let (route, set_route) = signal(current_route());
    // a new page takes the keyboard's focus to its top (the link that led there is gone)
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(current_route());
        focus_main();
    });
    on_cleanup(move || handle.remove());
    // another tab stored something
    let storage = window_event_listener(leptos::ev::storage, move |ev| state.storage_changed(ev.key()));
    on_cleanup(move || storage.remove());
    crate::chart_export::listen();
    // Escape closes the evidence line the focus is in and leaves the focus on its figure
    let escape = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.key() != "Escape" {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let Some(open) = target.and_then(|el| el.closest("details.evidence[open]").ok().flatten()) {
            let _ = open.remove_attribute("open");
            let summary = open.query_selector("summary").ok().flatten();
            if let Some(summary) = summary.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = summary.focus();
            }
        }
    });
    on_cleanup(move || escape.remove());
    // a link opened in an iframe or on its own shows only what it holds
    if !matches!(route.get_untracked(), Route::Embed(_)) {
        state.start();
    }
    // the tab, the history and a printed PDF's name say which page (and which persona) it is
    Effect::new(move |_| {
        let route = route.get();
        let persona = match route {
            Route::Persona(id) => state.deck.with(|d| d.personas.iter().find(|p| p.id == id).map(|p| p.name.clone())),
            _ => None,
        };
        document().set_title(&route.title(persona.as_deref()));
    });
    let page = move || match route.get() {
        Route::Data => view! { <DataPage /> }.into_any(),
        Route::Segments => view! { <SegmentsPage /> }.into_any(),
        Route::Personas => view! { <PersonasPage /> }.into_any(),
        Route::Persona(id) => view! { <PersonaPage id /> }.into_any(),
        Route::Journeys => view! { <JourneysPage /> }.into_any(),
        Route::Activation => view! { <ActivationPage /> }.into_any(),
        Route::Changes => view! { <ChangesPage /> }.into_any(),
        Route::Workspaces => view! { <WorkspacesPage /> }.into_any(),
        Route::Share(text) => view! { <SharePage text embed=false /> }.into_any(),
        Route::Embed(text) => view! { <SharePage text embed=true /> }.into_any(),
        Route::NotFound => view! {
            <section class="page" data-testid="not-found">
                <h1>"Page not found"</h1>
                <p><a href="#/data">"Go to your data"</a></p>
            </section>
        }
        .into_any(),
    };
    let embedded = move || matches!(route.get(), Route::Embed(_));
    let workspace = move || state.shown_name();
    // past the eight links of the bar to the page (routes live in the hash, so the link moves
    // the focus rather than the address)
    let skip = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        focus_main();
    };
    view! {
            <header class="topbar" hidden=embedded>
                <a class="skip-link" href="#main" data-testid="skip-link" on:click=skip>"Skip to the page"</a>
                <a class="brand" href="#/data">"Persona Studio"</a>
                <nav aria-label="Main">
                    <a href="#/data" data-testid="nav-data" aria-current=move || (route.get() == Route::Data).then_some("page")>
                        "Data"
                    </a>
                    <a href="#/segments" data-testid="nav-segments" aria-current=move || (route.get() == Route::Segments).then_some("page")>
                        "Segments"
                    </a>
                    <a href="#/personas" data-testid="nav-personas" aria-current=move || matches!(route.get(), Route::Personas | Route::Persona(_)).then_some("page")>
                        "Personas"
                    </a>
                    <a href="#/journeys" data-testid="nav-journeys" aria-current=move || (route.get() == Route::Journeys).then_some("page")>
                        "Journeys"
                    </a>
                    <a href="#/activation" data-testid="nav-activation" aria-current=move || (route.get() == Route::Activation).then_some("page")>
                        "Activation"
                    </a>
                    <a href="#/changes" data-testid="nav-changes" aria-current=move || (route.get() == Route::Changes).then_some("page")>
                        "Changes"
                    </a>
                    <a href="#/workspaces" data-testid="nav-workspaces" aria-current=move || (route.get() == Route::Workspaces).then_some("page")>
                        "Workspace: " <span data-testid="workspace-name">{workspace}</span>
                    </a>
                </nav>
                <SaveStatus />
                <span class="privacy-badge" title="Your files are read by this page only. Nothing is uploaded.">
                    "Private: nothing leaves this browser"
                </span>
            </header>
        <p class="notice workspace-notice" role="status" data-testid="workspace-notice" hidden=move || state.ws_notice.with(Option::is_none)>
            {move || state.ws_notice.get().unwrap_or_default()} " "
            <button type="button" class="button small" data-testid="dismiss-notice" on:click=move |_| state.ws_notice.set(None)>"Dismiss"</button>
        </p>
        <main id="main" tabindex="-1" class:embedded=embedded>{page}</main>
    }
}

/// Whether the last change is kept, always in view; what to do when it is not.
#[component]
fn SaveStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-action]").ok().flatten())
            .and_then(|el| el.get_attribute("data-action"));
        match action.as_deref() {
            Some("keep-mine") => state.settle(true),
            Some("use-theirs") => state.settle(false),
            Some("export") => state.export(),
            _ => {}
        }
    };
    view! {
        <span class="save-state" role="status" data-testid="save-state" data-state=move || state.save.with(SaveState::key)>
            {move || state.save.with(SaveState::label)}
        </span>
        <div class="save-problem" role="alert" data-testid="save-problem" hidden=move || state.save.with(|s| s.problem().is_none())
            on:click=on_click inner_html=move || state.save.with(SaveState::problem).unwrap_or_default()></div>
    }
}

impl SaveState {
    fn key(&self) -> &'static str {
        match self {
            SaveState::Idle | SaveState::Saved => "saved",
            SaveState::Full => "full",
            SaveState::Conflict => "conflict",
            SaveState::Off(_) | SaveState::Deleted(..) => "off",
        }
    }

    fn label(&self) -> &'static str {
        match self {
            SaveState::Idle => "Kept in this browser",
            SaveState::Saved => "All changes saved",
            SaveState::Full => "Not saved: this browser's storage is full",
            SaveState::Conflict => "Changed in another tab",
            SaveState::Off(_) => "Not saved: storage is off",
            SaveState::Deleted(..) => "Not saved: deleted in another tab",
        }
    }

    /// What went wrong and the buttons that deal with it, as HTML; `None` when all is kept.
    fn problem(&self) -> Option<String> {
        let button = |action: &str, label: &str| {
            format!(
                r#"<button type="button" class="button small" data-action="{action}" data-testid="{action}">{label}</button>"#
            )
        };
        let export = button("export", "Export as a file");
        let why = match self {
            SaveState::Idle | SaveState::Saved => return None,
            SaveState::Off(why) | SaveState::Deleted(_, why) => crate::persona_doc::esc(why),
            SaveState::Full => "Your last change is not saved; everything saved before it is kept. Export the workspace as a file to keep it, or free space by deleting a workspace.".to_owned(),
            SaveState::Conflict => format!(
                "This workspace was saved in another tab while you changed it here. Choose which version to keep.</p><p>{}{}",
                button("keep-mine", "Keep this tab's version"),
                button("use-theirs", "Use the other tab's version")
            ),
        };
        Some(format!("<p>{why}</p>{export}"))
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    /// A tab, the history and a saved PDF tell the pages and the personas apart.
    #[test]
    fn each_page_and_persona_has_a_title_of_its_own() {
        assert_eq!(Route::Segments.title(None), "Segments \u{b7} Persona Studio");
        assert_eq!(Route::Persona(3).title(Some("Ariel Patel")), "Ariel Patel \u{b7} Personas \u{b7} Persona Studio");
        assert_eq!(Route::Persona(3).title(Some(" ")), "Persona \u{b7} Persona Studio", "no name yet");
        assert_eq!(Route::NotFound.title(None), "Page not found \u{b7} Persona Studio");
    }

    #[test]
    fn routes_come_from_the_fragment() {
        for (hash, want) in [
            ("", Route::Data),
            ("#", Route::Data),
            ("#/data", Route::Data),
            ("#/data?x=1", Route::Data),
            ("#main", Route::Data),
            ("#/segments", Route::Segments),
            ("#/segments/", Route::Segments),
            ("#/personas", Route::Personas),
            ("#/personas/12", Route::Persona(12)),
            ("#/personas/x", Route::NotFound),
            ("#/personas/1/2", Route::NotFound),
            ("#/data/extra", Route::NotFound),
            ("#/workspaces", Route::Workspaces),
            ("#/journeys", Route::Journeys),
            ("#/activation", Route::Activation),
            ("#/changes", Route::Changes),
            ("#/share/p1.abc", Route::Share("p1.abc".into())),
            ("#/embed/p1.abc", Route::Embed("p1.abc".into())),
            ("#/share/", Route::NotFound),
            ("#/nope", Route::NotFound),
        ] {
            assert_eq!(Route::from_hash(hash), want, "{hash}");
        }
    }
}
