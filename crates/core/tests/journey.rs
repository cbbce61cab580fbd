//! Journeys on the sample generator's events: every event type gets a stage, and the funnel's
//! figures agree with a count made by hand from the same events, and the funnel of each planted
//! segment recovers the journey the generator planted in it.

use persona_core::journey::{FunnelSettings, OrderMode, StageMap, funnel, reached};
use persona_core::sample::{self, SampleConfig};
use std::collections::BTreeMap;

/// (customer, seconds, event type) of the sample's events.csv.
fn sample_events(customers: usize) -> Vec<(String, i64, String)> {
    let (files, _) = sample::generate(&SampleConfig { customers, seed: 42 });
    let events = &files.iter().find(|(n, _)| *n == "events.csv").expect("events.csv").1;
    std::str::from_utf8(events)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), seconds(f[1]), f[2].to_owned())
        })
        .collect()
}

/// "2024-05-01T12:34:56" as seconds since 2000 (days by a civil-calendar count).
fn seconds(ts: &str) -> i64 {
    let n = |a: usize, b: usize| ts[a..b].parse::<i64>().unwrap();
    let (y, m, d) = (n(0, 4), n(5, 7), n(8, 10));
    let (y2, m2) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    let days = 365 * y2 + y2 / 4 - y2 / 100 + y2 / 400 + (153 * (m2 - 3) + 2) / 5 + d;
    days * 86_400 + n(11, 13) * 3600 + n(14, 16) * 60 + n(17, 19)
}

#[test]
fn every_sample_event_type_gets_a_stage_and_the_funnel_matches_a_hand_count() {
    let events = sample_events(2000);
    let names: Vec<&str> = {
        let mut n: Vec<&str> = events.iter().map(|e| e.2.as_str()).collect();
        n.sort_unstable();
        n.dedup();
        n
    };
    let map = StageMap::suggest(names.iter().copied());
    for name in &names {
        assert!(map.stage_of(name).is_some(), "{name} has no stage");
    }
    let mut by_customer: BTreeMap<&str, Vec<(i64, usize)>> = BTreeMap::new();
    for (c, t, name) in &events {
        by_customer.entry(c).or_default().push((*t, map.stage_of(name).unwrap()));
    }
    for e in by_customer.values_mut() {
        e.sort();
    }
    let settings = FunnelSettings { mode: OrderMode::InOrder, window: None };
    let f = funnel(by_customer.values().map(Vec::as_slice), 5, &settings);
    // by hand: a customer is in stage i when they have events of 0, 1, ..., i in that order
    for (i, step) in f.steps.iter().enumerate() {
        let by_hand = by_customer
            .values()
            .filter(|e| {
                let mut want = 0;
                for &(_, s) in e.iter() {
                    if s == want {
                        want += 1;
                        if want > i {
                            return true;
                        }
                    }
                }
                false
            })
            .count() as u64;
        assert_eq!(step.customers, by_hand, "stage {i}");
    }
    assert!(f.steps[0].customers > 1000, "most customers are seen at awareness: {:?}", f.steps[0]);

    // the app's way: the file profiled, its events read by role, staged by the suggested map
    let (files, _) = sample::generate(&SampleConfig { customers: 2000, seed: 42 });
    let (name, bytes) = files.iter().find(|(n, _)| *n == "events.csv").unwrap();
    let profile = persona_core::ingest::profile_bytes(name, bytes).unwrap().profile;
    let log = persona_core::journey::EventLog::read(&profile, bytes).expect("an events file").expect("reads");
    assert_eq!(log.skipped, 0);
    assert_eq!(log.customers.len(), by_customer.len());
    let map = StageMap::suggest(log.types.iter().map(String::as_str));
    let staged = log.staged(&map);
    let g = funnel(staged.iter().map(Vec::as_slice), 5, &settings);
    assert_eq!(g, f, "the same funnel as from the events read by hand");
    assert!(f.steps.windows(2).all(|w| w[1].customers <= w[0].customers));
    // the times are those of each customer's fastest way through
    let one = by_customer.values().find(|e| reached(e, 5, &settings).len() >= 3).unwrap();
    let times = reached(one, 5, &settings);
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}

/// Real purchases: the CDNOW log (fixture, first 3,000 rows). Most CDNOW customers bought once
/// in early 1997 and never again, as the literature on it says; the lifecycle must show that.
#[test]
fn the_cdnow_log_shows_most_customers_lapsing_after_one_purchase() {
    use persona_core::journey::{Lifecycle, LifecycleSettings, lifecycle_at, transitions};
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/real/cdnow_master.txt"))
            .expect("fixture");
    let mut orders: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let d = f[1];
        let day = seconds(&format!("{}-{}-{}T00:00:00", &d[0..4], &d[4..6], &d[6..8])) / 86_400;
        orders.entry(f[0].to_owned()).or_default().push(day);
    }
    for o in orders.values_mut() {
        o.sort_unstable();
    }
    let s = LifecycleSettings::from_orders(orders.values().map(Vec::as_slice));
    assert!((30..=365).contains(&s.lapse_days), "{s:?}");
    let end = orders.values().flat_map(|o| o.iter().copied()).max().unwrap();
    let states: Vec<Lifecycle> = orders.values().map(|o| lifecycle_at(o, end, &s)).collect();
    let lapsing = states.iter().filter(|&&l| l == Lifecycle::Lapsing).count() as f64 / states.len() as f64;
    assert!(lapsing > 0.6, "{:.0}% lapsing at the end", lapsing * 100.0);
    // a year before the end against the end: nobody goes back to "not yet", every customer counted once
    let t = transitions(orders.values().map(Vec::as_slice), end - 365, end, &s);
    assert_eq!(t.iter().flatten().sum::<u64>(), orders.len() as u64);
    assert!((1..6).all(|from| t[from][0] == 0), "{t:?}");
    println!("CDNOW: lapse {} days; transitions {t:?}", s.lapse_days);
}

/// Each segment of the sample's default run gets its own funnel; together they make everyone's.
#[test]
fn each_segment_has_its_funnel_and_together_they_make_everyones() {
    use persona_core::features;
    use persona_core::ingest::{FileProfile, profile_bytes};
    use persona_core::journey::{EventLog, funnels_by_group};
    use persona_core::segment::{self, SegmentSettings};
    let (files, _) = sample::generate(&SampleConfig { customers: 2000, seed: 42 });
    let profiles: Vec<FileProfile> = files.iter().map(|(n, b)| profile_bytes(n, b).unwrap().profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(&files[i].1[..])).unwrap();
    let seg = segment::run(&table, &SegmentSettings { k: Some(6), ..Default::default() }, &mut |_, _, _| {}).unwrap();
    let events = profiles.iter().position(|p| p.name == "events.csv").unwrap();
    let log = EventLog::read(&profiles[events], &files[events].1).unwrap().unwrap();
    let types = || log.types.iter().map(String::as_str);
    let (map, _) = StageMap::suggest(types()).without_empty(types());
    let staged = log.staged(&map);
    let rows = log.rows_in(&table.ids);
    assert!(rows.iter().all(Option::is_some), "every event's customer is in the table");
    let group: Vec<Option<usize>> = rows.iter().map(|r| r.map(|r| seg.assignment[r] as usize)).collect();
    let stages = map.stages.0.len();
    let settings = FunnelSettings::default();
    let (by_segment, everyone) = funnels_by_group(&staged, &group, seg.k, stages, &settings);
    assert_eq!(by_segment.len(), 6);
    for s in 0..stages {
        let sum: u64 = by_segment.iter().map(|f| f.steps[s].customers).sum();
        assert_eq!(sum, everyone.steps[s].customers, "stage {s}");
    }
    // the segments differ: the best converting segment converts to purchase at least twice as
    // often as the worst (the sample's segments buy very differently)
    let rates: Vec<f64> = by_segment.iter().map(|f| f.steps[2].from_first).collect();
    let (lo, hi) = rates.iter().fold((f64::MAX, 0f64), |(a, b), &r| (a.min(r), b.max(r)));
    assert!(hi >= 2.0 * lo, "{rates:?}");
}

/// The CDNOW fixture read as the app reads it, and the RFM segments half a year apart: the
/// whole cohort had bought by then (CDNOW's customers all first bought in early 1997), nobody
/// loses their orders, and customers do move (scores are each day's own quintiles, so a move
/// is a change of rank among the cohort).
#[test]
fn cdnow_customers_move_between_rfm_segments_as_they_stop_buying() {
    use persona_core::ingest::profile_bytes;
    use persona_core::journey::{OrderLog, rfm_transitions};
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/real/cdnow_master.txt")).unwrap();
    let profile = profile_bytes("cdnow_master.txt", &bytes).unwrap().profile;
    let log = OrderLog::read(&profile, &bytes).expect("an orders file").expect("reads");
    assert_eq!(log.skipped, 0);
    assert_eq!(log.customers.iter().map(|(_, o)| o.len()).sum::<usize>(), 3000);
    assert!(log.customers.iter().all(|(_, o)| o.iter().all(|&(_, v)| v >= 0.0)));
    let end = log.customers.iter().flat_map(|(_, o)| o.iter().map(|&(d, _)| d)).max().unwrap();
    let (names, counts) = rfm_transitions(&log, end - 182, end).unwrap();
    let total: u64 = counts.iter().flatten().sum();
    assert_eq!(total, log.customers.len() as u64);
    let idx = |n: &str| names.iter().position(|x| x == n).unwrap();
    let none = idx("No orders yet");
    assert!((0..names.len()).filter(|&i| i != none).all(|i| counts[i][none] == 0), "nobody loses their orders");
    assert_eq!(counts[none].iter().sum::<u64>(), 0, "the whole cohort had bought half a year before the end");
    let stayed: u64 = (0..names.len()).map(|i| counts[i][i]).sum();
    assert!(stayed < total, "customers move between segments");
    let champions = idx("Champions");
    assert!(counts[champions].iter().sum::<u64>() > 0, "there were Champions");
    println!("CDNOW RFM moves: {names:?}\n{counts:?}");
}

/// The sample's planted journeys, read back as a user gets them: the events file profiled, its
/// event types staged by the suggested mapping, a funnel per planted segment with the default
/// settings (in order, 30-day window). Each segment's conversion from stage to stage is the
/// planted one within one percentage point, and the median time of each step is the planted
/// median within a minute.
#[test]
fn each_segments_funnel_recovers_its_planted_journey() {
    use persona_core::ingest::profile_bytes;
    use persona_core::journey::{EventLog, funnels_by_group};
    let (files, truth) = sample::generate(&SampleConfig { customers: 20_000, seed: 7 });
    let (name, bytes) = files.iter().find(|(n, _)| *n == "events.csv").unwrap();
    let profile = profile_bytes(name, bytes).unwrap().profile;
    let log = EventLog::read(&profile, bytes).unwrap().unwrap();
    let types = || log.types.iter().map(String::as_str);
    let (map, empty) = StageMap::suggest(types()).without_empty(types());
    assert_eq!(map.stages.0, sample::JOURNEY_STAGES, "the stages the sample's events belong to");
    assert_eq!(empty, ["Retention"]);
    // customer ids are C000001.. in file order
    let group: Vec<Option<usize>> = log
        .customers
        .iter()
        .map(|(id, _)| Some(truth.segment_of[id[1..].parse::<usize>().unwrap() - 1] as usize))
        .collect();
    let segments = truth.segment_names.len();
    let (funnels, _) = funnels_by_group(&log.staged(&map), &group, segments, 4, &FunnelSettings::default());
    for (s, f) in funnels.iter().enumerate() {
        let planted: Vec<_> =
            truth.journeys.iter().zip(&truth.segment_of).filter(|(_, g)| **g as usize == s).map(|(j, _)| j).collect();
        for stage in 0..4 {
            let reached = planted.iter().filter(|j| j.stages as usize > stage).count() as f64;
            let before = planted.iter().filter(|j| j.stages as usize >= stage.max(1)).count() as f64;
            let want = if stage == 0 { 1.0 } else { reached / before };
            let got = f.steps[stage].from_previous;
            assert!(
                (got - want).abs() <= 0.01,
                "{}: {} from the stage before {:.1}%, planted {:.1}%",
                truth.segment_names[s],
                sample::JOURNEY_STAGES[stage],
                got * 100.0,
                want * 100.0
            );
            if stage > 0 {
                let gaps: Vec<i64> =
                    planted.iter().filter(|j| j.stages as usize > stage).map(|j| j.gaps[stage - 1] as i64).collect();
                let want = persona_core::journey::Times::of(gaps).map(|t| t.median);
                let got = f.steps[stage].time_from_previous.map(|t| t.median);
                match (got, want) {
                    (Some(g), Some(w)) => {
                        assert!((g - w).abs() <= 60.0, "{} stage {stage}: {g} s, planted {w} s", truth.segment_names[s])
                    }
                    (g, w) => assert_eq!(g.is_some(), w.is_some()),
                }
            }
        }
    }
    // what was planted shows: the lapsed one-timers drop at consideration, the affluent
    // regulars buy within hours of considering, the careful researchers take days
    let seg = |name: &str| &funnels[truth.segment_names.iter().position(|n| *n == name).unwrap()];
    let to_purchase = |name: &str| seg(name).steps[2].from_previous;
    let hours = |name: &str| seg(name).steps[2].time_from_previous.unwrap().median / 3600.0;
    for other in ["Young urban deal-seekers", "Affluent loyal regulars", "Busy families", "Careful researchers"] {
        assert!(to_purchase("Lapsed one-timers") < to_purchase(other) / 2.0, "{other}");
    }
    assert!(hours("Affluent loyal regulars") < 4.0, "{} h", hours("Affluent loyal regulars"));
    assert!(hours("Careful researchers") > 48.0, "{} h", hours("Careful researchers"));
    for (s, f) in funnels.iter().enumerate() {
        println!(
            "{:<26} {}",
            truth.segment_names[s],
            f.steps
                .iter()
                .map(|st| format!("{:>6} {:>5.1}%", st.customers, st.from_previous * 100.0))
                .collect::<String>()
        );
    }
}

/// The Journeys page's report (one pass over the customers) gives each group the funnel, the
/// paths and the drop-offs that the funnel, paths and drop-off functions give on its members.
#[test]
fn the_report_agrees_with_the_funnel_paths_and_drop_offs_of_each_group() {
    use persona_core::ingest::profile_bytes;
    use persona_core::journey::{EventLog, after_drop, funnels_by_group, variants};
    use persona_core::journey_plan::{JourneyPlan, TOP_PATHS, report};
    let (files, truth) = sample::generate(&SampleConfig { customers: 3_000, seed: 5 });
    let (name, bytes) = files.iter().find(|(n, _)| *n == "events.csv").unwrap();
    let log = EventLog::read(&profile_bytes(name, bytes).unwrap().profile, bytes).unwrap().unwrap();
    let group: Vec<Option<usize>> = log
        .customers
        .iter()
        .map(|(id, _)| Some(truth.segment_of[id[1..].parse::<usize>().unwrap() - 1] as usize))
        .collect();
    let labels: Vec<String> = truth.segment_names.iter().map(|s| s.to_string()).collect();
    let plan = JourneyPlan::default();
    let r = report(&log, &plan, &group, &labels, &vec![None; group.len()]);
    let types = || log.types.iter().map(String::as_str);
    let (map, _) = plan.map(&log.types).without_empty(types());
    let staged = log.staged(&map);
    let n = map.stages.0.len();
    let (by_group, everyone) = funnels_by_group(&staged, &group, labels.len(), n, &plan.funnel);
    assert_eq!(r.everyone.funnel, everyone);
    for (g, f) in by_group.iter().enumerate() {
        assert_eq!(&r.groups[g].funnel, f, "{}", labels[g]);
        let members = staged.iter().zip(&group).filter(|(_, x)| **x == Some(g)).map(|(e, _)| e.as_slice());
        assert_eq!(r.groups[g].variants, variants(members, TOP_PATHS), "{}", labels[g]);
    }
    for s in 0..n - 1 {
        assert_eq!(r.after_drop[s], after_drop(staged.iter().map(Vec::as_slice), n, s, &plan.funnel), "stage {s}");
    }
}
