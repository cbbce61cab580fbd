//! The persona deck: the personas a user works with. Each holds the last draft the data wrote
//! for its segment and, apart from it, the user's edits, so a new run replaces the draft and
//! keeps every edit.
//!
//! **Carrying personas across runs.** A persona is tied to a segment of the last run. When the
//! segmentation is run again, [`match_segments`] pairs new segments with old ones so that they
//! share as many customers as possible in all (the Hungarian method on the Jaccard index of
//! each pair's customer sets; a pair under [`MIN_JACCARD`] is no match); [`Deck::refresh`] then moves each persona to its
//! segment's match and gives it the new draft. A persona whose segment has no match keeps its
//! last draft and is marked *detached*; a new segment with no persona gets a new one. A segment
//! whose persona the user deleted does not come back.
//!
//! **Edits.** An edit is the whole value of one field ([`Field`]): a text, or a list of lines. A
//! value equal to what the data says is no edit. Reverting a field drops its edit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::avatar::{AgeLook, AvatarSpec, COLOURS, Presentation};
use crate::persona::{PersonaDraft, Statement};

/// A new segment is the same as an old one when they share at least this Jaccard index.
pub const MIN_JACCARD: f64 = 0.3;

/// The fields a user can edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Title,
    Summary,
    Quote,
    Story,
    Archetype,
    Demographics,
    Psychographics,
    Motivations,
    Goals,
    PainPoints,
    Channels,
    Notes,
    /// What sets the segment apart in its other columns (tenure, plan, status, attributes).
    Attributes,
}

impl Field {
    pub const TEXTS: [Field; 7] =
        [Field::Name, Field::Title, Field::Summary, Field::Quote, Field::Story, Field::Archetype, Field::Notes];
    pub const LISTS: [Field; 7] = [
        Field::Demographics,
        Field::Attributes,
        Field::Psychographics,
        Field::Motivations,
        Field::Goals,
        Field::PainPoints,
        Field::Channels,
    ];

    /// Every field, texts first, in the order the editor shows them.
    pub fn all() -> impl Iterator<Item = Field> {
        Field::TEXTS.into_iter().chain(Field::LISTS)
    }

    /// The field of a [`Field::key`].
    pub fn from_key(key: &str) -> Option<Field> {
        Field::all().find(|f| f.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Title => "Title",
            Field::Summary => "Summary",
            Field::Quote => "Quote",
            Field::Story => "Story",
            Field::Archetype => "Buying behaviour",
            Field::Demographics => "Demographics",
            Field::Psychographics => "Interests and values",
            Field::Motivations => "Motivations",
            Field::Goals => "Goals",
            Field::PainPoints => "Pain points",
            Field::Channels => "Channels and touchpoints",
            Field::Notes => "Notes",
            Field::Attributes => "What sets them apart",
        }
    }

    pub fn is_list(self) -> bool {
        Field::LISTS.contains(&self)
    }

    /// The key used in test ids and URLs: "pain_points".
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Quote => "quote",
            Field::Story => "story",
            Field::Archetype => "archetype",
            Field::Demographics => "demographics",
            Field::Psychographics => "psychographics",
            Field::Motivations => "motivations",
            Field::Goals => "goals",
            Field::PainPoints => "pain_points",
            Field::Channels => "channels",
            Field::Notes => "notes",
            Field::Attributes => "attributes",
        }
    }
}

/// A user's value for a field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    Text(String),
    List(Vec<String>),
}

/// A value as shown: what it is, and whether the user wrote it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown<T> {
    pub value: T,
    pub edited: bool,
}

/// One persona of the deck.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Persona {
    pub id: u64,
    /// Its segment in the latest run; `None` for a persona made by hand or detached.
    pub segment: Option<usize>,
    /// What the data said last; `None` for a persona made by hand.
    pub draft: Option<PersonaDraft>,
    /// The user's values, by field; never overwritten by a run.
    pub edits: BTreeMap<Field, Edit>,
    /// A re-rolled face and a chosen colour.
    pub avatar_seed: Option<u64>,
    pub colour: Option<u8>,
    pub archived: bool,
    /// Its segment is not in the latest run: the draft is the last one the data wrote.
    pub detached: bool,
    /// The persona as it was after each run, oldest first (at most [`MAX_VERSIONS`]).
    #[serde(default)]
    pub versions: Vec<Version>,
    /// Edits the latest data contradicts, until the user keeps or drops them.
    #[serde(default)]
    pub flags: Vec<Flag>,
}

/// Versions kept per persona; the oldest goes first.
pub const MAX_VERSIONS: usize = 20;

/// A persona as it was after a run: every field as shown, and which ones the user had edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub number: u32,
    /// The run it came from ("3 Dec 2026 · customers.csv · 6,200 customers").
    pub label: String,
    pub fields: BTreeMap<Field, Edit>,
    pub edited: Vec<Field>,
}

/// An edit the new data contradicts: a line the user kept that the data said last time and no
/// longer says, with what the data says now in its place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub field: Field,
    pub line: String,
    /// The data's line of the same thing now ([`counterpart`]), if it has one and the edit
    /// does not hold it already.
    pub now: Vec<String>,
}

/// How one field differs between two versions.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: Field,
    /// For texts: the value before and after. For lists: the lines removed and added.
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// Whether the user had edited it, before and after.
    pub edited: (bool, bool),
}

/// What a line claims, to tell whether the data still says it: lower case, without its
/// figures in brackets, shares and ratios ("Most often aged 25–34 (48%)" → "aged 25–34",
/// "3.2× more referrals" → "more referrals").
pub fn claim(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in line.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().filter(|w| !(w.contains('%') || w.contains('×'))).collect();
    let text = words.join(" ").to_lowercase();
    text.strip_prefix("most often ").map(str::to_owned).unwrap_or(text).trim_end_matches('.').to_owned()
}

/// Words that say what a line is about: three letters or more, no figure, not a word every
/// kind of line uses ("against", "more").
fn topic_words(line: &str) -> Vec<String> {
    const COMMON: [&str; 14] = [
        "against", "than", "more", "less", "most", "mostly", "often", "with", "from", "and", "the", "of", "everyone",
        "average",
    ];
    claim(line)
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .filter(|w| w.chars().count() >= 3 && !w.chars().any(|c| c.is_ascii_digit()) && !COMMON.contains(&w.as_str()))
        .collect()
}

/// The line of `now` that says what `line` (a line of `was`, the data's lines before) said, of
/// the same thing: the one the data drew from the same column ("customers.csv › gender":
/// "Mostly female" and "Mostly male"), else the one whose name before a colon is the same
/// ("Orders: 7.3 against 2.1" and "Orders: 6.9 against 2.1"), else the one sharing the most
/// words of what it is about ("Aged 25–34" and "Aged 45–54"). Lines whose claim is in `taken`
/// (the edit holds them) are not offered.
pub fn counterpart(line: &str, was: &[Statement], now: &[Statement], taken: &[String]) -> Option<String> {
    let free: Vec<&str> = now.iter().map(|n| n.text.as_str()).filter(|n| !taken.contains(&claim(n))).collect();
    let source = |s: &Statement| s.evidence.as_ref().map(|e| e.source.clone()).filter(|s| !s.is_empty());
    if let Some(from) = was.iter().find(|w| w.text == line).and_then(source)
        && let Some(n) = now.iter().find(|n| free.contains(&n.text.as_str()) && source(n).as_ref() == Some(&from))
    {
        return Some(n.text.clone());
    }
    let key = |l: &str| claim(l).split_once(':').map(|(k, _)| k.trim().to_owned());
    if let Some(k) = key(line) {
        return free.into_iter().find(|n| key(n).as_ref() == Some(&k)).map(str::to_owned);
    }
    let words = topic_words(line);
    free.into_iter()
        .map(|n| (topic_words(n).iter().filter(|w| words.contains(w)).count(), n))
        .filter(|(shared, _)| *shared > 0)
        .fold(None, |best: Option<(usize, &str)>, (s, n)| match best {
            Some((b, _)) if b >= s => best,
            _ => Some((s, n)),
        })
        .map(|(_, n)| n.to_owned())
}

/// Whether two drafts are of the same segment: about as many customers (within 5%), and four
/// fifths of what they say of them alike (figures in brackets aside); how alike, if they are.
fn same_segment(a: &PersonaDraft, b: &PersonaDraft) -> Option<f64> {
    let claims = |d: &PersonaDraft| -> std::collections::BTreeSet<String> {
        [Field::Demographics, Field::Attributes, Field::Psychographics]
            .into_iter()
            .flat_map(|f| list_of(d, f))
            .map(|s| claim(&s.text))
            .collect()
    };
    let (x, y) = (claims(a), claims(b));
    let all = x.union(&y).count();
    let near = a.customers.abs_diff(b.customers) as f64 <= 0.05 * a.customers.max(b.customers) as f64;
    let alike = x.intersection(&y).count() as f64 / all.max(1) as f64;
    (near && all > 0 && alike >= 0.8).then_some(alike)
}

/// `text`, drafted for a persona named `drafted`, told of `name` instead: its full name, then
/// its first name, as whole words.
fn told_of(text: &str, drafted: &str, name: &str) -> String {
    let first = |n: &str| n.split_whitespace().next().unwrap_or("").to_owned();
    let mut out = whole_words(text, drafted, name);
    let (old, new) = (first(drafted), first(name));
    if !old.is_empty() && !new.is_empty() {
        out = whole_words(&out, &old, &new);
    }
    out
}

/// A draft told of `name` instead of the name it was drafted with ([`told_of`]), for a persona
/// that takes its segment back under its own name.
fn name_draft(d: &mut PersonaDraft, name: &str) {
    let drafted = std::mem::replace(&mut d.name, name.to_owned());
    for text in [&mut d.summary, &mut d.story, &mut d.quote] {
        *text = told_of(text, &drafted, name);
    }
}

/// A list field's lines in a draft (none for a text field).
fn list_of(d: &PersonaDraft, field: Field) -> &[Statement] {
    match field {
        Field::Demographics => &d.demographics,
        Field::Psychographics => &d.psychographics,
        Field::Motivations => &d.motivations,
        Field::Goals => &d.goals,
        Field::PainPoints => &d.pain_points,
        Field::Channels => &d.channels,
        Field::Attributes => &d.attributes,
        _ => &[],
    }
}

/// The fields that differ from `a` to `b`, in the editor's order.
pub fn diff(a: &Version, b: &Version) -> Vec<FieldChange> {
    let lines = |v: &Version, f: Field| match v.fields.get(&f) {
        Some(Edit::Text(t)) => vec![t.clone()],
        Some(Edit::List(l)) => l.clone(),
        None => Vec::new(),
    };
    Field::all()
        .filter_map(|f| {
            let (x, y) = (lines(a, f), lines(b, f));
            if x == y {
                return None;
            }
            let (before, after) = if f.is_list() {
                (
                    x.iter().filter(|l| !y.contains(l)).cloned().collect(),
                    y.iter().filter(|l| !x.contains(l)).cloned().collect(),
                )
            } else {
                (x, y)
            };
            Some(FieldChange { field: f, before, after, edited: (a.edited.contains(&f), b.edited.contains(&f)) })
        })
        .collect()
}

/// `text` with each `from` that stands as a whole word (not inside another: "Sam" in "Samuel")
/// replaced by `to`.
fn whole_words(text: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + from.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        out.push_str(if word(before) || word(after) { from } else { to });
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

impl Persona {
    fn drafted(&self, field: Field) -> String {
        let Some(d) = &self.draft else { return String::new() };
        match field {
            Field::Name => d.name.clone(),
            Field::Title => d.title.clone(),
            // (told with the name the user gave, when they renamed the persona)
            Field::Summary => self.renamed(&d.name, &d.summary),
            Field::Quote => self.renamed(&d.name, &d.quote),
            Field::Story => self.renamed(&d.name, &d.story),
            Field::Archetype => d.archetype.name.clone(),
            _ => String::new(),
        }
    }

    /// `text` drafted for the persona named `drafted`, with the name the user gave instead: its
    /// full name, then its first name, as whole words ("Ariel is one of your customers" for a
    /// persona renamed Zoë Martin is "Zoë is ...").
    fn renamed(&self, drafted: &str, text: &str) -> String {
        let Some(Edit::Text(name)) = self.edits.get(&Field::Name) else { return text.to_owned() };
        told_of(text, drafted, name)
    }

    fn drafted_list(&self, field: Field) -> Vec<Statement> {
        self.draft.as_ref().map_or(Vec::new(), |d| list_of(d, field).to_vec())
    }

    /// A text field as shown: the user's value if any, else the data's.
    pub fn text(&self, field: Field) -> Shown<String> {
        match self.edits.get(&field) {
            Some(Edit::Text(t)) => Shown { value: t.clone(), edited: true },
            _ => Shown { value: self.drafted(field), edited: false },
        }
    }

    /// A list field as shown: the user's lines (without evidence) if any, else the data's.
    pub fn list(&self, field: Field) -> Shown<Vec<Statement>> {
        match self.edits.get(&field) {
            Some(Edit::List(lines)) => {
                Shown { value: lines.iter().map(|l| Statement::plain(l.clone())).collect(), edited: true }
            }
            _ => Shown { value: self.drafted_list(field), edited: false },
        }
    }

    /// Sets a text field; a value equal to the data's drops the edit.
    pub fn set_text(&mut self, field: Field, value: &str) {
        let value = value.trim();
        if self.draft.is_some() && value == self.drafted(field) {
            self.edits.remove(&field);
        } else {
            self.edits.insert(field, Edit::Text(value.to_owned()));
        }
    }

    /// Sets a list field from lines (blank lines dropped); lines equal to the data's drop the edit.
    pub fn set_list(&mut self, field: Field, lines: &str) {
        let lines: Vec<String> = lines.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let drafted: Vec<String> = self.drafted_list(field).into_iter().map(|s| s.text).collect();
        self.flags.retain(|f| f.field != field || lines.contains(&f.line));
        if self.draft.is_some() && lines == drafted {
            self.edits.remove(&field);
        } else {
            self.edits.insert(field, Edit::List(lines));
        }
    }

    /// Back to what the data says.
    pub fn revert(&mut self, field: Field) {
        self.edits.remove(&field);
        self.flags.retain(|f| f.field != field);
    }

    /// The persona as shown now, as a version numbered `number`.
    pub fn snapshot(&self, number: u32, label: &str) -> Version {
        let fields = Field::all()
            .map(|f| {
                let value = if f.is_list() {
                    Edit::List(self.list(f).value.into_iter().map(|s| s.text).collect())
                } else {
                    Edit::Text(self.text(f).value)
                };
                (f, value)
            })
            .collect();
        Version { number, label: label.to_owned(), fields, edited: self.edits.keys().copied().collect() }
    }

    /// Keeps the persona as it is now as its next version, unless it equals the last one.
    fn keep_version(&mut self, label: &str) {
        let number = self.versions.last().map_or(1, |v| v.number + 1);
        let now = self.snapshot(number, label);
        if self.versions.last().is_some_and(|v| v.fields == now.fields && v.edited == now.edited) {
            return;
        }
        self.versions.push(now);
        if self.versions.len() > MAX_VERSIONS {
            self.versions.remove(0);
        }
    }

    /// Shows version `number` again: each field takes the version's value (as an edit where
    /// it differs from what the data says now). Returns false when there is no such version.
    pub fn restore(&mut self, number: u32) -> bool {
        let Some(v) = self.versions.iter().find(|v| v.number == number).cloned() else { return false };
        for (f, value) in v.fields {
            match value {
                Edit::Text(t) => self.set_text(f, &t),
                Edit::List(l) => self.set_list(f, &l.join("\n")),
            }
        }
        self.flags.clear();
        true
    }

    /// The lines of the user's list edits that the old draft said and the new one no longer says.
    fn contradictions(&self, old: &PersonaDraft) -> Vec<Flag> {
        if self.draft.is_none() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (&field, edit) in &self.edits {
            let Edit::List(lines) = edit else { continue };
            let said: Vec<String> = list_of(old, field).iter().map(|s| claim(&s.text)).collect();
            let now = self.drafted_list(field);
            let says: Vec<String> = now.iter().map(|l| claim(&l.text)).collect();
            let taken: Vec<String> = lines.iter().map(|l| claim(l)).collect();
            for line in lines {
                let c = claim(line);
                if said.contains(&c) && !says.contains(&c) {
                    out.push(Flag {
                        field,
                        line: line.clone(),
                        now: counterpart(line, list_of(old, field), &now, &taken).into_iter().collect(),
                    });
                }
            }
        }
        out
    }

    /// Whether a flag still holds: its line is still in the edit and the data does not say it.
    fn still_contradicted(&self, f: &Flag) -> bool {
        let says = self.drafted_list(f.field).iter().any(|s| claim(&s.text) == claim(&f.line));
        let kept = matches!(self.edits.get(&f.field), Some(Edit::List(l)) if l.contains(&f.line));
        kept && !says
    }

    /// The user's answer to a flag: keep the line as it is (the flag goes), or take what the
    /// data says in its place: its line of the same thing, or none. The rest of the edit (the
    /// user's own lines, the other flagged lines) stays.
    pub fn resolve(&mut self, index: usize, keep: bool) {
        if index >= self.flags.len() {
            return;
        }
        let flag = self.flags.remove(index);
        if keep {
            return;
        }
        let Some(Edit::List(lines)) = self.edits.get(&flag.field) else { return };
        let taken: Vec<String> = lines.iter().map(|l| claim(l)).collect();
        let now = self.drafted_list(flag.field);
        // (the flag's line of now when it is one, still free; a workspace saved before flags
        // named one held the data's whole list there)
        let instead = match flag.now.as_slice() {
            [n] if now.iter().any(|s| s.text == *n) && !taken.contains(&claim(n)) => Some(n.clone()),
            _ => counterpart(&flag.line, &[], &now, &taken),
        };
        let instead = instead.as_ref();
        let lines: Vec<String> =
            lines.iter().filter_map(|l| if *l == flag.line { instead.cloned() } else { Some(l.clone()) }).collect();
        self.set_list(flag.field, &lines.join("\n"));
    }

    /// After a run: the lines of a list edit that the data wrote and the user left as they
    /// were take the data's figures of now, when the data still says the same of them ("Most
    /// often aged 25–34 (48%)" becomes "(51%)"); the user's own lines, and lines the data no
    /// longer says (flagged instead), stay as they are.
    fn refresh_figures(&mut self, old: &PersonaDraft) {
        let fields: Vec<Field> = self.edits.keys().copied().collect();
        for field in fields {
            let Some(Edit::List(lines)) = self.edits.get(&field) else { continue };
            let before: Vec<&str> = list_of(old, field).iter().map(|s| s.text.as_str()).collect();
            let now = self.drafted_list(field);
            let lines: Vec<String> = lines
                .iter()
                .map(|l| match now.iter().find(|n| before.contains(&l.as_str()) && claim(&n.text) == claim(l)) {
                    Some(n) => n.text.clone(),
                    None => l.clone(),
                })
                .collect();
            self.set_list(field, &lines.join("\n"));
        }
    }

    /// Takes a new run's draft of its segment: a version as the run leaves it, flags for the
    /// edits the new data contradicts, the data's new figures in the lines the user left.
    fn take_draft(&mut self, d: &PersonaDraft, label: &str) {
        let p = self;
        if p.versions.is_empty() && p.draft.is_some() {
            p.keep_version("Before versions were kept");
        }
        let old = p.draft.replace(d.clone());
        // flags the data no longer backs (it says the line again, or the line left the edit) go
        let flags = std::mem::take(&mut p.flags);
        p.flags = flags.into_iter().filter(|f| p.still_contradicted(f)).collect();
        for i in 0..p.flags.len() {
            let field = p.flags[i].field;
            let now = p.drafted_list(field);
            let taken: Vec<String> = match p.edits.get(&field) {
                Some(Edit::List(lines)) => lines.iter().map(|l| claim(l)).collect(),
                _ => Vec::new(),
            };
            let was = old.as_ref().map_or(&[][..], |o| list_of(o, field));
            p.flags[i].now = counterpart(&p.flags[i].line, was, &now, &taken).into_iter().collect();
        }
        if let Some(old) = old {
            // the same face as before (its age look follows the data)
            if p.avatar_seed.is_none() && old.avatar.seed != d.avatar.seed {
                p.avatar_seed = Some(old.avatar.seed);
            }
            // (a flag raised before has its line of now already, as the loop above found it)
            for flag in p.contradictions(&old) {
                if !p.flags.iter().any(|f| f.field == flag.field && f.line == flag.line) {
                    p.flags.push(flag);
                }
            }
            p.refresh_figures(&old);
        }
        p.keep_version(label);
        p.detached = false;
    }

    /// The face: the draft's, with the user's re-roll and colour.
    pub fn avatar(&self) -> AvatarSpec {
        let base = self.draft.as_ref().map_or(
            AvatarSpec { seed: self.id, age: AgeLook::Adult, presentation: Presentation::Neutral, colour: 0 },
            |d| d.avatar,
        );
        AvatarSpec {
            seed: self.avatar_seed.unwrap_or(base.seed),
            colour: self.colour.unwrap_or(base.colour) % COLOURS.len() as u8,
            ..base
        }
    }

    /// A new face for the same age look and presentation.
    pub fn reroll(&mut self) {
        let current = self.avatar().seed;
        self.avatar_seed = Some(crate::sample::mix(current));
    }
}

/// The personas of a workspace, in the user's order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deck {
    pub personas: Vec<Persona>,
    next_id: u64,
    /// Deleted personas with their place, the last deleted last (for undo).
    #[serde(skip)]
    trash: Vec<(usize, Persona)>,
    /// Segments (of the latest run) whose persona the user deleted.
    dismissed: Vec<usize>,
}

impl Deck {
    pub fn new() -> Self {
        Deck::default()
    }

    fn new_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn get(&self, id: u64) -> Option<&Persona> {
        self.personas.iter().find(|p| p.id == id)
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut Persona> {
        self.personas.iter_mut().find(|p| p.id == id)
    }

    fn position(&self, id: u64) -> Option<usize> {
        self.personas.iter().position(|p| p.id == id)
    }

    /// The names of the personas whose segments continue (`matches[new]` = old): (new segment,
    /// name), for [`crate::persona::drafts_keeping`], so that a persona keeps its name; every
    /// other persona's name comes with no segment (`usize::MAX`), so that no new persona takes
    /// the name of one that stays in the deck (a vanished segment's, one by hand).
    pub fn continuing_names(&self, matches: &[Option<usize>]) -> Vec<(usize, String)> {
        let continuing = |p: &Persona| {
            let new = (!p.detached).then(|| matches.iter().position(|m| m.is_some() && *m == p.segment)).flatten()?;
            Some((new, p.draft.as_ref()?.name.clone()))
        };
        self.personas.iter().map(|p| continuing(p).unwrap_or_else(|| (usize::MAX, p.text(Field::Name).value))).collect()
    }

    /// Takes a new run's drafts. `matches[new segment]` is the old segment it continues (see
    /// [`match_segments`]). Each persona keeps a version of itself as the run left it (named
    /// `label`); edits the new draft contradicts are flagged ([`Flag`]), never changed.
    pub fn refresh(&mut self, drafts: &[PersonaDraft], matches: &[Option<usize>], label: &str) {
        let new_of = |old: usize| matches.iter().position(|m| *m == Some(old));
        let mut covered: Vec<usize> = Vec::new();
        for p in &mut self.personas {
            let Some(old) = p.segment else { continue };
            match new_of(old) {
                Some(new) => {
                    p.segment = Some(new);
                    match drafts.iter().find(|d| d.segment == new) {
                        Some(d) => {
                            p.take_draft(d, label);
                            covered.push(new);
                        }
                        // the segment is now below the minimum size: no draft for it
                        None => p.detached = true,
                    }
                }
                None => {
                    p.segment = None;
                    p.detached = true;
                }
            }
        }
        self.dismissed = self.dismissed.iter().filter_map(|&old| new_of(old)).collect();
        for d in drafts {
            if covered.contains(&d.segment) || self.dismissed.contains(&d.segment) {
                continue;
            }
            // a segment that comes back (the number of segments set back to what it was, a
            // feature ticked again): the persona it had takes it again, with its edits and
            // its name, instead of a second persona of it
            let back = self
                .personas
                .iter_mut()
                .filter(|p| p.detached && p.segment.is_none())
                .filter_map(|p| Some((p.draft.as_ref().and_then(|o| same_segment(o, d))?, p)))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, p)| p);
            if let Some(p) = back {
                let mut d = d.clone();
                if let Some(o) = &p.draft {
                    name_draft(&mut d, &o.name);
                }
                p.segment = Some(d.segment);
                p.take_draft(&d, label);
                continue;
            }
            let id = self.new_id();
            self.personas.push(Persona {
                id,
                segment: Some(d.segment),
                draft: Some(d.clone()),
                edits: BTreeMap::new(),
                avatar_seed: None,
                colour: None,
                archived: false,
                detached: false,
                versions: Vec::new(),
                flags: Vec::new(),
            });
            if let Some(p) = self.personas.last_mut() {
                p.keep_version(label);
            }
        }
        for (_, p) in &mut self.trash {
            p.segment = p.segment.and_then(new_of);
        }
        // the personas of this run's segments first, those that lost theirs after them (each in
        // the order it had): after a few runs the current ones would otherwise come last
        self.personas.sort_by_key(|p| p.detached);
    }

    /// A persona made by hand from the blank template; returns its id.
    pub fn add_blank(&mut self) -> u64 {
        let id = self.new_id();
        let mut edits = BTreeMap::new();
        for (field, text) in [
            (Field::Name, "New persona"),
            (Field::Title, "Who they are in three words"),
            (Field::Summary, "One line that sums this persona up."),
            (Field::Quote, "Something they would say."),
            (Field::Story, "A few sentences about their life, their work and how they buy."),
        ] {
            edits.insert(field, Edit::Text(text.to_owned()));
        }
        for (field, lines) in [
            (Field::Motivations, vec!["What drives them"]),
            (Field::Goals, vec!["What they want to achieve"]),
            (Field::PainPoints, vec!["What gets in their way"]),
        ] {
            edits.insert(field, Edit::List(lines.into_iter().map(str::to_owned).collect()));
        }
        self.personas.push(Persona {
            id,
            segment: None,
            draft: None,
            edits,
            avatar_seed: None,
            colour: Some((id % COLOURS.len() as u64) as u8),
            archived: false,
            detached: false,
            versions: Vec::new(),
            flags: Vec::new(),
        });
        id
    }

    /// A copy of a persona (its draft and edits), placed after it, named "… (copy)".
    pub fn duplicate(&mut self, id: u64) -> Option<u64> {
        let at = self.position(id)?;
        let mut copy = self.personas[at].clone();
        copy.id = self.new_id();
        let name = copy.text(Field::Name).value;
        copy.edits.insert(Field::Name, Edit::Text(format!("{name} (copy)")));
        let new = copy.id;
        self.personas.insert(at + 1, copy);
        Some(new)
    }

    /// Moves a persona `delta` places (negative: up), within the deck.
    pub fn move_by(&mut self, id: u64, delta: isize) {
        let Some(at) = self.position(id) else { return };
        let to = (at as isize + delta).clamp(0, self.personas.len() as isize - 1) as usize;
        let p = self.personas.remove(at);
        self.personas.insert(to, p);
    }

    pub fn set_archived(&mut self, id: u64, archived: bool) {
        if let Some(p) = self.get_mut(id) {
            p.archived = archived;
        }
    }

    /// Deletes a persona; [`Deck::undo_delete`] brings it back.
    pub fn delete(&mut self, id: u64) -> bool {
        let Some(at) = self.position(id) else { return false };
        let p = self.personas.remove(at);
        if let Some(s) = p.segment {
            self.dismissed.push(s);
        }
        self.trash.push((at, p));
        true
    }

    /// Brings the last deleted persona back to its place; returns its id.
    pub fn undo_delete(&mut self) -> Option<u64> {
        let (at, p) = self.trash.pop()?;
        if let Some(s) = p.segment {
            self.dismissed.retain(|&d| d != s);
        }
        let id = p.id;
        self.personas.insert(at.min(self.personas.len()), p);
        Some(id)
    }

    /// Takes in a persona from elsewhere (a share link) as a new one at the end, apart from any
    /// segment of this workspace's runs; returns its id.
    pub fn adopt(&mut self, mut p: Persona) -> u64 {
        // (a link saved twice, or a persona of the same name here: "Anna (2)", never two Annas)
        let name = p.text(Field::Name).value;
        let taken = |n: &str| self.personas.iter().any(|q| q.text(Field::Name).value == n);
        if taken(&name) {
            let free = (2..).map(|k| format!("{name} ({k})")).find(|n| !taken(n)).expect("a free name");
            p.edits.insert(Field::Name, Edit::Text(free));
        }
        p.id = self.new_id();
        p.segment = None;
        p.detached = p.draft.is_some();
        p.archived = false;
        let id = p.id;
        self.personas.push(p);
        id
    }

    /// The name of the persona an undo would bring back.
    pub fn last_deleted(&self) -> Option<String> {
        self.trash.last().map(|(_, p)| p.text(Field::Name).value)
    }
}

/// For each new segment, the old segment it continues: the pairing of largest total Jaccard
/// index of their customers ([`crate::matching::assign`], the Hungarian method), pairs under
/// [`MIN_JACCARD`] left out. Both assignments are over the same customers in the same order;
/// when their lengths differ nothing matches.
pub fn match_segments(old: &[u32], old_k: usize, new: &[u32], new_k: usize) -> Vec<Option<usize>> {
    if old.len() != new.len() || old.is_empty() {
        return vec![None; new_k];
    }
    crate::matching::assign(&crate::matching::overlap(old, old_k, new, new_k), MIN_JACCARD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persona::{Archetype, ArchetypeKind};

    fn draft(segment: usize, name: &str) -> PersonaDraft {
        PersonaDraft {
            segment,
            segment_label: format!("Segment {segment}"),
            customers: 100,
            share: 0.1,
            name: name.to_owned(),
            title: "The steady shopper".to_owned(),
            avatar: AvatarSpec { seed: 7, age: AgeLook::Young, presentation: Presentation::Neutral, colour: 2 },
            summary: format!("{name} summary"),
            demographics: vec![Statement::plain("Aged 25–34")],
            attributes: Vec::new(),
            apart: 0,
            psychographics: Vec::new(),
            archetype: Archetype {
                kind: ArchetypeKind::Steady,
                name: "Steady shopper".to_owned(),
                rule: String::new(),
                evidence: Vec::new(),
                also: Vec::new(),
            },
            motivations: vec![Statement::plain("Saving money")],
            goals: Vec::new(),
            pain_points: Vec::new(),
            channels: Vec::new(),
            terms: Vec::new(),
            story: "A story.".to_owned(),
            quote: "A quote.".to_owned(),
        }
    }

    #[test]
    fn every_field_reads_back_from_its_key() {
        assert_eq!(Field::all().count(), 14);
        for f in Field::all() {
            assert_eq!(Field::from_key(f.key()), Some(f));
        }
        assert_eq!(Field::from_key("shoe_size"), None);
    }

    #[test]
    fn segments_match_by_shared_customers() {
        // (old, new, old_k, new_k, expected)
        type Case = (Vec<u32>, Vec<u32>, usize, usize, Vec<Option<usize>>);
        let cases: Vec<Case> = vec![
            // the same segments renumbered
            (vec![0, 0, 1, 1, 2, 2], vec![2, 2, 0, 0, 1, 1], 3, 3, vec![Some(1), Some(2), Some(0)]),
            // two old segments merged: the new one continues the larger share, the other is gone
            (vec![0, 0, 0, 1, 2, 2], vec![0, 0, 0, 0, 1, 1], 3, 2, vec![Some(0), Some(2)]),
            // one old segment split in two: the larger half continues it
            (vec![0, 0, 0, 0, 0, 1], vec![0, 0, 0, 2, 2, 1], 2, 3, vec![Some(0), Some(1), None]),
            // other customers: nothing matches
            (vec![0, 1], vec![0, 1, 1], 2, 2, vec![None, None]),
            (vec![], vec![], 0, 2, vec![None, None]),
        ];
        for (old, new, ok, nk, want) in cases {
            assert_eq!(match_segments(&old, ok, &new, nk), want, "{old:?} -> {new:?}");
        }
    }

    /// A persona the user renamed is told with its new name in its story, summary and quote,
    /// whole words only; a story the user wrote is theirs.
    #[test]
    fn a_renamed_persona_is_told_with_its_new_name() {
        let mut deck = Deck::new();
        let mut d = draft(0, "Ariel Patel");
        d.story = "Ariel is one of your customers. Ariella and Ariel Patel's friends call.".to_owned();
        d.quote = "I'm Ariel.".to_owned();
        deck.refresh(&[d], &[None], "run");
        let id = deck.personas[0].id;
        let p = deck.get_mut(id).unwrap();
        p.set_text(Field::Name, "Zoë Martin");
        assert_eq!(p.text(Field::Story).value, "Zoë is one of your customers. Ariella and Zoë Martin's friends call.");
        assert_eq!(p.text(Field::Summary).value, "Zoë Martin summary");
        assert_eq!(p.text(Field::Quote), Shown { value: "I'm Zoë.".to_owned(), edited: false });
        p.set_text(Field::Story, "My own story of Ariel.");
        assert_eq!(p.text(Field::Story).value, "My own story of Ariel.");
        // named as the data named it again: the drafted texts as they were
        p.set_text(Field::Name, "Ariel Patel");
        assert_eq!(p.text(Field::Quote).value, "I'm Ariel.");
    }

    #[test]
    fn edits_survive_a_new_run_and_follow_their_segment() {
        let mut deck = Deck::new();
        deck.refresh(&[draft(0, "Anna"), draft(1, "Tom")], &[None, None], "run");
        assert_eq!(deck.personas.len(), 2);
        let tom = deck.personas[1].id;
        deck.get_mut(tom).unwrap().set_text(Field::Name, "Thomas the tester");
        deck.get_mut(tom).unwrap().set_list(Field::Motivations, "Fast delivery\n\n  Good prices  ");
        // the run again, segments renumbered: old 1 is new 0
        deck.refresh(&[draft(0, "Mia"), draft(1, "Lena")], &[Some(1), Some(0)], "run");
        let p = deck.get(tom).unwrap();
        assert_eq!(p.segment, Some(0));
        assert_eq!(p.draft.as_ref().unwrap().name, "Mia", "the draft is the new one");
        assert_eq!(p.text(Field::Name), Shown { value: "Thomas the tester".to_owned(), edited: true });
        let m = p.list(Field::Motivations);
        assert!(m.edited);
        assert_eq!(m.value.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["Fast delivery", "Good prices"]);
        assert!(m.value.iter().all(|s| s.evidence.is_none()), "the user's lines carry no evidence");
        assert_eq!(p.text(Field::Story), Shown { value: "A story.".to_owned(), edited: false });
        assert_eq!(deck.personas.len(), 2, "no persona was added");
    }

    #[test]
    fn unmatched_segments_detach_and_new_ones_get_personas() {
        let mut deck = Deck::new();
        deck.refresh(&[draft(0, "Anna"), aged(1, "Tom", "Aged 55–64")], &[None, None], "run");
        let (kim, sam) = (aged(1, "Kim", "Aged 18–24"), aged(2, "Sam", "Aged 35–44"));
        deck.refresh(&[draft(0, "Anna"), kim.clone(), sam.clone()], &[Some(0), None, None], "run");
        let names = |deck: &Deck| deck.personas.iter().map(|p| p.text(Field::Name).value).collect::<Vec<_>>();
        // the current segments' personas first, the one whose segment is gone after them
        assert_eq!(names(&deck), ["Anna", "Kim", "Sam", "Tom"]);
        assert!(deck.personas[3].detached && deck.personas[3].segment.is_none());
        assert_eq!(deck.personas[3].draft.as_ref().unwrap().name, "Tom", "a detached persona keeps its last draft");
        // a segment now too small to draft detaches its persona but keeps the tie
        let anna = deck.personas[0].id;
        deck.refresh(&[kim, sam], &[Some(0), Some(2), Some(3)], "run");
        let anna = deck.get(anna).unwrap();
        assert!(anna.detached);
        assert_eq!(anna.segment, Some(0));
        let detached: Vec<bool> = deck.personas.iter().map(|p| p.detached).collect();
        assert!(detached.is_sorted(), "the detached come last: {detached:?}");
    }

    /// Review 50: a user edited a persona, tried six segments (its segment went), then went
    /// back to the automatic eight: the same segment came back, and got a second persona while
    /// the edited one stayed apart.
    #[test]
    fn a_segment_that_comes_back_takes_its_persona_back() {
        let mut deck = Deck::new();
        let mut quinn = aged(1, "Quinn Jansen", "Aged 45–54");
        quinn.story = "Quinn Jansen buys box sets. Quinn reads reviews.".into();
        deck.refresh(&[draft(0, "Anna"), quinn.clone()], &[None, None], "eight");
        let id = deck.personas[1].id;
        deck.get_mut(id).unwrap().set_text(Field::Quote, "Mine.");
        deck.refresh(&[draft(0, "Anna")], &[Some(0)], "six");
        assert!(deck.get(id).unwrap().detached);
        // back: the same segment, drafted under another name (a detached persona's name is taken)
        let mut again = quinn.clone();
        again.name = "Dominique Weber".into();
        again.story = "Dominique Weber buys box sets. Dominique reads reviews.".into();
        again.customers += 1;
        deck.refresh(&[draft(0, "Anna"), again], &[Some(0), None], "eight again");
        assert_eq!(deck.personas.len(), 2, "no second persona of the segment");
        let p = deck.get(id).unwrap();
        assert!(!p.detached && p.segment == Some(1));
        assert_eq!(p.text(Field::Quote).value, "Mine.", "the edit is back with it");
        assert_eq!(p.text(Field::Name).value, "Quinn Jansen");
        assert_eq!(p.text(Field::Story).value, "Quinn Jansen buys box sets. Quinn reads reviews.");
        // another segment is not taken for it
        deck.refresh(&[draft(0, "Anna")], &[Some(0)], "six");
        deck.refresh(&[draft(0, "Anna"), aged(1, "Kim", "Aged 18–24")], &[Some(0), None], "other");
        assert!(deck.get(id).unwrap().detached);
        assert_eq!(deck.personas.len(), 3);
    }

    #[test]
    fn a_value_equal_to_the_data_is_no_edit_and_revert_drops_edits() {
        let mut deck = Deck::new();
        deck.refresh(&[draft(0, "Anna")], &[None], "run");
        let p = &mut deck.personas[0];
        p.set_text(Field::Name, "  Anna ");
        assert!(p.edits.is_empty());
        p.set_list(Field::Motivations, "Saving money\n");
        assert!(p.edits.is_empty());
        p.set_text(Field::Quote, "Mine.");
        assert!(p.text(Field::Quote).edited);
        p.revert(Field::Quote);
        assert_eq!(p.text(Field::Quote).value, "A quote.");
        // an emptied list is an edit (the user removed every line)
        p.set_list(Field::Motivations, "");
        assert_eq!(p.list(Field::Motivations), Shown { value: Vec::new(), edited: true });
    }

    #[test]
    fn add_duplicate_reorder_archive_delete_and_undo() {
        let mut deck = Deck::new();
        deck.refresh(&[draft(0, "Anna"), draft(1, "Tom")], &[None, None], "run");
        let (anna, tom) = (deck.personas[0].id, deck.personas[1].id);
        let blank = deck.add_blank();
        assert_eq!(deck.get(blank).unwrap().text(Field::Name).value, "New persona");
        assert!(deck.get(blank).unwrap().draft.is_none());
        let copy = deck.duplicate(anna).unwrap();
        let order = |d: &Deck| d.personas.iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(order(&deck), [anna, copy, tom, blank]);
        assert_eq!(deck.get(copy).unwrap().text(Field::Name).value, "Anna (copy)");
        // a persona saved from a link, twice: never two of one name
        let shared = deck.get(tom).unwrap().clone();
        let (a, b) = (deck.adopt(shared.clone()), deck.adopt(shared));
        assert_eq!(deck.get(a).unwrap().text(Field::Name).value, "Tom (2)");
        assert_eq!(deck.get(b).unwrap().text(Field::Name).value, "Tom (3)");
        assert!(deck.delete(a) && deck.delete(b));
        deck.trash.clear();
        deck.move_by(blank, -10);
        deck.move_by(anna, 1);
        assert_eq!(order(&deck), [blank, copy, anna, tom]);
        deck.set_archived(tom, true);
        assert!(deck.get(tom).unwrap().archived);
        assert!(deck.delete(anna));
        assert!(deck.delete(blank));
        assert_eq!(order(&deck), [copy, tom]);
        assert_eq!(deck.last_deleted().as_deref(), Some("New persona"));
        assert_eq!(deck.undo_delete(), Some(blank));
        assert_eq!(deck.undo_delete(), Some(anna));
        assert_eq!(order(&deck), [blank, copy, anna, tom], "undo puts each back in its place");
        assert_eq!(deck.undo_delete(), None);
    }

    #[test]
    fn a_deleted_segment_persona_does_not_come_back_unless_undone() {
        let mut deck = Deck::new();
        deck.refresh(&[draft(0, "Anna"), draft(1, "Tom")], &[None, None], "run");
        let tom = deck.personas[1].id;
        deck.delete(tom);
        deck.refresh(&[draft(0, "Anna"), draft(1, "Tom")], &[Some(1), Some(0)], "run");
        assert_eq!(deck.personas.len(), 1);
        assert_eq!(deck.personas[0].segment, Some(1));
        deck.undo_delete();
        assert_eq!(deck.get(tom).unwrap().segment, Some(0), "the undone persona follows its segment");
        deck.refresh(&[draft(0, "Anna"), draft(1, "Tom")], &[Some(0), Some(1)], "run");
        assert_eq!(deck.personas.len(), 2);
    }

    #[test]
    fn reroll_and_colour_change_the_face_only() {
        let mut deck = Deck::new();
        deck.refresh(&[draft(0, "Anna")], &[None], "run");
        let p = &mut deck.personas[0];
        let before = p.avatar();
        p.reroll();
        let after = p.avatar();
        assert_ne!(before.seed, after.seed);
        assert_eq!((before.age, before.presentation, before.colour), (after.age, after.presentation, after.colour));
        p.colour = Some(13);
        assert_eq!(p.avatar().colour, 13 % COLOURS.len() as u8);
    }

    #[test]
    fn a_claim_is_what_a_line_says_without_its_figures() {
        for (line, said) in [
            ("Most often aged 25–34 (48%)", "aged 25–34"),
            ("Aged 25–34", "aged 25–34"),
            ("Aged 45–54.", "aged 45–54"),
            ("3.2× more referrals than everyone", "more referrals than everyone"),
            ("61% on the premium plan", "on the premium plan"),
            ("Mostly women", "mostly women"),
        ] {
            assert_eq!(claim(line), said, "{line}");
        }
    }

    fn aged(segment: usize, name: &str, band: &str) -> PersonaDraft {
        let mut d = draft(segment, name);
        d.demographics = vec![Statement::plain(band), Statement::plain("Mostly women")];
        d
    }

    #[test]
    fn each_run_keeps_a_version_and_any_two_can_be_compared_and_restored() {
        let mut deck = Deck::new();
        deck.refresh(&[aged(0, "Anna", "Most often aged 25–34 (48%)")], &[None], "November");
        let id = deck.personas[0].id;
        deck.get_mut(id).unwrap().set_text(Field::Name, "Anna the planner");
        // December: the data's summary changed; the user's name stays
        let mut next = aged(0, "Ana", "Most often aged 25–34 (51%)");
        next.summary = "A new summary".into();
        deck.refresh(&[next], &[Some(0)], "December");
        let p = deck.get(id).unwrap();
        assert_eq!(p.text(Field::Name).value, "Anna the planner", "the edit is carried over");
        assert_eq!(
            p.versions.iter().map(|v| (v.number, v.label.as_str())).collect::<Vec<_>>(),
            [(1, "November"), (2, "December")]
        );
        let changes = diff(&p.versions[0], &p.versions[1]);
        let of = |f: Field| changes.iter().find(|c| c.field == f).unwrap();
        assert_eq!(of(Field::Name).after, ["Anna the planner"]);
        assert_eq!(of(Field::Name).edited, (false, true));
        assert_eq!(
            (of(Field::Summary).before.clone(), of(Field::Summary).after.clone()),
            (vec!["Anna summary".to_owned()], vec!["A new summary".to_owned()])
        );
        assert_eq!(of(Field::Demographics).before, ["Most often aged 25–34 (48%)"]);
        assert_eq!(of(Field::Demographics).after, ["Most often aged 25–34 (51%)"]);
        assert!(p.flags.is_empty(), "a figure that moved contradicts nothing: {:?}", p.flags);
        // a run that changes nothing makes no version
        deck.refresh(
            &[{
                let mut d = aged(0, "Ana", "Most often aged 25–34 (51%)");
                d.summary = "A new summary".into();
                d
            }],
            &[Some(0)],
            "again",
        );
        assert_eq!(deck.get(id).unwrap().versions.len(), 2);
        // restoring November shows November again, over December's data
        let p = deck.get_mut(id).unwrap();
        assert!(p.restore(1));
        assert_eq!(p.text(Field::Name).value, "Anna", "November's name, now an edit over December's data");
        assert_eq!(p.text(Field::Summary).value, "Anna summary");
        assert_eq!(p.list(Field::Demographics).value[0].text, "Most often aged 25–34 (48%)");
        assert!(!p.restore(9));
    }

    #[test]
    fn an_edit_the_new_data_contradicts_is_flagged_not_overwritten() {
        let mut deck = Deck::new();
        deck.refresh(&[aged(0, "Anna", "Most often aged 25–34 (48%)")], &[None], "November");
        let id = deck.personas[0].id;
        deck.get_mut(id).unwrap().set_list(Field::Demographics, "Most often aged 25–34 (48%)\nStudents in the city");
        deck.refresh(&[aged(0, "Anna", "Aged 45–54")], &[Some(0)], "December");
        let p = deck.get(id).unwrap();
        assert_eq!(
            p.flags,
            [Flag {
                field: Field::Demographics,
                line: "Most often aged 25–34 (48%)".into(),
                now: vec!["Aged 45–54".into()]
            }],
            "the user's own line is not the data's to contradict; the data's line of the same thing is offered"
        );
        let lines: Vec<String> = p.list(Field::Demographics).value.into_iter().map(|s| s.text).collect();
        assert_eq!(lines, ["Most often aged 25–34 (48%)", "Students in the city"], "the edit stays as it was");
        // keeping the edit drops the flag; the next run does not raise it again unless the data changes
        deck.get_mut(id).unwrap().resolve(0, true);
        assert!(deck.get(id).unwrap().flags.is_empty());
        assert!(deck.get(id).unwrap().edits.contains_key(&Field::Demographics));
        deck.refresh(&[aged(0, "Anna", "Aged 45–54")], &[Some(0)], "January");
        assert!(deck.get(id).unwrap().flags.is_empty());
        // taking the data's line instead puts it in the line's place; the user's own line stays
        deck.refresh(&[aged(0, "Anna", "Most often aged 25–34 (40%)")], &[Some(0)], "February");
        deck.refresh(&[aged(0, "Anna", "Aged 55–64")], &[Some(0)], "March");
        let p = deck.get_mut(id).unwrap();
        assert_eq!(p.flags.len(), 1);
        p.resolve(0, false);
        assert!(p.flags.is_empty());
        let lines: Vec<String> = p.list(Field::Demographics).value.into_iter().map(|s| s.text).collect();
        assert_eq!(lines, ["Aged 55–64", "Students in the city"]);
    }

    #[test]
    fn a_line_of_the_same_thing_is_found_by_its_name_or_its_words() {
        let now: Vec<Statement> =
            ["Orders: 6.9 against 2.1", "Money spent: 280 against 98", "Aged 45–54", "Mostly women"]
                .map(Statement::plain)
                .into();
        let cases: [(&str, &[&str], Option<&str>); 6] = [
            ("Orders: 7.3 against 2.1", &[], Some("Orders: 6.9 against 2.1")),
            ("Returns: 0.4 against 0.1", &[], None),
            ("Most often aged 25–34 (48%)", &[], Some("Aged 45–54")),
            // "against" and "most" say nothing of what a line is about
            ("Most often bought against advice", &[], None),
            ("Aged 25–34", &["aged 45–54"], None),
            ("Students in the city", &[], None),
        ];
        for (line, taken, want) in cases {
            let taken: Vec<String> = taken.iter().map(|t| t.to_string()).collect();
            assert_eq!(counterpart(line, &[], &now, &taken).as_deref(), want, "{line}");
        }
        // lines that share no word are paired by the column the data drew them from
        let gender = |text: &str| Statement {
            text: text.into(),
            evidence: Some(crate::persona::Evidence {
                figure: String::new(),
                detail: String::new(),
                source: "customers.csv › gender".into(),
            }),
        };
        let was = [gender("Mostly female")];
        let now = [Statement::plain("Aged 45–54"), gender("Mostly male")];
        assert_eq!(counterpart("Mostly female", &was, &now, &[]).as_deref(), Some("Mostly male"));
        assert_eq!(counterpart("Mostly female", &[], &now, &[]), None, "without the source, no word to go by");
    }

    /// A flag saved before flags named one line held the data's whole new list: taking the
    /// data's word puts the line of the same thing in its place, not the list's first line.
    #[test]
    fn a_flag_saved_with_the_whole_list_takes_the_line_of_the_same_thing() {
        let mut deck = Deck::new();
        deck.refresh(&[aged(0, "Anna", "Aged 25–34")], &[None], "1");
        let id = deck.personas[0].id;
        let p = deck.get_mut(id).unwrap();
        p.set_list(Field::Demographics, "Aged 25–34\nMostly women\nStudents");
        let mut d = aged(0, "Anna", "Aged 45–54");
        d.demographics.swap(0, 1);
        p.draft = Some(d);
        p.flags = vec![Flag {
            field: Field::Demographics,
            line: "Aged 25–34".into(),
            now: vec!["Mostly women".into(), "Aged 45–54".into()],
        }];
        p.resolve(0, false);
        let lines: Vec<String> = p.list(Field::Demographics).value.into_iter().map(|s| s.text).collect();
        assert_eq!(lines, ["Aged 45–54", "Mostly women", "Students"]);
    }

    /// Review 50: a user who added a line of their own to a list of the data's figures, then
    /// took the data's word on one flagged line, lost the whole list: their line, and the line
    /// they had just chosen to keep.
    #[test]
    fn taking_the_data_on_one_line_changes_that_line_only() {
        let figures = |orders: &str, money: &str, band: &str| {
            let mut d = draft(0, "Robin");
            d.attributes = vec![
                Statement::plain(format!("Orders: {orders} against 2.1")),
                Statement::plain(format!("Money spent: {money} against 98")),
                Statement::plain(band),
                Statement::plain("Mostly ordered by phone"),
            ];
            d
        };
        let mut deck = Deck::new();
        deck.refresh(&[figures("7.3", "310", "Most often in the north (61%)")], &[None], "May");
        let id = deck.personas[0].id;
        let p = deck.get_mut(id).unwrap();
        let mut lines: Vec<String> = p.list(Field::Attributes).value.into_iter().map(|s| s.text).collect();
        lines.push("Prefers new releases".into());
        p.set_list(Field::Attributes, &lines.join("\n"));
        deck.refresh(&[figures("6.9", "280", "Most often in the north (58%)")], &[Some(0)], "June");
        let p = deck.get_mut(id).unwrap();
        let flagged: Vec<(&str, &str)> = p.flags.iter().map(|f| (f.line.as_str(), f.now[0].as_str())).collect();
        assert_eq!(
            flagged,
            [
                ("Orders: 7.3 against 2.1", "Orders: 6.9 against 2.1"),
                ("Money spent: 310 against 98", "Money spent: 280 against 98")
            ],
            "each flag offers the data's line of the same thing"
        );
        p.resolve(0, true);
        p.resolve(0, false);
        let lines: Vec<String> = p.list(Field::Attributes).value.into_iter().map(|s| s.text).collect();
        assert_eq!(
            lines,
            [
                "Orders: 7.3 against 2.1",
                "Money spent: 280 against 98",
                "Most often in the north (58%)",
                "Mostly ordered by phone",
                "Prefers new releases"
            ],
            "the kept line and the user's own line stay; a line whose figure in brackets moved follows the data"
        );
        assert!(p.flags.is_empty());
    }

    #[test]
    fn a_flag_goes_when_the_data_says_the_line_again_or_the_line_leaves_the_edit() {
        let mut deck = Deck::new();
        deck.refresh(&[aged(0, "Anna", "Aged 25–34")], &[None], "1");
        let id = deck.personas[0].id;
        deck.get_mut(id).unwrap().set_list(Field::Demographics, "Aged 25–34\nMostly women\nStudents");
        deck.refresh(&[aged(0, "Anna", "Aged 45–54")], &[Some(0)], "2");
        assert_eq!(deck.get(id).unwrap().flags.len(), 1);
        // the data says it again: the flag goes
        deck.refresh(&[aged(0, "Anna", "Most often aged 25–34 (44%)")], &[Some(0)], "3");
        assert!(deck.get(id).unwrap().flags.is_empty());
        // and is raised once when it stops again
        deck.refresh(&[aged(0, "Anna", "Aged 55–64")], &[Some(0)], "4");
        deck.refresh(&[aged(0, "Anna", "Aged 65+")], &[Some(0)], "5");
        assert_eq!(deck.get(id).unwrap().flags.len(), 1, "{:?}", deck.get(id).unwrap().flags);
        assert_eq!(deck.get(id).unwrap().flags[0].now[0], "Aged 65+", "with what the data says now");
        // the user takes the line out of the edit: the flag goes
        deck.get_mut(id).unwrap().set_list(Field::Demographics, "Mostly women\nStudents");
        assert!(deck.get(id).unwrap().flags.is_empty());
    }
}
