//! A workspace as the browser keeps it and as a file carries it: what a user made, never a
//! customer row.
//!
//! **What is kept.** The files' profiles with the roles the user chose ([`ImportSummary`]), the
//! settings and aggregates of the last segmentation ([`SegmentationView`]), and the persona deck
//! with every edit ([`Deck`]). [`Workspace::new`] strips what could name one customer before
//! anything is stored: a column's example values, the top values of identifying or free-text
//! columns, any top value held by fewer than [`MIN_GROUP`] rows, a column's smallest and
//! largest values (its range is kept as the fifth value from each end) and its histogram, the
//! levels fewer than [`MIN_GROUP`] customers hold and the profile of a segment of fewer, and the
//! scatter plot's points (one per sampled customer). What is left are counts, shares, means and
//! labels.
//!
//! **The stored text.** `psw<version>.` then the JSON of the workspace, deflated (zlib, whose
//! checksum catches a damaged entry) and in base64url: a 20-persona workspace takes a few
//! hundred kilobytes as JSON and a fifth of that stored. [`Workspace::open`] reads any version
//! ever written: the JSON is brought up to [`VERSION`] by [`migrate`], one step per version, and
//! a fixture of every released version stays in the tests. Text from a newer version, a damaged
//! or truncated entry and text that is no workspace at all are told apart ([`OpenError`]), so
//! the app can keep a bad entry aside and say what happened instead of dropping it.

use crate::journey_plan::{JourneyPlan, JourneyReport, LifecycleReport};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::deck::Deck;
use crate::import::ImportSummary;
use crate::refresh::{DriftReport, KeptRun};
use crate::schema::{ColumnType, Role};
use crate::segment::{Distinction, SegmentSettings, SegmentationView};

/// The version written today. Bump it with a step in [`migrate`] and a fixture in the tests.
pub const VERSION: u32 = 1;
/// What every stored workspace starts with, before its version.
pub const PREFIX: &str = "psw";
/// A top value held by fewer rows than this is not kept (it could be one customer's).
pub const MIN_GROUP: u64 = 5;
/// `text` with what it quotes (between “ and ”) left out: “…”.
fn without_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('\u{201c}') {
        let Some(close) = rest[open..].find('\u{201d}') else { break };
        out.push_str(&rest[..open]);
        out.push_str("\u{201c}\u{2026}\u{201d}");
        rest = &rest[open + close + '\u{201d}'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// `label` with each of `levels` in it (in any case, as a whole word) said as [`FEW`].
fn without_levels(label: &str, levels: &[&str]) -> String {
    let mut out = label.to_owned();
    for level in levels.iter().filter(|l| !l.trim().is_empty()) {
        let want = level.to_lowercase();
        let mut at = 0;
        loop {
            // (lower-casing keeps the byte offsets of ASCII text; other text is compared as
            // written)
            let lower = out.to_lowercase();
            let hay = if lower.len() == out.len() { lower.as_str() } else { out.as_str() };
            let Some(i) = hay.get(at..).and_then(|h| h.find(&want)).map(|i| i + at) else { break };
            let end = i + want.len();
            let word = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if !(out.is_char_boundary(i) && out.is_char_boundary(end)) {
                break;
            }
            if word(out[..i].chars().next_back()) && word(out[end..].chars().next()) {
                out = format!("{}{FEW}{}", &out[..i], &out[end..]);
                at = i + FEW.len();
            } else {
                at = end;
            }
        }
    }
    out
}

/// What a stored workspace says in place of a level fewer than [`MIN_GROUP`] customers hold.
pub const FEW: &str = "(fewer than 5 customers)";

/// `view` without what could tell one customer: the levels fewer than [`MIN_GROUP`] customers
/// hold ([`SegmentationView::few`]), said as [`FEW`] among the features' levels and left out
/// of the segments' profiles, and the profile of a segment of fewer customers than that (its
/// averages are theirs), which keeps its label and size.
pub fn without_few(view: &SegmentationView) -> SegmentationView {
    let mut out = SegmentationView { few: Vec::new(), ..view.clone() };
    for f in &mut out.available {
        for l in f.levels.iter_mut().filter(|l| view.is_few(&f.key, l)) {
            *l = FEW.to_owned();
        }
    }
    // (a label names a level a segment has, however few have it: a two-customer segment's
    // "High income, Zyxwvutburg")
    let levels: Vec<&str> = view.few.iter().flat_map(|(_, l)| l.iter().map(String::as_str)).collect();
    for s in &mut out.segments {
        s.label = without_levels(&s.label, &levels);
        s.data_label = s.data_label.as_deref().map(|l| without_levels(l, &levels));
        if s.size < MIN_GROUP {
            s.numbers.clear();
            s.levels.clear();
            s.distinctions.clear();
            s.rfm_mix.clear();
            continue;
        }
        s.levels.retain(|p| !view.is_few(&p.feature, &p.level));
        s.distinctions.retain(|d| !matches!(d, Distinction::Level(p) if view.is_few(&p.feature, &p.level)));
    }
    out
}

/// The largest workspace a stored text may inflate to: a damaged or hostile entry cannot make
/// the app allocate more.
pub const MAX_JSON: usize = 32 << 20;

/// Everything a user made in one workspace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub name: String,
    /// The imported files' profiles and role choices (the files themselves are not kept).
    pub files: ImportSummary,
    /// The last segmentation's settings and result, without per-customer points.
    pub settings: Option<SegmentSettings>,
    pub segmentation: Option<SegmentationView>,
    pub deck: Deck,
    /// The journeys' stages, rules, funnel settings and the user's edits of journey maps,
    /// content plans and incentives (workspaces saved before journeys have the defaults).
    #[serde(default)]
    pub journeys: JourneyPlan,
    /// The last journeys shown (funnels, paths, shares: aggregates only).
    #[serde(default)]
    pub journey_report: Option<JourneyReport>,
    /// The last lifecycle from orders shown (aggregates only).
    #[serde(default)]
    pub lifecycle: Option<LifecycleReport>,
    /// What the next refresh with new data compares with, and what changed at the last one.
    #[serde(default)]
    pub refresh: Refresh,
}

/// What a refresh with new data needs from the runs before it (see [`crate::refresh`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Refresh {
    /// The latest run: its fitted model, profiles and (with consent) record.
    pub last_run: Option<KeptRun>,
    /// The run before the latest refresh with new data: what the drift report compares with.
    pub baseline: Option<KeptRun>,
    pub drift: Option<DriftReport>,
    /// Whether the user agreed to keep a hashed record of which segment each customer was in.
    pub keep_ids: bool,
    /// The records' salt, drawn once per workspace (records with other salts cannot be compared).
    pub salt: u64,
}

impl Workspace {
    /// The workspace as it may leave this browser (a file, a link): without the refresh record
    /// of hashed customer ids, nor its salt. Anyone with the salt could hash every possible id
    /// (numbered ids are quickly tried) and find who was in which segment.
    pub fn leaving_the_browser(&self) -> Workspace {
        let mut ws = self.clone();
        ws.refresh.forget_ids();
        ws.refresh.salt = 0;
        ws
    }
}

impl Refresh {
    /// Stops keeping records: every record kept so far is dropped.
    pub fn forget_ids(&mut self) {
        self.keep_ids = false;
        for run in [&mut self.last_run, &mut self.baseline].into_iter().flatten() {
            run.record = None;
        }
    }
}

/// Why a stored text could not be opened, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum OpenError {
    #[error("this is not a Persona Studio workspace")]
    NotAWorkspace,
    #[error("this workspace was saved by a newer version of Persona Studio (format {0}); reload the app to update it")]
    FromTheFuture(u32),
    #[error("this workspace is damaged or cut short: {0}")]
    Damaged(String),
}

impl Workspace {
    /// A workspace of `name` from the app's state, with everything that could name one customer
    /// taken out (see the module docs).
    pub fn new(
        name: &str,
        files: &ImportSummary,
        settings: Option<&SegmentSettings>,
        segmentation: Option<&SegmentationView>,
        deck: &Deck,
    ) -> Workspace {
        let mut files = files.clone();
        for f in &mut files.files {
            // (a problem line's and a title's own text, which may name a customer: "Account
            // statement for J. Smith", a group's label, a footer)
            for p in &mut f.problems {
                p.message = without_quotes(&p.message);
            }
            for w in f.warnings.iter_mut().filter(|w| w.contains(" before the table (")) {
                *w = without_quotes(w);
            }
        }
        for c in files.files.iter_mut().flat_map(|f| f.columns.iter_mut()) {
            c.examples.clear();
            let identifying = matches!(c.role, Role::CustomerId | Role::OrderId | Role::FeedbackText | Role::Ignored)
                || matches!(c.column_type, ColumnType::Id | ColumnType::Text | ColumnType::FreeText);
            if identifying {
                c.top_values.clear();
            } else {
                c.top_values.retain(|(_, n)| *n >= MIN_GROUP);
            }
            // (a column's smallest and largest values are one customer's each: the range kept
            // is the one five values reach at each end, and the histogram, whose outer bars
            // may be one customer's, is left out)
            if let Some(n) = &mut c.numeric {
                match n.within.take() {
                    Some((lo, hi)) => (n.min, n.max) = (lo, hi),
                    None => c.numeric = None,
                }
            }
            if let Some(n) = &mut c.numeric {
                n.histogram.clear();
            }
        }
        let segmentation = segmentation.map(|s| SegmentationView { scatter: Vec::new(), ..without_few(s) });
        Workspace {
            name: name.to_owned(),
            files,
            settings: settings.cloned(),
            segmentation,
            deck: deck.clone(),
            journeys: JourneyPlan::default(),
            journey_report: None,
            lifecycle: None,
            refresh: Refresh::default(),
        }
    }

    /// The text to store: `psw1.` and the deflated JSON in base64url.
    pub fn to_text(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&json, 6);
        format!("{PREFIX}{VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
    }

    /// Reads a stored text of any version written so far.
    pub fn open(text: &str) -> Result<Workspace, OpenError> {
        let rest = text.trim().strip_prefix(PREFIX).ok_or(OpenError::NotAWorkspace)?;
        let (version, body) = rest.split_once('.').ok_or(OpenError::NotAWorkspace)?;
        let version: u32 = version.parse().map_err(|_| OpenError::NotAWorkspace)?;
        if version == 0 {
            return Err(OpenError::NotAWorkspace);
        }
        if version > VERSION {
            return Err(OpenError::FromTheFuture(version));
        }
        // (in words for the user: which byte or checksum failed says nothing to them)
        let packed = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| OpenError::Damaged("its text was changed or its end is missing".into()))?;
        let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_JSON)
            .map_err(|_| OpenError::Damaged("its text was changed or its end is missing".into()))?;
        let value: Value = serde_json::from_slice(&json).map_err(|e| OpenError::Damaged(e.to_string()))?;
        let value = migrate(value, version)?;
        serde_json::from_value(value).map_err(|e| OpenError::Damaged(e.to_string()))
    }

    /// The number of personas, for the workspace list.
    pub fn persona_count(&self) -> usize {
        self.deck.personas.iter().filter(|p| !p.archived).count()
    }
}

/// Brings a workspace's JSON from version `from` up to [`VERSION`], one step per version.
/// Version 1 is the first; each later version adds its step here (rename a field, fill a new
/// one) and a fixture of the version before it to the tests.
pub fn migrate(value: Value, from: u32) -> Result<Value, OpenError> {
    if from == 0 {
        return Err(OpenError::NotAWorkspace);
    }
    // no step yet: version 1 is the current one
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Field;

    /// A label's and a message's own text from the data: a town only a few customers live in
    /// is said as few, a word that only contains it is not; quotes are emptied.
    #[test]
    fn few_held_levels_and_quoted_text_are_left_out_of_words() {
        let few = ["Zyxwvutburg", "York"];
        assert_eq!(
            without_levels("Big spenders, High income, zyxwvutburg", &few),
            format!("Big spenders, High income, {FEW}")
        );
        assert_eq!(without_levels("Yorkshire, York", &few), format!("Yorkshire, {FEW}"));
        assert_eq!(without_levels("Gaming", &["customers"]), "Gaming");
        assert_eq!(without_levels("customers, Customers", &["customers"]), format!("{FEW}, {FEW}"));
        assert_eq!(
            without_quotes(
                "1 line before the table (line 1, starting \u{201c}Statement for J. Smith\u{201d}) was not read as rows."
            ),
            "1 line before the table (line 1, starting \u{201c}\u{2026}\u{201d}) was not read as rows."
        );
        assert_eq!(without_quotes("no quote \u{201c}open"), "no quote \u{201c}open");
    }

    fn small() -> Workspace {
        let mut deck = Deck::new();
        let id = deck.add_blank();
        deck.get_mut(id).unwrap().set_text(Field::Name, "Ana <b>");
        Workspace::new("Spring", &ImportSummary::default(), None, None, &deck)
    }

    #[test]
    fn a_stored_workspace_opens_as_it_was() {
        let ws = small();
        let text = ws.to_text();
        assert!(text.starts_with("psw1."));
        assert_eq!(Workspace::open(&text).unwrap(), ws);
    }

    #[test]
    fn what_a_refresh_needs_is_kept_and_the_record_goes_when_consent_does() {
        use crate::refresh::{FittedModel, KeptRun, Record};
        let ids: Vec<Box<str>> = (0..50).map(|i| format!("C{i:03}").into()).collect();
        let run = KeptRun {
            label: "November".into(),
            model: FittedModel { columns: Vec::new(), centroids: vec![vec![0.5, -1.0]] },
            view: crate::segment::view_of(Vec::new()),
            record: Some(Record::new(7, &ids, &[0; 50], u64::MAX)),
        };
        let mut ws = small();
        ws.refresh = Refresh { last_run: Some(run.clone()), baseline: Some(run), drift: None, keep_ids: true, salt: 7 };
        let text = ws.to_text();
        assert_eq!(Workspace::open(&text).unwrap(), ws);
        let leaving = ws.leaving_the_browser();
        assert!(leaving.refresh.last_run.as_ref().unwrap().record.is_none() && leaving.refresh.salt == 0);
        // (and the file or link read back has neither: the ids cannot be tried against it)
        let read = Workspace::open(&leaving.to_text()).unwrap().refresh;
        assert_eq!((read.salt, read.keep_ids, read.last_run.unwrap().record), (0, false, None));
        assert!(ws.refresh.last_run.as_ref().unwrap().record.is_some(), "this browser's copy keeps it");
        ws.refresh.forget_ids();
        assert!(!ws.refresh.keep_ids);
        assert!(
            ws.refresh.last_run.as_ref().unwrap().record.is_none()
                && ws.refresh.baseline.as_ref().unwrap().record.is_none()
        );
        // a workspace saved before refreshes opens with nothing to compare
        let old = small().to_text();
        assert_eq!(Workspace::open(&old).unwrap().refresh, Refresh::default());
    }

    #[test]
    fn bad_texts_are_told_apart() {
        let text = small().to_text();
        assert_eq!(Workspace::open("hello"), Err(OpenError::NotAWorkspace));
        assert_eq!(Workspace::open("{\"name\":1}"), Err(OpenError::NotAWorkspace));
        assert_eq!(Workspace::open("psw0.eJwDAAAAAAE"), Err(OpenError::NotAWorkspace));
        assert_eq!(Workspace::open(&text.replacen("psw1.", "psw9.", 1)), Err(OpenError::FromTheFuture(9)));
        // (said in words for the user, not the decoder's: review 50 saw "Adler32Mismatch")
        let cut = Workspace::open(&text[..text.len() / 2]).unwrap_err().to_string();
        assert_eq!(cut, "this workspace is damaged or cut short: its text was changed or its end is missing");
        let odd = Workspace::open("psw1.!!!").unwrap_err().to_string();
        assert_eq!(odd, cut);
        // valid JSON that is not a workspace
        let other = miniz_oxide::deflate::compress_to_vec_zlib(b"[1,2]", 6);
        assert!(matches!(
            Workspace::open(&format!("psw1.{}", URL_SAFE_NO_PAD.encode(other))),
            Err(OpenError::Damaged(_))
        ));
    }

    #[test]
    fn a_changed_character_is_caught() {
        let text = small().to_text();
        for at in (5..text.len()).step_by(3) {
            let mut bytes = text.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).unwrap();
            // either refused, or (a change in the last base64 digit's unused bits) the same workspace
            match Workspace::open(&changed) {
                Err(OpenError::Damaged(_)) => {}
                Ok(ws) => assert_eq!(ws, small(), "at {at}"),
                Err(e) => panic!("at {at}: {e}"),
            }
        }
    }

    #[test]
    fn a_hostile_entry_cannot_inflate_without_bound() {
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; MAX_JSON + 1], 10);
        let text = format!("psw1.{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(matches!(Workspace::open(&text), Err(OpenError::Damaged(_))));
    }
}
