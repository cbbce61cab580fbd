//! `persona`: Persona Studio's core on the command line, for files too big for a browser tab
//! and for scripting. It prints what the app shows, as JSON; the analysis is the same code.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use persona_core::import::ImportSession;
use persona_core::ingest::Profiler;
use persona_core::sample::SampleConfig;

#[derive(Parser)]
#[command(name = "persona", version, about = "Customer CSVs to segments and personas, on your machine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

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
    },
}

/// Streams one file through the profiler in 1 MiB chunks.
fn profile_file(path: &PathBuf) -> Result<persona_core::ingest::ProfiledFile, String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let mut file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut profiler = Profiler::new(name);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        profiler.feed(&buf[..n]);
    }
    profiler.finish().map_err(|e| format!("{}: {e}", path.display()))
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sample { customers, seed, out } => match write_sample(customers, seed, &out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("persona: {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
        Command::Profile { files, compact } => {
            let mut session = ImportSession::new();
            let mut failed = false;
            for path in &files {
                match profile_file(path) {
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
