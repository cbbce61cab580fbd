//! The Data page: drop files, watch them stream in, check and correct every column.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::app::AppState;
use crate::components::drop_zone::DropZone;
use crate::components::file_card::FileCard;
use crate::components::import_progress::ImportProgress;

#[component]
pub fn DataPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A new file's card appears a frame after the one before it (each takes a few
    // milliseconds to draw; an import's summary can bring several at once).
    let shown = RwSignal::new(0usize);
    let growing = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        let total = state.summary.with(|s| s.files.len());
        if shown.get_untracked() > total {
            shown.set(total);
        }
        if shown.get_untracked() < total && !growing.replace(true) {
            let growing = growing.clone();
            crate::frames::one_per_frame(move || show_one_more(state, shown, growing));
        }
    });
    let files = move || {
        let n = shown.get();
        state.summary.with(|s| s.files.iter().take(n).enumerate().map(|(i, f)| (i, f.name.clone())).collect::<Vec<_>>())
    };
    // what was read, said to a screen reader once an import ends (the cards say it on screen)
    let read = move || {
        if state.busy.get() {
            return String::new();
        }
        state.summary.with(|s| {
            let files: Vec<String> = s
                .files
                .iter()
                .map(|f| format!("{}: {} rows, {} columns", f.name, fmt_int(f.rows), f.columns.len()))
                .collect();
            if files.is_empty() { String::new() } else { format!("Read {}.", files.join("; ")) }
        })
    };
    view! {
        <section class="page data-page" data-testid="data-page">
            <p class="visually-hidden" role="status" data-testid="files-read">{read}</p>
            <h1>"Your customer data"</h1>
            <p class="lede">
                "Drop CRM exports (customers, orders, events, feedback) as CSV. They are read by this page on your machine; nothing is uploaded, and no row is stored."
            </p>
            <DropZone />
            <ImportProgress />
            <Show when=move || state.notice.with(Option::is_some)>
                <p class="notice" role="status" data-testid="notice">{move || state.notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || state.file_errors.with(|e| !e.is_empty())>
                <div class="errors" role="alert" data-testid="file-errors">
                    <For each=move || state.file_errors.get() key=|e| e.clone() let:err>
                        <p class="error">
                            <strong>{err.0.clone()}</strong>
                            ": "
                            {err.1.clone()}
                        </p>
                    </For>
                </div>
            </Show>
            <Links />
            <crate::pages::changes::RefreshPanel />
            <For each=files key=|f| f.clone() let:file>
                <FileCard index=file.0 />
            </For>
        </section>
    }
}

/// Shows one more file's card, and asks for the next frame while some are still hidden.
fn show_one_more(state: AppState, shown: RwSignal<usize>, growing: Rc<Cell<bool>>) {
    let total = state.summary.try_with_untracked(|s| s.files.len()).unwrap_or(0);
    let n = shown.try_get_untracked().unwrap_or(total);
    if n < total {
        shown.set(n + 1);
    }
    if n + 1 < total {
        crate::frames::one_per_frame(move || show_one_more(state, shown, growing));
    } else {
        growing.set(false);
    }
}

/// How the files link to the customers file.
#[component]
fn Links() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has = move || state.summary.with(|s| !s.links.is_empty() || !s.notes.is_empty() || !s.checks.is_empty());
    view! {
        <Show when=has>
            <section class="links" data-testid="links">
                <h2>"How the files link, and what to check"</h2>
                <ul>
                    {move || {
                        state.summary.with(|s| {
                            s.links
                                .iter()
                                .map(|l| {
                                    let file = s.files.get(l.file).map(|f| f.name.clone()).unwrap_or_default();
                                    let cust = s.files.get(l.customers_file).map(|f| f.name.clone()).unwrap_or_default();
                                    let text = format!(
                                        "{file} \u{2192} {cust} by {}: {} of {} ids found; {} not in the customers file; {} customers have no row here.",
                                        l.column,
                                        fmt_int(l.matched),
                                        fmt_int(l.distinct_ids),
                                        fmt_int(l.unmatched),
                                        fmt_int(l.customers_without),
                                    );
                                    view! { <li data-testid="link">{text}</li> }
                                })
                                .collect_view()
                        })
                    }}
                    // notes, then the checks (what cannot be right), in one list
                    {move || state.summary.with(|s| {
                        let notes = s.notes.iter().map(|n| ("note", "note", n));
                        notes.chain(s.checks.iter().map(|c| ("warning", "check", c)))
                            .map(|(class, id, n)| view! { <li class=class data-testid=id>{n.clone()}</li> })
                            .collect_view()
                    })}
                </ul>
            </section>
        </Show>
    }
}

/// Numbers as people read them: one module in the core for every front end.
pub use persona_format::{bytes as fmt_bytes, percent as fmt_pct, thousands as fmt_int};
