//! `persona`: Persona Studio's core on the command line, for files too big for a browser tab
//! and for scripting. It prints what the app shows, as JSON; the analysis is the same code.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use persona_core::activation;
use persona_core::features;
use persona_core::import::ImportSession;
use persona_core::ingest::Profiler;
use persona_core::ingest::split::{Split, read_in_two};
use persona_core::rfm::RfmSettings;
use persona_core::roles::Role;
use persona_core::sample::SampleConfig;
use persona_core::segment::SegmentSettings;

#[derive(Parser)]
#[command(name = "persona", version, about = "Customer CSVs to segments and personas, on your machine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// parsed once per run: the size of its largest variant costs nothing
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Profile CSV files: dialect, encoding, rows, problem rows with line numbers, each column's
    /// type, role and statistics, file kinds and links by customer id. Prints JSON.
    Profile {
        /// The CSV files (customers, orders, events, feedback), in any order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print compact JSON on one line.
        #[arg(long)]
        compact: bool,
        /// Also gather each file's customer figures in the same reading, as the app's import
        /// does (the work the browser benchmark compares against); the output is the same.
        #[arg(long)]
        gather: bool,
    },
    /// Segment customers: RFM scores and named RFM segments (when there are orders) and
    /// k-means clusters with their profiles, from the same files, roles, settings and seed as
    /// the app. Prints JSON: the customer ids in table order and the segmentation.
    Segment {
        /// The CSV files (customers, orders, events, feedback), in any order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Number of segments; chosen automatically (gap statistic and silhouette, 2 to --max-k
        /// but no more than the customers fill at --min-size, or 1 when the data shows no
        /// segments) when left out.
        #[arg(long)]
        k: Option<usize>,
        #[arg(long, default_value_t = 8)]
        max_k: usize,
        /// Seed: the same seed gives the same segments.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Feature keys, comma-separated (default: RFM, demographics, behaviour, interests).
        #[arg(long, value_delimiter = ',')]
        features: Option<Vec<String>>,
        /// With more customers than this, fit the segments on a seeded sample of this many, then
        /// place every customer in the segment whose centre is nearest (0: always fit on
        /// everyone). The output states the sample's size.
        #[arg(long, default_value_t = 1_000_000)]
        fit_limit: usize,
        /// Segments smaller than this are flagged (default: max(1% of customers, 30)).
        #[arg(long)]
        min_size: Option<u64>,
        /// Day recency is measured to, YYYY-MM-DD (default: the day after the last order).
        #[arg(long)]
        analysis_date: Option<String>,
        /// A role for a column, as FILE:COLUMN=ROLE (e.g. orders.csv:Total=order_value); repeatable.
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Also draft a persona for every segment that passes the small-segment guard, as the
        /// app does (same seed, same drafts).
        #[arg(long)]
        personas: bool,
        /// Write the personalisation export to this CSV: per customer, their segment, persona,
        /// current journey stage (from the events file, if one is given) and a message per stage.
        #[arg(long)]
        export_personalisation: Option<PathBuf>,
        /// Write a workspace file that the web app opens (Workspaces › Import a workspace file):
        /// the files' profiles and roles, the segmentation, a persona per segment, and what a
        /// refresh with next month's export compares with. Aggregates only: no customer row.
        #[arg(long)]
        workspace: Option<PathBuf>,
        /// Write each customer's segment to this CSV (customer_id, segment, segment_label and,
        /// with orders, their RFM: the columns of the --sql query's result), in the order the
        /// customers were first seen. The JSON on stdout then leaves out the per-customer lists
        /// (ids, assignment, RFM scores).
        #[arg(long)]
        assignments: Option<PathBuf>,
        /// Write the segmentation as one SQL query that scores every customer in a warehouse
        /// (tested on DuckDB and Spark SQL): it reads a customers table and an orders table
        /// with the files' columns and gives each customer's segment and RFM.
        #[arg(long)]
        sql: Option<PathBuf>,
        /// How the query quotes names and texts: duckdb ("name") or spark (`name`: Spark SQL,
        /// Databricks).
        #[arg(long, default_value = "duckdb")]
        sql_dialect: String,
        /// The customers table the query reads (e.g. crm.customers).
        #[arg(long, default_value = "customers")]
        customers_table: String,
        /// The orders table the query reads.
        #[arg(long, default_value = "orders")]
        orders_table: String,
        /// Print compact JSON on one line.
        #[arg(long)]
        compact: bool,
    },
    /// Journeys from an events file: the suggested stage of each event type, the funnel through
    /// the stages (customers, conversion, drop-off, time from the stage before as quartiles and
    /// P90), the commonest paths and what goes with reaching purchase (the odds ratio of each
    /// event type and channel before it). Prints JSON.
    Journey {
        /// The events file (customer id, event time, event type columns).
        file: PathBuf,
        /// How the stages must follow one another: in-order (others between allowed), strict or
        /// any-order.
        #[arg(long, default_value = "in-order")]
        mode: String,
        /// Days from entering the funnel within which a stage counts (0: no limit).
        #[arg(long, default_value_t = 30)]
        window_days: i64,
        /// Print compact JSON on one line.
        #[arg(long)]
        compact: bool,
    },
    /// Write the seeded sample customer base (customers, orders, events, feedback CSVs) to a
    /// folder: the same data as the app's "Try with sample data", at any size.
    Sample {
        /// Number of customers.
        #[arg(long, default_value_t = 2_000)]
        customers: usize,
        /// Seed: the same seed gives the same files.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Folder to write into (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Instead, write one transaction log (log.csv) of this many order lines, in date
        /// order with a unique order id per line, by --customers customers.
        #[arg(long)]
        log_rows: Option<usize>,
        /// Instead, write two monthly CRM exports with controlled drift between them
        /// (customers-last-month.csv, customers-this-month.csv): a group grows, one splits in
        /// two, one vanishes and one spends less.
        #[arg(long)]
        drifting_months: bool,
    },
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Hands the file's bytes to `feed` in 1 MiB chunks.
/// Reads a file into `first`, by two readers at once when it is large (as the app's two
/// workers do, so the CLI gives what the app shows).
fn read_split<S: Split + Send>(path: &Path, first: S) -> Result<S, String> {
    let err = |e: io::Error| format!("{}: {e}", path.display());
    let size = std::fs::metadata(path).map_err(err)?.len();
    // on a terminal, a bar of the bytes read by both readers (indicatif draws nothing when
    // stderr is not a terminal)
    let bar = indicatif::ProgressBar::new(size).with_message(file_name(path));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let read =
        read_in_two(&file_name(path), first, size, None, || File::open(path).map(|inner| Counted { inner, bar: &bar }));
    bar.finish_and_clear();
    read.map_err(err)
}

/// A file that moves the progress bar by what it reads.
struct Counted<'a, R> {
    inner: R,
    bar: &'a indicatif::ProgressBar,
}

impl<R: io::Read> io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // the two readers both read a little around the cut: never past the file's size
        let total = self.bar.length().unwrap_or(u64::MAX);
        self.bar.set_position((self.bar.position() + n as u64).min(total));
        Ok(n)
    }
}

impl<R: io::Seek> io::Seek for Counted<'_, R> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Profiles a file and gathers its part of the customer table in the same reading.
fn read_file(path: &Path) -> Result<(persona_core::ingest::ProfiledFile, Option<features::FilePart>), String> {
    let pass = read_split(path, features::OnePass::new(file_name(path)))?;
    pass.finish().map_err(|e| format!("{}: {e}", path.display()))
}

/// Streams one file through the profiler.
fn profile_file(path: &Path) -> Result<persona_core::ingest::ProfiledFile, String> {
    let profiler = read_split(path, Profiler::new(file_name(path)))?;
    profiler.finish().map_err(|e| format!("{}: {e}", path.display()))
}

fn write_log(rows: usize, customers: usize, seed: u64, out: &std::path::Path) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut w = io::BufWriter::new(File::create(out.join("log.csv"))?);
    let cfg = persona_core::sample::LogConfig { rows, customers, seed };
    let distinct = persona_core::sample::write_log(&cfg, &mut w)?;
    eprintln!("persona: wrote {rows} order lines by {distinct} customers to {}", out.join("log.csv").display());
    Ok(())
}

fn write_sample(customers: usize, seed: u64, out: &std::path::Path) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    let open = |name: &str| File::create(out.join(name)).map(io::BufWriter::new);
    let (mut c, mut o, mut e, mut f) =
        (open("customers.csv")?, open("orders.csv")?, open("events.csv")?, open("feedback.csv")?);
    let truth = persona_core::sample::write_sample(&SampleConfig { customers, seed }, &mut c, &mut o, &mut e, &mut f)?;
    for w in [&mut c, &mut o, &mut e, &mut f] {
        w.flush()?;
    }
    eprintln!(
        "persona: wrote {customers} customers, {} orders, {} events, {} feedback rows to {}",
        truth.orders,
        truth.events,
        truth.feedback,
        out.display()
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn segment(
    files: &[PathBuf],
    k: Option<usize>,
    max_k: usize,
    seed: u64,
    features: Option<Vec<String>>,
    fit_limit: usize,
    min_size: Option<u64>,
    analysis_date: Option<String>,
    roles: &[String],
    outputs: &Outputs,
) -> Result<(), String> {
    let (personas, export, compact) = (outputs.personas, outputs.personalisation.as_deref(), outputs.compact);
    let started = std::time::Instant::now();
    let mut session = ImportSession::new();
    let mut paths = Vec::new();
    let mut parts = Vec::new();
    for path in files {
        let (file, part) = read_file(path)?;
        parts.push((file.profile.name.clone(), part));
        session.add(file);
        paths.push(path.clone());
    }
    let names: Vec<String> = session.files().map(|f| f.name.clone()).collect();
    for spec in roles {
        let bad = || format!("--role {spec}: expected FILE:COLUMN=ROLE");
        let (target, role) = spec.rsplit_once('=').ok_or_else(bad)?;
        let (file, column) = target.split_once(':').ok_or_else(bad)?;
        let role = Role::from_key(role.trim()).ok_or_else(|| {
            let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
            format!("--role {spec}: unknown role; roles are {}", keys.join(", "))
        })?;
        let fi = names.iter().position(|n| n == file).ok_or_else(|| format!("--role {spec}: no file named {file}"))?;
        let profile = session.files().nth(fi).expect("listed");
        let ci = profile
            .columns
            .iter()
            .position(|c| c.name == column)
            .ok_or_else(|| format!("--role {spec}: {file} has no column {column}"))?;
        session.set_role(fi, ci, role);
    }
    // settles file kinds after role changes, and says what cannot be right
    let summary = session.summary();
    for check in &summary.checks {
        eprintln!("persona: check: {check}");
    }
    eprintln!("persona: {} files profiled ({:.1} s)", names.len(), started.elapsed().as_secs_f64());
    let analysis_day = match analysis_date {
        Some(d) => Some(
            persona_core::ingest::value::parse_iso_day(&d)
                .ok_or_else(|| format!("--analysis-date {d}: expected YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let profiles: Vec<&persona_core::ingest::FileProfile> = session.files().collect();
    let path_of =
        |name: &str| paths.iter().find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == name)).cloned();
    // the parts gathered while profiling serve unless a --role changed what a file feeds
    let kept = profiles
        .iter()
        .map(|p| parts.iter().rposition(|(n, _)| *n == p.name).and_then(|i| parts[i].1.take()))
        .collect();
    let table = features::gather_again(&profiles, kept, |i| {
        let path = path_of(&profiles[i].name).ok_or_else(|| io::Error::other("file vanished"))?;
        File::open(path)
    })
    .map_err(|e| e.to_string())?;
    let settings = SegmentSettings {
        features,
        k,
        max_k,
        seed,
        min_size,
        rfm: RfmSettings { analysis_day, ..Default::default() },
        fit_limit: (fit_limit > 0).then_some(fit_limit),
        ..Default::default()
    };
    eprintln!("persona: {} customers read ({:.1} s)", table.len(), started.elapsed().as_secs_f64());
    let seg = persona_core::segment::run(&table, &settings, &mut |done, total, what| {
        eprintln!("persona: [{done}/{total}] {what} ({:.1} s)", started.elapsed().as_secs_f64());
    })
    .map_err(|e| e.to_string())?;
    if let Some(m) = seg.fitted_on {
        eprintln!(
            "persona: fitted on a seeded sample of {} of the {} customers (--fit-limit); every customer is in the segment whose centre is nearest",
            persona_core::format::thousands(m),
            persona_core::format::thousands(seg.customers)
        );
    }
    let rows = profiles.iter().map(|p| p.rows).max().unwrap_or(0);
    if let Some(check) = persona_core::import::scale_check(seg.customers, rows) {
        eprintln!("persona: check: {check}");
    }
    if !seg.k_reason.is_empty() {
        eprintln!("persona: {}", seg.k_reason);
    }
    for left_out in &table.mixes_left_out {
        eprintln!("persona: {left_out}");
    }
    let sql = outputs.sql.as_ref().map(|(path, options)| {
        let export =
            persona_core::sql::export(&table, &profiles, &seg.view(&table), &seg.model, &settings.rfm, options)
                .map_err(|e| format!("--sql: {e}"))?;
        std::fs::write(path, &export.query).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("persona: the query that scores every customer written to {}", path.display());
        Ok::<(), String>(())
    });
    let drafts = (personas || export.is_some() || outputs.workspace.is_some())
        .then(|| persona_core::persona::drafts(&table, &seg, &persona_core::persona::PersonaSettings { seed }));
    if let Some(path) = &outputs.assignments {
        write_assignments(path, &table, &seg).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("persona: {} customers' segments written to {}", table.len(), path.display());
    }
    if let (Some(path), Some(drafts)) = (&outputs.workspace, &drafts) {
        use persona_core::refresh::KeptRun;
        use persona_core::workspace::Workspace;
        let mut view = seg.view(&table);
        view.checks.extend(persona_core::import::scale_check(seg.customers, rows));
        let label = format!(
            "persona CLI · {} · {} customers",
            names.join(", "),
            persona_core::format::thousands(seg.customers)
        );
        let mut deck = persona_core::deck::Deck::new();
        deck.refresh(drafts, &vec![None; seg.k], &label);
        let name = path.file_stem().map_or("workspace".into(), |s| s.to_string_lossy().into_owned());
        let mut ws = Workspace::new(&name, &summary, Some(&settings), Some(&view), &deck);
        ws.refresh.last_run = Some(KeptRun::new(&label, &seg, &view, None));
        std::fs::write(path, ws.to_text()).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("persona: workspace \"{name}\" written to {} ({} personas)", path.display(), ws.persona_count());
    }
    if let (Some(path), Some(drafts)) = (export, &drafts) {
        let events = profiles.iter().position(|p| p.kind == persona_core::schema::FileKind::Events);
        let events = events.map(|i| (profiles[i], path_of(&profiles[i].name)));
        personalisation(path, &table, &seg, drafts, events)?;
    }
    // with the assignments in their file, the JSON leaves out the per-customer lists (a
    // million ids printed again would take more memory than the whole run)
    let per_customer = outputs.assignments.is_none();
    let mut seg = seg;
    let assignment = if per_customer { Vec::new() } else { std::mem::take(&mut seg.assignment) };
    let mut out = serde_json::json!({ "segmentation": seg });
    if per_customer {
        out["ids"] = serde_json::to_value(&table.ids).map_err(|e| e.to_string())?;
    } else if let Some(s) = out["segmentation"].as_object_mut() {
        s.remove("assignment");
        if let Some(rfm) = s.get_mut("rfm").and_then(|r| r.as_object_mut()) {
            rfm.remove("scores");
        }
    }
    drop(assignment);
    if personas {
        out["personas"] = serde_json::to_value(&drafts).map_err(|e| e.to_string())?;
    }
    let json = if compact { serde_json::to_string(&out) } else { serde_json::to_string_pretty(&out) };
    let mut stdout = io::stdout().lock();
    json.map_err(io::Error::other).and_then(|j| writeln!(stdout, "{j}")).map_err(|e| e.to_string())?;
    sql.unwrap_or(Ok(()))
}

/// Money summed over orders, without the float noise of the sum: `456.66`, not
/// `456.65999999999997` (nine decimals kept, more than any currency has).
fn money(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r.is_finite() { r } else { x }
}

/// Writes each customer's segment, and with orders their RFM, with the columns the SQL export's
/// query gives: a plain CSV to join back by customer id, written as it goes. Ids stay as they
/// are, to join on; a label or RFM name that a spreadsheet would run as a formula (it may come
/// from a column's values) gets the same guard as the app's exports.
fn write_assignments(
    path: &Path,
    table: &features::CustomerTable,
    seg: &persona_core::segment::Segmentation,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(File::create(path)?);
    let labels: Vec<String> = seg.segments.iter().map(|s| activation::csv_cell(&s.label)).collect();
    let rfm = seg.rfm.as_ref();
    write!(out, "customer_id,segment,segment_label")?;
    if rfm.is_some() {
        write!(out, ",recency_days,frequency,monetary,r_score,f_score,m_score,rfm_segment")?;
    }
    writeln!(out)?;
    let mut scores = rfm.map(|r| r.scores.iter().peekable());
    for (c, (id, &a)) in table.ids.iter().zip(&seg.assignment).enumerate() {
        write!(out, "{},{},{}", activation::quoted_cell(id), a + 1, labels.get(a as usize).map_or("", String::as_str))?;
        if let (Some(scores), Some(r)) = (&mut scores, rfm) {
            // the scores are in table order, customers without orders left out
            match scores.next_if(|s| s.customer as usize == c) {
                Some(s) => {
                    let name =
                        s.segment.map_or(String::new(), |i| activation::csv_cell(&r.rules.rules[i as usize].name));
                    let money = money(s.monetary);
                    write!(out, ",{},{},{money},{},{},{},{name}", s.recency_days, s.frequency, s.r, s.f, s.m)?;
                }
                None => write!(out, ",,,,,,,")?,
            }
        }
        writeln!(out)?;
    }
    out.flush()
}

/// What `segment` writes besides the JSON on stdout.
struct Outputs {
    personas: bool,
    personalisation: Option<PathBuf>,
    workspace: Option<PathBuf>,
    assignments: Option<PathBuf>,
    /// The SQL export and how it is written.
    sql: Option<(PathBuf, persona_core::sql::SqlOptions)>,
    compact: bool,
}

/// Writes the personalisation export: the current stage of each customer from the events file
/// (when there is one), and each segment's persona and content plan.
fn personalisation(
    path: &Path,
    table: &features::CustomerTable,
    seg: &persona_core::segment::Segmentation,
    drafts: &[persona_core::persona::PersonaDraft],
    events: Option<(&persona_core::ingest::FileProfile, Option<PathBuf>)>,
) -> Result<(), String> {
    use persona_core::activation::{SegmentPlan, content_plan, personalisation_csv};
    use persona_core::journey::{EventLog, FunnelSettings, StageMap, Stages, reached};
    let mut stages = Stages::default().0;
    let mut current: Vec<Option<usize>> = vec![None; table.len()];
    if let Some((profile, Some(events_path))) = events {
        let bytes = std::fs::read(&events_path).map_err(|e| format!("{}: {e}", events_path.display()))?;
        if let Some(log) = EventLog::read(profile, &bytes) {
            let log = log.map_err(|e| format!("{}: {e}", profile.name))?;
            let types = || log.types.iter().map(String::as_str);
            let (map, _) = StageMap::suggest(types()).without_empty(types());
            stages = map.stages.0.clone();
            let settings = FunnelSettings { window: None, ..Default::default() };
            for (events, row) in log.staged(&map).iter().zip(log.rows_in(&table.ids)) {
                if let Some(row) = row {
                    current[row] = reached(events, stages.len(), &settings).len().checked_sub(1);
                }
            }
        }
    }
    let plans: Vec<SegmentPlan> = seg
        .segments
        .iter()
        .map(|s| {
            let d = drafts.iter().find(|d| d.segment == s.index);
            SegmentPlan {
                label: s.label.clone(),
                persona: d.map_or(String::new(), |d| d.name.clone()),
                plan: d.map_or(Vec::new(), |d| content_plan(d, &stages)),
            }
        })
        .collect();
    let csv = personalisation_csv(&table.ids, &seg.assignment, &current, &stages, &plans);
    std::fs::write(path, csv).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("persona: personalisation export written to {}", path.display());
    Ok(())
}

fn journey(path: &Path, mode: &str, window_days: i64, compact: bool) -> Result<(), String> {
    use persona_core::journey::{self, EventLog, FunnelSettings, OrderMode, StageMap};
    let mode = match mode {
        "in-order" => OrderMode::InOrder,
        "strict" => OrderMode::Strict,
        "any-order" => OrderMode::AnyOrder,
        other => return Err(format!("--mode {other}: use in-order, strict or any-order")),
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = file_name(path);
    let profile = persona_core::ingest::profile_bytes(&name, &bytes).map_err(|e| format!("{name}: {e}"))?.profile;
    let log = EventLog::read(&profile, &bytes)
        .ok_or_else(|| format!("{name}: no customer id, event time and event type columns"))?
        .map_err(|e| format!("{name}: {e}"))?;
    let types = || log.types.iter().map(String::as_str);
    let (map, left_out) = StageMap::suggest(types()).without_empty(types());
    let staged = log.staged(&map);
    let settings = FunnelSettings { mode, window: (window_days > 0).then_some(window_days * 86_400) };
    let paths = journey::variants(staged.iter().map(Vec::as_slice), 10);
    // the funnel and what goes with converting, as the app's Journeys page gives them
    let plan = persona_core::journey_plan::JourneyPlan { funnel: settings, ..Default::default() };
    let report = persona_core::journey_plan::report(&log, &plan, &[], &[], &[]);
    let goes_with = (!report.associations.is_empty())
        .then(|| serde_json::json!({ "stage": report.stages.get(report.target), "associations": report.associations }));
    let matcher = map.matcher();
    let types: Vec<serde_json::Value> = log
        .types
        .iter()
        .map(|t| serde_json::json!({ "event_type": t, "stage": matcher.stage_of(t).map(|s| map.stages.0[s].clone()) }))
        .collect();
    let out = serde_json::json!({
        "customers": log.customers.len(),
        "skipped_rows": log.skipped,
        "stages": map.stages.0,
        "stages_without_events": left_out,
        "event_types": types,
        "settings": settings,
        "funnel": report.everyone.funnel,
        "paths": paths,
        "what_goes_with_converting": goes_with,
    });
    let json = if compact { serde_json::to_string(&out) } else { serde_json::to_string_pretty(&out) };
    println!("{}", json.map_err(|e| e.to_string())?);
    Ok(())
}

/// Gzipped inputs (a warehouse's unload, `data_0_0_0.csv.gz`) unzipped into a folder of this
/// run's own, each under the name inside (without `.gz`); the folder goes when the run ends.
#[derive(Default)]
struct Unzipped {
    dir: Option<PathBuf>,
    count: usize,
}

impl Unzipped {
    fn paths(&mut self, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
        paths.iter().map(|p| self.path(p)).collect()
    }

    /// `path`, or where the file inside it was unzipped to when it is gzipped.
    fn path(&mut self, path: &Path) -> Result<PathBuf, String> {
        let err = |e: io::Error| format!("{}: {e}", path.display());
        let mut head = [0u8; 2];
        let read = File::open(path).and_then(|mut f| f.read(&mut head)).map_err(err)?;
        if read < 2 || head != [0x1F, 0x8B] {
            return Ok(path.to_owned());
        }
        let dir = match &self.dir {
            Some(dir) => dir.clone(),
            None => {
                let dir = std::env::temp_dir().join(format!("persona-unzipped-{}", std::process::id()));
                self.dir = Some(dir.clone());
                dir
            }
        };
        // (one folder per file: two parts may hold files of one name)
        self.count += 1;
        let dir = dir.join(self.count.to_string());
        std::fs::create_dir_all(&dir).map_err(err)?;
        let name = file_name(path);
        let inner = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".GZ")).filter(|n| !n.is_empty());
        let out = dir.join(inner.unwrap_or(&name));
        let mut unzip = flate2::read::MultiGzDecoder::new(io::BufReader::new(File::open(path).map_err(err)?));
        let mut to = io::BufWriter::new(File::create(&out).map_err(err)?);
        io::copy(&mut unzip, &mut to).and_then(|_| to.flush()).map_err(|e| {
            format!("{}: could not be unzipped ({e}); unzip it and give the file inside", path.display())
        })?;
        Ok(out)
    }
}

impl Drop for Unzipped {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut unzipped = Unzipped::default();
    match cli.command {
        Command::Sample { customers, seed, out, log_rows: Some(rows), drifting_months: false } => {
            match write_log(rows, customers, seed, &out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("persona: {}: {e}", out.display());
                    ExitCode::from(2)
                }
            }
        }
        Command::Sample { seed, out, drifting_months: true, .. } => {
            let [last, this] = persona_core::sample::drifting_months(seed);
            let written = std::fs::create_dir_all(&out)
                .and_then(|_| std::fs::write(out.join("customers-last-month.csv"), last.0))
                .and_then(|_| std::fs::write(out.join("customers-this-month.csv"), this.0));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("persona: {}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Sample { customers, seed, out, log_rows: None, .. } => match write_sample(customers, seed, &out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("persona: {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
        Command::Segment {
            files,
            k,
            max_k,
            seed,
            features,
            fit_limit,
            min_size,
            analysis_date,
            roles,
            personas,
            export_personalisation,
            workspace,
            assignments,
            sql,
            sql_dialect,
            customers_table,
            orders_table,
            compact,
        } => {
            let Some(dialect) = persona_core::sql::Dialect::from_key(&sql_dialect) else {
                eprintln!("persona: --sql-dialect {sql_dialect}: expected duckdb or spark");
                return ExitCode::from(2);
            };
            let options = persona_core::sql::SqlOptions { dialect, customers_table, orders_table };
            let sql = sql.map(|path| (path, options));
            let outputs =
                Outputs { personas, personalisation: export_personalisation, workspace, assignments, sql, compact };
            let files = match unzipped.paths(&files) {
                Ok(files) => files,
                Err(e) => {
                    eprintln!("persona: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match segment(&files, k, max_k, seed, features, fit_limit, min_size, analysis_date, &roles, &outputs) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("persona: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Journey { file, mode, window_days, compact } => {
            match unzipped.path(&file).and_then(|file| journey(&file, &mode, window_days, compact)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("persona: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Profile { files, compact, gather } => {
            let mut session = ImportSession::new();
            let mut failed = false;
            for path in &files {
                let path = &match unzipped.path(path) {
                    Ok(path) => path,
                    Err(e) => {
                        eprintln!("persona: {e}");
                        failed = true;
                        continue;
                    }
                };
                let read = if gather { read_file(path).map(|(f, _)| f) } else { profile_file(path) };
                match read {
                    Ok(f) => session.add(f),
                    Err(e) => {
                        eprintln!("persona: {e}");
                        failed = true;
                    }
                }
            }
            let summary = session.summary();
            let json = if compact { serde_json::to_string(&summary) } else { serde_json::to_string_pretty(&summary) };
            let mut out = io::stdout().lock();
            if let Err(e) = json.map_err(io::Error::other).and_then(|j| writeln!(out, "{j}")) {
                eprintln!("persona: {e}");
                return ExitCode::FAILURE;
            }
            if failed { ExitCode::from(2) } else { ExitCode::SUCCESS }
        }
    }
}
