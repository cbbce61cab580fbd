#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30) from the seed corpora in fuzz/corpus/,
# which stay untouched: new inputs go to a scratch corpus. Fails on any crash, panic, leak,
# time-out or allocation over the limit, and prints the executions each target ran.
#   scripts/fuzz.sh          the short run of `make test`
#   scripts/fuzz.sh 3600     the long run (`make fuzz-long`), an hour a target
# Needs the nightly toolchain and cargo-fuzz (scripts/setup.sh test installs both).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-30}"
target_dir="${CARGO_TARGET_DIR:-$PWD/target}/fuzz"
scratch="${FUZZ_SCRATCH:-${TMPDIR:-/tmp}/persona-fuzz}"
targets=(ingest values share_link workspace)

cargo +nightly fuzz build --target-dir "$target_dir"
rm -rf "$scratch/artifacts"   # an earlier run's failures are not this run's
total=0
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t" "$scratch/artifacts/$t"
  log="$scratch/$t.log"
  # -rss_limit_mb also bounds any single allocation (libFuzzer's malloc limit defaults to it):
  # an input that makes the reader ask for unbounded memory is a failure
  if ! cargo +nightly fuzz run --target-dir "$target_dir" "$t" "$scratch/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
      -artifact_prefix="$scratch/artifacts/$t/" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $t failed; the input is in $scratch/artifacts/$t/" >&2
    exit 1
  fi
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  rss=$(awk '/stat::peak_rss_mb/ {print $2}' "$log")
  printf 'fuzz: %-10s %9s executions in %ss, no failure, peak %s MB\n' "$t" "$runs" "$seconds" "$rss"
  total=$((total + runs))
done
printf 'fuzz: %s executions in all\n' "$total"
