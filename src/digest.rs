//! What the Segments page shows, put into words and strings by the worker.
//!
//! The page could deserialise the core's `SegmentationView` and format it itself, but every
//! type, number format and chart function it touched would then be in the page's own wasm,
//! which must stay small (the first load budget). The worker formats; the page only places
//! strings, so the page's code does not grow with the analysis.

use persona_charts as charts;
use persona_core::segment::{Distinction, SegmentationView};
use serde::{Deserialize, Serialize};

use crate::pages::data::{fmt_int, fmt_pct};

/// The Segments page's charts as SVG markup.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
            scatter: charts::to_svg((480, 340), |r| charts::scatter(r, v)).unwrap_or_default(),
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
    /// " (2.1% missing)" or empty.
    pub missing: String,
}

/// A table: header cells and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmDigest {
    pub intro: String,
    /// The R x F counts, F5 first, as the chart's data table.
    pub grid: Table,
    pub segments: Table,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentDigest {
    pub number: usize,
    pub label: String,
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentsDigest {
    pub summary: String,
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

/// 1,234 / 56 / 7.25 / n/a.
pub fn fmt_num(x: f64) -> String {
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

fn strings<const N: usize>(cells: [String; N]) -> Vec<String> {
    cells.into()
}

impl SegmentsDigest {
    pub fn new(v: &SegmentationView) -> SegmentsDigest {
        let how = if v.k_chosen_automatically {
            format!("chosen by silhouette ({:.2})", v.silhouette)
        } else {
            format!("as you asked; silhouette {:.2}", v.silhouette)
        };
        let rfm = v.rfm.as_ref().map(|r| {
            let mut intro = format!(
                "{} customers with orders scored 1 to 5 on recency, frequency and money; {} without orders.",
                fmt_int(r.customers),
                fmt_int(r.without_orders)
            );
            if r.unassigned > 0 {
                intro.push_str(&format!(" {} customers fall in cells no rule covers.", fmt_int(r.unassigned)));
            }
            let mut grid_head = vec![String::new()];
            grid_head.extend((1..=5).map(|r| format!("R{r}")));
            RfmDigest {
                intro,
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
                            strings([
                                s.name.clone(),
                                fmt_int(s.customers),
                                fmt_pct(s.share),
                                format!("{:.0}", s.mean_recency_days),
                                format!("{:.1}", s.mean_frequency),
                                fmt_num(s.mean_monetary),
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
                    colour: charts::colour_hex(s.index),
                    facts: format!("{} customers, {} of all", fmt_int(s.size), fmt_pct(s.share)),
                    small: s.small.then(|| {
                        format!(
                            "Fewer than {} customers: shown, but it will not become a persona.",
                            fmt_int(v.min_size)
                        )
                    }),
                    distinctions: s.distinctions.iter().take(5).map(describe).collect(),
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
            summary: format!("{} segments of {} customers, {how}.", v.k, fmt_int(v.customers)),
            features: v
                .available
                .iter()
                .map(|f| FeatureChoice {
                    key: f.key.clone(),
                    label: f.label.clone(),
                    group: f.group.label().to_owned(),
                    missing: if f.missing_share > 0.0 {
                        format!(" ({} missing)", fmt_pct(f.missing_share))
                    } else {
                        String::new()
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
                    .map(|(label, vals)| {
                        let mut row = vec![label];
                        row.extend(vals.iter().map(|x| format!("{x:+.2}")));
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
                head: ["k", "Silhouette", "Inertia"].map(String::from).into(),
                rows: v
                    .choices
                    .iter()
                    .map(|c| strings([c.k.to_string(), format!("{:.3}", c.silhouette), fmt_num(c.inertia)]))
                    .collect(),
            },
        }
    }
}
