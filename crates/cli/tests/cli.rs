//! End-to-end tests of the `persona` binary: real files on disk, JSON on stdout.

use std::process::Command;

fn persona(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_persona")).args(args).output().expect("run persona")
}

/// A folder of this test's own holding the sample's files for `customers` customers.
fn sample_folder(tag: &str, customers: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("persona-cli-{tag}-{}", std::process::id()));
    let out = persona(&["sample", "--customers", &customers.to_string(), "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

#[test]
fn profile_prints_the_import_summary_as_json() {
    let dir = std::env::temp_dir().join(format!("persona-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let customers = dir.join("kunden.csv");
    let orders = dir.join("orders.csv");
    std::fs::write(&customers, b"\xEF\xBB\xBFKundennummer;Alter;Stadt\r\nK1;34;M\xC3\xBCnchen\r\nK2;25;Berlin\r\n")
        .expect("write");
    std::fs::write(
        &orders,
        b"order_id,customer_id,order_date,amount\n1,K1,2024-01-02,10\n2,K3,2024-01-03,5\n3,K2,x,y,z\n",
    )
    .expect("write");
    let out = persona(&["profile", "--compact", customers.to_str().unwrap(), orders.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["files"][0]["kind"], "customers");
    assert_eq!(v["files"][0]["encoding"]["bom"], true);
    assert_eq!(v["files"][0]["dialect"]["separator"], "semicolon");
    assert_eq!(v["files"][0]["columns"][1]["role"], "age");
    assert_eq!(v["files"][1]["kind"], "transactions");
    assert_eq!(v["files"][1]["problems"][0]["line"], 4);
    assert_eq!(v["links"][0]["unmatched"], 1);
    // gathering the customer figures in the same reading changes nothing in the profile
    let gathered =
        persona(&["profile", "--compact", "--gather", customers.to_str().unwrap(), orders.to_str().unwrap()]);
    assert!(gathered.status.success());
    assert_eq!(gathered.stdout, out.stdout);
    std::fs::remove_dir_all(&dir).ok();
}

/// A warehouse's unload is gzipped: read as the file inside, under its name, with the same
/// customers as the file itself; a damaged one is named, and nothing unzipped is left behind.
#[test]
fn a_gzipped_unload_is_read_as_the_file_inside() {
    use std::io::Write;
    let dir = sample_folder("gz", 300);
    let orders = dir.join("orders.csv");
    let gz = dir.join("data_0_0_0.csv.gz");
    let mut zip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    zip.write_all(&std::fs::read(&orders).expect("orders")).expect("zip");
    let zipped = zip.finish().expect("zip");
    std::fs::write(&gz, &zipped).expect("write");
    let ids = |file: &std::path::Path| {
        let out = persona(&["segment", "--compact", "--k", "3", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")["ids"].clone()
    };
    assert_eq!(ids(&gz), ids(&orders));
    let out = persona(&["profile", "--compact", gz.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["files"][0]["name"], "data_0_0_0.csv");
    let mut damaged = zipped.clone();
    let middle = damaged.len() / 2;
    damaged[middle..middle + 64].iter_mut().for_each(|b| *b ^= 0x55);
    let bad = dir.join("damaged.csv.gz");
    std::fs::write(&bad, &damaged).expect("write");
    let out = persona(&["profile", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged.csv.gz: could not be unzipped"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_or_binary_file_is_reported_and_the_rest_still_profiled() {
    let dir = std::env::temp_dir().join(format!("persona-cli-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let xlsx = dir.join("book.xlsx");
    let good = dir.join("good.csv");
    std::fs::write(&xlsx, b"PK\x03\x04\x14\x00\x06\x00rest").expect("write");
    std::fs::write(&good, b"a,b\n1,2\n").expect("write");
    let out = persona(&["profile", xlsx.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Excel"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["files"].as_array().map(Vec::len), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn segment_prints_rfm_and_segments_and_refuses_bad_roles() {
    let dir = std::env::temp_dir().join(format!("persona-cli-seg-{}", std::process::id()));
    let out = persona(&["sample", "--customers", "600", "--seed", "5", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let files: Vec<String> = ["customers.csv", "orders.csv", "events.csv", "feedback.csv"]
        .iter()
        .map(|f| dir.join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["segment", "--compact", "--k", "4", "--analysis-date", "2026-01-01"];
    args.extend(files.iter().map(String::as_str));
    let out = persona(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let seg = &v["segmentation"];
    assert_eq!(v["ids"].as_array().unwrap().len(), 600);
    assert_eq!(seg["k"], 4);
    assert_eq!(seg["segments"].as_array().unwrap().len(), 4);
    assert_eq!(seg["rfm"]["rules"]["rules"].as_array().unwrap().len(), 10);
    // 2026-01-01 is day 20454 since 1970-01-01
    assert_eq!(seg["rfm"]["analysis_day"], 20454);
    // the same run again gives the same bytes
    assert_eq!(persona(&args).stdout, out.stdout);
    assert!(v.get("personas").is_none(), "personas only when asked");

    // --personas: one draft per segment that is not small, named after nobody twice
    args.push("--personas");
    let out = persona(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let small = v["segmentation"]["segments"].as_array().unwrap().iter().filter(|s| s["small"] == true).count();
    let drafts = v["personas"].as_array().unwrap();
    assert_eq!(drafts.len(), 4 - small);
    assert!(drafts.iter().all(|d| d["story"].as_str().is_some_and(|s| !s.is_empty())));

    let mut bad = vec!["segment", "--role", "orders.csv:amount=shoe_size"];
    bad.extend(files.iter().map(String::as_str));
    let out = persona(&bad);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown role"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn journey_prints_the_funnel_of_an_events_file_and_refuses_others() {
    let dir = std::env::temp_dir().join(format!("persona-cli-journey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let events = dir.join("touchpoints.csv");
    // three customers: one buys the day after seeing an ad, one stops at the cart, one only sees the ad
    std::fs::write(
        &events,
        "Kundennummer,Zeitpunkt,Ereignis\n\
         K1,2024-03-01 10:00,Anzeige gesehen\nK1,2024-03-01 12:00,Warenkorb\nK1,2024-03-02 10:00,Bestellung\n\
         K2,2024-03-01 09:00,Anzeige gesehen\nK2,2024-03-05 09:00,Warenkorb\n\
         K3,2024-03-02 08:00,Anzeige gesehen\n",
    )
    .expect("write");
    let out = persona(&["journey", "--compact", events.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["stages"], serde_json::json!(["Awareness", "Consideration", "Purchase"]));
    let counts: Vec<u64> =
        v["funnel"]["steps"].as_array().unwrap().iter().map(|s| s["customers"].as_u64().unwrap()).collect();
    assert_eq!(counts, [3, 2, 1]);
    assert_eq!(v["funnel"]["steps"][2]["time_from_previous"]["median"], 22.0 * 3600.0);
    // a customers file has no events: said, and a failure
    let customers = dir.join("customers.csv");
    std::fs::write(&customers, "customer_id,age\nC1,30\nC2,40\n").expect("write");
    let bad = persona(&["journey", customers.to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no customer id, event time and event type columns"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn segment_writes_a_personalisation_export_a_spreadsheet_reads() {
    let dir = sample_folder("export", 600);
    let file = |n: &str| dir.join(n).to_str().unwrap().to_owned();
    let export = file("export.csv");
    let (c, o, e) = (file("customers.csv"), file("orders.csv"), file("events.csv"));
    let run = persona(&["segment", "--k", "3", "--compact", "--export-personalisation", &export, &c, &o, &e]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let csv = std::fs::read_to_string(&export).expect("written");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "customer_id,segment,persona,current_stage,message_awareness,message_consideration,message_purchase,message_advocacy"
    );
    assert_eq!(lines.len(), 601, "a row per customer");
    // our own reader (and so a spreadsheet) finds the same columns in every row
    let profiled = persona_core_profile(&csv);
    assert_eq!(profiled, (600, 0));
    std::fs::remove_dir_all(&dir).ok();
}

/// Rows and rows left out when the app's reader reads `csv`, through `persona profile`.
fn persona_core_profile(csv: &str) -> (u64, u64) {
    let dir = std::env::temp_dir().join(format!("persona-cli-reread-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("reread.csv");
    std::fs::write(&path, csv).unwrap();
    let out = persona(&["profile", "--compact", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    std::fs::remove_dir_all(&dir).ok();
    (v["files"][0]["rows"].as_u64().unwrap(), v["files"][0]["skipped_rows"].as_u64().unwrap())
}

#[test]
fn segment_writes_a_workspace_the_app_opens_and_every_customers_segment() {
    use persona_core::workspace::Workspace;
    let dir = sample_folder("workspace", 800);
    let file = |n: &str| dir.join(n).to_str().unwrap().to_owned();
    let (ws_path, assignments) = (file("Spring.persona-workspace"), file("assignments.csv"));
    let (c, o) = (file("customers.csv"), file("orders.csv"));
    let run =
        persona(&["segment", "--k", "4", "--compact", "--workspace", &ws_path, "--assignments", &assignments, &c, &o]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let v_files: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    // with the assignments in their file, the JSON leaves the per-customer lists out
    assert!(v_files.get("ids").is_none() && v_files["segmentation"].get("assignment").is_none());
    assert!(v_files["segmentation"]["rfm"].get("scores").is_none(), "the RFM scores are in the file");
    // every customer's segment, as the JSON of the same run without the file says (from 1)
    let plain = persona(&["segment", "--k", "4", "--compact", &c, &o]);
    let v_plain: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("json");
    assert_eq!(v_files["segmentation"]["segments"], v_plain["segmentation"]["segments"]);
    let v = v_plain;
    let csv = std::fs::read_to_string(&assignments).expect("written");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "customer_id,segment,segment_label,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_segment",
        "the columns of the SQL export's result"
    );
    assert_eq!(lines.len(), 801, "a row per customer");
    // each customer's RFM as the JSON of the plain run scores it
    let scores = v["segmentation"]["rfm"]["scores"].as_array().unwrap();
    let first = &scores[0];
    // from the end: a label may hold commas, the RFM columns do not
    let tail: Vec<&str> = lines[1 + first["customer"].as_u64().unwrap() as usize].rsplitn(8, ',').collect();
    let got = [tail[6], tail[5], tail[3], tail[2], tail[1]].map(str::to_owned);
    let want = ["recency_days", "frequency", "r", "f", "m"].map(|k| first[k].to_string());
    assert_eq!(got, want);
    let ids = v["ids"].as_array().unwrap();
    let assignment = v["segmentation"]["assignment"].as_array().unwrap();
    for (i, line) in lines[1..].iter().enumerate() {
        let mut cells = line.split(',');
        assert_eq!(cells.next(), ids[i].as_str());
        assert_eq!(cells.next().unwrap().parse::<u64>().unwrap(), assignment[i].as_u64().unwrap() + 1);
    }
    // the workspace opens as the app opens it, with the segments, a persona per segment and
    // what a refresh compares with; no customer id is in it
    let text = std::fs::read_to_string(&ws_path).expect("written");
    let ws = Workspace::open(&text).expect("a workspace");
    assert_eq!(ws.name, "Spring");
    let view = ws.segmentation.as_ref().expect("segments");
    assert_eq!(view.k, 4);
    assert_eq!(
        ws.persona_count(),
        v["segmentation"]["segments"].as_array().unwrap().iter().filter(|s| s["small"] == false).count()
    );
    let last = ws.refresh.last_run.as_ref().expect("kept for a refresh");
    assert_eq!(last.model.centroids.len(), 4);
    assert!(last.record.is_none(), "no record without consent");
    let json = serde_json::to_string(&ws).unwrap();
    assert!(!json.contains("C000001") && !json.contains("C000800"), "no customer id in the workspace");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn segment_writes_the_sql_that_scores_every_customer_and_says_what_it_cannot_export() {
    let dir = sample_folder("sql", 600);
    let file = |n: &str| dir.join(n).to_str().unwrap().to_owned();
    let (c, o, e, sql) = (file("customers.csv"), file("orders.csv"), file("events.csv"), file("segments.sql"));
    for (dialect, quoted) in [("duckdb", "\"order_date\""), ("spark", "`order_date`")] {
        let run = persona(&["segment", "--k", "3", "--compact", "--sql", &sql, "--sql-dialect", dialect, &c, &o]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let query = std::fs::read_to_string(&sql).expect("written");
        assert!(query.starts_with("-- Persona Studio: 3 segments fitted on 600 customers"), "{}", &query[..200]);
        assert!(query.contains(quoted) && query.contains("FROM customers") && query.contains("FROM orders"));
    }
    // the tables' names as the warehouse has them
    let run = persona(&[
        "segment",
        "--k",
        "3",
        "--sql",
        &sql,
        "--customers-table",
        "crm.customers_2026",
        "--orders-table",
        "crm.order_lines",
        &c,
        &o,
    ]);
    assert!(run.status.success());
    let query = std::fs::read_to_string(&sql).unwrap();
    assert!(query.contains("FROM crm.customers_2026") && query.contains("FROM crm.order_lines"));
    // the events' mixes are not in either table: refused by name, the rest still printed
    std::fs::remove_file(&sql).unwrap();
    let run = persona(&["segment", "--k", "3", "--compact", "--sql", &sql, &c, &o, &e]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(err.contains("--sql:") && err.contains("events.csv") && err.contains("leave them out"), "{err}");
    assert!(!std::path::Path::new(&sql).exists(), "no query written");
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).expect("the JSON still printed");
    assert_eq!(v["segmentation"]["k"], 3);
    let bad = persona(&["segment", "--sql", &sql, "--sql-dialect", "oracle", &c]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected duckdb or spark"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn above_the_fit_limit_the_cli_fits_a_sample_and_says_so() {
    let dir = sample_folder("limit", 1500);
    let c = dir.join("customers.csv").to_str().unwrap().to_owned();
    let run = persona(&["segment", "--k", "4", "--compact", "--fit-limit", "500", &c]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("fitted on a seeded sample of 500 of the 1,500 customers"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    assert_eq!(v["segmentation"]["fitted_on"], 500);
    assert_eq!(v["segmentation"]["assignment"].as_array().unwrap().len(), 1500, "everyone placed");
    let whole = persona(&["segment", "--k", "4", "--compact", &c]);
    let v: serde_json::Value = serde_json::from_slice(&whole.stdout).expect("json");
    assert!(v["segmentation"]["fitted_on"].is_null(), "under the default limit, fitted on everyone");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn assignments_keep_ids_as_they_are_and_guard_labels_a_spreadsheet_would_run() {
    let dir = std::env::temp_dir().join(format!("persona-cli-formula-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // two clear groups, told apart by a plan whose values read as formulas in a spreadsheet
    let mut csv = String::from("customer_id,plan,income\n");
    for i in 0..400 {
        let (plan, income) = if i % 2 == 0 { ("=HYPERLINK()", 20_000 + i) } else { ("@SUM()", 90_000 + i) };
        csv.push_str(&format!("-C{i:04},{plan},{income}\n"));
    }
    let customers = dir.join("customers.csv");
    std::fs::write(&customers, csv).unwrap();
    let out = dir.join("assignments.csv");
    let run = persona(&[
        "segment",
        "--k",
        "2",
        "--compact",
        "--assignments",
        out.to_str().unwrap(),
        customers.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    // id, segment, then the label (quoted: it holds a comma)
    let rows: Vec<Vec<&str>> =
        text.lines().skip(1).map(|l| l.splitn(3, ',').map(|c| c.trim_matches('"')).collect()).collect();
    assert_eq!(rows.len(), 400);
    // the ids join back as they are, a leading minus included
    assert!(rows.iter().all(|r| r[0].starts_with("-C")), "{text}");
    // no other cell starts as a formula; the labels that would are shown with a leading '
    for r in &rows {
        for cell in &r[1..] {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a formula cell: {cell:?}");
        }
    }
    assert!(rows.iter().any(|r| r[2].starts_with("'=HYPERLINK") || r[2].starts_with("'@SUM")), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn assignments_give_each_customers_money_as_summed_without_float_noise() {
    let fixture =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/exports/shopify_orders.csv");
    let out_file = std::env::temp_dir().join(format!("persona-cli-money-{}.csv", std::process::id()));
    let run = persona(&["segment", "--k", "2", "--assignments", out_file.to_str().unwrap(), fixture.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let csv = std::fs::read_to_string(&out_file).expect("written");
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",monetary,r_score,f_score,m_score,rfm_segment"));
    let mut rows = 0;
    for line in lines {
        // order totals in cents add up to cents (read from the end: a label may hold commas)
        let cell = line.rsplit(',').nth(4).unwrap();
        let decimals = cell.split_once('.').map_or(0, |(_, d)| d.len());
        assert!(decimals <= 2, "{cell} in {line}");
        rows += 1;
    }
    assert_eq!(rows, 120);
    std::fs::remove_file(&out_file).ok();
}
