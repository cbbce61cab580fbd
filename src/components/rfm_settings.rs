//! RFM settings on the Segments page: the analysis date, custom cut points, and the editor of
//! the named-segment rules, which refuses overlaps and shows the cells no rule covers.

use leptos::prelude::*;
use persona_core::ingest::value::parse_iso_day;
use persona_core::rfm::{Cuts, RfmSettings, Rule, RuleSet, standard_rules};

/// What the RFM form holds, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct RfmForm {
    /// `YYYY-MM-DD` or empty (the day after the last order).
    pub date: String,
    pub rules: Vec<Rule>,
    pub custom_cuts: bool,
    /// Four comma-separated cut points each, ascending.
    pub recency: String,
    pub frequency: String,
    pub monetary: String,
}

impl Default for RfmForm {
    fn default() -> Self {
        RfmForm {
            date: String::new(),
            rules: standard_rules(),
            custom_cuts: false,
            recency: "30, 90, 180, 365".into(),
            frequency: "1, 2, 4, 8".into(),
            monetary: "50, 150, 400, 1000".into(),
        }
    }
}

fn cut_points(what: &str, text: &str) -> Result<[f64; 4], String> {
    let nums: Vec<f64> = text
        .split([',', ';', ' '])
        .filter(|t| !t.trim().is_empty())
        .map(|t| persona_format::parse_decimal(t.trim()).ok_or(()))
        .collect::<Result<_, ()>>()
        .map_err(|_| format!("The {what} cut points must be numbers."))?;
    let arr: [f64; 4] = nums.try_into().map_err(|_| format!("Give four {what} cut points."))?;
    if !arr.windows(2).all(|w| w[0] < w[1]) {
        return Err(format!("The {what} cut points must go up."));
    }
    Ok(arr)
}

impl RfmForm {
    /// The form as a saved run was asked for.
    pub fn shown(f: &crate::digest::FormValues) -> RfmForm {
        let d = RfmForm::default();
        let [recency, frequency, monetary] = f.cuts.clone().unwrap_or([d.recency, d.frequency, d.monetary]);
        RfmForm {
            date: f.date.clone(),
            rules: f.rules.clone().unwrap_or(d.rules),
            custom_cuts: f.cuts.is_some(),
            recency,
            frequency,
            monetary,
        }
    }

    /// The settings, or what is wrong in words.
    pub fn settings(&self) -> Result<RfmSettings, String> {
        let analysis_day = match self.date.trim() {
            "" => None,
            d => Some(parse_iso_day(d).ok_or("The analysis date must be a date (YYYY-MM-DD).")?),
        };
        let cuts = if self.custom_cuts {
            Cuts::Custom {
                recency: cut_points("recency (days)", &self.recency)?,
                frequency: cut_points("frequency (orders)", &self.frequency)?,
                monetary: cut_points("monetary", &self.monetary)?,
            }
        } else {
            Cuts::Quintiles
        };
        RuleSet::check(self.rules.clone()).map_err(|e| e.to_string())?;
        Ok(RfmSettings { analysis_day, cuts, rules: Some(self.rules.clone()) })
    }
}

/// The settings panel; `form` is the page's RFM form.
#[component]
pub fn RfmSettingsPanel(form: RwSignal<RfmForm>) -> impl IntoView {
    let check = move || form.with(|f| RuleSet::check(f.rules.clone()).map(|set| set.uncovered()));
    // rows are rebuilt only when a rule is added or removed, so focus stays where it is
    let rule_count = Memo::new(move |_| form.with(|f| f.rules.len()));
    let set_rule = move |i: usize, edit: Box<dyn Fn(&mut Rule)>| {
        form.update(|f| {
            if let Some(r) = f.rules.get_mut(i) {
                edit(r)
            }
        })
    };
    let score_select = move |i: usize, label: String, get: fn(&Rule) -> u8, put: fn(&mut Rule, u8)| {
        view! {
            <select
                aria-label=label
                prop:value=move || form.with(|f| f.rules.get(i).map(|r| get(r).to_string()).unwrap_or_default())
                on:change=move |ev| {
                    let v: u8 = event_target_value(&ev).parse().unwrap_or(1);
                    set_rule(i, Box::new(move |r| put(r, v)));
                }
            >
                {(1..=5).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
            </select>
        }
    };
    // the editor's forty pickers are built when the panel is first opened, not with the page
    let opened = RwSignal::new(false);
    view! {
        <details class="rfm-settings" data-testid="rfm-settings" on:toggle=move |_| opened.set(true)>
            <summary>"RFM settings: analysis date, cut points and named segments"</summary>
            <Show when=move || opened.get()>
            <div class="rfm-settings-body">
                <label>
                    "Analysis date "
                    <input
                        type="date"
                        data-testid="analysis-date"
                        prop:value=move || form.with(|f| f.date.clone())
                        on:input=move |ev| form.update(|f| f.date = event_target_value(&ev))
                    />
                    <span class="muted">" empty: the day after the last order"</span>
                </label>
                <label>
                    <input
                        type="checkbox"
                        data-testid="custom-cuts"
                        prop:checked=move || form.with(|f| f.custom_cuts)
                        on:change=move |ev| form.update(|f| f.custom_cuts = event_target_checked(&ev))
                    />
                    " Custom cut points instead of quintiles"
                </label>
                <Show when=move || form.with(|f| f.custom_cuts)>
                    <div class="cuts">
                        <label>"Recency, days " <input data-testid="cuts-recency" prop:value=move || form.with(|f| f.recency.clone()) on:input=move |ev| form.update(|f| f.recency = event_target_value(&ev)) /></label>
                        <label>"Orders " <input data-testid="cuts-frequency" prop:value=move || form.with(|f| f.frequency.clone()) on:input=move |ev| form.update(|f| f.frequency = event_target_value(&ev)) /></label>
                        <label>"Money " <input data-testid="cuts-monetary" prop:value=move || form.with(|f| f.monetary.clone()) on:input=move |ev| form.update(|f| f.monetary = event_target_value(&ev)) /></label>
                    </div>
                </Show>
                <table class="rules" data-testid="rules">
                    <caption>"Named segments: each covers the cells with its R and F scores"</caption>
                    <thead><tr><th>"Segment"</th><th>"R from"</th><th>"R to"</th><th>"F from"</th><th>"F to"</th><th><span class="visually-hidden">"Remove"</span></th></tr></thead>
                    <tbody>
                        {move || (0..rule_count.get()).map(|i| {
                            let name = form.with_untracked(|f| f.rules[i].name.clone());
                            view! {
                                <tr data-testid="rule">
                                    <td>
                                        <input
                                            aria-label=format!("Name of rule {}", i + 1)
                                            data-testid="rule-name"
                                            prop:value=name
                                            on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                set_rule(i, Box::new(move |r| r.name = v.clone()));
                                            }
                                        />
                                    </td>
                                    <td>{score_select(i, format!("Rule {} R from", i + 1), |r| r.r.0, |r, v| r.r.0 = v)}</td>
                                    <td>{score_select(i, format!("Rule {} R to", i + 1), |r| r.r.1, |r, v| r.r.1 = v)}</td>
                                    <td>{score_select(i, format!("Rule {} F from", i + 1), |r| r.f.0, |r, v| r.f.0 = v)}</td>
                                    <td>{score_select(i, format!("Rule {} F to", i + 1), |r| r.f.1, |r, v| r.f.1 = v)}</td>
                                    <td>
                                        <button type="button" class="button subtle" data-testid="remove-rule"
                                            aria-label=format!("Remove rule {}", i + 1)
                                            on:click=move |_| form.update(|f| { f.rules.remove(i); })>
                                            "Remove"
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="rule-buttons">
                    <button type="button" class="button" data-testid="add-rule"
                        on:click=move |_| form.update(|f| f.rules.push(Rule { name: format!("Segment {}", f.rules.len() + 1), r: (1, 1), f: (1, 1) }))>
                        "Add rule"
                    </button>
                    <button type="button" class="button subtle" data-testid="standard-rules"
                        on:click=move |_| form.update(|f| f.rules = standard_rules())>
                        "Restore the standard map"
                    </button>
                </div>
                {move || match check() {
                    Err(e) => view! { <p class="error" role="alert" data-testid="rules-error">{e.to_string()}</p> }.into_any(),
                    Ok(cells) if cells.is_empty() => view! { <p class="muted" data-testid="rules-ok">"Every cell belongs to exactly one segment."</p> }.into_any(),
                    Ok(cells) => view! {
                        <p class="warning" data-testid="rules-uncovered">
                            {format!(
                                "No rule covers {}; customers there are counted as unassigned.",
                                cells.iter().map(|(r, f)| format!("R{r} F{f}")).collect::<Vec<_>>().join(", ")
                            )}
                        </p>
                    }.into_any(),
                }}
            </div>
            </Show>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_into_rfm_settings() {
        let s = RfmForm::default().settings().unwrap();
        assert_eq!((s.analysis_day, s.cuts), (None, Cuts::Quintiles));
        let f = RfmForm { date: "2026-01-01".into(), custom_cuts: true, ..Default::default() };
        let s = f.settings().unwrap();
        assert_eq!(s.analysis_day, Some(20454));
        assert!(matches!(s.cuts, Cuts::Custom { frequency: [1.0, 2.0, 4.0, 8.0], .. }));
        let money = RfmForm { custom_cuts: true, monetary: "49.99; 150 .5e3 1e3".into(), ..Default::default() };
        assert!(matches!(money.settings().unwrap().cuts, Cuts::Custom { monetary: [49.99, 150.0, 500.0, 1000.0], .. }));
        for bad in [
            RfmForm { date: "1 Jan".into(), ..Default::default() },
            RfmForm { custom_cuts: true, recency: "30, 20, 10, 5".into(), ..Default::default() },
            RfmForm { custom_cuts: true, monetary: "10, 20".into(), ..Default::default() },
            RfmForm { custom_cuts: true, monetary: "10, 20, 30, inf".into(), ..Default::default() },
            RfmForm { custom_cuts: true, monetary: "10, 20, 30, 4O".into(), ..Default::default() },
        ] {
            assert!(bad.settings().is_err(), "{bad:?}");
        }
        let mut overlap = RfmForm::default();
        overlap.rules.push(Rule { name: "Twice".into(), r: (5, 5), f: (5, 5) });
        assert!(overlap.settings().unwrap_err().contains("both cover R5 F5"));
    }
}
