//! Snapshot tests of every chart as SVG, on a seeded sample segmentation: a change in the
//! drawing shows up as a reviewable diff (`INSTA_UPDATE=always cargo test -p persona-charts`
//! rewrites the snapshots; review them with git diff). New charts add a snapshot here.

use persona_charts as charts;
use persona_core::features;
use persona_core::ingest::{FileProfile, profile_bytes};
use persona_core::sample::{self, SampleConfig};
use persona_core::segment::{self, SegmentSettings, SegmentationView};

fn view() -> SegmentationView {
    let (files, _) = sample::generate(&SampleConfig { customers: 400, seed: 11 });
    let profiles: Vec<FileProfile> = files.iter().map(|(n, b)| profile_bytes(n, b).unwrap().profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(&files[i].1[..])).unwrap();
    let settings = SegmentSettings { max_k: 5, n_init: 3, ..Default::default() };
    segment::run(&table, &settings, &mut |_, _, _| {}).unwrap().view(&table)
}

#[test]
fn charts_render_as_pinned_svg() {
    let v = view();
    let sizes = charts::to_svg((640, 200), |root| charts::segment_sizes(root, &v)).unwrap();
    insta::assert_snapshot!("segment_sizes", sizes);
    let heat =
        charts::to_svg((640, charts::feature_heatmap_height(&v)), |root| charts::feature_heatmap(root, &v)).unwrap();
    insta::assert_snapshot!("feature_heatmap", heat);
    let scatter = charts::to_svg((420, 320), |root| charts::scatter(root, &v)).unwrap();
    insta::assert_snapshot!("scatter", scatter);
    let k = charts::to_svg((640, 220), |root| charts::k_choice(root, &v)).unwrap();
    insta::assert_snapshot!("k_choice", k);
    let rfm = charts::to_svg((520, 360), |root| charts::rfm_grid(root, v.rfm.as_ref().unwrap())).unwrap();
    insta::assert_snapshot!("rfm_grid", rfm);
    let first = &v.segments[0];
    let profile =
        charts::to_svg((560, charts::segment_profile_height(first)), |r| charts::segment_profile(r, first)).unwrap();
    insta::assert_snapshot!("segment_profile", profile);
    assert_eq!(profile.matches("<rect").count(), 1 + charts::segment_profile_rows(first).len());
    let everyone: Vec<(String, f64)> =
        v.rfm.as_ref().unwrap().segments.iter().map(|s| (s.name.clone(), s.share)).collect();
    let mix = charts::to_svg((460, charts::rfm_mix_height(first)), |r| charts::rfm_mix(r, first, &everyone)).unwrap();
    insta::assert_snapshot!("rfm_mix", mix);
    assert_eq!(mix.matches("<rect").count(), 1 + first.rfm_mix.len());
    assert_eq!(mix.matches("<polyline").count() + mix.matches("<path").count(), everyone.len());
    // every segment's bar and every R x F cell is drawn
    assert_eq!(sizes.matches("<rect").count(), 1 + v.segments.len());
    assert_eq!(rfm.matches("<rect").count(), 1 + 25);
}

#[test]
fn heatmap_rows_hold_one_value_per_segment() {
    let v = view();
    let rows = charts::heatmap_rows(&v);
    assert!(rows.iter().any(|r| r.label == "Money spent" && !r.lift));
    assert!(rows.iter().all(|r| r.values.len() == v.segments.len()));
    // a z-score below -3 is written as it is; only a lift is cut there
    let z = charts::HeatRow { label: "Money spent".into(), values: vec![-4.4], lift: false };
    assert_eq!(z.text(-4.4, 2), "-4.40");
    let lift = charts::HeatRow { label: "Plan: gold".into(), values: vec![-3.0], lift: true };
    assert_eq!(lift.text(-3.0, 2), "≤-3.00");
}

/// The journey charts, on fixed figures: two groups over four stages.
#[test]
fn journey_charts_render_as_pinned_svg() {
    use charts::Series;
    let stages: Vec<String> = ["Awareness", "Consideration", "Purchase", "Advocacy"].map(String::from).to_vec();
    let funnel = [
        Series { label: "Affluent loyal regulars", colour: 1, values: vec![1.0, 0.9, 0.72, 0.34] },
        Series { label: "Lapsed one-timers", colour: 4, values: vec![1.0, 0.56, 0.02, 0.0] },
    ];
    let labels = ["Affluent loyal regulars", "Lapsed one-timers"];
    let svg =
        charts::to_svg((640, charts::funnel_height(4, &labels, 640)), |r| charts::funnel(r, &stages, &funnel)).unwrap();
    assert_eq!(svg.matches("<rect").count(), 1 + 2 + 8, "background, two swatches, a bar per group and stage");
    insta::assert_snapshot!("journey_funnel", svg);
    let times = [
        Series {
            label: "Affluent loyal regulars",
            colour: 1,
            values: vec![None, Some((9e3, 2.1e4, 5e4)), Some((3e3, 7e3, 1.6e4)), None],
        },
        Series { label: "Lapsed one-timers", colour: 4, values: vec![None, Some((8e4, 1.7e5, 3.4e5)), None, None] },
    ];
    let svg =
        charts::to_svg((640, charts::funnel_height(3, &labels, 640)), |r| charts::times(r, &stages, &times)).unwrap();
    insta::assert_snapshot!("journey_times", svg);
    let emotion = [
        Series {
            label: "Affluent loyal regulars",
            colour: 1,
            values: vec![Some(0.5), Some(1.0), Some(1.5), Some(2.0)],
        },
        Series { label: "Lapsed one-timers", colour: 4, values: vec![Some(0.0), Some(-1.0), None, Some(-2.0)] },
    ];
    let svg = charts::to_svg((640, 260), |r| charts::emotion(r, &stages, &emotion)).unwrap();
    assert_eq!(svg.matches("<circle").count(), 7, "a point per value given");
    insta::assert_snapshot!("journey_emotion", svg);
    let rows = vec![("Awareness → Consideration".to_owned(), 0.41), ("Awareness".to_owned(), 0.2)];
    let svg = charts::to_svg((640, 60), |r| charts::paths(r, &rows)).unwrap();
    insta::assert_snapshot!("journey_paths", svg);
    assert_eq!(charts::duration(1800.0), "30 min");
    assert_eq!(charts::duration(12.0), "12 s", "steps seconds apart do take time");
    assert_eq!(charts::duration(5.0 * 3600.0), "5.0 h");
    assert_eq!(charts::duration(3.0 * 86_400.0), "3.0 days");
}

#[test]
fn the_flows_chart_shows_who_stayed_split_joined_and_left() {
    let old = ["Steady".to_owned(), "Splitting".to_owned(), "Vanishing".to_owned()];
    let new = ["Steady".to_owned(), "Younger half".to_owned(), "Older half".to_owned()];
    // [old][new], a last row of those who joined and a last column of those who left
    let flows = vec![vec![1400, 20, 30, 50], vec![10, 740, 730, 20], vec![0, 0, 0, 800], vec![300, 10, 5, 0]];
    let svg = charts::to_svg((720, charts::flows_height(4)), |root| charts::flows(root, &old, &new, &flows)).unwrap();
    for label in ["Splitting (1,500)", "Vanishing (800)", "Joined (315)", "Left (870)", "Older half (765)"] {
        assert!(svg.contains(label), "{label}");
    }
    insta::assert_snapshot!("flows", svg);
}

/// Labels come from the user's data (segment names from column values, renamed segments):
/// every chart writes them as text, never as markup, so the SVG placed in the page (and in an
/// exported persona) makes no element of them.
#[test]
fn hostile_labels_are_text_in_every_chart() {
    let hostile = r#"<img src=x onerror=alert(1)>"&<script>"#;
    let mut v = view();
    for s in &mut v.segments {
        s.label = hostile.to_owned();
    }
    let first = &v.segments[0];
    let everyone = vec![(hostile.to_owned(), 1.0)];
    let svgs = [
        charts::to_svg((640, 200), |root| charts::segment_sizes(root, &v)).unwrap(),
        charts::to_svg((640, charts::feature_heatmap_height(&v)), |root| charts::feature_heatmap(root, &v)).unwrap(),
        charts::to_svg((420, 320), |root| charts::scatter(root, &v)).unwrap(),
        charts::to_svg((560, charts::segment_profile_height(first)), |r| charts::segment_profile(r, first)).unwrap(),
        charts::to_svg((460, charts::rfm_mix_height(first)), |r| charts::rfm_mix(r, first, &everyone)).unwrap(),
    ];
    for (i, svg) in svgs.iter().enumerate() {
        assert!(!svg.contains("<img") && !svg.contains("<script"), "chart {i}: {svg}");
    }
    assert!(svgs[0].contains("&lt;img src=x onerror=alert(1)&gt;"), "the label shows as text: {}", svgs[0]);
}

/// Every group of a journey chart is named in its legend: seven segments' names do not fit on
/// one row, and the last three colours were unnamed (review 69). The legend goes on as many
/// rows as it needs, and the bars below it.
#[test]
fn a_journey_charts_legend_names_every_group() {
    use charts::Series;
    let stages: Vec<String> = ["Awareness", "Consideration", "Purchase"].map(String::from).to_vec();
    let names = [
        "Everyone",
        "1. Long since last order, marketplace",
        "2. Sustainability, Sports, Parenting",
        "3. Store, Manager (34%), Big spenders",
        "4. Recent buyers, Frequent buyers",
        "5. Parenting (39%), High quantity per order line",
        "6. Web, Small spenders",
    ];
    let funnel: Vec<Series<'_, f64>> =
        names.iter().enumerate().map(|(i, l)| Series { label: l, colour: i, values: vec![1.0, 0.5, 0.2] }).collect();
    let one_row = charts::funnel_height(3, &names[..2], 720);
    let height = charts::funnel_height(3, &names, 720);
    assert!(height >= one_row + (3 * 14) * 5 + 16, "taller by the legend's rows: {height}");
    let svg = charts::to_svg((720, height), |r| charts::funnel(r, &stages, &funnel)).unwrap();
    for name in names {
        let shown: String = name.chars().take(39).collect();
        assert!(svg.contains(&shown), "{name} is named");
    }
    // every swatch within the chart's width, and the first bar below the last legend row
    let xs: Vec<i32> = svg.split("<rect x=\"").skip(2).filter_map(|r| r.split('"').next()?.parse().ok()).collect();
    assert!(xs.iter().all(|&x| x < 720 - 10), "{xs:?}");
    let emotion: Vec<Series<'_, Option<f64>>> =
        names.iter().enumerate().map(|(i, l)| Series { label: l, colour: i, values: vec![Some(0.0); 3] }).collect();
    let svg =
        charts::to_svg((720, charts::emotion_height(&names, 720)), |r| charts::emotion(r, &stages, &emotion)).unwrap();
    assert!(names.iter().all(|n| svg.contains(&n.chars().take(39).collect::<String>())));
}
