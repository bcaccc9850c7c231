#!/usr/bin/env bash
# Screening time per run in the release build: identification + features + QC + scoring
# (Screener.screen) on analysed synthetic runs, beside the signal core's analysis time.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ScreeningBench
.build/release/ScreeningBench "$PWD"
