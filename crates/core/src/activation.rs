//! Activation: what the app hands to other tools. Here, the personalisation export: a CSV of
//! one row per customer (id, segment, persona, current stage, a message per stage) for an
//! e-mail or CRM tool.
//!
//! **Loyalty incentives** ([`incentives`]): per segment, an offer for each named RFM segment
//! that holds at least [`INCENTIVE_SHARE`] of its customers (early access for Champions, a
//! win-back offer for At Risk, onboarding for New, ...), and one for its buying archetype (a
//! deal-seeker gets member prices rather than blanket discounts), each with the figure that
//! led to it.
//!
//! **Content matrix** ([`content_plan`]): for a persona and each stage of its journey, the
//! message angle (awareness speaks to its strongest motivation, consideration answers its pain
//! point, purchase serves its goal), a tone for its buying archetype, formats that suit the stage,
//! its channels and a call to action; each angle names the persona line it comes from.
//!
//! **The personalisation export** ([`personalisation_csv`]): one row per customer with their
//! segment, persona, current stage and the message for each stage.
//!
//! **Spreadsheet safety.** A cell that a spreadsheet would run as a formula (one that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return: CSV injection) gets a leading `'`, which
//! spreadsheets show as text and do not print; a number such as `-3` is a formula too for some
//! tools, so it is neutralised like any other. Cells with a separator, a quote or a line break
//! are quoted (RFC 4180), and the file starts with a UTF-8 byte order mark so that spreadsheet
//! programs read accents right.

use serde::{Deserialize, Serialize};

use crate::persona::{ArchetypeKind, PersonaDraft, Statement};
use crate::segment::Segment;

/// A named RFM segment holding at least this share of a segment gets its offer.
pub const INCENTIVE_SHARE: f64 = 0.2;

/// An offer and why it is proposed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incentive {
    pub offer: String,
    pub reason: String,
}

/// The offer for customers of a named RFM segment (the standard names), if it has one.
fn rfm_offer(name: &str) -> Option<&'static str> {
    Some(match name {
        "Champions" => "Early access to new products and a reward for every friend they refer",
        "Loyal" => "Points on every order and a members' tier with visible benefits",
        "Potential Loyalists" => "A membership invitation with a bonus on the next two orders",
        "New" => "Onboarding: a welcome series and a discount on the second order",
        "Promising" => "A time-limited offer on the category they bought first",
        "Need Attention" => "Personal recommendations with a small, time-limited incentive",
        "About to Sleep" => "A reminder of what they liked, with a modest discount",
        "At Risk" => "A win-back offer with a clear incentive, sent soon",
        "Can't Lose" => "A personal win-back: a call or a premium offer, before they go",
        "Hibernating" => "One low-cost reactivation message; no paid reminders if there is no answer",
        _ => return None,
    })
}

/// The offer that fits a buying archetype, if one does.
fn archetype_offer(kind: ArchetypeKind) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        ArchetypeKind::DealSeeker => {
            ("Member-only prices instead of blanket discounts", "They order with a discount far more often than others")
        }
        ArchetypeKind::Researcher => ("Buying guides and early reviews for members", "They research before buying"),
        ArchetypeKind::PeerInfluenced => {
            ("A referral programme that rewards both sides", "They come through friends and reviews")
        }
        ArchetypeKind::LoyalRegular => ("A subscription or auto-reorder with a small saving", "They order often"),
        ArchetypeKind::Impulsive => ("Flash offers in the app, one tap to buy", "They decide fast"),
        ArchetypeKind::PremiumBuyer => {
            ("Premium service: free returns, priority support", "They spend well above average")
        }
        ArchetypeKind::Drifting => ("A last-chance offer tied to what they bought", "They have stopped ordering"),
        ArchetypeKind::LapsedRegular => {
            ("A personal win-back offer that thanks them for their history", "They ordered often, then stopped")
        }
        ArchetypeKind::OneTime => ("A reason for a second order, tied to the first", "They have ordered once"),
        ArchetypeKind::Occasional => {
            ("A timely reminder when they are likely to need you again", "They order now and then")
        }
        ArchetypeKind::Steady | ArchetypeKind::Unknown => return None,
    })
}

/// The loyalty incentives of a segment, from its RFM mix and its persona's archetype.
pub fn incentives(segment: &Segment, archetype: Option<ArchetypeKind>) -> Vec<Incentive> {
    let mut out: Vec<Incentive> = Vec::new();
    let mut mix = segment.rfm_mix.clone();
    mix.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (name, share) in mix.iter().filter(|(_, s)| *s >= INCENTIVE_SHARE) {
        if let Some(offer) = rfm_offer(name) {
            out.push(Incentive {
                offer: offer.to_owned(),
                reason: format!("{}% of this segment are {name} in RFM terms", (share * 100.0).round()),
            });
        }
    }
    if let Some((offer, why)) = archetype.and_then(archetype_offer) {
        out.push(Incentive {
            offer: offer.to_owned(),
            reason: format!("{why} ({} buying behaviour)", archetype.map_or("", |a| a.name())),
        });
    }
    out
}

/// One cell of the content matrix: a persona at one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContentCell {
    pub stage: String,
    pub angle: String,
    /// The persona line the angle comes from, with its figure ("" for a stage default).
    pub because: String,
    pub tone: String,
    pub formats: String,
    pub channels: String,
    pub call_to_action: String,
}

fn tone(kind: ArchetypeKind) -> &'static str {
    match kind {
        ArchetypeKind::DealSeeker => "Direct and value-led: the saving first",
        ArchetypeKind::Researcher => "Factual and detailed: specifications, comparisons, proof",
        ArchetypeKind::PeerInfluenced => "Warm, with social proof: what others say",
        ArchetypeKind::LoyalRegular => "Familiar and appreciative: you know them",
        ArchetypeKind::Impulsive => "Short and vivid: one message, one tap",
        ArchetypeKind::PremiumBuyer => "Refined: quality and service before price",
        ArchetypeKind::Drifting => "Personal and low-pressure: remind, do not push",
        ArchetypeKind::LapsedRegular => "Warm and personal: they know you, say what has changed",
        ArchetypeKind::OneTime => "Welcoming: show what else there is for them",
        ArchetypeKind::Occasional => "Helpful and timely: useful when they need it, not often",
        ArchetypeKind::Steady | ArchetypeKind::Unknown => "Clear and friendly",
    }
}

/// The default stage (by [`crate::journey::Stages::default`]'s names) a stage name is, if any.
fn default_stage(name: &str) -> Option<usize> {
    ["awareness", "consideration", "purchase", "retention", "advocacy"]
        .iter()
        .position(|s| name.eq_ignore_ascii_case(s))
}

fn because(s: &Statement) -> String {
    match &s.evidence {
        Some(e) => format!("{} ({})", s.text, e.figure),
        None => s.text.clone(),
    }
}

/// Formats and calls to action of the default stages, in their order.
const FORMATS: [&str; 5] = [
    "Short video, social post, display ad",
    "Comparison guide, reviews, detailed product page",
    "Cart reminder, checkout offer, clear delivery terms",
    "Newsletter, app notification, loyalty update",
    "Referral invitation, review request",
];
const CALLS: [&str; 5] = ["Discover", "Compare", "Buy now", "Reorder", "Refer a friend"];
/// The same for a business whose data has no orders or events (an airline's members, a bank's
/// clients): no cart, no checkout, nothing "bought" to speak of.
const FORMATS_UNSOLD: [&str; 5] = [
    "Short video, social post, display ad",
    "Comparison guide, reviews, questions answered",
    "A clear offer page, a short sign-up or application, what happens next",
    "Newsletter, app notification, member update",
    "Referral invitation, review request",
];
const CALLS_UNSOLD: [&str; 5] = ["Discover", "Compare", "Get started", "See what's new for you", "Refer a friend"];

/// An angle from a persona line (`lead: line`), or `fallback` without one.
fn angle_from<'a>(line: Option<&'a Statement>, lead: &str, fallback: &str) -> (String, Option<&'a Statement>) {
    match line {
        Some(l) => (format!("{lead}: {}", l.text.to_lowercase()), Some(l)),
        None => (fallback.to_owned(), None),
    }
}

/// The content matrix row of a persona: one cell per stage, in the stages' order.
pub fn content_plan(d: &PersonaDraft, stages: &[String]) -> Vec<ContentCell> {
    let kind = d.archetype.kind;
    let channels = {
        let c: Vec<&str> = d.channels.iter().take(3).map(|s| s.text.as_str()).collect();
        if c.is_empty() { "Not in the data: the channels you use for everyone".to_owned() } else { c.join("; ") }
    };
    // (whether they leave is a figure to act on, not words to speak to them with)
    let to_say =
        |s: &&Statement| !s.text.starts_with(crate::persona::LEAVES) && !s.text.starts_with(crate::persona::STAYS);
    let leave = d.pain_points.iter().find(|s| s.text.starts_with(crate::persona::LEAVES));
    // without orders or events the data has no motive, doubt or goal of theirs: the first
    // stages speak to what sets them apart instead, so that no two personas get one text
    let unsold = d.without_orders();
    let (formats, calls) = if unsold { (FORMATS_UNSOLD, CALLS_UNSOLD) } else { (FORMATS, CALLS) };
    // (the lines that set it apart, not those that say what most share with everyone)
    let mut apart = d.attributes.iter().take(d.apart).filter(|s| s.evidence.is_some());
    let (first_apart, second_apart) = if unsold { (apart.next(), apart.next()) } else { (None, None) };
    stages
        .iter()
        .map(|stage| {
            let at = default_stage(stage);
            let (angle, source) = match at {
                Some(0) if unsold && !d.motivations.iter().any(|s| to_say(&s)) => angle_from(
                    first_apart,
                    "Speak to what marks them out",
                    "Introduce the brand and what it stands for",
                ),
                Some(0) => angle_from(
                    d.motivations.iter().find(to_say),
                    "Speak to what moves them",
                    "Introduce the brand and what it stands for",
                ),
                Some(1) if unsold && !d.pain_points.iter().any(|s| to_say(&s)) && d.goals.is_empty() => angle_from(
                    second_apart.or(first_apart),
                    "Show what fits people like them",
                    "Show why this choice is the right one",
                ),
                Some(1) => angle_from(
                    d.pain_points.iter().find(to_say).or_else(|| d.goals.first()),
                    "Answer their doubt",
                    "Show why this choice is the right one",
                ),
                Some(2) => {
                    angle_from(d.goals.first(), "Make it easy to reach their goal", "Remove the last step's friction")
                }
                Some(3) => match leave {
                    Some(l) => ("Give them reasons to stay: more of them leave than of everyone".to_owned(), Some(l)),
                    None if unsold => ("Keep the relationship going: what is new for them".to_owned(), None),
                    None => ("Keep the relationship going with what they bought".to_owned(), None),
                },
                Some(4) => ("Give them something to share".to_owned(), None),
                _ => (format!("Help them through “{stage}”"), None),
            };
            let cta = match at {
                Some(2) if kind == ArchetypeKind::DealSeeker => "Get the member price",
                Some(4) if kind == ArchetypeKind::PeerInfluenced => "Invite a friend, both save",
                Some(i) => calls[i],
                None => "Continue",
            };
            ContentCell {
                stage: stage.clone(),
                angle,
                because: source.map(because).unwrap_or_default(),
                tone: tone(kind).to_owned(),
                formats: at.map_or("The formats that work for this stage", |i| formats[i]).to_owned(),
                channels: channels.clone(),
                call_to_action: cta.to_owned(),
            }
        })
        .collect()
}

/// What the personalisation export says of each segment: its label, its persona's name ("" for
/// a segment without a persona) and the persona's content plan (a cell per stage).
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentPlan {
    pub label: String,
    pub persona: String,
    pub plan: Vec<ContentCell>,
}

/// The personalisation export: one row per customer with their segment, persona, current
/// stage and the message for each stage (the plan's angle and call to action), spreadsheet-safe.
/// `assignment[i]` is customer `i`'s segment, `current[i]` their current stage (if known).
pub fn personalisation_csv(
    ids: &[Box<str>],
    assignment: &[u32],
    current: &[Option<usize>],
    stages: &[String],
    segments: &[SegmentPlan],
) -> String {
    let mut header: Vec<String> = ["customer_id", "segment", "persona", "current_stage"].map(String::from).to_vec();
    header.extend(stages.iter().map(|s| format!("message_{}", s.to_lowercase().replace(' ', "_"))));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = ids.iter().enumerate().map(|(i, id)| {
        let seg = assignment.get(i).and_then(|&a| segments.get(a as usize));
        let mut row = vec![
            id.to_string(),
            seg.map_or(String::new(), |s| s.label.clone()),
            seg.map_or(String::new(), |s| s.persona.clone()),
            current.get(i).copied().flatten().and_then(|c| stages.get(c)).cloned().unwrap_or_default(),
        ];
        for at in 0..stages.len() {
            let cell = seg.filter(|s| !s.persona.is_empty()).and_then(|s| s.plan.get(at));
            row.push(cell.map_or(String::new(), |c| format!("{} — {}", c.angle, c.call_to_action)));
        }
        row
    });
    write_csv(&header, rows)
}

/// One cell, neutralised and quoted as needed.
pub fn csv_cell(value: &str) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky { quoted_cell(&format!("'{value}")) } else { quoted_cell(value) }
}

/// One cell as written, quoted as RFC 4180 asks when it holds a comma, a quote or a line
/// break: for values that must stay as they are (ids to join on).
pub fn quoted_cell(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A whole CSV: the byte order mark, the header, then the rows, CRLF line ends.
pub fn write_csv<R: AsRef<[String]>>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: &mut dyn Iterator<Item = String>| cells.collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(&mut header.iter().map(|h| csv_cell(h))));
    for row in rows {
        out.push_str(&line(&mut row.as_ref().iter().map(|c| csv_cell(c))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment_with(mix: &[(&str, f64)]) -> Segment {
        Segment {
            index: 0,
            label: "Segment 1".into(),
            data_label: None,
            size: 100,
            share: 0.1,
            small: false,
            numbers: Vec::new(),
            levels: Vec::new(),
            distinctions: Vec::new(),
            rfm_mix: mix.iter().map(|(n, s)| (n.to_string(), *s)).collect(),
        }
    }

    #[test]
    fn incentives_follow_the_rfm_position_and_the_buying_behaviour_with_reasons() {
        let s = segment_with(&[("At Risk", 0.45), ("Champions", 0.05), ("Hibernating", 0.3)]);
        let got = incentives(&s, Some(ArchetypeKind::DealSeeker));
        let offers: Vec<&str> = got.iter().map(|i| i.offer.as_str()).collect();
        assert_eq!(
            offers,
            [
                "A win-back offer with a clear incentive, sent soon",
                "One low-cost reactivation message; no paid reminders if there is no answer",
                "Member-only prices instead of blanket discounts",
            ]
        );
        assert_eq!(got[0].reason, "45% of this segment are At Risk in RFM terms");
        assert!(got[2].reason.contains("Deal-seeker"));
        // champions get early access; a segment without RFM or archetype gets nothing made up
        assert!(incentives(&segment_with(&[("Champions", 0.6)]), None)[0].offer.starts_with("Early access"));
        assert!(incentives(&segment_with(&[]), Some(ArchetypeKind::Steady)).is_empty());
    }

    #[test]
    fn the_export_has_a_row_per_customer_and_a_message_per_stage() {
        let stages: Vec<String> = ["Awareness", "Purchase"].map(String::from).to_vec();
        let cell = |stage: &str, angle: &str| ContentCell {
            stage: stage.into(),
            angle: angle.into(),
            because: String::new(),
            tone: String::new(),
            formats: String::new(),
            channels: String::new(),
            call_to_action: "Go".into(),
        };
        let segments = vec![
            SegmentPlan {
                label: "Deal-seekers".into(),
                persona: "=Ana".into(),
                plan: vec![cell("Awareness", "Save"), cell("Purchase", "Pay less")],
            },
            SegmentPlan { label: "Small".into(), persona: String::new(), plan: Vec::new() },
        ];
        let ids: Vec<Box<str>> = vec!["C1".into(), "C2".into()];
        let csv = personalisation_csv(&ids, &[0, 1], &[Some(1), None], &stages, &segments);
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "customer_id,segment,persona,current_stage,message_awareness,message_purchase");
        assert_eq!(lines[1], "C1,Deal-seekers,'=Ana,Purchase,Save — Go,Pay less — Go");
        assert_eq!(lines[2], "C2,Small,,,,");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        for (value, want) in [
            ("Anna", "Anna"),
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("+1", "'+1"),
            ("-3", "'-3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "\"'\r=1\""),
            ("a,b", "\"a,b\""),
            ("two\nlines", "\"two\nlines\""),
            ("Tom \"T\" Lee", "\"Tom \"\"T\"\" Lee\""),
            ("", ""),
        ] {
            assert_eq!(csv_cell(value), want, "{value:?}");
        }
    }

    #[test]
    fn the_export_reads_back_as_it_was_written() {
        let rows = vec![
            vec!["C001".to_owned(), "Segment 1".to_owned(), "=cmd|' /C calc'!A0".to_owned()],
            vec!["C002".to_owned(), "Deal-seekers, mostly".to_owned(), "Save 10% \"now\"".to_owned()],
        ];
        let csv = write_csv(&["customer_id", "segment", "message"], &rows);
        assert!(csv.starts_with('\u{feff}'));
        // our own reader (the app's import) reads the same cells, the formula as text
        let profiled = crate::ingest::profile_bytes("export.csv", csv.as_bytes()).expect("reads");
        assert_eq!(profiled.profile.rows, 2);
        assert_eq!(profiled.profile.skipped_rows, 0);
        let names: Vec<&str> = profiled.profile.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["customer_id", "segment", "message"]);
        let cells = |i: usize| profiled.profile.columns[i].examples.clone();
        assert!(cells(2).contains(&"'=cmd|' /C calc'!A0".to_owned()), "{:?}", cells(2));
        assert!(cells(2).contains(&"Save 10% \"now\"".to_owned()), "{:?}", cells(2));
        assert!(cells(1).contains(&"Deal-seekers, mostly".to_owned()), "{:?}", cells(1));
    }
}
