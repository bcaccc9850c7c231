#!/usr/bin/env bash
# Result store benchmark (SQLite through GRDB, synchronous=FULL, WAL):
#   Scripts/bench-store.sh [--results N] [--timed N] [--batch N] [--repeats N] [--keep DB] [--out FILE]
#
# 1. builds StoreBench and breathctl in release (scratch path .build-store-bench);
# 2. StoreBench fills a temporary database with N results (default 100,000; each with 24
#    peaks, 10 compounds, 12 features and its audit entry): the first --timed (default
#    3,000) one transaction each, as breathd writes them, the rest --batch (default 1,000)
#    per transaction for reference; prints results/s for both;
# 3. times the CLI's typical queries (latest 50; one patient; one week of samples) through
#    the store API, `breathctl results list` as a process, and the `sqlite3` shell running
#    the same SQL on the same file (median of --repeats runs, default 15), side by side,
#    after checking that all three return the same rows.
# --keep DB keeps the filled database at DB (to time other builds of breathctl on it by hand).
# Prints the report and writes it to --out (default Benchmarks/store/results.txt). Needs the
# Debian package sqlite3 (installed when missing) and about 1 GB in the temporary directory;
# takes about 4 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

out=Benchmarks/store/results.txt
arguments=()
while [ $# -gt 0 ]; do
    case "$1" in
        --results|--timed|--batch|--repeats|--keep) arguments+=("$1" "$2"); shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "usage: $0 [--results N] [--timed N] [--batch N] [--repeats N] [--keep DB] [--out FILE]" >&2; exit 64 ;;
    esac
done

Scripts/install-deps.sh
if ! command -v sqlite3 >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null
fi

swift build -c release --scratch-path .build-store-bench --product StoreBench
swift build -c release --scratch-path .build-store-bench --product breathctl
bin="$(swift build -c release --scratch-path .build-store-bench --show-bin-path)"
"$bin/StoreBench" --breathctl "$bin/breathctl" --sqlite3 "$(command -v sqlite3)" "${arguments[@]}" | tee "$out"
