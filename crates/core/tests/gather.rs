//! The customer table gathered while importing ([`OnePass`]) is the table read again after the
//! import ([`features::gather`]), whether the plan made from the first rows holds or not, and
//! after role changes that do or do not touch the table.

use persona_core::features::{self, CustomerTable, FeatureData, FilePart, OnePass, TableBuilder};
use persona_core::import::ImportSession;
use persona_core::ingest::{FileProfile, ProfiledFile};
use persona_core::roles::Role;
use persona_core::sample::{self, SampleConfig};

/// Imports `files` in one pass each (fed in 8 KiB chunks, plans made after `head` bytes).
fn import(files: &[(String, Vec<u8>)], head: usize) -> (ImportSession, Vec<Option<FilePart>>) {
    let mut session = ImportSession::new();
    let mut parts = Vec::new();
    for (name, bytes) in files {
        let mut pass = OnePass::with_head(name.clone(), head);
        for chunk in bytes.chunks(8 << 10) {
            pass.feed(chunk);
        }
        let (file, part): (ProfiledFile, _) = pass.finish().expect("profiles");
        session.add(file);
        parts.push(part);
    }
    (session, parts)
}

/// The table from the kept parts, reading again what `reuse` asks for; and the files it asked for.
fn from_parts(
    session: &ImportSession,
    files: &[(String, Vec<u8>)],
    parts: Vec<Option<FilePart>>,
) -> (CustomerTable, Vec<String>) {
    let profiles: Vec<&FileProfile> = session.files().collect();
    let (_, again) = TableBuilder::reuse(&profiles, Vec::new());
    assert_eq!(again.len(), profiles.iter().filter(|p| p.columns.iter().any(|c| c.role == Role::CustomerId)).count());
    let mut asked = Vec::new();
    let table = features::gather_again(&profiles, parts, |i| {
        asked.push(profiles[i].name.clone());
        Ok(&files.iter().find(|(n, _)| *n == profiles[i].name).expect("named").1[..])
    })
    .expect("in memory");
    (table, asked)
}

fn read_again(session: &ImportSession, files: &[(String, Vec<u8>)]) -> CustomerTable {
    let profiles: Vec<&FileProfile> = session.files().collect();
    features::gather(&profiles, |i| Ok(&files.iter().find(|(n, _)| *n == profiles[i].name).expect("named").1[..]))
        .expect("in memory")
}

/// Where two tables first differ (the tables are too big to print whole).
fn same(a: &CustomerTable, b: &CustomerTable) -> Result<(), String> {
    if a.ids != b.ids {
        return Err(format!("ids: {} against {}", a.ids.len(), b.ids.len()));
    }
    let keys = |t: &CustomerTable| t.features.iter().map(|f| f.info.key.clone()).collect::<Vec<_>>();
    if keys(a) != keys(b) {
        return Err(format!("features {:?} against {:?}", keys(a), keys(b)));
    }
    for (x, y) in a.features.iter().zip(&b.features) {
        if x.info != y.info {
            return Err(format!("{:?} against {:?}", x.info, y.info));
        }
        // NaN (missing) is not equal to itself: numbers are compared bit for bit
        let equal = match (&x.data, &y.data) {
            (FeatureData::Numeric(p), FeatureData::Numeric(q)) => {
                p.len() == q.len() && p.iter().zip(q).all(|(p, q)| p.to_bits() == q.to_bits())
            }
            (p, q) => p == q,
        };
        if !equal {
            return Err(format!("the values of {}", x.info.key));
        }
    }
    if a.orders != b.orders || a.has_transactions != b.has_transactions {
        return Err("orders".into());
    }
    if a.mixes_left_out != b.mixes_left_out {
        return Err(format!("mixes left out: {:?} against {:?}", a.mixes_left_out, b.mixes_left_out));
    }
    let words = |t: &CustomerTable| {
        (0..t.comments.vocabulary.len() as u32).map(|i| t.comments.vocabulary.term(i).to_owned()).collect::<Vec<_>>()
    };
    if a.comments != b.comments || words(a) != words(b) || a.comments.score_max != b.comments.score_max {
        return Err("comments".into());
    }
    Ok(())
}

fn sample_files(customers: usize) -> Vec<(String, Vec<u8>)> {
    let (files, _) = sample::generate(&SampleConfig { customers, seed: 11 });
    files.into_iter().map(|(n, b)| (n.to_owned(), b)).collect()
}

#[test]
fn one_pass_gives_the_table_that_reading_again_gives() {
    let files = sample_files(2000);
    // a head far smaller than the files: every plan comes from the first rows and holds
    for head in [16 << 10, usize::MAX] {
        let (session, parts) = import(&files, head);
        assert!(parts.iter().all(Option::is_some), "every sample file has customer ids");
        let (table, asked) = from_parts(&session, &files, parts);
        assert!(asked.is_empty(), "nothing read again, asked for {asked:?}");
        let again = read_again(&session, &files);
        assert_eq!(table.len(), 2000);
        same(&table, &again).unwrap_or_else(|e| panic!("head {head}: {e}"));
    }
}

#[test]
fn a_misleading_head_or_a_role_change_reads_the_file_again() {
    // interests look like single categories in the first rows (beyond the 64 KiB that the
    // dialect is sniffed on, which are read in one go) and turn out to be lists
    let mut csv = String::from("customer_id,age,interests,email\n");
    for i in 0..5000 {
        let interests = if i < 3000 {
            ["hiking", "cooking", "travel"][i % 3].to_owned()
        } else {
            format!("hiking; {}", ["yoga", "wine", "music"][i % 3])
        };
        csv.push_str(&format!("C{i:05},{},{interests},n{i}@example.com\n", 20 + i % 50));
    }
    let customer = |i: usize| (i * 7) % 5300;
    let orders: String =
        std::iter::once("order_id,customer_id,order_date,amount\n".to_owned())
            .chain((0..2000).map(|i| {
                format!("{i},C{:05},2025-{:02}-{:02},{}.50\n", customer(i), 1 + i % 12, 1 + i % 28, 10 + i % 90)
            }))
            .collect();
    let only_ordering = (0..2000).map(customer).filter(|&c| c >= 5000).collect::<std::collections::BTreeSet<_>>().len();
    let files = vec![("customers.csv".to_owned(), csv.into_bytes()), ("orders.csv".to_owned(), orders.into_bytes())];
    let (session, parts) = import(&files, 2 << 10);
    assert!(parts[0].is_none(), "the first rows said category, the file says list");
    assert!(parts[1].is_some());
    let (table, asked) = from_parts(&session, &files, parts);
    assert_eq!(asked, ["customers.csv"]);
    same(&table, &read_again(&session, &files)).unwrap();
    assert_eq!(table.len(), 5000 + only_ordering, "customers only in the orders file count too");
    assert!(only_ordering > 0);

    // a role the table does not use: the parts hold
    let (mut session, parts) = import(&files, usize::MAX);
    session.set_role(0, 3, Role::Touchpoint);
    let _ = session.summary();
    let (table, asked) = from_parts(&session, &files, parts);
    assert!(asked.is_empty(), "asked for {asked:?}");
    same(&table, &read_again(&session, &files)).unwrap();
    // a role it does use: that file is read again
    let (_, parts) = import(&files, usize::MAX);
    session.set_role(0, 1, Role::Ignored);
    let _ = session.summary();
    let (table, asked) = from_parts(&session, &files, parts);
    assert_eq!(asked, ["customers.csv"]);
    assert!(table.feature("age").is_none());
    same(&table, &read_again(&session, &files)).unwrap();
}

#[test]
fn a_transaction_log_gathers_rfm_and_the_coarsest_product_column() {
    use persona_core::sample::{LogConfig, write_log};
    let mut log = Vec::new();
    let customers = write_log(&LogConfig { rows: 20_000, customers: 1_600, seed: 5 }, &mut log).expect("in memory");
    let text = std::str::from_utf8(&log).unwrap();
    assert!(
        text.starts_with("order_id,customer_id,order_date,amount,quantity,channel,category,product,discount_code\n")
    );
    assert_eq!(text.lines().count(), 20_001);
    // the same seed gives the same bytes
    let mut again = Vec::new();
    write_log(&LogConfig { rows: 20_000, customers: 1_600, seed: 5 }, &mut again).unwrap();
    assert_eq!(log, again);

    let files = vec![("log.csv".to_owned(), log)];
    let (session, parts) = import(&files, usize::MAX);
    let (table, _) = from_parts(&session, &files, parts);
    assert_eq!(table.len(), customers);
    let orders: u64 = table.orders.iter().flatten().map(|o| o.orders as u64).sum();
    assert_eq!(orders, 20_000, "a unique order id per row: every line is an order");
    // category (8 values) makes the mix, not the 2,400 SKUs
    let mix = table.feature("order_category").expect("a category mix");
    assert_eq!(mix.info.levels.len(), 8, "{:?}", &mix.info.levels[..mix.info.levels.len().min(10)]);
}

/// An orders log of `rows` lines over 200 customers, each line's product drawn (seeded) from
/// `products` names, the first `common` of them on nine lines in ten when `common` > 0.
fn product_log(rows: usize, products: usize, common: usize) -> Vec<u8> {
    let mut text = String::from("order_id,customer_id,order_date,amount,product\n");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    for i in 0..rows {
        let p = if common > 0 && next(10) < 9 { next(common) } else { next(products) };
        let (c, day) = (next(200), 1 + next(28));
        text.push_str(&format!("O{i},C{c},2024-03-{day:02},{}.50,Item number {p}\n", 5 + next(40)));
    }
    text.into_bytes()
}

/// Online Retail's product names (4,000 of them, the first met those of the first day's
/// invoices) make no product mix: shares of its first 64 products say nothing of what a
/// segment buys. The table says the mix is left out, and why; a column whose first levels
/// hold most rows still makes its mix.
#[test]
fn a_product_column_of_thousands_of_names_makes_no_mix_and_says_why() {
    let files = vec![("retail.csv".to_owned(), product_log(6_000, 1_500, 0))];
    let (session, parts) = import(&files, 1 << 12);
    let (table, _) = from_parts(&session, &files, parts);
    assert!(table.feature("order_category").is_none(), "no mix of the first products met");
    assert_eq!(table.mixes_left_out.len(), 1, "{:?}", table.mixes_left_out);
    let note = &table.mixes_left_out[0];
    assert!(note.starts_with("Product category mix is left out: \u{201c}retail.csv \u{203a} product\u{201d} has too many different values"), "{note}");
    // the first 64 of 1,500 names drawn alike hold a few percent of the lines
    let held = note.split("(the first 64 met cover only ").nth(1).and_then(|t| t.strip_suffix("% of its rows)"));
    assert!(held.and_then(|p| p.parse::<u32>().ok()).is_some_and(|p| (3..=8).contains(&p)), "{note}");
    same(&table, &read_again(&session, &files)).unwrap();
    assert!(table.feature("recency").is_some(), "RFM is there as before");

    // 70 names, the first 20 on nine lines in ten: the 64 first met hold nearly every line
    let files = vec![("retail.csv".to_owned(), product_log(6_000, 70, 20))];
    let (session, parts) = import(&files, 1 << 12);
    let (table, _) = from_parts(&session, &files, parts);
    let mix = table.feature("order_category").expect("a product mix");
    assert_eq!(mix.info.levels.len(), 64);
    assert!(table.mixes_left_out.is_empty(), "{:?}", table.mixes_left_out);
}

/// A number an orders file gives on each line is the customer's mean over their lines; a
/// customers file's number is taken as it is; a customer with no line has none. The same
/// however the files are read: gathered while imported, or read again.
#[test]
fn numbers_per_line_average_per_customer_and_attributes_are_taken_as_given() {
    let files = vec![
        ("customers.csv".to_owned(), b"customer_id,age\nC1,34\nC2,51\nC3,29\n".to_vec()),
        (
            "orders.csv".to_owned(),
            b"order_id,customer_id,order_date,amount,quantity\n\
              O1,C1,2024-01-05,10.00,1\nO2,C1,2024-02-05,20.00,2\nO3,C1,2024-03-05,30.00,6\n\
              O4,C2,2024-01-10,15.00,5\n"
                .to_vec(),
        ),
    ];
    let (session, parts) = import(&files, 1 << 20);
    let gathered = {
        let profiles: Vec<&FileProfile> = session.files().collect();
        let (builder, again) = TableBuilder::reuse(&profiles, parts);
        assert!(again.is_empty(), "both files were gathered while imported");
        builder.finish()
    };
    for table in [gathered, read_again(&session, &files)] {
        assert_eq!(table.ids.iter().map(|id| &**id).collect::<Vec<_>>(), ["C1", "C2", "C3"]);
        let numbers = |key: &str| match table.feature(key).map(|f| &f.data) {
            Some(FeatureData::Numeric(v)) => v.clone(),
            _ => panic!("no number {key}: {:?}", table.features.iter().map(|f| &f.info.key).collect::<Vec<_>>()),
        };
        let quantity = numbers("attr_quantity");
        assert_eq!(quantity[..2], [3.0, 5.0], "the mean of 1, 2 and 6, and of 5");
        assert!(quantity[2].is_nan(), "C3 has no order line");
        assert_eq!(numbers("age"), [34.0, 51.0, 29.0]);
    }
}

/// Two columns of one role in a file (a loan book's `annual_income` beside its `income_2`, an
/// `occupation` beside a `job_title`, `children` beside `household_size`) each keep their own
/// values: the first under the role, the second under its own name, neither written over.
#[test]
fn a_second_column_of_a_role_keeps_its_own_values() {
    let files = vec![(
        "customers.csv".to_owned(),
        b"customer_id,annual_income,partner_income,occupation,job_title,household_size,children\n\
          C1,52000,18000,Nurse,Senior,3,1\nC2,81000,0,Clerk,Junior,1,0\nC3,47000,30000,Nurse,Junior,4,2\n"
            .to_vec(),
    )];
    let (session, parts) = import(&files, 1 << 20);
    let gathered = {
        let profiles: Vec<&FileProfile> = session.files().collect();
        let roles: Vec<Role> = profiles[0].columns.iter().map(|c| c.role).collect();
        assert_eq!(roles[1..=2], [Role::Income, Role::Income], "both incomes have the role");
        assert_eq!(roles[3..=4], [Role::Occupation, Role::Occupation]);
        let (builder, _) = TableBuilder::reuse(&profiles, parts);
        builder.finish()
    };
    for table in [gathered, read_again(&session, &files)] {
        let numbers = |key: &str| match table.feature(key).map(|f| &f.data) {
            Some(FeatureData::Numeric(v)) => v.clone(),
            _ => panic!("no number {key}: {:?}", table.features.iter().map(|f| &f.info.key).collect::<Vec<_>>()),
        };
        assert_eq!(numbers("income"), [52000.0, 81000.0, 47000.0]);
        assert_eq!(numbers("income_partner_income"), [18000.0, 0.0, 30000.0]);
        assert_eq!(numbers("household_number"), [3.0, 1.0, 4.0]);
        assert_eq!(numbers("household_number_children"), [1.0, 0.0, 2.0]);
        let labels = |key: &str| table.feature(key).map(|f| f.info.label.clone()).unwrap_or_default();
        assert_eq!(labels("income_partner_income"), "partner_income");
        let levels = |key: &str| match table.feature(key) {
            Some(f) => match &f.data {
                FeatureData::Category(codes) => {
                    codes.iter().map(|&c| f.info.levels[c as usize].clone()).collect::<Vec<_>>()
                }
                _ => panic!("{key} is no category"),
            },
            None => panic!("no category {key}"),
        };
        assert_eq!(levels("occupation"), ["Nurse", "Clerk", "Nurse"]);
        assert_eq!(levels("occupation_job_title"), ["Senior", "Junior", "Junior"]);
    }
}

/// A fact a file says twice weighs once in the segments: of a number and its logarithm, two
/// numbers that rise together, a number and its bands under its name, a category and its
/// codes, a yes/no column, its copy and its opposite, the first stays ticked and the others are
/// left unticked, each saying which one it repeats; of a yes/no and the amount that is 0 just
/// where it says no, the amount stays. Columns that only go roughly together stay ticked, as
/// do two rare flags never yes together, two mostly-zero counts that differ where not 0,
/// gains and losses never both above 0, and a balance that is 0 where "paid in full" says yes.
#[test]
fn a_column_that_says_what_another_says_is_left_unticked() {
    let mut csv = String::from(
        "customer_id,Age,Experience,wage,logwage,R,Rcode,visits,Florence,Yes_Florence,No_Florence,\
         VMail Plan,vmail messages,education,education-num,complaint,refund,trips,miles,gains,losses,balance,paid in full\n",
    );
    for i in 0..1000u32 {
        let age = 23 + (i * 7919 % 43);
        let experience = age - 22 - (i % 2);
        let wage = 20.0 + f64::from(i * 104_729 % 997) / 7.0;
        let r = 1 + (i * 31 % 36);
        let rcode = 1 + (r - 1) / 9;
        // (rises with R, far from always)
        let visits = r + (i * 17 % 23);
        let florence = u32::from(i % 9 == 0);
        let messages = if i % 4 == 0 { 10 + i % 31 } else { 0 };
        let education = ["HS-grad", "Bachelors", "Masters", "Doctorate"][(i * 13 % 4) as usize];
        let education_num = [9, 13, 14, 16][(i * 13 % 4) as usize];
        // (rare, never together)
        let complaint = if i < 3 { "yes" } else { "no" };
        let refund = if (3..6).contains(&i) { "yes" } else { "no" };
        // (mostly 0, and where not, unrelated)
        let trips = if i % 3 == 0 { 1 + i * 7 % 11 } else { 0 };
        let miles = if i % 3 == 0 { 100 + i * 53 % 900 } else { 0 };
        // (0 where it says yes: no amount of it)
        let balance = if i % 5 == 0 { 0 } else { 100 + i % 300 };
        let paid = if balance == 0 { "yes" } else { "no" };
        // (never both above 0)
        let (gains, losses) = match i % 10 {
            0 => (1000 + i * 37 % 5000, 0),
            1 => (0, 200 + i * 11 % 2000),
            _ => (0, 0),
        };
        csv.push_str(&format!(
            "C{i},{age},{experience},{wage:.2},{:.4},{r},{rcode},{visits},{florence},{florence},{},{},{messages},\
             {education},{education_num},{complaint},{refund},{trips},{miles},{gains},{losses},{balance},{paid}\n",
            wage.ln(),
            1 - florence,
            if messages > 0 { "yes" } else { "no" }
        ));
    }
    let files = vec![("members.csv".to_owned(), csv.into_bytes())];
    let (session, _) = import(&files, 1 << 20);
    let table = read_again(&session, &files);
    let ticked = |label: &str| {
        let f = table.features.iter().find(|f| f.info.label.eq_ignore_ascii_case(label)).unwrap_or_else(|| {
            panic!("no {label}: {:?}", table.features.iter().map(|f| &f.info.label).collect::<Vec<_>>())
        });
        (f.info.default, f.info.same_as.clone())
    };
    let copy = |of: &str| (false, Some(of.to_owned()));
    assert_eq!(ticked("Age"), (true, None));
    assert_eq!(ticked("Experience"), copy("Age"));
    assert_eq!(ticked("wage"), (true, None));
    assert_eq!(ticked("logwage"), copy("wage"));
    assert_eq!(ticked("R"), (true, None));
    assert_eq!(ticked("Rcode"), copy("R"));
    assert_eq!(ticked("visits"), (true, None));
    assert_eq!(ticked("Florence"), (true, None));
    assert_eq!(ticked("Yes_Florence"), copy("Florence"));
    assert_eq!(ticked("No_Florence"), copy("Florence"));
    assert_eq!(ticked("vmail messages"), (true, None));
    assert_eq!(ticked("VMail Plan"), copy("vmail messages"));
    let education = table.features.iter().find(|f| f.info.key == "education").expect("education");
    assert!(education.info.default);
    assert_eq!(ticked("education-num"), copy(&education.info.label));
    for kept in ["complaint", "refund", "trips", "miles", "gains", "losses", "balance", "paid in full"] {
        assert_eq!(ticked(kept), (true, None), "{kept}");
    }
}
