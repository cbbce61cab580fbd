#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing. Idempotent: every step checks
# first, so running it again on a set-up machine costs a few seconds.
#   scripts/setup.sh build   toolchain for building the web app (wasm target, trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh test    the above plus Chromium, ChromeDriver, the end-to-end npm packages, cargo-fuzz,
#                            and DuckDB and Spark SQL (a Python venv, Java 17) for the SQL export
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-test}"
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust with rustup first (https://rustup.rs)" >&2; exit 1
fi
rustup target list --installed | grep -qx wasm32-unknown-unknown || { say "adding wasm32 target"; rustup target add wasm32-unknown-unknown; }

if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  say "installing trunk 0.21.14"; cargo install --locked trunk --version 0.21.14
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
wb=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
  say "installing wasm-bindgen-cli $wb"; cargo install wasm-bindgen-cli --version "$wb" --force
fi

# npm packages: binaryen (wasm-opt) and terser for release builds; playwright-core and papaparse for tests
# and the browser benchmark. Versions are pinned in package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || apt_install nodejs npm
  say "npm ci"; npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$what" = test ]; then
  apt_install chromium chromium-driver
  # fuzzing: libFuzzer needs the nightly toolchain
  rustup run nightly rustc -V >/dev/null 2>&1 || { say "installing the nightly toolchain"; rustup toolchain install nightly --profile minimal; }
  command -v c++ >/dev/null || apt_install g++   # libFuzzer is C++
  if ! cargo fuzz --version 2>/dev/null | grep -q '0.13.2'; then
    say "installing cargo-fuzz 0.13.2"
    cargo install cargo-fuzz --version 0.13.2 --locked || cargo install cargo-fuzz --version 0.13.2 --force
  fi
  # the engines the SQL export is checked on: DuckDB, and Spark SQL in local mode (Java 17+)
  java_major=$(java -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')
  [ "${java_major:-0}" -ge 17 ] 2>/dev/null || apt_install openjdk-17-jre-headless
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  venv="${PERSONA_SQL_VENV:-$HOME/.cache/persona-sql-venv}"
  if ! "$venv/bin/python" -c 'import duckdb, pyspark; assert (duckdb.__version__, pyspark.__version__) == ("2.0.1", "4.3.0")' 2>/dev/null; then
    say "installing duckdb 2.0.1 and pyspark 4.3.0 in $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check duckdb==2.0.1 pyspark==4.3.0
  fi
fi
say "ready ($what)"
