//! What changed between two runs of the segmentation (last month's export and this month's):
//! for each segment, whether it continued, grew, shrank, is new or vanished, and the features
//! whose values moved most, with the figures.
//!
//! Segments are paired by [`crate::matching`] (by shared customers when the ids persist, by
//! centroids otherwise); [`drift`] reads the two runs' profiles through that pairing.

use serde::{Deserialize, Serialize};

use crate::segment::{Segment, SegmentationView};

/// A segment's share must change by at least this factor to have grown or shrunk.
pub const SIZE_CHANGE: f64 = 1.25;
/// A number moved when its segment mean changed by at least this share of its old value, and
/// a level when its share changed by at least this many percentage points.
pub const MOVED_NUMBER: f64 = 0.1;
pub const MOVED_LEVEL: f64 = 0.1;
/// Moves listed per segment.
pub const TOP_MOVES: usize = 3;

/// What happened to a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Continued,
    Grew,
    Shrank,
    New,
    Vanished,
    /// Two or more new segments share its customers (see [`crate::refresh`]).
    Split,
}

/// A feature that moved within a segment: its label and the old and new figure (a mean, or a
/// level's share), and how far it moved (the share of the old mean, or percentage points).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Moved {
    pub label: String,
    pub old: f64,
    pub new: f64,
    /// True for a level's share (old and new are shares), false for a mean.
    pub share: bool,
}

impl Moved {
    /// How far it moved, comparable across kinds: the relative change of a mean, the change of
    /// a share in points (0.1 = 10 points).
    pub fn size(&self) -> f64 {
        if self.share { (self.new - self.old).abs() } else { (self.new - self.old).abs() / self.old.abs().max(1e-9) }
    }

    /// "Order value: 82.1 → 61.4 (−25%)", "Channel: app 32% → 45%".
    pub fn describe(&self) -> String {
        if self.share {
            format!("{}: {:.0}% → {:.0}%", self.label, self.old * 100.0, self.new * 100.0)
        } else {
            let pct = (self.new - self.old) / self.old.abs().max(1e-9) * 100.0;
            // (a change from next to nothing is no percentage anyone can read: 0.0 → 4.9 is
            // not "+28962%")
            if self.old.abs() < 1.0 || pct.abs() >= 1000.0 {
                return format!("{}: {} → {}", self.label, fig(self.old), fig(self.new));
            }
            format!(
                "{}: {} → {} ({}{:.0}%)",
                self.label,
                fig(self.old),
                fig(self.new),
                if pct < 0.0 { "−" } else { "+" },
                pct.abs()
            )
        }
    }
}

fn fig(x: f64) -> String {
    if x.abs() >= 100.0 { format!("{x:.0}") } else { format!("{x:.1}") }
}

/// How one segment changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentDrift {
    /// Its index in the last run and in this one (`None`: vanished, or new).
    pub old: Option<usize>,
    pub new: Option<usize>,
    /// The new label, else the old one.
    pub label: String,
    pub change: Change,
    /// Customers and share, before and after (0 where it did not exist).
    pub size: (u64, u64),
    pub share: (f64, f64),
    /// The features that moved most, largest first.
    pub moved: Vec<Moved>,
    /// For a split segment: the new segments that share it.
    #[serde(default)]
    pub into: Vec<usize>,
    /// For a new segment split off an old one: that old segment.
    #[serde(default)]
    pub from: Option<usize>,
}

/// Every segment of either run: those continued (in the new run's order), then the new ones,
/// then the vanished ones. `matches[new]` is the old segment a new one continues.
pub fn drift(old: &SegmentationView, new: &SegmentationView, matches: &[Option<usize>]) -> Vec<SegmentDrift> {
    let mut out = Vec::new();
    let mut news = Vec::new();
    for s in &new.segments {
        match matches.get(s.index).copied().flatten().and_then(|o| old.segments.get(o)) {
            Some(o) => {
                let ratio = s.share / o.share.max(1e-12);
                let change = if ratio >= SIZE_CHANGE {
                    Change::Grew
                } else if ratio <= 1.0 / SIZE_CHANGE {
                    Change::Shrank
                } else {
                    Change::Continued
                };
                out.push(SegmentDrift {
                    old: Some(o.index),
                    new: Some(s.index),
                    label: s.label.clone(),
                    change,
                    size: (o.size, s.size),
                    share: (o.share, s.share),
                    moved: moves(o, s),
                    into: Vec::new(),
                    from: None,
                });
            }
            None => news.push(SegmentDrift {
                old: None,
                new: Some(s.index),
                label: s.label.clone(),
                change: Change::New,
                size: (0, s.size),
                share: (0.0, s.share),
                moved: Vec::new(),
                into: Vec::new(),
                from: None,
            }),
        }
    }
    out.extend(news);
    for o in &old.segments {
        if !matches.contains(&Some(o.index)) {
            out.push(SegmentDrift {
                old: Some(o.index),
                new: None,
                label: o.label.clone(),
                change: Change::Vanished,
                size: (o.size, 0),
                share: (o.share, 0.0),
                moved: Vec::new(),
                into: Vec::new(),
                from: None,
            });
        }
    }
    out
}

/// A split segment's parts as one, to set against the segment they split from: each number's
/// mean and each level's share weighed by the parts' customers (a mean by those who have the
/// number). Only what every part has is kept. `None` without parts.
pub fn whole(parts: &[&Segment]) -> Option<Segment> {
    let first = *parts.first()?;
    let size: u64 = parts.iter().map(|p| p.size).sum();
    let numbers = first
        .numbers
        .iter()
        .filter_map(|n| {
            let mut sum = 0.0;
            let mut weight = 0.0;
            for p in parts {
                let m = p.numbers.iter().find(|m| m.feature == n.feature)?;
                let w = m.present.unwrap_or(p.size) as f64;
                sum += m.mean * w;
                weight += w;
            }
            Some(crate::segment::NumberProfile { mean: sum / weight.max(1.0), ..n.clone() })
        })
        .collect();
    let levels = first
        .levels
        .iter()
        .filter_map(|l| {
            let mut share = 0.0;
            for p in parts {
                let m = p.levels.iter().find(|m| m.feature == l.feature && m.level == l.level)?;
                share += m.share * p.size as f64;
            }
            Some(crate::segment::LevelProfile { share: share / size.max(1) as f64, ..l.clone() })
        })
        .collect();
    Some(Segment { size, numbers, levels, ..first.clone() })
}

/// The features of a continued segment that moved most.
pub(crate) fn moves(old: &Segment, new: &Segment) -> Vec<Moved> {
    let mut out: Vec<Moved> = Vec::new();
    for n in &new.numbers {
        if let Some(o) = old.numbers.iter().find(|o| o.feature == n.feature) {
            let m = Moved { label: n.label.clone(), old: o.mean, new: n.mean, share: false };
            if m.old.is_finite() && m.new.is_finite() && m.size() >= MOVED_NUMBER {
                out.push(m);
            }
        }
    }
    for n in &new.levels {
        if let Some(o) = old.levels.iter().find(|o| o.feature == n.feature && o.level == n.level) {
            let m = Moved { label: format!("{}: {}", n.label, n.level), old: o.share, new: n.share, share: true };
            if m.size() >= MOVED_LEVEL {
                out.push(m);
            }
        }
    }
    out.sort_by(|a, b| b.size().total_cmp(&a.size()).then_with(|| a.label.cmp(&b.label)));
    out.truncate(TOP_MOVES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mean_that_moved_from_next_to_nothing_gives_no_percentage() {
        let m = |old: f64, new: f64| Moved { label: "Days from first to last order".into(), old, new, share: false };
        assert_eq!(m(82.0, 61.5).describe(), "Days from first to last order: 82.0 → 61.5 (−25%)");
        assert_eq!(m(0.0, 4.9).describe(), "Days from first to last order: 0.0 → 4.9");
        assert_eq!(m(2.0, 40.0).describe(), "Days from first to last order: 2.0 → 40.0");
    }
    use crate::segment::{LevelProfile, NumberProfile, view_of as view};

    fn segment(index: usize, size: u64, total: u64, value: f64, app: f64) -> Segment {
        Segment {
            index,
            label: format!("Segment {}", index + 1),
            data_label: None,
            size,
            share: size as f64 / total as f64,
            small: false,
            numbers: vec![NumberProfile {
                feature: "monetary".into(),
                label: "Spend".into(),
                mean: value,
                overall_mean: 50.0,
                z: 0.0,
                present: None,
            }],
            levels: vec![LevelProfile {
                feature: "channel".into(),
                label: "Channel".into(),
                level: "app".into(),
                share: app,
                overall_share: 0.3,
                lift: 1.0,
            }],
            distinctions: Vec::new(),
            rfm_mix: Vec::new(),
        }
    }

    #[test]
    fn each_segment_is_named_as_continued_grown_shrunk_new_or_vanished_with_what_moved() {
        // last month: four segments of 1,000 customers in all
        let old = view(vec![
            segment(0, 400, 1000, 80.0, 0.3),
            segment(1, 300, 1000, 40.0, 0.3),
            segment(2, 200, 1000, 60.0, 0.3),
            segment(3, 100, 1000, 20.0, 0.3),
        ]);
        // this month: 0 steady but spends a quarter less, 1 grew, 2 shrank and moved to the
        // app, 3 vanished, and a new one
        let new = view(vec![
            segment(0, 380, 1000, 60.0, 0.31),
            segment(1, 420, 1000, 41.0, 0.3),
            segment(2, 120, 1000, 61.0, 0.55),
            segment(3, 80, 1000, 10.0, 0.9),
        ]);
        let d = drift(&old, &new, &[Some(0), Some(1), Some(2), None]);
        let of = |c: Change| d.iter().filter(|s| s.change == c).map(|s| (s.old, s.new)).collect::<Vec<_>>();
        assert_eq!(of(Change::Continued), [(Some(0), Some(0))]);
        assert_eq!(of(Change::Grew), [(Some(1), Some(1))]);
        assert_eq!(of(Change::Shrank), [(Some(2), Some(2))]);
        assert_eq!(of(Change::New), [(None, Some(3))]);
        assert_eq!(of(Change::Vanished), [(Some(3), None)]);
        assert_eq!(d[0].moved.iter().map(Moved::describe).collect::<Vec<_>>(), ["Spend: 80.0 → 60.0 (−25%)"]);
        assert_eq!(d[2].moved.iter().map(Moved::describe).collect::<Vec<_>>(), ["Channel: app: 30% → 55%"]);
        assert!(d[1].moved.is_empty(), "small moves are not listed: {:?}", d[1].moved);
        assert_eq!((d[1].size, d[4].size), ((300, 420), (100, 0)));
    }

    /// Review 50: Telco's no-internet customers split in two in a second sample of the same
    /// population, and the report set the whole group against its larger half: "tenure 30.7 →
    /// 12.3 (−60%)" for a group whose tenure had not moved.
    #[test]
    fn a_split_segment_is_set_against_its_parts_as_one() {
        let old = segment(0, 900, 1000, 30.0, 0.42);
        let (a, b) = (segment(1, 600, 1000, 12.0, 0.17), segment(2, 300, 1000, 66.0, 0.92));
        assert!(!moves(&old, &a).is_empty(), "a part alone is not the segment");
        let w = whole(&[&a, &b]).unwrap();
        assert_eq!(w.size, 900);
        assert!((w.numbers[0].mean - 30.0).abs() < 1e-9 && (w.levels[0].share - 0.42).abs() < 1e-9);
        assert!(moves(&old, &w).is_empty(), "{:?}", moves(&old, &w));
        // what one part lacks is left out of the whole
        let mut c = b.clone();
        c.levels.clear();
        assert!(whole(&[&a, &c]).unwrap().levels.is_empty());
        assert!(whole(&[]).is_none());
    }
}
