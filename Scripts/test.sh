#!/usr/bin/env bash
# Runs every test: the protocol vectors' independent generator check, the Swift test suite
# (unit, emulator, store, end-to-end through the built executables), and a short fuzz run of
# the wire decoder (FUZZ_SECONDS, default 60; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
python3 Firmware-Protocol/vectors/generate.py --check
swift build --build-tests
swift test --skip-build
if [ "${FUZZ_SECONDS:-60}" -gt 0 ]; then
    Scripts/fuzz-decoder.sh "${FUZZ_SECONDS:-60}"
fi
