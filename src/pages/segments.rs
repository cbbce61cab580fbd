//! The Segments page: choose features and the number of segments, run the segmentation in the
//! worker, and read the RFM grid, the segments' profiles and the charts.

use leptos::prelude::*;
use persona_core::segment::SegmentSettings;

use crate::app::AppState;
use crate::components::rfm_settings::{RfmForm, RfmSettingsPanel};
use crate::digest::{FeatureChoice, SegmentsView};
use crate::protocol::WorkerRequest;

/// The form's values, kept in the app's state: the page is made again each time it opens, and
/// running again after visiting another page must use what the form showed.
#[derive(Clone, Copy)]
pub struct SegmentForm {
    /// `auto` or a number.
    pub k: RwSignal<String>,
    /// Empty (the default) or a number.
    pub min_size: RwSignal<String>,
    /// `None`: the defaults (the picker shows what the last run used).
    pub selected: RwSignal<Option<Vec<String>>>,
    pub rfm: RwSignal<RfmForm>,
}

impl SegmentForm {
    pub fn new() -> Self {
        SegmentForm {
            k: RwSignal::new("auto".to_owned()),
            min_size: RwSignal::new(String::new()),
            selected: RwSignal::new(None),
            rfm: RwSignal::new(RfmForm::default()),
        }
    }

    /// Shows the features a run used when they were chosen, not the defaults: its results
    /// came, or a workspace was opened. (The other fields are kept while the app is open.)
    pub fn show(&self, view: &SegmentsView) {
        self.selected.set(view.chosen.then(|| view.used.clone()));
        if let Some(f) = &view.form {
            self.k.set(f.k.map_or("auto".to_owned(), |k| k.to_string()));
            self.min_size.set(f.min_size.map(|m| m.to_string()).unwrap_or_default());
            self.rfm.set(RfmForm::shown(f));
        }
    }

    /// Back to the defaults: another workspace is opened.
    pub fn reset(&self) {
        self.k.set("auto".to_owned());
        self.min_size.set(String::new());
        self.selected.set(None);
        self.rfm.set(RfmForm::default());
    }
}

impl Default for SegmentForm {
    fn default() -> Self {
        Self::new()
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
    let SegmentForm { k, min_size, selected, rfm: rfm_form } = state.segment_form;
    let form_error = RwSignal::new(None::<String>);
    let has_files = move || state.summary.with(|s| !s.files.is_empty());
    let run = move || {
        // (the button stays focusable while a run or an import goes on: pressing it then waits)
        if state.segmenting.get_untracked() || state.busy.get_untracked() {
            return;
        }
        match rfm_form.with_untracked(|rfm| {
            settings_from_form(&k.get_untracked(), &min_size.get_untracked(), selected.get_untracked(), rfm)
        }) {
            Ok(settings) => {
                form_error.set(None);
                state.send(&WorkerRequest::Segment { settings }, &[]);
            }
            Err(e) => form_error.set(Some(e)),
        }
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
                            <option value="auto">"Automatic"</option>
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
                    // (aria-disabled, not disabled: a disabled button loses the keyboard's focus
                    // to the page, and the user's place with it)
                    <button type="submit" class="button primary" data-testid="run-segments" aria-disabled=move || (state.segmenting.get() || state.busy.get()).to_string()>
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
                // (a run's result said when it comes, where the keyboard stays on the button)
                <p class="visually-hidden" role="status" data-testid="segments-said">
                    // (emptied while a run goes on: the same result again is said again)
                    {move || {
                        if state.segmenting.get() {
                            String::new()
                        } else {
                            state.segmentation.with(|d| d.as_ref().map(|d| d.summary.clone()).unwrap_or_default())
                        }
                    }}
                </p>
                <p class="warning" role="status" data-testid="segments-stale" hidden=move || !(state.stale.get() && state.segmentation.with(Option::is_some))>
                    "The data changed after these segments were found: find segments again to use it."
                </p>
                // (a name typed into a segment's card, left with Tab or Enter, names it everywhere)
                <crate::pages::journeys::WorkerHtml view=state.segment_results />
                <Show when=move || state.segmentation.with(Option::is_some)>
                    <SqlExport />
                </Show>
            </Show>
        </section>
    }
}

/// Download the segments as one SQL query, for a warehouse to score every customer.
#[component]
fn SqlExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dialect = RwSignal::new("standard".to_owned());
    let download = move |_| {
        state.sql_error.set(None);
        let dialect = persona_core::sql::Dialect::from_key(&dialect.get_untracked()).unwrap_or_default();
        state.send(&WorkerRequest::ExportSql { dialect }, &[]);
    };
    view! {
        <section class="sql-export" data-testid="sql-export" aria-labelledby="sql-export-title">
            <h2 id="sql-export-title">"Score every customer in your warehouse"</h2>
            <p class="muted">
                "Download these segments as one SQL query over a customers table and an orders table, \
                 with the columns of your files. Run there, it gives every customer their segment and RFM \
                 exactly as found here; no customer row leaves the warehouse or this page."
            </p>
            <div class="row">
                <label>
                    "Engine "
                    <select data-testid="sql-dialect" on:change=move |ev| dialect.set(event_target_value(&ev)) prop:value=move || dialect.get()>
                        <option value="standard">"DuckDB"</option>
                        <option value="spark">"Spark SQL, Databricks"</option>
                    </select>
                </label>
                <button type="button" class="button" data-testid="download-sql" on:click=download disabled=move || state.segmenting.get()>
                    "Download the SQL"
                </button>
            </div>
            <Show when=move || state.sql_error.with(Option::is_some)>
                <p class="error" role="alert" data-testid="sql-error">{move || state.sql_error.get().unwrap_or_default()}</p>
            </Show>
        </section>
    }
}

/// Feature checkboxes by group, once a first run has said which features the data has.
#[component]
fn FeaturePicker(selected: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || {
        selected.get().or_else(|| state.segmentation.with(|d| d.as_ref().map(|d| d.used.clone()))).unwrap_or_default()
    };
    let groups = move || {
        state.segmentation.with(|d| {
            // groups in the order the worker lists them
            let mut groups: Vec<(String, Vec<FeatureChoice>)> = Vec::new();
            for f in d.iter().flat_map(|d| &d.features) {
                match groups.iter_mut().find(|(g, _)| *g == f.group) {
                    Some((_, fs)) => fs.push(f.clone()),
                    None => groups.push((f.group.clone(), vec![f.clone()])),
                }
            }
            groups
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
                        <strong>{g}</strong>
                        {fs.into_iter().map(|f| {
                            let key = f.key.clone();
                            let key2 = f.key.clone();
                            let note = f.note.clone();
                            view! {
                                <label class="feature">
                                    <input
                                        type="checkbox"
                                        data-testid=format!("feature-{}", f.key)
                                        prop:checked=move || current().contains(&key)
                                        on:change=move |ev| toggle(key2.clone(), event_target_checked(&ev))
                                    />
                                    {f.label.clone()}
                                    <span class="muted">{note}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                }).collect_view()}
            </fieldset>
        </Show>
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
