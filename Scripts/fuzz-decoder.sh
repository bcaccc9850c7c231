#!/usr/bin/env bash
# Fuzz the wire decoder with libFuzzer.
#   Scripts/fuzz-decoder.sh [SECONDS]   (default 60)
# Builds the BreathWireFuzz target with the fuzzer and address sanitizers, seeds the corpus
# with every frame of the protocol test vectors, runs for SECONDS and prints libFuzzer's
# summary (executions, coverage, crashes). Exits non-zero when libFuzzer found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scratch=.build-fuzz
swift build -c release --scratch-path "$scratch" --product BreathWireFuzz \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address >/dev/null
binary="$scratch/release/BreathWireFuzz"

corpus=$(mktemp -d)
artifacts=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
# Seeds: each vector stream, prefixed with the chunk-size byte the harness reads first.
python3 - "$corpus" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
for name in ("messages.json", "corruption.json"):
    for i, case in enumerate(json.loads(pathlib.Path("Firmware-Protocol/vectors", name).read_text())["cases"]):
        (out / f"{name}-{i}").write_bytes(bytes([i % 64]) + bytes.fromhex(case["hex"]))
PY

export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=detect_leaks=0
log="$artifacts/fuzz.log"
status=0
"$binary" "$corpus" -max_total_time="$seconds" -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" || tail -20 "$log"
crashes=$(find "$artifacts" -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' | wc -l)
echo "fuzz: ${seconds}s, crashes/timeouts found: $crashes (artifacts in $artifacts)"
if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    tail -40 "$log"
    exit 1
fi
