//! The progress bar of an import, with its cancel button.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::pages::data::fmt_bytes;
use crate::protocol::WorkerRequest;

#[component]
pub fn ImportProgress() -> impl IntoView {
    let state = expect_context::<AppState>();
    let label = move || {
        state.progress.with(|p| match p {
            Some(p) => format!(
                "Reading {} ({} of {}): {} of {}",
                p.file,
                p.file_index + 1,
                p.file_count,
                fmt_bytes(p.bytes_done),
                fmt_bytes(p.bytes_total)
            ),
            None => "Starting\u{2026}".to_owned(),
        })
    };
    let percent = move || state.progress.with(|p| p.as_ref().map_or(0, |p| (p.fraction() * 100.0).round() as u32));
    view! {
        <Show when=move || state.busy.get()>
            <div class="progress" data-testid="progress">
                <label for="import-progress">{label}</label>
                <progress id="import-progress" max="100" value=percent aria-valuetext=move || format!("{}%", percent())></progress>
                <button class="button subtle" data-testid="cancel-button" on:click=move |_| {
                    state.send(&WorkerRequest::Cancel, &[]);
                    // (the button goes with the bar: the keyboard goes back to choosing files)
                    if let Some(input) = document().get_element_by_id("file-input").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = input.focus();
                    }
                }>
                    "Cancel"
                </button>
            </div>
        </Show>
    }
}
