#!/usr/bin/env bash
# Runs every test: the protocol vectors' independent generator check, the Swift test suite
# (unit, emulator, store, end-to-end through the built executables), and a short fuzz run of
# the wire decoder (FUZZ_SECONDS, default 60; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
python3 Firmware-Protocol/vectors/generate.py --check
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test --skip-build 2>&1 | tee "$log"
passed=$(grep -Eo 'Test run with [0-9]+ tests? .* passed' "$log" | grep -Eo '[0-9]+' | head -1)
if [ "${FUZZ_SECONDS:-60}" -gt 0 ]; then
    Scripts/fuzz-decoder.sh "${FUZZ_SECONDS:-60}"
fi
# One closing line for the whole run (swift test's own summary is followed by the fuzz output).
echo "tests: ${passed:-0} passed, 0 failed"
