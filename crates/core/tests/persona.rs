//! Persona drafts end to end on the sample generator's files: one believable, distinct persona per
//! planted segment, every number taken from the segment profile, the text pinned by snapshots.
//!
//! The drafting rules' own edge cases go here too (they need a whole table); the deck's editing
//! model is unit-tested in `deck`.

use persona_core::features::{self, CustomerTable};
use persona_core::ingest::{FileProfile, profile_bytes};
use persona_core::persona::{self, ArchetypeKind, PersonaDraft, PersonaSettings, Statement};
use persona_core::sample::{self, SampleConfig};
use persona_core::segment::{self, SegmentSettings, Segmentation};

fn sample_run(customers: usize, k: usize) -> (CustomerTable, Segmentation) {
    let (files, _) = sample::generate(&SampleConfig { customers, seed: 42 });
    let profiles: Vec<FileProfile> =
        files.iter().map(|(name, bytes)| profile_bytes(name, bytes).expect("profiles").profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(&files[i].1[..])).expect("in memory");
    let settings = SegmentSettings { k: Some(k), ..Default::default() };
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    (table, seg)
}

/// A draft as a reader sees it: every line with its figure.
fn render(d: &PersonaDraft) -> String {
    let mut out = format!("# {} — {}\n{}\n\n> {}\n\n{}\n", d.name, d.title, d.summary, d.quote, d.story);
    let section = |out: &mut String, title: &str, items: &[Statement]| {
        out.push_str(&format!("\n## {title}\n"));
        for s in items {
            match &s.evidence {
                Some(e) => out.push_str(&format!("- {} [{}] ({})\n", s.text, e.figure, e.source)),
                None => out.push_str(&format!("- {}\n", s.text)),
            }
        }
    };
    section(&mut out, "Demographics", &d.demographics);
    section(&mut out, "What sets them apart", &d.attributes);
    section(&mut out, "Interests and values", &d.psychographics);
    out.push_str(&format!("\n## Buying behaviour: {}\nRule: {}\n", d.archetype.name, d.archetype.rule));
    section(&mut out, "Figures", &d.archetype.evidence);
    section(&mut out, "Motivations", &d.motivations);
    section(&mut out, "Goals", &d.goals);
    section(&mut out, "Pain points", &d.pain_points);
    section(&mut out, "Channels", &d.channels);
    out.push_str("\n## Words\n");
    for t in &d.terms {
        out.push_str(&format!(
            "- {} z={:.1} {}/{} -{} +{}\n",
            t.term, t.z, t.group_docs, t.group_total, t.negative, t.positive
        ));
    }
    out
}

#[test]
fn the_sample_gives_six_distinct_believable_personas() {
    let (table, seg) = sample_run(3000, 6);
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    assert_eq!(drafts.len(), 6, "no planted segment is small");
    let mut names: Vec<&str> = drafts.iter().map(|d| d.name.split(' ').next().unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 6, "first names are not repeated");
    let mut surnames: Vec<&str> = drafts.iter().map(|d| d.name.split_once(' ').unwrap().1).collect();
    surnames.sort_unstable();
    surnames.dedup();
    assert_eq!(surnames.len(), 6, "nor surnames");
    let kinds: Vec<ArchetypeKind> = drafts.iter().map(|d| d.archetype.kind).collect();
    for want in
        [ArchetypeKind::DealSeeker, ArchetypeKind::Researcher, ArchetypeKind::LoyalRegular, ArchetypeKind::Drifting]
    {
        assert!(kinds.contains(&want), "{want:?} missing from {kinds:?}");
    }
    for d in &drafts {
        assert!(!d.demographics.is_empty() && !d.psychographics.is_empty() && !d.channels.is_empty(), "{}", d.name);
        assert!(d.story.len() > 120, "a story of a few sentences: {}", d.story);
        assert!(!d.quote.is_empty());
        // every data-derived statement carries its figure and source
        for s in d
            .demographics
            .iter()
            .chain(&d.attributes)
            .chain(&d.psychographics)
            .chain(&d.channels)
            .chain(&d.archetype.evidence)
        {
            let e = s.evidence.as_ref().unwrap_or_else(|| panic!("{}: no evidence", s.text));
            assert!(!e.figure.is_empty() && !e.source.is_empty() && !e.detail.is_empty(), "{e:?}");
        }
    }
    // the drifting segment complains, in its own words, about late deliveries
    let drifting = drafts.iter().find(|d| d.archetype.kind == ArchetypeKind::Drifting).unwrap();
    let pains: Vec<&str> = drifting.pain_points.iter().map(|s| s.text.as_str()).collect();
    assert!(
        pains.iter().any(|p| p.contains("“late”") || p.contains("“delivery”") || p.contains("“refund”")),
        "{pains:?}"
    );
    let deal = drafts.iter().find(|d| d.archetype.kind == ArchetypeKind::DealSeeker).unwrap();
    let words: Vec<&str> = deal.terms.iter().map(|t| t.term.as_str()).collect();
    assert!(words.iter().any(|w| ["coupon", "discount", "deals", "codes", "cheaper"].contains(w)), "{words:?}");
}

#[test]
fn every_figure_is_the_segment_profile_s() {
    let (table, seg) = sample_run(3000, 6);
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    for d in &drafts {
        let s = &seg.segments[d.segment];
        assert_eq!((d.customers, d.share), (s.size, s.share));
        // interests: "78% · 3.9×" is the level's share and lift
        for st in &d.psychographics {
            let level = s
                .levels
                .iter()
                .find(|l| l.feature == "interests" && l.level.eq_ignore_ascii_case(&st.text))
                .unwrap_or_else(|| panic!("{} is no interest level", st.text));
            let want = format!("{} · {}", persona::pct(level.share), persona::times(level.lift));
            assert_eq!(st.evidence.as_ref().unwrap().figure, want);
        }
        // the channel lines are the order channel and touchpoint mixes
        for st in &d.channels {
            let level = s
                .levels
                .iter()
                .find(|l| {
                    let feature = if st.text.starts_with("Orders via") { "order_channel" } else { "touchpoint" };
                    l.feature == feature && st.text.ends_with(&format!(" {}", l.level))
                })
                .unwrap_or_else(|| panic!("{} is no channel level", st.text));
            assert!(st.evidence.as_ref().unwrap().figure.starts_with(&persona::pct(level.share)));
        }
        // the discount figure of a deal-seeker is the share of the segment's orders with one
        if d.archetype.kind == ArchetypeKind::DealSeeker {
            let (mut orders, mut discounted) = (0, 0);
            for (o, &c) in table.orders.iter().zip(&seg.assignment) {
                if let Some(o) = o.filter(|_| c as usize == d.segment) {
                    (orders, discounted) = (orders + o.orders, discounted + o.discounted);
                }
            }
            assert_eq!(
                d.archetype.evidence[0].evidence.as_ref().unwrap().figure,
                format!("{} discounted", persona::pct(f64::from(discounted) / f64::from(orders)))
            );
        }
    }
}

#[test]
fn drafts_are_deterministic_and_the_seed_varies_the_wording() {
    let (table, seg) = sample_run(1200, 6);
    let a = persona::drafts(&table, &seg, &PersonaSettings { seed: 1 });
    let b = persona::drafts(&table, &seg, &PersonaSettings { seed: 1 });
    let c = persona::drafts(&table, &seg, &PersonaSettings { seed: 2 });
    assert_eq!(a, b);
    assert_ne!(a.iter().map(|d| &d.name).collect::<Vec<_>>(), c.iter().map(|d| &d.name).collect::<Vec<_>>());
    // the facts do not depend on the seed
    for (x, y) in a.iter().zip(&c) {
        assert_eq!(x.demographics, y.demographics);
        assert_eq!(x.archetype, y.archetype);
    }
}

#[test]
fn small_segments_get_no_persona() {
    let (table, seg) = sample_run(600, 6);
    let mut seg = seg;
    seg.segments[0].small = true;
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    assert_eq!(drafts.len(), 5);
    assert!(drafts.iter().all(|d| d.segment != 0));
}

#[test]
fn persona_text_snapshot() {
    let (table, seg) = sample_run(3000, 6);
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let text: Vec<String> = drafts.iter().map(render).collect();
    insta::assert_snapshot!(text.join("\n\n"));
}

/// Data with no segments in it: one persona describes everyone. It says what they are like
/// (their tags, "mostly Standard Class") without calling a tag everyone has a motivation, a
/// motto or their quote, and without a value most have being what sets them apart.
#[test]
fn what_everyone_shares_is_not_told_as_what_sets_a_persona_apart() {
    let mut text = String::from("Email,Tags,Ship Mode,Lifetime Value\n");
    for i in 0..400 {
        let tags = if i % 5 < 3 { "\"Member, Newsletter\"" } else { "Member" };
        let ship = if i % 10 < 6 { "Standard Class" } else { "Second Class" };
        text.push_str(&format!("c{i}@example.org,{tags},{ship},{}\n", 40 + i % 17));
    }
    let f = profile_bytes("customers.csv", text.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(1), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    assert_eq!(drafts.len(), 1);
    let d = &drafts[0];
    let said = |items: &[Statement]| items.iter().any(|s| s.text.to_lowercase().contains("newsletter"));
    assert!(said(&d.psychographics), "their tags are still told: {}", render(d));
    assert!(!said(&d.motivations), "a tag everyone has is no motivation: {}", render(d));
    assert!(!d.quote.to_lowercase().contains("newsletter") && !d.summary.contains("into "), "{}", render(d));
    let ship: Vec<&str> = d.attributes.iter().map(|s| s.text.as_str()).filter(|t| t.starts_with("Ship Mode")).collect();
    assert_eq!(ship, ["Ship Mode: mostly Standard Class (60%)"], "{}", render(d));
}

/// A course platform's students, a third of whom never bought: the segment of those who never
/// did is not called "Steady shopper" ("I buy what I need, when I need it").
#[test]
fn customers_who_never_bought_are_no_shoppers() {
    let mut customers = String::from("customer_id,plan\n");
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    for c in 0..600 {
        customers.push_str(&format!("S{c:04},{}\n", ["free", "pro"][c % 2]));
        if c % 3 != 0 {
            for o in 0..1 + c % 4 {
                orders.push_str(&format!(
                    "O{c}-{o},S{c:04},2024-{:02}-{:02},{}.00\n",
                    1 + (c + o) % 12,
                    1 + c % 28,
                    20 + c % 90
                ));
            }
        }
    }
    let files = [("students.csv", customers), ("transactions.csv", orders)];
    let profiles: Vec<FileProfile> =
        files.iter().map(|(n, t)| profile_bytes(n, t.as_bytes()).expect("profiles").profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(files[i].1.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(3), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    // the segment whose customers have no order at all
    let orders_of = |s: usize| seg.segments[s].numbers.iter().find(|n| n.feature == "frequency").map(|n| n.mean);
    let never = drafts.iter().find(|d| orders_of(d.segment).is_some_and(f64::is_nan)).expect("a segment of non-buyers");
    assert_eq!(never.archetype.kind, ArchetypeKind::Unknown, "{}: {}", never.archetype.name, never.archetype.rule);
    assert!(never.archetype.rule.starts_with("None of them has an order"), "{}", never.archetype.rule);
    assert!(!never.quote.contains("I buy"), "{}", never.quote);
    assert!(drafts.iter().any(|d| d.archetype.kind != ArchetypeKind::Unknown), "the buyers' segments are shoppers");
}

/// A title made of a trait's level reads once: "The business customer", not "The business
/// customer customer"; a class letter (`D`) makes no title.
#[test]
fn a_title_from_a_level_that_says_customer_says_it_once() {
    let mut text = String::from("CLIENTNUM,Customer_Type,Class,Credit_Limit,Months_on_book,Gender\n");
    for i in 0..300u64 {
        let left = i % 3 == 0;
        let flag = if left { "Business Customer" } else { "Private Customer" };
        let class = if left { "D" } else { ["A", "B", "C"][(i % 9 / 3) as usize] };
        let limit = if left { 1_500 + i % 200 } else { 9_000 + (i * 37) % 3_000 };
        let gender = if left == (i % 10 != 0) { "F" } else { "M" };
        text.push_str(&format!("{},{flag},{class},{limit},{},{gender}\n", 708_000_000 + i * 7_919, 20 + i % 30));
    }
    let file = profile_bytes("BankChurners.csv", text.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&file], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(2), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
    assert!(titles.contains(&"The business customer"), "{titles:?}");
    // a gender written as a letter is said in words
    let genders: Vec<&str> =
        drafts.iter().flat_map(|d| &d.demographics).map(|s| s.text.as_str()).filter(|t| t.contains("male")).collect();
    assert!(genders.contains(&"Mostly female") && genders.contains(&"Mostly male"), "{genders:?}");
    assert!(titles.iter().all(|t| !t.ends_with("customer customer") && *t != "The d customer"), "{titles:?}");
}

/// A title says a kind of customer in the data's words: an acronym as written ("The DSL
/// customer"); a code or a value that says nothing of them makes none, and a number that sets
/// the segment apart does ("The customer with high Cards").
#[test]
fn a_title_says_a_kind_of_customer_not_a_code() {
    for (service, cards, want) in [
        ("DSL", 2, "The DSL customer"),
        ("skw", 9, "The customer with high Cards"),
        ("heinz32", 9, "The customer with high Cards"),
        ("unknown", 9, "The customer with high Cards"),
        ("failure", 1, "The customer with low Cards"),
    ] {
        // (and a class coded 1 to 3, which sets the segment apart most but is no amount)
        let mut text = String::from("ID,Service,Cards,Class,Region\n");
        for i in 0..300u64 {
            let ours = i % 3 == 0;
            let level = if ours { service } else { ["Fiber", "Cable"][(i % 2) as usize] };
            let n = if ours { cards * 2 + i / 3 % 3 } else { 6 + i / 3 % 3 };
            let class = if ours { 3 } else { 1 };
            text.push_str(&format!("{},{level},{n},{class},{}\n", 1_000 + i, ["North", "South"][(i % 2) as usize]));
        }
        let file = profile_bytes("accounts.csv", text.as_bytes()).expect("profiles").profile;
        let table = features::gather(&[&file], |_| Ok(text.as_bytes())).expect("in memory");
        let seg = segment::run(&table, &SegmentSettings { k: Some(2), ..Default::default() }, &mut |_, _, _| {})
            .expect("segments");
        let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
        let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
        assert!(titles.contains(&want), "{service}: {titles:?}");
    }
}

/// One file's customers in three segments, and their personas.
fn three_segments_of(name: &str, text: &str) -> (CustomerTable, Segmentation, Vec<PersonaDraft>) {
    let file = profile_bytes(name, text.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&file], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(3), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    (table, seg, drafts)
}

/// The persona of the customer `id`'s segment.
fn persona_of<'a>(table: &CustomerTable, seg: &Segmentation, drafts: &'a [PersonaDraft], id: &str) -> &'a PersonaDraft {
    let i = table.ids.iter().position(|x| &**x == id).expect("a customer");
    drafts.iter().find(|d| d.segment == seg.assignment[i] as usize).expect("a persona")
}

/// A shop's regulars who ordered every month of one year and then stopped are the customers a
/// shop most wants back (RFM's "at risk"): they are called lapsed regulars, not steady shoppers,
/// and the regulars still ordering stay loyal regulars.
#[test]
fn regulars_who_stopped_ordering_are_lapsed_regulars() {
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    for c in 0..600 {
        // a third stopped after 2023, a third still orders every month, a third ordered twice
        let (year, months): (u32, &[u32]) = match c % 3 {
            0 => (2023, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            1 => (2024, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            _ => (2024, &[3, 9]),
        };
        for m in months {
            orders.push_str(&format!("O{c}-{m},C{c:04},{year}-{m:02}-{:02},{}.50\n", 1 + c % 28, 30 + c % 25));
        }
    }
    let (table, seg, drafts) = three_segments_of("orders.csv", &orders);
    let of = |id: &str| persona_of(&table, &seg, &drafts, id);
    let (stopped, ordering) = (of("C0000"), of("C0001"));
    assert_ne!(stopped.segment, ordering.segment);
    assert_eq!(stopped.archetype.kind, ArchetypeKind::LapsedRegular, "{}", stopped.archetype.rule);
    assert_eq!(stopped.title, "The lapsed regular");
    assert_eq!(ordering.archetype.kind, ArchetypeKind::LoyalRegular, "{}", ordering.archetype.rule);
    // the figures behind it: 12 orders each, against 8.7 for everyone
    let figures: Vec<&str> = stopped.archetype.evidence.iter().map(|s| s.text.as_str()).collect();
    assert!(figures[0].starts_with("Orders per customer: 12 against 8.7"), "{figures:?}");
    assert!(figures[1].starts_with("Days since the last order"), "{figures:?}");
}

/// Two personas are never told apart by their names alone: two segments of one-time buyers, one
/// of big orders and one of small ones, are "The one-time buyer (bigger orders)" and "The
/// one-time buyer (smaller orders)", each true of its segment against the other.
#[test]
fn personas_of_the_same_kind_are_titled_apart() {
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    for c in 0..900 {
        match c % 3 {
            // one order each in June, of about 300 or about 20
            0 => orders.push_str(&format!("O{c},C{c:04},2024-06-{:02},{}.00\n", 1 + c % 28, 280 + c % 40)),
            1 => orders.push_str(&format!("O{c},C{c:04},2024-06-{:02},{}.00\n", 1 + c % 28, 15 + c % 10)),
            // and regulars, who order every month
            _ => {
                for m in 1..=12 {
                    orders.push_str(&format!("O{c}-{m},C{c:04},2024-{m:02}-{:02},{}.00\n", 1 + c % 28, 40 + c % 30));
                }
            }
        }
    }
    let (table, seg, drafts) = three_segments_of("orders.csv", &orders);
    let of = |id: &str| persona_of(&table, &seg, &drafts, id);
    let (big, small) = (of("C0000"), of("C0001"));
    assert_eq!((big.archetype.kind, small.archetype.kind), (ArchetypeKind::OneTime, ArchetypeKind::OneTime));
    assert_eq!(big.title, "The one-time buyer (bigger orders)");
    assert_eq!(small.title, "The one-time buyer (smaller orders)");
    assert_eq!(of("C0002").title, "The loyal regular", "a title no other persona has is left as it is");
}

/// Customers told apart only by yes/no columns (CatalogCrossSell's divisions) have no kind or
/// amount to title them by: each persona is titled by what its segment's label says, never
/// "The customer" three times.
#[test]
fn personas_with_nothing_to_title_them_by_are_titled_by_their_segment() {
    let mut text = String::from("ID,Garden,Jewelry,Automotive\n");
    for i in 0..600u64 {
        let yes = |b: bool| if b { "yes" } else { "no" };
        let g = i % 3;
        // each third buys in one division (and now and then in another)
        text.push_str(&format!("{},{},{},{}\n", 1_000 + i, yes(g == 0 || i % 11 == 0), yes(g == 1), yes(g == 2)));
    }
    let (_, seg, drafts) = three_segments_of("members.csv", &text);
    let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles.len(), 3);
    for d in &drafts {
        let first = seg.segments[d.segment].label.split(", ").next().unwrap().to_owned();
        assert_eq!(d.title, format!("The customer — {first}"), "{titles:?}");
    }
    assert!(titles.iter().any(|t| t.contains("Jewelry: yes")), "{titles:?}");
    assert_eq!(titles.iter().collect::<std::collections::BTreeSet<_>>().len(), 3, "{titles:?}");
}

/// A `Gender` written 0/1 (the Charles Book Club's members) does not say which gender 1 is: a
/// persona says the code, never "Mostly yes".
#[test]
fn a_gender_written_zero_or_one_is_said_as_its_code() {
    let mut text = String::from("ID#,Gender,M,R,F\n");
    for i in 0..300u64 {
        let ours = i % 3 == 0;
        let gender = u64::from(if ours { i % 10 != 0 } else { i % 10 == 0 });
        let (m, f) = if ours { (300 + i % 50, 8 + i % 3) } else { (40 + i % 30, 1 + i % 2) };
        text.push_str(&format!("{},{gender},{m},{},{f}\n", 1_000 + i, 2 + i % 20));
    }
    let file = profile_bytes("members.csv", text.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&file], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(2), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let genders: Vec<&str> =
        drafts.iter().flat_map(|d| &d.demographics).map(|s| s.text.as_str()).filter(|t| t.contains("ender")).collect();
    assert!(genders.contains(&"Gender mostly coded 1") && genders.contains(&"Gender mostly coded 0"), "{genders:?}");
    let all = serde_json::to_string(&drafts).unwrap();
    assert!(!all.contains("Mostly yes") && !all.contains("Mostly no"), "{all}");
}

/// A shop most of whose customers ordered once (as in many a marketplace's orders): the
/// segments of customers who all ordered once are one-time buyers, not steady shoppers, and
/// their story does not say that other customers order again.
#[test]
fn one_time_buyers_in_a_base_of_one_time_buyers_are_named_so() {
    let mut csv = String::from("order_id,customer_id,order_date,amount,channel\n");
    let mut order = 0;
    for c in 0..900 {
        let (orders, amount) = if c % 7 == 0 { (2 + c % 3, 80 + c % 50) } else { (1, 20 + c % 30) };
        for o in 0..orders {
            order += 1;
            let channel = if c % 2 == 0 { "web" } else { "app" };
            let day = 1 + (c * 7 + o * 5) % 28;
            csv.push_str(&format!("{order},C{c},2024-{:02}-{day:02},{amount}.00,{channel}\n", 1 + (c + o) % 12));
        }
    }
    let profile = profile_bytes("orders.csv", csv.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&profile], |_| Ok(csv.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(3), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let mut once = 0;
    for d in &drafts {
        let orders = seg.segments[d.segment].numbers.iter().find(|p| p.feature == "frequency").expect("orders");
        assert!(orders.overall_mean < 1.5, "most ordered once: {}", orders.overall_mean);
        if orders.mean <= 1.05 {
            once += 1;
            assert_eq!(d.archetype.kind, ArchetypeKind::OneTime, "{}: {} orders", d.title, orders.mean);
        }
        assert!(!d.story.contains("where other customers order again"), "{}", d.story);
    }
    assert!(once > 0, "a segment of customers who ordered once");
}

/// A segment whose incomes spread evenly over the lower quarters of everyone's is not said to be
/// "most often" in one of them by a point or two, and one whose ages are only half in a band is
/// "most often" that age, with its share, not "aged" it.
#[test]
fn a_band_ahead_by_a_point_is_no_most_often() {
    let mut text = String::from("customer_id,Age,Income,Visits\n");
    for i in 0..400u64 {
        let top = i % 4 == 0;
        let income = if top { 200 + i % 40 } else { [20, 50, 80][(i / 4 % 3) as usize] + i % 5 };
        let age = if top {
            30 + i % 30
        } else if i % 20 < 11 {
            58 + i % 5
        } else {
            47 + i % 5
        };
        let visits = if top { 2 + i % 3 } else { 20 + i % 4 };
        text.push_str(&format!("C{i},{age},{income},{visits}\n"));
    }
    let file = profile_bytes("customers.csv", text.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&file], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(2), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let spread = persona_of(&table, &seg, &drafts, "C1");
    let lines: Vec<&str> = spread.demographics.iter().map(|s| s.text.as_str()).collect();
    let income = lines.iter().find(|t| t.starts_with("Income")).expect("an income line");
    assert!(income.starts_with("Income split between the "), "{lines:?}");
    let age = lines.iter().find(|t| t.contains("aged") || t.contains("Aged")).unwrap_or_else(|| panic!("{lines:?}"));
    assert!(age.starts_with("Most often aged") && age.ends_with("%)"), "{lines:?}");
}
