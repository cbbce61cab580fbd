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
use crate::pages::data::DataPage;
use crate::pages::persona::PersonaPage;
use crate::pages::personas::PersonasPage;
use crate::pages::segments::SegmentsPage;
use crate::protocol::{Progress, WorkerRequest, WorkerResponse};
use crate::storage;

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
    pub segmenting: RwSignal<bool>,
    /// (done, total, stage) of a segmentation run.
    pub segment_progress: RwSignal<Option<(usize, usize, String)>>,
    pub segment_error: RwSignal<Option<String>>,
    /// The personas as the worker, which keeps them with the user's edits, last drew them.
    pub deck: RwSignal<DeckView>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
    /// Messages posted before the worker said it is ready.
    pending: StoredValue<Option<Vec<js_sys::Object>>, LocalStorage>,
    /// Header signatures whose remembered roles were already applied.
    applied: StoredValue<Vec<String>, LocalStorage>,
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
            segmenting: RwSignal::new(false),
            segment_progress: RwSignal::new(None),
            segment_error: RwSignal::new(None),
            deck: RwSignal::new(DeckView::default()),
            worker: StoredValue::new_local(None),
            pending: StoredValue::new_local(Some(Vec::new())),
            applied: StoredValue::new_local(Vec::new()),
        }
    }

    /// Sends a request to the worker, starting it on first use.
    pub fn send(&self, request: &WorkerRequest, files: &[File]) {
        if matches!(request, WorkerRequest::Import | WorkerRequest::Sample { .. }) {
            self.busy.set(true);
            self.file_errors.set(Vec::new());
            self.notice.set(None);
        }
        if matches!(request, WorkerRequest::Segment { .. }) {
            self.segmenting.set(true);
            self.segment_error.set(None);
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

    fn start_worker(&self) -> Result<Worker, String> {
        let opts = WorkerOptions::new();
        // Trunk's loader for a `web`-target worker is an ES module (`import init from './worker.js'`)
        opts.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_URL, &opts).map_err(|e| format!("{e:?}"))?;
        let state = *self;
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else { return };
            match serde_json::from_str::<WorkerResponse>(&text) {
                Ok(msg) => state.receive(msg),
                Err(e) => state.notice.set(Some(format!("Unreadable message from the worker: {e}"))),
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
                self.segmenting.set(false);
                self.segment_progress.set(None);
                self.segmentation.set(Some(*digest));
            }
            WorkerResponse::Deck(view) => {
                if let Some(id) = view.open {
                    let _ = window().location().set_hash(&format!("#/personas/{id}"));
                }
                self.deck.set(*view);
            }
            WorkerResponse::SegmentFailed(message) => {
                self.segmenting.set(false);
                self.segment_progress.set(None);
                self.segment_error.set(Some(message));
            }
            // only the benchmark script's own worker asks for this
            WorkerResponse::BenchmarkDone { .. } => {}
            WorkerResponse::Summary { summary: s, importing } => {
                self.busy.set(importing);
                if !importing {
                    self.progress.set(None);
                }
                self.apply_remembered(&s);
                self.summary.set(s);
            }
        }
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

/// The pages, addressed by the URL fragment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Data,
    Segments,
    Personas,
    Persona(u64),
    NotFound,
}

impl Route {
    /// Reads a fragment such as `#/data`; the empty fragment is the start page.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split('?').next().unwrap_or("");
        let mut parts = path.split('/');
        match (parts.next().unwrap_or(""), parts.next().filter(|p| !p.is_empty()), parts.next()) {
            ("" | "data", None, None) => Route::Data,
            ("segments", None, None) => Route::Segments,
            ("personas", None, None) => Route::Personas,
            ("personas", Some(id), None) => id.parse().map_or(Route::NotFound, Route::Persona),
            _ => Route::NotFound,
        }
    }
}

fn current_route() -> Route {
    let hash = window().location().hash().unwrap_or_default();
    Route::from_hash(&hash)
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let (route, set_route) = signal(current_route());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| set_route.set(current_route()));
    on_cleanup(move || handle.remove());
    view! {
        <header class="topbar">
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
            </nav>
            <span class="privacy-badge" title="Your files are read by this page only. Nothing is uploaded.">
                "Private: nothing leaves this browser"
            </span>
        </header>
        <main id="main">
            {move || match route.get() {
                Route::Data => view! { <DataPage /> }.into_any(),
                Route::Segments => view! { <SegmentsPage /> }.into_any(),
                Route::Personas => view! { <PersonasPage /> }.into_any(),
                Route::Persona(id) => view! { <PersonaPage id /> }.into_any(),
                Route::NotFound => view! {
                    <section class="page" data-testid="not-found">
                        <h1>"Page not found"</h1>
                        <p><a href="#/data">"Go to your data"</a></p>
                    </section>
                }.into_any(),
            }}
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes_come_from_the_fragment() {
        for (hash, want) in [
            ("", Route::Data),
            ("#", Route::Data),
            ("#/data", Route::Data),
            ("#/data?x=1", Route::Data),
            ("#/segments", Route::Segments),
            ("#/segments/", Route::Segments),
            ("#/personas", Route::Personas),
            ("#/personas/12", Route::Persona(12)),
            ("#/personas/x", Route::NotFound),
            ("#/personas/1/2", Route::NotFound),
            ("#/data/extra", Route::NotFound),
            ("#/nope", Route::NotFound),
        ] {
            assert_eq!(Route::from_hash(hash), want, "{hash}");
        }
    }
}
