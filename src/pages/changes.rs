//! Refresh with new data, and the Changes page: what changed between the run before the last
//! refresh and the latest one. The report is drawn by the worker ([`crate::drift_doc`]).

use leptos::html::Input;
use leptos::prelude::*;
use web_sys::File;

use crate::app::AppState;
use crate::components::import_progress::ImportProgress;
use crate::pages::journeys::WorkerHtml;
use crate::protocol::WorkerRequest;

/// "Refresh with new data": pick next month's files (they replace the files here), and the
/// consent to keep a hashed record of customers' segments. Shown once there is a run.
#[component]
pub fn RefreshPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let input = NodeRef::<Input>::new();
    let last = move || state.refresh.with(|r| r.0.clone());
    let refresh = move |list: Option<web_sys::FileList>| {
        let files: Vec<File> = list.map_or(Vec::new(), |l| (0..l.length()).filter_map(|i| l.get(i)).collect());
        if !files.is_empty() && !state.busy.get_untracked() && !state.segmenting.get_untracked() {
            state.segment_error.set(None);
            state.send(&WorkerRequest::Refresh, &files);
            let _ = window().location().set_hash("#/changes");
        }
    };
    let on_pick = move |_| {
        let Some(el) = input.get() else { return };
        refresh(el.files());
        el.set_value("");
    };
    // next month's files can also be dropped on the panel
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        refresh(ev.data_transfer().and_then(|d| d.files()));
    };
    view! {
        <Show when=move || last().is_some()>
            <section
                class="refresh-panel"
                data-testid="refresh-panel"
                aria-labelledby="refresh-title"
                on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <h2 id="refresh-title">"Refresh with new data"</h2>
                <p>
                    "Load next month's export in place of these files: it is read with the same roles, segmented with the same settings, and compared with the latest run ("
                    <span data-testid="last-run">{last}</span>
                    "). Every persona keeps your edits and gets a new version. Choose the files, or drop them here."
                </p>
                <label class="consent">
                    <input
                        type="checkbox"
                        data-testid="keep-ids"
                        prop:checked=move || state.refresh.with(|r| r.1)
                        on:change=move |ev| state.send(&WorkerRequest::KeepIds(event_target_checked(&ev)), &[])
                    />
                    " Keep a record of which segment each customer was in, to follow customers from one export to the next: up to 8,000 customers, as salted hashes of their ids, kept in this browser only: exported files and links leave the record out. The hashes are not the ids, but someone with this browser's storage could try every possible id against them, which is quick when ids are numbered. Without it, segments are compared by their centres."
                </label>
                <p class="notice" role="status" data-testid="no-record" hidden=move || !state.refresh.with(|r| r.2)>
                    "The latest run has no record: its customers were not at hand when you agreed (a saved workspace keeps no ids). The next refresh compares segments by their centres, and the record starts with it; to compare by customers, find segments again with the same files first."
                </p>
                <p class="actions">
                    // the input inside its label: the label shows the keyboard focus
                    <label class="button primary">
                        "Choose the new files\u{2026}"
                        <input
                            id="refresh-files"
                            class="visually-hidden"
                            type="file"
                            multiple
                            accept=".csv,.tsv,.txt,text/csv,text/plain"
                            data-testid="refresh-input"
                            node_ref=input
                            on:change=on_pick
                            disabled=move || state.busy.get() || state.segmenting.get()
                        />
                    </label>
                </p>
            </section>
        </Show>
    }
}

#[component]
pub fn ChangesPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let progress = move || {
        state
            .segment_progress
            .with(|p| p.as_ref().map(|(d, t, s)| format!("Segmenting: {s} ({}%)", d * 100 / (*t).max(1))))
    };
    view! {
        <section class="page changes-page" data-testid="changes-page">
            <h1>"What changed"</h1>
            <p class="lede">
                "Between the data before your last refresh and the latest run: which segments continued, grew, shrank, split, are new or vanished, what moved within them, and how customers flowed between them."
            </p>
            <ImportProgress />
            <p class="progress-text" role="status" data-testid="changes-progress" hidden=move || progress().is_none()>
                {move || progress().unwrap_or_default()}
            </p>
            <p class="error" role="alert" data-testid="changes-error" hidden=move || state.segment_error.with(Option::is_none)>
                {move || state.segment_error.get().unwrap_or_default()}
            </p>
            <Show when=move || state.drift.with(Option::is_none) && state.segment_progress.with(Option::is_none)>
                <p data-testid="no-changes">
                    "Nothing to compare yet. Run the analysis on this month's files, then use \u{201c}Refresh with new data\u{201d} with next month's export."
                </p>
            </Show>
            <WorkerHtml view=state.drift />
            <RefreshPanel />
        </section>
    }
}
