//! The column table of a file: type and role pickers, missing share, distinct values, examples
//! and a small chart per column.

use leptos::prelude::*;
use persona_core::ingest::{ColumnProfile, ColumnType, FileProfile};
use persona_core::roles::Role;

use crate::app::AppState;
use crate::components::mini_chart::{histogram_svg, top_values_html};
use crate::pages::data::{fmt_int, fmt_pct};
use crate::persona_doc::esc;
use crate::protocol::WorkerRequest;

#[component]
pub fn ColumnTable(file_index: usize, file: Memo<Option<FileProfile>>) -> impl IntoView {
    let count = move || file.with(|f| f.as_ref().map_or(0, |f| f.columns.len()));
    view! {
        <div class="table-scroll">
            <table class="columns" data-testid="column-table">
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
                <tbody>
                    <For each=move || 0..count() key=|i| *i let:col>
                        <ColumnRow file_index=file_index column=col file=file />
                    </For>
                </tbody>
            </table>
        </div>
    }
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
fn values_html(c: &ColumnProfile) -> String {
    let text = summary_text(c);
    match &c.numeric {
        Some(n) => format!(
            r#"{}<span class="range">{}</span>"#,
            histogram_svg(&n.histogram, &format!("Histogram of {}: {text}", c.name)),
            esc(&text)
        ),
        None if c.dates.is_some() => format!(r#"<span class="range">{}</span>"#, esc(&text)),
        None => top_values_html(&c.top_values, c.count - c.missing),
    }
}

/// The `<option>`s of a picker as markup: a row's two pickers hold three dozen options, and
/// markup parsed in one go is built far faster than an element at a time.
fn options_html<'a>(options: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    options.map(|(key, label)| format!(r#"<option value="{}">{}</option>"#, esc(key), esc(label))).collect()
}

fn short(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{x:.0}") } else { format!("{x:.2}") }
}

#[component]
fn ColumnRow(file_index: usize, column: usize, file: Memo<Option<FileProfile>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let col = Memo::new(move |_| file.with(|f| f.as_ref().and_then(|f| f.columns.get(column).cloned())));
    let get = move |g: fn(&ColumnProfile) -> String| col.with(|c| c.as_ref().map(g).unwrap_or_default());
    let on_type = move |ev| {
        if let Some(ty) = ColumnType::from_key(&event_target_value(&ev)) {
            state.send(&WorkerRequest::SetType { file: file_index, column, column_type: ty }, &[]);
        }
    };
    let on_role = move |ev| {
        if let Some(role) = Role::from_key(&event_target_value(&ev)) {
            state.set_role(file_index, column, role);
        }
    };
    let name = move || get(|c| c.name.clone());
    view! {
        <tr data-testid="column-row" data-column=name>
            <th scope="row">
                <span class="col-name">{name}</span>
                <span class="examples">{move || get(|c| c.examples.iter().take(3).cloned().collect::<Vec<_>>().join(" \u{00b7} "))}</span>
            </th>
            <td>
                <select
                    data-testid="type-select"
                    aria-label=move || format!("Type of {}", name())
                    inner_html=options_html(ColumnType::ALL.iter().map(|t| (t.key(), t.label())))
                    prop:value=move || get(|c| c.column_type.key().to_owned())
                    on:change=on_type
                ></select>
                <span class="share" title="Share of values that fit this type">{move || col.with(|c| c.as_ref().map(|c| fmt_pct(c.type_share)))}</span>
            </td>
            <td>
                <select
                    data-testid="role-select"
                    aria-label=move || format!("Role of {}", name())
                    inner_html=options_html(Role::ALL.iter().map(|r| (r.key(), r.label())))
                    prop:value=move || get(|c| c.role.key().to_owned())
                    on:change=on_role
                ></select>
                <span class="reason">{move || get(|c| c.role_reason.clone())}</span>
            </td>
            <td class="num" data-testid="missing">{move || col.with(|c| c.as_ref().map(|c| fmt_pct(c.missing_share)))}</td>
            <td class="num">{move || col.with(|c| c.as_ref().map(|c| format!("{}{}", fmt_int(c.distinct), if c.distinct_capped { "+" } else { "" })))}</td>
            <td class="values" inner_html=move || col.with(|c| c.as_ref().map(values_html))></td>
        </tr>
    }
}
