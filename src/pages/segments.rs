//! The Segments page: choose features and the number of segments, run the segmentation in the
//! worker, and read the RFM grid, the segments' profiles and the charts.

use leptos::prelude::*;
use persona_charts as charts;
use persona_core::features::{FeatureInfo, Group};
use persona_core::segment::{Distinction, Segment, SegmentSettings, SegmentationView};

use crate::app::AppState;
use crate::components::rfm_settings::{RfmForm, RfmSettingsPanel};
use crate::pages::data::{fmt_int, fmt_pct};
use crate::protocol::{ChartSvgs, WorkerRequest};

/// "Money spent: 1,234 vs 567 overall (z +1.3)", "Interests: gaming, 45% vs 12% (3.8x)".
pub fn describe(d: &Distinction) -> String {
    match d {
        Distinction::Number(p) => {
            format!("{}: {} vs {} overall (z {:+.1})", p.label, fmt_num(p.mean), fmt_num(p.overall_mean), p.z)
        }
        Distinction::Level(p) => format!(
            "{}: {}, {} vs {} overall ({:.1}x)",
            p.label,
            p.level,
            fmt_pct(p.share),
            fmt_pct(p.overall_share),
            p.lift
        ),
    }
}

fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        "n/a".to_owned()
    } else if x.abs() >= 1000.0 {
        let s = fmt_int(x.abs().round() as u64);
        if x < 0.0 { format!("-{s}") } else { s }
    } else if x.abs() >= 10.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The settings the form describes: `k` "auto" or a number, `min_size` empty or a number.
pub fn settings_from_form(
    k: &str,
    min_size: &str,
    features: Option<Vec<String>>,
    rfm: &RfmForm,
) -> Result<SegmentSettings, String> {
    let k = match k.trim() {
        "" | "auto" => None,
        v => Some(v.parse::<usize>().ok().filter(|k| *k >= 1).ok_or("The number of segments must be a whole number.")?),
    };
    let min_size = match min_size.trim() {
        "" => None,
        v => Some(v.parse::<u64>().map_err(|_| "The minimum segment size must be a whole number of customers.")?),
    };
    Ok(SegmentSettings { features, k, min_size, rfm: rfm.settings()?, ..Default::default() })
}

#[component]
pub fn SegmentsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let k = RwSignal::new("auto".to_owned());
    let min_size = RwSignal::new(String::new());
    // None: the defaults (or what the last run used)
    let selected: RwSignal<Option<Vec<String>>> = RwSignal::new(None);
    let form_error = RwSignal::new(None::<String>);
    let has_files = move || state.summary.with(|s| !s.files.is_empty());
    let rfm_form = RwSignal::new(RfmForm::default());
    let run = move || match rfm_form.with_untracked(|rfm| {
        settings_from_form(&k.get_untracked(), &min_size.get_untracked(), selected.get_untracked(), rfm)
    }) {
        Ok(settings) => {
            form_error.set(None);
            state.send(&WorkerRequest::Segment { settings }, &[]);
        }
        Err(e) => form_error.set(Some(e)),
    };
    view! {
        <section class="page segments-page" data-testid="segments-page">
            <h1>"Segments"</h1>
            <Show
                when=has_files
                fallback=|| view! {
                    <p class="lede" data-testid="segments-empty">
                        "Import your customer files first on the " <a href="#/data">"Data page"</a>
                        " (or try the sample data there); segments are found from them."
                    </p>
                }
            >
                <form class="segment-form" on:submit=move |ev| { ev.prevent_default(); run(); }>
                    <label>
                        "Number of segments "
                        <select data-testid="k-select" on:change=move |ev| k.set(event_target_value(&ev)) prop:value=move || k.get()>
                            <option value="auto">"Automatic (best silhouette)"</option>
                            {(2..=12).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                        "Smallest segment for a persona "
                        <input
                            type="text"
                            inputmode="numeric"
                            placeholder="max(1%, 30)"
                            size="10"
                            data-testid="min-size"
                            prop:value=move || min_size.get()
                            on:input=move |ev| min_size.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="submit" class="button primary" data-testid="run-segments" disabled=move || state.segmenting.get() || state.busy.get()>
                        "Find segments"
                    </button>
                </form>
                <FeaturePicker selected />
                <RfmSettingsPanel form=rfm_form />
                <Show when=move || form_error.with(Option::is_some)>
                    <p class="error" role="alert">{move || form_error.get().unwrap_or_default()}</p>
                </Show>
                <Show when=move || state.segmenting.get()>
                    <div class="progress" data-testid="segment-progress">
                        <label for="segment-progress-bar">
                            {move || state.segment_progress.get().map_or("Starting\u{2026}".to_owned(), |p| p.2)}
                        </label>
                        <progress
                            id="segment-progress-bar"
                            max="100"
                            value=move || state.segment_progress.get().map_or(0, |p| p.0 * 100 / p.1.max(1))
                        ></progress>
                    </div>
                </Show>
                <Show when=move || state.segment_error.with(Option::is_some)>
                    <p class="error" role="alert" data-testid="segment-error">
                        {move || state.segment_error.get().unwrap_or_default()}
                    </p>
                </Show>
                {move || state.segmentation.get().map(|(v, c)| view! { <Results view=v charts=c /> })}
            </Show>
        </section>
    }
}

/// Feature checkboxes by group, once a first run has said which features the data has.
#[component]
fn FeaturePicker(selected: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || {
        selected
            .get()
            .or_else(|| state.segmentation.with(|v| v.as_ref().map(|v| v.0.features.clone())))
            .unwrap_or_default()
    };
    let groups = move || {
        state.segmentation.with(|v| {
            let Some((v, _)) = v else { return Vec::new() };
            [Group::Rfm, Group::Demographics, Group::Behaviour, Group::Interests]
                .into_iter()
                .map(|g| (g, v.available.iter().filter(|f| f.group == g).cloned().collect::<Vec<FeatureInfo>>()))
                .filter(|(_, fs)| !fs.is_empty())
                .collect::<Vec<_>>()
        })
    };
    let toggle = move |key: String, on: bool| {
        let mut list = current();
        list.retain(|k| *k != key);
        if on {
            list.push(key);
        }
        selected.set(Some(list));
    };
    view! {
        <Show when=move || !groups().is_empty()>
            <fieldset class="feature-picker" data-testid="feature-picker">
                <legend>"Features to cluster on"</legend>
                {move || groups().into_iter().map(|(g, fs)| view! {
                    <div class="feature-group">
                        <strong>{g.label()}</strong>
                        {fs.into_iter().map(|f| {
                            let key = f.key.clone();
                            let key2 = f.key.clone();
                            let missing = (f.missing_share > 0.0).then(|| format!(" ({} missing)", fmt_pct(f.missing_share)));
                            view! {
                                <label class="feature">
                                    <input
                                        type="checkbox"
                                        data-testid=format!("feature-{}", f.key)
                                        prop:checked=move || current().contains(&key)
                                        on:change=move |ev| toggle(key2.clone(), event_target_checked(&ev))
                                    />
                                    {f.label.clone()}
                                    <span class="muted">{missing}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                }).collect_view()}
            </fieldset>
        </Show>
    }
}

/// A chart as inline SVG, with its data as a table for screen readers and keyboard users.
#[component]
fn Figure(caption: String, svg: String, testid: &'static str, table: AnyView) -> impl IntoView {
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{caption}</figcaption>
            <div class="chart-svg" aria-hidden="true" inner_html=svg></div>
            <details>
                <summary>"Data table"</summary>
                {table}
            </details>
        </figure>
    }
}

#[component]
fn Results(view: SegmentationView, charts: ChartSvgs) -> impl IntoView {
    let v = view;
    let svgs = charts;
    let how = if v.k_chosen_automatically {
        format!("chosen by silhouette ({:.2})", v.silhouette)
    } else {
        format!("as you asked; silhouette {:.2}", v.silhouette)
    };
    let summary = format!("{} segments of {} customers, {how}.", v.k, fmt_int(v.customers));
    let ChartSvgs { sizes, heatmap: heat, scatter, k_choice: kchart, rfm: rfm_svg } = svgs;
    let size_rows = v.segments.iter().map(|s| view! {
        <tr><td>{s.index + 1}</td><td>{s.label.clone()}</td><td>{fmt_int(s.size)}</td><td>{fmt_pct(s.share)}</td></tr>
    }).collect_view();
    let heat_rows = charts::heatmap_rows(&v)
        .into_iter()
        .map(|(label, vals)| view! {
            <tr><th scope="row">{label}</th>{vals.into_iter().map(|x| view! { <td>{format!("{x:+.2}")}</td> }).collect_view()}</tr>
        })
        .collect_view();
    let heat_head =
        v.segments.iter().map(|s| view! { <th scope="col">{format!("Segment {}", s.index + 1)}</th> }).collect_view();
    let mut counts = vec![0usize; v.k];
    for p in &v.scatter {
        counts[p.2 as usize % v.k.max(1)] += 1;
    }
    let scatter_rows = counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            view! {
                <tr><td>{i + 1}</td><td>{charts::colour_hex(i)}</td><td>{c}</td></tr>
            }
        })
        .collect_view();
    let k_rows = v
        .choices
        .iter()
        .map(|c| {
            view! {
                <tr><td>{c.k}</td><td>{format!("{:.3}", c.silhouette)}</td><td>{fmt_num(c.inertia)}</td></tr>
            }
        })
        .collect_view();
    let min_size = v.min_size;
    view! {
        <p class="segment-summary" data-testid="segment-summary">{summary}</p>
        {v.rfm.clone().map(|r| {
            let grid = rfm_svg.unwrap_or_default();
            let rows = r.segments.iter().map(|s| view! {
                <tr>
                    <td>{s.name.clone()}</td><td>{fmt_int(s.customers)}</td><td>{fmt_pct(s.share)}</td>
                    <td>{format!("{:.0}", s.mean_recency_days)}</td><td>{format!("{:.1}", s.mean_frequency)}</td>
                    <td>{fmt_num(s.mean_monetary)}</td>
                </tr>
            }).collect_view();
            let unassigned = (r.unassigned > 0).then(|| format!("{} customers fall in cells no rule covers.", fmt_int(r.unassigned)));
            view! {
                <section class="rfm" data-testid="rfm">
                    <h2>"RFM"</h2>
                    <p class="muted">
                        {format!("{} customers with orders scored 1 to 5 on recency, frequency and money; {} without orders.", fmt_int(r.customers), fmt_int(r.without_orders))}
                        {unassigned}
                    </p>
                    <div class="rfm-layout">
                        <Figure caption="Customers per R x F cell, coloured by named segment".into() svg=grid testid="chart-rfm" table=view! {
                            <table><tbody>{(1..=5u8).rev().map(|f| view! {
                                <tr><th scope="row">{format!("F{f}")}</th>{(1..=5u8).map(|rr| view! { <td>{fmt_int(r.grid[rr as usize - 1][f as usize - 1])}</td> }).collect_view()}</tr>
                            }).collect_view()}</tbody></table>
                        }.into_any() />
                        <table class="rfm-table" data-testid="rfm-table">
                            <thead><tr><th>"Segment"</th><th>"Customers"</th><th>"Share"</th><th>"Days since order"</th><th>"Orders"</th><th>"Spent"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
            }
        })}
        {v.rfm_note.clone().map(|n| view! { <p class="muted" data-testid="rfm-note">{format!("No RFM: {n}.")}</p> })}
        <h2>"Segments"</h2>
        <ol class="segment-list">
            {v.segments.iter().cloned().map(|s| view! { <SegmentCard segment=s min_size /> }).collect_view()}
        </ol>
        <h2>"Charts"</h2>
        <div class="charts">
            <Figure caption="Segment sizes".into() svg=sizes testid="chart-sizes" table=view! {
                <table><thead><tr><th>"#"</th><th>"Segment"</th><th>"Customers"</th><th>"Share"</th></tr></thead><tbody>{size_rows}</tbody></table>
            }.into_any() />
            <Figure caption="How each segment differs from everyone (z-score or log2 lift)".into() svg=heat testid="chart-heatmap" table=view! {
                <table><thead><tr><th>"Feature"</th>{heat_head}</tr></thead><tbody>{heat_rows}</tbody></table>
            }.into_any() />
            <Figure caption="A sample of customers on the first two principal components".into() svg=scatter testid="chart-scatter" table=view! {
                <table><thead><tr><th>"Segment"</th><th>"Colour"</th><th>"Customers shown"</th></tr></thead><tbody>{scatter_rows}</tbody></table>
            }.into_any() />
            {kchart.map(|svg| view! {
                <Figure caption="Choosing the number of segments".into() svg testid="chart-k" table=view! {
                    <table><thead><tr><th>"k"</th><th>"Silhouette"</th><th>"Inertia"</th></tr></thead><tbody>{k_rows}</tbody></table>
                }.into_any() />
            })}
        </div>
    }
}

#[component]
fn SegmentCard(segment: Segment, min_size: u64) -> impl IntoView {
    let s = segment;
    let name = RwSignal::new(s.label.clone());
    let colour = charts::colour_hex(s.index);
    let facts = format!("{} customers, {} of all", fmt_int(s.size), fmt_pct(s.share));
    let mix: Vec<String> = {
        let mut m = s.rfm_mix.clone();
        m.sort_by(|a, b| b.1.total_cmp(&a.1));
        m.into_iter().filter(|(_, x)| *x > 0.0).take(3).map(|(n, x)| format!("{n} {}", fmt_pct(x))).collect()
    };
    let n = s.index + 1;
    view! {
        <li class="segment-card" data-testid="segment-card" data-small=s.small.to_string()>
            <div class="segment-head">
                <svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="3" fill=colour></rect></svg>
                <input
                    class="segment-name"
                    data-testid="segment-name"
                    aria-label=format!("Name of segment {n}")
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <p class="facts">{facts}</p>
            {s.small.then(|| view! {
                <p class="warning" data-testid="small-segment">
                    {format!("Fewer than {} customers: shown, but it will not become a persona.", fmt_int(min_size))}
                </p>
            })}
            <ul class="distinctions">
                {s.distinctions.iter().take(5).map(|d| view! { <li>{describe(d)}</li> }).collect_view()}
            </ul>
            {(!mix.is_empty()).then(|| view! { <p class="muted">"RFM: " {mix.join(", ")}</p> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_into_settings() {
        let s = settings_from_form("auto", "", None, &RfmForm::default()).unwrap();
        assert_eq!((s.k, s.min_size), (None, None));
        let s = settings_from_form("6", " 50 ", Some(vec!["age".into()]), &RfmForm::default()).unwrap();
        assert_eq!((s.k, s.min_size, s.features), (Some(6), Some(50), Some(vec!["age".to_owned()])));
        assert!(settings_from_form("six", "", None, &RfmForm::default()).is_err());
        assert!(settings_from_form("auto", "1%", None, &RfmForm::default()).is_err());
    }
}
