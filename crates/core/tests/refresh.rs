//! Refreshing with next month's export: the sample's controlled drift (a segment that grows,
//! one that splits in two, one that vanishes, one whose spending falls) must each be named,
//! whether the customer ids persist (a consented record) or not (centroids only).

use persona_core::drift::Change;
use persona_core::features::{self, CustomerTable};
use persona_core::ingest::profile_bytes;
use persona_core::refresh::{self, Basis, DriftReport, KeptRun, Record};
use persona_core::sample;
use persona_core::segment::{self, SegmentSettings, Segmentation};

const SALT: u64 = 0x5a17;

struct Month {
    table: CustomerTable,
    truth: Vec<u32>,
    seg: Segmentation,
}

fn months() -> [Month; 2] {
    sample::drifting_months(7).map(|(csv, truth)| {
        let profile = profile_bytes("customers.csv", &csv).expect("profiles").profile;
        let table = features::gather(&[&profile], |_| Ok(&csv[..])).expect("in memory");
        let seg = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).expect("segments");
        Month { table, truth, seg }
    })
}

/// The planted group most of each segment's customers are in.
fn groups(m: &Month) -> Vec<u32> {
    (0..m.seg.k)
        .map(|s| {
            let mut counts = [0usize; sample::DRIFT_GROUPS.len()];
            for (&a, &t) in m.seg.assignment.iter().zip(&m.truth) {
                if a as usize == s {
                    counts[t as usize] += 1;
                }
            }
            (0..counts.len()).max_by_key(|&g| counts[g]).unwrap() as u32
        })
        .collect()
}

fn report(ids: bool) -> (DriftReport, Vec<u32>, Vec<u32>) {
    let [last, this] = months();
    assert_eq!(last.seg.k, 5, "last month's five groups: {}", last.seg.k_reason);
    assert_eq!(this.seg.k, 5, "this month's five groups: {}", this.seg.k_reason);
    let record = |m: &Month, at_most| ids.then(|| Record::new(SALT, &m.table.ids, &m.seg.assignment, at_most));
    let old_record = record(&last, u64::MAX);
    let threshold = old_record.as_ref().map_or(u64::MAX, |r| r.threshold);
    let kept = KeptRun::new("November", &last.seg, &last.seg.view(&last.table), old_record);
    let new_record = record(&this, threshold);
    let view = this.seg.view(&this.table);
    let a = refresh::compare(&kept, &this.table, &this.seg, &view, new_record.as_ref(), "December");
    let b = refresh::compare(&kept, &this.table, &this.seg, &view, new_record.as_ref(), "December");
    assert_eq!(a, b, "the same runs give the same report");
    (a, groups(&last), groups(&this))
}

fn names_each_planted_change(ids: bool) {
    let (r, old_g, new_g) = report(ids);
    let headlines = r.headlines().join("\n");
    let old_of = |g: u32| old_g.iter().position(|&x| x == g).unwrap();
    let new_of = |g: u32| new_g.iter().position(|&x| x == g).unwrap();
    let entry_of_old = |g: u32| r.segments.iter().find(|s| s.old == Some(old_of(g))).unwrap();
    // the steady group continued
    let steady = entry_of_old(0);
    assert_eq!((steady.change, steady.new), (Change::Continued, Some(new_of(0))), "{headlines}");
    // the growing group grew, from 17% to 32% of customers
    let grew = entry_of_old(1);
    assert_eq!((grew.change, grew.new), (Change::Grew, Some(new_of(1))), "{headlines}");
    assert!((grew.share.0 - 1000.0 / 6000.0).abs() < 0.02 && (grew.share.1 - 2000.0 / 6200.0).abs() < 0.02);
    // the splitting group split into the younger and the older half
    let split = entry_of_old(2);
    assert_eq!(split.change, Change::Split, "{headlines}");
    let mut into = split.into.clone();
    into.sort();
    let mut halves = vec![new_of(2), new_of(5)];
    halves.sort();
    assert_eq!(into, halves, "{headlines}");
    assert!(headlines.contains(&format!("{} split into", r.old_labels[old_of(2)])), "{headlines}");
    // the vanishing group vanished
    assert_eq!(entry_of_old(3).change, Change::Vanished, "{headlines}");
    assert!(headlines.contains(&format!("{} vanished", r.old_labels[old_of(3)])), "{headlines}");
    // the group spending less is the same segment, and its spend fell by about 17%
    let less = entry_of_old(4);
    assert_eq!(less.new, Some(new_of(4)), "{headlines}");
    let spend = less.moved.iter().find(|m| m.label.to_lowercase().contains("spend")).expect("spend moved");
    let fall = (spend.new - spend.old) / spend.old;
    assert!((-0.22..=-0.12).contains(&fall), "{fall:.3}: {headlines}");
    assert!(headlines.contains("(−1"), "the fall is told: {headlines}");
    // nothing else is called new
    assert!(r.segments.iter().all(|s| s.change != Change::New || s.from.is_some()), "{headlines}");
}

#[test]
fn with_persisting_ids_the_report_names_growth_a_split_a_vanished_segment_and_falling_spend() {
    names_each_planted_change(true);
    let (r, old_g, new_g) = report(true);
    let Basis::Customers { shared } = r.basis else { panic!("paired by customers: {:?}", r.basis) };
    // 5,200 customers are in both months
    assert!((shared as f64 - 5200.0).abs() < 300.0, "{shared}");
    // flows: the vanished group's customers left, the growing group gained 1,000
    let old_k = r.old_labels.len();
    let new_k = r.new_labels.len();
    let vanishing = old_g.iter().position(|&g| g == 3).unwrap();
    let growing = new_g.iter().position(|&g| g == 1).unwrap();
    assert!((r.flows[vanishing][new_k] as f64 - 800.0).abs() < 120.0, "{:?}", r.flows);
    assert!((r.flows[old_k][growing] as f64 - 1000.0).abs() < 150.0, "{:?}", r.flows);
    // the split group's customers moved to a segment that does not continue theirs: 750 of 5,200
    let moved = r.moved.unwrap();
    assert!((moved - 750.0 / 5200.0).abs() < 0.03, "{moved}");
}

#[test]
fn without_ids_the_report_names_the_same_changes_from_the_centroids() {
    names_each_planted_change(false);
    let (r, _, _) = report(false);
    assert_eq!(r.basis, Basis::Centroids);
    assert_eq!(r.moved, None);
}

#[test]
fn personas_follow_their_segments_keep_their_names_and_edits_and_flag_what_the_data_no_longer_says() {
    use persona_core::deck::{Deck, Field};
    use persona_core::persona::{self, PersonaSettings};
    let [last, this] = months();
    let settings = PersonaSettings::default();
    let mut deck = Deck::new();
    deck.refresh(&persona::drafts(&last.table, &last.seg, &settings), &vec![None; last.seg.k], "November");
    // the user adds a line of their own to every persona's demographics, keeping the data's
    for p in &mut deck.personas {
        let mut lines: Vec<String> = p.list(Field::Demographics).value.into_iter().map(|s| s.text).collect();
        lines.push("Shops near home".into());
        p.set_list(Field::Demographics, &lines.join("\n"));
    }
    let ids: Vec<u64> = deck.personas.iter().map(|p| p.id).collect();
    let names: Vec<String> = deck.personas.iter().map(|p| p.text(Field::Name).value).collect();
    let kept = KeptRun::new("November", &last.seg, &last.seg.view(&last.table), None);
    let view = this.seg.view(&this.table);
    let report = refresh::compare(&kept, &this.table, &this.seg, &view, None, "December");
    let keep = deck.continuing_names(&report.matches);
    deck.refresh(&persona::drafts_keeping(&this.table, &this.seg, &settings, &keep), &report.matches, "December");
    let old_g = groups(&last);
    for (&id, name) in ids.iter().zip(&names) {
        let p = deck.get(id).expect("kept");
        assert_eq!(&p.text(Field::Name).value, name, "a persona keeps its name");
        assert!(p.list(Field::Demographics).value.iter().any(|s| s.text == "Shops near home"), "{name} keeps the edit");
    }
    // the vanished group's persona is detached; the others have a December version
    let of_group = |g: u32| deck.get(ids[old_g.iter().position(|&x| x == g).unwrap()]).expect("kept");
    assert!(of_group(3).detached);
    // and comes after the personas of December's segments
    assert!(deck.personas.last().is_some_and(|p| p.detached));
    assert_eq!(deck.personas.iter().filter(|p| p.detached).count(), 1);
    for g in [0, 1, 2, 4] {
        let p = of_group(g);
        assert_eq!(
            p.versions.iter().map(|v| v.label.as_str()).collect::<Vec<_>>(),
            ["November", "December"],
            "group {g}: detached {} segment {:?} flags {:?}",
            p.detached,
            p.segment,
            p.flags
        );
    }
    // the split group's persona kept an age band the data no longer gives it: flagged; the
    // steady group's was not contradicted
    let split = of_group(2);
    assert!(
        split.flags.iter().any(|f| f.field == Field::Demographics && f.line.to_lowercase().contains("aged")),
        "{:?}",
        split.flags
    );
    assert!(of_group(0).flags.is_empty(), "{:?}", of_group(0).flags);
    // a sixth persona for the half that split off, under a name no other persona has
    assert_eq!(deck.personas.len(), 6);
    let mut all: Vec<String> = deck.personas.iter().map(|p| p.text(Field::Name).value).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 6, "{all:?}");
    // the same segments again, paired with none of the last run's (as after a run that had
    // other segments): each takes its persona back, under its name, and no second one is made
    let none = vec![None; this.seg.k];
    let keep = deck.continuing_names(&none);
    deck.refresh(&persona::drafts_keeping(&this.table, &this.seg, &settings, &keep), &none, "January");
    assert_eq!(deck.personas.len(), 6);
    assert_eq!(deck.personas.iter().filter(|p| p.detached).count(), 1, "only the vanished group's");
    let mut all: Vec<String> = deck.personas.iter().map(|p| p.text(Field::Name).value).collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "no name twice: {all:?}");
}

/// The same export again, one column short (the refreshed export left it out): the report
/// says which feature the last run used and this one could not, and the flows, placing each
/// customer at the last run's nearest centre, do not move anyone for the missing column.
#[test]
fn an_export_missing_a_column_says_so_and_moves_no_one_for_it() {
    let (csv, _) = sample::drifting_months(7).into_iter().next().expect("a month");
    let text = std::str::from_utf8(&csv).expect("utf-8");
    let header: Vec<&str> = text.lines().next().expect("a header").split(',').collect();
    let read = |csv: &[u8]| {
        let profile = profile_bytes("customers.csv", csv).expect("profiles").profile;
        let table = features::gather(&[&profile], |_| Ok(csv)).expect("in memory");
        let seg = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).expect("segments");
        (table, seg)
    };
    let (table, seg) = read(&csv);
    // a numeric column the segments used, left out of the new export
    let gone = header
        .iter()
        .position(|h| seg.features.iter().any(|f| f == &format!("attr_{}", h.to_lowercase())))
        .expect("a column the segments used");
    let cut: String = text
        .lines()
        .map(|l| l.split(',').enumerate().filter(|(i, _)| *i != gone).map(|(_, v)| v).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n");
    let (table2, seg2) = read(cut.as_bytes());
    let kept = KeptRun::new("November", &seg, &seg.view(&table), None);
    let r = refresh::compare(&kept, &table2, &seg2, &seg2.view(&table2), None, "December");
    assert_eq!(r.features.len(), 1, "{:?}", r.features);
    assert!(r.features[0].contains("is not in this export: the last run's segments used it"), "{}", r.features[0]);
    assert!(r.features[0].starts_with(&format!("\u{201c}{}", header[gone])), "{}", r.features[0]);
    // every customer is placed at the last run's centre nearest them on the other features: as
    // far as those still tell the segments apart, each new segment comes from one old one
    let placed: u64 = r.flows.iter().flatten().sum();
    let from_one: u64 = (0..r.new_labels.len()).map(|n| r.flows.iter().map(|row| row[n]).max().unwrap_or(0)).sum();
    assert_eq!(placed, table2.len() as u64);
    assert!(from_one as f64 >= 0.8 * placed as f64, "{from_one} of {placed}: {:?}", r.flows);
}
