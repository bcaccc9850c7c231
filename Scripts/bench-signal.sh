#!/usr/bin/env bash
# Accuracy and speed benchmark of the BreathSignal analysis core against scipy.
#   Scripts/bench-signal.sh [--out FILE] [--data DIR] [--venv DIR]
#
# 1. a Python venv (default .venv-bench/) with pinned numpy and scipy from PyPI;
# 2. SignalBench in release (scratch path .build-bench): `generate` writes the generated sets and
#    the two speed inputs with their ground truth (into a temporary directory, or --data DIR,
#    which is kept), `analyze` runs ChromatogramAnalyzer on them, timed;
# 3. Benchmarks/signal/score.py --self-test checks the scorer on the truth itself;
# 4. Benchmarks/signal/reference.py runs and times the scipy reference pipeline and
#    find_peaks_cwt on the same files;
# 5. score.py prints the tables with the issue's targets and writes the figures as JSON
#    (default Benchmarks/signal/results.json).
# A measurement, not a test: it exits 0 when targets are missed and prints the misses; it
# fails only when a step cannot run. Takes about 2 minutes on 2 cores once the venv exists,
# most of it find_peaks_cwt, whose cost is quadratic in the trace length.
set -euo pipefail
cd "$(dirname "$0")/.."

numpy_version=2.4.6
scipy_version=1.17.1
out=Benchmarks/signal/results.json
venv=.venv-bench
data=""
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        --venv) venv="$2"; shift 2 ;;
        *) echo "usage: $0 [--out FILE] [--data DIR] [--venv DIR]" >&2; exit 64 ;;
    esac
done

step() { printf '\n== %s\n' "$*" >&2; }

step "Python venv $venv (numpy $numpy_version, scipy $scipy_version)"
python="$venv/bin/python"
if ! "$python" -c "import numpy, scipy, sys; sys.exit(numpy.__version__ != '$numpy_version' or scipy.__version__ != '$scipy_version')" 2>/dev/null; then
    if ! python3 -m venv "$venv" 2>/dev/null; then
        # Debian ships venv's ensurepip separately.
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check "numpy==$numpy_version" "scipy==$scipy_version"
fi

step "SignalBench (release)"
swift build -c release --scratch-path .build-bench --product SignalBench
bench="$(swift build -c release --scratch-path .build-bench --show-bin-path)/SignalBench"

if [ -z "$data" ]; then
    data=$(mktemp -d)
    trap 'rm -rf "$data"' EXIT
fi
step "Generating the data sets into $data"
"$bench" generate --out "$data"

step "Scorer self-test"
"$python" Benchmarks/signal/score.py --self-test --data "$data"

step "Our analyzer"
"$bench" analyze --in "$data" --out "$data/ours.json"

step "scipy reference pipeline and find_peaks_cwt"
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, where a machine sets them for old OpenBLAS builds, slow a
# current numpy down: the reference runs without them.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" Benchmarks/signal/reference.py --in "$data" --out "$data/reference.json"

step "Scores"
"$python" Benchmarks/signal/score.py --data "$data" --ours "$data/ours.json" --reference "$data/reference.json" --out "$out"
