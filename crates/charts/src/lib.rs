//! Persona Studio's charts, as functions generic over the plotters [`DrawingBackend`]: SVG in
//! the native snapshot tests and exports, and the same SVG on the page.
//!
//! Every chart is drawn from plotters' primitives (rectangles, circles, paths, text) on pixel
//! coordinates, and text is only ever placed with an anchor, never measured, so the output does
//! not depend on fonts and is byte-identical natively and in wasm. Each chart has a data table
//! beside it on the page for screen readers; the functions here only draw.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use persona_core::features::FeatureKind;
use persona_core::segment::{Distinction, RfmView, Segment, SegmentationView};

/// The error type of drawing on `DB`.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Segment colours (Tableau 10), in segment order.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(89, 161, 79),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
];
const INK: RGBColor = RGBColor(34, 34, 34);
const MUTED: RGBColor = RGBColor(120, 120, 120);
const GRID: RGBColor = RGBColor(225, 225, 225);

/// The colour of segment `i`.
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// CSS hex of segment `i`'s colour, for legends and tables on the page.
pub fn colour_hex(i: usize) -> String {
    let RGBColor(r, g, b) = colour(i);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text of `size` pixels (plotters takes points), anchored at (h, v) of its position.
fn text(size: u32, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", size as f64 * 1.24).into_font().color(&colour).pos(Pos::new(h, v))
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('\u{2026}');
        t
    }
}

/// Thousands with commas: 12,345.
pub fn fmt_int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Renders a chart to an SVG string of `size` pixels.
pub fn to_svg<F>(size: (u32, u32), draw: F) -> Result<String, String>
where
    F: for<'a> FnOnce(&DrawingArea<SVGBackend<'a>, Shift>) -> DrawResult<SVGBackend<'a>>,
{
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Horizontal bars: each segment's size and share; small segments in grey.
pub fn segment_sizes<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, view: &SegmentationView) -> DrawResult<DB> {
    let (w, h) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let n = view.segments.len().max(1);
    let row = ((h as i32 - 10) / n as i32).min(32);
    let left = 210;
    let right = 110;
    let span = (w as i32 - left - right).max(10);
    let max = view.segments.iter().map(|s| s.size).max().unwrap_or(1).max(1);
    for (i, s) in view.segments.iter().enumerate() {
        let y = 5 + i as i32 * row;
        let len = (s.size as f64 / max as f64 * span as f64).round() as i32;
        let fill = if s.small { GRID } else { colour(s.index) };
        root.draw(&Rectangle::new([(left, y + 4), (left + len.max(1), y + row - 4)], fill.filled()))?;
        let name = format!("{}. {}", s.index + 1, shorten(&s.label, 30));
        root.draw(&Text::new(name, (left - 8, y + row / 2), text(12, INK, HPos::Right, VPos::Center)))?;
        let mut figure = format!("{} ({:.1}%)", fmt_int(s.size), s.share * 100.0);
        if s.small {
            figure.push_str(" small");
        }
        root.draw(&Text::new(figure, (left + len + 6, y + row / 2), text(12, MUTED, HPos::Left, VPos::Center)))?;
    }
    Ok(())
}

/// The lowest log2 lift a heat map row gives: a level eight times rarer in the segment than
/// overall, or absent.
pub const LIFT_FLOOR: f64 = -3.0;

/// A row of the heat map: its label, a value per segment, and whether the values are log2
/// lifts (cut at [`LIFT_FLOOR`]) rather than z-scores.
pub struct HeatRow {
    pub label: String,
    pub values: Vec<f64>,
    pub lift: bool,
}

impl HeatRow {
    /// A value as the chart and its table write it, to `decimals`: "≤-3" where a lift was cut.
    pub fn text(&self, v: f64, decimals: usize) -> String {
        if self.lift && v <= LIFT_FLOOR { format!("≤{LIFT_FLOOR:.decimals$}") } else { format!("{v:+.decimals$}") }
    }
}

/// The rows of the segments x features heat map: (label, value per segment). Numbers give
/// their z-score; categories, lists and mixes their three levels whose lift varies most
/// between segments, as log2 of the lift (1 = twice as common as overall), cut at
/// [`LIFT_FLOOR`] (eight times rarer, or none at all).
pub fn heatmap_rows(view: &SegmentationView) -> Vec<HeatRow> {
    let mut rows = Vec::new();
    let Some(first) = view.segments.first() else { return rows };
    for key in &view.features {
        let Some(info) = view.available.iter().find(|f| &f.key == key) else { continue };
        if info.kind == FeatureKind::Numeric {
            if let Some(pos) = first.numbers.iter().position(|p| &p.feature == key) {
                let values = view.segments.iter().map(|s| s.numbers.get(pos).map_or(0.0, |p| p.z)).collect();
                rows.push(HeatRow { label: info.label.clone(), values, lift: false });
            }
            continue;
        }
        let mut levels: Vec<(f64, String, Vec<f64>)> = first
            .levels
            .iter()
            .enumerate()
            .filter(|(_, p)| &p.feature == key)
            .map(|(j, p)| {
                let values: Vec<f64> = view
                    .segments
                    .iter()
                    .map(|s| {
                        s.levels
                            .get(j)
                            .map_or(0.0, |q| if q.lift > 0.0 { q.lift.log2().max(LIFT_FLOOR) } else { LIFT_FLOOR })
                    })
                    .collect();
                let spread = values.iter().fold(0.0f64, |a, v| a.max(v.abs()));
                (spread, format!("{}: {}", info.label, p.level), values)
            })
            .collect();
        levels.sort_by(|a, b| b.0.total_cmp(&a.0));
        rows.extend(levels.into_iter().take(3).map(|(_, label, values)| HeatRow { label, values, lift: true }));
    }
    rows
}

fn diverging(v: f64) -> RGBColor {
    let t = (v / 2.0).clamp(-1.0, 1.0);
    let mix = |a: u8, b: u8, t: f64| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    if t >= 0.0 {
        RGBColor(mix(255, 202, t), mix(255, 0, t), mix(255, 32, t))
    } else {
        RGBColor(mix(255, 5, -t), mix(255, 113, -t), mix(255, 176, -t))
    }
}

/// Features (rows) x segments (columns), coloured from blue (below everyone) to red (above).
pub fn feature_heatmap<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, view: &SegmentationView) -> DrawResult<DB> {
    let (w, _) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let rows = heatmap_rows(view);
    let k = view.segments.len().max(1) as i32;
    let left = 260;
    let top = 26;
    let cw = ((w as i32 - left - 10) / k).clamp(20, 90);
    let rh = 20;
    for (c, s) in view.segments.iter().enumerate() {
        let x = left + c as i32 * cw + cw / 2;
        root.draw(&Text::new(format!("{}", s.index + 1), (x, top - 8), text(12, INK, HPos::Center, VPos::Bottom)))?;
        root.draw(&Rectangle::new([(x - cw / 2 + 2, top - 6), (x + cw / 2 - 2, top - 3)], colour(s.index).filled()))?;
    }
    for (r, row) in rows.iter().enumerate() {
        let y = top + r as i32 * rh;
        root.draw(&Text::new(
            shorten(&row.label, 40),
            (left - 8, y + rh / 2),
            text(11, INK, HPos::Right, VPos::Center),
        ))?;
        for (c, v) in row.values.iter().enumerate() {
            let x = left + c as i32 * cw;
            root.draw(&Rectangle::new([(x + 1, y + 1), (x + cw - 1, y + rh - 1)], diverging(*v).filled()))?;
            let ink = if v.abs() > 1.4 { WHITE } else { INK };
            root.draw(&Text::new(
                row.text(*v, 1),
                (x + cw / 2, y + rh / 2),
                text(10, ink, HPos::Center, VPos::Center),
            ))?;
        }
    }
    Ok(())
}

/// Height in pixels that [`feature_heatmap`] needs for `view`.
pub fn feature_heatmap_height(view: &SegmentationView) -> u32 {
    26 + 20 * heatmap_rows(view).len() as u32 + 8
}

/// A sample of customers on the first two principal components, coloured by segment.
pub fn scatter<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, view: &SegmentationView) -> DrawResult<DB> {
    let (w, h) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let (l, t, r, b) = (30i32, 10i32, w as i32 - 10, h as i32 - 30);
    root.draw(&Rectangle::new([(l, t), (r, b)], GRID.stroke_width(1)))?;
    root.draw(&Text::new("first principal component", ((l + r) / 2, b + 8), text(11, MUTED, HPos::Center, VPos::Top)))?;
    root.draw(&Text::new("PC2", (l - 4, t), text(11, MUTED, HPos::Right, VPos::Top)))?;
    if view.scatter.is_empty() {
        return Ok(());
    }
    let ext = |f: fn(&(f32, f32, u32)) -> f32| {
        view.scatter.iter().map(f).fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let (x0, x1) = ext(|p| p.0);
    let (y0, y1) = ext(|p| p.1);
    let sx = |x: f32| l + 6 + ((x - x0) / (x1 - x0).max(1e-6) * (r - l - 12) as f32).round() as i32;
    let sy = |y: f32| b - 6 - ((y - y0) / (y1 - y0).max(1e-6) * (b - t - 12) as f32).round() as i32;
    for p in &view.scatter {
        root.draw(&Circle::new((sx(p.0), sy(p.1)), 2, colour(p.2 as usize).mix(0.8).filled()))?;
    }
    Ok(())
}

/// Silhouette (left) and inertia, the elbow (right), for every k tried; the chosen k ringed.
pub fn k_choice<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, view: &SegmentationView) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (w, _) = root.dim_in_pixel();
    let (left, right) = root.split_horizontally(w / 2);
    let sil: Vec<(usize, f64)> = view.choices.iter().map(|c| (c.k, c.silhouette)).collect();
    let gap: Vec<(usize, f64)> = view.choices.iter().map(|c| (c.k, c.gap)).collect();
    line_panel(&left, "structure: gap against shuffled data", &gap, view.k)?;
    line_panel(&right, "separation: silhouette", &sil, view.k)?;
    Ok(())
}

fn line_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    pts: &[(usize, f64)],
    chosen: usize,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let (l, t, r, b) = (40i32, 24i32, w as i32 - 12, h as i32 - 26);
    area.draw(&Text::new(title.to_owned(), (l, 4), text(12, INK, HPos::Left, VPos::Top)))?;
    area.draw(&PathElement::new(vec![(l, t), (l, b), (r, b)], GRID.stroke_width(1)))?;
    if pts.is_empty() {
        return Ok(());
    }
    let (k0, k1) = (pts[0].0, pts[pts.len() - 1].0);
    let (lo, hi) = pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let sx = |k: usize| l + 8 + ((k - k0) as f64 / (k1 - k0).max(1) as f64 * (r - l - 16) as f64).round() as i32;
    let sy = |v: f64| b - 6 - ((v - lo) / (hi - lo).max(1e-12) * (b - t - 12) as f64).round() as i32;
    let path: Vec<(i32, i32)> = pts.iter().map(|p| (sx(p.0), sy(p.1))).collect();
    area.draw(&PathElement::new(path.clone(), colour(0).stroke_width(2)))?;
    for (p, xy) in pts.iter().zip(&path) {
        area.draw(&Circle::new(*xy, 3, colour(0).filled()))?;
        if p.0 == chosen {
            area.draw(&Circle::new(*xy, 7, colour(2).stroke_width(2)))?;
        }
        area.draw(&Text::new(p.0.to_string(), (xy.0, b + 6), text(11, MUTED, HPos::Center, VPos::Top)))?;
    }
    let fmt = |v: f64| if v.abs() >= 1000.0 { fmt_int(v.round() as u64) } else { format!("{v:.3}") };
    area.draw(&Text::new(fmt(hi), (l - 4, sy(hi)), text(10, MUTED, HPos::Right, VPos::Center)))?;
    area.draw(&Text::new(fmt(lo), (l - 4, sy(lo)), text(10, MUTED, HPos::Right, VPos::Center)))?;
    Ok(())
}

/// The R x F grid: each cell in its named segment's colour, with the segment and the count.
pub fn rfm_grid<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, rfm: &RfmView) -> DrawResult<DB> {
    let (w, h) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let (l, t) = (40i32, 10i32);
    let cw = (w as i32 - l - 10) / 5;
    let ch = (h as i32 - t - 30) / 5;
    let max = rfm.grid.iter().flatten().copied().max().unwrap_or(1).max(1);
    for r in 1..=5u8 {
        for f in 1..=5u8 {
            let x = l + (r as i32 - 1) * cw;
            let y = t + (5 - f as i32) * ch;
            let count = rfm.grid[r as usize - 1][f as usize - 1];
            let seg = rfm.rules.segment_of(r, f);
            let base = seg.map_or(GRID, colour);
            let alpha = 0.25 + 0.75 * (count as f64 / max as f64);
            root.draw(&Rectangle::new([(x + 1, y + 1), (x + cw - 1, y + ch - 1)], base.mix(alpha).filled()))?;
            let name = seg.map_or("uncovered".to_owned(), |s| shorten(&rfm.rules.rules[s].name, 14));
            root.draw(&Text::new(name, (x + cw / 2, y + ch / 2 - 7), text(10, INK, HPos::Center, VPos::Center)))?;
            root.draw(&Text::new(
                fmt_int(count),
                (x + cw / 2, y + ch / 2 + 8),
                text(11, INK, HPos::Center, VPos::Center),
            ))?;
        }
    }
    for i in 1..=5 {
        let x = l + (i - 1) * cw + cw / 2;
        root.draw(&Text::new(format!("R{i}"), (x, t + 5 * ch + 6), text(11, MUTED, HPos::Center, VPos::Top)))?;
        let y = t + (5 - i) * ch + ch / 2;
        root.draw(&Text::new(format!("F{i}"), (l - 6, y), text(11, MUTED, HPos::Right, VPos::Center)))?;
    }
    Ok(())
}

/// The rows of [`segment_profile`]: what sets one segment apart, strongest first, as (label,
/// value, figure). Numbers give their z-score; levels the base-2 log of their lift, shown as
/// "3.2×". Columns that say the same make one row ("Online Security and 3 more: No internet
/// service").
pub fn segment_profile_rows(segment: &Segment) -> Vec<(String, f64, String)> {
    segment
        .distinction_lines()
        .into_iter()
        .take(8)
        .map(|(d, labels)| match d {
            Distinction::Number(p) => (p.label.clone(), p.z, format!("z {:+.1}", p.z)),
            Distinction::Level(p) => {
                let columns = match labels.len() {
                    0 | 1 => p.label.clone(),
                    n => format!("{} and {} more", p.label, n - 1),
                };
                (format!("{columns}: {}", p.level.replace('_', " ")), p.lift.log2(), format!("{:.1}×", p.lift))
            }
        })
        .collect()
}

/// Height in pixels that [`segment_profile`] needs for `segment`.
pub fn segment_profile_height(segment: &Segment) -> u32 {
    30 + 24 * segment_profile_rows(segment).len().max(1) as u32
}

/// What sets one segment apart from everyone, as bars from a centre line: right of it above
/// everyone, left below, in the segment's colour.
pub fn segment_profile<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, segment: &Segment) -> DrawResult<DB> {
    let (w, _) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let rows = segment_profile_rows(segment);
    let left = 230;
    let right = 60;
    let span = (w as i32 - left - right).max(40);
    let mid = left + span / 2;
    let top = 24;
    let rh = 24;
    let max = rows.iter().map(|r| r.1.abs()).fold(1.0, f64::max);
    root.draw(&Text::new("below everyone", (left, 12), text(11, MUTED, HPos::Left, VPos::Center)))?;
    root.draw(&Text::new("above everyone", (left + span, 12), text(11, MUTED, HPos::Right, VPos::Center)))?;
    if rows.is_empty() {
        root.draw(&Text::new(
            "Nothing sets this segment apart by the thresholds",
            (mid, top + rh / 2),
            text(12, MUTED, HPos::Center, VPos::Center),
        ))?;
    }
    for (i, (label, value, figure)) in rows.iter().enumerate() {
        let y = top + i as i32 * rh;
        let len = (value / max * (span / 2) as f64).round() as i32;
        let (x0, x1) = if len >= 0 { (mid, mid + len.max(1)) } else { (mid + len, mid) };
        root.draw(&Rectangle::new([(x0, y + 4), (x1, y + rh - 4)], colour(segment.index).filled()))?;
        root.draw(&Text::new(shorten(label, 36), (left - 8, y + rh / 2), text(11, INK, HPos::Right, VPos::Center)))?;
        let (at, pos) = if len >= 0 { (x1 + 4, HPos::Left) } else { (x0 - 4, HPos::Right) };
        root.draw(&Text::new(figure.clone(), (at, y + rh / 2), text(11, MUTED, pos, VPos::Center)))?;
    }
    let bottom = top + rh * rows.len().max(1) as i32;
    root.draw(&PathElement::new(vec![(mid, top - 2), (mid, bottom)], MUTED.stroke_width(1)))?;
    Ok(())
}

/// Height in pixels that [`rfm_mix`] needs for `segment`.
pub fn rfm_mix_height(segment: &Segment) -> u32 {
    30 + 22 * segment.rfm_mix.len().max(1) as u32
}

/// A segment's customers by named RFM segment: a bar per RFM segment in the segment's colour,
/// with a grey tick at everyone's share. `overall` holds everyone's share by RFM segment name.
pub fn rfm_mix<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    segment: &Segment,
    overall: &[(String, f64)],
) -> DrawResult<DB> {
    let (w, _) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let left = 150;
    let right = 50;
    let span = (w as i32 - left - right).max(40);
    let top = 22;
    let rh = 22;
    let max = segment.rfm_mix.iter().map(|m| m.1).chain(overall.iter().map(|o| o.1)).fold(0.01, f64::max);
    root.draw(&Text::new("| everyone", (left + span, 10), text(11, MUTED, HPos::Right, VPos::Center)))?;
    for (i, (name, share)) in segment.rfm_mix.iter().enumerate() {
        let y = top + i as i32 * rh;
        let len = (share / max * span as f64).round() as i32;
        root.draw(&Rectangle::new([(left, y + 4), (left + len.max(1), y + rh - 4)], colour(segment.index).filled()))?;
        root.draw(&Text::new(shorten(name, 22), (left - 8, y + rh / 2), text(11, INK, HPos::Right, VPos::Center)))?;
        root.draw(&Text::new(
            format!("{:.0}%", share * 100.0),
            (left + len + 4, y + rh / 2),
            text(11, MUTED, HPos::Left, VPos::Center),
        ))?;
        if let Some((_, all)) = overall.iter().find(|(n, _)| n == name) {
            let x = left + (all / max * span as f64).round() as i32;
            root.draw(&PathElement::new(vec![(x, y + 2), (x, y + rh - 2)], INK.stroke_width(2)))?;
        }
    }
    Ok(())
}

/// One group's line of a journey chart: its label, its colour index and a value per stage.
pub struct Series<'a, T> {
    pub label: &'a str,
    pub colour: usize,
    pub values: Vec<T>,
}

/// The height of a journey chart `width` wide with `stages` stages and a group per label.
pub fn funnel_height(stages: usize, labels: &[&str], width: u32) -> u32 {
    36 + (stages * (labels.len() * 14 + 14)) as u32 + legend_extra(labels.iter().copied(), LEFT, width)
}

/// The height of an emotion curve `width` wide with a group per label.
pub fn emotion_height(labels: &[&str], width: u32) -> u32 {
    260 + legend_extra(labels.iter().copied(), EMOTION_LEFT, width)
}

/// Where the funnel's and the times' bars start, after the stages' names.
const LEFT: i32 = 150;
/// Where the emotion curve starts, after its scale's words.
const EMOTION_LEFT: i32 = 110;
/// How many characters of a group's name a legend shows.
const LEGEND_CHARS: usize = 40;

/// The funnel, groups side by side: per stage a bar per group, its length the share of the
/// group's customers at the first stage who reached it, labelled with that share.
pub fn funnel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    stages: &[String],
    groups: &[Series<'_, f64>],
) -> DrawResult<DB> {
    let (w, _) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let (left, right) = (LEFT, 60i32);
    let span = (w as i32 - left - right).max(10);
    let band = (groups.len() * 14 + 14) as i32;
    let below = 28 + legend(root, groups.iter().map(|g| (g.label, g.colour)), (left, 4))? as i32;
    for (s, stage) in stages.iter().enumerate() {
        let y = below + s as i32 * band;
        root.draw(&Text::new(
            shorten(stage, 22),
            (left - 8, y + band / 2 - 4),
            text(12, INK, HPos::Right, VPos::Center),
        ))?;
        for (g, series) in groups.iter().enumerate() {
            let v = series.values.get(s).copied().unwrap_or(0.0).clamp(0.0, 1.0);
            let top = y + g as i32 * 14;
            let len = (v * span as f64).round() as i32;
            root.draw(&Rectangle::new([(left, top), (left + len.max(1), top + 11)], colour(series.colour).filled()))?;
            let label = format!("{:.0}%", v * 100.0);
            root.draw(&Text::new(label, (left + len + 4, top + 6), text(10, MUTED, HPos::Left, VPos::Center)))?;
        }
    }
    Ok(())
}

/// Where each legend entry goes, (x, row), from `left` rightwards: onto a new row where it
/// would pass the chart's right edge (seven groups' names do not fit on one row of 720 pixels).
fn legend_places<'a>(labels: impl Iterator<Item = &'a str>, left: i32, width: u32) -> Vec<(i32, i32)> {
    let (mut x, mut row) = (left, 0);
    let mut places = Vec::new();
    for label in labels {
        let w = 18 + text_width(&shorten(label, LEGEND_CHARS));
        if x > left && x + w > width as i32 - 10 {
            (x, row) = (left, row + 1);
        }
        places.push((x, row));
        x += w;
    }
    places
}

/// About how wide a legend's label is drawn, in pixels: capitals and digits wider than small
/// letters, spaces and stops narrower.
fn text_width(s: &str) -> i32 {
    let tenths: i32 = s
        .chars()
        .map(|c| match c {
            'A'..='Z' | '0'..='9' | 'm' | 'w' | '%' => 80,
            ' ' | '.' | ',' | ':' | ';' | 'i' | 'l' | 'j' | 't' | 'f' | 'r' | '(' | ')' => 40,
            _ => 63,
        })
        .sum();
    tenths / 10
}

/// The height a legend's rows after the first take, from its entries' places.
fn rows_below(places: &[(i32, i32)]) -> u32 {
    places.last().map_or(0, |&(_, row)| (row * LEGEND_ROW) as u32)
}

/// The height a legend of `labels` takes below its first row.
fn legend_extra<'a>(labels: impl Iterator<Item = &'a str>, left: i32, width: u32) -> u32 {
    rows_below(&legend_places(labels, left, width))
}

/// A legend's row height.
const LEGEND_ROW: i32 = 16;

/// A legend: a swatch and a label per entry, from `at` rightwards, on as many rows as the
/// chart's width needs. Returns the height of its rows after the first.
fn legend<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: impl Iterator<Item = (&'a str, usize)> + Clone,
    at: (i32, i32),
) -> Result<u32, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = root.dim_in_pixel();
    let places = legend_places(entries.clone().map(|e| e.0), at.0, w);
    for ((label, c), (x, row)) in entries.zip(&places) {
        let y = at.1 + row * LEGEND_ROW;
        root.draw(&Rectangle::new([(*x, y + 2), (x + 10, y + 12)], colour(c).filled()))?;
        root.draw(&Text::new(shorten(label, LEGEND_CHARS), (x + 14, y + 7), text(11, INK, HPos::Left, VPos::Center)))?;
    }
    Ok(rows_below(&places))
}

/// (25th percentile, median, 75th percentile) of a set of times, in seconds.
pub type Spread = (f64, f64, f64);

/// The time from each stage to the next, groups side by side: a bar from the 25th to the 75th
/// percentile with a mark at the median, in hours on a square-root scale (times are skewed);
/// a missing value (nobody reached the stage) draws nothing. `values` are (p25, median, p75)
/// in seconds; the first stage has none.
pub fn times<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    stages: &[String],
    groups: &[Series<'_, Option<Spread>>],
) -> DrawResult<DB> {
    let (w, _) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let (left, right) = (LEFT, 70i32);
    let span = (w as i32 - left - right).max(10);
    let band = (groups.len() * 14 + 14) as i32;
    let max_h = groups.iter().flat_map(|g| g.values.iter().flatten().map(|v| v.2 / 3600.0)).fold(1.0f64, f64::max);
    let x = |hours: f64| left + ((hours.max(0.0) / max_h).sqrt() * span as f64).round() as i32;
    let below = 28 + legend(root, groups.iter().map(|g| (g.label, g.colour)), (left, 4))? as i32;
    for (s, stage) in stages.iter().enumerate().skip(1) {
        let y = below + (s - 1) as i32 * band;
        let label = format!("to {}", shorten(stage, 19));
        root.draw(&Text::new(label, (left - 8, y + band / 2 - 4), text(12, INK, HPos::Right, VPos::Center)))?;
        for (g, series) in groups.iter().enumerate() {
            let Some(Some((p25, median, p75))) = series.values.get(s).copied() else { continue };
            let top = y + g as i32 * 14;
            let c = colour(series.colour);
            root.draw(&Rectangle::new(
                [(x(p25 / 3600.0), top + 2), (x(p75 / 3600.0).max(x(p25 / 3600.0) + 1), top + 9)],
                c.mix(0.45).filled(),
            ))?;
            let m = x(median / 3600.0);
            root.draw(&Rectangle::new([(m - 1, top), (m + 1, top + 11)], c.filled()))?;
            root.draw(&Text::new(
                duration(median),
                (x(p75 / 3600.0) + 4, top + 6),
                text(10, MUTED, HPos::Left, VPos::Center),
            ))?;
        }
    }
    Ok(())
}

/// A duration as people say it: 45 min, 5.2 h, 3.1 days.
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0);
    // (steps seconds apart: "0 min" would say they took no time)
    if s < 59.5 {
        format!("{s:.0} s")
    } else if s < 3600.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 48.0 * 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86_400.0)
    }
}

/// The emotion curve: a line per group over the stages on a scale from -2 (very negative) to
/// +2 (very positive); a stage without a value breaks the line.
pub fn emotion<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    stages: &[String],
    groups: &[Series<'_, Option<f64>>],
) -> DrawResult<DB> {
    let (w, h) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let (l, r, b) = (EMOTION_LEFT, w as i32 - 30, h as i32 - 30);
    let t = 30 + legend(root, groups.iter().map(|g| (g.label, g.colour)), (l, 4))? as i32;
    let n = stages.len().max(1);
    let sx =
        |i: usize| if n == 1 { (l + r) / 2 } else { l + (i as f64 / (n - 1) as f64 * (r - l) as f64).round() as i32 };
    let sy = |v: f64| b - ((v.clamp(-2.0, 2.0) + 2.0) / 4.0 * (b - t) as f64).round() as i32;
    for (v, label) in [(2.0, "very positive"), (0.0, "neutral"), (-2.0, "very negative")] {
        root.draw(&PathElement::new(vec![(l, sy(v)), (r, sy(v))], GRID.stroke_width(1)))?;
        root.draw(&Text::new(label, (l - 6, sy(v)), text(10, MUTED, HPos::Right, VPos::Center)))?;
    }
    for (i, stage) in stages.iter().enumerate() {
        root.draw(&Text::new(shorten(stage, 16), (sx(i), b + 8), text(11, INK, HPos::Center, VPos::Top)))?;
    }
    for g in groups {
        let c = colour(g.colour);
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, v) in g.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let p = (sx(i), sy(*v));
                    root.draw(&Circle::new(p, 4, c.filled()))?;
                    run.push(p);
                }
                None => {
                    if run.len() > 1 {
                        root.draw(&PathElement::new(std::mem::take(&mut run), c.stroke_width(2)))?;
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            root.draw(&PathElement::new(run, c.stroke_width(2)))?;
        }
    }
    Ok(())
}

/// The commonest paths: a bar per path, its length the share of customers who took it.
pub fn paths<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, rows: &[(String, f64)]) -> DrawResult<DB> {
    let (w, _) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let (left, right) = (300i32, 60i32);
    let span = (w as i32 - left - right).max(10);
    let max = rows.iter().map(|r| r.1).fold(0.0f64, f64::max).max(1e-9);
    for (i, (label, share)) in rows.iter().enumerate() {
        let y = 6 + i as i32 * 24;
        let len = (share / max * span as f64).round() as i32;
        root.draw(&Text::new(shorten(label, 46), (left - 8, y + 9), text(11, INK, HPos::Right, VPos::Center)))?;
        root.draw(&Rectangle::new([(left, y + 3), (left + len.max(1), y + 16)], colour(0).filled()))?;
        root.draw(&Text::new(
            format!("{:.1}%", share * 100.0),
            (left + len + 4, y + 9),
            text(10, MUTED, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

/// The height of [`flows`] for this many segments on its taller side.
pub fn flows_height(nodes: usize) -> u32 {
    40 + 46 * nodes.max(1) as u32
}

/// Customers flowing from last run's segments (left) to this run's (right): each side's
/// segments as bars as tall as their customers, each flow as a band from one to the other, in
/// the old segment's colour. `flows[old][new]` (see `persona_core::refresh::DriftReport`):
/// with a last row or column beyond the labels, those are drawn as "Joined" and "Left".
pub fn flows<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    old: &[String],
    new: &[String],
    flows: &[Vec<u64>],
) -> DrawResult<DB> {
    let (w, h) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    let joined = flows.len() > old.len();
    let left_out = flows.first().is_some_and(|r| r.len() > new.len());
    let mut lefts: Vec<String> = old.to_vec();
    if joined {
        lefts.push("Joined".to_owned());
    }
    let mut rights: Vec<String> = new.to_vec();
    if left_out {
        rights.push("Left".to_owned());
    }
    let cell = |o: usize, n: usize| flows.get(o).and_then(|r| r.get(n)).copied().unwrap_or(0);
    let out: Vec<u64> = (0..lefts.len()).map(|o| (0..rights.len()).map(|n| cell(o, n)).sum()).collect();
    let into: Vec<u64> = (0..rights.len()).map(|n| (0..lefts.len()).map(|o| cell(o, n)).sum()).collect();
    let total = out.iter().sum::<u64>().max(1) as f64;
    let gap = 8i32;
    let (top, bottom) = (24i32, h as i32 - 8);
    let nodes = lefts.len().max(rights.len()) as i32;
    let px = ((bottom - top - gap * (nodes - 1)).max(10)) as f64 / total;
    let (x0, x1) = (200i32, w as i32 - 200);
    root.draw(&Text::new("Last run", (x0, 8), text(11, MUTED, HPos::Center, VPos::Center)))?;
    root.draw(&Text::new("This run", (x1, 8), text(11, MUTED, HPos::Center, VPos::Center)))?;
    // each node's top, then how far its bands have filled it
    let place = |sizes: &[u64]| {
        let mut y = top;
        sizes
            .iter()
            .map(|&s| {
                let at = y;
                y += (s as f64 * px).round() as i32 + gap;
                at
            })
            .collect::<Vec<i32>>()
    };
    // this run's segments in the order of where most of their customers came from, so that
    // bands cross as little as they can ("Left" stays last)
    let mut order: Vec<usize> = (0..new.len()).collect();
    let source = |n: usize| (0..lefts.len()).max_by_key(|&o| (cell(o, n), std::cmp::Reverse(o))).unwrap_or(0);
    order.sort_by_key(|&n| (source(n), std::cmp::Reverse(into[n]), n));
    order.extend(new.len()..rights.len());
    let placed = place(&order.iter().map(|&n| into[n]).collect::<Vec<u64>>());
    let mut ry = vec![0; rights.len()];
    for (slot, &n) in order.iter().enumerate() {
        ry[n] = placed[slot];
    }
    let ly = place(&out);
    let mut rfill = ry.clone();
    let tint = |o: usize| if o < old.len() { colour(o) } else { GRID };
    for (o, &top_of) in ly.iter().enumerate() {
        let mut a = top_of;
        for &n in &order {
            let c = cell(o, n);
            if c == 0 {
                continue;
            }
            let t = (c as f64 * px).round().max(1.0) as i32;
            let b = rfill[n];
            root.draw(&Polygon::new(
                vec![(x0 + 10, a), (x1 - 10, b), (x1 - 10, b + t), (x0 + 10, a + t)],
                tint(o).mix(0.35).filled(),
            ))?;
            a += t;
            rfill[n] += t;
        }
    }
    for (side, labels, ys, sizes, x) in [(0, &lefts, &ly, &out, x0), (1, &rights, &ry, &into, x1)] {
        for (i, label) in labels.iter().enumerate() {
            let hgt = (sizes[i] as f64 * px).round().max(1.0) as i32;
            let c = if side == 0 {
                tint(i)
            } else if i < new.len() {
                MUTED
            } else {
                GRID
            };
            root.draw(&Rectangle::new([(x - 10, ys[i]), (x + 10, ys[i] + hgt)], c.filled()))?;
            let caption = format!("{} ({})", shorten(label, 24), fmt_int(sizes[i]));
            let (tx, hp) = if side == 0 { (x - 14, HPos::Right) } else { (x + 14, HPos::Left) };
            root.draw(&Text::new(caption, (tx, ys[i] + hgt / 2), text(11, INK, hp, VPos::Center)))?;
        }
    }
    Ok(())
}
