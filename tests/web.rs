//! Component tests in a real browser (wasm-bindgen-test in headless Chromium): components are
//! mounted with state from the core and looked up by test id, never by whole inner HTML.
//! Run with `make test-wasm`. New component tests go here, one `#[wasm_bindgen_test]` each.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use persona_core::import::ImportSession;
use persona_core::ingest::profile_bytes;
use persona_studio::app::AppState;
use persona_studio::components::file_card::FileCard;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ORDERS: &[u8] = b"order_id,customer_id,order_date,amount\n1,C1,2024-01-02,10.50\n2,C2,2024-01-03,x,y\n3,C1,2024-01-04\n4,C3,2024-01-05,7.25\n";

fn host() -> web_sys::HtmlElement {
    let doc = web_sys::window().and_then(|w| w.document()).expect("document");
    let el = doc.create_element("div").expect("div");
    doc.body().expect("body").append_child(&el).expect("append");
    el.unchecked_into()
}

fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect()
}

fn select_value(root: &web_sys::HtmlElement, column: &str, testid: &str) -> String {
    let sel = root
        .query_selector(&format!("[data-column=\"{column}\"] [data-testid=\"{testid}\"]"))
        .expect("selector")
        .expect("select exists");
    sel.unchecked_into::<web_sys::HtmlSelectElement>().value()
}

async fn sleep(millis: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis)
            .expect("timeout");
    });
    wasm_bindgen_futures::JsFuture::from(p).await.expect("sleep");
}

/// Lets the effects run, and the work they spread over animation frames finish (the root
/// element carries `data-drawing` meanwhile).
async fn tick() {
    sleep(10).await;
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()).expect("root");
    for _ in 0..500 {
        if !root.has_attribute("data-drawing") {
            return;
        }
        sleep(10).await;
    }
    panic!("the page was still drawing after 5 s");
}

#[wasm_bindgen_test]
async fn file_card_lists_problem_rows_and_preselects_roles_and_types() {
    let mut session = ImportSession::new();
    session.add(profile_bytes("orders.csv", ORDERS).expect("profile"));
    let summary = session.summary();
    let root = host();
    let state = AppState::new();
    let mounted = summary.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        state.summary.set(mounted.clone());
        view! { <FileCard index=0 /> }
    });
    tick().await;
    let kind = root.query_selector("[data-testid=file-kind]").ok().flatten().and_then(|e| e.text_content());
    assert_eq!(kind.as_deref(), Some("transactions"));
    let lines: Vec<String> =
        all(&root, "[data-testid=problem-row] td:first-child").iter().filter_map(|e| e.text_content()).collect();
    assert_eq!(lines, ["3", "4"]);
    assert_eq!(all(&root, "[data-testid=column-row]").len(), 4);
    assert_eq!(select_value(&root, "amount", "role-select"), "order_value");
    assert_eq!(select_value(&root, "order_date", "type-select"), "date");

    // the card follows the state: a role changed elsewhere shows here
    let mut changed = summary;
    changed.files[0].columns[3].role = persona_core::roles::Role::Discount;
    state.summary.set(changed);
    tick().await;
    assert_eq!(select_value(&root, "amount", "role-select"), "discount");
}

/// The same constant as crates/core/tests/sample_fingerprint.rs: the browser's sample data is
/// byte for byte what the CLI and the native tests generate.
#[wasm_bindgen_test]
fn sample_data_is_the_same_in_the_browser_as_natively() {
    use persona_core::sample::{SampleConfig, fingerprint, generate};
    let (files, _) = generate(&SampleConfig { customers: 50, seed: 42 });
    assert_eq!(fingerprint(&files), 0xa58e_dc39_6d34_9ef3);
}

/// The sample's profiles, customer table and a segmentation, as the worker makes them.
fn sample_segmentation(
    customers: usize,
    settings: &persona_core::segment::SegmentSettings,
) -> (ImportSession, persona_core::segment::Segmentation, persona_core::features::CustomerTable) {
    use persona_core::sample::{SampleConfig, generate};
    let (files, _) = generate(&SampleConfig { customers, seed: 42 });
    let mut session = ImportSession::new();
    for (name, bytes) in &files {
        session.add(profile_bytes(name, bytes).expect("profile"));
    }
    let profiles: Vec<persona_core::ingest::FileProfile> = session.files().cloned().collect();
    let refs: Vec<&persona_core::ingest::FileProfile> = profiles.iter().collect();
    let by_name = |i: usize| files.iter().find(|(n, _)| *n == refs[i].name).map(|(_, b)| &b[..]).expect("file");
    let table = persona_core::features::gather(&refs, |i| Ok(by_name(i))).expect("table");
    let seg = persona_core::segment::run(&table, settings, &mut |_, _, _| {}).expect("segments");
    (session, seg, table)
}

/// The same constant as crates/core/tests/segment.rs: the segments the app finds are bit for
/// bit those of the CLI and the native tests.
#[wasm_bindgen_test]
fn segments_are_the_same_in_the_browser_as_natively() {
    let settings = persona_core::segment::SegmentSettings { max_k: 5, ..Default::default() };
    let (_, seg, _) = sample_segmentation(600, &settings);
    assert_eq!(seg.fingerprint(), 0x9d9c_a232_8150_3e10);
}

#[wasm_bindgen_test]
async fn segments_page_shows_rfm_segment_cards_and_charts() {
    use persona_studio::digest::SegmentsDigest;
    use persona_studio::pages::segments::SegmentsPage;
    let settings = persona_core::segment::SegmentSettings { k: Some(4), n_init: 3, ..Default::default() };
    let (mut session, seg, table) = sample_segmentation(400, &settings);
    let digest = SegmentsDigest::new(&seg.view(&table)).page_view();
    let summary = session.summary();
    let root = host();
    let state = AppState::new();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        state.summary.set(summary.clone());
        state.show_segments(digest.clone());
        view! { <SegmentsPage /> }
    });
    tick().await;
    assert_eq!(all(&root, "[data-testid=segment-card]").len(), 4);
    assert_eq!(all(&root, "[data-testid=rfm-table] tbody tr").len(), 10);
    let figures: Vec<String> = all(&root, "figure.chart")
        .iter()
        .filter(|f| f.query_selector("svg").ok().flatten().is_some())
        .filter_map(|f| f.get_attribute("data-testid"))
        .collect();
    assert_eq!(figures, ["chart-rfm", "chart-sizes", "chart-heatmap", "chart-scatter"]);
    // every chart has its table for screen readers
    assert_eq!(all(&root, "figure.chart details table").len(), 4);
    // the feature picker offers what the data has, ticked as the run was
    let gender = root.query_selector("[data-testid=feature-gender]").ok().flatten().expect("gender checkbox");
    assert!(gender.unchecked_into::<web_sys::HtmlInputElement>().checked());
}

#[wasm_bindgen_test]
async fn persona_page_shows_the_document_and_edits_every_field() {
    use persona_core::deck::Deck;
    use persona_core::persona::{self, PersonaSettings};
    use persona_studio::digest::{DeckView, segment_charts};
    use persona_studio::pages::persona::PersonaPage;
    let settings = persona_core::segment::SegmentSettings { k: Some(4), n_init: 3, ..Default::default() };
    let (_, seg, table) = sample_segmentation(600, &settings);
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let mut deck = Deck::new();
    deck.refresh(&drafts, &vec![None; seg.k], "run");
    let charts = segment_charts(&seg.view(&table), drafts.iter().map(|d| d.segment));
    let view = DeckView::new(&deck, &charts, None);
    let id = view.personas[0].id;
    let name = view.personas[0].name.clone();
    let root = host();
    let state = AppState::new();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        state.deck.set(view.clone());
        view! { <PersonaPage id /> }
    });
    tick().await;
    let text = |sel: &str| root.query_selector(sel).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default();
    assert_eq!(text("[data-testid=field-name] h1"), name);
    assert!(all(&root, "[data-testid=figure]").len() >= 8, "statements carry their figures");
    assert_eq!(all(&root, "[data-testid=persona-chart] svg").len(), 1);
    assert_eq!(all(&root, "[data-testid=persona-chart-rfm] svg").len(), 1);
    assert_eq!(all(&root, ".doc-aside figure details table").len(), 2, "each chart has its data table");
    assert_eq!(all(&root, "[data-testid=avatar] svg").len(), 1);
    // Edit: one box per field, filled with what is shown
    let toggle: web_sys::HtmlElement =
        root.query_selector("[data-testid=edit-toggle]").ok().flatten().expect("edit button").unchecked_into();
    toggle.click();
    tick().await;
    let boxes = all(&root, "[data-testid=edit-form] textarea");
    assert_eq!(boxes.len(), 14, "every field, the attributes among them");
    let first: web_sys::HtmlTextAreaElement = boxes[0].clone().unchecked_into();
    assert_eq!(first.value(), name);
}

#[wasm_bindgen_test]
async fn workspaces_page_lists_every_workspace_marks_the_open_one_and_escapes_names() {
    use persona_studio::pages::workspaces::WorkspacesPage;
    use persona_studio::storage::{Entry, Index};
    let root = host();
    let state = AppState::new();
    state.index.set(Index {
        current: "b".into(),
        list: vec![
            Entry { id: "a".into(), name: "Spring <b>sale</b>".into(), rev: 3, saved: 1.7e12, personas: 6 },
            Entry { id: "b".into(), name: "Autumn".into(), rev: 0, saved: 0.0, personas: 0 },
        ],
    });
    state.current.set("b".into());
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        view! { <WorkspacesPage /> }
    });
    // the list is drawn a frame after a change
    sleep(50).await;
    let rows = all(&root, "[data-testid=\"workspace-row\"]");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].get_attribute("data-current").as_deref(), Some("true"));
    let names: Vec<String> = all(&root, "[data-testid=\"workspace-rename\"]")
        .into_iter()
        .map(|e| e.unchecked_into::<web_sys::HtmlInputElement>().value())
        .collect();
    assert_eq!(names, ["Spring <b>sale</b>", "Autumn"], "names are text, never markup");
    assert!(all(&root, "b").is_empty());
    assert!(rows[0].text_content().unwrap_or_default().contains("6 personas · saved"));
    assert!(rows[1].text_content().unwrap_or_default().contains("not saved yet"));
    // the open workspace cannot be opened again; the other can
    let open: Vec<bool> =
        all(&root, "[data-testid=\"workspace-open\"]").into_iter().map(|b| b.has_attribute("disabled")).collect();
    assert_eq!(open, [false, true]);
}

#[wasm_bindgen_test]
async fn journeys_page_shows_each_segments_funnel_and_a_persona_map_and_keeps_the_focus_on_redraw() {
    use persona_core::deck::Deck;
    use persona_core::journey::EventLog;
    use persona_core::journey_plan::{JourneyPlan, report};
    use persona_core::persona::{self, PersonaSettings};
    use persona_studio::journey_doc::{JourneyPage, journeys_html};
    use persona_studio::pages::journeys::WorkerHtml;
    let settings = persona_core::segment::SegmentSettings { k: Some(4), n_init: 3, ..Default::default() };
    let (session, seg, table) = sample_segmentation(600, &settings);
    let (files, _) = persona_core::sample::generate(&persona_core::sample::SampleConfig { customers: 600, seed: 42 });
    let bytes = &files.iter().find(|(n, _)| *n == "events.csv").expect("events").1;
    let profile = session.files().find(|p| p.name == "events.csv").expect("profiled").clone();
    let log = EventLog::read(&profile, bytes).expect("an events file").expect("reads");
    let group: Vec<Option<usize>> =
        log.rows_in(&table.ids).into_iter().map(|r| r.map(|r| seg.assignment[r] as usize)).collect();
    let view = seg.view(&table);
    let labels: Vec<String> = view.segments.iter().map(|s| s.label.clone()).collect();
    let plan = JourneyPlan::default();
    let r = report(&log, &plan, &group, &labels, &vec![None; group.len()]);
    let mut deck = Deck::new();
    deck.refresh(&persona::drafts(&table, &seg, &PersonaSettings::default()), &vec![None; seg.k], "run");
    let page = |r| {
        journeys_html(&JourneyPage {
            plan: &plan,
            report: Some(r),
            note: None,
            editable: true,
            deck: &deck,
            lifecycle: None,
            has_orders: true,
        })
    };
    let html = page(&r);
    let root = host();
    let state = AppState::new();
    let shown = state.journeys;
    let first = html.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        shown.set(Some(first.clone()));
        view! { <WorkerHtml view=shown /> }
    });
    tick().await;
    let heads: Vec<String> = all(&root, "[data-testid=funnel-table] thead th")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(heads.len(), 2 + 4, "the stage, everyone and each segment: {heads:?}");
    assert_eq!(heads[1], "Everyone");
    assert_eq!(all(&root, "[data-testid=journey-map] tr[data-field]").len(), 6, "goal to opportunities");
    assert!(all(&root, "[data-testid=journey-map] .map-entry").len() >= 2 * 4, "two personas at each stage");
    // a redraw (the worker's answer to a change) keeps the focus where the user was
    let field: web_sys::HtmlElement =
        root.query_selector("#stage-name-1").ok().flatten().expect("stage field").unchecked_into();
    field.focus().expect("focus");
    shown.set(Some(persona_studio::protocol::HtmlView { html: format!("{} ", html.html), charts: Vec::new() }));
    tick().await;
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()).map(|e| e.id());
    assert_eq!(active.as_deref(), Some("stage-name-1"));
}

/// Reads a file as the worker's import does: profile and customer table in one pass.
fn imported(name: &str, bytes: &[u8]) -> persona_core::ingest::ProfiledFile {
    let mut pass = persona_core::features::OnePass::new(name);
    for chunk in bytes.chunks(1 << 20) {
        pass.feed(chunk);
    }
    pass.finish().expect("profile").0
}

/// The link between files counts every customer id once and matches only real ones, with as
/// many ids as real exports have. (A 32-bit id hash, which the browser's word size gave, lost
/// about twenty of these ids to collisions and matched a few that were not there.)
#[wasm_bindgen_test]
fn files_link_by_every_one_of_400000_customer_ids_in_the_browser() {
    use std::fmt::Write as _;
    let (known, unknown) = (300_000usize, 100_000usize);
    let mut customers = String::from("customer_id,age\n");
    for i in 0..known {
        writeln!(customers, "K{i:07},{}", 20 + i % 50).unwrap();
    }
    // every id once, in no order; the last 100,000 are not in the customers file
    let all = known + unknown;
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    for i in 0..all {
        writeln!(orders, "{i},K{:07},2024-01-{:02},{}.50", (i * 7919) % all, 1 + i % 28, i % 90).unwrap();
    }
    let mut session = ImportSession::new();
    session.add(imported("customers.csv", customers.as_bytes()));
    session.add(imported("orders.csv", orders.as_bytes()));
    let summary = session.summary();
    let link = summary.links.first().expect("orders.csv is linked to customers.csv");
    assert_eq!(
        (link.distinct_ids, link.matched, link.unmatched, link.customers_without),
        (all as u64, known as u64, unknown as u64, 0),
        "distinct ids, matched, unmatched, customers without orders"
    );
}

#[wasm_bindgen_test]
async fn a_file_is_read_byte_for_byte_in_whole_slices_streamed_or_not() {
    use persona_studio::worker::{CHUNK, read_slices};
    // 9.5 MiB that no shifted copy matches: a slice read twice or skipped would show
    let len = 19 * (1 << 19);
    let mut x = 1u32;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&bytes[..]));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, "big.csv").expect("file");
    let chunk = CHUNK as usize;
    let first = 2 * persona_core::features::HEAD_BYTES;
    for stream in [true, false] {
        // from the start: a short first slice (a second reader waits for it), then whole ones
        let (read, sizes, streamed) = read_slices(&file, 0.0, stream).await.expect("read");
        assert_eq!(streamed, stream, "Chromium's file streams are byte streams");
        assert!(read == bytes, "streamed {stream}: the bytes differ");
        assert_eq!(sizes, [first, chunk, len - first - chunk], "streamed {stream}");
        // from a cut in the middle, as the second reader reads
        let at = 1_234_567;
        let (read, sizes, _) = read_slices(&file, at as f64, stream).await.expect("read");
        assert!(read == bytes[at..], "streamed {stream}: the bytes from the cut differ");
        assert_eq!(sizes, [chunk, chunk, len - at - 2 * chunk], "streamed {stream}");
    }
}
