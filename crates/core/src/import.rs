//! A set of imported files: their kinds, the user's role and type changes, and the links
//! between them by customer id.
//!
//! A file is recognised from its roles: order columns make it transactions, event columns
//! events, feedback text or a satisfaction score feedback, and a customer id that is unique per
//! row customers. Files are linked to the customers file through their customer-id columns;
//! the ids are compared as hashes kept while streaming, so nothing is read twice.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::format::thousands;
use crate::ingest::{ColumnType, FileKind, FileProfile, ProfiledFile};
use crate::roles::{Role, RoleSuggestion};

pub use crate::roles::{dedupe_roles, file_kind};

/// How one file's customer ids match the customers file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Index of the linked file in [`ImportSummary::files`].
    pub file: usize,
    /// Index of the customers file it is linked to.
    pub customers_file: usize,
    pub column: String,
    pub distinct_ids: u64,
    pub matched: u64,
    /// Ids in this file that are not in the customers file.
    pub unmatched: u64,
    /// Customers with no row in this file.
    pub customers_without: u64,
    /// Ids of one file that are the other's only without leading zeros (`0157` and `157`).
    #[serde(default)]
    pub zeros_apart: u64,
}

/// What the Data page shows for all files together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ImportSummary {
    pub files: Vec<FileProfile>,
    pub links: Vec<Link>,
    pub notes: Vec<String>,
    /// Results that cannot be right as they stand, said before the user builds on them
    /// ([`plausibility`]).
    #[serde(default)]
    pub checks: Vec<String>,
}

/// A linked file whose ids match the customers file less than this share is suspect.
pub const MIN_MATCH: f64 = 0.1;
/// A used column with at least this share missing says little.
pub const MOSTLY_MISSING: f64 = 0.9;

/// What cannot be right in a set of files as they stand, in words: orders or events that name
/// no customer, rows with no customer id (left out), a customer id with few distinct values, one id value on a tenth of the rows (guests under a placeholder), a
/// customers file where ids repeat, a linked file where almost no id is in the customers file,
/// a column used for segments that is nearly all missing, orders whose status says they were
/// no sale (failed, refunded, cancelled), money refunded on orders (taken off their money),
/// money summed across currencies.
pub fn plausibility(files: &[FileProfile], links: &[Link]) -> Vec<String> {
    let mut out = Vec::new();
    let n = thousands;
    out.extend(same_orders_twice(files));
    for (fi, f) in files.iter().enumerate() {
        out.extend(not_sales(f));
        out.extend(refunds(f));
        out.extend(mixed_currencies(f));
        out.extend(minor_units(f));
        out.extend(implausible_ages(f));
        // the dates a log is read by, some of them not dates (`not a date`, `unknown`)
        for c in f.columns.iter().filter(|c| {
            c.column_type == ColumnType::Date
                && matches!(c.role, Role::EventTime | Role::OrderDate)
                && c.type_share < crate::ingest::column::TYPE_SHARE
        }) {
            let present = c.count - c.missing;
            let bad = present - (c.type_share * present as f64).round() as u64;
            out.push(format!(
                "{}: {} of {} values of \u{201c}{}\u{201d} ({}) are not dates, so their rows are left out of the {}.",
                f.name,
                n(bad),
                n(present),
                c.name,
                share(bad, present),
                if c.role == Role::EventTime { "journeys" } else { "orders" }
            ));
        }
        let id = f.columns.iter().find(|c| c.role == Role::CustomerId);
        // (order lines that name their order as a linked file does: the note says to join them)
        if id.is_none()
            && matches!(f.kind, FileKind::Transactions | FileKind::Events)
            && order_partner(f, files.iter()).is_none()
        {
            // (a marketplace's order report leaves the buyer out)
            let what = if f.kind == FileKind::Transactions { "order" } else { "event" };
            out.push(format!(
                "{}: no column says whose each {what} is (a customer id or an email address), so its {what}s count for no customer. If a column names the customer, set it to Customer id; otherwise export the {what}s with the customer's id or email.",
                f.name
            ));
        }
        if let Some(warning) = person_behind_ids(f) {
            out.push(warning);
        }
        if let Some(id) = id {
            let present = id.count - id.missing;
            let distinct = id.distinct;
            // blank on the rows that add a line to an order above (the buyer written on an
            // order's first row only, as Squarespace's orders export does)
            if crate::roles::blank_where_orders_continue(&f.columns, id) {
                let order = f.columns.iter().find(|c| c.role == Role::OrderId).map_or("", |c| c.name.as_str());
                out.push(format!(
                    "{}: {} of {} rows ({}) have no \u{201c}{}\u{201d}: they add lines to the order above them (as \u{201c}{order}\u{201d} shows), so they count for that order's buyer.",
                    f.name,
                    n(id.missing),
                    n(id.count),
                    share(id.missing, id.count),
                    id.name
                ));
            } else if id.missing > 0 {
                // (a survey's optional email, a guest's order): rows no one can be named for
                let mut said = format!(
                    "{}: {} of {} rows ({}) have no \u{201c}{}\u{201d}, so they are left out: there is no customer to count them for.",
                    f.name,
                    n(id.missing),
                    n(id.count),
                    share(id.missing, id.count),
                    id.name
                );
                let linked = links.iter().any(|l| l.file == fi || l.customers_file == fi);
                if !id.distinct_capped && distinct == present && f.kind != FileKind::Transactions && !linked {
                    // one row per customer: without the column, each row is a customer (unless
                    // another file is linked by it)
                    said.push_str(&format!(
                        " To count every row as a customer of its own, set \u{201c}{}\u{201d} to Ignored.",
                        id.name
                    ));
                }
                out.push(said);
            }
            // one id far more often than the others (said below), or a till's or a booking
            // tool's name for no one in particular (`Walk-In`) on a few rows, which still adds
            // up to one big customer (said beside any other check)
            let dominant = id.top_values.first().is_some_and(|(_, k)| {
                present >= 100 && *k * 10 >= present && (*k as f64) >= 10.0 * present as f64 / distinct.max(1) as f64
            });
            if !dominant && let Some((top, k)) = id.top_values.iter().find(|(v, k)| *k > 1 && names_no_one(v)) {
                let theirs = match f.kind {
                    FileKind::Transactions => ", with all their orders and money",
                    FileKind::Events => ", with all their events",
                    FileKind::Feedback => ", with all their answers",
                    _ => "",
                };
                out.push(format!(
                    "{}: \u{201c}{top}\u{201d} in \u{201c}{}\u{201d} names no one in particular, yet its {} rows count as one customer{theirs}. Leave those rows out of the export to keep them out of the segments.",
                    f.name,
                    id.name,
                    n(*k),
                ));
            }
            // (a customer on a hundred rows is many, unless the rows are their orders, events or
            // ratings: 671 users rate 100,004 films; a log needs a thousand rows each to ask)
            let few = if matches!(f.kind, FileKind::Transactions | FileKind::Events | FileKind::Feedback) {
                0.001
            } else {
                0.01
            };
            if !id.distinct_capped && present >= 100 && (distinct < 20 || (distinct as f64) < few * present as f64) {
                out.push(format!(
                    "{}: the customer id \u{201c}{}\u{201d} has only {} distinct values in {} rows, so there would be only {} customers. Is it really the customer id?",
                    f.name,
                    id.name,
                    n(distinct),
                    n(present),
                    n(distinct)
                ));
            } else if dominant && let Some((top, k)) = id.top_values.first() {
                // one id far more often than the others: a placeholder (a shop's guest
                // checkouts under user id 0, "unknown")
                out.push(format!(
                    "{}: \u{201c}{top}\u{201d} is the customer id of {:.0}% of the rows ({} of {}) in \u{201c}{}\u{201d}: guest orders or a placeholder? Those rows all count as one customer.",
                    f.name,
                    100.0 * *k as f64 / present as f64,
                    n(*k),
                    n(present),
                    id.name
                ));
            } else if f.kind == FileKind::Customers
                && !id.distinct_capped
                && distinct < present
                && id.column_type != ColumnType::Id
            {
                // (two rows each or more: a panel of their trips, read together as a log's)
                let mut said = format!(
                    "{}: {} rows name only {} distinct customers in \u{201c}{}\u{201d}; {}",
                    f.name,
                    n(present),
                    n(distinct),
                    id.name,
                    if rows_per_customer(f).is_some_and(|r| r >= PANEL_ROWS) {
                        "each customer\u{2019}s rows are read together: their numbers averaged, a yes/no as the share of their rows with yes, a category as the mix of their rows."
                    } else {
                        "for a customer on several rows, the last row's values count."
                    }
                );
                // dated rows of a customer (a help desk's tickets, a CRM's activities) may be
                // things that happened to them, which an events file counts and mixes
                if let Some(date) = f.columns.iter().find(|c| {
                    c.column_type == ColumnType::Date && !matches!(c.role, Role::Age | Role::Tenure | Role::LastOrder)
                }) {
                    said.push_str(&format!(
                        " If each row is something that happened (a ticket, a visit, a call), set \u{201c}{}\u{201d} to Event time and the column that says what happened to Event type: the rows are then counted and mixed per customer as events.",
                        date.name
                    ));
                }
                out.push(said);
            }
        }
        // (a log's column may be filled on the rows of one kind alone: the revenue of an events
        // file's purchases, an orders file's discount codes. It is read on those rows)
        let log = matches!(f.kind, FileKind::Events | FileKind::Transactions);
        for c in f.columns.iter().filter(|_| !log) {
            let used = !matches!(c.role, Role::Ignored | Role::CustomerId);
            if used && c.missing_share >= MOSTLY_MISSING && c.column_type != ColumnType::Empty {
                out.push(format!(
                    "{}: \u{201c}{}\u{201d} ({}) is {:.0}% empty, so it says little about anyone; consider setting it to Ignored.",
                    f.name,
                    c.name,
                    c.role.label().to_lowercase(),
                    c.missing_share * 100.0
                ));
            }
        }
    }
    for l in links {
        if l.zeros_apart > 0 {
            let (file, cust) = (&files[l.file].name, &files[l.customers_file].name);
            out.push(format!(
                "{file}: {} of its customer ids are in {cust} only with or without leading zeros (0157 in one file, 157 in the other), so they do not link: a spreadsheet drops the zeros when it saves such ids as numbers. Write the ids the same way in both files (as text, with their zeros) and import them again.",
                n(l.zeros_apart),
            ));
            continue;
        }
        if l.distinct_ids > 0 && (l.matched as f64) < MIN_MATCH * l.distinct_ids as f64 {
            let (file, cust) = (&files[l.file].name, &files[l.customers_file].name);
            // (two customers files of other people: a churn table dropped beside a shop's)
            let apart = if files[l.file].kind == FileKind::Customers { APART } else { "" };
            out.push(format!(
                "{file}: only {} of its {} customer ids ({:.0}%) are in {cust}. Are the ids written the same way in both (leading zeros, prefixes, another kind of id)?{apart}",
                n(l.matched),
                n(l.distinct_ids),
                100.0 * l.matched as f64 / l.distinct_ids as f64
            ));
        }
    }
    // a customers file with no id beside another: its rows are customers no other file knows
    // (beside another customers file, or one of orders or events by id: a city's pet licences
    // by zip code beside its licences, review 70)
    let customers: Vec<&FileProfile> = files.iter().filter(|f| f.kind == FileKind::Customers).collect();
    for f in customers.iter().filter(|f| !f.columns.iter().any(|c| c.role == Role::CustomerId)) {
        // the other file's customers: a customers file's rows, or the ids of a file by id
        let others = customers.iter().find(|o| o.name != f.name).map(|o| format!("{} in {}", n(o.rows), o.name));
        let others = others.or_else(|| {
            files.iter().filter(|o| !matches!(o.kind, FileKind::Customers | FileKind::Unknown)).find_map(|o| {
                let id = o.columns.iter().find(|c| c.role == Role::CustomerId)?;
                Some(format!("{} customers of {}", n(id.distinct), o.name))
            })
        });
        if let Some(others) = others {
            out.push(format!(
                "{}: with no customer-id column, each of its {} rows is a customer of its own, none of them one of the {others}: the segments would mix customers each file knows alone.{APART}",
                f.name,
                n(f.rows)
            ));
        }
    }
    out
}

/// What to do when two customers files turn out to hold different people.
const APART: &str = " If the files hold different customers, analyse them one at a time (remove one).";

/// `part` of `whole` as a percentage a reader can take in: `0.3%`, `18%`, and never `0%` or
/// `100%` for a part that is neither none nor all.
pub(crate) fn share(part: u64, whole: u64) -> String {
    let p = 100.0 * part as f64 / whole.max(1) as f64;
    if p < 1.0 {
        format!("{p:.1}%").replace("0.0%", "under 0.1%")
    } else if p > 99.0 && part < whole {
        format!("{:.1}%", p.min(99.9))
    } else {
        format!("{p:.0}%")
    }
}

/// Whether a customer id is a placeholder for no one in particular: a till's `Walk-In`, a
/// shop's `Guest`, `Anonymous`, `Unknown`.
fn names_no_one(id: &str) -> bool {
    let norm = crate::roles::normalise_header(id);
    matches!(
        norm.as_str(),
        "walk in"
            | "walkin"
            | "walk in customer"
            | "walk in client"
            | "guest"
            | "guest customer"
            | "guest checkout"
            | "anonymous"
            | "anonymous customer"
            | "unknown"
            | "unknown customer"
            | "cash customer"
            | "cash sale"
            | "no customer"
            | "laufkunde"
            | "client de passage"
            | "cliente ocasional"
    )
}

/// Order statuses that mean no sale took place, as shops and payment services write them.
const NOT_SALES: &[&str] = &[
    "failed",
    "failure",
    "payment failed",
    // a subscription's charges (`SKIPPED`, `ERROR`): none was taken
    "skipped",
    "error",
    "declined",
    "refunded",
    "fully refunded",
    "cancelled",
    "canceled",
    "voided",
    "void",
    "chargeback",
    "disputed",
    "rejected",
    "reversed",
    "refused",
    // an order that could not be filled (Olist's `unavailable`)
    "unavailable",
    "storniert",
    "fehlgeschlagen",
    "erstattet",
    "ruckerstattet",
    "rueckerstattet",
    "zuruckerstattet",
    "zurueckerstattet",
    "abgelehnt",
    "annule",
    "annulee",
    "echoue",
    "echouee",
    "rembourse",
    "remboursee",
    "refuse",
    "refusee",
    "rechazado",
    "rechazada",
    "estornado",
    "estornada",
    "cancelado",
    "fallido",
    "reembolsado",
    "geannuleerd",
    "mislukt",
    "terugbetaald",
    "falhou",
    // a Latin American marketplace's sales report (`Cancelada por el comprador`, `Devolución
    // finalizada con reembolso al comprador`): the first word says it
    "cancelada",
    "anulada",
    "anulado",
    "devolucion",
    "devuelta",
    "devuelto",
    "reembolsada",
    "devolvida",
];

/// Header words that name an order's status (a French shop's `État`, a German one's
/// `Bestellstatus`).
const STATUS_WORDS: &[&str] =
    &["status", "statut", "etat", "estado", "stato", "situacao", "bestellstatus", "zahlungsstatus", "zustand"];

/// Rows per customer on average from which a customers file is a panel of their records (a
/// household's every shopping trip), read together per customer as a log's rows are.
pub(crate) const PANEL_ROWS: f64 = 2.0;

/// For a customers file whose customer id repeats, how many rows each customer has on
/// average (`None` without an id, or past the profile's count of distinct ids).
pub(crate) fn rows_per_customer(f: &FileProfile) -> Option<f64> {
    let id = f.column_with_role(Role::CustomerId)?;
    let present = id.count.saturating_sub(id.missing);
    (f.kind == FileKind::Customers && !id.distinct_capped && id.distinct > 0)
        .then(|| present as f64 / id.distinct as f64)
}

/// The status column of an orders file whose rows say no sale took place (`Cancelled`,
/// `Refunded`, `Failed`), and those statuses as written: such an order counts as no order and
/// no money, in the customer table, the order log and the SQL export alike. The first status
/// column that holds one (a fulfilment status may come before the payment's); none when the
/// user set it to Ignored.
pub(crate) fn no_sale_statuses(f: &FileProfile) -> Option<(usize, Vec<String>)> {
    if f.kind != FileKind::Transactions {
        return None;
    }
    // where refunds are rows of their own, the refund's row takes the money back: a sale that
    // says it was refunded is left in, or its money would be taken back twice
    let refunds_apart = refund_rows(f);
    // (or a return, `Devolución`)
    let refunded =
        |v: &str| says_refund(v) || crate::roles::normalise_header(v).split(' ').any(|w| w.starts_with("devol"));
    f.columns.iter().enumerate().find_map(|(i, c)| {
        let status = matches!(c.column_type, ColumnType::Category | ColumnType::Text)
            && c.role != Role::Ignored
            && (c.role == Role::Status
                || crate::roles::normalise_header(&c.name).split(' ').any(|w| STATUS_WORDS.contains(&w)));
        let mut levels: Vec<String> = c
            .top_values
            .iter()
            .filter(|(v, _)| status && crate::roles::says_one_of(NOT_SALES, v) && !(refunds_apart && refunded(v)))
            .map(|(v, _)| v.trim().to_owned())
            .collect();
        levels.sort_unstable();
        levels.dedup();
        (!levels.is_empty()).then_some((i, levels))
    })
}

/// Whether a status cell, as read from the file, is one of the statuses that say no sale.
pub(crate) fn is_no_sale(cell: &str, levels: &[String]) -> bool {
    let cell = cell.trim();
    !cell.is_empty() && levels.iter().any(|l| l == cell)
}

/// Whether a line of an orders file is no sale: its status cell says so (a refund on a row of
/// its own, its `value` below 0, still takes its money back), or a line of the same customer's
/// order (`order`: its id's hash) said so before. `voided` keeps the orders said so of.
pub(crate) fn no_sale_line(
    statuses: &[String],
    cell: &str,
    value: Option<f64>,
    customer: usize,
    order: Option<u64>,
    voided: &mut FxHashSet<(usize, u64)>,
) -> bool {
    let said = is_no_sale(cell, statuses) && value.is_none_or(|v| v >= 0.0);
    if said && let Some(h) = order {
        voided.insert((customer, h));
    }
    said || order.is_some_and(|h| voided.contains(&(customer, h)))
}

/// Header words that say a column holds money given back (`Refunded Amount`, Stripe's `Amount
/// Refunded`, a German shop's `Erstattet`), as their first letters.
const REFUND_STEMS: &[&str] = &[
    "refund",
    "erstatt",
    "ruckerstatt",
    "rueckerstatt",
    "zuruckerstatt",
    "rembours",
    "reembols",
    "estorn",
    "terugbeta",
];

/// Whether a header or a status names money given back (`Refunded Amount`, `Rückerstattet`).
fn says_refund(text: &str) -> bool {
    crate::roles::normalise_header(text).split(' ').any(|w| REFUND_STEMS.iter().any(|s| w.starts_with(s)))
}

/// The column of an orders file that gives the money refunded on each order (Shopify's
/// `Refunded Amount`, Stripe's `Amount Refunded`): taken off the order's money, so that a
/// partly refunded order counts what the customer kept, in the customer table, the order log
/// and the SQL export alike. Only an amount of money (named so, or written with decimals)
/// written as a sum given back (0 or more): a refund written below 0 is a ledger's entry
/// (Square's `Partial Refunds`), already in its totals. Not a count of refunds, a day, a part
/// of the refund (its tax, shipping or fee), a total net of refunds, or a column the user set
/// to Ignored; of the amount and its conversion to one currency, the one beside the order value
/// as read. None when the order value is already net of refunds, or when refunds are rows of
/// their own (a value, or the quantity it is multiplied by, below 0): they take the money
/// back there, and the column would say it again.
pub(crate) fn refund_column(f: &FileProfile) -> Option<usize> {
    use crate::roles::{names_converted_money, net_of_refunds, normalise_header};
    if f.kind != FileKind::Transactions {
        return None;
    }
    let value = f.columns.iter().position(|c| c.role == Role::OrderValue)?;
    let money = &f.columns[value];
    if says_refund(&money.name) || net_of_refunds(&money.name) || refund_rows(f) {
        return None;
    }
    let converted = names_converted_money(&money.name);
    let candidates = f.columns.iter().enumerate().filter(|&(_, c)| {
        let norm = normalise_header(&c.name);
        let words: Vec<&str> = norm.split(' ').collect();
        let named_money = words.iter().any(|w| {
            matches!(
                *w,
                "amount"
                    | "total"
                    | "sum"
                    | "value"
                    | "money"
                    | "gross"
                    | "betrag"
                    | "summe"
                    | "montant"
                    | "importe"
                    | "monto"
                    | "valor"
                    | "bedrag"
                    | "totale"
                    | "totaal"
                    | "importo"
            )
        });
        !matches!(c.role, Role::OrderValue | Role::Ignored)
            && (c.column_type == ColumnType::Number || c.column_type == ColumnType::Integer && named_money)
            && c.numeric.as_ref().is_some_and(|n| n.min >= 0.0)
            && says_refund(&c.name)
            && !net_of_refunds(&c.name)
            && !words.iter().any(|w| {
                matches!(
                    *w,
                    "count"
                        | "number"
                        | "num"
                        | "nr"
                        | "no"
                        | "quantity"
                        | "qty"
                        | "items"
                        | "date"
                        | "time"
                        | "at"
                        | "id"
                        | "rate"
                        | "percent"
                        | "pct"
                        | "tax"
                        | "taxes"
                        | "shipping"
                        | "fee"
                        | "fees"
                        | "tip"
                        | "tips"
                        | "duty"
                        | "duties"
                        | "reason"
                )
            })
    });
    candidates.max_by_key(|&(i, c)| (names_converted_money(&c.name) == converted, std::cmp::Reverse(i))).map(|(i, _)| i)
}

/// Whether an orders file gives refunds or returns as rows of their own: its order value, or
/// the quantity a unit price is multiplied by, is below 0 somewhere (the Online Retail log's
/// `C` invoices, a course platform's refund rows).
fn refund_rows(f: &FileProfile) -> bool {
    let Some(value) = f.columns.iter().position(|c| c.role == Role::OrderValue) else { return false };
    let below = |c: &crate::ingest::ColumnProfile| c.numeric.as_ref().is_some_and(|n| n.min < 0.0);
    below(&f.columns[value])
        || crate::roles::unit_price_quantity(&f.columns, value).is_some_and(|q| below(&f.columns[q]))
}

/// Money refunded on orders, taken off their money ([`refund_column`]).
fn refunds(f: &FileProfile) -> Option<String> {
    let c = &f.columns[refund_column(f)?];
    let present = c.count - c.missing;
    // (the rows that refund nothing, `0.00`, are among the commonest values when most do)
    let none: u64 = c
        .top_values
        .iter()
        .filter(|(v, _)| crate::features::number_of(crate::ingest::value::classify(v, f.dialect.decimal)) == Some(0.0))
        .map(|(_, k)| k)
        .sum();
    let some = present.saturating_sub(none);
    (some > 0 && c.numeric.as_ref().is_some_and(|n| n.max > 0.0)).then(|| {
        format!(
            "{}: {} of the {} rows that give \u{201c}{}\u{201d} say money was refunded: it is taken off their orders' money, so an order refunded in part counts what the customer kept{}. To count the orders' whole money, set \u{201c}{}\u{201d} to Ignored.",
            f.name,
            thousands(some),
            thousands(present),
            c.name,
            if no_sale_statuses(f).is_some() { " (an order whose status says it was refunded is left out whole)" } else { "" },
            c.name
        )
    })
}

/// Orders whose status says they were no sale: they are left out of the orders and money.
fn not_sales(f: &FileProfile) -> Option<String> {
    let (ci, levels) = no_sale_statuses(f)?;
    let c = &f.columns[ci];
    // (a status among the top values: at least one row is present)
    let present = c.count - c.missing;
    let hits: Vec<&(String, u64)> = c.top_values.iter().filter(|(v, _)| is_no_sale(v, &levels)).collect();
    let rows: u64 = hits.iter().map(|(_, k)| k).sum();
    let names: Vec<String> = hits.iter().map(|(v, _)| format!("\u{201c}{v}\u{201d}")).collect();
    Some(format!(
        "{}: {} of the {} rows that give \u{201c}{}\u{201d} ({:.0}%) say {}: no sale, so they count as no order and no money (nor do the other lines of their orders). To count them, set \u{201c}{}\u{201d} to Ignored.",
        f.name,
        thousands(rows),
        thousands(present),
        c.name,
        (100.0 * rows as f64 / present as f64).max(1.0),
        or_list(&names),
        c.name
    ))
}

/// Money in more than one currency (a `Currency` column beside the amounts), summed as one.
fn mixed_currencies(f: &FileProfile) -> Option<String> {
    let money = f.columns.iter().find(|c| matches!(c.role, Role::OrderValue | Role::Spend))?;
    // (an amount converted to the account's currency is in one)
    if crate::roles::names_converted_money(&money.name) {
        return None;
    }
    let c = f.columns.iter().find(|c| {
        c.distinct >= 2
            && matches!(c.column_type, ColumnType::Category | ColumnType::Text)
            && crate::roles::normalise_header(&c.name).split(' ').any(|w| {
                matches!(w, "currency" | "ccy" | "wahrung" | "waehrung" | "devise" | "moneda" | "valuta" | "moeda")
            })
    })?;
    let present = (c.count - c.missing).max(1);
    let shown: Vec<String> = c
        .top_values
        .iter()
        .take(3)
        .map(|(v, k)| format!("\u{201c}{v}\u{201d} {:.0}%", 100.0 * *k as f64 / present as f64))
        .collect();
    Some(format!(
        "{}: \u{201c}{}\u{201d} is in {} currencies ({}{}), summed as one. Compare customers within one currency, or convert the amounts first.",
        f.name,
        money.name,
        if c.distinct_capped { format!("over {}", thousands(c.distinct)) } else { thousands(c.distinct) },
        shown.join(", "),
        if c.distinct > 3 { ", …" } else { "" }
    ))
}

/// Money in whole numbers beside Stripe's ids (`cus_…`, `ch_…`): Stripe's API and Sigma write
/// amounts in the currency's smallest unit, cents, so each figure may be a hundred times the
/// money. Said, not guessed away: a whole-dollar price list looks the same.
fn minor_units(f: &FileProfile) -> Option<String> {
    let money = f
        .columns
        .iter()
        .find(|c| matches!(c.role, Role::OrderValue | Role::Spend) && c.column_type == ColumnType::Integer)?;
    let stripe = |v: &str| ["cus_", "ch_", "pi_", "in_", "py_", "sub_"].iter().any(|p| v.starts_with(p));
    let ids = f.columns.iter().find(|c| !c.examples.is_empty() && c.examples.iter().all(|v| stripe(v)))?;
    let example = ids.examples.first().map_or("", |v| v.split('_').next().unwrap_or(""));
    Some(format!(
        "{}: \u{201c}{}\u{201d} is in whole numbers beside Stripe\u{2019}s ids (\u{201c}{}\u{201d}: {example}_\u{2026}). Stripe\u{2019}s API and Sigma write money in cents, so each figure here may be 100 times the amount in your currency; if so, divide the column by 100 before importing.",
        f.name, money.name, ids.name
    ))
}

/// Ages of a child among adult customers (a credit-card file's applicants of 0.17 years, an age
/// in months or a placeholder): they pull the age bands and averages.
fn implausible_ages(f: &FileProfile) -> Option<String> {
    let c = f.columns.iter().find(|c| c.role == Role::Age)?;
    let n = c.numeric.as_ref()?;
    // (years of birth are read apart; a customer base of children is no customer base here)
    (n.median < 1000.0 && n.min < MIN_AGE && n.p25 >= 16.0).then(|| {
        format!(
            "{}: \u{201c}{}\u{201d} goes down to {}, where three quarters of the customers are {} or older: an age under {MIN_AGE} is unlikely for a customer (an age in months, or a placeholder?), and it pulls the age bands and averages. Check those rows in the file.",
            f.name,
            c.name,
            crate::persona::num(n.min),
            crate::persona::num(n.p25)
        )
    })
}

/// Below this, an age among adult customers is said ([`implausible_ages`]).
const MIN_AGE: f64 = 12.0;

/// "a", "a or b", "a, b or c".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Two files of orders, each with whose orders they are, that name their orders under the same
/// header (an orders export and its lines, `OrderID` in both): if they are the same orders, each
/// counts in both, so orders and money come out twice. Said, as only the user knows.
fn same_orders_twice(files: &[FileProfile]) -> Option<String> {
    fn order_of(f: &FileProfile) -> Option<&crate::ingest::ColumnProfile> {
        let whose = f.kind == FileKind::Transactions && f.columns.iter().any(|c| c.role == Role::CustomerId);
        f.columns.iter().find(|c| whose && c.role == Role::OrderId)
    }
    let norm = crate::roles::normalise_header;
    // (files of the same columns are the parts of one export, as a warehouse unloads a table:
    // other orders each, not an order and its lines; unless they are one file twice, or
    // overlap, as the orders of most lines in each show)
    let parts = |f: &FileProfile, g: &FileProfile| {
        f.columns.len() == g.columns.len()
            && f.columns.iter().zip(&g.columns).all(|(a, b)| norm(&a.name) == norm(&b.name))
    };
    for (i, f) in files.iter().enumerate() {
        let Some(a) = order_of(f) else { continue };
        for (g, b) in files[i + 1..].iter().filter_map(|g| Some((g, order_of(g)?))) {
            if norm(&b.name) != norm(&a.name) {
                continue;
            }
            if !parts(f, g) {
                return Some(format!(
                    "{} and {} both name their orders by \u{201c}{}\u{201d}: if they are the same orders (an orders export and its lines), each order counts in both, and the orders and money come out twice. Then import only one of them: the lines, when only they carry the money.",
                    f.name, g.name, a.name
                ));
            }
            let same_values = f.columns.iter().zip(&g.columns).all(|(x, y)| {
                (x.distinct, &x.top_values, &x.examples, &x.numeric)
                    == (y.distinct, &y.top_values, &y.examples, &y.numeric)
            });
            if f.rows == g.rows && f.bytes == g.bytes && same_values {
                return Some(format!(
                    "{} and {} have the same columns, the same {} rows and the same size: the same file twice, it seems. Each order in them counts twice: remove one of them.",
                    f.name,
                    g.name,
                    thousands(f.rows)
                ));
            }
            // (two exports of overlapping dates, Jan–Mar and Mar–Jun: the parts of one export
            // span nearly the same days)
            fn days(f: &FileProfile) -> Option<(i64, i64, &crate::schema::DateStats)> {
                let d = f.columns.iter().find(|c| c.role == Role::OrderDate)?.dates.as_ref()?;
                let day = |s: &str| crate::ingest::value::parse_iso_day(s.get(..10)?);
                Some((day(&d.min)?, day(&d.max)?, d))
            }
            if let (Some((a0, a1, da)), Some((b0, b1, db))) = (days(f), days(g)) {
                let (from, to) = (a0.max(b0), a1.min(b1));
                let shorter = (a1 - a0).min(b1 - b0);
                if from < to && (a0 != b0 || a1 != b1) && ((to - from) as f64) < 0.9 * shorter as f64 {
                    let first = if a0 < b0 { &db.min } else { &da.min };
                    let last = if a1 < b1 { &da.max } else { &db.max };
                    return Some(format!(
                        "{} ({} to {}) and {} ({} to {}) have the same columns, and their dates overlap from {} to {}: if they are two exports of overlapping dates, the orders of those days are in both and count twice. Export them without the overlap, or import one of them.",
                        f.name,
                        &da.min[..10],
                        &da.max[..10],
                        g.name,
                        &db.min[..10],
                        &db.max[..10],
                        &first[..10],
                        &last[..10]
                    ));
                }
            }
            let many_lines = |c: &crate::ingest::ColumnProfile| -> Vec<String> {
                c.top_values.iter().filter(|(_, k)| *k >= 2).map(|(v, _)| v.clone()).collect()
            };
            let theirs = many_lines(b);
            let shared: Vec<String> = many_lines(a).into_iter().filter(|v| theirs.contains(v)).take(3).collect();
            if !shared.is_empty() {
                return Some(format!(
                    "{} and {} have the same columns and both hold orders {}: they overlap (two exports of overlapping dates?), and the orders in both count twice. Export them without the overlap, or import one of them.",
                    f.name,
                    g.name,
                    crate::persona::and_list(&shared)
                ));
            }
        }
    }
    None
}

/// A customers file whose customer id is new with each order, beside a column that names the
/// person (Olist's `customer_unique_id` beside its `customer_id`): each person's orders count
/// for several customers, one order each. Said with how to count them together.
fn person_behind_ids(f: &FileProfile) -> Option<String> {
    if f.kind != FileKind::Customers {
        return None;
    }
    let id = f.columns.iter().find(|c| c.role == Role::CustomerId).filter(|c| !c.values_repeat())?;
    let names_a_customer = |name: &str| {
        let norm = crate::roles::normalise_header(name);
        let words: Vec<&str> = norm.split(' ').collect();
        words.iter().any(|w| matches!(*w, "customer" | "client" | "person" | "member" | "user"))
            && words.iter().any(|w| matches!(*w, "id" | "unique" | "key" | "uid" | "guid"))
    };
    // (an id of its own, most of its values on one row: not a customer type or a segment)
    let person = f.columns.iter().find(|c| {
        c.index != id.index
            && c.role != Role::CustomerId
            && names_a_customer(&c.name)
            && c.values_repeat()
            && c.distinct * 2 >= c.count - c.missing
    })?;
    let present = person.count - person.missing;
    let shared = if person.distinct_capped { None } else { Some(present - person.distinct) };
    Some(format!(
        "{}: \u{201c}{}\u{201d} repeats where \u{201c}{}\u{201d} does not{}. If it names the person, one person's orders are under several customer ids here, and each counts as a customer with its own orders. To count a person's orders together, put \u{201c}{}\u{201d} in place of \u{201c}{}\u{201d} in the orders (a spreadsheet lookup or SQL) and import that.",
        f.name,
        person.name,
        id.name,
        shared.map_or(String::new(), |k| format!(
            " ({} of {} rows name someone a row above names too)",
            thousands(k),
            thousands(present)
        )),
        person.name,
        id.name,
    ))
}

/// For a file with an order-id column, another file that names the same orders (the same
/// header) beside a customer id: the file its rows can be joined to. With the order id.
fn order_partner<'a, 'f>(
    f: &'f FileProfile,
    mut all: impl Iterator<Item = &'a FileProfile>,
) -> Option<(&'f crate::ingest::ColumnProfile, &'a FileProfile)> {
    let norm = crate::roles::normalise_header;
    let o = f.columns.iter().find(|c| c.role == Role::OrderId)?;
    let g = all.find(|g| {
        g.name != f.name
            && g.columns.iter().any(|c| c.role == Role::CustomerId)
            && g.columns.iter().any(|c| c.role == Role::OrderId && norm(&c.name) == norm(&o.name))
    })?;
    Some((o, g))
}

/// Why a file with no customer-id column is not linked, and what would link it: a table of
/// something else (products, films) is not used at all; order lines or payments that name
/// their order as a linked file of orders does can be joined to it before the import.
/// `None` for a file of unknown kind that lists nothing in particular.
fn unlinked<'a>(f: &FileProfile, all: impl Iterator<Item = &'a FileProfile>) -> Option<String> {
    if let Some((o, g)) = order_partner(f, all) {
        return Some(format!(
            "{} has no customer-id column, so it is not linked. Its rows name their order by \u{201c}{}\u{201d}, as {} does beside each customer: join the two files on it (a spreadsheet lookup or SQL) and import the result to use what it says.",
            f.name, o.name, g.name
        ));
    }
    if let Some(thing) = crate::roles::other_things_listed(&f.columns) {
        let a = if thing.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        return Some(format!(
            "{}: each row is {a} {thing} (\u{201c}{}\u{201d} is its id), not a customer, so the file is not used.",
            f.name, f.columns[0].name
        ));
    }
    // (a customers file: a check says what its rows become, see [`plausibility`])
    (!matches!(f.kind, FileKind::Unknown | FileKind::Customers))
        .then(|| format!("{} has no customer-id column, so it is not linked.", f.name))
}

/// A segmentation of far fewer customers than the files have rows, said in words: a handful
/// of customers from thousands of rows may mean the customer id is not one. (A small shop's or
/// an app's log of a few busy customers is no mistake: the check says what it counted and asks,
/// review 69.)
pub fn scale_check(customers: u64, rows: u64) -> Option<String> {
    (rows >= 500 && customers < 100 && customers * 20 <= rows).then(|| {
        format!(
            "{} customers from {} rows, {} rows each on average: if your files hold more customers than that, check that the customer-id column holds customer ids (Data page).",
            thousands(customers),
            thousands(rows),
            thousands(rows / customers.max(1))
        )
    })
}

/// The files imported so far, with their accumulators kept for overrides and linking.
#[derive(Default)]
pub struct ImportSession {
    files: Vec<ProfiledFile>,
    /// Files being read again for a customer id chosen after reading, by name: how far the
    /// reading has come, or why it failed.
    id_reads: BTreeMap<String, IdRead>,
}

/// Where reading a file again for its new customer id's ids stands.
#[derive(Clone, Debug, PartialEq)]
enum IdRead {
    /// Percent of the file read.
    Reading(u8),
    Failed(String),
}

impl ImportSession {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; a file with the same name replaces the earlier one. Keys that link none
    /// of another file's customers give way to a column that does ([`ImportSession::relink`]).
    pub fn add(&mut self, file: ProfiledFile) {
        self.id_reads.remove(&file.profile.name);
        match self.files.iter_mut().find(|f| f.profile.name == file.profile.name) {
            Some(slot) => *slot = file,
            None => self.files.push(file),
        }
        self.relink();
    }

    /// Two files whose customer ids have next to nothing in common, where a column of email
    /// addresses in one of them holds most of the other's ids: that column is the key. A form's responses keyed by their number (`ID` of 1, 2, 3) beside the
    /// respondent's address link to the shop's orders by the address; a CRM's contacts keyed
    /// by its own record key link to the orders by their email. A key you set stays.
    fn relink(&mut self) {
        for b in 1..self.files.len() {
            for a in 0..b {
                self.relink_pair(a, b);
            }
        }
    }

    fn relink_pair(&mut self, a: usize, b: usize) {
        let (Some(ka), Some(kb)) = (Self::id_column(&self.files[a]), Self::id_column(&self.files[b])) else {
            return;
        };
        let hashes = |f: usize, c: usize| self.files[f].columns.get(c).and_then(|acc| acc.id_hashes());
        let (Some(ha), Some(hb)) = (hashes(a, ka), hashes(b, kb)) else { return };
        // the share of the smaller set of ids found in the other
        let share = |x: &FxHashSet<u64>, y: &FxHashSet<u64>| {
            let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            small.iter().filter(|h| large.contains(h)).count() as f64 / small.len().max(1) as f64
        };
        if share(ha, hb) >= 0.1 {
            return;
        }
        // (the file, its key, its column that would key it instead, the other file, the share)
        let mut best: Option<(usize, usize, usize, usize, f64)> = None;
        for (f, key, other, other_ids) in [(a, ka, b, hb), (b, kb, a, ha)] {
            // (a key you set stays, and so does one that links another file: the customers
            // file's `customer_id`, which the orders know, beside a survey keyed by email)
            let own = hashes(f, key).expect("kept");
            let links_another = (0..self.files.len()).filter(|&o| o != f && o != other).any(|o| {
                Self::id_column(&self.files[o]).and_then(|k| hashes(o, k)).is_some_and(|ids| share(own, ids) >= 0.1)
            });
            if links_another || self.files[f].profile.columns[key].role_reason == "set by you" {
                continue;
            }
            // (addresses only: numbers 1, 2, 3 in two files are alike by chance; and on as many
            // rows as the key, which no customer may lose: a company's contact address, on
            // some companies only, keys none)
            let cols = &self.files[f].profile.columns;
            let addresses = |c: usize| {
                !cols[c].examples.is_empty()
                    && cols[c].examples.iter().all(|e| crate::roles::looks_like_email(e))
                    && cols[c].missing_share <= cols[key].missing_share + 0.02
            };
            for (c, acc) in self.files[f].columns.iter().enumerate() {
                let Some(ids) = acc.id_hashes().filter(|ids| c != key && ids.len() >= 2 && addresses(c)) else {
                    continue;
                };
                let s = share(ids, other_ids);
                if s >= 0.5 && best.is_none_or(|(.., b)| s > b) {
                    best = Some((f, key, c, other, s));
                }
            }
        }
        let Some((f, key, c, other, s)) = best else { return };
        let other_name = self.files[other].profile.name.clone();
        let cols = &mut self.files[f].profile.columns;
        let (old, new) = (cols[key].name.clone(), cols[c].name.clone());
        cols[key].role = Role::Ignored;
        cols[key].role_reason = format!(
            "next to none of its values are among {other_name}'s customer ids, where \u{201c}{new}\u{201d} links {:.0}% of them: not used",
            100.0 * s
        );
        cols[c].role = Role::CustomerId;
        cols[c].role_reason = format!(
            "links {:.0}% of the customers to {other_name}'s customer ids, where \u{201c}{old}\u{201d} linked next to none: the customer id",
            100.0 * s
        );
        self.files[f].profile.kind = file_kind(&self.files[f].profile.columns);
    }

    /// The name a newly read file is kept under: its own, unless a file of that name is
    /// already here with other columns (two tools' `export.csv`), or `keep_both` (both were
    /// dropped together): then `export (2).csv`, `export (3).csv`. The same export read
    /// again (the same columns) keeps its name, and so replaces the earlier reading.
    pub fn name_for(&self, profile: &FileProfile, keep_both: bool) -> String {
        let name = &profile.name;
        let taken = |n: &str| self.files.iter().find(|f| f.profile.name == n);
        match taken(name) {
            None => return name.clone(),
            Some(f) if !keep_both && f.profile.signature == profile.signature => return name.clone(),
            Some(_) => {}
        }
        let (stem, ext) = match name.rfind('.') {
            Some(dot) if dot > 0 => name.split_at(dot),
            _ => (name.as_str(), ""),
        };
        (2..).map(|k| format!("{stem} ({k}){ext}")).find(|n| taken(n).is_none()).expect("a free name")
    }

    pub fn remove(&mut self, name: &str) {
        self.files.retain(|f| f.profile.name != name);
        self.id_reads.remove(name);
    }

    pub fn clear(&mut self) {
        self.files.clear();
        self.id_reads.clear();
    }

    /// Takes every file out (to be added again, some or all, with [`ImportSession::add`]).
    pub fn take_all(&mut self) -> Vec<ProfiledFile> {
        std::mem::take(&mut self.files)
    }

    pub fn files(&self) -> impl Iterator<Item = &FileProfile> {
        self.files.iter().map(|f| &f.profile)
    }

    /// Sets a column's role. Returns false (and changes nothing) for an unknown file or column.
    pub fn set_role(&mut self, file: usize, column: usize, role: Role) -> bool {
        let Some(f) = self.files.get_mut(file) else { return false };
        if column >= f.profile.columns.len() {
            return false;
        }
        // one customer id per file: the one it was is no longer used
        if role == Role::CustomerId {
            for c in f.profile.columns.iter_mut().filter(|c| c.role == Role::CustomerId && c.index != column) {
                c.role = Role::Ignored;
                c.role_reason = "another column is the customer id (set by you): not used".to_owned();
            }
        }
        let c = &mut f.profile.columns[column];
        c.role = role;
        c.role_reason = "set by you".to_owned();
        f.profile.kind = file_kind(&f.profile.columns);
        self.id_reads.remove(&f.profile.name);
        true
    }

    /// Reads a column as another type (statistics are recomputed from what was kept).
    pub fn set_type(&mut self, file: usize, column: usize, ty: ColumnType) -> bool {
        let Some(f) = self.files.get_mut(file) else { return false };
        let (Some(acc), Some(old)) = (f.columns.get(column), f.profile.columns.get(column)) else { return false };
        let keep = RoleSuggestion { role: old.role, reason: old.role_reason.clone() };
        let share = if ty == old.column_type { old.type_share } else { acc.fit_share(ty) };
        f.profile.columns[column] = acc.profile_as(ty, share, Some(keep));
        true
    }

    /// Applies a remembered role mapping (column name → role) to every file with that header.
    pub fn apply_roles(&mut self, file: usize, roles: &[(String, Role)]) {
        let Some(f) = self.files.get_mut(file) else { return };
        for c in &mut f.profile.columns {
            if let Some((_, r)) = roles.iter().find(|(n, _)| *n == c.name)
                && c.role != *r
            {
                c.role = *r;
                c.role_reason = "remembered from an earlier import with this header".to_owned();
            }
        }
        f.profile.kind = file_kind(&f.profile.columns);
        self.id_reads.remove(&f.profile.name);
    }

    /// The customer-id column of `file` whose ids were not kept while reading (the user made it
    /// the customer id afterwards): the file must be read again ([`ImportSession::set_ids`]) to
    /// link it.
    pub fn ids_to_read(&self, file: usize) -> Option<usize> {
        let f = self.files.get(file)?;
        Self::id_column(f).filter(|&c| f.columns.get(c).is_some_and(|acc| !acc.keeps_ids()))
    }

    /// Keeps every id of `column` of `file`, read again from the file, to link the file by it.
    pub fn set_ids<'a>(&mut self, file: usize, column: usize, ids: impl Iterator<Item = &'a str>) {
        if let Some(f) = self.files.get_mut(file) {
            self.id_reads.remove(&f.profile.name);
            if let Some(acc) = f.columns.get_mut(column) {
                acc.set_ids(ids);
            }
        }
    }

    /// How far reading `file` again for its ids has come, in percent (said on the Data page).
    pub fn ids_read(&mut self, file: usize, percent: u8) {
        if let Some(f) = self.files.get(file) {
            self.id_reads.insert(f.profile.name.clone(), IdRead::Reading(percent.min(100)));
        }
    }

    /// Reading `file` again for its ids failed (the file was moved, or is no longer at hand):
    /// the Data page says why and what to do instead of waiting on.
    pub fn ids_unreadable(&mut self, file: usize, reason: &str) {
        if let Some(f) = self.files.get(file) {
            self.id_reads.insert(f.profile.name.clone(), IdRead::Failed(reason.to_owned()));
        }
    }

    fn id_column(f: &ProfiledFile) -> Option<usize> {
        f.profile.columns.iter().position(|c| c.role == Role::CustomerId)
    }

    /// The profiles with their links, as the Data page and the CLI show them.
    pub fn summary(&mut self) -> ImportSummary {
        let mut links = Vec::new();
        let mut notes = Vec::new();
        let customers = self.files.iter().position(|f| f.profile.kind == FileKind::Customers);
        // (a file of a header alone has no one to link)
        let linkable = self.files.iter().filter(|f| f.profile.rows > 0).count() > 1;
        if let Some(ci) = customers {
            let cust_col = Self::id_column(&self.files[ci]);
            // borrowed, not copied: a million customers' hashes are megabytes
            let cust_acc = cust_col.map(|c| &self.files[ci].columns[c]);
            match cust_acc.and_then(|acc| acc.id_hashes().map(|ids| (ids, acc.unpadded_hashes()))) {
                Some((cust, cust_unpadded)) => {
                    for (fi, f) in self.files.iter().enumerate() {
                        if fi == ci {
                            continue;
                        }
                        let Some(col) = Self::id_column(f) else {
                            notes.extend(unlinked(&f.profile, self.files.iter().map(|f| &f.profile)));
                            continue;
                        };
                        let Some(ids) = f.columns[col].id_hashes() else {
                            let (name, column) = (&f.profile.name, &f.profile.columns[col].name);
                            notes.push(match self.id_reads.get(name) {
                                Some(IdRead::Failed(why)) => format!(
                                    "{name}: could not read the file again to link it by {column} ({why}). Drop it again to link it."
                                ),
                                Some(IdRead::Reading(p)) if *p > 0 => {
                                    format!("{name}: reading the file again to link it by {column}\u{2026} {p}%")
                                }
                                _ => format!("{name}: reading the file again to link it by {column}\u{2026}"),
                            });
                            continue;
                        };
                        let matched = ids.iter().filter(|h| cust.contains(h)).count() as u64;
                        // (a spreadsheet drops the zeros of `0157` when it saves the file)
                        let zeros_apart = (f.columns[col].unpadded_hashes().iter().filter(|h| cust.contains(h)).count()
                            + cust_unpadded.iter().filter(|h| ids.contains(h)).count())
                            as u64;
                        links.push(Link {
                            file: fi,
                            customers_file: ci,
                            column: f.profile.columns[col].name.clone(),
                            distinct_ids: ids.len() as u64,
                            matched,
                            unmatched: ids.len() as u64 - matched,
                            customers_without: cust.len() as u64 - matched,
                            zeros_apart,
                        });
                    }
                }
                // (alone, a file has nothing to be linked to)
                None if cust_col.is_none() => {
                    if linkable {
                        notes.push(format!(
                            "{} has no customer-id column, so no other file is linked to it.",
                            self.files[ci].profile.name
                        ));
                    }
                    // (a web shop's sessions, a survey's anonymous answers: said, as the
                    // segments will count them as customers)
                    let f = &self.files[ci].profile;
                    notes.push(format!(
                        "{}: with no customer-id column, each of its {} rows is read as a customer of its own. If a column names the customer, set it to Customer id.",
                        f.name,
                        thousands(f.rows)
                    ));
                }
                // (alone, it has nothing to link either)
                None if linkable => notes.push(
                    "The customers file's id column was not kept while reading; links are not available.".to_owned(),
                ),
                None => {}
            }
        } else if linkable {
            notes.push("No customers file was recognised, so files are not linked. Set a unique customer-id column to link them.".to_owned());
            // (an app store's reviews beside a review site's: which of them has no id at all)
            for f in self.files.iter().filter(|f| f.profile.rows > 0 && Self::id_column(f).is_none()) {
                notes.extend(unlinked(&f.profile, self.files.iter().map(|f| &f.profile)));
            }
        }
        let files: Vec<FileProfile> = self.files.iter().map(|f| f.profile.clone()).collect();
        let mut checks = plausibility(&files, &links);
        // amounts in several currencies in one column are added as they are
        for f in &self.files {
            for (c, acc) in f.profile.columns.iter().zip(&f.columns) {
                let money =
                    matches!(c.column_type, ColumnType::Number | ColumnType::Integer) && c.role != Role::Ignored;
                if let [first @ .., last] = acc.currencies()
                    && money
                    && !first.is_empty()
                {
                    checks.push(format!(
                        "{}: \u{201c}{}\u{201d} holds amounts in {} and {}, and they are added up as they are: convert them to one currency first, or import one currency at a time.",
                        f.profile.name,
                        c.name,
                        first.join(", "),
                        last
                    ));
                }
            }
        }
        ImportSummary { files, links, notes, checks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::profile_bytes;

    #[test]
    fn files_are_recognised_and_linked_by_customer_id() {
        let mut s = ImportSession::new();
        let customers = "customer_id,age,city\nC1,34,Berlin\nC2,25,Paris\nC3,61,Lisbon\n";
        let orders = "order_id,customer_id,order_date,amount\n1,C1,2024-01-02,10\n2,C1,2024-02-03,12.5\n3,C2,2024-02-04,7\n4,C9,2024-02-05,3\n";
        let events = "customer_id,timestamp,event_type\nC1,2024-01-01 10:00,visit\nC3,2024-01-02 11:00,signup\n";
        let feedback = "customer_id,comment\nC2,\"Delivery was late, box damaged\"\n";
        for (name, text) in
            [("customers.csv", customers), ("orders.csv", orders), ("events.csv", events), ("feedback.csv", feedback)]
        {
            s.add(profile_bytes(name, text.as_bytes()).expect(name));
        }
        let sum = s.summary();
        let kinds: Vec<FileKind> = sum.files.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [FileKind::Customers, FileKind::Transactions, FileKind::Events, FileKind::Feedback]);
        let orders_link = &sum.links[0];
        assert_eq!(
            (orders_link.file, orders_link.distinct_ids, orders_link.matched, orders_link.unmatched),
            (1, 3, 2, 1)
        );
        assert_eq!(orders_link.customers_without, 1);
        assert_eq!(sum.links.len(), 3);
    }

    /// Amounts in dollars, euros and pounds in one column are added up as they are: said, as
    /// the file is read in one piece or by two readers; one currency says nothing.
    #[test]
    fn amounts_in_several_currencies_in_one_column_are_said() {
        let mut orders = String::from("order_id,customer_id,order_date,amount,fee\n");
        for i in 0..300 {
            let amount = match i % 3 {
                0 => format!("\"${},{:03}.50\"", 1 + i % 4, i),
                1 => format!("\"\u{20ac}{}.00\"", 10 + i),
                _ => format!("\"\u{a3}{}.25\"", 20 + i),
            };
            orders.push_str(&format!("{i},C{},2024-01-{:02},{amount},${}.00\n", i % 90, 1 + i % 28, i % 7));
        }
        let mut s = ImportSession::new();
        s.add(profile_bytes("orders.csv", orders.as_bytes()).expect("orders"));
        let checks = s.summary().checks;
        let said: Vec<&String> = checks.iter().filter(|c| c.contains("added up as they are")).collect();
        assert_eq!(said.len(), 1, "{checks:?}");
        assert!(
            said[0].starts_with("orders.csv: \u{201c}amount\u{201d} holds amounts in $, \u{20ac} and \u{a3}"),
            "{}",
            said[0]
        );
    }

    /// Ages of children among adult customers (AER's credit-card applicants of 0.17 years) are
    /// said with the lowest one; adults alone, years of birth and a file of young members are not.
    #[test]
    fn ages_of_children_among_adult_customers_are_said() {
        let file = |ages: &[f64]| {
            let mut csv = String::from("customer_id,age,income\n");
            for (i, a) in ages.iter().enumerate() {
                csv.push_str(&format!("C{i},{a},{}\n", 20_000 + i * 100));
            }
            let mut s = ImportSession::new();
            s.add(profile_bytes("applicants.csv", csv.as_bytes()).expect("profiles"));
            s.summary().checks.into_iter().filter(|c| c.contains("unlikely for a customer")).collect::<Vec<_>>()
        };
        let adults: Vec<f64> = (0..200).map(|i| 18.0 + (i % 60) as f64 + 0.25).collect();
        let mut with_children = adults.clone();
        with_children.extend([0.1666667, 0.5, 0.75]);
        let said = file(&with_children);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("applicants.csv: \u{201c}age\u{201d} goes down to 0.17"), "{}", said[0]);
        assert!(file(&adults).is_empty());
        let births: Vec<f64> = (0..200).map(|i| 1950.0 + (i % 50) as f64).collect();
        assert!(file(&births).is_empty(), "years of birth");
        let young: Vec<f64> = (0..200).map(|i| 6.0 + (i % 12) as f64).collect();
        assert!(file(&young).is_empty(), "a club of young members");
    }

    /// A file with no header, whose second column the user makes the customer id: the first
    /// is no longer one, and once the file is read again for the new column's ids it links.
    #[test]
    fn a_customer_id_chosen_after_reading_links_once_its_ids_are_read_again() {
        let customers: String = std::iter::once("customer_id,age\n".to_owned())
            .chain((0..200).map(|i| format!("C{i:03},{}\n", 20 + i % 50)))
            .collect();
        // no header: a row number first, then the customer
        let orders: String = (0..300)
            .map(|i| format!("{},C{:03},2024-01-{:02},{}.50\n", i + 1, i % 250, 1 + i % 28, 5 + i % 9))
            .collect();
        let mut s = ImportSession::new();
        s.add(profile_bytes("customers.csv", customers.as_bytes()).expect("customers"));
        s.add(profile_bytes("orders.csv", orders.as_bytes()).expect("orders"));
        assert!(s.set_role(1, 1, Role::CustomerId));
        let roles: Vec<Role> = s.summary().files[1].columns.iter().map(|c| c.role).collect();
        assert_eq!(roles.iter().filter(|r| **r == Role::CustomerId).count(), 1, "{roles:?}");
        assert_eq!(roles[1], Role::CustomerId);
        let column = s.ids_to_read(1).expect("the new id column's ids were not kept");
        assert_eq!(column, 1);
        assert!(s.summary().notes.iter().any(|n| n.starts_with("orders.csv: reading the file again")));
        s.ids_read(1, 40);
        assert!(
            s.summary()
                .notes
                .iter()
                .any(|n| n == "orders.csv: reading the file again to link it by column_2\u{2026} 40%")
        );
        // (a file no longer at hand says so, rather than reading on for ever)
        s.ids_unreadable(1, "the file is no longer at hand");
        let notes = s.summary().notes;
        assert!(
            notes.iter().any(|n| n
                == "orders.csv: could not read the file again to link it by column_2 (the file is no longer at hand). Drop it again to link it."),
            "{notes:?}"
        );
        let ids: Vec<&str> = orders.lines().map(|l| l.split(',').nth(1).unwrap()).collect();
        s.set_ids(1, column, ids.into_iter());
        assert_eq!(s.ids_to_read(1), None);
        let sum = s.summary();
        let link = sum.links.iter().find(|l| l.file == 1).expect("linked");
        assert_eq!((link.distinct_ids, link.matched), (250, 200));
    }

    /// An orders file saved from a spreadsheet after the customers' export (or the other way
    /// round) has lost its ids' leading zeros: those that link only without them are counted
    /// and said, however the files are read; ids written alike say nothing.
    #[test]
    fn ids_apart_only_by_leading_zeros_are_said() {
        let customers: String = std::iter::once("customer_id,age\n".to_owned())
            .chain((1..=300).map(|i| format!("{i:05},{}\n", 20 + i % 50)))
            .collect();
        let orders: String = std::iter::once("order_id,customer_id,order_date,amount\n".to_owned())
            .chain((1..=400).map(|i| {
                // customers 1 to 120 with their zeros, 121 to 300 without, and 100 unknown
                let c = 1 + i % 400;
                let id = if c <= 120 || c > 300 { format!("{c:05}") } else { c.to_string() };
                format!("{i},{id},2024-01-02,10\n")
            }))
            .collect();
        // read as the CLI reads, and as the app does (the customer table gathered while read)
        let read = |name: &str, text: &str, gathered: bool| {
            if !gathered {
                return profile_bytes(name, text.as_bytes()).expect(name);
            }
            let mut pass = crate::features::OnePass::with_head(name, 1 << 10);
            pass.feed(text.as_bytes());
            pass.finish().expect(name).0
        };
        for (first, second, gathered) in
            [(&customers, &orders, false), (&orders, &customers, false), (&customers, &orders, true)]
        {
            let mut s = ImportSession::new();
            s.add(read("a.csv", first, gathered));
            s.add(read("b.csv", second, gathered));
            let sum = s.summary();
            assert_eq!((sum.links[0].matched, sum.links[0].zeros_apart), (120, 180), "{:?}", sum.links);
            let said: Vec<&String> = sum.checks.iter().filter(|c| c.contains("leading zeros")).collect();
            assert_eq!(said.len(), 1, "{:?}", sum.checks);
            assert!(said[0].contains(": 180 of its customer ids are in "), "{}", said[0]);
        }
        // every id with its zeros in both: nothing to say
        let padded: String = orders
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                match f[1].parse::<u32>() {
                    Ok(c) => format!("{},{c:05},{},{}\n", f[0], f[2], f[3]),
                    Err(_) => format!("{l}\n"),
                }
            })
            .collect();
        let mut s = ImportSession::new();
        s.add(profile_bytes("customers.csv", customers.as_bytes()).expect("customers"));
        s.add(profile_bytes("orders.csv", padded.as_bytes()).expect("orders"));
        let sum = s.summary();
        assert_eq!((sum.links[0].matched, sum.links[0].zeros_apart), (300, 0));
        assert!(!sum.checks.iter().any(|c| c.contains("leading zeros")), "{:?}", sum.checks);
    }

    #[test]
    fn results_that_cannot_be_right_are_said() {
        // ten "customers" in 500 rows, and a column nearly empty
        let mut calls = String::from("calls_customer,plan,note_score\n");
        for i in 0..500 {
            calls.push_str(&format!("{},{},{}\n", i % 10, ["a", "b"][i % 2], if i < 10 { "3" } else { "" }));
        }
        let mut s = ImportSession::new();
        s.add(profile_bytes("calls.csv", calls.as_bytes()).expect("calls"));
        s.set_role(0, 0, Role::CustomerId);
        s.set_role(0, 2, Role::Attribute);
        let checks = s.summary().checks;
        assert!(checks.iter().any(|c| c.contains("only 10 distinct values in 500 rows")), "{checks:?}");
        assert!(checks.iter().any(|c| c.contains("\u{201c}note_score\u{201d} (attribute) is 98% empty")), "{checks:?}");

        // 25 users who rated 120 films each: many ratings each, as a ratings log has, and
        // nothing to question; the same 25 on 3,000 rows of a customers file are
        let ratings: String = std::iter::once("userId,movieId,rating,timestamp\n".to_owned())
            .chain(
                (0..3_000)
                    .map(|i| format!("{},{},{},{}\n", 1 + i % 25, i * 7 % 900, 1 + i % 5, 1_260_859_144 + i * 60)),
            )
            .collect();
        let mut s = ImportSession::new();
        s.add(profile_bytes("ratings.csv", ratings.as_bytes()).expect("ratings"));
        assert_eq!(s.summary().files[0].kind, FileKind::Feedback);
        assert!(!s.summary().checks.iter().any(|c| c.contains("distinct values")), "{:?}", s.summary().checks);
        let members: String = std::iter::once("member_id,plan\n".to_owned())
            .chain((0..3_000).map(|i| format!("M{},{}\n", 1 + i % 25, ["a", "b"][i % 2])))
            .collect();
        let mut s = ImportSession::new();
        s.add(profile_bytes("members.csv", members.as_bytes()).expect("members"));
        assert!(
            s.summary().checks.iter().any(|c| c.contains("only 25 distinct values in 3,000 rows")),
            "{:?}",
            s.summary().checks
        );

        // a shop's clickstream whose revenue is on its purchases alone (retentioneering's
        // ab_test_demo): nothing to leave out
        let events: String = std::iter::once("user_id,event,timestamp,transaction_value\n".to_owned())
            .chain((0..500).map(|i| {
                let (event, value) = if i % 50 == 49 { ("payment_done", "39.90") } else { ("catalog", "") };
                format!("{},{event},2019-11-01 17:{:02}:13,{value}\n", 219_483_890 + i / 20, i % 60)
            }))
            .collect();
        let mut s = ImportSession::new();
        s.add(profile_bytes("events.csv", events.as_bytes()).expect("events"));
        assert_eq!(s.summary().files[0].kind, FileKind::Events);
        assert!(!s.summary().checks.iter().any(|c| c.contains("empty")), "{:?}", s.summary().checks);

        // a file whose ids are not the customers'
        let mut s = ImportSession::new();
        let customers: String = std::iter::once("customer_id,age\n".to_owned())
            .chain((0..200).map(|i| format!("C{i:04},{}\n", 20 + i % 50)))
            .collect();
        let orders: String = std::iter::once("order_id,customer_id,order_date,amount\n".to_owned())
            .chain((0..300).map(|i| {
                let id = if i < 5 { format!("C{i:04}") } else { format!("{i}") };
                format!("{i},{id},2024-01-02,10\n")
            }))
            .collect();
        s.add(profile_bytes("customers.csv", customers.as_bytes()).expect("c"));
        s.add(profile_bytes("orders.csv", orders.as_bytes()).expect("o"));
        let checks = s.summary().checks;
        let want = "orders.csv: only 5 of its 300 customer ids (2%) are in customers.csv";
        assert!(checks.iter().any(|c| c.starts_with(want)), "{checks:?}");
        assert!(scale_check(10, 5_000).is_some_and(|c| c.starts_with("10 customers from 5,000 rows, 500 rows each")));
        assert_eq!(scale_check(2_000, 5_000), None);
    }

    #[test]
    fn the_most_specific_header_keeps_a_single_valued_role() {
        let f =
            profile_bytes("o.csv", b"Order Date,Ship Date,Customer ID,Customer Name\n2024-01-01,2024-01-03,C1,Ann\n")
                .expect("o")
                .profile;
        let roles: Vec<Role> = f.columns.iter().map(|c| c.role).collect();
        assert_eq!(roles, [Role::OrderDate, Role::Ignored, Role::CustomerId, Role::Ignored]);
        let f = profile_bytes("o.csv", b"Order Date,Original Order Date,Customer ID\n2024-01-01,2024-01-03,C1\n")
            .expect("o")
            .profile;
        let roles: Vec<Role> = f.columns.iter().map(|c| c.role).collect();
        assert_eq!(roles, [Role::OrderDate, Role::Ignored, Role::CustomerId]);
        assert!(f.columns[1].role_reason.contains("Order Date"), "{}", f.columns[1].role_reason);
    }

    #[test]
    fn an_overridden_type_reports_the_share_that_fits_it() {
        let mut s = ImportSession::new();
        s.add(profile_bytes("x.csv", b"code,n\n1,1\n2,2\nA3,3\n4,4\n").expect("x"));
        let before = s.summary().files[0].columns[0].clone();
        assert_eq!(before.column_type, ColumnType::Category);
        assert!(s.set_type(0, 0, ColumnType::Integer));
        let after = s.summary().files[0].columns[0].clone();
        assert_eq!((after.column_type, after.type_share), (ColumnType::Integer, 0.75));
        assert!(after.numeric.is_some());
    }

    #[test]
    fn changing_a_role_changes_the_file_kind() {
        let mut s = ImportSession::new();
        s.add(profile_bytes("x.csv", b"who,what\nC1,visit\nC2,buy\n").expect("x"));
        // two columns of categories and no id: a customer per row
        assert_eq!(s.summary().files[0].kind, FileKind::Customers);
        assert!(s.set_role(0, 0, Role::CustomerId));
        assert!(s.set_role(0, 1, Role::EventType));
        assert_eq!(s.summary().files[0].kind, FileKind::Events);
        assert!(!s.set_role(3, 0, Role::Age));
        assert!(!s.set_role(0, 9, Role::Age));
    }

    /// The customer ids of each file, as the summary links them (file name, key column).
    fn keys(s: &mut ImportSession) -> Vec<(String, String)> {
        let sum = s.summary();
        sum.files
            .iter()
            .map(|f| {
                let key = f.columns.iter().find(|c| c.role == Role::CustomerId).map(|c| c.name.clone());
                (f.name.clone(), key.unwrap_or_default())
            })
            .collect()
    }

    fn add(s: &mut ImportSession, name: &str, header: &str, rows: usize, row: impl Fn(usize) -> String) {
        let text: String = std::iter::once(format!("{header}\n")).chain((0..rows).map(|i| row(i) + "\n")).collect();
        s.add(profile_bytes(name, text.as_bytes()).expect(name));
    }

    #[test]
    fn files_whose_keys_share_nothing_link_by_the_address_they_share() {
        let orders = |s: &mut ImportSession| {
            add(s, "orders.csv", "order_id,email,order_date,total", 600, |i| {
                format!("B-{i:05},p{}@example.org,2025-0{}-{:02},{}.50", i % 200, 1 + i % 6, 1 + i % 28, 10 + i % 40)
            })
        };
        // a form's responses numbered 1, 2, 3, the respondent's address asked in a question
        let survey = |s: &mut ImportSession| {
            add(s, "survey.csv", "ID,Start time,Email,What is your email address?,How satisfied are you?", 150, |i| {
                format!("{},6/9/25 16:44:00,anonymous,p{}@example.org,{}", i + 1, i, 1 + i % 5)
            })
        };
        let mut s = ImportSession::new();
        orders(&mut s);
        survey(&mut s);
        assert_eq!(keys(&mut s)[1], ("survey.csv".to_owned(), "What is your email address?".to_owned()));
        // the same the other way round
        let mut s = ImportSession::new();
        survey(&mut s);
        orders(&mut s);
        assert_eq!(keys(&mut s)[0].1, "What is your email address?");
        let reason = &s.summary().files[0].columns[0].role_reason;
        assert!(reason.contains("next to none of its values are among orders.csv's customer ids"), "{reason}");

        // a customers file whose `customer_id` the orders know keeps it beside the survey
        let mut s = ImportSession::new();
        add(&mut s, "customers.csv", "customer_id,email,age", 200, |i| {
            format!("C{i:04},p{i}@example.org,{}", 20 + i % 50)
        });
        add(&mut s, "orders.csv", "order_id,customer_id,order_date,total", 600, |i| {
            format!("B-{i:05},C{:04},2025-0{}-{:02},{}.50", i % 200, 1 + i % 6, 1 + i % 28, 10 + i % 40)
        });
        add(&mut s, "survey.csv", "email,How satisfied are you?", 150, |i| format!("p{i}@example.org,{}", 1 + i % 5));
        assert_eq!(keys(&mut s)[0].1, "customer_id");

        // numbers alike by chance link nothing: a shop's order ids are no customer ids
        let mut s = ImportSession::new();
        add(&mut s, "customers.csv", "ID,Name,Country", 300, |i| format!("{},N{i},FR", i + 1));
        add(&mut s, "orders.csv", "ID,Customer,Date,Total", 500, |i| {
            format!("{},N. {},2025-01-{:02},{}.00", i + 1, i % 97, 1 + i % 28, 5 + i % 50)
        });
        assert_eq!(keys(&mut s)[1].1, "Customer");

        // an address on some of the rows only would leave customers out; a key you set stays
        let mut s = ImportSession::new();
        orders(&mut s);
        add(&mut s, "companies.csv", "Account ID,Name,Email", 300, |i| {
            format!("A{i},Co {i},{}", if i % 3 == 0 { String::new() } else { format!("p{}@example.org", i % 200) })
        });
        assert_eq!(keys(&mut s)[1].1, "Account ID");
        let mut s = ImportSession::new();
        survey(&mut s);
        assert!(s.set_role(0, 0, Role::CustomerId));
        orders(&mut s);
        assert_eq!(keys(&mut s)[0].1, "ID", "set by you");
    }

    /// Two tools both name their download `export.csv`: both are kept, under two names. The
    /// same export read again replaces the earlier reading; dropped together, both stay.
    #[test]
    fn two_different_files_of_one_name_are_both_kept() {
        let users = "user_id,email,country\nu1,a@x.org,FR\nu2,b@x.org,DE\n";
        let sessions = "session_id,user_id,started_at\ns1,u1,2024-01-02 10:00\ns2,u2,2024-01-03 11:00\n";
        let read = |text: &str| profile_bytes("export.csv", text.as_bytes()).expect("profiles");
        let mut s = ImportSession::new();
        s.add(read(users));
        let mut again = read(sessions);
        again.profile.name = s.name_for(&again.profile, false);
        assert_eq!(again.profile.name, "export (2).csv");
        s.add(again);
        let mut third = read("a,b\n1,2\n");
        third.profile.name = s.name_for(&third.profile, false);
        assert_eq!(third.profile.name, "export (3).csv");
        s.add(third);
        // the users export read again: the same columns, the same file
        assert_eq!(s.name_for(&read(users).profile, false), "export.csv");
        assert_eq!(s.name_for(&read(users).profile, true), "export (4).csv", "dropped together");
        assert_eq!(s.files().count(), 3);
        let mut plain = read(users);
        plain.profile.name = "README".to_owned();
        s.add(plain);
        let mut readme = read(users).profile;
        readme.name = "README".to_owned();
        assert_eq!(s.name_for(&readme, true), "README (2)", "a name with no extension");
    }
}
