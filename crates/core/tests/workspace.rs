//! Keeping and sharing on the sample's real run: a saved workspace holds no customer's values
//! and opens as it was, every version ever written keeps opening, and persona links are short
//! enough for chat and e-mail.
//!
//! The stored text's and the links' own edge cases (damage, hostile input) are unit-tested in
//! `workspace` and `share`; fixtures of each released version live in `tests/fixtures/`.

use persona_core::deck::{Deck, Field};
use persona_core::features::{self, CustomerTable};
use persona_core::import::ImportSession;
use persona_core::ingest::{FileProfile, profile_bytes};
use persona_core::persona::{self, PersonaSettings};
use persona_core::sample::{self, SampleConfig};
use persona_core::segment::{self, SegmentSettings};
use persona_core::share::{self, PERSONA_LINK_GOAL, Shared};
use persona_core::workspace::{MIN_GROUP, Workspace};

/// The workspace a user has after "Try with sample data", Segments and Personas.
fn sample_workspace(customers: usize) -> (Workspace, Vec<(&'static str, Vec<u8>)>) {
    let (files, _) = sample::generate(&SampleConfig { customers, seed: 42 });
    let mut session = ImportSession::new();
    for (name, bytes) in &files {
        session.add(profile_bytes(name, bytes).expect("profiles"));
    }
    let summary = session.summary();
    let profiles: Vec<FileProfile> = summary.files.clone();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table: CustomerTable = features::gather(&refs, |i| Ok(&files[i].1[..])).expect("in memory");
    let settings = SegmentSettings::default();
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let mut deck = Deck::new();
    deck.refresh(&drafts, &vec![None; seg.k], "run");
    let view = seg.view(&table);
    (Workspace::new("Sample", &summary, Some(&settings), Some(&view), &deck), files)
}

#[test]
fn a_saved_workspace_keeps_no_customers_values() {
    let (ws, files) = sample_workspace(2000);
    let json = serde_json::to_string(&ws).unwrap();
    // every customer id, e-mail and name of the customers file is absent from what is kept
    let customers = std::str::from_utf8(&files[0].1).unwrap();
    let header: Vec<&str> = customers.lines().next().unwrap().split(',').collect();
    let identifying: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| ["customer_id", "email", "name", "first_name", "last_name"].contains(h))
        .map(|(i, _)| i)
        .collect();
    assert!(!identifying.is_empty(), "the sample has identifying columns: {header:?}");
    for line in customers.lines().skip(1).take(500) {
        let fields: Vec<&str> = line.split(',').collect();
        for &i in &identifying {
            let v = fields[i];
            assert!(!json.contains(&format!("\"{v}\"")), "{} value {v} was kept", header[i]);
        }
    }
    for c in ws.files.files.iter().flat_map(|f| &f.columns) {
        assert!(c.examples.is_empty());
        assert!(c.top_values.iter().all(|(_, n)| *n >= MIN_GROUP), "{}", c.name);
    }
    assert!(ws.segmentation.as_ref().is_some_and(|s| s.scatter.is_empty()), "no per-customer points");
    assert_eq!(ws.persona_count(), 6, "the six planted segments' personas are kept");
}

/// Equal, but for the last bit of a decimal number: serde_json reads numbers fast rather than
/// to the last bit (exact reading would cost the page's first load some 9 KB).
fn assert_same(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{at}: {x} against {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                assert_same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (k, v) in x {
                assert_same(v, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

#[test]
fn a_saved_workspace_opens_as_it_was() {
    let (ws, _) = sample_workspace(2000);
    let text = ws.to_text();
    let back = Workspace::open(&text).unwrap();
    assert_eq!(back.deck, ws.deck, "personas and edits exactly");
    assert_same(&serde_json::to_value(&back).unwrap(), &serde_json::to_value(&ws).unwrap(), "workspace");
    let json = serde_json::to_string(&ws).unwrap();
    println!("sample workspace: {} bytes of JSON, {} characters stored", json.len(), text.len());
    assert!(text.len() * 3 < json.len(), "stored compactly");
}

/// Every version of the stored workspace ever released opens, with its personas and edits.
#[test]
fn every_released_workspace_version_opens() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/workspace");
    let v1 = std::fs::read_to_string(format!("{dir}/v1.txt")).expect("fixture of version 1");
    let ws = Workspace::open(&v1).expect("version 1 opens");
    assert_eq!(ws.name, "Sample");
    assert_eq!(ws.persona_count(), 6);
    let edited = ws.deck.personas.iter().find(|p| !p.edits.is_empty()).expect("the fixture's edit is kept");
    assert_eq!(edited.text(Field::Quote).value, "Edited before the fixture was frozen.");
    assert!(ws.segmentation.is_some() && !ws.files.files.is_empty());
}

/// Writes the fixtures of the current versions: `FREEZE=1 cargo test -p persona-core --test
/// workspace freeze -- --ignored`. Run it once per new version, never over an old fixture.
#[test]
#[ignore]
fn freeze() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/workspace");
    std::fs::create_dir_all(dir).unwrap();
    let (mut ws, _) = sample_workspace(2000);
    let p = &mut ws.deck.personas[0];
    p.set_text(Field::Quote, "Edited before the fixture was frozen.");
    let v1 = format!("{dir}/v1.txt");
    if std::env::var("FREEZE").is_ok() && !std::path::Path::new(&v1).exists() {
        std::fs::write(&v1, ws.to_text()).unwrap();
    }
    let link = format!("{dir}/persona-link-v1.txt");
    if std::env::var("FREEZE").is_ok() && !std::path::Path::new(&link).exists() {
        std::fs::write(&link, share::persona_link(&ws.deck.personas[0]).unwrap()).unwrap();
    }
}

/// Chat and e-mail cut links near 2,000 characters: a typical sample persona's link fits, and
/// opens to the same persona with its evidence.
#[test]
fn sample_personas_fit_in_a_chat_link() {
    let (ws, _) = sample_workspace(2000);
    let mut lengths = Vec::new();
    for p in &ws.deck.personas {
        let link = share::persona_link(p).unwrap();
        let json = share::json_link_length(p);
        println!("{}: link {} characters; JSON + deflate + base64 {}", p.text(Field::Name).value, link.len(), json);
        assert!(link.len() < json, "shorter than JSON + deflate + base64");
        lengths.push(link.len());
        let Shared::Persona(back) = share::open(&link).unwrap() else { panic!("a persona") };
        for f in Field::all() {
            assert_eq!(back.text(f).value, p.text(f).value, "{f:?}");
            assert_eq!(back.list(f).value, p.list(f).value, "{f:?}");
        }
        assert_eq!(back.avatar(), p.avatar());
    }
    lengths.sort();
    assert!(lengths[lengths.len() / 2] <= PERSONA_LINK_GOAL, "typical link: {lengths:?}");
    assert!(lengths.iter().all(|&n| n <= PERSONA_LINK_GOAL * 11 / 10), "none far over: {lengths:?}");
}

/// Every persona link version ever released opens to the same persona.
#[test]
fn every_released_link_version_opens() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/workspace");
    let link = std::fs::read_to_string(format!("{dir}/persona-link-v1.txt")).expect("fixture of link version 1");
    let Shared::Persona(p) = share::open(&link).expect("link version 1 opens") else { panic!("a persona") };
    assert_eq!(p.text(Field::Quote).value, "Edited before the fixture was frozen.");
    assert!(p.text(Field::Quote).edited);
    assert!(!p.list(Field::Demographics).value.is_empty());
    assert!(p.list(Field::Demographics).value.iter().all(|s| s.evidence.is_some()), "evidence travels");
}

/// A customers table of 300 customers in four towns and two of their own (`Zyxwvutburg`,
/// `Canaryville`), with incomes no one else comes near.
const CANARY_CUSTOMERS: &[u8] = include_bytes!("../../../tests/fixtures/canary_customers.csv");

/// What only one or two customers hold is not kept: a town of one customer is neither named in
/// the features' levels nor in a segment's profile, a segment of two customers keeps its label
/// and size but not their averages, and the incomes' range is the one five incomes reach at
/// each end; in the workspace and in the refresh's kept run alike.
#[test]
fn a_saved_workspace_keeps_nothing_only_one_or_two_customers_hold() {
    let bytes = CANARY_CUSTOMERS;
    let mut session = ImportSession::new();
    session.add(profile_bytes("customers.csv", bytes).expect("profiles"));
    let summary = session.summary();
    let refs: Vec<&FileProfile> = summary.files.iter().collect();
    let table = features::gather(&refs, |_| Ok(bytes)).expect("in memory");
    let settings = SegmentSettings { k: Some(6), ..Default::default() };
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    let view = seg.view(&table);
    let tiny: Vec<usize> = view.segments.iter().filter(|s| s.size < MIN_GROUP).map(|s| s.index).collect();
    assert!(
        !tiny.is_empty(),
        "the two outliers make a segment of their own: {:?}",
        view.segments.iter().map(|s| s.size).collect::<Vec<_>>()
    );
    let shown = serde_json::to_string(&view).unwrap();
    assert!(shown.contains("Zyxwvutburg"), "the page itself shows the data as it is");

    let ws = Workspace::new("Canaries", &summary, Some(&settings), Some(&view), &Deck::new());
    let kept = persona_core::refresh::KeptRun::new("run", &seg, &view, None);
    for (what, json) in
        [("workspace", serde_json::to_string(&ws).unwrap()), ("kept run", serde_json::to_string(&kept).unwrap())]
    {
        for town in ["Zyxwvutburg", "Canaryville"] {
            assert!(!json.contains(town), "{what} names {town}");
        }
        for income in ["9876543", "9123457"] {
            assert!(!json.contains(income), "{what} holds a canary's income {income}");
        }
        assert!(json.contains("Leeds"), "{what} keeps the towns many customers live in");
    }
    let income =
        ws.files.files[0].columns.iter().find(|c| c.name == "income").and_then(|c| c.numeric.as_ref()).unwrap();
    assert!(income.max < 100_000.0 && income.min >= 20_000.0, "the range five incomes reach: {income:?}");
    let saved = ws.segmentation.as_ref().unwrap();
    for s in &saved.segments {
        if tiny.contains(&s.index) {
            assert!(
                s.numbers.is_empty() && s.levels.is_empty() && s.distinctions.is_empty(),
                "segment {} of {}",
                s.index,
                s.size
            );
            assert!(!s.label.is_empty());
        } else {
            assert!(!s.numbers.is_empty(), "segment {} keeps its profile", s.index);
        }
    }
    let opened = Workspace::open(&ws.to_text()).expect("opens");
    assert_eq!(opened.segmentation.as_ref().map(|s| s.segments.len()), Some(6));
}
