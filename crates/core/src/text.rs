//! Distinctive words of a segment's free-text feedback: the terms that one group of customers uses
//! in its comments markedly more often than everyone else.
//!
//! - **Tokenising** ([`terms`]): a comment is lowercased (Unicode-aware) and split on anything
//!   that is not a letter or a digit, apostrophes and hyphens included, so "l'emballage" gives
//!   "emballage" and "didn't" gives "didn" (a stop word). A combining accent (decomposed text,
//!   as some exports write it) is joined to its letter where the letter has a precomposed form
//!   ("a" + U+0308 is "ä") and dropped otherwise, so it never splits a word. Tokens shorter than
//!   three characters, tokens of digits only and stop words are dropped, and each term is kept
//!   once, in order of first appearance. Scripts written without spaces (Chinese, Japanese, Thai)
//!   are not segmented: a run of their letters is one token.
//! - **Stop words** ([`is_stop_word`]): the most common function words of English, German,
//!   French, Spanish, Italian, Dutch and Portuguese (with their accents), the stems that English
//!   contractions leave ("didn", "doesn", "won"...) and the filler of reviews that says nothing
//!   ("also", "just", "really", "very", "get", "would", "one"...). Comments carry no language
//!   tag, so a word that is a function word in one of the languages is dropped in all of them:
//!   German "die", "war", "hat" and Dutch "door", "van" go with them, which is the price of not
//!   letting a segment of Dutch or German speakers be "distinguished" by its articles.
//! - **Counting**: a term counts once per comment (document frequency), so one long rant that
//!   repeats "late" ten times weighs no more than one comment that says it once.
//! - **Scoring** ([`distinctive_terms`]): the log-odds ratio with an informative Dirichlet prior
//!   of Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and
//!   Evaluation for Identifying the Content of Political Conflict", *Political Analysis* 16(4).
//!   Each group i is compared with all the other comments j (other groups and comments of
//!   customers in no group). With `y` a side's count of comments that use term w, `n` the sum of
//!   the side's counts over all terms, and the prior `a_w = a0 * (overall count of w / overall
//!   sum of counts)`:
//!
//!   ```text
//!   delta = ln((y_i + a_w) / (n_i + a0 - y_i - a_w)) - ln((y_j + a_w) / (n_j + a0 - y_j - a_w))
//!   var   ≈ 1 / (y_i + a_w) + 1 / (y_j + a_w)
//!   z     = delta / sqrt(var)
//!   ```
//!
//!   The prior pulls both sides towards the overall rate, so a rare term needs more evidence than
//!   a common one, and z weighs the difference by its certainty: a term 100 comments use beats
//!   one that 3 use at the same rates.
//! - **The prior's weight** `a0` is the smaller of `n_i` and `n_j`: the prior counts as much as
//!   the smaller side of the comparison, and pulls that side's rate at most halfway to the
//!   overall rate. In 300,000 comments of 10 terms, a fixed `a0` (500, say) all but vanishes: a
//!   term that 100 comments of a group use and no one else's gets a pseudo-count of a few
//!   hundredths on the other side, and the `1 / (y_j + a_w)` term of the variance drags its z
//!   below 2. A prior as large as the whole corpus (the empirical-Bayes choice of some
//!   implementations) drowns a small group instead: a segment with 1% of those comments that uses
//!   a word twice as often as the rest, in 60 comments, scores z < 1. Scaling to the smaller side
//!   keeps both well above 2 (about 8 and 4) at any corpus size with the same shares, and makes
//!   group-against-rest symmetric: swapping the sides negates z.
//! - **Selection**: terms with z >= `min_z` that at least `min_docs` of the group's comments use,
//!   strongest first, ties broken by the term's text, at most `limit` per group. With a positive
//!   `min_z` only terms the group uses more than the others can pass; words everyone uses at the
//!   same rate score z ≈ 0.
//!
//! The work is one pass over the comments' term ids into dense group × vocabulary counts, then
//! one pass over those counts per group; 300,000 comments of 10 terms in 10 groups take a few
//! tens of milliseconds.
//!
//! ```
//! use persona_core::text::{Doc, Tone, Vocabulary, distinctive_terms, terms};
//!
//! let comments = [
//!     (0, "Used a coupon, great discount on my order"),
//!     (0, "The discount coupon worked, order fine"),
//!     (1, "Delivery was late, order arrived damaged"),
//!     (1, "Late delivery again, order missing"),
//! ];
//! let mut vocabulary = Vocabulary::new();
//! let mut docs = Vec::new();
//! for _ in 0..10 {
//!     for (group, text) in comments {
//!         let ids = terms(text).iter().filter_map(|term| vocabulary.id(term)).collect();
//!         docs.push(Doc { group: Some(group), terms: ids, tone: Tone::Unknown });
//!     }
//! }
//! let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 3, 5);
//! let words = |group: usize| found[group].iter().map(|t| t.term.as_str()).collect::<Vec<_>>();
//! assert!(words(0).starts_with(&["coupon", "discount"]));
//! assert!(words(1).starts_with(&["delivery", "late"]));
//! assert!(!words(0).contains(&"order") && !words(1).contains(&"order"));
//! ```

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// Most distinct terms a [`Vocabulary`] holds; terms met after that are not counted.
pub const MAX_TERMS: usize = 50_000;

/// Shortest token kept as a term, in characters.
const MIN_TERM_CHARS: usize = 3;

/// True for a stop word of English, German, French, Spanish, Italian, Dutch or Portuguese (lowercase input).
///
/// Besides the function words this covers the stems English contractions leave once the apostrophe
/// splits them ("didn", "doesn", "won") and review filler ("also", "just", "really", "very", "get",
/// "got", "would", "could", "one", "two").
pub fn is_stop_word(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().flat_map(|list| list.iter().copied()).collect()).contains(word)
}

/// The terms of one comment, in order of first appearance, each once: lowercased (Unicode-aware),
/// split on anything that is not alphanumeric (apostrophes split too: "l'emballage" -> "emballage",
/// "didn't" -> "didn" which is a stop word), tokens shorter than 3 chars, all-digit tokens and stop words dropped.
///
/// A combining accent is joined to the letter before it when the pair has a precomposed form and
/// dropped otherwise, so decomposed text gives the same terms as composed text.
pub fn terms(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    let mut start = None;
    for (index, c) in lower.char_indices() {
        if c.is_alphanumeric() || is_combining_accent(c) {
            start.get_or_insert(index);
        } else if let Some(from) = start.take() {
            keep_token(&lower[from..index], &mut found);
        }
    }
    if let Some(from) = start {
        keep_token(&lower[from..], &mut found);
    }
    if found.len() > SMALL_COMMENT_TERMS { first_of_each(found) } else { found }
}

/// Up to this many terms, [`keep_term`] drops repeats itself by a linear scan; longer comments are
/// deduplicated at the end through a hash set.
const SMALL_COMMENT_TERMS: usize = 32;

/// Keeps a lowercase run of letters, digits and combining accents as a term if it is one, with its
/// accents composed.
fn keep_token(token: &str, found: &mut Vec<String>) {
    if !token.is_ascii() && token.chars().any(is_combining_accent) {
        keep_term(&compose_accents(token), found);
    } else {
        keep_term(token, found);
    }
}

/// Adds `term` to `found` unless it is too short, all digits, a stop word or already among the
/// first [`SMALL_COMMENT_TERMS`] found.
fn keep_term(term: &str, found: &mut Vec<String>) {
    let is_term = term.chars().count() >= MIN_TERM_CHARS && !term.chars().all(char::is_numeric) && !is_stop_word(term);
    if is_term && !(found.len() <= SMALL_COMMENT_TERMS && found.iter().any(|known| known == term)) {
        found.push(term.to_owned());
    }
}

/// `token` with each combining accent joined to the letter before it where the pair has a
/// precomposed form, and dropped otherwise (also when no letter precedes it).
fn compose_accents(token: &str) -> String {
    let mut composed = String::with_capacity(token.len());
    for c in token.chars() {
        if !is_combining_accent(c) {
            composed.push(c);
        } else if let Some(base) = composed.pop() {
            composed.push(compose(base, c).unwrap_or(base));
        }
    }
    composed
}

/// The first occurrence of each term, in order.
fn first_of_each(mut found: Vec<String>) -> Vec<String> {
    let keep: Vec<bool> = {
        let mut seen = FxHashSet::default();
        found.iter().map(|term| seen.insert(term.as_str())).collect()
    };
    let mut keep = keep.into_iter();
    found.retain(|_| keep.next().unwrap_or(false));
    found
}

/// A combining diacritical mark (U+0300 to U+036F).
fn is_combining_accent(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The precomposed lowercase letter for `base` followed by the combining `accent`, for the accents
/// of the seven stop-word languages.
fn compose(base: char, accent: char) -> Option<char> {
    const GRAVE: char = '\u{300}';
    const ACUTE: char = '\u{301}';
    const CIRCUMFLEX: char = '\u{302}';
    const TILDE: char = '\u{303}';
    const DIAERESIS: char = '\u{308}';
    const RING: char = '\u{30a}';
    const CEDILLA: char = '\u{327}';
    let composed = match (base, accent) {
        ('a', GRAVE) => 'à',
        ('a', ACUTE) => 'á',
        ('a', CIRCUMFLEX) => 'â',
        ('a', TILDE) => 'ã',
        ('a', DIAERESIS) => 'ä',
        ('a', RING) => 'å',
        ('e', GRAVE) => 'è',
        ('e', ACUTE) => 'é',
        ('e', CIRCUMFLEX) => 'ê',
        ('e', DIAERESIS) => 'ë',
        ('i', GRAVE) => 'ì',
        ('i', ACUTE) => 'í',
        ('i', CIRCUMFLEX) => 'î',
        ('i', DIAERESIS) => 'ï',
        ('o', GRAVE) => 'ò',
        ('o', ACUTE) => 'ó',
        ('o', CIRCUMFLEX) => 'ô',
        ('o', TILDE) => 'õ',
        ('o', DIAERESIS) => 'ö',
        ('u', GRAVE) => 'ù',
        ('u', ACUTE) => 'ú',
        ('u', CIRCUMFLEX) => 'û',
        ('u', DIAERESIS) => 'ü',
        ('y', ACUTE) => 'ý',
        ('y', DIAERESIS) => 'ÿ',
        ('n', TILDE) => 'ñ',
        ('c', CEDILLA) => 'ç',
        _ => return None,
    };
    Some(composed)
}

/// Interns terms to ids.
///
/// Ids are dense, from 0 in order of first sight, and at most [`MAX_TERMS`] terms are held, which
/// bounds the memory of [`distinctive_terms`]' counts whatever the input.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    ids: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
}

impl Vocabulary {
    /// An empty vocabulary.
    pub fn new() -> Self {
        Self::default()
    }

    /// Id of a term, adding it when new; None when the vocabulary already holds `MAX_TERMS` terms.
    pub fn id(&mut self, term: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(term) {
            return Some(id);
        }
        if self.terms.len() >= MAX_TERMS {
            return None;
        }
        let id = u32::try_from(self.terms.len()).ok()?;
        self.ids.insert(term.into(), id);
        self.terms.push(term.into());
        Some(id)
    }

    /// The term of an id; the empty string for an id this vocabulary did not give.
    pub fn term(&self, id: u32) -> &str {
        self.terms.get(id as usize).map_or("", |term| term)
    }

    /// Number of terms held.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when no term is held.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// One comment: who wrote it (an index into the groups, or None when its customer is in no group),
/// its distinct term ids, and its tone from the score given on the same row, if any.
///
/// A group index at or past the number of groups counts as no group; a term id the vocabulary did not
/// give is ignored, and a repeated id counts once.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// The group of the comment's customer, if any.
    pub group: Option<u32>,
    /// Ids of the comment's terms in the [`Vocabulary`], each once.
    pub terms: Vec<u32>,
    /// Tone of the score on the comment's row.
    pub tone: Tone,
}

/// Tone of a comment, from the score on its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// A low score.
    Negative,
    /// A score between the negative and positive bands.
    Neutral,
    /// A high score.
    Positive,
    /// No score on the row, or one that is not a number.
    Unknown,
}

/// Tone of a score on a scale whose largest observed value is `scale_max`: scales up to 5: <=2 negative, >=4 positive;
/// up to 10 (NPS 0–10): <=6 negative, >=9 positive; larger (percent): <=60% of the max negative, >=80% positive.
///
/// A score or maximum that is not finite gives [`Tone::Unknown`].
pub fn tone(score: f64, scale_max: f64) -> Tone {
    if !score.is_finite() || !scale_max.is_finite() {
        return Tone::Unknown;
    }
    let (negative, positive) = if scale_max <= 5.0 {
        (score <= 2.0, score >= 4.0)
    } else if scale_max <= 10.0 {
        (score <= 6.0, score >= 9.0)
    } else {
        // score / max <= 0.6 and >= 0.8, multiplied out so that 60 of 100 is exactly on the boundary.
        (score * 5.0 <= scale_max * 3.0, score * 5.0 >= scale_max * 4.0)
    };
    if negative {
        Tone::Negative
    } else if positive {
        Tone::Positive
    } else {
        Tone::Neutral
    }
}

/// A term that sets a group's comments apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistinctiveTerm {
    /// The term, as [`terms`] gives it.
    pub term: String,
    /// The log-odds z-score of the group against all other comments.
    pub z: f64,
    /// Comments of the group that use the term.
    pub group_docs: u32,
    /// The group's comments.
    pub group_total: u32,
    /// Comments of everyone else that use the term.
    pub other_docs: u32,
    /// Everyone else's comments (other groups' and those of customers in no group).
    pub other_total: u32,
    /// Of the group's comments using the term: how many had a negative tone.
    pub negative: u32,
    /// Of the group's comments using the term: how many had a positive tone.
    pub positive: u32,
}

/// Per group and term: comments using the term, and how many of them were negative and positive.
#[derive(Clone, Copy, Debug, Default)]
struct Count {
    docs: u32,
    negative: u32,
    positive: u32,
}

/// For each of `groups` groups, its distinctive terms, strongest first: those with z >= `min_z`
/// (use 1.96 in the doc example), used in at least `min_docs` of the group's comments, at most `limit` per group.
///
/// A term is only reported for a group whose comments use it (even with `min_docs` 0), ties in z
/// are broken by the term's text, and a NaN `min_z` lets nothing through. A group with no comments,
/// or whose comments are all there is, gets an empty list. The method is in the module
/// documentation.
pub fn distinctive_terms(
    docs: &[Doc],
    vocabulary: &Vocabulary,
    groups: usize,
    min_z: f64,
    min_docs: u32,
    limit: usize,
) -> Vec<Vec<DistinctiveTerm>> {
    let mut result = vec![Vec::new(); groups];
    // Only groups that have comments need counts; the others keep their empty list.
    let active = docs.iter().filter_map(|doc| group_index(doc, groups)).max().map_or(0, |group| group + 1);
    let vocabulary_len = vocabulary.len();
    if active == 0 || limit == 0 || vocabulary_len == 0 {
        return result;
    }

    // One pass over the comments: per group and term the comments using it, per term the comments
    // using it overall, per group its comments and its sum of counts.
    let mut counts = vec![Count::default(); active * vocabulary_len];
    let mut overall = vec![0u32; vocabulary_len];
    let mut group_docs = vec![0u32; active];
    let mut group_sum = vec![0u64; active];
    let mut overall_sum = 0u64;
    // The index + 1 of the last comment that counted each term, to count a repeated id once.
    let mut last_doc = vec![0usize; vocabulary_len];
    for (index, doc) in docs.iter().enumerate() {
        let group = group_index(doc, groups);
        if let Some(group) = group {
            group_docs[group] += 1;
        }
        for &term in &doc.terms {
            let term = term as usize;
            if term >= vocabulary_len || last_doc[term] == index + 1 {
                continue;
            }
            last_doc[term] = index + 1;
            overall[term] += 1;
            overall_sum += 1;
            if let Some(group) = group {
                group_sum[group] += 1;
                let count = &mut counts[group * vocabulary_len + term];
                count.docs += 1;
                match doc.tone {
                    Tone::Negative => count.negative += 1,
                    Tone::Positive => count.positive += 1,
                    Tone::Neutral | Tone::Unknown => {}
                }
            }
        }
    }

    let all_docs = u32::try_from(docs.len()).unwrap_or(u32::MAX);
    let min_docs = min_docs.max(1);
    for (group, list) in result.iter_mut().enumerate().take(active) {
        let n_i = group_sum[group] as f64;
        let n_j = (overall_sum - group_sum[group]) as f64;
        let a0 = n_i.min(n_j);
        if a0 <= 0.0 {
            continue;
        }
        let group_counts = &counts[group * vocabulary_len..(group + 1) * vocabulary_len];
        let mut found: Vec<(u32, f64)> = Vec::new();
        for (term, count) in group_counts.iter().enumerate() {
            if count.docs < min_docs {
                continue;
            }
            let total = overall[term];
            let a_w = a0 * f64::from(total) / overall_sum as f64;
            let z = log_odds_z(f64::from(count.docs), n_i, f64::from(total - count.docs), n_j, a_w, a0);
            if z >= min_z && z.is_finite() {
                // `term` < vocabulary_len <= MAX_TERMS, so it fits.
                found.push((term as u32, z));
            }
        }
        let strongest_first = |a: &(u32, f64), b: &(u32, f64)| {
            b.1.total_cmp(&a.1).then_with(|| vocabulary.term(a.0).cmp(vocabulary.term(b.0)))
        };
        if found.len() > limit {
            found.select_nth_unstable_by(limit - 1, strongest_first);
            found.truncate(limit);
        }
        found.sort_unstable_by(strongest_first);
        let group_total = group_docs[group];
        *list = found
            .into_iter()
            .map(|(term, z)| {
                let count = group_counts[term as usize];
                DistinctiveTerm {
                    term: vocabulary.term(term).to_owned(),
                    z,
                    group_docs: count.docs,
                    group_total,
                    other_docs: overall[term as usize] - count.docs,
                    other_total: all_docs.saturating_sub(group_total),
                    negative: count.negative,
                    positive: count.positive,
                }
            })
            .collect();
    }
    result
}

/// The comment's group as an index below `groups`, or None when it is in no (known) group.
fn group_index(doc: &Doc, groups: usize) -> Option<usize> {
    doc.group.map(|group| group as usize).filter(|&group| group < groups)
}

/// The z-score of the log-odds ratio of a term between side i and side j, with prior `a_w` for the
/// term out of a total prior `a0` (see the module documentation); NaN when a side's odds are undefined.
fn log_odds_z(y_i: f64, n_i: f64, y_j: f64, n_j: f64, a_w: f64, a0: f64) -> f64 {
    let rest_i = n_i + a0 - y_i - a_w;
    let rest_j = n_j + a0 - y_j - a_w;
    if rest_i <= 0.0 || rest_j <= 0.0 || a_w <= 0.0 {
        return f64::NAN;
    }
    let delta = ((y_i + a_w) / rest_i).ln() - ((y_j + a_w) / rest_j).ln();
    let variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w);
    delta / variance.sqrt()
}

/// The stop-word lists, each sorted (by bytes) and without repeats; [`is_stop_word`] merges them into one set.
const STOP_WORDS: [&[&str]; 7] = [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, DUTCH, PORTUGUESE];

#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren", "as", "at",
    "back", "be", "because", "been", "before", "being", "between", "bit", "both", "but", "by", "can", "come",
    "could", "couldn", "did", "didn", "do", "does", "doesn", "doing", "don", "down", "during", "each", "else", "even",
    "ever", "every", "few", "finally", "for", "from", "get", "gets", "give", "got", "had", "hadn", "has",
    "hasn", "have", "haven", "having", "he", "her", "here", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "isn", "it", "its", "itself", "just", "let", "lot", "made", "make", "many", "may",
    "me", "might", "more", "most", "much", "must", "mustn", "my", "myself", "no", "nor", "not", "now", "of", "off",
    "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "put", "quite", "really", "said", "same",
    "she", "should", "shouldn", "since", "so", "some", "still", "such", "take", "takes", "than", "that", "the",
    "their", "them", "themselves", "then", "there", "these", "they", "thing", "things", "this", "those", "though",
    "through", "to", "told", "too", "took", "two", "under", "until", "up", "us", "very", "was", "wasn", "we", "well",
    "went", "were", "weren", "what", "when", "where", "which", "while", "who", "why", "will", "with", "won", "would",
    "wouldn", "yes", "yet", "you", "your", "yourself",
];

#[rustfmt::skip]
const GERMAN: &[&str] = &[
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "andere", "anderen", "auch", "auf",
    "aus", "bei", "beim", "bin", "bis", "bist", "da", "damit", "dann", "das", "dass", "dein", "deine", "dem", "den",
    "denn", "der", "des", "dich", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "dir", "doch",
    "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "etwas", "euch", "für",
    "gegen", "gewesen", "hab", "habe", "haben", "hat", "hatte", "hatten", "hier", "hin", "ich", "ihm", "ihn", "ihnen",
    "ihr", "ihre", "ihren", "im", "immer", "in", "ist", "ja", "jede", "jeden", "jeder", "jetzt", "kann", "kein",
    "keine", "keinen", "können", "mal", "man", "mein", "meine", "meinen", "mich", "mir", "mit", "muss", "nach",
    "nicht", "nichts", "noch", "nun", "nur", "ob", "oder", "ohne", "schon", "sehr", "sein", "seine", "seinen", "seit",
    "sich", "sie", "sind", "so", "soll", "sollte", "sondern", "um", "und", "uns", "unser", "unsere", "unter", "viel",
    "vom", "von", "vor", "war", "waren", "warum", "was", "weil", "welche", "wenn", "wer", "werden", "wie", "wieder",
    "will", "wir", "wird", "wo", "wurde", "wurden", "zu", "zum", "zur", "zwischen", "über",
];

#[rustfmt::skip]
const FRENCH: &[&str] = &[
    "ai", "ainsi", "alors", "as", "au", "aucun", "aussi", "autre", "aux", "avait", "avant", "avec", "avez", "avoir",
    "avons", "car", "ce", "ceci", "cela", "celle", "celui", "ces", "cet", "cette", "chez", "comme", "comment", "dans",
    "de", "des", "donc", "dont", "du", "déjà", "elle", "elles", "en", "encore", "entre", "es", "est", "et", "eu",
    "eux", "faire", "fait", "fois", "ici", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais",
    "me", "mes", "moi", "moins", "mon", "même", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "où", "par",
    "parce", "pas", "peu", "peut", "plus", "pour", "pourquoi", "qu", "quand", "que", "quel", "quelle", "quelque",
    "qui", "sa", "sans", "se", "sera", "ses", "si", "son", "sont", "sous", "suis", "sur", "ta", "te", "tes", "toi",
    "ton", "tous", "tout", "toute", "toutes", "très", "tu", "un", "une", "vers", "vos", "votre", "vous", "y", "à",
    "ça", "étaient", "était", "été", "êtes", "être",
];

#[rustfmt::skip]
const SPANISH: &[&str] = &[
    "a", "al", "algo", "algunas", "algunos", "ante", "antes", "aquí", "así", "aunque", "como", "con", "contra", "cual",
    "cuando", "de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre", "era",
    "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estado", "estar", "estas", "este", "esto",
    "estos", "estoy", "está", "están", "fue", "fueron", "ha", "había", "han", "has", "hasta", "hay", "he", "la", "las",
    "le", "les", "lo", "los", "me", "mi", "mis", "mucho", "muchos", "muy", "más", "mí", "nada", "ni", "no", "nos",
    "nosotros", "o", "os", "otra", "otras", "otro", "otros", "para", "pero", "poco", "por", "porque", "que", "quien",
    "quienes", "qué", "se", "sea", "ser", "si", "sido", "sin", "sobre", "son", "su", "sus", "sí", "también", "tan",
    "tanto", "te", "tener", "tengo", "ti", "tiene", "tienen", "todo", "todos", "tu", "tus", "tú", "un", "una", "uno",
    "unos", "vez", "y", "ya", "yo", "él",
];

#[rustfmt::skip]
const ITALIAN: &[&str] = &[
    "a", "ad", "al", "alla", "alle", "allo", "anche", "ancora", "avere", "aveva", "avevo", "c", "che", "chi", "ci",
    "come", "con", "contro", "cosa", "così", "cui", "da", "dal", "dalla", "dalle", "dei", "del", "della", "delle",
    "dello", "di", "dopo", "dove", "e", "ed", "era", "essere", "fa", "fatto", "fino", "già", "gli", "ha", "hanno",
    "ho", "i", "il", "in", "io", "la", "le", "lei", "li", "lo", "loro", "lui", "ma", "me", "mi", "mia", "mie", "miei",
    "mio", "molto", "ne", "nei", "nel", "nella", "nelle", "no", "noi", "non", "nostro", "o", "ogni", "per", "perché",
    "più", "poi", "proprio", "può", "qua", "quale", "quando", "quanto", "quella", "quelle", "quelli", "quello",
    "questa", "queste", "questi", "questo", "qui", "se", "sei", "senza", "si", "sia", "siamo", "solo", "sono", "sta",
    "stata", "stati", "stato", "su", "sua", "sue", "sui", "sul", "sulla", "suo", "suoi", "tra", "tu", "tutti", "tutto",
    "un", "una", "uno", "vi", "voi", "è",
];

#[rustfmt::skip]
const DUTCH: &[&str] = &[
    "aan", "al", "alle", "alles", "als", "ben", "bij", "daar", "dan", "dat", "de", "der", "deze", "die", "dit", "doch",
    "doen", "door", "dus", "echt", "een", "eens", "en", "er", "ge", "geen", "geweest", "haar", "had", "heb", "hebben",
    "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "jij", "jou",
    "jouw", "kan", "kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet",
    "niets", "nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op", "over", "te", "tegen", "toch", "toen",
    "tot", "u", "uit", "uw", "van", "veel", "voor", "waar", "want", "waren", "was", "wat", "we", "wel", "werd", "wie",
    "wij", "wil", "worden", "wordt", "zal", "ze", "zeer", "zei", "zelf", "zich", "zij", "zijn", "zo", "zonder", "zou",
    "één",
];

#[rustfmt::skip]
const PORTUGUESE: &[&str] = &[
    "a", "ainda", "ao", "aos", "aquela", "aquele", "aqui", "aquilo", "as", "assim", "até", "com", "como", "da", "das",
    "de", "dela", "dele", "deles", "depois", "do", "dos", "e", "ela", "elas", "ele", "eles", "em", "entre", "era",
    "eram", "essa", "essas", "esse", "esses", "esta", "estas", "estava", "este", "estes", "estou", "está", "estão",
    "eu", "foi", "foram", "há", "isso", "isto", "já", "lhe", "lhes", "mais", "mas", "me", "mesmo", "meu", "minha",
    "muito", "muitos", "na", "nas", "nem", "no", "nos", "num", "numa", "não", "nós", "o", "onde", "os", "ou", "para",
    "pela", "pelas", "pelo", "pelos", "por", "porque", "pra", "qual", "quando", "que", "quem", "se", "seja", "sem",
    "ser", "seu", "seus", "sou", "sua", "suas", "são", "só", "também", "te", "tem", "ter", "tinha", "todos", "tu",
    "tua", "tudo", "têm", "um", "uma", "umas", "uns", "vai", "você", "vocês", "à", "às", "é",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn terms_of_comments() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   \t\n", &[]),
            ("Qualität", &["qualität"]),
            ("QUALITÄT super", &["qualität", "super"]),
            // Decomposed accents give the same terms as composed ones.
            ("Qualita\u{308}t", &["qualität"]),
            ("livraison tre\u{300}s rapide", &["livraison", "rapide"]),
            ("İstanbul", &["istanbul"]),
            ("l'emballage était abîmé", &["emballage", "abîmé"]),
            ("L’emballage", &["emballage"]),
            ("didn't like it", &["like"]),
            ("Doesn't work, won't refund", &["work", "refund"]),
            ("Ordered 2024-03-01, order #12345", &["ordered", "order"]),
            ("covid19 delays, 3x slower", &["covid19", "delays", "slower"]),
            ("great!!!...price;;;value/quality--(service)", &["great", "price", "value", "quality", "service"]),
            ("love it 😍😍 fast👍shipping", &["love", "fast", "shipping"]),
            ("late late LATE Late", &["late"]),
            ("zebra apple zebra mango apple", &["zebra", "apple", "mango"]),
            ("ok tv go xl", &[]),
            // Length is counted in characters, not bytes.
            ("né ün äöü", &["äöü"]),
            ("Die Lieferung war sehr schnell", &["lieferung", "schnell"]),
            ("El envío está muy bien", &["envío", "bien"]),
            ("A entrega não chegou", &["entrega", "chegou"]),
            ("De bezorging was één dag te laat", &["bezorging", "dag", "laat"]),
            ("La consegna è stata molto lenta", &["consegna", "lenta"]),
            ("١٢٣ ٤٥٦", &[]),
            ("e-mail", &["mail"]),
            // An accent with no letter before it is dropped; one without a precomposed form too.
            ("\u{301}abc x\u{30c}yz", &["abc", "xyz"]),
        ];
        for (text, expected) in cases {
            assert_eq!(terms(text), owned(expected), "terms of {text:?}");
        }
    }

    #[test]
    fn terms_of_long_comments_are_each_kept_once() {
        let words: Vec<String> = (0..40).map(|index| format!("word{index:02}")).collect();
        let text = format!("{} {} {}", words.join(" "), words.join(", "), words[..5].join(" "));
        assert_eq!(terms(&text), words);
        let text = format!("{} word39 word00", words[..33].join(" "));
        let mut expected = words[..33].to_vec();
        expected.push("word39".to_owned());
        assert_eq!(terms(&text), expected);
    }

    #[test]
    fn stop_words_of_each_language() {
        let cases: &[(&str, &[&str])] = &[
            ("english", &["the", "and", "with", "didn", "doesn", "isn", "wasn", "couldn", "wouldn", "won", "don"]),
            ("english contractions", &["haven", "hasn", "aren", "weren", "shouldn"]),
            ("review filler", &["also", "just", "really", "very", "get", "got", "would", "could", "one", "two"]),
            ("german", &["und", "für", "nicht", "über", "sehr", "können", "dass"]),
            ("french", &["très", "avec", "être", "où", "déjà", "ça", "était"]),
            ("spanish", &["está", "también", "porque", "más", "qué", "él"]),
            ("italian", &["perché", "molto", "più", "questo", "così", "già", "può"]),
            ("dutch", &["één", "niet", "zijn", "ook", "omdat", "heeft"]),
            ("portuguese", &["não", "você", "também", "muito", "são", "têm", "às"]),
        ];
        for (language, words) in cases {
            for word in *words {
                assert!(is_stop_word(word), "{language}: {word:?} should be a stop word");
            }
        }
        let content = "delivery coupon discount late quality price qualität lieferung livraison entrega consegna \
                       bezorging emballage refund broken service";
        assert!(!is_stop_word(""));
        for word in content.split_whitespace() {
            assert!(!is_stop_word(word), "{word:?} should not be a stop word");
        }
    }

    #[test]
    fn stop_word_lists_are_sorted_lowercase_and_sized() {
        for list in STOP_WORDS {
            assert!((80..=180).contains(&list.len()), "a list of {} words starting {:?}", list.len(), list[0]);
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{:?} then {:?}: not sorted or repeated", pair[0], pair[1]);
            }
            for word in list {
                assert_eq!(*word, word.to_lowercase(), "{word:?} is not lowercase");
                assert!(word.chars().all(char::is_alphabetic), "{word:?} has a non-letter");
            }
        }
    }

    #[test]
    fn vocabulary_interns_and_caps() {
        let mut vocabulary = Vocabulary::new();
        assert!(vocabulary.is_empty());
        assert_eq!(vocabulary.id("coupon"), Some(0));
        assert_eq!(vocabulary.id("late"), Some(1));
        assert_eq!(vocabulary.id("coupon"), Some(0));
        assert_eq!(vocabulary.len(), 2);
        assert!(!vocabulary.is_empty());
        assert_eq!(vocabulary.term(1), "late");
        assert_eq!(vocabulary.term(2), "");
        assert_eq!(vocabulary.term(u32::MAX), "");

        for index in vocabulary.len()..MAX_TERMS {
            assert!(vocabulary.id(&format!("term{index}")).is_some());
        }
        assert_eq!(vocabulary.len(), MAX_TERMS);
        assert_eq!(vocabulary.id("one-too-many"), None);
        assert_eq!(vocabulary.len(), MAX_TERMS);
        // Known terms still have their ids when full.
        assert_eq!(vocabulary.id("late"), Some(1));
        assert_eq!(vocabulary.term(u32::try_from(MAX_TERMS - 1).unwrap()), format!("term{}", MAX_TERMS - 1));
    }

    #[test]
    fn tone_of_scores() {
        use Tone::{Negative, Neutral, Positive, Unknown};
        let cases: &[(f64, f64, Tone)] = &[
            // 1–5 stars.
            (1.0, 5.0, Negative),
            (2.0, 5.0, Negative),
            (2.5, 5.0, Neutral),
            (3.0, 5.0, Neutral),
            (3.9, 5.0, Neutral),
            (4.0, 5.0, Positive),
            (5.0, 5.0, Positive),
            (2.0, 4.0, Negative),
            (4.0, 4.0, Positive),
            // NPS 0–10.
            (0.0, 10.0, Negative),
            (6.0, 10.0, Negative),
            (6.5, 10.0, Neutral),
            (7.0, 10.0, Neutral),
            (8.0, 10.0, Neutral),
            (9.0, 10.0, Positive),
            (10.0, 10.0, Positive),
            (6.0, 9.0, Negative),
            (9.0, 9.0, Positive),
            // Percent 0–100.
            (0.0, 100.0, Negative),
            (60.0, 100.0, Negative),
            (60.5, 100.0, Neutral),
            (79.9, 100.0, Neutral),
            (80.0, 100.0, Positive),
            (100.0, 100.0, Positive),
            // Other large scales: shares of the maximum.
            (12.0, 20.0, Negative),
            (13.0, 20.0, Neutral),
            (16.0, 20.0, Positive),
            (6.0, 10.5, Negative),
            (8.0, 10.5, Neutral),
            // Not numbers.
            (f64::NAN, 5.0, Unknown),
            (3.0, f64::NAN, Unknown),
            (f64::INFINITY, 10.0, Unknown),
            (3.0, f64::INFINITY, Unknown),
        ];
        for &(score, scale_max, expected) in cases {
            assert_eq!(tone(score, scale_max), expected, "tone({score}, {scale_max})");
        }
    }

    /// Hand-made feedback: group 0 talks about coupons and discounts, group 1 about late
    /// deliveries, customers in no group about products; everyone mentions their order.
    fn corpus() -> (Vec<Doc>, Vocabulary) {
        use Tone::{Negative, Neutral, Positive, Unknown};
        let rows: &[(Option<u32>, &str, Tone)] = &[
            (Some(0), "The coupon gave a great discount on my order", Positive),
            (Some(0), "Coupon code worked, discount applied to the order", Positive),
            (Some(0), "Discount was smaller than the coupon promised", Negative),
            (Some(0), "Love the discount codes, order again soon", Positive),
            (Some(0), "My coupon expired before the order", Negative),
            (Some(0), "Great prices with a coupon", Neutral),
            (Some(0), "Order was fine, discount welcome", Unknown),
            (Some(0), "Coupon and discount, happy with the order", Positive),
            (Some(1), "Delivery was late and the order was cold", Negative),
            (Some(1), "Late delivery again, order arrived damaged", Negative),
            (Some(1), "The delivery came late", Negative),
            (Some(1), "Order fine but delivery late", Neutral),
            (Some(1), "Late late late, delivery guy lost", Negative),
            (Some(1), "Delivery on time for once, great order", Positive),
            (Some(1), "Order arrived late", Negative),
            (Some(1), "Delivery slow, order ok", Neutral),
            (None, "Order arrived, nice product", Positive),
            (None, "Product quality good, order fine", Positive),
            (None, "Great product, order again", Positive),
            (None, "Nice packaging on my order", Unknown),
            (None, "Order was correct", Neutral),
            (None, "Good quality product", Positive),
        ];
        let mut vocabulary = Vocabulary::new();
        let docs = rows
            .iter()
            .map(|&(group, text, tone)| Doc {
                group,
                terms: terms(text).iter().filter_map(|term| vocabulary.id(term)).collect(),
                tone,
            })
            .collect();
        (docs, vocabulary)
    }

    fn words(found: &[DistinctiveTerm]) -> Vec<&str> {
        found.iter().map(|term| term.term.as_str()).collect()
    }

    fn find<'a>(found: &'a [DistinctiveTerm], word: &str) -> &'a DistinctiveTerm {
        found.iter().find(|term| term.term == word).unwrap_or_else(|| panic!("{word:?} not in {:?}", words(found)))
    }

    #[test]
    fn each_group_gets_its_own_words() {
        let (docs, vocabulary) = corpus();
        let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 2, 10);
        assert_eq!(found.len(), 2);
        // "coupon" and "discount" have the same counts, so the same z: the text breaks the tie.
        assert_eq!(words(&found[0]), ["coupon", "discount"]);
        assert_eq!(words(&found[1]), ["delivery", "late"]);
        assert_eq!(found[0][0].z, found[0][1].z);
        assert!(found[1][0].z > found[1][1].z);
    }

    #[test]
    fn counts_and_tones_of_distinctive_terms() {
        let (docs, vocabulary) = corpus();
        let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 2, 10);
        let counts = |term: &DistinctiveTerm| {
            (term.group_docs, term.group_total, term.other_docs, term.other_total, term.negative, term.positive)
        };
        assert_eq!(counts(find(&found[0], "coupon")), (6, 8, 0, 14, 2, 3));
        assert_eq!(counts(find(&found[0], "discount")), (6, 8, 0, 14, 1, 4));
        assert_eq!(counts(find(&found[1], "delivery")), (7, 8, 0, 14, 4, 1));
        // "Late late late" counts once.
        assert_eq!(counts(find(&found[1], "late")), (6, 8, 0, 14, 5, 0));
    }

    #[test]
    fn z_follows_the_formula() {
        let (docs, vocabulary) = corpus();
        let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 2, 10);
        // Group 0 has 34 term uses, everyone else 50; "coupon" is in 6 of group 0's comments and in
        // no other; the prior weighs as much as the smaller side, 34.
        let (y_i, n_i, y_j, n_j) = (6.0_f64, 34.0_f64, 0.0_f64, 50.0_f64);
        let a0 = n_i.min(n_j);
        let a_w = a0 * (y_i + y_j) / (n_i + n_j);
        let delta = ((y_i + a_w) / (n_i + a0 - y_i - a_w)).ln() - ((y_j + a_w) / (n_j + a0 - y_j - a_w)).ln();
        let z = delta / (1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)).sqrt();
        assert!((find(&found[0], "coupon").z - z).abs() < 1e-12, "{} vs {z}", find(&found[0], "coupon").z);
        assert!(z > 1.96);
    }

    #[test]
    fn shared_words_are_not_distinctive() {
        let (docs, vocabulary) = corpus();
        let everything = distinctive_terms(&docs, &vocabulary, 2, f64::NEG_INFINITY, 1, usize::MAX);
        for group in &everything {
            let order = find(group, "order");
            assert!(order.z.abs() < 0.5, "order: z = {}", order.z);
        }
        let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 1, usize::MAX);
        for group in &found {
            assert!(!words(group).contains(&"order"), "{:?}", words(group));
        }
        // The words of one group are not distinctive of the other.
        assert!(everything[1].iter().all(|term| term.term != "coupon" && term.term != "discount"));
        assert!(find(&everything[0], "fine").z < 1.96);
    }

    #[test]
    fn min_docs_and_limit_are_respected() {
        let (docs, vocabulary) = corpus();
        let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 7, 10);
        assert!(found[0].is_empty(), "{:?}", words(&found[0]));
        assert_eq!(words(&found[1]), ["delivery"]);

        let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 2, 1);
        assert_eq!(words(&found[0]), ["coupon"]);
        assert_eq!(words(&found[1]), ["delivery"]);

        let found = distinctive_terms(&docs, &vocabulary, 2, 1.96, 2, 0);
        assert!(found.iter().all(Vec::is_empty));

        let everything = distinctive_terms(&docs, &vocabulary, 2, f64::NEG_INFINITY, 0, usize::MAX);
        for (group, found) in everything.iter().enumerate() {
            assert!(found.iter().all(|term| term.group_docs >= 1), "group {group}");
            assert!(found.windows(2).all(|pair| pair[0].z >= pair[1].z), "group {group} not strongest first");
        }
        let top3 = distinctive_terms(&docs, &vocabulary, 2, f64::NEG_INFINITY, 0, 3);
        for (all, top) in everything.iter().zip(&top3) {
            assert_eq!(&all[..3], &top[..]);
        }
    }

    #[test]
    fn results_are_deterministic() {
        let (docs, vocabulary) = corpus();
        let first = distinctive_terms(&docs, &vocabulary, 2, f64::NEG_INFINITY, 1, usize::MAX);
        assert_eq!(first, distinctive_terms(&docs, &vocabulary, 2, f64::NEG_INFINITY, 1, usize::MAX));
        // The order of the comments and of their term ids does not matter either.
        let mut shuffled: Vec<Doc> = docs.iter().rev().cloned().collect();
        for doc in &mut shuffled {
            doc.terms.reverse();
        }
        assert_eq!(first, distinctive_terms(&shuffled, &vocabulary, 2, f64::NEG_INFINITY, 1, usize::MAX));
        // Equal z are ordered by text.
        for group in &first {
            for pair in group.windows(2) {
                assert!(pair[0].z > pair[1].z || (pair[0].z == pair[1].z && pair[0].term < pair[1].term));
            }
        }
    }

    #[test]
    fn groups_without_comments_get_empty_lists() {
        let (docs, vocabulary) = corpus();
        let found = distinctive_terms(&docs, &vocabulary, 4, 1.96, 1, 10);
        assert_eq!(found.len(), 4);
        assert!(!found[0].is_empty() && !found[1].is_empty());
        assert!(found[2].is_empty() && found[3].is_empty());

        assert!(distinctive_terms(&docs, &vocabulary, 0, 1.96, 1, 10).is_empty());
        assert_eq!(distinctive_terms(&[], &vocabulary, 2, 1.96, 1, 10), vec![Vec::new(), Vec::new()]);
        assert_eq!(distinctive_terms(&docs, &Vocabulary::new(), 2, 1.96, 1, 10), vec![Vec::new(), Vec::new()]);

        // A group that wrote every comment has no one to differ from.
        let alone: Vec<Doc> = docs.iter().cloned().map(|doc| Doc { group: Some(0), ..doc }).collect();
        let found = distinctive_terms(&alone, &vocabulary, 1, f64::NEG_INFINITY, 1, 10);
        assert_eq!(found, vec![Vec::new()]);
    }

    #[test]
    fn exclusive_term_with_more_comments_scores_higher() {
        let mut vocabulary = Vocabulary::new();
        let few = vocabulary.id("rare").unwrap_or_default();
        let many = vocabulary.id("common").unwrap_or_default();
        let filler = vocabulary.id("filler").unwrap_or_default();
        let mut docs = Vec::new();
        for index in 0..50 {
            let mut ids = vec![filler];
            if index < 3 {
                ids.push(few);
            }
            if index < 30 {
                ids.push(many);
            }
            docs.push(Doc { group: Some(0), terms: ids, tone: Tone::Unknown });
            docs.push(Doc { group: None, terms: vec![filler], tone: Tone::Unknown });
        }
        let found = distinctive_terms(&docs, &vocabulary, 1, f64::NEG_INFINITY, 1, 10);
        let (rare, common) = (find(&found[0], "rare"), find(&found[0], "common"));
        assert_eq!((rare.group_docs, rare.other_docs, common.group_docs, common.other_docs), (3, 0, 30, 0));
        assert!(rare.z < common.z, "rare {} common {}", rare.z, common.z);
        assert!(rare.z > 0.0);
        assert!(common.z > 1.96);
        assert_eq!(words(&found[0])[..2], ["common", "rare"]);
    }

    #[test]
    fn odd_docs_are_tolerated() {
        let (docs, vocabulary) = corpus();
        let reference = distinctive_terms(&docs, &vocabulary, 2, f64::NEG_INFINITY, 1, usize::MAX);
        // Repeated and unknown term ids count once and not at all.
        let mut noisy = docs.clone();
        for doc in &mut noisy {
            let again = doc.terms.clone();
            doc.terms.extend(again);
            doc.terms.push(u32::MAX);
            doc.terms.push(u32::try_from(vocabulary.len()).unwrap_or(u32::MAX));
        }
        assert_eq!(reference, distinctive_terms(&noisy, &vocabulary, 2, f64::NEG_INFINITY, 1, usize::MAX));

        // A group index past `groups` counts as no group.
        let mut outside = docs.clone();
        for doc in &mut outside {
            if doc.group.is_none() {
                doc.group = Some(7);
            }
        }
        assert_eq!(reference, distinctive_terms(&outside, &vocabulary, 2, f64::NEG_INFINITY, 1, usize::MAX));

        // A NaN threshold lets nothing through.
        assert!(distinctive_terms(&docs, &vocabulary, 2, f64::NAN, 1, 10).iter().all(Vec::is_empty));
    }

    /// 300,000 comments of 10 terms in 10 groups (and no group), each group with a planted word it
    /// uses three times as often as the others; the planted word must come out first.
    #[test]
    fn large_corpus_finds_planted_words() {
        let mut vocabulary = Vocabulary::new();
        let background: Vec<u32> = (0..2_000).filter_map(|index| vocabulary.id(&format!("word{index:04}"))).collect();
        let planted: Vec<u32> = (0..10).filter_map(|group| vocabulary.id(&format!("planted{group}"))).collect();
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        let docs: Vec<Doc> = (0..300_000)
            .map(|_| {
                let group = u32::try_from(next(11)).unwrap_or(0);
                let group = (group < 10).then_some(group);
                let mut ids: Vec<u32> = (0..10).map(|_| background[next(2_000) as usize]).collect();
                for (other, &word) in planted.iter().enumerate() {
                    let own = group == u32::try_from(other).ok();
                    if next(100) < if own { 15 } else { 5 } {
                        ids.push(word);
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                Doc { group, terms: ids, tone: Tone::Unknown }
            })
            .collect();
        let found = distinctive_terms(&docs, &vocabulary, 10, 1.96, 5, 10);
        for (group, found) in found.iter().enumerate() {
            assert_eq!(found.first().map(|term| term.term.clone()), Some(format!("planted{group}")), "group {group}");
            assert!(found.len() <= 10);
        }
    }
}
