//! Small inline charts for the column table: a histogram or top-value bars, as SVG strings (no
//! inline styles, so the strict Content-Security-Policy holds), each with a text alternative.

use persona_format::{fixed, up_to};

use crate::persona_doc::esc;

/// Bar heights of a histogram, as SVG rectangles in a 120×28 box.
pub fn histogram_bars(counts: &[u64]) -> Vec<(f64, f64, f64, f64)> {
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let w = 120.0 / counts.len().max(1) as f64;
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let h = (*c as f64 / max * 26.0).max(if *c > 0 { 1.0 } else { 0.0 });
            (i as f64 * w, 28.0 - h, (w - 1.0).max(0.5), h)
        })
        .collect()
}

/// A histogram as an SVG string, with `label` as its text alternative.
pub fn histogram_svg(counts: &[u64], label: &str) -> String {
    let bars: String = histogram_bars(counts)
        .into_iter()
        .map(|(x, y, w, h)| {
            let [x, y, w, h] = [x, y, w, h].map(|v| up_to(v, 2));
            format!(r#"<rect x="{x}" y="{y}" width="{w}" height="{h}"></rect>"#)
        })
        .collect();
    format!(
        r#"<svg class="mini-chart" viewBox="0 0 120 28" width="120" height="28" role="img" aria-label="{}">{bars}</svg>"#,
        esc(label)
    )
}

/// The five most frequent values with their shares, as an HTML list.
pub fn top_values_html(values: &[(String, u64)], total: u64) -> String {
    let total = total.max(1) as f64;
    let items: String = values
        .iter()
        .take(5)
        .map(|(v, c)| {
            let share = *c as f64 / total;
            format!(
                r#"<li><svg viewBox="0 0 60 8" width="60" height="8" aria-hidden="true"><rect x="0" y="0" width="{}" height="8"></rect></svg><span class="value" title="{v}">{v}</span><span class="count"> {}%</span></li>"#,
                up_to((share * 60.0).max(1.0), 2),
                fixed(share * 100.0, 0),
                v = esc(v),
            )
        })
        .collect();
    format!(r#"<ul class="top-values">{items}</ul>"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_the_box_and_scale_to_the_largest() {
        let bars = histogram_bars(&[0, 5, 10]);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[2].3, 26.0);
        assert_eq!(bars[1].3, 13.0);
        assert_eq!(bars[0].3, 0.0);
    }

    #[test]
    fn charts_escape_their_text() {
        assert!(histogram_svg(&[1, 2], "a <b>").contains(r#"aria-label="a &lt;b&gt;""#));
        let html = top_values_html(&[("<x>".to_owned(), 1), ("y".to_owned(), 3)], 4);
        assert!(html.contains("&lt;x&gt;") && html.contains(" 75%"));
    }
}
