//! The journeys a user shapes, and what they show.
//!
//! A [`JourneyPlan`] is what the user sets and what a workspace keeps: the stages (renamed,
//! reordered, added), the rules that put event names in stages (the suggestion from the names
//! until the user changes one), the funnel settings, and every edit made to a journey map, the
//! content plan or an incentive (kept apart from what the data says, so a re-run never
//! overwrites them). [`PlanAction`] is each change the pages can ask for.
//!
//! [`report`] turns an event log, a plan and a grouping of customers (segments or personas)
//! into what the Journeys page shows: a funnel per group and everyone's, each group's commonest
//! paths, per stage the event types (actions) and channels (touchpoints) with their shares and
//! the mean score (NPS, satisfaction) of the customers whose journey stops there, where
//! customers go after dropping off, and what goes with converting.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::journey::{
    self, Association, EventLog, Funnel, FunnelSettings, NO_CHANNEL, Rule, StageMap, Stages, Variant, words,
};

/// A rule's stage for "not part of the journey".
pub const LEFT_OUT: usize = usize::MAX;

/// The longest name of a stage, and the most stages.
pub const MAX_STAGE_NAME: usize = 40;
pub const MAX_STAGES: usize = 12;

/// What the user set for journeys, and their edits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JourneyPlan {
    pub stages: Stages,
    /// `None`: the rules suggested from the event names (for the default stages).
    pub rules: Option<Vec<Rule>>,
    pub funnel: FunnelSettings,
    /// Side by side: the segments' journeys or the personas'.
    pub by: GroupBy,
    /// The personas (ids) compared on one journey map.
    pub compare: Vec<u64>,
    /// Edited texts by key (see [`edit_key`]); an empty edit is never kept.
    pub edits: BTreeMap<String, String>,
}

/// Whose journeys are shown side by side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    #[default]
    Segments,
    Personas,
}

/// The key of an edit: what it belongs to (`persona:<id>`, `segment:<label>`), the stage's name
/// (or a number) and the field.
pub fn edit_key(owner: &str, stage: &str, field: &str) -> String {
    format!("{owner}|{stage}|{field}")
}

/// A change to the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PlanAction {
    RenameStage {
        stage: usize,
        name: String,
    },
    /// Moves a stage one place earlier (`up`) or later.
    MoveStage {
        stage: usize,
        up: bool,
    },
    AddStage {
        name: String,
    },
    RemoveStage {
        stage: usize,
    },
    /// Puts every event of this type in `stage` (`None`: leaves it out of the journey).
    MapType {
        name: String,
        stage: Option<usize>,
    },
    /// Events whose name holds `word` go to `stage` (tried before the rules there are).
    AddRule {
        word: String,
        stage: usize,
    },
    RemoveRule {
        rule: usize,
    },
    /// Back to the suggested rules and the default stages.
    ResetMapping,
    SetFunnel(FunnelSettings),
    SetBy(GroupBy),
    /// The personas to compare on the journey map, in order.
    Compare(Vec<u64>),
    /// Sets an edited text; an empty `value` goes back to the draft.
    Edit {
        key: String,
        value: String,
    },
}

impl JourneyPlan {
    /// The rules in force: the user's, or those suggested from `names`.
    pub fn rules(&self, names: &[String]) -> Vec<Rule> {
        match &self.rules {
            Some(r) => r.clone(),
            None => StageMap::suggest(names.iter().map(String::as_str)).rules,
        }
    }

    /// The stage map of the plan for the event names of the data.
    pub fn map(&self, names: &[String]) -> StageMap {
        StageMap { stages: self.stages.clone(), rules: self.rules(names) }
    }

    /// Applies a change; the error says, in the user's words, why it cannot be made.
    pub fn apply(&mut self, action: PlanAction, names: &[String]) -> Result<(), String> {
        let n = self.stages.0.len();
        let check = |stage: usize| if stage < n { Ok(()) } else { Err("There is no such stage.".to_owned()) };
        let mut rules = self.rules(names);
        match action {
            PlanAction::RenameStage { stage, name } => {
                check(stage)?;
                let name = self.stage_name(&name, Some(stage))?;
                let old = std::mem::replace(&mut self.stages.0[stage], name.clone());
                // edits follow the stage they were made for
                let moved: Vec<(String, String)> = self
                    .edits
                    .iter()
                    .filter(|(k, _)| k.split('|').nth(1) == Some(old.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, v) in moved {
                    self.edits.remove(&k);
                    let mut parts: Vec<&str> = k.split('|').collect();
                    parts[1] = &name;
                    self.edits.insert(parts.join("|"), v);
                }
            }
            PlanAction::MoveStage { stage, up } => {
                check(stage)?;
                let other = if up { stage.checked_sub(1) } else { Some(stage + 1).filter(|&o| o < n) };
                let Some(other) = other else { return Ok(()) };
                self.stages.0.swap(stage, other);
                for r in &mut rules {
                    if r.stage == stage {
                        r.stage = other;
                    } else if r.stage == other {
                        r.stage = stage;
                    }
                }
            }
            PlanAction::AddStage { name } => {
                if n >= MAX_STAGES {
                    return Err(format!("A journey has at most {MAX_STAGES} stages."));
                }
                let name = self.stage_name(&name, None)?;
                self.stages.0.push(name);
            }
            PlanAction::RemoveStage { stage } => {
                check(stage)?;
                if n == 1 {
                    return Err("A journey needs at least one stage.".into());
                }
                self.stages.0.remove(stage);
                rules.retain(|r| r.stage != stage);
                for r in &mut rules {
                    if r.stage != LEFT_OUT && r.stage > stage {
                        r.stage -= 1;
                    }
                }
            }
            PlanAction::MapType { name, stage } => {
                if let Some(s) = stage {
                    check(s)?;
                }
                let whole = words(&name).join(" ");
                if whole.is_empty() {
                    return Err("This event type has no name to map.".into());
                }
                rules.retain(|r| words(&r.word).join(" ") != whole);
                rules.insert(0, Rule { word: whole, stage: stage.unwrap_or(LEFT_OUT) });
            }
            PlanAction::AddRule { word, stage } => {
                check(stage)?;
                let word = words(&word).join(" ");
                if word.is_empty() {
                    return Err("Type a word that event names hold.".into());
                }
                rules.retain(|r| words(&r.word).join(" ") != word);
                rules.insert(0, Rule { word, stage });
            }
            PlanAction::RemoveRule { rule } => {
                if rule >= rules.len() {
                    return Err("There is no such rule.".into());
                }
                rules.remove(rule);
            }
            PlanAction::ResetMapping => {
                self.stages = Stages::default();
                self.rules = None;
                return Ok(());
            }
            PlanAction::SetFunnel(f) => {
                if f.window.is_some_and(|w| w <= 0) {
                    return Err("The conversion window must be longer than zero.".into());
                }
                self.funnel = f;
                return Ok(());
            }
            PlanAction::SetBy(by) => {
                self.by = by;
                return Ok(());
            }
            PlanAction::Compare(ids) => {
                let mut ids = ids;
                ids.dedup();
                self.compare = ids;
                return Ok(());
            }
            PlanAction::Edit { key, value } => {
                let value = value.trim();
                if value.is_empty() {
                    self.edits.remove(&key);
                } else {
                    self.edits.insert(key, value.to_owned());
                }
                return Ok(());
            }
        }
        self.rules = Some(rules);
        Ok(())
    }

    fn stage_name(&self, name: &str, except: Option<usize>) -> Result<String, String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("A stage needs a name.".into());
        }
        if name.chars().count() > MAX_STAGE_NAME {
            return Err(format!("A stage's name has at most {MAX_STAGE_NAME} characters."));
        }
        if name.contains('|') {
            return Err("A stage's name cannot hold “|”.".into());
        }
        let taken = self.stages.0.iter().enumerate().any(|(i, s)| Some(i) != except && s.eq_ignore_ascii_case(name));
        if taken {
            return Err(format!("There is a stage “{name}” already."));
        }
        Ok(name.to_owned())
    }

    /// An edited text, if there is one.
    pub fn edit(&self, owner: &str, stage: &str, field: &str) -> Option<&str> {
        self.edits.get(&edit_key(owner, stage, field)).map(String::as_str)
    }
}

/// A label with its count and its share of the whole it is part of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub label: String,
    pub count: u64,
    pub share: f64,
}

/// An event type, how many events it has, and its stage in the plan (`None`: no rule puts it
/// in a stage, or it is left out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeRow {
    pub name: String,
    pub events: u64,
    pub stage: Option<usize>,
}

/// The journey of one group of customers (a segment, a persona, everyone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupJourney {
    pub label: String,
    /// Customers of the group with at least one event.
    pub customers: u64,
    /// Over the shown stages.
    pub funnel: Funnel,
    pub variants: Vec<Variant>,
    /// Per shown stage: the group's event types (actions) and channels (touchpoints) at that
    /// stage, most common first, with their share of the stage's events.
    pub actions: Vec<Vec<Share>>,
    pub channels: Vec<Vec<Share>>,
    /// The file's further channel columns (`utm_medium` beside `$device`): each column's name
    /// and, per shown stage, its values as `channels` has them.
    #[serde(default)]
    pub more_channels: Vec<(String, Vec<Vec<Share>>)>,
    /// Per shown stage: the mean score (on the scale given to [`report`]) of the customers
    /// whose journey stops at that stage, and how many of them have a score.
    pub scores: Vec<Option<(f64, u64)>>,
}

/// What the Journeys page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JourneyReport {
    /// The plan's stages that some event falls in, in order (a funnel cannot pass a stage the
    /// data never shows).
    pub stages: Vec<String>,
    /// The plan's stages no event falls in.
    pub empty: Vec<String>,
    pub types: Vec<TypeRow>,
    pub everyone: GroupJourney,
    pub groups: Vec<GroupJourney>,
    /// For each shown stage but the last: where everyone who stopped there went next (a count
    /// per shown stage, then "nothing more").
    pub after_drop: Vec<Vec<u64>>,
    /// What goes with reaching the conversion stage (`target`, a shown stage), by event type
    /// (before it) and channel.
    pub target: usize,
    pub associations: Vec<Association>,
    /// Customers with events who are in no group (not in the customer table, or unassigned).
    pub outside: u64,
    pub skipped_rows: u64,
    /// The conversion window the funnels were counted with (seconds; `None`: no limit), as
    /// the report says it even once the plan has changed.
    #[serde(default)]
    pub window: Option<i64>,
}

/// Paths listed per group.
pub const TOP_PATHS: usize = 5;
/// Actions and channels listed per stage.
pub const TOP_SHARES: usize = 4;

/// The journeys of `log` under `plan`: everyone's and one per group, `group[i]` being the group
/// (an index into `labels`) of the log's customer `i`. `scores[i]` is that customer's score
/// (NPS, satisfaction), if known.
pub fn report(
    log: &EventLog,
    plan: &JourneyPlan,
    group: &[Option<usize>],
    labels: &[String],
    scores: &[Option<f64>],
) -> JourneyReport {
    let full = plan.map(&log.types);
    let (map, empty) = full.without_empty(log.types.iter().map(String::as_str));
    let n = map.stages.0.len();
    let stage_of: Vec<Option<usize>> = {
        let matcher = map.matcher();
        log.types.iter().map(|t| matcher.stage_of(t)).collect()
    };
    let settings = &plan.funnel;
    let groups = labels.len();
    // converting: reaching the stage called purchase, else the third shown (else the last)
    let target = map
        .stages
        .0
        .iter()
        .position(|s| words(s).iter().any(|w| w == "purchase" || w == "kauf" || w == "achat" || w == "compra"))
        .unwrap_or(2.min(n.saturating_sub(1)));
    // what goes with converting: event types of stages before it, and channels
    let mut labels_of: Vec<String> = Vec::new();
    let before: Vec<Option<usize>> = stage_of
        .iter()
        .zip(&log.types)
        .map(|(s, t)| {
            s.filter(|&s| s < target).map(|_| {
                labels_of.push(format!("Event: {t}"));
                labels_of.len() - 1
            })
        })
        .collect();
    let channel_at: Vec<usize> = log
        .channels
        .iter()
        .map(|c| {
            labels_of.push(format!("Channel: {c}"));
            labels_of.len() - 1
        })
        .collect();
    // (and the file's further channel columns, each named: `utm_medium: paid_search`)
    let more_at: Vec<Vec<usize>> = log
        .more_channels
        .iter()
        .map(|(column, values)| {
            values
                .iter()
                .map(|v| {
                    labels_of.push(format!("{column}: {v}"));
                    labels_of.len() - 1
                })
                .collect()
        })
        .collect();

    // one pass over the customers: per group (the last is everyone) the funnel, the paths, the
    // event types and channels at each stage and the scores; for everyone where drop-offs go
    // and what goes with converting
    let mut funnels: Vec<journey::FunnelCounts> = (0..=groups).map(|_| journey::FunnelCounts::new(n)).collect();
    let mut members = vec![0u64; groups + 1];
    let mut paths: rustc_hash::FxHashMap<Vec<usize>, Vec<u64>> = Default::default();
    let mut with_path = vec![0u64; groups + 1];
    let mut kinds = vec![vec![vec![0u64; log.types.len()]; n]; groups + 1];
    let mut chans = vec![vec![vec![0u64; log.channels.len()]; n]; groups + 1];
    // per group, further channel column and stage: each value's events
    let mut more_chans: Vec<Vec<Vec<Vec<u64>>>> = (0..=groups)
        .map(|_| log.more_channels.iter().map(|(_, values)| vec![vec![0u64; values.len()]; n]).collect())
        .collect();
    let mut score_sums = vec![vec![(0.0f64, 0u64); n]; groups + 1];
    let mut after_drop = vec![vec![0u64; n + 1]; n.saturating_sub(1)];
    let (mut converters, mut others) = (0u64, 0u64);
    let mut with = vec![(0u64, 0u64); labels_of.len()];
    let mut seen = vec![usize::MAX; labels_of.len()];
    // what goes with converting: each label of customer `i`'s events before `until` once, in
    // `with`'s cell for converters (.0) or the others (.1)
    let count_before = |with: &mut [(u64, u64)], seen: &mut [usize], i: usize, until: i64, converted: bool| {
        let mut mark = |label: usize| {
            if seen[label] != i {
                seen[label] = i;
                if converted { with[label].0 += 1 } else { with[label].1 += 1 }
            }
        };
        for &(_, k, c) in log.customers[i].1.iter().take_while(|ev| ev.0 < until) {
            let ch = (c != NO_CHANNEL).then(|| channel_at[c as usize]);
            before[k as usize].into_iter().chain(ch).for_each(&mut mark);
        }
        for &(_, col, v, _) in log.more.get(i).into_iter().flatten().take_while(|ev| ev.0 < until) {
            mark(more_at[col as usize][v as usize]);
        }
    };
    // how long each converter was seen before converting, and who entered and did not convert
    let mut spans: Vec<i64> = Vec::new();
    let mut not_converted: Vec<(usize, i64)> = Vec::new();
    let mut events_of = vec![0u64; log.types.len()];
    let mut staged: Vec<(i64, usize)> = Vec::new();
    let mut path = Vec::new();
    for (i, (_, e)) in log.customers.iter().enumerate() {
        let g = group.get(i).copied().flatten().filter(|&g| g < groups);
        // the customer's group, and everyone
        let at_both = || g.into_iter().chain([groups]);
        staged.clear();
        staged.extend(e.iter().filter_map(|&(t, k, _)| stage_of[k as usize].map(|s| (t, s))));
        let (all_times, within) = journey::reached_and_after(&staged, n, settings);
        let times = &all_times[..within];
        journey::path_into(&staged, &mut path);
        for at in at_both() {
            members[at] += 1;
            funnels[at].add(times);
            funnels[at].add_later(within, all_times.len());
            funnels[at].add_out_of_order(&staged, all_times.len());
            if !path.is_empty() {
                with_path[at] += 1;
            }
        }
        if !path.is_empty() {
            let counts = match paths.get_mut(path.as_slice()) {
                Some(c) => c,
                None => paths.entry(path.clone()).or_insert_with(|| vec![0; groups + 1]),
            };
            for at in at_both() {
                counts[at] += 1;
            }
        }
        if let (Some(score), Some(last)) = (scores.get(i).copied().flatten(), times.len().checked_sub(1)) {
            for at in at_both() {
                let cell = &mut score_sums[at][last];
                cell.0 += score;
                cell.1 += 1;
            }
        }
        // who entered the funnel counts for what goes with converting: having reached the
        // stage at any time, whatever the window (a buyer after the window still bought)
        let entered = !times.is_empty();
        let converted = all_times.len() > target;
        if entered {
            if times.len() < n {
                let stage = times.len() - 1;
                after_drop[stage][journey::next_after(&staged, times[stage], stage, n)] += 1;
            }
            if converted {
                converters += 1;
            } else {
                others += 1;
            }
        }
        // (only what came before reaching it: the converting event's own channel, and all
        // that followed, go with having converted, not with converting; those who did not
        // convert are counted once the converters' spans are known)
        if converted {
            let until = all_times[target];
            spans.push(until - all_times[0]);
            count_before(&mut with, &mut seen, i, until, true);
        } else if entered {
            not_converted.push((i, all_times[0]));
        }
        for &(_, k, c) in e {
            events_of[k as usize] += 1;
            let Some(s) = stage_of[k as usize] else { continue };
            for at in at_both() {
                kinds[at][s][k as usize] += 1;
                if c != NO_CHANNEL {
                    chans[at][s][c as usize] += 1;
                }
            }
        }
        for &(_, col, v, k) in log.more.get(i).into_iter().flatten() {
            let Some(s) = stage_of[k as usize] else { continue };
            for at in at_both() {
                more_chans[at][col as usize][s][v as usize] += 1;
            }
        }
    }
    // Those who did not convert are seen for as long after entering the funnel as converters
    // took from entering it to converting: each over a span drawn (seeded by their place in the
    // log) from the converters' spans, with what came before entering, as for converters. Over
    // all their history they would have had more time to do anything, and every event would
    // seem to go against converting.
    spans.sort_unstable();
    for &(i, entry) in &not_converted {
        let until = match spans.len() {
            0 => i64::MAX,
            len => entry.saturating_add(spans[(crate::sample::mix(i as u64) % len as u64) as usize]),
        };
        count_before(&mut with, &mut seen, i, until, false);
    }
    let shares = |counts: &[u64], names: &[String]| -> Vec<Share> {
        let total: u64 = counts.iter().sum();
        let mut out: Vec<Share> = counts
            .iter()
            .zip(names)
            .filter(|(c, _)| **c > 0)
            .map(|(&count, label)| Share { label: label.clone(), count, share: count as f64 / total as f64 })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        out.truncate(TOP_SHARES);
        out
    };
    let mut funnels = funnels.into_iter();
    let mut journey_of = |at: usize, label: &str| GroupJourney {
        label: label.to_owned(),
        customers: members[at],
        funnel: funnels.next().map(journey::FunnelCounts::finish).unwrap_or(Funnel { steps: Vec::new() }),
        variants: journey::top_variants(paths.iter().map(|(p, c)| (p.as_slice(), c[at])), with_path[at], TOP_PATHS),
        actions: kinds[at].iter().map(|c| shares(c, &log.types)).collect(),
        channels: chans[at].iter().map(|c| shares(c, &log.channels)).collect(),
        more_channels: log
            .more_channels
            .iter()
            .zip(&more_chans[at])
            .map(|((column, values), counts)| (column.clone(), counts.iter().map(|c| shares(c, values)).collect()))
            .collect(),
        scores: score_sums[at].iter().map(|&(sum, k)| (k > 0).then(|| (sum / k as f64, k))).collect(),
    };
    let full_matcher = full.matcher();
    let types = log
        .types
        .iter()
        .zip(&events_of)
        .map(|(name, &events)| TypeRow { name: name.clone(), events, stage: full_matcher.stage_of(name) })
        .collect();
    let by_group: Vec<GroupJourney> = labels.iter().enumerate().map(|(g, l)| journey_of(g, l)).collect();
    let everyone = journey_of(groups, "Everyone");
    let associations = if n > 1 {
        journey::contrasts(labels_of.iter().zip(with).map(|(l, (cw, ow))| (l.as_str(), cw, ow)), converters, others)
    } else {
        Vec::new()
    };
    let outside = group.iter().take(log.customers.len()).filter(|g| g.is_none()).count() as u64
        + log.customers.len().saturating_sub(group.len()) as u64;
    JourneyReport {
        stages: map.stages.0.clone(),
        empty,
        types,
        everyone,
        groups: by_group,
        after_drop,
        target,
        associations,
        outside,
        skipped_rows: log.skipped,
        window: settings.window,
    }
}

/// What orders alone tell of the customers' journeys (no events needed): where each stands in
/// the lifecycle on the last order day, the moves between lifecycle stages over the quarter
/// before it, and the moves between named RFM segments over the half-year before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifecycleReport {
    pub customers: u64,
    /// The last order day of the file (days since 1970), and the days the moves start from.
    pub end: i64,
    pub from: i64,
    pub rfm_from: i64,
    pub lapse_days: i64,
    pub loyal_orders: usize,
    /// Customers in each stage on `end`, in [`journey::Lifecycle::ALL`]'s order.
    pub now: Vec<u64>,
    /// `moves[a][b]`: customers in stage `a` on `from` and `b` on `end`.
    pub moves: Vec<Vec<u64>>,
    /// The RFM segments' names and the moves between them, when RFM can be scored.
    pub rfm: Option<(Vec<String>, Vec<Vec<u64>>)>,
}

/// Days before the last order the lifecycle moves and the RFM moves start from.
pub const LIFECYCLE_SPAN: i64 = 91;
pub const RFM_SPAN: i64 = 182;

/// The lifecycle of an order log; `None` without an order.
pub fn lifecycle_report(log: &journey::OrderLog) -> Option<LifecycleReport> {
    let days = log.days();
    let end = days.iter().filter_map(|d| d.last().copied()).max()?;
    let settings = journey::LifecycleSettings::from_orders(days.iter().map(Vec::as_slice));
    let from = end - LIFECYCLE_SPAN;
    let moves = journey::transitions(days.iter().map(Vec::as_slice), from, end, &settings);
    let now = (0..6).map(|b| (0..6).map(|a| moves[a][b]).sum()).collect();
    let rfm_from = end - RFM_SPAN;
    Some(LifecycleReport {
        customers: days.len() as u64,
        end,
        from,
        rfm_from,
        lapse_days: settings.lapse_days,
        loyal_orders: settings.loyal_orders,
        now,
        moves: moves.iter().map(|r| r.to_vec()).collect(),
        rfm: journey::rfm_transitions(log, rfm_from, end).ok(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["ad_view", "product_view", "purchase", "referral", "newsletter_open"].map(String::from).to_vec()
    }

    #[test]
    fn stages_are_renamed_reordered_added_and_removed_and_the_rules_follow() {
        let mut plan = JourneyPlan::default();
        let names = names();
        let stage = |plan: &JourneyPlan, name: &str| plan.map(&names).stage_of(name).map(|s| plan.stages.0[s].clone());
        assert_eq!(stage(&plan, "purchase").as_deref(), Some("Purchase"));
        plan.apply(PlanAction::RenameStage { stage: 2, name: "Buy".into() }, &names).unwrap();
        assert_eq!(stage(&plan, "purchase").as_deref(), Some("Buy"));
        plan.apply(PlanAction::MoveStage { stage: 2, up: true }, &names).unwrap();
        assert_eq!(plan.stages.0[1], "Buy");
        assert_eq!(stage(&plan, "purchase").as_deref(), Some("Buy"));
        assert_eq!(stage(&plan, "product_view").as_deref(), Some("Consideration"));
        plan.apply(PlanAction::AddStage { name: "Loyalty club".into() }, &names).unwrap();
        plan.apply(PlanAction::MapType { name: "newsletter_open".into(), stage: Some(5) }, &names).unwrap();
        assert_eq!(stage(&plan, "newsletter_open").as_deref(), Some("Loyalty club"));
        plan.apply(PlanAction::RemoveStage { stage: 0 }, &names).unwrap();
        assert_eq!(stage(&plan, "ad_view"), None, "its stage is gone");
        assert_eq!(stage(&plan, "newsletter_open").as_deref(), Some("Loyalty club"));
        plan.apply(PlanAction::MapType { name: "referral".into(), stage: None }, &names).unwrap();
        assert_eq!(stage(&plan, "referral"), None, "left out of the journey");
        plan.apply(PlanAction::AddRule { word: "Ad".into(), stage: 0 }, &names).unwrap();
        assert_eq!(stage(&plan, "ad_view").as_deref(), Some("Buy"));
        plan.apply(PlanAction::ResetMapping, &names).unwrap();
        assert_eq!(plan, JourneyPlan::default());
    }

    #[test]
    fn bad_changes_are_refused_with_a_reason_and_change_nothing() {
        let names = names();
        let mut plan = JourneyPlan::default();
        for bad in [
            PlanAction::RenameStage { stage: 0, name: " ".into() },
            PlanAction::RenameStage { stage: 0, name: "purchase".into() },
            PlanAction::RenameStage { stage: 9, name: "x".into() },
            PlanAction::RenameStage { stage: 0, name: "a|b".into() },
            PlanAction::AddStage { name: "x".repeat(41) },
            PlanAction::AddRule { word: "  ".into(), stage: 0 },
            PlanAction::RemoveRule { rule: 99 },
            PlanAction::MapType { name: "x".into(), stage: Some(7) },
            PlanAction::SetFunnel(FunnelSettings { window: Some(0), ..Default::default() }),
        ] {
            let before = plan.clone();
            let err = plan.apply(bad.clone(), &names).unwrap_err();
            assert!(!err.is_empty(), "{bad:?}");
            assert_eq!(plan, before, "{bad:?}");
        }
    }

    #[test]
    fn edits_are_kept_apart_and_follow_a_renamed_stage() {
        let names = names();
        let mut plan = JourneyPlan::default();
        let key = edit_key("persona:3", "Purchase", "goal");
        plan.apply(PlanAction::Edit { key: key.clone(), value: " Buy a gift ".into() }, &names).unwrap();
        assert_eq!(plan.edit("persona:3", "Purchase", "goal"), Some("Buy a gift"));
        plan.apply(PlanAction::RenameStage { stage: 2, name: "Checkout".into() }, &names).unwrap();
        assert_eq!(plan.edit("persona:3", "Checkout", "goal"), Some("Buy a gift"));
        plan.apply(PlanAction::Edit { key: edit_key("persona:3", "Checkout", "goal"), value: "".into() }, &names)
            .unwrap();
        assert!(plan.edits.is_empty(), "an empty edit goes back to the draft");
    }

    #[test]
    fn orders_alone_give_a_lifecycle_with_its_moves() {
        // a: one order long ago (lapsing); b: orders through the end (loyal); c: first order at the end
        let log = journey::OrderLog {
            customers: vec![
                ("a".into(), vec![(0, 10.0)]),
                ("b".into(), (0..20).map(|i| (i * 20, 10.0)).collect()),
                ("c".into(), vec![(380, 10.0)]),
            ],
            skipped: 0,
        };
        let r = lifecycle_report(&log).unwrap();
        assert_eq!((r.customers, r.end, r.from), (3, 380, 380 - LIFECYCLE_SPAN));
        assert_eq!(r.now.iter().sum::<u64>(), 3);
        assert_eq!(r.moves.iter().flatten().sum::<u64>(), 3);
        let at = |l: journey::Lifecycle| journey::Lifecycle::ALL.iter().position(|&x| x == l).unwrap();
        assert_eq!(r.now[at(journey::Lifecycle::Lapsing)], 1, "{r:?}");
        assert_eq!(r.now[at(journey::Lifecycle::Loyal)], 1, "{r:?}");
        assert_eq!(r.moves[0][at(journey::Lifecycle::New)], 1, "c was not a customer a quarter before");
        assert!(lifecycle_report(&journey::OrderLog::default()).is_none());
    }

    #[test]
    fn a_report_counts_actions_channels_and_scores_per_group() {
        let types: Vec<String> = ["ad_view", "product_view", "purchase"].map(String::from).to_vec();
        let channels: Vec<String> = ["email", "search"].map(String::from).to_vec();
        // a: ad (email), view (search), purchase; b: ad (email), view; c: view only
        let log = EventLog {
            types,
            channels,
            customers: vec![
                ("a".into(), vec![(0, 0, 0), (10, 1, 1), (20, 2, NO_CHANNEL)]),
                ("b".into(), vec![(0, 0, 0), (10, 1, 0)]),
                ("c".into(), vec![(5, 1, 1)]),
            ],
            skipped: 0,
            ..Default::default()
        };
        let plan = JourneyPlan::default();
        let r =
            report(&log, &plan, &[Some(0), Some(1), None], &["A".into(), "B".into()], &[Some(1.0), Some(-1.0), None]);
        assert_eq!(r.stages, ["Awareness", "Consideration", "Purchase"]);
        assert_eq!(r.empty, ["Retention", "Advocacy"]);
        let counts: Vec<u64> = r.everyone.funnel.steps.iter().map(|s| s.customers).collect();
        assert_eq!(counts, [2, 2, 1], "c never saw an ad: never entered");
        assert_eq!(r.groups[0].funnel.steps[2].customers, 1);
        assert_eq!(r.groups[1].funnel.steps[2].customers, 0);
        assert_eq!(
            r.everyone.channels[1].iter().map(|s| (s.label.as_str(), s.count)).collect::<Vec<_>>(),
            [("search", 2), ("email", 1)]
        );
        assert_eq!(r.groups[0].scores[2], Some((1.0, 1)), "a stops at purchase");
        assert_eq!(r.groups[1].scores[1], Some((-1.0, 1)), "b stops at consideration");
        assert_eq!(r.outside, 1);
        assert_eq!(r.target, 2);
        assert_eq!(r.window, plan.funnel.window, "the window it was counted with");
        let search = r.associations.iter().find(|a| a.label == "Channel: search").unwrap();
        assert_eq!((search.converters_with, search.converters, search.others_with, search.others), (1, 1, 0, 1));
        assert!(r.associations.iter().all(|a| a.label != "Event: purchase"), "the conversion itself is not a cause");
        assert_eq!(r.after_drop[1], [0, 0, 0, 1], "b did nothing more after consideration");
    }

    /// A file's further channel column (`utm_medium` beside the device) has its own shares at
    /// each stage, per group, as the first has.
    #[test]
    fn a_further_channel_column_gets_its_shares_at_each_stage() {
        let types: Vec<String> = ["ad_view", "product_view", "purchase"].map(String::from).to_vec();
        let channels: Vec<String> = ["desktop", "mobile"].map(String::from).to_vec();
        let mediums: Vec<String> = ["cpc", "organic"].map(String::from).to_vec();
        // a: ad by cpc on desktop, view (organic), purchase (no medium); b: ad by organic on
        // mobile, view by organic
        let log = EventLog {
            types,
            channels,
            customers: vec![
                ("a".into(), vec![(0, 0, 0), (10, 1, 0), (20, 2, 0)]),
                ("b".into(), vec![(0, 0, 1), (10, 1, 1)]),
            ],
            more_channels: vec![("utm_medium".into(), mediums)],
            more: vec![vec![(0, 0, 0, 0), (10, 0, 1, 1)], vec![(0, 0, 1, 0), (10, 0, 1, 1)]],
            ..Default::default()
        };
        let r = report(&log, &JourneyPlan::default(), &[Some(0), Some(1)], &["A".into(), "B".into()], &[]);
        let listed = |l: &[Share]| l.iter().map(|s| (s.label.clone(), s.count)).collect::<Vec<_>>();
        let (column, per_stage) = &r.everyone.more_channels[0];
        assert_eq!(column, "utm_medium");
        assert_eq!(listed(&per_stage[0]), [("cpc".into(), 1), ("organic".into(), 1)], "one ad each");
        assert_eq!(listed(&per_stage[1]), [("organic".into(), 2)]);
        assert!(per_stage[2].is_empty(), "the purchase came with no medium");
        assert_eq!(listed(&r.groups[1].more_channels[0].1[0]), [("organic".into(), 1)], "b's ad only");
        assert_eq!(listed(&r.everyone.channels[0]), [("desktop".into(), 1), ("mobile".into(), 1)]);
    }

    /// "What goes with reaching Purchase" is what came before it: the purchase's own channel,
    /// and what a converter did after it, go with having bought, not with buying.
    #[test]
    fn what_goes_with_converting_counts_only_what_came_before_it() {
        let types: Vec<String> = ["ad_view", "product_view", "purchase"].map(String::from).to_vec();
        let channels: Vec<String> = ["email", "search", "store", "sms"].map(String::from).to_vec();
        // a: ad (email), view (search), purchase in store, then an ad by sms; b: the same
        // before it, without buying, then an ad by sms; c: an ad by search, a purchase in store
        let log = EventLog {
            types,
            channels,
            customers: vec![
                ("a".into(), vec![(0, 0, 0), (10, 1, 1), (20, 2, 2), (30, 0, 3)]),
                ("b".into(), vec![(0, 0, 0), (10, 1, 1), (30, 0, 3)]),
                ("c".into(), vec![(0, 0, 1), (20, 2, 2)]),
            ],
            skipped: 0,
            ..Default::default()
        };
        let r = report(&log, &JourneyPlan::default(), &[None, None, None], &[], &[None, None, None]);
        let with =
            |label: &str| r.associations.iter().find(|a| a.label == label).map(|a| (a.converters_with, a.others_with));
        assert_eq!(with("Channel: email"), Some((1, 1)));
        assert_eq!(with("Event: product_view"), Some((1, 1)));
        assert_eq!(with("Channel: store"), None, "the purchase's own channel: nobody had it before");
        assert_eq!(with("Channel: sms"), None, "after a's purchase, and after as long as a took, for b");
        assert_eq!(with("Event: ad_view"), None, "everyone had it: it tells nobody apart");
    }

    /// Customers who never convert are looked at for as long as converters took to convert, not
    /// over all their history: on a clickstream where buyers buy on their first visit, what
    /// everyone does on later visits does not seem to go against buying.
    #[test]
    fn what_those_who_never_converted_did_is_counted_over_as_long_as_converters_took() {
        let types: Vec<String> = ["home", "product_view", "purchase", "search"].map(String::from).to_vec();
        let channels: Vec<String> = ["email", "ads"].map(String::from).to_vec();
        let mut customers = Vec::new();
        for i in 0..60 {
            // the same first visit (by email for a third of each, by ads for the others) and,
            // days later, a search; only the first 30 buy on that first visit
            let ch = if i % 30 < 10 { 0 } else { 1 };
            let mut e = vec![(0, 0, ch), (60, 1, ch)];
            if i < 30 {
                e.push((120, 2, ch));
            }
            e.push((5 * 86_400, 3, ch));
            customers.push((format!("c{i}"), e));
        }
        let log = EventLog { types, channels, customers, skipped: 0, ..Default::default() };
        let r = report(&log, &JourneyPlan::default(), &[], &[], &[]);
        let odds = |label: &str| r.associations.iter().find(|a| a.label == label);
        assert_eq!(odds("Event: search"), None, "nobody searched within as long as buyers took");
        assert_eq!(odds("Event: product_view"), None, "everyone viewed a product");
        for label in ["Channel: email", "Channel: ads"] {
            let a = odds(label).unwrap();
            assert!(a.low < 1.0 && a.high > 1.0, "{label} goes with neither: {a:?}");
        }
    }
}
