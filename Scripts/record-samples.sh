#!/usr/bin/env bash
# Records the reference captures in Samples/ through the real libusb path: breath-usb (USBLink,
# DeviceSession, CaptureWriter) talks to the interactive umockdev device (Tests/umockdev), whose
# URBs are answered by breath-emulator. Every capture is synthetic. Run ids are fixed so that a
# re-recording gives the same files apart from host timestamps; the method is the one screening
# is calibrated for (breath-lc-screen-v1). Then writes Samples/expected.json: what replaying
# each capture gives (breathctl replay) and how the shipped screening method grades it (breathd
# --replay), which Tests/EndToEndTests/SampleRegressionTests.swift checks.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product breath-emulator >/dev/null
swift build --product breath-usb >/dev/null
swift build --product breathd >/dev/null
swift build --product breathctl >/dev/null
bin=$(swift build --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
device=(/usr/bin/python3 Tests/umockdev/breath_usb_device.py --emulator "$bin/breath-emulator" --timeout 300)

# record NAME RUN_ID DEVICE_OPTIONS... -- ACQUIRE_OPTIONS...: one capture, renamed to Samples/NAME.bcap.
record() {
    local name=$1 id=$2
    shift 2
    local options=() extra=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    extra=("$@")
    rm -rf "$work/$name" && mkdir -p "$work/$name"
    "${device[@]}" "${options[@]}" -- "$bin/breath-usb" acquire --capture-directory "$work/$name" \
        --method breath-lc-screen-v1 "${extra[@]}" > "$work/$name.jsonl"
    local files=("$work/$name"/*.bcap)
    if [ ${#files[@]} -eq 1 ]; then
        cp "${files[0]}" "Samples/$name.bcap"
    else
        # Several runs (reconnect): numbered in the order breath-usb printed them.
        local index=1
        for run in $(python3 -c 'import json,sys; [print(json.loads(l)["run"]) for l in open(sys.argv[1]) if "run" in json.loads(l)]' "$work/$name.jsonl"); do
            cp "$work/$name/$run.bcap" "Samples/$name-$index.bcap"
            index=$((index + 1))
        done
    fi
}

record control 5a3b0001-0000-4000-8000-000000000001 --seed 101 -- --run-id 5a3b0001-0000-4000-8000-000000000001
record case-like 5a3b0001-0000-4000-8000-000000000002 --seed 102 --subject case-like -- --run-id 5a3b0001-0000-4000-8000-000000000002
record low-breath-volume 5a3b0001-0000-4000-8000-000000000003 --seed 103 --breath-volume 300 -- --run-id 5a3b0001-0000-4000-8000-000000000003
record retention-drift 5a3b0001-0000-4000-8000-000000000004 --seed 104 --retention-drift 0.02 -- --run-id 5a3b0001-0000-4000-8000-000000000004
record device-fault 5a3b0001-0000-4000-8000-000000000005 --seed 105 --fault fault:3:1@400 -- --run-id 5a3b0001-0000-4000-8000-000000000005
record disconnect-reconnect - --seed 106 --fault disconnect@400 --replug-after 0.5 -- --runs 2

python3 - "$bin" <<'PY'
import json, os, subprocess, sys, tempfile
bin = sys.argv[1]
expected = {}
for name in sorted(f for f in os.listdir("Samples") if f.endswith(".bcap")):
    path = os.path.join("Samples", name)
    replay = json.loads(subprocess.run([f"{bin}/breathctl", "replay", path, "--json"], check=True, capture_output=True).stdout)
    run = replay["run"]
    entry = {key: run[key] for key in ("status", "samples", "received_samples", "missing_samples", "sequence_gaps",
                                       "totals_verified", "faults", "reason") if key in run}
    entry["peaks"] = len((replay.get("analysis") or {}).get("peaks", []))
    with tempfile.TemporaryDirectory() as data:
        subprocess.run([f"{bin}/breathd", "--data-directory", data, "--runs", "1", "--replay", path,
                        "--screening-method", "Screening/breath-screening-method.json", "--log-level", "error"],
                       check=True, capture_output=True)
        results = json.loads(subprocess.run([f"{bin}/breathctl", "results", "list", "--json", "--db", f"{data}/breath.sqlite"],
                                            check=True, capture_output=True).stdout)
    if results:
        entry["qc_outcome"] = results[0]["qc_outcome"]
        entry["category"] = (results[0].get("assessment") or {}).get("category")
    else:
        entry["qc_outcome"] = None  # not screened: the run did not complete
    expected[name] = entry
with open("Samples/expected.json", "w") as f:
    json.dump(expected, f, indent=2, sort_keys=True)
    f.write("\n")
print(json.dumps(expected, indent=2, sort_keys=True))
PY
