//! Where files come in: drag and drop, a keyboard-reachable file picker, or the sample data.

use leptos::ev::DragEvent;
use leptos::html::Input;
use leptos::prelude::*;
use web_sys::{File, FileList};

use crate::app::AppState;
use crate::protocol::WorkerRequest;

/// Customers in the "Try with sample data" base.
pub const SAMPLE_CUSTOMERS: usize = 2_000;

fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[component]
pub fn DropZone() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (hover, set_hover) = signal(false);
    let input = NodeRef::<Input>::new();
    let import = move |files: Vec<File>| {
        if !files.is_empty() {
            state.send(&WorkerRequest::Import, &files);
        }
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        set_hover.set(false);
        import(files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    let on_pick = move |_| {
        if let Some(el) = input.get() {
            import(files_of(el.files()));
            el.set_value(""); // choosing the same file again fires change again
        }
    };
    view! {
        <div
            class="drop-zone"
            class:hover=hover
            data-testid="drop-zone"
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                set_hover.set(true);
            }
            on:dragleave=move |_| set_hover.set(false)
            on:drop=on_drop
        >
            <p>"Drop CSV files here"</p>
            <div class="actions">
                // (the hidden input comes first: its focus ring is drawn on the label after it)
                <input
                    id="file-input"
                    class="visually-hidden"
                    type="file"
                    multiple
                    accept=".csv,.tsv,.txt,.gz,text/csv,text/plain,application/gzip"
                    data-testid="file-input"
                    node_ref=input
                    on:change=on_pick
                />
                <label class="button primary" for="file-input" data-testid="file-label">"Choose files\u{2026}"</label>
                // (said unavailable while busy, not disabled: a disabled button loses the focus
                // the keyboard gave it, to the page's body)
                <button
                    class="button"
                    data-testid="sample-button"
                    aria-disabled=move || state.busy.get().to_string()
                    on:click=move |_| {
                        if !state.busy.get_untracked() {
                            state.send(&WorkerRequest::Sample { customers: SAMPLE_CUSTOMERS, seed: 42 }, &[]);
                        }
                    }
                >
                    "Try with sample data"
                </button>
                <Show when=move || state.summary.with(|s| !s.files.is_empty())>
                    <button class="button subtle" data-testid="clear-button" on:click=move |_| state.send(&WorkerRequest::Clear, &[])>
                        "Remove all files"
                    </button>
                </Show>
            </div>
        </div>
    }
}
