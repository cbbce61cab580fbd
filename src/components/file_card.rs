//! One imported file: what it was recognised as, how it was read, its problem rows, its columns.

use leptos::prelude::*;
use persona_core::ingest::{FileKind, FileProfile, LineEnding};

use crate::app::AppState;
use crate::components::column_table::ColumnTable;
use crate::pages::data::{fmt_bytes, fmt_int};
use crate::persona_doc::esc;
use crate::protocol::WorkerRequest;

/// Problems listed before "show all".
const SHOWN_PROBLEMS: usize = 10;

fn dialect_text(f: &FileProfile) -> String {
    let d = &f.dialect;
    let le = match d.line_ending {
        LineEnding::Lf => "LF",
        LineEnding::CrLf => "CRLF",
        LineEnding::Cr => "CR",
        LineEnding::None => "one line",
    };
    let header = match (d.has_header, d.header_rows) {
        (false, _) => "no header (columns numbered)".to_owned(),
        (true, 0) => "header row".to_owned(),
        // a survey tool's question texts or answer options under its header
        (true, n) => format!("header of {} lines", n + 1),
    };
    format!(
        "{}{}, {} separated, {}, decimal {}, {} line ends{}",
        f.encoding.name,
        if f.encoding.bom { " with BOM" } else { "" },
        d.separator.label(),
        header,
        match d.decimal {
            persona_core::ingest::DecimalSeparator::Dot => "point",
            persona_core::ingest::DecimalSeparator::Comma => "comma",
        },
        le,
        if d.backslash_escape { ", \\\" escapes" } else { "" },
    )
}

#[component]
pub fn FileCard(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let file = Memo::new(move |_| state.summary.with(|s| s.files.get(index).cloned()));
    let name = move || file.with(|f| f.as_ref().map(|f| f.name.clone()).unwrap_or_default());
    let kind = move || file.with(|f| f.as_ref().map_or(FileKind::Unknown, |f| f.kind));
    let facts = move || {
        file.with(|f| {
            f.as_ref().map(|f| {
                // Excel's empty columns at the end (`a,b,c,,,`) are no columns of the table
                let blank = f.trailing_blank_columns();
                format!(
                    "{} rows \u{00b7} {} columns{} \u{00b7} {}{}",
                    fmt_int(f.rows),
                    fmt_int((f.columns.len() - blank) as u64),
                    match blank {
                        0 => String::new(),
                        1 => " and an empty one after them".to_owned(),
                        n => format!(" and {} empty ones after them", fmt_int(n as u64)),
                    },
                    fmt_bytes(f.bytes),
                    if f.blank_rows > 0 {
                        format!(" \u{00b7} {} blank lines skipped", fmt_int(f.blank_rows))
                    } else {
                        String::new()
                    }
                )
            })
        })
    };
    let remove = move |_| state.send(&WorkerRequest::Remove { name: name() }, &[]);
    view! {
        <article class="file-card" data-testid="file-card" data-file=name>
            <header>
                <h2>{name}</h2>
                <span class=move || format!("kind kind-{}", kind().label()) data-testid="file-kind">{move || kind().label()}</span>
                <button class="button subtle small" on:click=remove aria-label=move || format!("Remove {}", name())>
                    "Remove"
                </button>
            </header>
            <p class="facts" data-testid="file-facts">{facts}</p>
            <p class="dialect" data-testid="file-dialect">{move || file.with(|f| f.as_ref().map(dialect_text))}</p>
            <div inner_html=move || file.with(|f| f.as_ref().map(|f| {
                f.warnings.iter().map(|w| format!(r#"<p class="warning" data-testid="file-warning">{}</p>"#, esc(w))).collect::<String>()
            }))></div>
            <Problems file=file />
            <ColumnTable file_index=index file=file />
        </article>
    }
}

/// The first `limit` problem rows as table rows.
fn problem_rows(f: &FileProfile, limit: usize) -> String {
    f.problems
        .iter()
        .take(limit)
        .map(|p| {
            format!(
                r#"<tr data-testid="problem-row"><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
                p.line,
                esc(p.kind.label()),
                esc(&p.message)
            )
        })
        .collect()
}

#[component]
fn Problems(file: Memo<Option<FileProfile>>) -> impl IntoView {
    let (show_all, set_show_all) = signal(false);
    let total = move || file.with(|f| f.as_ref().map_or(0, |f| f.problem_total()));
    view! {
        <Show when=move || { total() > 0 }>
            <section class="problems" data-testid="problems">
                <h3>
                    {move || {
                        let t = total();
                        format!("{} problem row{}", fmt_int(t), if t == 1 { "" } else { "s" })
                    }}
                    {move || {
                        file.with(|f| {
                            f.as_ref()
                                .map(|f| {
                                    let parts: Vec<String> = f
                                        .problem_counts
                                        .iter()
                                        .map(|(k, n)| format!("{} {}", fmt_int(*n), k.label()))
                                        .collect();
                                    format!(" ({})", parts.join(", "))
                                })
                        })
                    }}
                </h3>
                <table>
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Problem"</th><th scope="col">"Detail"</th></tr></thead>
                    <tbody inner_html=move || {
                        let limit = if show_all.get() { usize::MAX } else { SHOWN_PROBLEMS };
                        file.with(|f| f.as_ref().map(|f| problem_rows(f, limit)))
                    }></tbody>
                </table>
                <Show when=move || !show_all.get() && file.with(|f| f.as_ref().is_some_and(|f| f.problems.len() > SHOWN_PROBLEMS))>
                    <button class="button subtle small" on:click=move |_| set_show_all.set(true)>
                        {move || file.with(|f| format!("Show the first {}", f.as_ref().map_or(0, |f| f.problems.len())))}
                    </button>
                </Show>
            </section>
        </Show>
    }
}
