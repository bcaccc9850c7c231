#!/usr/bin/env bash
# Regenerates the usbmon recordings that Tests/BreathUSBTests replays with `umockdev-run -p`:
# breath-usb records one run from the interactive umockdev device (Python, bridged to
# breath-emulator, seed 1, as fast as possible) and the device writes what crossed the bus.
#   full-run.pcap  a complete run (bulk IN and interrupt IN transfers in flight together)
#   unplug.pcap    the device unplugged 400 s into the run (no replug)
# The run ids are fixed because a replay returns the recorded frames, which carry them; the
# tests use the same ids (ReplayTests.swift).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product breath-emulator >/dev/null
swift build --product breath-usb >/dev/null
bin=$(swift build --show-bin-path)
out=Tests/umockdev/recordings
captures=$(mktemp -d)
trap 'rm -rf "$captures"' EXIT
device=(/usr/bin/python3 Tests/umockdev/breath_usb_device.py --emulator "$bin/breath-emulator" --timeout 300)
"${device[@]}" --describe "$out/breath-microgc.umockdev"
"${device[@]}" --pcap "$out/full-run.pcap" -- \
    "$bin/breath-usb" acquire --capture-directory "$captures" --run-id 6f1c2a3b-0000-4000-8000-000000000001
"${device[@]}" --fault disconnect@400 --pcap "$out/unplug.pcap" -- \
    "$bin/breath-usb" acquire --capture-directory "$captures" --run-id 6f1c2a3b-0000-4000-8000-000000000002 \
    --reconnect-timeout 1
