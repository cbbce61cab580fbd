//! Activation on the sample's personas: a content plan per persona and stage whose angles come
//! from the persona's own lines (with their figures), and incentives from each segment's RFM mix.

use persona_core::activation::{content_plan, incentives};
use persona_core::features;
use persona_core::ingest::{FileProfile, profile_bytes};
use persona_core::journey::Stages;
use persona_core::persona::{self, ArchetypeKind, PersonaSettings};
use persona_core::sample::{self, SampleConfig};
use persona_core::segment::{self, SegmentSettings};

#[test]
fn each_sample_persona_gets_a_content_plan_and_incentives_grounded_in_its_data() {
    let (files, _) = sample::generate(&SampleConfig { customers: 3000, seed: 42 });
    let profiles: Vec<FileProfile> = files.iter().map(|(n, b)| profile_bytes(n, b).unwrap().profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(&files[i].1[..])).unwrap();
    let seg = segment::run(&table, &SegmentSettings { k: Some(6), ..Default::default() }, &mut |_, _, _| {}).unwrap();
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let stages = Stages::default().0;
    let mut tones = std::collections::BTreeSet::new();
    for d in &drafts {
        let plan = content_plan(d, &stages);
        assert_eq!(plan.iter().map(|c| c.stage.as_str()).collect::<Vec<_>>(), stages);
        if let Some(m) = d.motivations.first() {
            assert!(plan[0].angle.contains(&m.text.to_lowercase()), "{}", plan[0].angle);
            let figure = &m.evidence.as_ref().unwrap().figure;
            assert!(plan[0].because.contains(figure), "the angle names its evidence: {}", plan[0].because);
        }
        if d.archetype.kind == ArchetypeKind::DealSeeker {
            assert_eq!(plan[2].call_to_action, "Get the member price");
        }
        assert!(plan.iter().all(|c| !c.channels.is_empty() && !c.formats.is_empty()));
        tones.insert(plan[0].tone.clone());

        let offers = incentives(&seg.segments[d.segment], Some(d.archetype.kind));
        assert!(!offers.is_empty(), "{} gets at least one incentive", d.name);
        assert!(offers.iter().all(|i| !i.reason.is_empty()));
    }
    assert!(tones.len() >= 3, "personas of different behaviour get different tones: {tones:?}");
}

/// A churn table's personas (Telco's, in tests/fixtures/real): the plan speaks to them with what
/// sets them apart, not with their churn figures ("Speak to what moves them: tends to stay: 9%
/// Churn “yes”"), and where more of them leave, keeping them is the retention stage's angle.
/// The table has no orders: no cart, checkout, "Buy now" or "what they bought", and each
/// persona's first two angles are its own, from what sets it apart, with their figures.
#[test]
fn a_churn_tables_plan_speaks_to_its_customers_and_keeps_those_who_leave() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/real/telco_churn.csv");
    let bytes = std::fs::read(path).unwrap();
    let file = profile_bytes("telco_churn.csv", &bytes).unwrap().profile;
    let table = features::gather(&[&file], |_| Ok(&bytes[..])).unwrap();
    let seg = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).unwrap();
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let stages = Stages::default().0;
    let mut kept = 0;
    let mut first_angles = std::collections::BTreeSet::new();
    for d in &drafts {
        let plan = content_plan(d, &stages);
        assert_eq!(d.archetype.kind, ArchetypeKind::Unknown, "no orders");
        for cell in &plan {
            let said = format!("{} {} {}", cell.angle, cell.formats, cell.call_to_action).to_lowercase();
            for retail in ["cart", "checkout", "buy now", "reorder", "bought"] {
                assert!(!said.contains(retail), "{}: {said}", d.name);
            }
        }
        assert!(!plan[0].because.is_empty(), "{}: {}", d.name, plan[0].angle);
        first_angles.insert((plan[0].angle.clone(), plan[1].angle.clone()));
        for cell in &plan[..2] {
            assert!(!cell.angle.contains("leave") && !cell.angle.contains("stay"), "{}: {}", d.name, cell.angle);
        }
        let leaves = d.pain_points.iter().find(|p| p.text.starts_with(persona::LEAVES));
        if let Some(l) = leaves {
            assert!(plan[3].angle.starts_with("Give them reasons to stay"), "{}", plan[3].angle);
            assert!(plan[3].because.starts_with(&l.text), "{}", plan[3].because);
            kept += 1;
        }
        assert!(!plan[0].channels.contains("shows for everyone"), "{}", plan[0].channels);
    }
    assert!(kept > 0, "some segment leaves more than everyone");
    assert_eq!(first_angles.len(), drafts.len(), "each persona is spoken to with its own: {first_angles:?}");
}
