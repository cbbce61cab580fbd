//! A file read by two readers, each from one end to a cut in the middle, gives what one reader
//! gives: the same rows, problems (with their lines), column types, roles and counts, and the
//! same part of the customer table. Only the numeric sample (quartiles, histogram) is drawn
//! differently, and sums can differ in their last bits.

use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use persona_core::features::{CustomerTable, FeatureData, OnePass, PassTail, TableBuilder};
use persona_core::ingest::column::ColumnAcc;
use persona_core::ingest::split::{Split, read_in_two};
use persona_core::ingest::{FileProfile, ProblemKind, Profiler};
use persona_core::sample::{self, SampleConfig};

const HEAD: usize = 16 << 10;

fn one_reader(name: &str, bytes: &[u8]) -> OnePass {
    let mut pass = OnePass::with_head(name, HEAD);
    for chunk in bytes.chunks(8 << 10) {
        pass.feed(chunk);
    }
    pass
}

/// The pass, and whether the second reader's tail was joined to it.
fn two_readers(name: &str, bytes: &[u8], mid: usize) -> (OnePass, bool) {
    let joined = Arc::new(AtomicBool::new(false));
    let first = Spy(OnePass::with_head(name, HEAD), joined.clone());
    let pass =
        read_in_two(name, first, bytes.len() as u64, Some(mid as u64), || Ok(Cursor::new(bytes))).expect("in memory").0;
    (pass, joined.load(Ordering::SeqCst))
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Where two profiles of one file differ, leaving out what the sample decides.
fn same_profile(a: &FileProfile, b: &FileProfile) -> Result<(), String> {
    let counts = |f: &FileProfile| (f.bytes, f.rows, f.blank_rows, f.skipped_rows, f.problem_counts.clone(), f.kind);
    if counts(a) != counts(b) {
        return Err(format!("counts {:?} against {:?}", counts(a), counts(b)));
    }
    if a.problems != b.problems || a.warnings != b.warnings || a.dialect != b.dialect || a.encoding != b.encoding {
        return Err(format!("problems {:?} against {:?}", a.problems, b.problems));
    }
    for (x, y) in a.columns.iter().zip(&b.columns) {
        let key = |c: &persona_core::ingest::ColumnProfile| {
            (c.name.clone(), c.column_type, c.role, c.count, c.missing, c.distinct, c.distinct_capped, c.dates.clone())
        };
        let tops = x.distinct_capped || x.top_values == y.top_values;
        if key(x) != key(y) || !tops || !close(x.mean_length, y.mean_length) {
            return Err(format!("column {}: {:?} against {:?}", x.name, key(x), key(y)));
        }
        match (&x.numeric, &y.numeric) {
            (Some(p), Some(q)) => {
                if p.min != q.min || p.max != q.max || !close(p.mean, q.mean) || !close(p.std_dev, q.std_dev) {
                    return Err(format!("column {}: {p:?} against {q:?}", x.name));
                }
            }
            (None, None) => {}
            _ => return Err(format!("column {}: numeric stats on one side only", x.name)),
        }
    }
    Ok(())
}

fn same_table(a: &CustomerTable, b: &CustomerTable) -> Result<(), String> {
    if a.ids != b.ids {
        return Err(format!("ids: {} against {}", a.ids.len(), b.ids.len()));
    }
    for (x, y) in a.features.iter().zip(&b.features) {
        if x.info != y.info {
            return Err(format!("{:?} against {:?}", x.info, y.info));
        }
        let equal = match (&x.data, &y.data) {
            (FeatureData::Numeric(p), FeatureData::Numeric(q)) => {
                p.len() == q.len() && p.iter().zip(q).all(|(p, q)| p.is_nan() && q.is_nan() || close(*p, *q))
            }
            (p, q) => p == q,
        };
        if !equal {
            return Err(format!("the values of {}", x.info.key));
        }
    }
    if a.features.len() != b.features.len() {
        return Err("features".into());
    }
    let orders_equal = a.orders.len() == b.orders.len()
        && a.orders.iter().zip(&b.orders).all(|(p, q)| match (p, q) {
            (Some(p), Some(q)) => p.last_day == q.last_day && p.orders == q.orders && close(p.monetary, q.monetary),
            (None, None) => true,
            _ => false,
        });
    if !orders_equal {
        return Err("orders".into());
    }
    if a.comments != b.comments {
        return Err("comments".into());
    }
    if a.mixes_left_out != b.mixes_left_out {
        return Err(format!("mixes left out: {:?} against {:?}", a.mixes_left_out, b.mixes_left_out));
    }
    Ok(())
}

fn table(passes: Vec<OnePass>) -> (Vec<FileProfile>, CustomerTable) {
    let (files, parts): (Vec<_>, Vec<_>) = passes.into_iter().map(|p| p.finish().expect("profiles")).unzip();
    let profiles: Vec<FileProfile> = files.into_iter().map(|f| f.profile).collect();
    let refs: Vec<&FileProfile> = profiles.iter().collect();
    let (builder, again) = TableBuilder::reuse(&refs, parts);
    assert!(again.is_empty(), "every part kept");
    (profiles, builder.finish())
}

#[test]
fn two_readers_give_what_one_reader_gives_on_the_sample() {
    let (files, _) = sample::generate(&SampleConfig { customers: 2000, seed: 5 });
    let one = table(files.iter().map(|(n, b)| one_reader(n, b)).collect());
    let mut joins = 0;
    for share in [0.3, 0.5, 0.77] {
        let mut passes = Vec::new();
        for (name, bytes) in &files {
            let (pass, joined) = two_readers(name, bytes, (bytes.len() as f64 * share) as usize);
            // the second reader starts once the first has sniffed 64 KiB and planned on 16 KiB more
            if bytes.len() as f64 * share > 100_000.0 {
                assert!(joined, "{name} cut at {share}");
            }
            joins += usize::from(joined);
            passes.push(pass);
        }
        let two = table(passes);
        for (a, b) in one.0.iter().zip(&two.0) {
            same_profile(a, b).unwrap_or_else(|e| panic!("{} cut at {share}: {e}", a.name));
        }
        same_table(&one.1, &two.1).unwrap_or_else(|e| panic!("cut at {share}: {e}"));
    }
    assert!(joins >= 6, "{joins} files read in two");
}

/// Each column's id hashes (what files are linked by), sorted.
fn id_hashes(columns: &[ColumnAcc]) -> Vec<Option<Vec<u64>>> {
    columns
        .iter()
        .map(|c| {
            c.id_hashes().map(|set| {
                let mut v: Vec<u64> = set.iter().copied().collect();
                v.sort_unstable();
                v
            })
        })
        .collect()
}

#[test]
fn files_link_by_the_same_ids_however_they_are_read() {
    // the gathering keeps the id column's ids for the profile (one reader or two): none may
    // be lost, in files sorted by customer or not
    let (mut files, _) = sample::generate(&SampleConfig { customers: 2000, seed: 5 });
    let mut log = Vec::new();
    sample::write_log(&sample::LogConfig { rows: 30_000, customers: 2_400, seed: 3 }, &mut log).expect("in memory");
    files.push(("log.csv", log));
    // real exports: a customers file with ids longer than the index keeps inline, and a
    // transaction log in aligned columns with short numeric ids
    let real = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/real/");
    for name in ["telco_churn.csv", "cdnow_master.txt"] {
        files.push((name, std::fs::read(format!("{real}{name}")).expect("a real fixture")));
    }
    let mut sent_tails = 0;
    for (name, bytes) in &files {
        let mut alone = Profiler::new(*name);
        for chunk in bytes.chunks(8 << 10) {
            alone.feed(chunk);
        }
        let want = id_hashes(&alone.finish().expect("profile").columns);
        assert!(want.iter().flatten().any(|ids| ids.len() > 100), "{name} keeps its customer ids");
        let (one, part) = one_reader(name, bytes).finish().expect("profile");
        assert!(part.is_some(), "{name} is gathered");
        assert_eq!(id_hashes(&one.columns), want, "{name}, one reader");
        for share in [0.3, 0.77] {
            let (pass, _) = two_readers(name, bytes, (bytes.len() as f64 * share) as usize);
            let (two, _) = pass.finish().expect("profile");
            assert_eq!(id_hashes(&two.columns), want, "{name}, cut at {share}");
        }
        // the second reader's tail sent between workers as bytes
        let mid = bytes.len() / 2;
        let cut = mid + persona_core::ingest::cut_in(&bytes[mid..]).expect("a line feed");
        let mut first = OnePass::with_head(*name, HEAD);
        first.feed(&bytes[..cut]);
        let Some(handoff) = first.handoff() else { continue }; // no plan yet in half the file
        sent_tails += 1;
        let mut second = OnePass::resume(*name, &handoff);
        second.feed(&bytes[cut..]);
        first.join(PassTail::from_bytes(&second.into_tail().to_bytes()).expect("reads back"));
        let (sent, _) = first.finish().expect("profile");
        assert_eq!(id_hashes(&sent.columns), want, "{name}, tail sent as bytes");
    }
    assert!(sent_tails >= 3, "{sent_tails} files sent a tail");
}

#[test]
fn the_tail_survives_the_trip_between_workers() {
    let (files, _) = sample::generate(&SampleConfig { customers: 800, seed: 9 });
    let (name, bytes) = files.iter().find(|(n, _)| *n == "orders.csv").expect("orders");
    let mid = bytes.len() / 2;
    let cut = mid + persona_core::ingest::cut_in(&bytes[mid..]).expect("a line feed");
    let mut first = OnePass::with_head(*name, HEAD);
    first.feed(&bytes[..cut]);
    let handoff = first.handoff().expect("the plan is made after 16 KiB");
    let mut second = OnePass::resume(*name, &handoff);
    second.feed(&bytes[cut..]);
    assert!(first.at_row_end());
    let sent = second.into_tail().to_bytes();
    first.join(PassTail::from_bytes(&sent).expect("reads back"));
    let two = table(vec![first]);
    let one = table(vec![one_reader(name, bytes)]);
    same_profile(&one.0[0], &two.0[0]).unwrap();
    same_table(&one.1, &two.1).unwrap();
    assert!(PassTail::from_bytes(&sent[..sent.len() / 2]).is_err(), "a cut-short message is refused");
}

/// A file with bad rows on both sides of the middle and the lines of one order on both sides
/// of the cut; and where its first reader stops looking for the cut.
fn awkward_orders(quoted_break_after_the_middle: bool) -> (String, usize) {
    let mut csv = String::from("order_id,customer_id,order_date,amount,note\n");
    let mut mid = 0;
    for i in 0..6000 {
        if i == 3001 {
            // the cut falls between the first and second line of order 1000
            mid = csv.len() - 1;
        }
        let order = i / 3;
        let note = match i % 500 {
            7 => "too,many,fields".to_owned(),
            _ if i == 3001 && quoted_break_after_the_middle => "\"two\nlines\"".to_owned(),
            _ => format!("n{i}"),
        };
        if i % 500 == 11 {
            csv.push_str(&format!("{order},C{}\n", order % 97)); // a row two fields short
            continue;
        }
        csv.push_str(&format!("{order},C{},2025-03-{:02},{}.25,{note}\n", order % 97, 1 + order % 28, 5 + i % 40));
    }
    if quoted_break_after_the_middle {
        // the first line feed after the split point is the quoted one
        mid = csv.find("\"two").expect("there");
    }
    (csv, mid)
}

/// Three lines per order, each order's discount (by its number) on none, its first, its second
/// or its third line; with `on_first`, on its first line whichever it is.
fn discounted_orders(on_first: bool) -> String {
    let mut csv = String::from("order_id,customer_id,order_date,amount,discount\n");
    for i in 0..6000 {
        let (order, line) = (i / 3, i % 3);
        let placed = order % 4;
        let discounted = placed != 0 && if on_first { line == 0 } else { line + 1 == placed };
        let discount = if discounted { "SAVE10" } else { "" };
        csv.push_str(&format!("{order},C{},2025-03-{:02},{}.25,{discount}\n", order % 97, 1 + order % 28, 5 + i % 40));
    }
    csv
}

/// An order is discounted when any of its lines is (as the SQL export counts it, with no
/// order of rows in a warehouse), whichever line it is and wherever the file is cut.
#[test]
fn an_order_discounted_on_any_line_counts_as_discounted_however_the_file_is_read() {
    let first = discounted_orders(true);
    let any = discounted_orders(false);
    let share = |t: &CustomerTable| match &t.feature("discount_share").expect("a discount share").data {
        FeatureData::Numeric(v) => v.clone(),
        _ => unreachable!(),
    };
    let want = table(vec![one_reader("orders.csv", first.as_bytes())]);
    let one = table(vec![one_reader("orders.csv", any.as_bytes())]);
    assert_eq!(share(&one.1), share(&want.1), "a discount on a later line counts as on the first");
    // cuts between an order's lines: after the discounted first line, before the discounted
    // second line, and before the third (the discount after the cut, past its first line)
    for line in [3004, 3007, 3010, 3011] {
        let mid = any.match_indices('\n').nth(line).expect("a line").0;
        let first_reader = OnePass::with_head("orders.csv", 2 << 10);
        let two = read_in_two("orders.csv", first_reader, any.len() as u64, Some(mid as u64), || {
            Ok(Cursor::new(any.as_bytes()))
        })
        .expect("in memory");
        let two = table(vec![two]);
        same_table(&one.1, &two.1).unwrap_or_else(|e| panic!("cut before line {line}: {e}"));
    }
}

/// A first reader that tells whether a second reader's tail was joined to it.
struct Spy(OnePass, Arc<AtomicBool>);

impl Split for Spy {
    type Handoff = <OnePass as Split>::Handoff;
    type Tail = <OnePass as Split>::Tail;
    fn feed(&mut self, chunk: &[u8]) {
        self.0.feed(chunk);
    }
    fn handoff(&self) -> Option<Self::Handoff> {
        self.0.handoff()
    }
    fn resume(name: &str, handoff: &Self::Handoff) -> Self {
        Spy(OnePass::resume(name, handoff), Arc::new(AtomicBool::new(false)))
    }
    fn at_row_end(&self) -> bool {
        self.0.at_row_end()
    }
    fn into_tail(self) -> Self::Tail {
        self.0.into_tail()
    }
    fn join(&mut self, tail: Self::Tail) {
        self.1.store(true, Ordering::SeqCst);
        self.0.join(tail);
    }
}

#[test]
fn problems_keep_their_lines_and_an_order_across_the_cut_counts_once() {
    for quoted in [false, true] {
        let (csv, mid) = awkward_orders(quoted);
        let bytes = csv.as_bytes();
        let one = table(vec![one_reader("orders.csv", bytes)]);
        let joined = Arc::new(AtomicBool::new(false));
        let first = Spy(OnePass::with_head("orders.csv", 2 << 10), joined.clone());
        let two = read_in_two("orders.csv", first, bytes.len() as u64, Some(mid as u64), || Ok(Cursor::new(bytes)))
            .expect("in memory");
        assert_eq!(joined.load(Ordering::SeqCst), !quoted, "a quoted line break is no place to cut");
        let two = table(vec![two.0]);
        same_profile(&one.0[0], &two.0[0]).unwrap_or_else(|e| panic!("quoted break {quoted}: {e}"));
        same_table(&one.1, &two.1).unwrap_or_else(|e| panic!("quoted break {quoted}: {e}"));
        let lines: Vec<u64> = two.0[0].problems.iter().map(|p| p.line).collect();
        assert!(lines.contains(&(2 + 3507 + u64::from(quoted))), "problems after the cut keep their lines: {lines:?}");
        let kinds = &two.0[0].problem_counts;
        assert_eq!(kinds.get(&ProblemKind::TooManyFields), Some(&12), "{kinds:?}");
        assert_eq!(kinds.get(&ProblemKind::TooFewFields), Some(&12), "{kinds:?}");
        // order 1000 has a line before the cut and two after it
        let c = two.1.ids.iter().position(|id| &**id == "C30").expect("customer 1000 % 97");
        assert_eq!(two.1.orders[c].as_ref().map(|o| o.orders), one.1.orders[c].as_ref().map(|o| o.orders));
    }
}

#[test]
fn a_profiler_alone_splits_too() {
    let (files, _) = sample::generate(&SampleConfig { customers: 1500, seed: 3 });
    for (name, bytes) in &files {
        let mut one = Profiler::new(*name);
        one.feed(bytes);
        let one = one.finish().expect("profiles").profile;
        let mid = bytes.len() * 2 / 5;
        let two = read_in_two(name, Profiler::new(*name), bytes.len() as u64, Some(mid as u64), || {
            Ok(Cursor::new(&bytes[..]))
        })
        .expect("in memory");
        same_profile(&one, &two.finish().expect("profiles").profile).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn files_that_cannot_be_cut_are_read_by_one_reader() {
    // UTF-16: a line feed byte is half of a character
    let text = "id,age\n".to_owned() + &(0..4000).map(|i| format!("C{i},{}\n", 20 + i % 40)).collect::<String>();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let p = Profiler::new("u.csv");
    let mut fed = p;
    Split::feed(&mut fed, &utf16[..utf16.len() / 2]);
    assert!(Split::handoff(&fed).is_none());
    let two = read_in_two("u.csv", Profiler::new("u.csv"), utf16.len() as u64, Some(utf16.len() as u64 / 2), || {
        Ok(Cursor::new(&utf16[..]))
    })
    .expect("in memory")
    .finish()
    .expect("profiles")
    .profile;
    assert_eq!(two.rows, 4000);
    assert!(two.problems.is_empty());
}

/// One file read by one reader and by two from its middle: the same profile and table (the
/// two readers' result is given).
fn halves_read_as_one(name: &str, bytes: &[u8]) -> (Vec<FileProfile>, CustomerTable) {
    let one = table(vec![one_reader(name, bytes)]);
    let (pass, joined) = two_readers(name, bytes, bytes.len() / 2);
    assert!(joined, "read in two");
    let two = table(vec![pass]);
    same_profile(&one.0[0], &two.0[0]).unwrap_or_else(|e| panic!("{e}"));
    same_table(&one.1, &two.1).unwrap_or_else(|e| panic!("{e}"));
    two
}

#[test]
fn a_file_with_lines_before_its_table_reads_the_same_in_two_halves() {
    let (files, _) = sample::generate(&SampleConfig { customers: 2000, seed: 9 });
    let (_, orders) = files.iter().find(|(n, _)| *n == "orders.csv").expect("orders");
    let mut bytes = b"# Orders export\n# Shop: Example\n\n".to_vec();
    bytes.extend_from_slice(orders);
    let two = halves_read_as_one("orders.csv", &bytes);
    assert_eq!(two.0[0].dialect.preamble, 2);
    // and as the file without the lines: the same rows and customers
    let plain = table(vec![one_reader("orders.csv", orders)]);
    assert_eq!((two.0[0].rows, two.1.len()), (plain.0[0].rows, plain.1.len()));
}

/// A product column of too many names: two readers keep the products one reader keeps (the
/// first met in the file), count the lines past them alike, and leave the mix out for the
/// same reason. Names met all through the file (Online Retail's), and a first half of few
/// names before a second of many.
#[test]
fn a_mix_of_too_many_products_is_left_out_however_the_file_is_read() {
    let log = |product: &dyn Fn(usize) -> usize| {
        let mut text = String::from("order_id,customer_id,order_date,amount,product\n");
        for i in 0..20_000 {
            let (c, day) = (i * 37 % 700, 1 + i % 28);
            text.push_str(&format!("O{i},C{c},2024-01-{day:02},{}.00,Product {}\n", 3 + i % 50, product(i)));
        }
        text
    };
    let all_through = log(&|i| (i * 7919) % 2_000);
    let (_, table) = halves_read_as_one("orders.csv", all_through.as_bytes());
    assert!(table.feature("order_category").is_none());
    assert_eq!(table.mixes_left_out.len(), 1);

    let few_then_many = log(&|i| if i < 10_000 { i % 30 } else { (i * 7919) % 2_000 });
    let (_, table) = halves_read_as_one("orders.csv", few_then_many.as_bytes());
    assert!(table.feature("order_category").is_none());
    // the 30 names of the first half (10,000 lines and 150 of the second) and the first 34
    // new ones of the second half (5 lines each): 10,320 of 20,000 lines
    assert_eq!(
        table.mixes_left_out,
        [
            "Product category mix is left out: \u{201c}orders.csv \u{203a} product\u{201d} has too many different values to compare segments on (the first 64 met cover only 52% of its rows)"
        ]
    );
}

/// Unix times read the same by two readers as by one, and as the dates they stand for: the
/// sample's orders with each order date as milliseconds since 1970 (as a database dump gives).
#[test]
fn unix_times_read_the_same_in_two_halves_and_as_dates() {
    let (files, _) = sample::generate(&SampleConfig { customers: 2000, seed: 11 });
    let (_, orders) = files.iter().find(|(n, _)| *n == "orders.csv").expect("orders");
    let text = std::str::from_utf8(orders).expect("utf-8");
    let mut unix = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut f: Vec<String> = line.split(',').map(str::to_owned).collect();
        if i > 0 {
            let day = persona_core::ingest::value::parse_iso_day(&f[2]).expect("an ISO date");
            f[2] = ((day * 86_400 + 9 * 3_600) * 1_000).to_string();
        }
        unix.push_str(&f.join(","));
        unix.push('\n');
    }
    let bytes = unix.into_bytes();
    let two = halves_read_as_one("orders.csv", &bytes);
    assert_eq!(two.0[0].columns[2].column_type, persona_core::ingest::ColumnType::Date);
    let dated = table(vec![one_reader("orders.csv", orders)]);
    assert_eq!(two.1.orders, dated.1.orders, "the same orders as with dates");
}

/// Orders of three lines, each carrying its order's total (one order in twenty has a larger
/// figure on a later line), cut between the lines of an order: money is each order's total
/// once (the largest figure on its lines), read by one reader or two. The cuts fall in an
/// order of a customer with orders after it, whose figures go down from the first line and
/// then up past it, and in the only order of a customer.
#[test]
fn an_order_total_repeated_on_its_lines_counts_once_however_the_file_is_read() {
    let mut csv = String::from("order_id,customer_id,order_date,order_total,sku\n");
    let mut expected = std::collections::BTreeMap::<String, f64>::new();
    let mut cuts = Vec::new();
    for order in 0..2000 {
        let cut = order >= 1000 && matches!(order % 500, 7 | 8);
        // (order 1008 and 1508 are the only orders of their customers)
        let customer = if cut && order % 500 == 8 { format!("Z{order}") } else { format!("C{}", order % 97) };
        let total = 10 + order % 90;
        let figures = match order % 500 {
            7 if cut => [total + 2, total, total + 5],
            _ if order % 20 == 7 => [total, total, total + 5],
            _ => [total; 3],
        };
        for (line, figure) in figures.iter().enumerate() {
            if line == 1 && cut {
                // a cut after the order's first line, past the first reader's plan
                cuts.push(csv.len() - 1);
            }
            csv.push_str(&format!("{order},{customer},2025-03-{:02},{figure}.50,S{line}\n", 1 + order % 28));
        }
        *expected.entry(customer).or_default() += *figures.iter().max().expect("lines") as f64 + 0.5;
    }
    let bytes = csv.as_bytes();
    let one = table(vec![one_reader("lines.csv", bytes)]);
    assert_eq!(one.1.totals_once, ["lines.csv › order_total"]);
    for (i, id) in one.1.ids.iter().enumerate() {
        let o = one.1.orders[i].as_ref().expect("orders");
        assert!(close(o.monetary, expected[&**id]), "{id}: {} against {}", o.monetary, expected[&**id]);
    }
    let source = &one.1.feature("monetary").expect("money").info.source;
    assert!(
        source.ends_with(
            "(“lines.csv › order_total” repeats each order's total on every line of it: counted once per order)"
        ),
        "{source}"
    );
    for mid in cuts {
        let (pass, joined) = two_readers("lines.csv", bytes, mid);
        assert!(joined, "cut at {mid}");
        let two = table(vec![pass]);
        same_table(&one.1, &two.1).unwrap_or_else(|e| panic!("cut at {mid}: {e}"));
        assert_eq!(two.1.totals_once, one.1.totals_once);
    }
}

/// A customers export that sums up each customer's orders, with some customers on two rows
/// (the later one giving only some of the figures, on either side of the cut): each figure
/// is the last one given, however the file is read.
#[test]
fn a_customers_export_summing_up_orders_reads_the_same_in_two_halves() {
    let mut text = String::from("Customer ID,City,Last Order Date,Total Orders,Total Spent\n");
    for i in 0..6000usize {
        text.push_str(&format!(
            "C{i:05},{},2024-{:02}-{:02},{},{}.25\n",
            ["Leeds", "York", "Bath"][i % 3],
            1 + i % 12,
            1 + i % 28,
            1 + i % 9,
            20 + i
        ));
    }
    // later rows of earlier customers: only the money, only the day, nothing of the orders
    for i in (0..6000usize).step_by(500) {
        text.push_str(&format!("C{i:05},Leeds,,,{}.5\n", 9000 + i));
        text.push_str(&format!("C{:05},York,2024-12-31,,\n", i + 1));
        text.push_str(&format!("C{:05},Bath,,,\n", i + 2));
    }
    let bytes = text.as_bytes();
    let one = table(vec![one_reader("customers.csv", bytes)]);
    assert_eq!(one.1.orders_summed_up.as_deref(), Some("customers.csv › Last Order Date, Total Orders, Total Spent"));
    let at = |t: &CustomerTable, id: &str| t.orders[t.ids.iter().position(|x| &**x == id).expect("a customer")];
    let c0 = at(&one.1, "C00000").expect("orders");
    assert_eq!((c0.orders, c0.monetary), (1, 9000.5), "the later money, the earlier day and number");
    let c1 = at(&one.1, "C00001").expect("orders");
    assert_eq!((c1.orders, c1.monetary, c1.last_day), (2, 21.25, 20088), "the later day");
    assert_eq!(at(&one.1, "C00002").expect("orders").orders, 3, "a row with nothing keeps the figures");
    for share in [0.4, 0.7, 0.97] {
        let (pass, joined) = two_readers("customers.csv", bytes, (bytes.len() as f64 * share) as usize);
        assert!(joined, "cut at {share}");
        let two = table(vec![pass]);
        same_table(&one.1, &two.1).unwrap_or_else(|e| panic!("cut at {share}: {e}"));
    }
}

/// Returns (lines whose money is below 0) take money back without being orders or visits,
/// however the file is read: on either side of the cut, the first line of a customer in the
/// second half, and in a file that repeats each order's total on its lines.
#[test]
fn returns_read_the_same_in_two_halves() {
    for header in ["order_id,customer_id,order_date,amount,sku\n", "order_id,customer_id,order_date,order_total,sku\n"]
    {
        let mut csv = String::from(header);
        let mut cuts = Vec::new();
        for order in 0..6000 {
            let customer = format!("C{}", order % 83);
            if order >= 4000 && order % 300 == 50 {
                // (past where the first reader makes its plan)
                cuts.push(csv.len() - 1);
            }
            if order % 7 == 3 {
                // a return, later than the customer's orders around it
                csv.push_str(&format!("R{order},{customer},2025-04-{:02},-{}.25,S0\n", 1 + order % 28, 2 + order % 9));
                continue;
            }
            for line in 0..1 + order % 3 {
                csv.push_str(&format!(
                    "{order},{customer},2025-03-{:02},{}.50,S{line}\n",
                    1 + order % 28,
                    10 + order % 50
                ));
            }
        }
        let bytes = csv.as_bytes();
        let one = table(vec![one_reader("lines.csv", bytes)]);
        for mid in cuts {
            let (pass, joined) = two_readers("lines.csv", bytes, mid);
            assert!(joined, "cut at {mid}");
            let two = table(vec![pass]);
            same_table(&one.1, &two.1).unwrap_or_else(|e| panic!("{header}: cut at {mid}: {e}"));
        }
    }
}
