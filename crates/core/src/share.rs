//! Share links with no server: a persona, or a whole workspace, as text that lives in the URL
//! fragment (`#/share/<text>`), which browsers never send to a server.
//!
//! **Persona links** (`p1.`): the persona as its reader sees it (the user's edits applied, each
//! line with its evidence, the buying-behaviour rule, the words of its feedback, its face and
//! where it comes from) in a compact binary form ([`postcard`]: varint numbers, no field names),
//! deflated with a frozen dictionary of the
//! drafts' phrases in its window and an Adler-32 checksum, in base64url. The binary form is written from structs frozen
//! for their version ([`PersonaV1`]), never from the app's own types, so a link made today opens
//! in every later version of the app; a fixture of each link version stays in the tests. Fields,
//! ages and presentations travel as numbers from tables frozen here too.
//!
//! **Workspace links** (`w1.`): the stored text of a [`Workspace`] (already deflated JSON) with
//! another prefix. Most workspaces are too long for a link; [`workspace_link`] says so and the
//! app offers a file instead.
//!
//! **Opening** checks everything before anything is shown: the prefix and version, base64url,
//! the checksum, the size once inflated (bounded), that the binary form is read to its last
//! byte, and every number against its table. A link that fails any check gives an
//! [`LinkError`] and nothing else, never a partial persona.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

use crate::avatar::{AgeLook, AvatarSpec, Presentation};
use crate::deck::{Edit, Field, Persona};
use crate::persona::{Archetype, ArchetypeKind, Evidence, PersonaDraft, Statement};
use crate::text::DistinctiveTerm;
use crate::workspace::{OpenError, Workspace};

/// Chat and e-mail clients cut links near here (2,048 and 2,083 characters are common limits):
/// a typical persona link should stay below it.
pub const PERSONA_LINK_GOAL: usize = 2_048;
/// The longest link the app offers; a longer one is offered as a file instead.
pub const MAX_LINK: usize = 16_000;
/// The most a persona or journey link may inflate to.
const MAX_PAYLOAD_BYTES: usize = 256 << 10;

/// Why a link could not be opened, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("this is not a Persona Studio link")]
    NotALink,
    #[error("this link was made by a newer version of Persona Studio; reload the app to update it")]
    FromTheFuture,
    #[error("this link is damaged or cut short ({0}); ask for it again, copied whole")]
    Damaged(String),
    #[error("this is too long for a link ({0} characters); export it as a file instead")]
    TooLong(usize),
}

/// What a link holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Shared {
    Persona(Box<Persona>),
    Workspace(Box<Workspace>),
    Journey(Box<JourneyV1>),
}

/// The longest journey link the goal allows: two personas over five stages fit.
pub const JOURNEY_LINK_GOAL: usize = 4_000;

/// A journey map as a link carries it (version 1, frozen: append nothing, change nothing): its
/// title, the stages and, per persona compared, its funnel and its map's cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JourneyV1 {
    pub title: String,
    pub stages: Vec<String>,
    pub personas: Vec<JourneyPersonaV1>,
}

/// One persona of a shared journey map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JourneyPersonaV1 {
    pub name: String,
    /// Its colour (an index into the charts' palette).
    pub colour: u8,
    /// Customers of its segment reaching each stage.
    pub reached: Vec<u64>,
    /// Median seconds from the stage before (0: none).
    pub median: Vec<u32>,
    /// Per stage, the map's cells: goal, actions, touchpoints, emotion (-2 to 2, or empty),
    /// pain points, opportunities.
    pub cells: Vec<Vec<String>>,
}

/// The most stages, personas and cells per stage a journey link may hold.
const MAX_JOURNEY_STAGES: usize = 12;
const MAX_JOURNEY_PERSONAS: usize = 10;
const JOURNEY_CELLS: usize = 6;

impl JourneyV1 {
    /// Checks what a link's bytes hold fits together (a hostile link must not break a page).
    fn check(&self) -> Result<(), LinkError> {
        let bad = |why: &str| Err(LinkError::Damaged(why.to_owned()));
        let n = self.stages.len();
        if n == 0 || n > MAX_JOURNEY_STAGES || self.personas.len() > MAX_JOURNEY_PERSONAS {
            return bad("too many or no stages or personas");
        }
        for p in &self.personas {
            let fits = p.reached.len() == n
                && p.median.len() == n
                && p.cells.len() == n
                && p.cells.iter().all(|c| c.len() == JOURNEY_CELLS);
            if !fits {
                return bad("a persona does not fit its stages");
            }
        }
        Ok(())
    }
}

/// A journey map's link text (`j1.` and its payload), or why it is too long.
pub fn journey_link(j: &JourneyV1) -> Result<String, LinkError> {
    link("j1", j)
}

// ---- the frozen tables of version 1: append only ----

const FIELDS_V1: [Field; 14] = [
    Field::Name,
    Field::Title,
    Field::Summary,
    Field::Quote,
    Field::Story,
    Field::Archetype,
    Field::Notes,
    Field::Demographics,
    Field::Attributes,
    Field::Psychographics,
    Field::Motivations,
    Field::Goals,
    Field::PainPoints,
    Field::Channels,
];
const AGES_V1: [AgeLook; 4] = [AgeLook::Young, AgeLook::Adult, AgeLook::Mature, AgeLook::Senior];
const PRESENTATIONS_V1: [Presentation; 3] = [Presentation::Feminine, Presentation::Masculine, Presentation::Neutral];

/// A persona link's content, version 1. Frozen: a later version gets a new struct.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonaV1 {
    /// (field in [`FIELDS_V1`], value, written by the user) for every text field with a value.
    texts: Vec<(u8, String, bool)>,
    /// (field, lines, written by the user) for every list field with lines.
    lists: Vec<(u8, Vec<LineV1>, bool)>,
    rule: String,
    rule_evidence: Vec<LineV1>,
    also: Vec<String>,
    terms: Vec<TermV1>,
    /// Where it comes from; `None` for a persona made by hand.
    origin: Option<OriginV1>,
    /// seed, age look, presentation, colour
    face: (u64, u8, u8, u8),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct LineV1 {
    text: String,
    /// figure, detail, source (lines that share evidence repeat it: deflate makes a repeat cost
    /// a few bytes, less than a table of evidence and its indices did)
    evidence: Option<(String, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct TermV1 {
    term: String,
    /// z-score in tenths
    z10: i32,
    /// group docs, group total, other docs, other total
    counts: (u32, u32, u32, u32),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct OriginV1 {
    segment: u32,
    label: String,
    customers: u64,
    /// share of all customers, in hundredths of a percent
    share_bp: u32,
}

fn line_v1(s: &Statement) -> LineV1 {
    LineV1 {
        text: s.text.clone(),
        evidence: s.evidence.as_ref().map(|e| (e.figure.clone(), e.detail.clone(), e.source.clone())),
    }
}

fn statement(l: LineV1) -> Statement {
    Statement { text: l.text, evidence: l.evidence.map(|(figure, detail, source)| Evidence { figure, detail, source }) }
}

fn index_of<T: PartialEq>(table: &[T], x: &T) -> u8 {
    table.iter().position(|t| t == x).unwrap_or(0) as u8
}

impl PersonaV1 {
    /// A persona as its reader sees it.
    pub fn new(p: &Persona) -> PersonaV1 {
        let mut texts = Vec::new();
        let mut lists = Vec::new();
        for (i, &field) in FIELDS_V1.iter().enumerate() {
            if field.is_list() {
                let shown = p.list(field);
                if !shown.value.is_empty() || shown.edited {
                    lists.push((i as u8, shown.value.iter().map(line_v1).collect(), shown.edited));
                }
            } else {
                let shown = p.text(field);
                if !shown.value.is_empty() || shown.edited {
                    texts.push((i as u8, shown.value, shown.edited));
                }
            }
        }
        let d = p.draft.as_ref();
        let face = p.avatar();
        let rule_evidence = d.map(|d| d.archetype.evidence.iter().map(line_v1).collect()).unwrap_or_default();
        PersonaV1 {
            texts,
            lists,
            rule: d.map(|d| d.archetype.rule.clone()).unwrap_or_default(),
            rule_evidence,
            also: d.map(|d| d.archetype.also.clone()).unwrap_or_default(),
            terms: d
                .map(|d| {
                    d.terms
                        .iter()
                        .map(|t| TermV1 {
                            term: t.term.clone(),
                            z10: (t.z * 10.0).round() as i32,
                            counts: (t.group_docs, t.group_total, t.other_docs, t.other_total),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            origin: d.map(|d| OriginV1 {
                segment: d.segment as u32,
                label: d.segment_label.clone(),
                customers: d.customers,
                share_bp: (d.share * 10_000.0).round().clamp(0.0, 10_000.0) as u32,
            }),
            face: (
                face.seed,
                index_of(&AGES_V1, &face.age),
                index_of(&PRESENTATIONS_V1, &face.presentation),
                face.colour,
            ),
        }
    }

    /// The persona again: what the user wrote as edits, the rest as the data's draft (a persona
    /// made by hand has no draft). Numbers outside their tables are refused.
    fn into_persona(self) -> Result<Persona, LinkError> {
        let bad = |what: &str| LinkError::Damaged(format!("unknown {what}"));
        let field = |i: u8, list: bool| {
            FIELDS_V1.get(i as usize).copied().filter(|f| f.is_list() == list).ok_or_else(|| bad("field"))
        };
        let (seed, age, presentation, colour) = self.face;
        let avatar = AvatarSpec {
            seed,
            age: *AGES_V1.get(age as usize).ok_or_else(|| bad("age"))?,
            presentation: *PRESENTATIONS_V1.get(presentation as usize).ok_or_else(|| bad("presentation"))?,
            colour,
        };
        let mut edits = BTreeMap::new();
        let mut texts: BTreeMap<Field, String> = BTreeMap::new();
        let mut lists: BTreeMap<Field, Vec<Statement>> = BTreeMap::new();
        for (i, value, edited) in self.texts {
            let f = field(i, false)?;
            if edited || self.origin.is_none() {
                edits.insert(f, Edit::Text(value));
            } else {
                texts.insert(f, value);
            }
        }
        for (i, lines, edited) in self.lists {
            let f = field(i, true)?;
            if edited || self.origin.is_none() {
                edits.insert(f, Edit::List(lines.into_iter().map(|l| l.text).collect()));
            } else {
                lists.insert(f, lines.into_iter().map(statement).collect());
            }
        }
        let rule_evidence: Vec<Statement> = self.rule_evidence.into_iter().map(statement).collect();
        let draft = self.origin.map(|o| {
            let mut text = |f: Field| texts.remove(&f).unwrap_or_default();
            let (name, title, summary, quote, story) =
                (text(Field::Name), text(Field::Title), text(Field::Summary), text(Field::Quote), text(Field::Story));
            let archetype = Archetype {
                kind: ArchetypeKind::Unknown,
                name: text(Field::Archetype),
                rule: self.rule,
                evidence: rule_evidence,
                also: self.also,
            };
            let mut list = |f: Field| lists.remove(&f).unwrap_or_default();
            PersonaDraft {
                segment: o.segment as usize,
                segment_label: o.label,
                customers: o.customers,
                share: f64::from(o.share_bp) / 10_000.0,
                name,
                title,
                avatar,
                summary,
                demographics: list(Field::Demographics),
                attributes: list(Field::Attributes),
                // (which of them set it apart is not in a link)
                apart: 0,
                psychographics: list(Field::Psychographics),
                archetype,
                motivations: list(Field::Motivations),
                goals: list(Field::Goals),
                pain_points: list(Field::PainPoints),
                channels: list(Field::Channels),
                terms: self
                    .terms
                    .into_iter()
                    .map(|t| DistinctiveTerm {
                        term: t.term,
                        z: f64::from(t.z10) / 10.0,
                        group_docs: t.counts.0,
                        group_total: t.counts.1,
                        other_docs: t.counts.2,
                        other_total: t.counts.3,
                        negative: 0,
                        positive: 0,
                    })
                    .collect(),
                story,
                quote,
            }
        });
        Ok(Persona {
            id: 0,
            segment: None,
            avatar_seed: draft.is_none().then_some(seed),
            colour: draft.is_none().then_some(colour),
            draft,
            edits,
            archived: false,
            detached: false,
            versions: Vec::new(),
            flags: Vec::new(),
        })
    }
}

/// Words and phrases that persona texts use, frozen for link version 1: the deflate stream of a
/// persona link starts with these in its window, so a phrase the drafts use costs a few bits.
/// Never change this file; a new dictionary needs a new link version.
const DICT_V1: &[u8] = include_bytes!("share_dict_v1.txt");

/// Raw deflate of `data` with `dict` already in the window, then its Adler-32 (big-endian), in
/// base64url.
fn pack(data: &[u8]) -> String {
    use miniz_oxide::deflate::core::{CompressorOxide, TDEFLFlush, compress, create_comp_flags_from_zip_params};
    let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(10, -15, 0));
    let mut out = vec![0; DICT_V1.len() + 2 * data.len() + 1024];
    let (_, _, primed) = compress(&mut c, DICT_V1, &mut out, TDEFLFlush::Sync);
    let (_, _, n) = compress(&mut c, data, &mut out[primed..], TDEFLFlush::Finish);
    let mut body = out[primed..primed + n].to_vec();
    body.extend(adler2::adler32_slice(data).to_be_bytes());
    URL_SAFE_NO_PAD.encode(body)
}

/// The bytes of a [`pack`]ed text, checked against its checksum and at most `limit` long.
fn unpack(text: &str, limit: usize) -> Result<Vec<u8>, LinkError> {
    let damaged = |why: &str| LinkError::Damaged(why.to_owned());
    let body = URL_SAFE_NO_PAD.decode(text).map_err(|_| damaged("not base64url"))?;
    let (stream, sum) = body.split_at(body.len().checked_sub(4).ok_or_else(|| damaged("too short"))?);
    // the dictionary as stored blocks (not the last), then the link's blocks
    let mut all = Vec::with_capacity(DICT_V1.len() + 16 + stream.len());
    for chunk in DICT_V1.chunks(u16::MAX as usize) {
        let len = chunk.len() as u16;
        all.push(0);
        all.extend(len.to_le_bytes());
        all.extend((!len).to_le_bytes());
        all.extend(chunk);
    }
    all.extend(stream);
    let mut data = miniz_oxide::inflate::decompress_to_vec_with_limit(&all, DICT_V1.len() + limit)
        .map_err(|_| damaged("it does not unpack"))?;
    let data = data.split_off(DICT_V1.len().min(data.len()));
    if adler2::adler32_slice(&data).to_be_bytes() != sum {
        return Err(damaged("its checksum does not match"));
    }
    Ok(data)
}

/// A persona's link text (`p1.` and its payload), or why it is too long.
pub fn persona_link(p: &Persona) -> Result<String, LinkError> {
    link("p1", &PersonaV1::new(p))
}

/// `head.` and the [`pack`]ed postcard of `payload`, or why it is too long for a link.
fn link(head: &str, payload: &impl Serialize) -> Result<String, LinkError> {
    let bytes = postcard::to_allocvec(payload).map_err(|e| LinkError::Damaged(e.to_string()))?;
    let text = format!("{head}.{}", pack(&bytes));
    if text.len() > MAX_LINK { Err(LinkError::TooLong(text.len())) } else { Ok(text) }
}

/// What a [`link`]'s body holds: all of it, and nothing after it.
fn payload<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, LinkError> {
    let bytes = unpack(body, MAX_PAYLOAD_BYTES)?;
    let (value, rest): (T, &[u8]) =
        postcard::take_from_bytes(&bytes).map_err(|_| LinkError::Damaged("unreadable content".into()))?;
    if !rest.is_empty() {
        return Err(LinkError::Damaged("bytes after the end".into()));
    }
    Ok(value)
}

/// A whole workspace's link text (`w1.` and its stored form), or why it is too long. A link
/// never carries the refresh records or their salt (with the salt, an id one can guess could be
/// looked for): who opens it can refresh by the centroids only.
pub fn workspace_link(ws: &Workspace) -> Result<String, LinkError> {
    let stored = ws.leaving_the_browser().to_text();
    let body = stored.split_once('.').map_or("", |(_, b)| b);
    let text = format!("w1.{body}");
    if text.len() > MAX_LINK { Err(LinkError::TooLong(text.len())) } else { Ok(text) }
}

/// Opens a link's text (what follows `#/share/`), checking all of it first.
pub fn open(text: &str) -> Result<Shared, LinkError> {
    let text = text.trim();
    let (head, body) = text.split_once('.').ok_or(LinkError::NotALink)?;
    // the kind is one character, which need not be one byte in a damaged link
    let (kind, version) = head.split_at(head.chars().next().map_or(0, char::len_utf8));
    let version: u32 = version.parse().map_err(|_| LinkError::NotALink)?;
    match (kind, version) {
        ("p", 1) => Ok(Shared::Persona(Box::new(payload::<PersonaV1>(body)?.into_persona()?))),
        ("w", 1) => match Workspace::open(&format!("psw1.{body}")) {
            Ok(ws) => Ok(Shared::Workspace(Box::new(ws))),
            Err(OpenError::FromTheFuture(_)) => Err(LinkError::FromTheFuture),
            Err(e) => Err(LinkError::Damaged(e.to_string())),
        },
        ("j", 1) => {
            let j: JourneyV1 = payload(body)?;
            j.check()?;
            Ok(Shared::Journey(Box::new(j)))
        }
        ("p" | "w" | "j", _) => Err(LinkError::FromTheFuture),
        _ => Err(LinkError::NotALink),
    }
}

/// What common diagramming tools put in their links, for comparison: the same content as
/// JSON with field names, deflated, in base64. Its length in characters.
pub fn json_link_length(p: &Persona) -> usize {
    let json = serde_json::to_vec(&PersonaV1::new(p)).unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&json, 10)).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_link_carries_no_refresh_record_nor_its_salt() {
        use crate::refresh::{FittedModel, KeptRun, Record};
        let ids: Vec<Box<str>> = (0..40).map(|i| format!("C{i:03}").into()).collect();
        let mut ws = Workspace::default();
        ws.refresh.keep_ids = true;
        ws.refresh.salt = 99;
        ws.refresh.last_run = Some(KeptRun {
            label: "November".into(),
            model: FittedModel::default(),
            view: crate::segment::view_of(Vec::new()),
            record: Some(Record::new(99, &ids, &[0; 40], u64::MAX)),
        });
        let Ok(Shared::Workspace(opened)) = open(&workspace_link(&ws).unwrap()) else { panic!("opens") };
        let r = &opened.refresh;
        assert!(!r.keep_ids && r.salt == 0 && r.last_run.as_ref().unwrap().record.is_none());
        assert_eq!(r.last_run.as_ref().unwrap().label, "November", "the model and profiles travel");
    }
    use crate::deck::Deck;

    fn hand_made() -> Persona {
        let mut deck = Deck::new();
        let id = deck.add_blank();
        let p = deck.get_mut(id).unwrap();
        p.set_text(Field::Name, "<img src=x onerror=alert(1)>");
        p.set_list(Field::Goals, "Pay less\nKeep the plan");
        p.clone()
    }

    fn journey() -> JourneyV1 {
        let stages: Vec<String> = ["Awareness", "Consideration", "Purchase", "Advocacy"].map(String::from).to_vec();
        let persona = |name: &str, colour: u8| JourneyPersonaV1 {
            name: name.into(),
            colour,
            reached: vec![400, 300, 120, 30],
            median: vec![0, 86_400, 7_200, 300_000],
            cells: (0..4)
                .map(|s| {
                    vec![
                        format!("Goal at stage {s}: find what fits how they live"),
                        "product_view (41%), compare (22%), review_read (18%)".into(),
                        "social (24%), search (18%), email (14%)".into(),
                        "1".into(),
                        "58.5% do not go on to the next stage".into(),
                        "Answer their doubt: buy what people they trust have tried — Compare".into(),
                    ]
                })
                .collect(),
        };
        JourneyV1 {
            title: "Ariel and Mika".into(),
            stages,
            personas: vec![persona("Ariel Patel", 0), persona("<b>Mika</b>", 3)],
        }
    }

    #[test]
    fn a_journey_map_travels_whole_and_a_broken_one_is_refused() {
        let j = journey();
        let link = journey_link(&j).unwrap();
        assert!(link.starts_with("j1.") && link.len() <= JOURNEY_LINK_GOAL, "{} characters", link.len());
        assert_eq!(open(&link), Ok(Shared::Journey(Box::new(j.clone()))));
        // a persona whose cells do not fit the stages
        let mut bad = j.clone();
        bad.personas[0].cells.pop();
        let link = journey_link(&bad).unwrap();
        assert!(matches!(open(&link), Err(LinkError::Damaged(_))));
        assert_eq!(open("j9.AAAA"), Err(LinkError::FromTheFuture));
        let mut cut = journey_link(&j).unwrap();
        cut.truncate(cut.len() / 2);
        assert!(matches!(open(&cut), Err(LinkError::Damaged(_))));
    }

    #[test]
    fn a_hand_made_persona_travels_whole() {
        let p = hand_made();
        let link = persona_link(&p).unwrap();
        assert!(link.starts_with("p1."));
        let Shared::Persona(back) = open(&link).unwrap() else { panic!("not a persona") };
        for f in Field::all() {
            assert_eq!(back.text(f), p.text(f), "{f:?}");
            assert_eq!(back.list(f), p.list(f), "{f:?}");
        }
        assert_eq!(back.avatar(), p.avatar());
    }

    #[test]
    fn bad_links_say_why_and_give_nothing() {
        let link = persona_link(&hand_made()).unwrap();
        assert_eq!(open("hello"), Err(LinkError::NotALink));
        // found by fuzzing: a first character of two bytes was cut in half
        assert_eq!(open("\u{4a7}p1111~.~~"), Err(LinkError::NotALink));
        assert_eq!(open("x1.abc"), Err(LinkError::NotALink));
        assert_eq!(open(&link.replacen("p1.", "p7.", 1)), Err(LinkError::FromTheFuture));
        assert!(matches!(open(&link[..link.len() - 5]), Err(LinkError::Damaged(_))));
        assert!(matches!(open("p1.%%%"), Err(LinkError::Damaged(_))));
        // content that unpacks but is no persona
        assert!(matches!(open(&format!("p1.{}", pack(b"\x05hello"))), Err(LinkError::Damaged(_))));
        // a persona with bytes after it
        let mut bytes = postcard::to_allocvec(&PersonaV1::new(&hand_made())).unwrap();
        bytes.push(0);
        assert_eq!(open(&format!("p1.{}", pack(&bytes))), Err(LinkError::Damaged("bytes after the end".into())));
        // a field number outside the table
        let mut v1 = PersonaV1::new(&hand_made());
        v1.texts[0].0 = 99;
        let text = format!("p1.{}", pack(&postcard::to_allocvec(&v1).unwrap()));
        assert_eq!(open(&text), Err(LinkError::Damaged("unknown field".into())));
    }

    #[test]
    fn every_changed_character_is_refused_or_harmless() {
        let p = hand_made();
        let link = persona_link(&p).unwrap();
        for at in 3..link.len() {
            let mut bytes = link.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            match open(std::str::from_utf8(&bytes).unwrap()) {
                Err(LinkError::Damaged(_)) => {}
                // only a change in the last digit's unused bits decodes, to the same persona
                Ok(Shared::Persona(back)) => assert_eq!(back.text(Field::Name), p.text(Field::Name), "at {at}"),
                other => panic!("at {at}: {other:?}"),
            }
        }
    }
}
