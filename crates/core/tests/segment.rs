//! Segmentation end to end on the sample generator's files: the planted segments must be found.
//!
//! New end-to-end segmentation checks (other data shapes, settings) go here; the algorithms'
//! own edge cases live in the unit tests of `cluster`, `rfm` and `features`.

use persona_core::features::{self, CustomerTable};
use persona_core::ingest::{FileProfile, profile_bytes};
use persona_core::roles::Role;
use persona_core::sample::{self, SampleConfig, SampleTruth};
use persona_core::segment::{self, SegmentSettings};

fn sample_table(customers: usize, seed: u64) -> (Vec<FileProfile>, CustomerTable, SampleTruth) {
    let (files, truth) = sample::generate(&SampleConfig { customers, seed });
    let profiles: Vec<FileProfile> =
        files.iter().map(|(name, bytes)| profile_bytes(name, bytes).expect("profiles").profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(&files[i].1[..])).expect("in memory");
    (profiles, table, truth)
}

#[test]
fn the_table_has_every_customer_and_their_orders() {
    let (_, table, truth) = sample_table(500, 7);
    assert_eq!(table.len(), 500);
    let orders: u64 = table.orders.iter().flatten().map(|o| o.orders as u64).sum();
    assert_eq!(orders, truth.orders);
    let keys: Vec<&str> = table.features.iter().map(|f| f.info.key.as_str()).collect();
    for k in ["recency", "frequency", "monetary", "age", "income", "gender", "interests", "event_type"] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
}

#[test]
fn planted_segments_are_recovered() {
    let (_, table, truth) = sample_table(3000, 42);
    let truth: Vec<u32> = truth.segment_of.iter().map(|&s| s as u32).collect();
    let settings = SegmentSettings { k: Some(6), ..Default::default() };
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    let ari = segment::agreement(&seg, &truth);
    assert!(ari >= 0.9, "adjusted Rand index {ari:.3}");
    assert_eq!(seg.segments.iter().map(|s| s.size).sum::<u64>(), 3000);
    assert!(seg.rfm.is_some());
}

#[test]
fn k_is_chosen_automatically() {
    let (_, table, _) = sample_table(1500, 42);
    let mut calls = Vec::new();
    let seg = segment::run(&table, &SegmentSettings::default(), &mut |done, total, _| calls.push((done, total)))
        .expect("segments");
    // k = 2..=8 were tried, the rule's k won and says why, and progress went from 0 to the end
    assert_eq!(seg.choices.iter().map(|c| c.k).collect::<Vec<_>>(), (2..=8).collect::<Vec<_>>());
    assert_eq!(seg.k, segment::choose_k(&seg.choices, seg.min_size as f64 / 1500.0).k);
    // (the sample's segments overlap, as customers' do: the reason says so)
    assert!(seg.k_reason.starts_with(&format!("{} segments, which overlap (silhouette", seg.k)), "{}", seg.k_reason);
    assert!(seg.choices.windows(2).all(|w| w[1].inertia < w[0].inertia), "the elbow falls");
    assert_eq!(calls.first(), Some(&(0, 8)));
    assert_eq!(calls.last(), Some(&(8, 8)));
    // the same seed gives the same segments
    let again = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).unwrap();
    assert_eq!(again.assignment, seg.assignment);
}

#[test]
fn degenerate_inputs_are_clear_errors() {
    let (_, table, _) = sample_table(40, 3);
    let run = |settings: SegmentSettings| {
        segment::run(&table, &settings, &mut |_, _, _| {}).map(|_| ()).unwrap_err().to_string()
    };
    assert_eq!(run(SegmentSettings { features: Some(vec![]), ..Default::default() }), "no features are selected");
    assert_eq!(
        run(SegmentSettings { k: Some(41), ..Default::default() }),
        "there are 40 customers, fewer than the 41 segments asked for"
    );
    assert!(
        run(SegmentSettings { features: Some(vec!["shoe_size".into()]), ..Default::default() }).contains("shoe_size")
    );
    // a file of one customer: said as such, not as features that do not vary
    let one = b"customer_id,city,age\nC1,Oslo,40\n";
    let profile = profile_bytes("one_row.csv", one).expect("profiles").profile;
    let single = features::gather(&[&profile], |_| Ok(&one[..])).expect("in memory");
    let err = segment::run(&single, &SegmentSettings::default(), &mut |_, _, _| {}).map(|_| ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "only one customer was read (from one_row.csv): segments need at least two customers to tell apart"
    );
    // small segments are flagged with the default guard of max(1%, 30)
    let seg = segment::run(&table, &SegmentSettings { k: Some(3), ..Default::default() }, &mut |_, _, _| {}).unwrap();
    assert_eq!(seg.min_size, 30);
    assert!(seg.segments.iter().all(|s| s.small == (s.size < 30)));
}

#[test]
fn many_levels_are_other_not_missing_and_not_ticked_by_default() {
    use persona_core::features::FeatureData;
    let mut csv = String::from("customer_id,city,gender\n");
    for i in 0..300 {
        csv.push_str(&format!("C{i},Town {},{}\n", i % 100, if i % 2 == 0 { "female" } else { "male" }));
    }
    let profile = profile_bytes("customers.csv", csv.as_bytes()).unwrap().profile;
    let table = features::gather(&[&profile], |_| Ok(csv.as_bytes())).unwrap();
    let city = table.features.iter().find(|f| f.info.key.starts_with("location")).expect("city feature");
    assert_eq!(city.info.missing_share, 0.0);
    assert_eq!(city.info.levels.len(), 64);
    assert!(!city.info.default, "100 towns are too fine to cluster on by default");
    assert!(table.feature("gender").unwrap().info.default);
    let FeatureData::Category(codes) = &city.data else { panic!("category") };
    assert_eq!(codes.iter().filter(|&&c| c as usize >= 64).count(), 300 - 64 * 3);
}

/// The segmentation of 600 sample customers (seed 42, k automatic up to 5), pinned bit for
/// bit. tests/web.rs checks the same constant in the browser: the app and the CLI agree.
pub const SEGMENTS_600_FINGERPRINT: u64 = 0x9d9c_a232_8150_3e10;

#[test]
fn segmentation_fingerprint_is_pinned() {
    let (_, table, _) = sample_table(600, 42);
    let settings = SegmentSettings { max_k: 5, ..Default::default() };
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).unwrap();
    assert_eq!(seg.fingerprint(), SEGMENTS_600_FINGERPRINT, "{:#x}", seg.fingerprint());
}

#[test]
fn some_customers_encode_as_they_do_among_everyone() {
    // more rows than one block of the full encoding, and not a whole number of blocks
    let (_, table, _) = sample_table(1_300, 4);
    let encoder = features::Encoder::new(&table, &table.default_selection()).expect("encodes");
    let all = encoder.all();
    let idx = [0, 1, 511, 512, 513, 700, 1_023, 1_024, 1_299, 5];
    let some = encoder.rows(&idx);
    assert_eq!(some.cols(), all.cols());
    for (r, &i) in idx.iter().enumerate() {
        let same = some.row(r).iter().zip(all.row(i)).all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same, "customer {i}");
    }
    assert_eq!(features::encode(&table, &table.default_selection()).expect("encodes").matrix, all);
}

#[test]
fn a_trial_shared_out_between_two_workers_chooses_the_k_that_a_run_chooses() {
    let (_, table, _) = sample_table(1_500, 8);
    let settings = SegmentSettings { max_k: 5, ..Default::default() };
    let whole = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    let prepared = segment::prepare(&table, &settings).expect("prepared");
    let trial = prepared.trial().expect("k is to be chosen");
    // as the worker sends it: the rows beside the JSON
    let rows = trial.data.clone();
    let mut sent: segment::Trial = serde_json::from_str(&serde_json::to_string(&trial).unwrap()).unwrap();
    sent.data = rows;
    // the second worker goes up from the smallest k, this one down from the largest; both
    // happen to score 3
    let (there, here) = (sent.start(), trial.start());
    assert_eq!(here.ks(), [2, 3, 4, 5]);
    let mut choices = Vec::new();
    for k in [5, 4, 3] {
        choices.push(here.score(k, &mut |_, _, _| {}).expect("tried"));
    }
    for k in [2, 3] {
        let theirs = there.score(k, &mut |_, _, _| {}).expect("tried");
        if k == 3 {
            assert_eq!(theirs, choices[2], "a k scores the same wherever it is tried");
        }
        choices.push(theirs);
    }
    let encoding = prepared.encode_all();
    let parts = prepared.finish(&encoding, choices, Vec::new(), Some(&here), &mut |_, _, _| {}).expect("segments");
    assert_eq!(parts.choices.iter().map(|c| c.k).collect::<Vec<_>>(), [2, 3, 4, 5]);
    assert_eq!(parts.fingerprint(), whole.fingerprint());
    assert_eq!(parts.k, whole.k);
}

#[test]
fn of_equal_scores_the_larger_k_is_chosen_in_any_order() {
    let (_, table, _) = sample_table(400, 3);
    let settings = SegmentSettings { max_k: 4, ..Default::default() };
    let tie = |k: usize| persona_core::cluster::KChoice {
        k,
        inertia: 10.0 / k as f64,
        silhouette: 0.5,
        gap: 0.3,
        gap_sd: 0.01,
        smallest: 0.2,
    };
    let orders = [[2, 3, 4], [4, 3, 2], [3, 4, 2]];
    let chosen: Vec<usize> = orders
        .iter()
        .map(|order| {
            let prepared = segment::prepare(&table, &settings).expect("prepared");
            let encoding = prepared.encode_all();
            let choices = order.iter().map(|&k| tie(k)).collect();
            prepared.finish(&encoding, choices, Vec::new(), None, &mut |_, _, _| {}).expect("segments").k
        })
        .collect();
    assert_eq!(chosen, [4, 4, 4]);
}

#[test]
fn restarts_made_elsewhere_give_the_fit_made_here() {
    use persona_core::cluster::{KMeans, blobs};
    let data = blobs(3_000, 5, 4, 7);
    // restarts on a 600-row sample, as on a million customers with the default sample
    let params = KMeans::params(4).n_init(6).restart_sample(600).seed(9).check().expect("valid");
    let whole = params.fit(&data).expect("fits");
    let rows = data.select(&params.restart_rows(data.rows()).expect("sampled"));
    let tol = params.threshold(&data).expect("checked");
    // runs 3, 4 and 5 made by another worker (sent as JSON), the rest here
    let theirs: Vec<(usize, KMeans)> = (3..6).map(|r| (r, params.restart(&rows, r, tol))).collect();
    let theirs: Vec<(usize, KMeans)> = serde_json::from_str(&serde_json::to_string(&theirs).unwrap()).unwrap();
    let parts = params.fit_after(&data, tol, theirs, &mut |_| {}).expect("fits");
    assert_eq!(parts, whole);
    assert_eq!(parts.labels().len(), 3_000);
}

#[test]
fn the_encoders_threshold_is_the_two_pass_one() {
    use persona_core::cluster::KMeans;
    // the encoder sums each column and its squares as it writes the rows; k-means would make
    // two passes (the means, then the squared deviations): the same number but for rounding
    let (_, table, _) = sample_table(3_000, 5);
    let prepared = segment::prepare(&table, &SegmentSettings::default()).expect("prepared");
    let encoding = prepared.encode_all();
    let ours = prepared.threshold(&encoding).expect("checked");
    let two_pass = KMeans::params(2).check().unwrap().threshold(&encoding.data).expect("checked");
    assert!(ours > 0.0);
    assert!((ours - two_pass).abs() <= 1e-12 * two_pass, "{ours} against {two_pass}");
}

#[test]
fn beyond_the_trial_sample_the_final_silhouette_is_scored_on_the_trials_sample() {
    use persona_core::cluster::silhouette;
    // more customers than the trial of k looks at: the final fit is scored on the trial's
    // silhouette sample (drawn among the trial's customers), not on a second sample
    let n = segment::CHOICE_SAMPLE + 1_000;
    let (_, table, _) = sample_table(n, 8);
    let settings = SegmentSettings { max_k: 4, ..Default::default() };
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    assert_eq!(seg.assignment.len(), n);
    let prepared = segment::prepare(&table, &settings).expect("prepared");
    let trying = prepared.trial().expect("k is chosen").start();
    assert_eq!(trying.silhouette_of(&seg.assignment, seg.k), None, "no sample before a score");
    trying.score(2, &mut |_, _, _| {}).expect("scored");
    assert_eq!(trying.silhouette_of(&seg.assignment, seg.k), Some(seg.silhouette));
    // another sample of as many customers says much the same
    let data = prepared.encode_all().data;
    let elsewhere = silhouette(&data, &seg.assignment, seg.k, segment::SILHOUETTE_SAMPLE, 99);
    assert!((seg.silhouette - elsewhere).abs() < 0.05, "{} against {elsewhere}", seg.silhouette);
}

#[test]
fn the_default_run_finds_the_six_planted_segments() {
    for customers in [2_000, 20_000] {
        let (_, table, truth) = sample_table(customers, 42);
        let truth: Vec<u32> = truth.segment_of.iter().map(|&s| s as u32).collect();
        let seg = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).expect("segments");
        let ari = segment::agreement(&seg, &truth);
        assert_eq!(seg.k, 6, "{customers} customers: {}", seg.k_reason);
        assert!(ari >= 0.9, "{customers} customers: adjusted Rand index {ari:.3}");
        assert!(seg.structure);
    }
}

#[test]
fn other_seeds_and_sizes_of_the_sample_are_found_too() {
    // the segments overlap: what a user needs is that the run finds them, whatever the draw
    for (customers, seed) in [(600, 11), (1_000, 10), (2_000, 1), (2_000, 4), (2_000, 6), (5_000, 7)] {
        let (_, table, truth) = sample_table(customers, seed);
        let truth: Vec<u32> = truth.segment_of.iter().map(|&s| s as u32).collect();
        let seg = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).expect("segments");
        let ari = segment::agreement(&seg, &truth);
        assert!(ari >= 0.9, "{customers} customers, seed {seed}: k = {}, adjusted Rand index {ari:.3}", seg.k);
        assert!((5..=6).contains(&seg.k), "{customers} customers, seed {seed}: {}", seg.k_reason);
    }
}

fn planted(sizes: &[usize], seed: u64) -> (CustomerTable, Vec<u32>) {
    let (csv, truth) = sample::planted_groups(sizes, seed);
    let profile = profile_bytes("customers.csv", &csv).expect("profiles").profile;
    let table = features::gather(&[&profile], |_| Ok(&csv[..])).expect("in memory");
    (table, truth)
}

#[test]
fn the_default_run_finds_three_four_and_eight_planted_groups_of_unequal_size() {
    let cases: [&[usize]; 3] = [&[900, 500, 250], &[800, 500, 300, 150], &[450, 400, 350, 300, 250, 200, 175, 150]];
    for (i, sizes) in cases.iter().enumerate() {
        // (k-means splits a group six times another's size before it finds the small one:
        // the sizes differ, but not by that much)
        let (table, truth) = planted(sizes, 20 + i as u64);
        let seg = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).expect("segments");
        let ari = segment::agreement(&seg, &truth);
        assert_eq!(seg.k, sizes.len(), "{}", seg.k_reason);
        assert!(ari >= 0.9, "{} groups: adjusted Rand index {ari:.3}", sizes.len());
    }
}

#[test]
fn data_with_no_segments_is_said_to_have_none() {
    for seed in [1, 2, 3] {
        let (table, _) = planted(&[2_000], seed);
        let seg = segment::run(&table, &SegmentSettings::default(), &mut |_, _, _| {}).expect("segments");
        assert_eq!(seg.k, 1, "{}", seg.k_reason);
        assert!(!seg.structure);
        assert!(seg.k_reason.starts_with("No distinct segments"), "{}", seg.k_reason);
        assert_eq!(seg.segments.len(), 1);
    }
}

#[test]
fn above_the_fit_limit_a_sample_is_fitted_and_everyone_is_placed() {
    let (_, table, truth) = sample_table(6000, 42);
    let truth: Vec<u32> = truth.segment_of.iter().map(|&s| s as u32).collect();
    let settings = SegmentSettings { k: Some(6), fit_limit: Some(3000), ..Default::default() };
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    assert_eq!(seg.fitted_on, Some(3000), "the sample's size is stated");
    assert_eq!((seg.customers, seg.assignment.len()), (6000, 6000), "everyone is placed");
    assert_eq!(seg.segments.iter().map(|s| s.size).sum::<u64>(), 6000);
    // the planted segments are still found, and each customer is in the nearest segment
    let ari = segment::agreement(&seg, &truth);
    assert!(ari >= 0.9, "adjusted Rand index {ari:.3}");
    let data = persona_core::features::Encoder::new(&table, &seg.features).expect("encodes").all();
    let centres = persona_core::cluster::Matrix::new(6, data.cols(), seg.model.centroids.concat());
    assert_eq!(persona_core::cluster::predict(&data, &centres), seg.assignment);
    // below the limit nothing changes
    let all = SegmentSettings { k: Some(6), fit_limit: Some(6000), ..Default::default() };
    let whole = segment::run(&table, &all, &mut |_, _, _| {}).expect("segments");
    assert_eq!(whole.fitted_on, None);
    assert_eq!(
        whole,
        segment::run(&table, &SegmentSettings { k: Some(6), ..Default::default() }, &mut |_, _, _| {}).unwrap()
    );
}

/// An orders log with no money (no amount, or one set to ignored): RFM scores recency and
/// frequency, and says that M is left out rather than that everyone spent 0.
#[test]
fn with_no_money_read_rfm_says_m_is_left_out() {
    let mut text = String::from("order_id,customer_id,order_date\n");
    for i in 0..600 {
        text.push_str(&format!("O{i},C{},2024-{:02}-{:02}\n", i * 7 % 150, 1 + i % 12, 1 + i % 28));
    }
    let f = profile_bytes("orders.csv", text.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(2), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let rfm = seg.rfm.expect("RFM from the order dates");
    let m: Vec<&String> = rfm.collapsed.iter().filter(|c| c.starts_with("M:")).collect();
    assert_eq!(m.len(), 1, "{:?}", rfm.collapsed);
    assert!(m[0].starts_with("M: no column gives the orders' money"), "{}", m[0]);
}

/// A shop's flat shipping cost, the same on every order, tells no customer apart, even when
/// the user keeps it as an attribute: averaged over each customer's orders it differs only in
/// the last bits, and must not be scaled up into a difference between segments.
#[test]
fn a_flat_shipping_cost_sets_no_segment_apart() {
    let mut text = String::from("order_id,customer_id,order_date,amount,shipping_cost\n");
    for i in 0..900 {
        let amount = 5.0 + (i * 37 % 200) as f64 + 0.95;
        text.push_str(&format!("O{i},C{},2024-{:02}-{:02},{amount:.2},4.90\n", i * 7 % 170, 1 + i % 12, 1 + i % 28));
    }
    let mut f = profile_bytes("orders.csv", text.as_bytes()).expect("profiles").profile;
    let c = f.columns.iter_mut().find(|c| c.name == "shipping_cost").expect("the column");
    assert_eq!(c.role, Role::Ignored, "a single value throughout: {}", c.role_reason);
    c.role = Role::Attribute;
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert!(table.feature("attr_shipping_cost").is_none(), "the same for every customer: no feature");
    let seg = segment::run(&table, &SegmentSettings { k: Some(3), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let named: Vec<&str> = seg.segments.iter().flat_map(|s| &s.numbers).map(|n| n.label.as_str()).collect();
    assert!(!named.contains(&"shipping_cost"), "{named:?}");
}

/// A mix (the orders' channels) is the share of the segment's orders, as the persona words it:
/// the half of a customers file that never bought has no orders, and must not read as orders
/// of no channel, which would shrink every channel's share and change the lifts.
#[test]
fn a_mix_is_the_share_of_the_segments_orders() {
    let mut customers = String::from("customer_id,plan\n");
    let mut orders = String::from("order_id,customer_id,order_date,amount,channel\n");
    let mut web_orders = std::collections::HashMap::new();
    for i in 0..300 {
        let plan = if i % 2 == 0 { "basic" } else { "premium" };
        customers.push_str(&format!("C{i},{plan}\n"));
        if i % 4 >= 2 {
            continue; // half of each plan never ordered
        }
        // basic buyers order mostly on the web, premium buyers mostly in store
        let n = 1 + i % 3;
        let mut web = 0;
        for j in 0..n {
            let on_web = if plan == "basic" { j + i % 5 != 0 } else { (i + j) % 5 == 0 };
            web += on_web as usize;
            let channel = if on_web { "web" } else { "store" };
            orders.push_str(&format!("O{i}-{j},C{i},2024-0{}-1{j},{}.50,{channel}\n", 1 + i % 9, 10 + i % 40));
        }
        web_orders.insert(format!("C{i}"), (web, n));
    }
    let files = [("customers.csv", customers.into_bytes()), ("orders.csv", orders.into_bytes())];
    let profiles: Vec<FileProfile> =
        files.iter().map(|(name, bytes)| profile_bytes(name, bytes).expect("profiles").profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(&files[i].1[..])).expect("in memory");
    let settings = SegmentSettings { k: Some(2), ..Default::default() };
    let seg = segment::run(&table, &settings, &mut |_, _, _| {}).expect("segments");
    // each segment's web orders and orders, from who is in it
    let mut counts = vec![(0, 0); seg.k];
    for (i, id) in table.ids.iter().enumerate() {
        if let Some(&(web, n)) = web_orders.get(&**id) {
            let c = &mut counts[seg.assignment[i] as usize];
            c.0 += web;
            c.1 += n;
        }
    }
    let (web, all) = counts.iter().fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
    let everyone = web as f64 / all as f64;
    for s in &seg.segments {
        let level =
            s.levels.iter().find(|p| p.feature.starts_with("order") && p.level == "web").unwrap_or_else(|| {
                panic!("no web level in {:?}", s.levels.iter().map(|p| &p.feature).collect::<Vec<_>>())
            });
        assert!(
            (level.overall_share - everyone).abs() < 1e-9,
            "everyone's web share {} is not {everyone}",
            level.overall_share
        );
        let ours = counts[s.index].0 as f64 / counts[s.index].1 as f64;
        assert!((level.share - ours).abs() < 1e-9, "segment {} web share {} is not {ours}", s.index, level.share);
    }
}

/// A segment's name says a short level with its column ("Segmentation: D", "Revenue: yes"),
/// not a bare letter or yes that names nothing.
#[test]
fn a_short_level_in_a_segments_name_comes_with_its_column() {
    let mut text = String::from("ID,Segmentation,Revenue,Spending,Visits\n");
    for i in 0..400 {
        let a = i % 4 == 0;
        let class = if a { "D" } else { ["A", "B", "C"][i % 3] };
        let revenue = if a { "yes" } else { "no" };
        let (spend, visits) = if a { (900 + i % 50, 30 + i % 5) } else { (100 + i % 60, 3 + i % 4) };
        text.push_str(&format!("{i},{class},{revenue},{spend},{visits}\n"));
    }
    let file = profile_bytes("Train.csv", text.as_bytes()).expect("profiles").profile;
    let table = features::gather(&[&file], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segment::run(&table, &SegmentSettings { k: Some(2), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let labels: Vec<&str> = seg.segments.iter().map(|s| s.label.as_str()).collect();
    assert!(labels.iter().any(|l| l.contains("Segmentation: D")), "{labels:?}");
    for l in &labels {
        for part in l.split(", ") {
            let letters = part.chars().filter(|c| c.is_alphabetic()).count();
            assert!(letters >= 3 && !part.eq_ignore_ascii_case("yes"), "{part:?} in {labels:?}");
        }
    }
}
