//! The Changes page, drawn by the worker: what changed between the run before the last refresh
//! with new data and the latest run ([`persona_core::refresh::DriftReport`]) — in sentences,
//! per segment, as flows of customers between segments (a chart and its table) and as RFM
//! movements.

use persona_charts as charts;
use persona_core::drift::Change;
use persona_core::format::{percent, thousands};
use persona_core::refresh::{Basis, DriftReport};

use crate::digest::{Table, figure_html, table_html};
use crate::persona_doc::esc;
use crate::protocol::HtmlView;

fn change_word(c: Change, from: Option<&str>) -> String {
    match (c, from) {
        (Change::Continued, _) => "continued".into(),
        (Change::Grew, _) => "grew".into(),
        (Change::Shrank, _) => "shrank".into(),
        (Change::Split, _) => "split".into(),
        (Change::New, Some(old)) => format!("split off from {old}"),
        (Change::New, None) => "new".into(),
        (Change::Vanished, _) => "vanished".into(),
    }
}

/// The page for a report.
pub fn page(r: &DriftReport) -> HtmlView {
    let mut html = format!(
        r#"<p class="lede" data-testid="drift-runs">From <strong>{}</strong> to <strong>{}</strong>.</p>"#,
        esc(&r.before),
        esc(&r.after),
    );
    let basis = match &r.basis {
        Basis::Customers { shared } => format!(
            "Segments were paired by the customers they share (the Jaccard index of the hashed records of both runs, among the customers in both exports: about {}), by an optimal assignment; a pair sharing under 30% is no pair.",
            thousands(*shared)
        ),
        Basis::Centroids => "Segments were paired by how close their centres are in the last run's encoding (1 / (1 + distance), in the last run's standard deviations), or, where it says more, by how many of a segment's customers are nearest the last run's centre (at least 30% of the customers of either, as a Jaccard index), by an optimal assignment. No record of customers was kept, so the flows below place each of this run's customers in the last run's nearest segment.".to_owned(),
    };
    html.push_str(&format!(r#"<p class="muted" data-testid="drift-basis">{}</p>"#, esc(&basis)));
    // the features one run used and the other did not
    if !r.features.is_empty() {
        html.push_str(r#"<ul class="notice" data-testid="drift-features">"#);
        for f in &r.features {
            html.push_str(&format!("<li>{}</li>", esc(f)));
        }
        html.push_str("</ul>");
    }
    // the last run's files that this one did not read anew
    if !r.files.is_empty() {
        html.push_str(r#"<ul class="notice" data-testid="drift-files">"#);
        for f in &r.files {
            html.push_str(&format!("<li>{}</li>", esc(f)));
        }
        html.push_str("</ul>");
    }
    html.push_str(r#"<h2>What changed</h2><ul class="headlines" data-testid="drift-headlines">"#);
    let lines = r.headlines();
    if lines.is_empty() {
        html.push_str("<li>Nothing moved beyond the thresholds: every segment continued at about its size.</li>");
    }
    for h in lines {
        html.push_str(&format!(r#"<li data-testid="drift-headline">{}</li>"#, esc(&h)));
    }
    html.push_str("</ul>");
    // per segment
    let old_label = |o: Option<usize>| o.and_then(|o| r.old_labels.get(o)).cloned().unwrap_or_else(|| "—".into());
    let new_label = |n: Option<usize>| n.and_then(|n| r.new_labels.get(n)).cloned().unwrap_or_else(|| "—".into());
    let table = Table {
        head: ["Last run", "This run", "What happened", "Customers", "Share", "What moved most"]
            .map(String::from)
            .to_vec(),
        rows: r
            .segments
            .iter()
            .map(|s| {
                let from = s.from.and_then(|o| r.old_labels.get(o)).map(String::as_str);
                let mut what = change_word(s.change, from);
                if s.change == Change::Split {
                    let parts: Vec<String> = s.into.iter().map(|&n| new_label(Some(n))).collect();
                    what = format!("split into {}", parts.join(" and "));
                }
                vec![
                    old_label(s.old),
                    new_label(s.new),
                    what,
                    format!("{} → {}", thousands(s.size.0), thousands(s.size.1)),
                    format!("{} → {}", percent(s.share.0), percent(s.share.1)),
                    s.moved.iter().map(|m| m.describe()).collect::<Vec<_>>().join("; "),
                ]
            })
            .collect(),
    };
    html.push_str(&format!(
        r#"<h2>Segment by segment</h2><div class="table-wrap" data-testid="drift-table">{}</div>"#,
        table_html(&table)
    ));
    if !r.rfm.is_empty() {
        let rfm = Table {
            head: ["RFM segment", "Last run", "This run", "Change"].map(String::from).to_vec(),
            rows: r
                .rfm
                .iter()
                .map(|m| {
                    let points = (m.new - m.old) * 100.0;
                    vec![
                        m.name.clone(),
                        percent(m.old),
                        percent(m.new),
                        format!("{}{:.1} points", if points < 0.0 { "−" } else { "+" }, points.abs()),
                    ]
                })
                .collect(),
        };
        let how = if r.rfm_on_last_cuts {
            "This run's customers are scored on the last run's cut points and segment rules, so a share moves when customers' recency, orders or money move (on its own quintiles each run would put a fifth of its customers in each score)."
        } else {
            "Each run's customers are scored on that run's own quintiles."
        };
        html.push_str(&format!(
            r#"<h2>RFM movements</h2><p class="muted" data-testid="drift-rfm-how">{how}</p><div class="table-wrap" data-testid="drift-rfm">{}</div>"#,
            table_html(&rfm)
        ));
    }
    // the flows, as a chart with its table
    let old_k = r.old_labels.len();
    let new_k = r.new_labels.len();
    let mut head = vec!["From \\ to".to_owned()];
    head.extend(r.new_labels.iter().cloned());
    let has_left = r.flows.first().is_some_and(|row| row.len() > new_k);
    if has_left {
        head.push("Left".into());
    }
    let rows = r
        .flows
        .iter()
        .enumerate()
        .map(|(o, row)| {
            let mut cells = vec![if o < old_k { r.old_labels[o].clone() } else { "Joined".into() }];
            cells.extend(row.iter().map(|&c| thousands(c)));
            cells
        })
        .collect();
    let flows = Table { head, rows };
    let nodes = (old_k + usize::from(r.flows.len() > old_k)).max(new_k + usize::from(has_left));
    let svg = charts::to_svg((720, charts::flows_height(nodes)), |root| {
        charts::flows(root, &r.old_labels, &r.new_labels, &r.flows)
    })
    .unwrap_or_default();
    // (flows from the records are estimates: the segment table counts every customer)
    let caption = match r.basis {
        Basis::Customers { .. } => {
            "Customers between the last run's segments and this run's, estimated from the hashed records of the customers in both and scaled to everyone (the table above counts every customer, so its figures differ a little)"
        }
        Basis::Centroids => "This run's customers by the last run's nearest segment",
    };
    HtmlView { html, charts: vec![figure_html(caption, &svg, "chart-flows", &flows)] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use persona_core::drift::SegmentDrift;

    fn entry(old: Option<usize>, new: Option<usize>, change: Change) -> SegmentDrift {
        SegmentDrift {
            old,
            new,
            label: "Seg <b>".into(),
            change,
            size: (100, 80),
            share: (0.5, 0.4),
            moved: Vec::new(),
            into: if change == Change::Split { vec![0, 1] } else { Vec::new() },
            from: (change == Change::New).then_some(0),
        }
    }

    #[test]
    fn the_page_tells_each_change_with_the_flows_as_a_chart_and_a_table() {
        let r = DriftReport {
            before: "November".into(),
            after: "December".into(),
            basis: Basis::Customers { shared: 90 },
            matches: vec![Some(0), None],
            segments: vec![
                entry(Some(0), Some(0), Change::Split),
                entry(None, Some(1), Change::New),
                entry(Some(1), None, Change::Vanished),
            ],
            old_labels: vec!["Old <b>".into(), "Gone".into()],
            new_labels: vec!["Young".into(), "Old".into()],
            flows: vec![vec![40, 45, 5], vec![0, 0, 100], vec![10, 0, 0]],
            moved: Some(0.5),
            rfm: Vec::new(),
            rfm_on_last_cuts: false,
            customers: (200, 100),
            files: vec!["\u{201c}customers <x>.csv\u{201d} is read as it was in the last run.".into()],
            features: vec!["\u{201c}Profit <per line>\u{201d} is not in this export.".into()],
        };
        let v = page(&r);
        assert!(
            v.html.contains(r#"data-testid="drift-features"><li>“Profit &lt;per line&gt;” is not in this export."#)
        );
        assert!(
            v.html.contains(r#"data-testid="drift-files"><li>“customers &lt;x&gt;.csv” is read as it was"#),
            "{}",
            v.html
        );
        assert!(v.html.contains("Old &lt;b&gt; split into Young and Old"), "{}", v.html);
        assert!(v.html.contains("split off from Old &lt;b&gt;"));
        assert!(v.html.contains("vanished"));
        assert!(v.html.contains("among the customers in both exports: about 90"));
        assert!(!v.html.contains("<b>"), "labels are escaped");
        assert_eq!(v.charts.len(), 1);
        for cell in ["Joined", "Left", "<svg"] {
            assert!(v.charts[0].contains(cell), "{cell}");
        }
    }
}
