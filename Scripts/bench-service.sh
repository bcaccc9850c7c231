#!/usr/bin/env bash
# breathd's footprint and latency (release build, in-process emulated device, screening with the
# shipped method as a clinic runs it):
#   1. idle with the device connected: RSS and CPU over IDLE_SECONDS (default 60);
#   2. acquiring one whole run at ACQUIRE_PACE times real speed (default 10: ten times the
#      real data rate, so an upper bound for the real device): RSS, peak RSS and CPU;
#   3. RUNS runs (default 5) as fast as the emulator goes: latency from the device's
#      RUN_COMPLETE to the committed run (store_latency_ms) and the signal-core analysis time.
# Targets (issue 7): < 40 MB RSS; < 1 % of a core idle; result stored within seconds.
# Prints a report and writes it to Benchmarks/service/results.txt. Never fails on a figure.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --product breathd >/dev/null
swift build -c release --product breathctl >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
idle=${IDLE_SECONDS:-60}
pace=${ACQUIRE_PACE:-10}
runs=${RUNS:-5}
ticks=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
# RSS split: private heap and stacks (anonymous) vs. pages of mapped files, mostly the Swift
# runtime and Foundation shared with every other Swift process.
split_mb() { awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {printf "anonymous %.1f MB + files %.1f MB", a/1024, f/1024}' "/proc/$1/status"; }

cat > "$work/breathd.conf" <<CONF
data_directory = $work/data
control_socket = $work/control.sock
emulator_pace = $pace
log_level = notice
screening_method = $PWD/Screening/breath-screening-method.json
CONF
"$bin/breathd" --config "$work/breathd.conf" 2>"$work/daemon.log" &
pid=$!
for _ in $(seq 100); do
    "$bin/breathctl" status --socket "$work/control.sock" 2>/dev/null | grep -q "connected (emulator)" && break
    sleep 0.1
done
sleep 2
start=$(cpu_ticks "$pid")
sleep "$idle"
end=$(cpu_ticks "$pid")
idle_cpu=$(python3 -c "print(f'{100 * ($end - $start) / $ticks / $idle:.3f}')")
idle_rss=$(rss_kb "$pid")
idle_split=$(split_mb "$pid")

start=$(cpu_ticks "$pid")
t0=$(date +%s.%N)
"$bin/breathctl" run start --sample BENCH-1 --patient bench-synthetic --operator bench \
    --socket "$work/control.sock" --follow >"$work/follow.log"
t1=$(date +%s.%N)
end=$(cpu_ticks "$pid")
acq_seconds=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
acq_cpu=$(python3 -c "print(f'{100 * ($end - $start) / $ticks / ($t1 - $t0):.2f}')")
acq_rss=$(rss_kb "$pid")
acq_hwm=$(hwm_kb "$pid")
acq_split=$(split_mb "$pid")
kill -TERM "$pid"
wait "$pid" || true
pid=""

"$bin/breathd" --data-directory "$work/fast" --runs "$runs" --log-level info \
    --screening-method Screening/breath-screening-method.json 2>"$work/fast.log"
latency=$(grep -o 'store_latency_ms=[0-9.]*' "$work/fast.log" | cut -d= -f2 | sort -n | tr '\n' ' ')
analysis=$(grep -o 'analysis_ms=[0-9]*' "$work/fast.log" | cut -d= -f2 | sort -n | tr '\n' ' ')

report=$(cat <<REPORT
breathd service benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, release build, in-process emulator, screening on)
idle, device connected, ${idle} s: CPU ${idle_cpu} % of one core (resolution $(python3 -c "print(f'{100 / $ticks / $idle:.3f}')") %)   RSS $((idle_rss / 1024)) MB (${idle_split})   (targets < 1 %, < 40 MB)
acquiring one run at ${pace}x real speed (${acq_seconds} s wall, emulator in process): CPU ${acq_cpu} % of one core   RSS $((acq_rss / 1024)) MB (${acq_split})   peak RSS $((acq_hwm / 1024)) MB
run-complete to stored, ${runs} runs (ms, sorted): ${latency}
signal-core analysis after storing (ms, sorted): ${analysis}
REPORT
)
echo "$report"
echo "$report" > Benchmarks/service/results.txt
