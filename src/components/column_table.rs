//! The column table of a file: type and role pickers, missing share, distinct values, examples
//! and a small chart per column.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use persona_core::ingest::{ColumnProfile, ColumnType, FileProfile};
use persona_core::roles::Role;
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::components::mini_chart::{histogram_svg, top_values_html};
use crate::pages::data::{fmt_int, fmt_pct};
use crate::persona_doc::esc;
use crate::protocol::WorkerRequest;

#[component]
pub fn ColumnTable(file_index: usize, file: Memo<Option<FileProfile>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = NodeRef::<leptos::html::Tbody>::new();
    // Each row is one piece of markup (a row built element by element took milliseconds). When
    // the profile changes, the rows that differ are set again a few per animation frame: every
    // file's table drawn in the task that brought the import's summary (with its layout) took
    // over 50 ms. A row not yet redrawn shows its old state, so nothing flickers.
    let rows = Rc::new(RefCell::new(Rows::default()));
    // the row to take the focus once drawn, asked by the "more columns" button
    let focus_req = RwSignal::new(None::<usize>);
    // A wide file (a survey export of 2,000 questions) shows its first columns and a button for
    // the rest: a table of thousands of rows is slow to lay out and to scan.
    let limit = RwSignal::new(COLUMNS_SHOWN);
    let hidden = move || file.with(|f| f.as_ref().map_or(0, |f| f.columns.len().saturating_sub(limit.get())));
    Effect::new(move |_| {
        let limit = limit.get();
        let want = file.with(|f| {
            f.as_ref().map(|f| f.columns.iter().take(limit).enumerate().map(|(i, c)| row_html(i, c, &f.name)).collect())
        });
        let first = {
            let mut r = rows.borrow_mut();
            r.want = want.unwrap_or_default();
            focus_req.update_untracked(|f| {
                if let Some(i) = f.take() {
                    r.focus = Some(i);
                }
            });
            !std::mem::replace(&mut r.queued, true)
        };
        if first {
            let rows = rows.clone();
            crate::frames::one_per_frame(move || draw_rows(rows, body));
        }
    });
    // one listener for every picker of the table
    let on_change = move |ev: web_sys::Event| {
        let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
        let Some(column) = select.get_attribute("data-index").and_then(|c| c.parse::<usize>().ok()) else { return };
        let value = select.value();
        match select.get_attribute("data-testid").as_deref() {
            Some("type-select") => {
                if let Some(ty) = ColumnType::from_key(&value) {
                    state.send(&WorkerRequest::SetType { file: file_index, column, column_type: ty }, &[]);
                }
            }
            Some("role-select") => {
                if let Some(role) = Role::from_key(&value) {
                    state.set_role(file_index, column, role);
                }
            }
            _ => {}
        }
    };
    view! {
        <div class="table-scroll">
            <table class="columns" data-testid="column-table" on:change=on_change>
                <thead>
                    <tr>
                        <th scope="col">"Column"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Missing"</th>
                        <th scope="col">"Distinct"</th>
                        <th scope="col">"Values"</th>
                    </tr>
                </thead>
                <tbody node_ref=body></tbody>
            </table>
            <Show when=move || { hidden() > 0 }>
                <p class="more-columns">
                    <button type="button" data-testid="more-columns" on:click=move |_| {
                        // the keyboard goes on at the first column shown (the button may go)
                        focus_req.set(Some(limit.get_untracked()));
                        limit.update(|l| *l += COLUMNS_MORE);
                    }>
                        {move || {
                            let n = hidden();
                            if n <= COLUMNS_MORE {
                                format!("Show the other {} columns", fmt_int(n as u64))
                            } else {
                                format!("Show {} more of {} columns", fmt_int(COLUMNS_MORE as u64), fmt_int(n as u64))
                            }
                        }}
                    </button>
                </p>
            </Show>
        </div>
    }
}

/// Columns a file's table shows at first, and how many more each press of its button shows.
const COLUMNS_SHOWN: usize = 150;
const COLUMNS_MORE: usize = 500;

/// Rows redrawn per animation frame at least, and the time a frame may spend redrawing more
/// (ms): a file of 2,000 columns drawn four rows a frame took 38 s, its table laid out 500 times.
const ROWS_PER_FRAME: usize = 4;
const FRAME_BUDGET_MS: f64 = 8.0;
/// New rows are parsed this many to a piece of markup.
const APPEND_BATCH: usize = 16;

/// The rows' markup as drawn, and as the profile now wants it.
#[derive(Default)]
struct Rows {
    shown: Vec<String>,
    want: Vec<String>,
    /// A frame is to redraw the rows that differ.
    queued: bool,
    /// The row whose type picker takes the focus once it is drawn.
    focus: Option<usize>,
}

/// Redraws the rows that differ from what the profile wants, for a frame's budget (keeping the
/// focus on the picker it was on), and asks for another frame while some still differ.
fn draw_rows(rows: Rc<RefCell<Rows>>, body: NodeRef<leptos::html::Tbody>) {
    // the page may have been left before this frame
    let Some(Some(tbody)) = body.try_get_untracked() else {
        rows.borrow_mut().queued = false;
        return;
    };
    let clock = window().performance();
    let now = || clock.as_ref().map_or(0.0, |p| p.now());
    let started = now();
    let more = {
        let r = &mut *rows.borrow_mut();
        let focused = document()
            .active_element()
            .filter(|e| tbody.contains(Some(e)))
            .and_then(|e| Some((e.get_attribute("data-testid")?, e.get_attribute("data-index")?)));
        while r.shown.len() > r.want.len() {
            r.shown.pop();
            if let Some(tr) = tbody.last_element_child() {
                tr.remove();
            }
        }
        let mut drawn = 0;
        let mut i = 0;
        while i < r.want.len() {
            if drawn >= ROWS_PER_FRAME && now() - started > FRAME_BUDGET_MS {
                break;
            }
            if i < r.shown.len() {
                if r.shown[i] != r.want[i] {
                    if let Some(tr) = tbody.children().item(i as u32) {
                        tr.set_outer_html(&r.want[i]);
                    }
                    r.shown[i] = r.want[i].clone();
                    drawn += 1;
                }
                i += 1;
            } else {
                // new rows at the end, a batch parsed at once
                let end = (i + APPEND_BATCH).min(r.want.len());
                let _ = tbody.insert_adjacent_html("beforeend", &r.want[i..end].concat());
                r.shown.extend_from_slice(&r.want[i..end]);
                drawn += end - i;
                i = end;
            }
        }
        if let Some(i) = r.focus
            && i < r.shown.len()
        {
            r.focus = None;
            if let Ok(Some(el)) = tbody.query_selector(&format!(r#"[data-testid="type-select"][data-index="{i}"]"#))
                && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = el.focus();
            }
        } else if let Some((testid, index)) = focused
            && document().active_element().is_none_or(|e| !tbody.contains(Some(&e)))
            && let Ok(Some(el)) = tbody.query_selector(&format!(r#"[data-testid="{testid}"][data-index="{index}"]"#))
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
        }
        r.queued = r.shown != r.want;
        r.queued
    };
    if more {
        crate::frames::one_per_frame(move || draw_rows(rows, body));
    }
}

/// A picker (`testid`) of column `index` with `options`, `current` selected.
fn select_html<'a>(
    testid: &str,
    label: &str,
    index: usize,
    current: &str,
    options: impl Iterator<Item = (&'a str, &'a str)>,
) -> String {
    let options: String = options
        .map(|(key, text)| {
            let selected = if key == current { " selected" } else { "" };
            format!(r#"<option value="{}"{selected}>{}</option>"#, esc(key), esc(text))
        })
        .collect();
    format!(r#"<select data-testid="{testid}" data-index="{index}" aria-label="{}">{options}</select>"#, esc(label))
}

/// (the pickers are named with their file: two files' `customer_id` are two columns)
fn row_html(index: usize, c: &ColumnProfile, file: &str) -> String {
    let name = esc(&c.name);
    let examples = esc(&c.examples.iter().take(3).cloned().collect::<Vec<_>>().join(" \u{00b7} "));
    let type_select = select_html(
        "type-select",
        &format!("Type of {} in {file}", c.name),
        index,
        c.column_type.key(),
        ColumnType::ALL.iter().map(|t| (t.key(), t.label())),
    );
    let role_select = select_html(
        "role-select",
        &format!("Role of {} in {file}", c.name),
        index,
        c.role.key(),
        Role::ALL.iter().map(|r| (r.key(), r.label())),
    );
    format!(
        concat!(
            r#"<tr data-testid="column-row" data-column="{name}">"#,
            r#"<th scope="row"><span class="col-name">{name}</span><span class="examples">{examples}</span></th>"#,
            r#"<td>{type_select}<span class="share" title="Share of values that fit this type">{share}</span></td>"#,
            r#"<td>{role_select}<span class="reason">{reason}</span></td>"#,
            r#"<td class="num" data-testid="missing">{missing}</td>"#,
            r#"<td class="num">{distinct}{capped}</td>"#,
            r#"<td class="values">{values}</td></tr>"#,
        ),
        name = name,
        examples = examples,
        type_select = type_select,
        share = fmt_pct(c.type_share),
        role_select = role_select,
        reason = esc(&c.role_reason),
        missing = fmt_pct(c.missing_share),
        distinct = fmt_int(c.distinct),
        capped = if c.distinct_capped { "+" } else { "" },
        values = values_html(c),
    )
}

fn summary_text(c: &ColumnProfile) -> String {
    if let Some(n) = &c.numeric {
        format!("{} to {}, median {}", short(n.min), short(n.max), short(n.median))
    } else if let Some(d) = &c.dates {
        format!("{} to {}", d.min, d.max)
    } else {
        String::new()
    }
}

/// The values cell: a histogram and range for numbers, the range for dates, else top values.
/// Ids are names, not amounts: no histogram nor median, but which repeat most (a log's busiest
/// customers, a placeholder) when the profile counted every value, else their range.
fn values_html(c: &ColumnProfile) -> String {
    let id = matches!(c.role, Role::CustomerId | Role::OrderId);
    if id && let Some(n) = c.numeric.as_ref().filter(|_| c.distinct_capped || !c.values_repeat()) {
        return format!(r#"<span class="range">{} to {}</span>"#, short(n.min), short(n.max));
    }
    let text = summary_text(c);
    match &c.numeric {
        Some(n) if !id => format!(
            r#"{}<span class="range">{}</span>"#,
            histogram_svg(&n.histogram, &format!("Histogram of {}: {text}", c.name)),
            esc(&text)
        ),
        None if c.dates.is_some() => format!(r#"<span class="range">{}</span>"#, esc(&text)),
        _ => top_values_html(&c.top_values, c.count - c.missing),
    }
}

fn short(x: f64) -> String {
    persona_format::fixed(x, if x.fract() == 0.0 && x.abs() < 1e15 { 0 } else { 2 })
}
