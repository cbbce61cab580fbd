//! Times the journey report on an events file: `cargo run --release -p persona-core --example
//! journey_report -- events.csv [groups]` (customers are put in `groups` groups by their row).
use persona_core::ingest::profile_bytes;
use persona_core::journey::EventLog;
use persona_core::journey_plan::{JourneyPlan, report};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("an events file");
    let groups: usize = args.next().and_then(|g| g.parse().ok()).unwrap_or(6);
    let bytes = std::fs::read(&path).expect("readable");
    let t = Instant::now();
    let profile = profile_bytes(&path, &bytes).expect("profile").profile;
    println!("profile: {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let log = EventLog::read(&profile, &bytes).expect("events").expect("reads");
    let events: usize = log.customers.iter().map(|(_, e)| e.len()).sum();
    println!("read {} customers, {events} events: {:.2} s", log.customers.len(), t.elapsed().as_secs_f64());
    let group: Vec<Option<usize>> = (0..log.customers.len()).map(|i| Some(i % groups)).collect();
    let labels: Vec<String> = (0..groups).map(|g| format!("Group {g}")).collect();
    let t = Instant::now();
    let r = report(&log, &JourneyPlan::default(), &group, &labels, &vec![None; group.len()]);
    println!("report over {} stages, {groups} groups: {:.2} s", r.stages.len(), t.elapsed().as_secs_f64());
}
