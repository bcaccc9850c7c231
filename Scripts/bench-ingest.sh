#!/usr/bin/env bash
# Ingest benchmark: a recorded run replayed through link + decoder + session + run acquisition
# + capture writer, as a multiple of the device's nominal data rate (target >= 100x, zero
# loss), and the CPU of an idle connected session and of the idle libusb event thread
# (target < 1 % of a core).
#   Scripts/bench-ingest.sh [REPEATS] [IDLE_SECONDS]      (defaults 5 and 10)
# Builds IngestBench in release (scratch path .build-ingest-bench); prints the report and
# writes it to Benchmarks/ingest/results.txt. Takes about a minute on 2 cores after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --scratch-path .build-ingest-bench --product IngestBench
"$(swift build -c release --scratch-path .build-ingest-bench --show-bin-path)/IngestBench" "$@" | tee Benchmarks/ingest/results.txt
