//! What the Segments page shows, put into words and strings by the worker.
//!
//! The page could deserialise the core's `SegmentationView` and format it itself, but every
//! type, number format and chart function it touched would then be in the page's own wasm,
//! which must stay small (the first load budget). The worker formats; the page only places
//! strings, so the page's code does not grow with the analysis.

use persona_charts as charts;
use persona_core::deck::{Deck, Field};
use persona_core::segment::{Distinction, SegmentationView};
use persona_core::{avatar, persona};
use serde::{Deserialize, Serialize};

use crate::pages::data::{fmt_int, fmt_pct};
use crate::persona_doc::{self, esc};
use crate::protocol::HtmlView;

/// The Segments page's charts as SVG markup.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartSvgs {
    pub sizes: String,
    pub heatmap: String,
    pub scatter: String,
    /// Only when k was chosen automatically.
    pub k_choice: Option<String>,
    /// Only when there is RFM.
    pub rfm: Option<String>,
}

impl ChartSvgs {
    /// Draws every chart of `v`.
    pub fn draw(v: &SegmentationView) -> ChartSvgs {
        let k = v.segments.len() as u32;
        ChartSvgs {
            sizes: charts::to_svg((720, 40 + 32 * k), |r| charts::segment_sizes(r, v)).unwrap_or_default(),
            heatmap: charts::to_svg((720, charts::feature_heatmap_height(v)), |r| charts::feature_heatmap(r, v))
                .unwrap_or_default(),
            // a saved workspace keeps no per-customer points: no scatter then
            scatter: if v.scatter.is_empty() {
                String::new()
            } else {
                charts::to_svg((480, 340), |r| charts::scatter(r, v)).unwrap_or_default()
            },
            k_choice: (!v.choices.is_empty())
                .then(|| charts::to_svg((720, 220), |r| charts::k_choice(r, v)).unwrap_or_default()),
            rfm: v.rfm.as_ref().map(|rfm| charts::to_svg((560, 380), |r| charts::rfm_grid(r, rfm)).unwrap_or_default()),
        }
    }
}

/// A feature the user can tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureChoice {
    pub key: String,
    pub label: String,
    pub group: String,
    /// " (2.1% missing)", why it is not ticked by default, or empty.
    pub note: String,
}

/// A table: header cells and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RfmDigest {
    pub intro: String,
    /// Scores left empty by ties, in words ([`persona_core::rfm::RfmResult::collapsed`]).
    pub collapsed: Vec<String>,
    /// The R x F counts, F5 first, as the chart's data table.
    pub grid: Table,
    pub segments: Table,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SegmentDigest {
    pub number: usize,
    pub label: String,
    /// The data's label, when the user named the segment.
    pub data_label: Option<String>,
    /// CSS colour of the segment in the charts.
    pub colour: String,
    pub facts: String,
    /// The small-segment warning, when the segment is below the minimum size.
    pub small: Option<String>,
    pub distinctions: Vec<String>,
    /// "RFM: Loyal 49.4%, Champions 34.0%" or empty.
    pub rfm_mix: String,
}

/// Everything the Segments page shows of a result.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentsDigest {
    pub summary: String,
    /// Why this number of segments (automatic choice), or empty.
    pub k_reason: String,
    /// Results that cannot be right as they stand.
    pub checks: Vec<String>,
    /// What the data has that the segments could not use ("Product category mix is left out: ...").
    pub left_out: Vec<String>,
    /// False when the data showed no segments.
    pub structure: bool,
    pub features: Vec<FeatureChoice>,
    /// Keys of the features this run used.
    pub used: Vec<String>,
    pub rfm: Option<RfmDigest>,
    /// "No RFM: ..." when there is none.
    pub rfm_note: Option<String>,
    pub segments: Vec<SegmentDigest>,
    pub charts: ChartSvgs,
    pub sizes: Table,
    pub heatmap: Table,
    pub scatter: Table,
    pub k_choice: Table,
}

/// "Money spent: 1,234 vs 567 overall (z +1.3)", "Interests: gaming, 45% vs 12% (3.8x)";
/// `labels` are the columns the line stands for ("Online Security and Tech Support: No
/// internet service, …", from [`Segment::distinction_lines`](persona_core::segment::Segment)).
pub fn describe(d: &Distinction, labels: &[&str]) -> String {
    match d {
        Distinction::Number(p) => {
            let (here, all) = persona::num_pair(&p.label, p.mean, p.overall_mean);
            format!("{}: {here} vs {all} overall (z {:+.1})", p.label, p.z)
        }
        Distinction::Level(p) => format!(
            "{}: {}, {} vs {} overall ({})",
            persona::and_list(&labels.iter().map(|l| l.to_string()).collect::<Vec<_>>()),
            p.level,
            fmt_pct(p.share),
            fmt_pct(p.overall_share),
            persona::times(p.lift).replace('\u{d7}', "x")
        ),
    }
}

fn strings<const N: usize>(cells: [String; N]) -> Vec<String> {
    cells.into()
}

impl SegmentsDigest {
    pub fn new(v: &SegmentationView) -> SegmentsDigest {
        let how = if !v.k_chosen_automatically {
            format!("as you asked; silhouette {:.2}", v.silhouette)
        } else if v.structure {
            "chosen automatically".to_owned()
        } else {
            "no distinct segments found".to_owned()
        };
        let rfm = v.rfm.as_ref().map(|r| {
            // (with no money read, M says nothing)
            let money = v.available.iter().any(|f| f.key == "monetary");
            let measures = if money {
                "recency, frequency and money"
            } else {
                "recency and frequency (no money: no order value is read)"
            };
            let mut intro = format!(
                "{} customers with orders scored 1 to 5 on {measures}; {} without orders.",
                fmt_int(r.customers),
                fmt_int(r.without_orders)
            );
            if r.unassigned > 0 {
                intro.push_str(&format!(" {} customers fall in cells no rule covers.", fmt_int(r.unassigned)));
            }
            if let Some(source) = &v.orders_summed_up {
                intro.push_str(&format!(
                    " No orders file was imported: each customer's orders are as the customers file sums them up (\u{201c}{source}\u{201d})."
                ));
            }
            for source in &v.money_once {
                intro.push_str(&format!(
                    " Money counts each order once: \u{201c}{source}\u{201d} repeats the order's total on every line of it."
                ));
            }

            let mut grid_head = vec![String::new()];
            grid_head.extend((1..=5).map(|r| format!("R{r}")));
            RfmDigest {
                intro,
                collapsed: r.collapsed.clone(),
                grid: Table {
                    head: grid_head,
                    rows: (1..=5usize)
                        .rev()
                        .map(|f| {
                            let mut row = vec![format!("F{f}")];
                            row.extend((1..=5usize).map(|rr| fmt_int(r.grid[rr - 1][f - 1])));
                            row
                        })
                        .collect(),
                },
                segments: Table {
                    head: ["Segment", "Customers", "Share", "Days since order", "Orders", "Spent"]
                        .map(String::from)
                        .into(),
                    rows: r
                        .segments
                        .iter()
                        .map(|s| {
                            // (a named segment no one falls in has no averages)
                            let mean = |text: String| if s.customers == 0 { "—".to_owned() } else { text };
                            strings([
                                s.name.clone(),
                                fmt_int(s.customers),
                                fmt_pct(s.share),
                                mean(format!("{:.0}", s.mean_recency_days)),
                                mean(format!("{:.1}", s.mean_frequency)),
                                if money { mean(persona::num(s.mean_monetary)) } else { "—".to_owned() },
                            ])
                        })
                        .collect(),
                },
            }
        });
        let segments = v
            .segments
            .iter()
            .map(|s| {
                let mut mix = s.rfm_mix.clone();
                mix.sort_by(|a, b| b.1.total_cmp(&a.1));
                let mix: Vec<String> = mix
                    .into_iter()
                    .filter(|(_, x)| *x > 0.0)
                    .take(3)
                    .map(|(n, x)| format!("{n} {}", fmt_pct(x)))
                    .collect();
                SegmentDigest {
                    number: s.index + 1,
                    label: s.label.clone(),
                    data_label: s.data_label.clone(),
                    colour: charts::colour_hex(s.index),
                    facts: format!("{} customers, {} of all", fmt_int(s.size), fmt_pct(s.share)),
                    small: s.small.then(|| {
                        format!(
                            "Fewer than {} customers: shown, but it will not become a persona.",
                            fmt_int(v.min_size)
                        )
                    }),
                    distinctions: s
                        .distinction_lines()
                        .into_iter()
                        .take(5)
                        .map(|(d, labels)| describe(d, &labels))
                        .collect(),
                    rfm_mix: if mix.is_empty() { String::new() } else { format!("RFM: {}", mix.join(", ")) },
                }
            })
            .collect();
        let mut shown = vec![0usize; v.k];
        for p in &v.scatter {
            shown[p.2 as usize % v.k.max(1)] += 1;
        }
        let mut heat_head = vec!["Feature".to_owned()];
        heat_head.extend(v.segments.iter().map(|s| format!("Segment {}", s.index + 1)));
        SegmentsDigest {
            summary: if v.k == 1 {
                format!("1 segment of {} customers, {how}.", fmt_int(v.customers))
            } else {
                format!("{} segments of {} customers, {how}.", v.k, fmt_int(v.customers))
            },
            k_reason: v.k_reason.clone(),
            checks: v.checks.clone(),
            left_out: v.mixes_left_out.iter().map(|m| format!("{m}.")).collect(),
            structure: v.structure,
            features: v
                .available
                .iter()
                .map(|f| FeatureChoice {
                    key: f.key.clone(),
                    label: f.label.clone(),
                    group: f.group.label().to_owned(),
                    note: {
                        let mut notes = Vec::new();
                        match &f.code {
                            // (pdays: "-1 for 82%, read as none")
                            Some(code) => {
                                notes.push(format!("{} for {}, read as none", code.level, fmt_pct(f.missing_share)))
                            }
                            None if f.missing_share > 0.0 => {
                                notes.push(format!("{} missing", fmt_pct(f.missing_share)))
                            }
                            None => {}
                        }
                        if let Some(other) = &f.same_as {
                            notes.push(format!(
                                "says what {other} says: not ticked by default, so that it does not count twice"
                            ));
                        }
                        if f.is_outcome() || f.is_response() {
                            notes.push("an outcome: left unticked so that segments explain it".to_owned());
                        }
                        if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) }
                    },
                })
                .collect(),
            used: v.features.clone(),
            rfm,
            rfm_note: v.rfm_note.as_ref().map(|n| format!("No RFM: {n}.")),
            segments,
            charts: ChartSvgs::draw(v),
            sizes: Table {
                head: ["#", "Segment", "Customers", "Share"].map(String::from).into(),
                rows: v
                    .segments
                    .iter()
                    .map(|s| strings([(s.index + 1).to_string(), s.label.clone(), fmt_int(s.size), fmt_pct(s.share)]))
                    .collect(),
            },
            heatmap: Table {
                head: heat_head,
                rows: charts::heatmap_rows(v)
                    .into_iter()
                    .map(|r| {
                        let mut row = vec![r.label.clone()];
                        row.extend(r.values.iter().map(|&x| r.text(x, 2)));
                        row
                    })
                    .collect(),
            },
            scatter: Table {
                head: ["Segment", "Colour", "Customers shown"].map(String::from).into(),
                rows: shown
                    .iter()
                    .enumerate()
                    .map(|(i, c)| strings([(i + 1).to_string(), charts::colour_hex(i), c.to_string()]))
                    .collect(),
            },
            k_choice: Table {
                head: ["k", "Gap against shuffled data", "Silhouette", "Inertia"].map(String::from).into(),
                rows: v
                    .choices
                    .iter()
                    .map(|c| {
                        strings([
                            c.k.to_string(),
                            format!("{:.3} ± {:.3}", c.gap, c.gap_sd),
                            format!("{:.3}", c.silhouette),
                            persona::num(c.inertia),
                        ])
                    })
                    .collect(),
            },
        }
    }
}

/// A chart with its caption, test id and data table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub caption: String,
    pub testid: String,
    pub svg: String,
    pub table: Table,
}

/// One drafted segment's charts, beside its persona's story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentChart {
    pub segment: usize,
    pub figures: Vec<Figure>,
}

/// The charts of each drafted segment (`drafted`: their indices): what sets it apart, and its
/// RFM mix (when there is RFM).
pub fn segment_charts(v: &SegmentationView, drafted: impl Iterator<Item = usize>) -> Vec<SegmentChart> {
    let everyone: Vec<(String, f64)> =
        v.rfm.as_ref().map(|r| r.segments.iter().map(|s| (s.name.clone(), s.share)).collect()).unwrap_or_default();
    drafted
        .filter_map(|d| v.segments.get(d))
        .map(|s| {
            let mut figures = vec![Figure {
                caption: "What sets the segment apart".to_owned(),
                testid: "persona-chart".to_owned(),
                svg: charts::to_svg((460, charts::segment_profile_height(s)), |r| charts::segment_profile(r, s))
                    .unwrap_or_default(),
                table: Table {
                    head: ["Feature", "Against everyone", "Figure"].map(String::from).into(),
                    rows: charts::segment_profile_rows(s)
                        .into_iter()
                        .map(|(label, v, figure)| {
                            strings([label, (if v >= 0.0 { "above" } else { "below" }).to_owned(), figure])
                        })
                        .collect(),
                },
            }];
            if !s.rfm_mix.is_empty() {
                figures.push(Figure {
                    caption: "Its customers by RFM segment (ticks: everyone)".to_owned(),
                    testid: "persona-chart-rfm".to_owned(),
                    svg: charts::to_svg((460, charts::rfm_mix_height(s)), |r| charts::rfm_mix(r, s, &everyone))
                        .unwrap_or_default(),
                    table: Table {
                        head: ["RFM segment", "This segment", "Everyone"].map(String::from).into(),
                        rows: s
                            .rfm_mix
                            .iter()
                            .map(|(name, share)| {
                                let all = everyone.iter().find(|(n, _)| n == name).map_or(0.0, |e| e.1);
                                strings([name.clone(), fmt_pct(*share), fmt_pct(all)])
                            })
                            .collect(),
                    },
                });
            }
            SegmentChart { segment: s.index, figures }
        })
        .collect()
}

/// A change to the persona deck, asked by the page and made by the worker, which keeps the deck
/// (the page only shows what [`DeckView`] says).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DeckAction {
    /// A field's new value: a text, or a list with one item per line (by [`Field::key`]).
    SetField {
        id: u64,
        field: String,
        value: String,
    },
    Revert {
        id: u64,
        field: String,
    },
    Reroll {
        id: u64,
    },
    Colour {
        id: u64,
        colour: u8,
    },
    /// A persona from the blank template; the view's `open` names it.
    Add,
    Duplicate {
        id: u64,
    },
    Move {
        id: u64,
        by: i32,
    },
    Archive {
        id: u64,
        archived: bool,
    },
    Delete {
        id: u64,
    },
    Undo,
    /// Show a persona's version `number` again.
    RestoreVersion {
        id: u64,
        number: u32,
    },
    /// The user's answer to a contradicted edit: keep it, or take what the data says.
    Resolve {
        id: u64,
        index: usize,
        keep: bool,
    },
}

impl DeckAction {
    /// Applies the action; returns the persona the page should open, if any.
    pub fn apply(&self, deck: &mut Deck) -> Option<u64> {
        let field = Field::from_key;
        match self {
            DeckAction::SetField { id, field: key, value } => {
                if let (Some(p), Some(f)) = (deck.get_mut(*id), field(key)) {
                    if f.is_list() { p.set_list(f, value) } else { p.set_text(f, value) }
                }
            }
            DeckAction::Revert { id, field: key } => {
                if let (Some(p), Some(f)) = (deck.get_mut(*id), field(key)) {
                    p.revert(f);
                }
            }
            DeckAction::Reroll { id } => deck.get_mut(*id).into_iter().for_each(|p| p.reroll()),
            DeckAction::RestoreVersion { id, number } => deck.get_mut(*id).into_iter().for_each(|p| {
                p.restore(*number);
            }),
            DeckAction::Resolve { id, index, keep } => {
                deck.get_mut(*id).into_iter().for_each(|p| p.resolve(*index, *keep))
            }
            DeckAction::Colour { id, colour } => deck.get_mut(*id).into_iter().for_each(|p| p.colour = Some(*colour)),
            DeckAction::Add => return Some(deck.add_blank()),
            DeckAction::Duplicate { id } => {
                deck.duplicate(*id);
            }
            DeckAction::Move { id, by } => deck.move_by(*id, *by as isize),
            DeckAction::Archive { id, archived } => deck.set_archived(*id, *archived),
            DeckAction::Delete { id } => {
                deck.delete(*id);
            }
            DeckAction::Undo => {
                deck.undo_delete();
            }
        }
        None
    }
}

/// One field of a persona as its edit box shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldView {
    pub key: String,
    pub label: String,
    pub value: String,
    pub edited: bool,
    pub rows: u8,
}

/// One persona, drawn and put into words by the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonaView {
    pub id: u64,
    pub name: String,
    pub archived: bool,
    /// Its card on the Personas page and its whole document, as HTML.
    pub card: String,
    pub document: String,
    pub face: String,
    pub colour: u8,
    /// "Back to what the data says" makes sense (the persona has a draft).
    pub drafted: bool,
    pub fields: Vec<FieldView>,
    /// Its versions (number, run) and the edits the new data contradicts, as HTML.
    #[serde(default)]
    pub versions: Vec<(u32, String)>,
    #[serde(default)]
    pub history: String,
}

/// The deck as the pages show it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeckView {
    pub personas: Vec<PersonaView>,
    /// The name of the persona "Undo" would bring back.
    pub last_deleted: Option<String>,
    /// A persona the page should open (one just added).
    pub open: Option<u64>,
}

impl DeckView {
    pub fn new(deck: &Deck, charts: &[SegmentChart], open: Option<u64>) -> DeckView {
        let personas = deck
            .personas
            .iter()
            .map(|p| {
                let chart = p.segment.filter(|_| !p.detached).and_then(|s| charts.iter().find(|c| c.segment == s));
                PersonaView {
                    id: p.id,
                    name: p.text(Field::Name).value,
                    archived: p.archived,
                    card: persona_doc::card_html(p),
                    document: persona_doc::document_html(p, chart),
                    face: avatar::svg(&p.avatar(), &format!("Face of {}", p.text(Field::Name).value)),
                    colour: p.avatar().colour,
                    drafted: p.draft.is_some(),
                    versions: p.versions.iter().map(|v| (v.number, v.label.clone())).collect(),
                    history: persona_doc::history_html(p),
                    fields: Field::all()
                        .map(|f| FieldView {
                            key: f.key().to_owned(),
                            label: if f.is_list() {
                                format!("{} (one per line)", f.label())
                            } else {
                                f.label().to_owned()
                            },
                            value: if f.is_list() {
                                p.list(f).value.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")
                            } else {
                                p.text(f).value
                            },
                            edited: p.edits.contains_key(&f),
                            rows: match f {
                                Field::Name | Field::Title | Field::Archetype => 1,
                                Field::Story | Field::Notes => 6,
                                _ => 4,
                            },
                        })
                        .collect(),
                }
            })
            .collect();
        DeckView { personas, last_deleted: deck.last_deleted(), open }
    }
}

/// What the Segments page receives: the feature picker's choices, and the results as HTML.
///
/// The results are written here (in the worker) rather than by view macros on the page: a
/// Leptos view costs code for every element, and the first page load has a budget.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SegmentsView {
    /// Every segment is under the smallest size for a persona: none is drafted.
    #[serde(default)]
    pub all_small: bool,
    pub features: Vec<FeatureChoice>,
    /// Keys of the features this run used.
    pub used: Vec<String>,
    /// The summary, RFM and segment cards, and the charts' figures, drawn one per frame after
    /// the rest (drawn with it, the results made a task of over 50 ms).
    pub results: HtmlView,
    /// The results' first line ("6 segments of …"), which the page also says to a screen
    /// reader when a run ends.
    #[serde(default)]
    pub summary: String,
    /// Whether the run's features were chosen (then they are [`SegmentsView::used`]) rather
    /// than the defaults: the page's picker shows them, and running again uses them.
    #[serde(default)]
    pub chosen: bool,
    /// What a saved workspace's run was asked for, for the form to show when it is opened.
    #[serde(default)]
    pub form: Option<FormValues>,
}

/// The Segments form as a run was asked for (see [`SegmentsView::form`]): its values as the
/// form shows them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormValues {
    pub k: Option<usize>,
    pub min_size: Option<u64>,
    /// The RFM analysis day, `YYYY-MM-DD`, or empty.
    pub date: String,
    /// Custom cut points (recency, frequency, monetary), as typed: `30, 90, 180, 365`.
    pub cuts: Option<[String; 3]>,
    pub rules: Option<Vec<persona_core::rfm::Rule>>,
}

impl FormValues {
    pub fn of(s: &persona_core::segment::SegmentSettings) -> FormValues {
        let join = |c: &[f64; 4]| c.map(|x| x.to_string()).join(", ");
        FormValues {
            k: s.k,
            min_size: s.min_size,
            date: s.rfm.analysis_day.map(crate::journey_doc::day_text).unwrap_or_default(),
            cuts: match &s.rfm.cuts {
                persona_core::rfm::Cuts::Custom { recency, frequency, monetary } => {
                    Some([join(recency), join(frequency), join(monetary)])
                }
                persona_core::rfm::Cuts::Quintiles => None,
            },
            rules: s.rfm.rules.clone(),
        }
    }
}

pub(crate) fn table_html(t: &Table) -> String {
    let head: String = t.head.iter().map(|h| format!(r#"<th scope="col">{}</th>"#, esc(h))).collect();
    let mut rows = String::new();
    for r in &t.rows {
        rows.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            if i == 0 {
                rows.push_str(&format!(r#"<th scope="row">{}</th>"#, esc(c)));
            } else {
                rows.push_str(&format!("<td>{}</td>", esc(c)));
            }
        }
        rows.push_str("</tr>");
    }
    format!("<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
}

/// A chart as inline SVG, with its data as a table for screen readers and keyboard users.
pub fn figure_html(caption: &str, svg: &str, testid: &str, table: &Table) -> String {
    format!(
        r#"<figure class="chart" data-testid="{testid}"><figcaption>{c}</figcaption><div class="chart-svg" aria-hidden="true">{svg}</div><p class="chart-export no-print"><button type="button" class="button small" data-chart-export="svg" aria-label="Download “{c}” as SVG">SVG</button> <button type="button" class="button small" data-chart-export="png" aria-label="Download “{c}” as PNG">PNG</button></p><details><summary>Data table</summary>{t}</details></figure>"#,
        c = esc(caption),
        t = table_html(table)
    )
}

fn segment_card_html(s: &SegmentDigest) -> String {
    let small = s
        .small
        .as_ref()
        .map_or(String::new(), |w| format!(r#"<p class="warning" data-testid="small-segment">{}</p>"#, esc(w)));
    let distinctions: String = s.distinctions.iter().map(|d| format!("<li>{}</li>", esc(d))).collect();
    let data = s.data_label.as_ref().map_or(String::new(), |l| {
        format!(r#"<p class="muted" data-testid="data-label">From the data: {}</p>"#, esc(l))
    });
    // (an id for each name, so that the focus stays on it when the page is drawn again)
    format!(
        r#"<li class="segment-card" data-testid="segment-card" data-small="{}"><div class="segment-head"><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="3" fill="{}"></rect></svg><input class="segment-name" id="segment-name-{n}" data-input="name-segment" data-segment="{}" data-label="{label}" data-testid="segment-name" aria-label="Name of segment {n}" maxlength="{}" value="{label}"></div>{data}<p class="facts">{}</p>{small}<ul class="distinctions">{distinctions}</ul><p class="muted">{}</p></li>"#,
        s.small.is_some(),
        esc(&s.colour),
        s.number - 1,
        persona_core::segment::NAME_MAX,
        esc(&s.facts),
        esc(&s.rfm_mix),
        n = s.number,
        label = esc(&s.label),
    )
}

impl SegmentsDigest {
    /// What the page shows: the results as HTML (RFM, segment cards, charts).
    pub fn page_view(&self) -> SegmentsView {
        let mut html =
            format!(r#"<p class="segment-summary" data-testid="segment-summary">{}</p>"#, esc(&self.summary));
        for c in &self.checks {
            html.push_str(&format!(r#"<p class="warning" data-testid="segment-check">{}</p>"#, esc(c)));
        }
        if !self.k_reason.is_empty() {
            let class = if self.structure { "muted" } else { "warning" };
            html.push_str(&format!(r#"<p class="{class}" data-testid="k-reason">{}</p>"#, esc(&self.k_reason)));
        }
        for m in &self.left_out {
            html.push_str(&format!(r#"<p class="muted" data-testid="left-out">{}</p>"#, esc(m)));
        }
        if let Some(r) = &self.rfm {
            html.push_str(&format!(
                r#"<section class="rfm" data-testid="rfm"><h2>RFM</h2><p class="muted">{}</p>{}<div class="rfm-layout">{}<div class="rfm-table table-scroll" tabindex="0" data-testid="rfm-table">{}</div></div></section>"#,
                esc(&r.intro),
                r.collapsed
                    .iter()
                    .map(|n| format!(r#"<p class="notice" data-testid="rfm-collapsed">{}</p>"#, esc(n)))
                    .collect::<String>(),
                figure_html(
                    "Customers per R x F cell, coloured by named segment",
                    self.charts.rfm.as_deref().unwrap_or_default(),
                    "chart-rfm",
                    &r.grid
                ),
                table_html(&r.segments)
            ));
        }
        if let Some(n) = &self.rfm_note {
            html.push_str(&format!(r#"<p class="muted" data-testid="rfm-note">{}</p>"#, esc(n)));
        }
        html.push_str(r#"<h2>Segments</h2><ol class="segment-list">"#);
        for s in &self.segments {
            html.push_str(&segment_card_html(s));
        }
        html.push_str("</ol>");
        let c = &self.charts;
        let mut charts = vec![
            figure_html("Segment sizes", &c.sizes, "chart-sizes", &self.sizes),
            figure_html(
                "How each segment differs from everyone (z-score, or log2 lift down to -3: eight times rarer or fewer)",
                &c.heatmap,
                "chart-heatmap",
                &self.heatmap,
            ),
        ];
        if self.charts.scatter.is_empty() {
            // a saved workspace keeps no per-customer points
            charts.push(r#"<p class="muted" data-testid="scatter-not-kept">The scatter plot of single customers is not kept with a saved workspace; it comes back when you run the analysis again.</p>"#.to_owned());
        } else {
            charts.push(figure_html(
                "A sample of customers on the first two principal components",
                &c.scatter,
                "chart-scatter",
                &self.scatter,
            ));
        }
        if let Some(svg) = &c.k_choice {
            charts.push(figure_html("Choosing the number of segments", svg, "chart-k", &self.k_choice));
        }
        let all_small = !self.segments.is_empty() && self.segments.iter().all(|s| s.small.is_some());
        SegmentsView {
            all_small,
            features: self.features.clone(),
            used: self.used.clone(),
            results: HtmlView { html, charts },
            summary: self.summary.clone(),
            ..SegmentsView::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use persona_core::import::ImportSummary;
    use persona_core::ingest::profile_bytes;
    use persona_core::segment::{SegmentSettings, SegmentationView};
    use persona_core::workspace::{FEW, Workspace};

    /// One file imported and segmented with `settings`, as the worker does: its profiles and
    /// the segments' view.
    fn segmented(name: &str, bytes: &[u8], settings: &SegmentSettings) -> (ImportSummary, SegmentationView) {
        let mut session = persona_core::import::ImportSession::new();
        session.add(profile_bytes(name, bytes).expect("profile"));
        let summary = session.summary();
        let profiles: Vec<&persona_core::ingest::FileProfile> = summary.files.iter().collect();
        let table = persona_core::features::gather(&profiles, |_| Ok(bytes)).expect("table");
        let seg = persona_core::segment::run(&table, settings, &mut |_, _, _| {}).expect("segments");
        let view = seg.view(&table);
        (summary, view)
    }

    /// Segments of a log of orders without their amounts.
    fn digest_of_orders_without_money() -> SegmentsDigest {
        let mut csv = String::from("customer_id,order_date,channel\n");
        for c in 0..60 {
            for o in 0..(1 + c % 4) {
                csv.push_str(&format!(
                    "C{c},2024-{:02}-{:02},{}\n",
                    1 + (c + o) % 12,
                    1 + o * 3,
                    ["web", "shop"][c % 2]
                ));
            }
        }
        let settings = SegmentSettings { k: Some(2), n_init: 1, ..Default::default() };
        SegmentsDigest::new(&segmented("orders.csv", csv.as_bytes(), &settings).1)
    }

    /// Orders without money give no spend: the RFM table says so with a dash, not "0" a user
    /// would read as customers who spent nothing.
    #[test]
    fn rfm_segments_without_money_show_no_spend() {
        let rfm = digest_of_orders_without_money().rfm.expect("orders give RFM");
        assert!(rfm.intro.contains("no money"), "{}", rfm.intro);
        let spent = rfm.segments.head.iter().position(|h| h == "Spent").expect("a Spent column");
        let counted: Vec<&Vec<String>> = rfm.segments.rows.iter().filter(|r| r[1] != "0").collect();
        assert!(!counted.is_empty());
        for row in counted {
            assert_eq!(row[spent], "—", "{row:?}");
        }
    }

    /// A saved workspace's segments, as a reload shows them: a level few customers hold is
    /// said as few, and a segment of two customers has no profile. The page, its charts and
    /// the charts of every segment are still drawn from them.
    #[test]
    fn a_saved_segmentation_with_few_held_levels_and_a_tiny_segment_is_drawn() {
        let bytes = include_bytes!("../tests/fixtures/canary_customers.csv");
        let settings = SegmentSettings { k: Some(6), ..Default::default() };
        let (summary, view) = segmented("customers.csv", bytes, &settings);
        let saved = Workspace::new("w", &summary, Some(&settings), Some(&view), &Deck::new());
        let saved = Workspace::open(&saved.to_text()).expect("opens").segmentation.expect("segments kept");
        assert!(saved.segments.iter().any(|s| s.size < 5 && s.numbers.is_empty()), "a tiny segment without profile");
        assert!(saved.available.iter().any(|f| f.levels.iter().any(|l| l == FEW)));
        let page = SegmentsDigest::new(&saved).page_view();
        let drawn = format!("{page:?}");
        assert!(!drawn.contains("Zyxwvutburg") && !drawn.contains("NaN"), "{drawn}");
        let charts = segment_charts(&saved, 0..saved.segments.len());
        assert_eq!(charts.len(), saved.segments.len());
        ChartSvgs::draw(&saved);
    }
}
