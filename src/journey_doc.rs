//! The Journeys and Activation pages, drawn as HTML by the worker (as the Segments page is, see
//! [`crate::digest`]): the page only places the strings and sends back what the user does.
//!
//! Every control carries `data-act` (a button) or `data-input` (a field, sent on change) and a
//! stable `id`, so that the page can keep the focus where it was when the HTML is redrawn.
//! [`input_action`] reads what the page sends back into a [`PlanAction`].

use std::collections::BTreeMap;

use persona_charts as charts;
use persona_core::activation::{self, ContentCell, Incentive};
use persona_core::deck::{Deck, Field, Persona};
use persona_core::journey::{FunnelSettings, OrderMode, Times};
use persona_core::journey_plan::{
    GroupBy, GroupJourney, JourneyPlan, JourneyReport, LEFT_OUT, LifecycleReport, PlanAction, Share, TypeRow, edit_key,
};
use persona_core::persona::{PersonaDraft, Statement};
use persona_core::segment::SegmentationView;

use crate::digest::{Table, figure_html};
use crate::pages::data::{fmt_int, fmt_pct as pct};
use crate::persona_doc::esc;
use crate::protocol::HtmlView;

/// Days in the conversion window's field.
const DAY: i64 = 86_400;
/// The most event types the stage mapping lists, the commonest first to stay (see [`setup_html`]).
const LISTED_TYPES: usize = 300;

fn button(act: &str, attrs: &str, label: &str, aria: &str) -> String {
    format!(
        r#"<button type="button" class="button small" data-act="{act}" {attrs} aria-label="{}">{}</button>"#,
        esc(aria),
        esc(label)
    )
}

/// A persona's key in the plan's edits.
pub fn owner(id: u64) -> String {
    format!("persona:{id}")
}

/// The personas drafted from a segment and shown (not archived, not detached), in deck order.
pub fn drafted(deck: &Deck) -> Vec<&Persona> {
    deck.personas.iter().filter(|p| !p.archived && !p.detached && p.segment.is_some() && p.draft.is_some()).collect()
}

/// Everything the Journeys page is drawn from.
pub struct JourneyPage<'a> {
    pub plan: &'a JourneyPlan,
    pub report: Option<&'a JourneyReport>,
    /// Said above the results: where they come from, or why there are none.
    pub note: Option<String>,
    /// The stages and rules can be changed (the events file is here to read again).
    pub editable: bool,
    pub deck: &'a Deck,
    /// The lifecycle from orders, once worked out.
    pub lifecycle: Option<&'a LifecycleReport>,
    /// An orders file is here to work it out from.
    pub has_orders: bool,
}

/// The Journeys page.
pub fn journeys_html(p: &JourneyPage<'_>) -> HtmlView {
    let mut html = String::new();
    let mut charts = Vec::new();
    if let Some(note) = &p.note {
        html.push_str(&format!(r#"<p class="notice" data-testid="journey-note">{}</p>"#, esc(note)));
    }
    html.push_str(&setup_html(p));
    if let Some(r) = p.report {
        let (results, figures) = results_html(p.plan, r, p.deck);
        html.push_str(&results);
        charts.extend(figures);
        let (maps, figure) = maps_html(p.plan, r, p.deck);
        html.push_str(&maps);
        charts.extend(figure);
    }
    html.push_str(&lifecycle_html(p.lifecycle, p.has_orders));
    HtmlView { html, charts }
}

pub(crate) fn day_text(day: i64) -> String {
    let (y, m, d) = persona_core::ingest::value::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn moves_table(names: &[&str], counts: &[Vec<u64>], testid: &str, from: i64, to: i64) -> String {
    let mut head = format!(r#"<th scope="col">On {} (rows) → on {}</th>"#, day_text(from), day_text(to));
    for n in names {
        head.push_str(&format!(r#"<th scope="col">{}</th>"#, esc(n)));
    }
    let mut body = String::new();
    for (a, row) in counts.iter().enumerate() {
        if row.iter().all(|&n| n == 0) {
            continue;
        }
        body.push_str(&format!(r#"<tr><th scope="row">{}</th>"#, esc(names[a])));
        for (b, &n) in row.iter().enumerate() {
            let cell = if n == 0 { String::new() } else { fmt_int(n) };
            let stay = if a == b { r#" class="stay""# } else { "" };
            body.push_str(&format!("<td{stay}>{cell}</td>"));
        }
        body.push_str("</tr>");
    }
    format!(
        r#"<div class="table-scroll" tabindex="0"><table data-testid="{testid}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#
    )
}

/// The lifecycle from orders: where customers stand, and how they moved.
fn lifecycle_html(r: Option<&LifecycleReport>, has_orders: bool) -> String {
    let mut html = String::from(r#"<h2>From orders: the lifecycle</h2>"#);
    let Some(r) = r else {
        if has_orders {
            html.push_str(r#"<p class="muted">Orders alone tell where each customer stands (first purchase, repeat, loyal, lapsing, won back) and how customers move between stages and between RFM segments. It reads your orders file again.</p>"#);
            html.push_str(&button(
                "lifecycle",
                r#"id="show-lifecycle" data-testid="show-lifecycle""#,
                "Show the lifecycle from orders",
                "Show the lifecycle from orders",
            ));
        } else {
            html.push_str(r#"<p class="muted">Drop an orders file (a customer id and an order date per row) on the Data page to see the lifecycle from orders.</p>"#);
        }
        return html;
    };
    let labels: Vec<&str> = persona_core::journey::Lifecycle::ALL.iter().map(|l| l.label()).collect();
    let mut now = String::new();
    for (l, &n) in labels.iter().zip(&r.now) {
        let share = if r.customers == 0 { 0.0 } else { n as f64 / r.customers as f64 };
        now.push_str(&format!(
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
            esc(l),
            fmt_int(n),
            pct(share)
        ));
    }
    html.push_str(&format!(
        r#"<p data-testid="lifecycle-summary">{} customers on {}, the last order day. A customer is lapsing after {} days without an order (twice the usual gap between orders) and loyal from {} orders.</p><table data-testid="lifecycle-now"><thead><tr><th scope="col">Stage</th><th scope="col">Customers</th><th scope="col">Share</th></tr></thead><tbody>{now}</tbody></table>"#,
        fmt_int(r.customers),
        day_text(r.end),
        r.lapse_days,
        r.loyal_orders
    ));
    html.push_str(&format!(
        r#"<h3>Moves between stages over the last quarter</h3>{}"#,
        moves_table(&labels, &r.moves, "lifecycle-moves", r.from, r.end)
    ));
    if let Some((names, counts)) = &r.rfm {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        html.push_str(&format!(
            r#"<h3>Moves between RFM segments over the last half-year</h3><p class="muted">Each day scored on its own (its quintiles), as the Segments page scores the analysis day.</p>{}"#,
            moves_table(&names, counts, "rfm-moves", r.rfm_from, r.end)
        ));
    }
    html
}

fn stage_options(stages: &[String], selected: Option<usize>, with_none: bool) -> String {
    let mut out = String::new();
    for (i, s) in stages.iter().enumerate() {
        let sel = if selected == Some(i) { " selected" } else { "" };
        out.push_str(&format!(r#"<option value="{i}"{sel}>{}</option>"#, esc(s)));
    }
    if with_none {
        let sel = if selected.is_none() { " selected" } else { "" };
        out.push_str(&format!(r#"<option value=""{sel}>Not in the journey</option>"#));
    }
    out
}

fn setup_html(p: &JourneyPage<'_>) -> String {
    let plan = p.plan;
    let stages = &plan.stages.0;
    let disabled = if p.editable { "" } else { " disabled" };
    let mut list = String::new();
    let empty: &[String] = p.report.map_or(&[], |r| &r.empty);
    for (i, s) in stages.iter().enumerate() {
        let no_events =
            if empty.contains(s) { r#" <span class="muted">no events: not in the funnel</span>"# } else { "" };
        list.push_str(&format!(
            r#"<li data-testid="stage"><input type="text" id="stage-name-{i}" data-input="rename-stage" data-stage="{i}" value="{v}" aria-label="Name of stage {n}" maxlength="40"> {up} {down} {remove}{no_events}</li>"#,
            v = esc(s),
            n = i + 1,
            // (the keyboard follows the stage it moved: the same button at the stage's new place)
            up = button(
                "stage-up",
                &format!(r#"data-stage="{i}" id="stage-up-{i}" data-focus-next="stage-up-{}""#, i.saturating_sub(1)),
                "↑",
                &format!("Move {s} earlier")
            ),
            down = button(
                "stage-down",
                &format!(
                    r#"data-stage="{i}" id="stage-down-{i}" data-focus-next="stage-down-{}""#,
                    (i + 1).min(stages.len() - 1)
                ),
                "↓",
                &format!("Move {s} later")
            ),
            // (the focus goes to the Remove of the stage that takes its place, else of the one
            // before it, else to the new stage's name)
            remove = button(
                "remove-stage",
                &format!(
                    r#"data-stage="{i}" id="remove-stage-{i}" data-focus-next="{}""#,
                    match stages.len() {
                        0 | 1 => "new-stage".to_owned(),
                        n if i + 1 < n => format!("remove-stage-{i}"),
                        _ => format!("remove-stage-{}", i - 1),
                    }
                ),
                "Remove",
                &format!("Remove {s}")
            ),
        ));
    }
    let mut types = String::new();
    let all_types = p.report.map_or(&[][..], |r| &r.types[..]);
    // (a log of SKU-named events has thousands of types: the commonest are listed, the rest
    // follow the rules)
    let fewest_listed = if all_types.len() > LISTED_TYPES {
        let mut counts: Vec<u64> = all_types.iter().map(|t| t.events).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        counts[LISTED_TYPES - 1]
    } else {
        0
    };
    // (of as many events as the fewest listed, those met first, up to the number listed)
    let mut ties = LISTED_TYPES.saturating_sub(all_types.iter().filter(|t| t.events > fewest_listed).count());
    let mut unlisted = (0usize, 0u64);
    for (i, t) in all_types.iter().enumerate() {
        let TypeRow { name, events, stage } = t;
        if *events < fewest_listed || *events == fewest_listed && fewest_listed > 0 && ties == 0 {
            unlisted = (unlisted.0 + 1, unlisted.1 + events);
            continue;
        }
        if *events == fewest_listed && fewest_listed > 0 {
            ties -= 1;
        }
        types.push_str(&format!(
            r#"<tr><th scope="row">{n}</th><td>{e}</td><td><select id="map-type-{i}" data-input="map-type" data-type="{n}" aria-label="Stage of {n}"{disabled}>{o}</select></td></tr>"#,
            n = esc(name),
            e = fmt_int(*events),
            o = stage_options(stages, *stage, true)
        ));
    }
    let mapping = if types.is_empty() {
        String::new()
    } else {
        format!(
            r#"<h3>Which events belong to which stage</h3><div class="table-scroll"><table class="mapping" data-testid="event-mapping"><thead><tr><th scope="col">Event type</th><th scope="col">Events</th><th scope="col">Stage</th></tr></thead><tbody>{types}</tbody></table></div>{more}"#,
            more = if unlisted.0 == 0 {
                String::new()
            } else {
                format!(
                    r#"<p class="muted" data-testid="unlisted-types">{} more event types, none with more events than those listed ({} events in all), are not listed: each is in the stage its name's words give (rules on words, below).</p>"#,
                    fmt_int(unlisted.0 as u64),
                    fmt_int(unlisted.1)
                )
            }
        )
    };
    let mut rules = String::new();
    if let Some(list) = &plan.rules {
        for (i, r) in list.iter().enumerate() {
            let to = if r.stage == LEFT_OUT {
                "not in the journey".to_owned()
            } else {
                stages.get(r.stage).cloned().unwrap_or_default()
            };
            rules.push_str(&format!(
                r#"<li>“{w}” → {t} {b}</li>"#,
                w = esc(&r.word),
                t = esc(&to),
                b = button(
                    "remove-rule",
                    &format!(r#"data-rule="{i}" id="remove-rule-{i}""#),
                    "Remove",
                    &format!("Remove the rule on {}", r.word)
                )
            ));
        }
    }
    let rules = format!(
        r#"<details class="rules"><summary>Rules on words ({n})</summary><p class="muted">An event whose name holds a rule's words goes to its stage; the first rule that matches decides. Until you change the mapping, the rules are suggested from the names, in six languages.</p><ol>{rules}</ol><p><label>Events whose name holds <input type="text" id="rule-word" data-testid="rule-word" size="14"></label> <label>go to <select id="rule-stage" data-testid="rule-stage">{o}</select></label> {add}</p></details>"#,
        n = plan.rules.as_ref().map_or("suggested".to_owned(), |r| r.len().to_string()),
        o = stage_options(stages, Some(0), false),
        add = button(
            "add-rule",
            r#"data-with="rule-word,rule-stage" id="add-rule" data-testid="add-rule""#,
            "Add rule",
            "Add the rule"
        ),
    );
    let mode = |m: OrderMode, label: &str| {
        let sel = if plan.funnel.mode == m { " selected" } else { "" };
        let v = match m {
            OrderMode::InOrder => "in_order",
            OrderMode::Strict => "strict",
            OrderMode::AnyOrder => "any_order",
        };
        format!(r#"<option value="{v}"{sel}>{label}</option>"#)
    };
    let window = plan.funnel.window.map_or(String::new(), |w| {
        let days = w as f64 / DAY as f64;
        if days.fract() == 0.0 { format!("{days:.0}") } else { format!("{days}") }
    });
    let by = |b: GroupBy, label: &str| {
        let sel = if plan.by == b { " selected" } else { "" };
        let v = if b == GroupBy::Segments { "segments" } else { "personas" };
        format!(r#"<option value="{v}"{sel}>{label}</option>"#)
    };
    format!(
        r#"<section class="journey-setup" data-testid="journey-setup"><h2>Stages</h2><ol class="stage-list" data-testid="stage-list">{list}</ol><p><label>New stage <input type="text" id="new-stage" data-testid="new-stage" maxlength="40" size="16"></label> {add}</p>{mapping}{rules}<p>{reset}</p><h2>Funnel</h2><p class="funnel-settings"><label>Order <select id="order-mode" data-input="mode" data-testid="order-mode">{m1}{m2}{m3}</select></label> <label>Conversion window <input type="text" inputmode="numeric" id="window-days" data-input="window" data-testid="window-days" value="{window}" size="5"> days</label> <span class="muted">(empty: no limit)</span> <label>Side by side <select id="group-by" data-input="by" data-testid="group-by">{b1}{b2}</select></label></p></section>"#,
        add = button(
            "add-stage",
            r#"data-with="new-stage" id="add-stage" data-testid="add-stage""#,
            "Add stage",
            "Add stage"
        ),
        reset = button(
            "reset-mapping",
            r#"id="reset-mapping" data-testid="reset-mapping""#,
            "Back to the suggested stages and mapping",
            "Back to the suggested stages and mapping"
        ),
        m1 = mode(OrderMode::InOrder, "In order, other events between"),
        m2 = mode(OrderMode::Strict, "Strictly in order"),
        m3 = mode(OrderMode::AnyOrder, "Any order"),
        b1 = by(GroupBy::Segments, "Segments"),
        b2 = by(GroupBy::Personas, "Personas"),
    )
}

/// The groups shown side by side: (label, colour, journey), everyone's first.
fn columns<'a>(plan: &JourneyPlan, r: &'a JourneyReport, deck: &Deck) -> Vec<(String, usize, &'a GroupJourney)> {
    let mut out = vec![("Everyone".to_owned(), 9, &r.everyone)];
    match plan.by {
        GroupBy::Segments => {
            out.extend(r.groups.iter().enumerate().map(|(i, g)| (format!("{}. {}", i + 1, g.label), i, g)));
        }
        GroupBy::Personas => {
            for p in drafted(deck) {
                let s = p.segment.unwrap_or(0);
                if let Some(g) = r.groups.get(s) {
                    out.push((p.text(Field::Name).value, s, g));
                }
            }
        }
    }
    out
}

fn times_text(t: &Option<Times>) -> String {
    match t {
        Some(t) => format!(
            "median {} (P25 {}, P75 {}, P90 {})",
            charts::duration(t.median),
            charts::duration(t.p25),
            charts::duration(t.p75),
            charts::duration(t.p90)
        ),
        None => String::new(),
    }
}

/// A conversion window (seconds) in days, as a sentence says it: to the hundredth of a day
/// ("30", "0.5", "0.04"), a window shorter than that as it is.
fn window_days(w: i64) -> String {
    let days = w as f64 / DAY as f64;
    let rounded = (days * 100.0).round() / 100.0;
    format!("{}", if rounded > 0.0 { rounded } else { days })
}

fn results_html(plan: &JourneyPlan, r: &JourneyReport, deck: &Deck) -> (String, Vec<String>) {
    let stages: Vec<String> = r.stages.clone();
    let cols = columns(plan, r, deck);
    let mut html = String::new();
    let mut summary = if stages.is_empty() {
        // (no event type's name said its stage: the user has to, the commonest first)
        let mut types: Vec<&TypeRow> = r.types.iter().collect();
        types.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
        let names: Vec<&str> = types.iter().take(5).map(|t| t.name.as_str()).collect();
        format!(
            "{} customers with events, but none of their event types is in a stage yet ({}{}): choose a stage for each under \"Which events belong to which stage\" to follow them through the funnel.",
            fmt_int(r.everyone.customers),
            names.join(", "),
            if r.types.len() > names.len() { ", …" } else { "" }
        )
    } else {
        format!(
            "{} customers with events; the funnel follows them through {} stage{}.",
            fmt_int(r.everyone.customers),
            stages.len(),
            if stages.len() == 1 { "" } else { "s" }
        )
    };
    // (those whose events are all of no stage, or of later stages only, are not in the first
    // stage's count: say so, or the first stage reads as everyone and the rest as lost)
    if let (Some(first), Some(step)) = (stages.first(), r.everyone.funnel.steps.first())
        && step.customers < r.everyone.customers
    {
        summary.push_str(&format!(
            " {} of them have no event in its first stage, {first}, so the funnel starts without them.",
            fmt_int(r.everyone.customers - step.customers)
        ));
    }
    // (without segments everyone is in none: nothing to say)
    if r.outside > 0 && !r.groups.is_empty() {
        summary.push_str(&format!(" {} of them are in no segment (not in your customer table).", fmt_int(r.outside)));
    }
    if r.groups.is_empty() {
        summary.push_str(" Find segments on the Segments page to see each segment's journey.");
    }
    if r.skipped_rows > 0 {
        summary.push_str(&format!(
            " {} rows had no customer, time or event type and are left out.",
            fmt_int(r.skipped_rows)
        ));
    }
    // (a window shorter than the log leaves buyers out: say how many, and how to count them)
    if let (Some(w), Some(step)) = (r.window, r.everyone.funnel.steps.get(r.target))
        && step.later > 0
    {
        summary.push_str(&format!(
            " {} more reached {} only after the {}-day conversion window and are not counted; empty the window to count them.",
            fmt_int(step.later),
            stages.get(r.target).map_or("it", String::as_str),
            window_days(w)
        ));
    }
    // (and those whose event of it came out of the funnel's order: the sample's buyers whose
    // purchase came before an awareness event, where every customer has orders)
    if let Some(step) = r.everyone.funnel.steps.get(r.target).filter(|s| s.out_of_order > 0) {
        let stage = stages.get(r.target).map_or("it", String::as_str);
        summary.push_str(&match plan.funnel.mode {
            OrderMode::AnyOrder => format!(
                " {} more have a {stage} event but not one of every stage before it, so the funnel leaves them out.",
                fmt_int(step.out_of_order)
            ),
            _ => format!(
                " {} more have a {stage} event but not after each stage before it in turn, so this funnel leaves them out (\u{201c}Any order\u{201d} counts those who have every stage).",
                fmt_int(step.out_of_order)
            ),
        });
    }
    html.push_str(&format!(r#"<h2>Funnel</h2><p data-testid="journey-summary">{}</p>"#, esc(&summary)));
    // the side-by-side table
    let mut head = String::from(r#"<th scope="col">Stage</th>"#);
    for (label, _, _) in &cols {
        head.push_str(&format!(r#"<th scope="col">{}</th>"#, esc(label)));
    }
    let mut rows = String::new();
    for (s, stage) in stages.iter().enumerate() {
        rows.push_str(&format!(r#"<tr><th scope="row">{}</th>"#, esc(stage)));
        for (label, _, g) in &cols {
            let step = &g.funnel.steps[s];
            let mut cell = format!(r#"<strong data-testid="funnel-count">{}</strong>"#, fmt_int(step.customers));
            if s > 0 {
                cell.push_str(&format!(
                    r#"<br><span>{} of the stage before · {} of the first</span><br><span class="muted">{} dropped{}; {}</span>"#,
                    pct(step.from_previous),
                    pct(step.from_first),
                    fmt_int(step.dropped),
                    if step.later > 0 { " within the window" } else { "" },
                    esc(&times_text(&step.time_from_previous))
                ));
                if step.later > 0 {
                    cell.push_str(&format!(
                        r#"<br><span class="muted" data-testid="funnel-later">{} more after the window</span>"#,
                        fmt_int(step.later)
                    ));
                }
            }
            rows.push_str(&format!(r#"<td data-group="{}">{cell}</td>"#, esc(label)));
        }
        rows.push_str("</tr>");
    }
    html.push_str(&format!(
        r#"<div class="table-scroll" tabindex="0"><table class="funnel-table" data-testid="funnel-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"#
    ));
    let mut figures = Vec::new();
    // charts: at most ten groups, everyone first
    let shown: Vec<&(String, usize, &GroupJourney)> = cols.iter().take(10).collect();
    let series: Vec<charts::Series<'_, f64>> = shown
        .iter()
        .map(|(l, c, g)| charts::Series {
            label: l,
            colour: *c,
            values: g.funnel.steps.iter().map(|s| s.from_first).collect(),
        })
        .collect();
    let labels: Vec<&str> = series.iter().map(|s| s.label).collect();
    let svg = charts::to_svg((720, charts::funnel_height(stages.len(), &labels, 720)), |root| {
        charts::funnel(root, &stages, &series)
    })
    .unwrap_or_default();
    let mut table = Table { head: vec!["Stage".into()], rows: Vec::new() };
    table.head.extend(shown.iter().map(|(l, _, _)| l.clone()));
    for (s, stage) in stages.iter().enumerate() {
        let mut row = vec![stage.clone()];
        row.extend(shown.iter().map(|(_, _, g)| pct(g.funnel.steps[s].from_first)));
        table.rows.push(row);
    }
    figures.push(figure_html(
        "Funnel: share of each group's first stage reaching each stage",
        &svg,
        "chart-funnel",
        &table,
    ));
    if stages.len() > 1 {
        let series: Vec<charts::Series<'_, Option<charts::Spread>>> = shown
            .iter()
            .map(|(l, c, g)| charts::Series {
                label: l,
                colour: *c,
                values: g.funnel.steps.iter().map(|s| s.time_from_previous.map(|t| (t.p25, t.median, t.p75))).collect(),
            })
            .collect();
        let svg = charts::to_svg((720, charts::funnel_height(stages.len() - 1, &labels, 720)), |root| {
            charts::times(root, &stages, &series)
        })
        .unwrap_or_default();
        let mut table = Table { head: vec!["Step".into()], rows: Vec::new() };
        table.head.extend(shown.iter().map(|(l, _, _)| l.clone()));
        for (s, stage) in stages.iter().enumerate().skip(1) {
            let mut row = vec![format!("to {stage}")];
            row.extend(shown.iter().map(|(_, _, g)| times_text(&g.funnel.steps[s].time_from_previous)));
            table.rows.push(row);
        }
        figures.push(figure_html("Time to convert: from each stage to the next", &svg, "chart-times", &table));
    }
    // paths
    let path_text = |v: &persona_core::journey::Variant| {
        let mut text =
            v.stages.iter().map(|&s| stages.get(s).cloned().unwrap_or_default()).collect::<Vec<_>>().join(" → ");
        if v.more {
            text.push_str(" → …");
        }
        text
    };
    let mut paths = String::new();
    for (label, _, g) in &cols {
        let items: String = g
            .variants
            .iter()
            .map(|v| {
                format!(
                    "<li>{} <span class=\"muted\">{} ({})</span></li>",
                    esc(&path_text(v)),
                    pct(v.share),
                    fmt_int(v.customers)
                )
            })
            .collect();
        paths.push_str(&format!(r#"<div class="paths"><h3>{}</h3><ol>{items}</ol></div>"#, esc(label)));
    }
    html.push_str(&format!(r#"<h2>Paths</h2><p class="muted">The commonest sequences of stages (a loop repeated in a row shows once: back and forth between two stages is one step), with each one's share of the group's customers. A path that goes on past {max} stages is cut there and ends in “…”.</p><div class="path-grid" data-testid="paths">{paths}</div>"#, max = persona_core::journey::MAX_PATH));
    let rows: Vec<(String, f64)> = r.everyone.variants.iter().map(|v| (path_text(v), v.share)).collect();
    let svg = charts::to_svg((720, 12 + 24 * rows.len() as u32), |root| charts::paths(root, &rows)).unwrap_or_default();
    let table = Table {
        head: vec!["Path".into(), "Share of customers".into()],
        rows: rows.iter().map(|(p, s)| vec![p.clone(), pct(*s)]).collect(),
    };
    figures.push(figure_html("Everyone's commonest paths", &svg, "chart-paths", &table));
    // after the drop
    if !r.after_drop.is_empty() {
        let mut head = String::from(r#"<th scope="col">Stopped at</th>"#);
        for s in &stages {
            head.push_str(&format!(r#"<th scope="col">then {}</th>"#, esc(s)));
        }
        head.push_str(r#"<th scope="col">nothing more</th>"#);
        let mut body = String::new();
        for (s, next) in r.after_drop.iter().enumerate() {
            let total: u64 = next.iter().sum();
            body.push_str(&format!(r#"<tr><th scope="row">{}</th>"#, esc(&stages[s])));
            for &n in next {
                let share = if total == 0 { String::new() } else { format!(" ({})", pct(n as f64 / total as f64)) };
                body.push_str(&format!("<td>{}{share}</td>", fmt_int(n)));
            }
            body.push_str("</tr>");
        }
        html.push_str(&format!(r#"<h2>After dropping off</h2><p class="muted">Customers who reached a stage but not the next, and where their next event of another stage took them.</p><div class="table-scroll" tabindex="0"><table data-testid="after-drop"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#));
    }
    // what goes with converting
    if !r.associations.is_empty() {
        let target = stages.get(r.target).cloned().unwrap_or_default();
        let mut body = String::new();
        for a in r.associations.iter().take(15) {
            let flag = if a.trustworthy {
                String::new()
            } else {
                r#" <span class="flag" title="A cell of the table has fewer than 5 customers">too few to trust</span>"#
                    .to_owned()
            };
            body.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{} of {}</td><td>{} of {}</td><td>{:.2} ({:.2}–{:.2}){flag}</td></tr>",
                esc(&a.label),
                fmt_int(a.converters_with),
                fmt_int(a.converters),
                fmt_int(a.others_with),
                fmt_int(a.others),
                a.odds_ratio,
                a.low,
                a.high
            ));
        }
        html.push_str(&format!(
            r#"<h2>What goes with reaching {t}</h2><p class="muted">Events and channels before reaching {t}, at any time whatever the window (for those who never did, up to as long after entering the funnel as those who did took to reach it), ranked by the odds ratio between customers who reached {t} and those who did not (95% interval). A ratio above 1 goes with converting; it says nothing of cause.</p><div class="table-scroll" tabindex="0"><table data-testid="associations"><thead><tr><th scope="col">Event or channel</th><th scope="col">Reached {t}</th><th scope="col">Did not</th><th scope="col">Odds ratio</th></tr></thead><tbody>{body}</tbody></table></div>"#,
            t = esc(&target)
        ));
    }
    (html, figures)
}

/// The fields of a journey map's column, in order: (key, label).
pub const MAP_FIELDS: [(&str, &str); 6] = [
    ("goal", "Goal"),
    ("actions", "Actions"),
    ("touchpoints", "Touchpoints and channels"),
    ("emotion", "Emotion"),
    ("pains", "Pain points"),
    ("opportunities", "Opportunities"),
];

/// The emotion scale's words, from -2 to +2.
const EMOTIONS: [&str; 5] = ["very negative", "negative", "neutral", "positive", "very positive"];

/// The default stage (by name) a stage is, as the content plan reads it.
fn default_stage(name: &str) -> Option<usize> {
    ["awareness", "consideration", "purchase", "retention", "advocacy"]
        .iter()
        .position(|s| name.eq_ignore_ascii_case(s))
}

fn line(s: Option<&Statement>) -> Option<String> {
    s.map(|s| s.text.clone())
}

fn evidence(s: Option<&Statement>) -> String {
    s.and_then(|s| s.evidence.as_ref()).map(|e| e.figure.clone()).unwrap_or_default()
}

/// A persona's journey map cell as the data drafts it: (text, evidence).
pub fn drafted_cell(d: &PersonaDraft, g: &GroupJourney, stages: &[String], s: usize, field: &str) -> (String, String) {
    let stage = &stages[s];
    let at = default_stage(stage);
    match field {
        "goal" => match at {
            Some(0) => match d.motivations.first() {
                Some(m) => (format!("Find what speaks to them: {}", m.text.to_lowercase()), evidence(Some(m))),
                None => ("Find out what is on offer".into(), String::new()),
            },
            Some(1) => ("Be sure it is the right choice".into(), String::new()),
            // (without orders or events nothing was bought: an airline's members, a bank's clients)
            Some(2) => match d.goals.first() {
                Some(goal) => (goal.text.clone(), evidence(Some(goal))),
                None if d.without_orders() => ("Sign up or apply with no surprises".into(), String::new()),
                None => ("Buy quickly and safely".into(), String::new()),
            },
            Some(3) if d.without_orders() => ("Get the most from what they have with you".into(), String::new()),
            Some(3) => ("Get the most from what they bought".into(), String::new()),
            Some(4) => ("Share what worked for them".into(), String::new()),
            _ => (format!("Get through “{stage}”"), String::new()),
        },
        "actions" | "touchpoints" => {
            let list = if field == "actions" { &g.actions[s] } else { &g.channels[s] };
            // (a file's further channel columns each after the first, named: "utm_medium: cpc")
            let more: Vec<(&str, &[Share])> = match field {
                "touchpoints" => g
                    .more_channels
                    .iter()
                    .filter_map(|(column, per_stage)| Some((column.as_str(), per_stage.get(s)?.as_slice())))
                    .collect(),
                _ => Vec::new(),
            };
            shares_cell(list, &more).unwrap_or_else(|| ("Not in the data: add your own".into(), String::new()))
        }
        "emotion" => match g.scores[s] {
            Some((score, n)) => {
                let v = score.round().clamp(-2.0, 2.0) as i32;
                (
                    v.to_string(),
                    format!(
                        "from the score (NPS, satisfaction) of the {} who stop here: {score:+.1} on -2…+2",
                        fmt_int(n)
                    ),
                )
            }
            None => (String::new(), "no score in the data at this stage: set it".into()),
        },
        "pains" => {
            let mut text = Vec::new();
            let mut ev = String::new();
            if let (Some(next), Some(step)) = (stages.get(s + 1), g.funnel.steps.get(s + 1)) {
                let before = g.funnel.steps[s].customers;
                if before > 0 {
                    text.push(format!("{} do not go on to {next}", pct(step.dropped as f64 / before as f64)));
                    ev = format!("{} of {} customers", fmt_int(step.dropped), fmt_int(before));
                }
            }
            if (at == Some(1) || (at.is_none() && s == 1))
                && let Some(p) = line(d.pain_points.first())
            {
                text.push(p);
            }
            if text.is_empty() { ("None in the data: add your own".into(), ev) } else { (text.join(". "), ev) }
        }
        "opportunities" => {
            let cell = activation::content_plan(d, std::slice::from_ref(stage)).remove(0);
            (format!("{} — {}", cell.angle, cell.call_to_action), cell.because)
        }
        _ => (String::new(), String::new()),
    }
}

/// A journey map cell of shares (actions, or channels and then each further channel column by
/// name): (text, evidence), `None` when there are none.
fn shares_cell(list: &[Share], more: &[(&str, &[Share])]) -> Option<(String, String)> {
    let listed =
        |l: &[Share]| l.iter().map(|x| format!("{} ({:.0}%)", x.label, x.share * 100.0)).collect::<Vec<_>>().join(", ");
    let counted = |l: &[Share]| format!("top {}: {} events", l.len(), fmt_int(l.iter().map(|x| x.count).sum()));
    let mut text = Vec::new();
    let mut counts = Vec::new();
    if !list.is_empty() {
        text.push(listed(list));
        counts.push(counted(list));
    }
    for &(column, l) in more.iter().filter(|(_, l)| !l.is_empty()) {
        text.push(format!("{column}: {}", listed(l)));
        counts.push(format!("{column} {}", counted(l)));
    }
    (!text.is_empty())
        .then(|| (text.join("; "), format!("shares of the segment's events at this stage ({})", counts.join("; "))))
}

/// The personas on the journey map: those the user ticked, else the first two.
fn picked<'a>(plan: &JourneyPlan, personas: &[&'a Persona]) -> Vec<&'a Persona> {
    let picked: Vec<&Persona> =
        plan.compare.iter().filter_map(|id| personas.iter().find(|p| p.id == *id).copied()).collect();
    if picked.is_empty() { personas.iter().take(2).copied().collect() } else { picked }
}

/// A map cell as shown: the user's text, else the data's; with the data's evidence.
fn cell(
    plan: &JourneyPlan,
    p: &Persona,
    g: &GroupJourney,
    stages: &[String],
    s: usize,
    field: &str,
) -> (String, String, bool) {
    let key = edit_key(&owner(p.id), &stages[s], field);
    let (drafted, ev) = p.draft.as_ref().map(|d| drafted_cell(d, g, stages, s, field)).unwrap_or_default();
    match plan.edits.get(&key) {
        Some(e) => (e.clone(), ev, true),
        None => (drafted, ev, false),
    }
}

/// The journey map as a link carries it: the personas on the map, their funnels and cells.
pub fn journey_share(plan: &JourneyPlan, r: &JourneyReport, deck: &Deck) -> Option<persona_core::share::JourneyV1> {
    use persona_core::share::{JourneyPersonaV1, JourneyV1};
    let stages: Vec<String> = r.stages.clone();
    let personas = drafted(deck);
    let picked = picked(plan, &personas);
    let mut out = Vec::new();
    for p in &picked {
        let Some(g) = p.segment.and_then(|s| r.groups.get(s)) else { continue };
        out.push(JourneyPersonaV1 {
            name: p.text(Field::Name).value,
            colour: (p.segment.unwrap_or(0) % charts::PALETTE.len()) as u8,
            reached: g.funnel.steps.iter().map(|s| s.customers).collect(),
            median: g
                .funnel
                .steps
                .iter()
                .map(|s| s.time_from_previous.map_or(0, |t| t.median.round() as u32))
                .collect(),
            cells: (0..stages.len())
                .map(|s| MAP_FIELDS.iter().map(|(f, _)| cell(plan, p, g, &stages, s, f).0).collect())
                .collect(),
        });
    }
    if out.is_empty() {
        return None;
    }
    let title = out.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(" and ");
    Some(JourneyV1 { title: format!("Journey of {title}"), stages, personas: out })
}

/// A shared journey map, read-only: every text escaped.
pub fn shared_journey_html(j: &persona_core::share::JourneyV1) -> String {
    let mut head = String::from(r#"<th scope="col"><span class="visually-hidden">Field</span></th>"#);
    for s in &j.stages {
        head.push_str(&format!(r#"<th scope="col">{}</th>"#, esc(s)));
    }
    let mut body = String::from(r#"<tr><th scope="row">Customers</th>"#);
    for s in 0..j.stages.len() {
        body.push_str("<td>");
        for p in &j.personas {
            let first = p.reached.first().copied().unwrap_or(0).max(1);
            let time = if p.median[s] > 0 {
                format!(", median {} from the stage before", charts::duration(p.median[s] as f64))
            } else {
                String::new()
            };
            body.push_str(&format!(
                r#"<div class="map-entry c{c}"><span class="map-who">{n}</span>{k} ({share}){time}</div>"#,
                c = p.colour as usize % charts::PALETTE.len(),
                n = esc(&p.name),
                k = fmt_int(p.reached[s]),
                share = pct(p.reached[s] as f64 / first as f64),
            ));
        }
        body.push_str("</td>");
    }
    body.push_str("</tr>");
    for (f, (_, label)) in MAP_FIELDS.iter().enumerate() {
        body.push_str(&format!(r#"<tr><th scope="row">{label}</th>"#));
        for s in 0..j.stages.len() {
            body.push_str("<td>");
            for p in &j.personas {
                let text = &p.cells[s][f];
                let text = if f == 3 {
                    text.parse::<i32>()
                        .ok()
                        .filter(|v| (-2..=2).contains(v))
                        .map_or("not set".to_owned(), |v| format!("{v:+} {}", EMOTIONS[(v + 2) as usize]))
                } else {
                    text.clone()
                };
                body.push_str(&format!(
                    r#"<div class="map-entry c{c}"><span class="map-who">{n}</span>{t}</div>"#,
                    c = p.colour as usize % charts::PALETTE.len(),
                    n = esc(&p.name),
                    t = esc(&text)
                ));
            }
            body.push_str("</td>");
        }
        body.push_str("</tr>");
    }
    let series: Vec<charts::Series<'_, Option<f64>>> = j
        .personas
        .iter()
        .map(|p| charts::Series {
            label: &p.name,
            colour: p.colour as usize,
            values: p.cells.iter().map(|c| c[3].parse::<f64>().ok().filter(|v| (-2.0..=2.0).contains(v))).collect(),
        })
        .collect();
    let labels: Vec<&str> = series.iter().map(|s| s.label).collect();
    let svg =
        charts::to_svg((720, charts::emotion_height(&labels, 720)), |root| charts::emotion(root, &j.stages, &series))
            .unwrap_or_default();
    format!(
        r#"<h1 data-testid="journey-title">{t}</h1><div class="table-scroll" tabindex="0"><table class="journey-map" data-testid="journey-map"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div><figure class="chart"><figcaption>Emotion curve</figcaption><div class="chart-svg" aria-hidden="true">{svg}</div></figure>"#,
        t = esc(&j.title)
    )
}

fn maps_html(plan: &JourneyPlan, r: &JourneyReport, deck: &Deck) -> (String, Option<String>) {
    let stages: Vec<String> = r.stages.clone();
    let personas = drafted(deck);
    if personas.is_empty() || r.groups.is_empty() {
        return (
            r#"<h2>Journey maps</h2><p class="muted" data-testid="journey-maps-empty">Draft personas (Segments page, then Personas) to map each one's journey.</p>"#.into(),
            None,
        );
    }
    let mut picked: Vec<&Persona> =
        plan.compare.iter().filter_map(|id| personas.iter().find(|p| p.id == *id).copied()).collect();
    if picked.is_empty() {
        picked = personas.iter().take(2).copied().collect();
    }
    let mut boxes = String::new();
    for p in &personas {
        let on = if picked.iter().any(|q| q.id == p.id) { " checked" } else { "" };
        boxes.push_str(&format!(
            r#"<label class="compare-choice"><input type="checkbox" id="compare-{id}" data-input="compare" value="{id}"{on}> {n}</label> "#,
            id = p.id,
            n = esc(&p.text(Field::Name).value)
        ));
    }
    let mut head = String::from(r#"<th scope="col"><span class="visually-hidden">Field</span></th>"#);
    for s in &stages {
        head.push_str(&format!(r#"<th scope="col">{}</th>"#, esc(s)));
    }
    let mut body = String::new();
    let mut curves: Vec<(String, usize, Vec<Option<f64>>)> = Vec::new();
    for p in &picked {
        curves.push((p.text(Field::Name).value, p.segment.unwrap_or(0), vec![None; stages.len()]));
    }
    for (field, label) in MAP_FIELDS {
        body.push_str(&format!(r#"<tr data-field="{field}"><th scope="row">{label}</th>"#));
        for (s, stage) in stages.iter().enumerate() {
            body.push_str("<td>");
            for (k, p) in picked.iter().enumerate() {
                let (Some(_), Some(g)) = (p.draft.as_ref(), p.segment.and_then(|s| r.groups.get(s))) else { continue };
                let name = p.text(Field::Name).value;
                let key = edit_key(&owner(p.id), stage, field);
                let (value, ev, edited) = cell(plan, p, g, &stages, s, field);
                let badge = if edited {
                    r#" <span class="edited-badge" title="Written by you; a new run keeps it">edited</span>"#
                } else {
                    ""
                };
                let colour = p.segment.unwrap_or(0) % charts::PALETTE.len();
                let id = format!("map-{}-{s}-{field}", p.id);
                let aria = format!("{label} of {name} at {stage}");
                let control = if field == "emotion" {
                    let current: Option<i32> = value.trim().parse().ok().filter(|v: &i32| (-2..=2).contains(v));
                    curves[k].2[s] = current.map(f64::from);
                    let mut opts = format!(
                        r#"<option value=""{}>not set</option>"#,
                        if current.is_none() { " selected" } else { "" }
                    );
                    for v in -2..=2 {
                        let sel = if current == Some(v) { " selected" } else { "" };
                        opts.push_str(&format!(
                            r#"<option value="{v}"{sel}>{v:+} {}</option>"#,
                            EMOTIONS[(v + 2) as usize]
                        ));
                    }
                    format!(
                        r#"<select id="{id}" data-input="edit" data-key="{k}" aria-label="{a}">{opts}</select>"#,
                        k = esc(&key),
                        a = esc(&aria)
                    )
                } else {
                    format!(
                        r#"<textarea id="{id}" data-input="edit" data-key="{k}" rows="3" aria-label="{a}">{v}</textarea>"#,
                        k = esc(&key),
                        a = esc(&aria),
                        v = esc(&value)
                    )
                };
                let ev = if ev.is_empty() {
                    String::new()
                } else {
                    format!(r#"<span class="evidence">{}</span>"#, esc(&ev))
                };
                body.push_str(&format!(
                    r#"<div class="map-entry c{colour}" data-persona="{n}"><span class="map-who">{n}</span>{control}{ev}{badge}</div>"#,
                    n = esc(&name)
                ));
            }
            body.push_str("</td>");
        }
        body.push_str("</tr>");
    }
    let share = button(
        "share-journey",
        r#"id="share-journey" data-testid="share-journey""#,
        "Share this journey map as a link",
        "Share this journey map as a link",
    );
    let html = format!(
        r#"<h2>Journey maps</h2><p class="muted">A column per stage for each persona you pick; the figures come from its segment's events. Everything is editable: your text is kept apart from the data's and survives a new run (clear a field to go back to the data's).</p><fieldset class="compare" data-testid="compare"><legend>Personas on the map</legend>{boxes}</fieldset><p>{share}</p><div class="table-scroll" tabindex="0"><table class="journey-map" data-testid="journey-map"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#
    );
    let series: Vec<charts::Series<'_, Option<f64>>> =
        curves.iter().map(|(l, c, v)| charts::Series { label: l, colour: *c, values: v.clone() }).collect();
    let labels: Vec<&str> = series.iter().map(|s| s.label).collect();
    let svg =
        charts::to_svg((720, charts::emotion_height(&labels, 720)), |root| charts::emotion(root, &stages, &series))
            .unwrap_or_default();
    let mut table = Table { head: vec!["Persona".into()], rows: Vec::new() };
    table.head.extend(stages.iter().cloned());
    for (l, _, v) in &curves {
        let mut row = vec![l.clone()];
        row.extend(v.iter().map(|x| x.map_or("not set".to_owned(), |x| format!("{x:+.0}"))));
        table.rows.push(row);
    }
    (html, Some(figure_html("Emotion curve: how each persona feels at each stage", &svg, "chart-emotion", &table)))
}

/// The content plan of a persona with the user's edits: a cell per stage.
pub fn content_with_edits(p: &Persona, plan: &JourneyPlan, stages: &[String]) -> Vec<ContentCell> {
    let Some(d) = p.draft.as_ref() else { return Vec::new() };
    let who = owner(p.id);
    activation::content_plan(d, stages)
        .into_iter()
        .map(|mut c| {
            let stage = c.stage.clone();
            for (f, (key, _)) in CONTENT.iter().enumerate() {
                if let Some(e) = plan.edit(&who, &stage, &format!("content-{key}")) {
                    *content_field(&mut c, f) = e.to_owned();
                }
            }
            c
        })
        .collect()
}

/// The fields of a content plan's cell, in order: (key, label).
const CONTENT: [(&str, &str); 5] = [
    ("angle", "Message angle"),
    ("tone", "Tone"),
    ("formats", "Formats"),
    ("channels", "Channels"),
    ("cta", "Call to action"),
];

/// A content cell's field `f`, in [`CONTENT`]'s order.
fn content_field(c: &mut ContentCell, f: usize) -> &mut String {
    match f {
        0 => &mut c.angle,
        1 => &mut c.tone,
        2 => &mut c.formats,
        3 => &mut c.channels,
        _ => &mut c.call_to_action,
    }
}

/// A segment's incentives with the user's edits of each offer.
pub fn incentives_with_edits(
    view: &SegmentationView,
    segment: usize,
    deck: &Deck,
    plan: &JourneyPlan,
) -> Vec<(Incentive, Option<String>)> {
    let Some(seg) = view.segments.get(segment) else { return Vec::new() };
    let archetype = drafted(deck)
        .into_iter()
        .find(|p| p.segment == Some(segment))
        .and_then(|p| p.draft.as_ref())
        .map(|d| d.archetype.kind);
    activation::incentives(seg, archetype)
        .into_iter()
        .enumerate()
        .map(|(i, inc)| {
            let edit = plan.edit(&format!("segment:{segment}"), "incentive", &i.to_string()).map(str::to_owned);
            (inc, edit)
        })
        .collect()
}

/// The Activation page: each persona's content plan, each segment's incentives, the export.
pub fn activation_html(
    deck: &Deck,
    view: Option<&SegmentationView>,
    plan: &JourneyPlan,
    stages: &[String],
    can_export: bool,
) -> HtmlView {
    let mut html = String::new();
    let personas = drafted(deck);
    html.push_str(r#"<h2>Content plan</h2><p class="muted">For each persona and stage: the message angle (from the persona's own lines), a tone for how they buy, formats, channels and a call to action. Edit any cell; your text is kept and goes into the export.</p>"#);
    if personas.is_empty() {
        html.push_str(
            r#"<p class="muted" data-testid="content-empty">Draft personas first (Segments page, then Personas).</p>"#,
        );
    }
    for p in &personas {
        let name = p.text(Field::Name).value;
        let who = owner(p.id);
        let mut cells = content_with_edits(p, plan, stages);
        let mut drafts = p.draft.as_ref().map(|d| activation::content_plan(d, stages)).unwrap_or_default();
        let mut head = String::from(r#"<th scope="col"><span class="visually-hidden">Field</span></th>"#);
        for s in stages {
            head.push_str(&format!(r#"<th scope="col">{}</th>"#, esc(s)));
        }
        let mut body = String::new();
        for (f, (field, label)) in CONTENT.iter().enumerate() {
            body.push_str(&format!(r#"<tr><th scope="row">{label}</th>"#));
            for (s, (cell, draft)) in cells.iter_mut().zip(&mut drafts).enumerate() {
                let drafted = content_field(draft, f).clone();
                let value = content_field(cell, f).clone();
                let key = edit_key(&who, &stages[s], &format!("content-{field}"));
                let badge = if value != drafted {
                    r#" <span class="edited-badge" title="Written by you">edited</span>"#
                } else {
                    ""
                };
                let because = if *field == "angle" && !cell.because.is_empty() {
                    format!(r#"<span class="evidence">from: {}</span>"#, esc(&cell.because))
                } else {
                    String::new()
                };
                body.push_str(&format!(
                    r#"<td><textarea id="content-{id}-{s}-{field}" data-input="edit" data-key="{k}" rows="3" aria-label="{label} for {n} at {st}">{v}</textarea>{because}{badge}</td>"#,
                    id = p.id,
                    k = esc(&key),
                    n = esc(&name),
                    st = esc(&stages[s]),
                    v = esc(&value)
                ));
            }
            body.push_str("</tr>");
        }
        html.push_str(&format!(
            r#"<h3>{n}</h3><div class="table-scroll" tabindex="0"><table class="content-plan" data-testid="content-plan" data-persona="{n}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#,
            n = esc(&name)
        ));
    }
    html.push_str(r#"<h2>Loyalty incentives</h2>"#);
    match view {
        Some(v) if !v.segments.is_empty() => {
            let mut items = String::new();
            for s in &v.segments {
                let list = incentives_with_edits(v, s.index, deck, plan);
                let mut lis = String::new();
                for (i, (inc, edit)) in list.iter().enumerate() {
                    let value = edit.clone().unwrap_or_else(|| inc.offer.clone());
                    let badge = if edit.is_some() { r#" <span class="edited-badge">edited</span>"# } else { "" };
                    lis.push_str(&format!(
                        r#"<li><textarea id="incentive-{seg}-{i}" data-input="edit" data-key="{k}" rows="2" aria-label="Offer {n} for {label}">{v}</textarea><span class="evidence">why: {why}</span>{badge}</li>"#,
                        seg = s.index,
                        k = esc(&edit_key(&format!("segment:{}", s.index), "incentive", &i.to_string())),
                        n = i + 1,
                        label = esc(&s.label),
                        v = esc(&value),
                        why = esc(&inc.reason)
                    ));
                }
                if lis.is_empty() {
                    lis.push_str(r#"<li class="muted">No offer stands out for this segment.</li>"#);
                }
                items.push_str(&format!(
                    r#"<div class="incentives" data-testid="incentives" data-segment="{}"><h3>{}. {}</h3><ul>{lis}</ul></div>"#,
                    s.index,
                    s.index + 1,
                    esc(&s.label)
                ));
            }
            html.push_str(&items);
        }
        _ => html.push_str(r#"<p class="muted">Find segments first: incentives are drafted from each segment's RFM position and behaviour.</p>"#),
    }
    html.push_str(r#"<h2>Personalisation export</h2><p class="muted">A CSV with a row per customer: id, segment, persona, current journey stage and the message (angle and call to action) for each stage, for your e-mail or CRM tool. Cells a spreadsheet would run as a formula are neutralised. It is made here; nothing is uploaded.</p>"#);
    if can_export {
        html.push_str(&button(
            "export-personalisation",
            r#"id="export-personalisation" data-testid="export-personalisation""#,
            "Download the personalisation CSV",
            "Download the personalisation CSV",
        ));
    } else {
        html.push_str(r#"<p class="muted" data-testid="export-unavailable">The export needs your customers: drop your files on the Data page and find segments (a saved workspace keeps no customer rows).</p>"#);
    }
    HtmlView { html, charts: Vec::new() }
}

/// What the user did on a worker-drawn page, as the page sends it: the control's `data-act` or
/// `data-input`, its `data-*` values, and its value (a field's, or the fields named by
/// `data-with`, joined by a line feed).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Input {
    pub action: String,
    pub data: BTreeMap<String, String>,
    pub value: String,
}

/// What an input asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Asked {
    Plan(PlanAction),
    Export,
    /// The lifecycle from the orders file.
    Lifecycle,
    /// A link to the journey map as it is.
    ShareJourney,
}

/// Reads an input into what it asks for; the error says why it cannot be done.
pub fn input_action(input: &Input, plan: &JourneyPlan) -> Result<Asked, String> {
    let num = |key: &str| {
        input
            .data
            .get(key)
            .and_then(|v| v.parse::<usize>().ok())
            .ok_or("A control of the page is out of date: reload it.".to_owned())
    };
    let stage = || num("stage");
    let action = match input.action.as_str() {
        "rename-stage" => PlanAction::RenameStage { stage: stage()?, name: input.value.clone() },
        "stage-up" => PlanAction::MoveStage { stage: stage()?, up: true },
        "stage-down" => PlanAction::MoveStage { stage: stage()?, up: false },
        "remove-stage" => PlanAction::RemoveStage { stage: stage()? },
        "add-stage" => PlanAction::AddStage { name: input.value.clone() },
        "map-type" => PlanAction::MapType {
            name: input.data.get("type").cloned().unwrap_or_default(),
            stage: input.value.parse().ok(),
        },
        "add-rule" => {
            let (word, stage) = input.value.split_once('\n').unwrap_or((&input.value, "0"));
            PlanAction::AddRule { word: word.to_owned(), stage: stage.trim().parse().unwrap_or(0) }
        }
        "remove-rule" => PlanAction::RemoveRule { rule: num("rule")? },
        "reset-mapping" => PlanAction::ResetMapping,
        "mode" => {
            let mode = match input.value.as_str() {
                "strict" => OrderMode::Strict,
                "any_order" => OrderMode::AnyOrder,
                _ => OrderMode::InOrder,
            };
            PlanAction::SetFunnel(FunnelSettings { mode, ..plan.funnel })
        }
        "window" => {
            let v = input.value.trim();
            let window = if v.is_empty() {
                None
            } else {
                let days: f64 =
                    v.replace(',', ".").parse().map_err(|_| "The conversion window is a number of days.".to_owned())?;
                if !(days > 0.0 && days <= 3650.0) {
                    return Err("The conversion window is between a minute and ten years (3650 days).".into());
                }
                Some((days * DAY as f64).round().max(60.0) as i64)
            };
            PlanAction::SetFunnel(FunnelSettings { window, ..plan.funnel })
        }
        "by" => PlanAction::SetBy(if input.value == "personas" { GroupBy::Personas } else { GroupBy::Segments }),
        "compare" => {
            // the value is every ticked box's id, one per line
            PlanAction::Compare(input.value.lines().filter_map(|l| l.trim().parse().ok()).collect())
        }
        "edit" => {
            PlanAction::Edit { key: input.data.get("key").cloned().unwrap_or_default(), value: input.value.clone() }
        }
        "export-personalisation" => return Ok(Asked::Export),
        "lifecycle" => return Ok(Asked::Lifecycle),
        "share-journey" => return Ok(Asked::ShareJourney),
        other => return Err(format!("Unknown action “{other}”.")),
    };
    Ok(Asked::Plan(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window a sentence names reads as days a user would type, never "2.-day".
    #[test]
    fn a_window_is_said_in_days_to_the_hundredth() {
        for (w, want) in
            [(30 * DAY, "30"), (DAY / 2, "0.5"), (3600, "0.04"), (2 * DAY + 864, "2.01"), (2 * DAY + 60, "2")]
        {
            assert_eq!(window_days(w), want, "{w} s");
        }
    }

    /// A map's touchpoints name each further channel column's values after the first's, and
    /// its evidence counts the events of each.
    #[test]
    fn a_touchpoints_cell_names_each_further_channel_column() {
        let share = |label: &str, count: u64, share: f64| Share { label: label.into(), count, share };
        let devices = [share("desktop", 60, 0.6), share("mobile", 40, 0.4)];
        let mediums = [share("cpc", 50, 0.5), share("organic", 30, 0.3)];
        let (text, evidence) = shares_cell(&devices, &[("utm_medium", &mediums), ("utm_source", &[])]).unwrap();
        assert_eq!(text, "desktop (60%), mobile (40%); utm_medium: cpc (50%), organic (30%)");
        assert_eq!(
            evidence,
            "shares of the segment's events at this stage (top 2: 100 events; utm_medium top 2: 80 events)"
        );
        assert_eq!(shares_cell(&devices, &[]).unwrap().0, "desktop (60%), mobile (40%)");
        assert_eq!(shares_cell(&[], &[("utm_medium", &mediums)]).unwrap().0, "utm_medium: cpc (50%), organic (30%)");
        assert_eq!(shares_cell(&[], &[("utm_medium", &[])]), None, "nothing in the data");
    }

    fn input(action: &str, data: &[(&str, &str)], value: &str) -> Input {
        Input {
            action: action.into(),
            data: data.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            value: value.into(),
        }
    }

    #[test]
    fn the_pages_inputs_read_into_plan_changes() {
        let plan = JourneyPlan::default();
        let read = |i: Input| input_action(&i, &plan);
        assert_eq!(
            read(input("rename-stage", &[("stage", "2")], "Buy")),
            Ok(Asked::Plan(PlanAction::RenameStage { stage: 2, name: "Buy".into() }))
        );
        assert_eq!(
            read(input("map-type", &[("type", "ad_view")], "")),
            Ok(Asked::Plan(PlanAction::MapType { name: "ad_view".into(), stage: None }))
        );
        assert_eq!(
            read(input("add-rule", &[], "newsletter\n3")),
            Ok(Asked::Plan(PlanAction::AddRule { word: "newsletter".into(), stage: 3 }))
        );
        match read(input("window", &[], "7")) {
            Ok(Asked::Plan(PlanAction::SetFunnel(f))) => assert_eq!(f.window, Some(7 * DAY)),
            other => panic!("{other:?}"),
        }
        match read(input("window", &[], "")) {
            Ok(Asked::Plan(PlanAction::SetFunnel(f))) => assert_eq!(f.window, None),
            other => panic!("{other:?}"),
        }
        assert!(read(input("window", &[], "a week")).is_err());
        assert!(read(input("window", &[], "-3")).is_err());
        assert!(read(input("rename-stage", &[], "x")).is_err(), "no stage given");
        assert_eq!(read(input("compare", &[], "3\n5\n")), Ok(Asked::Plan(PlanAction::Compare(vec![3, 5]))));
        assert_eq!(read(input("export-personalisation", &[], "")), Ok(Asked::Export));
        assert!(read(input("nonsense", &[], "")).is_err());
    }
}
