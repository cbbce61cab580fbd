//! Small inline charts for the column table: a histogram or top-value bars, as SVG (no inline
//! styles, so the strict Content-Security-Policy holds), each with a text alternative.

use leptos::prelude::*;

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

#[component]
pub fn Histogram(counts: Vec<u64>, #[prop(into)] label: String) -> impl IntoView {
    let bars = histogram_bars(&counts);
    view! {
        <svg class="mini-chart" viewBox="0 0 120 28" width="120" height="28" role="img" aria-label=label>
            {bars.into_iter().map(|(x, y, w, h)| view! { <rect x=x y=y width=w height=h></rect> }).collect_view()}
        </svg>
    }
}

#[component]
pub fn TopValues(values: Vec<(String, u64)>, total: u64) -> impl IntoView {
    let total = total.max(1) as f64;
    view! {
        <ul class="top-values">
            {values
                .into_iter()
                .take(5)
                .map(|(v, c)| {
                    let share = c as f64 / total;
                    let w = (share * 60.0).max(1.0);
                    view! {
                        <li>
                            <svg viewBox="0 0 60 8" width="60" height="8" aria-hidden="true"><rect x="0" y="0" width=w height="8"></rect></svg>
                            <span class="value">{v}</span>
                            <span class="count">{format!(" {:.0}%", share * 100.0)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::histogram_bars;

    #[test]
    fn bars_fill_the_box_and_scale_to_the_largest() {
        let bars = histogram_bars(&[0, 5, 10]);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[2].3, 26.0);
        assert_eq!(bars[1].3, 13.0);
        assert_eq!(bars[0].3, 0.0);
    }
}
