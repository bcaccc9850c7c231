#!/usr/bin/env bash
# Sets up and runs the main job: builds breathd and breathctl, runs the daemon against the
# built-in emulated device (synthetic breath, accelerated clock) into ./var, then shows what
# was stored and how the shipped screening method graded it. Pass breathd options to change
# it, e.g. Scripts/demo.sh --subject case-like --seed 9
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build --product breathd >/dev/null
swift build --product breathctl >/dev/null
bin=$(swift build --show-bin-path)
mkdir -p var
# --runs 1 unless the arguments say otherwise (the last --runs wins): the demo stops by itself.
# The shipped screening method and its demo model (synthetic, not clinically validated) screen the run.
"$bin/breathd" --data-directory var --runs 1 --screening-method Screening/breath-screening-method.json "$@"
echo
"$bin/breathctl" runs list --db var/breath.sqlite --limit 5
echo
"$bin/breathctl" results list --db var/breath.sqlite --limit 5
echo
latest=$("$bin/breathctl" results list --db var/breath.sqlite --limit 1 --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["id"] if r else "")')
[ -n "$latest" ] && "$bin/breathctl" results show "$latest" --db var/breath.sqlite
