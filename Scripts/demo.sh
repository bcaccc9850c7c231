#!/usr/bin/env bash
# Sets up and runs the main job: builds breathd and breathctl, runs the daemon against the
# built-in emulated device (synthetic breath, accelerated clock) into ./var, then shows what
# was stored. Pass breathd options to change it, e.g. Scripts/demo.sh --subject case-like --seed 9
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build --product breathd >/dev/null
swift build --product breathctl >/dev/null
bin=$(swift build --show-bin-path)
mkdir -p var
# --runs 1 unless the arguments say otherwise (the last --runs wins): the demo stops by itself.
"$bin/breathd" --data-directory var --runs 1 "$@"
echo
"$bin/breathctl" runs list --db var/breath.sqlite
echo
"$bin/breathctl" runs show "$("$bin/breathctl" runs list --db var/breath.sqlite --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')" --db var/breath.sqlite
