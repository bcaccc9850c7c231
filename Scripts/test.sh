#!/usr/bin/env bash
# Runs every test: the protocol vectors' independent generator check, the Swift test suite
# (unit, emulator, store, end-to-end through the built executables, breathd as a systemd
# service), the systemd unit and packaging checks, and a short fuzz run of the wire decoder
# (FUZZ_SECONDS, default 60; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
python3 Firmware-Protocol/vectors/generate.py --check
swift build --build-tests
Scripts/check-unit.sh
stage=$(mktemp -d)
DESTDIR="$stage" Scripts/install-service.sh --no-build >/dev/null
for file in usr/local/bin/breathd usr/local/bin/breathctl etc/systemd/system/breathd.service \
    etc/sysusers.d/breathd.conf etc/tmpfiles.d/breathd.conf etc/breathd/breathd.conf \
    etc/udev/rules.d/70-breath-microgc.rules usr/local/share/breathd/screening/breath-screening-method.json; do
    [ -e "$stage/$file" ] || { echo "install-service.sh did not stage $file" >&2; exit 1; }
done
# The staged configuration, with its installed paths moved under the stage, must be valid.
sed -i "s|= /usr/local/share/|= $stage/usr/local/share/|" "$stage/etc/breathd/breathd.conf"
"$stage/usr/local/bin/breathd" --config "$stage/etc/breathd/breathd.conf" --check-config
rm -rf "$stage"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test --skip-build 2>&1 | tee "$log"
# swift-testing's total, plus XCTest's (the screening tests; its largest "Executed N" is the total).
testing=$(grep -Eo 'Test run with [0-9]+ tests? .* passed' "$log" | grep -Eo '[0-9]+' | head -1)
xctest=$(grep -Eo 'Executed [0-9]+ tests?, with 0 failures' "$log" | grep -Eo '[0-9]+' | sort -n | tail -1)
passed=$(( ${testing:-0} + ${xctest:-0} ))
if [ "${FUZZ_SECONDS:-60}" -gt 0 ]; then
    Scripts/fuzz-decoder.sh "${FUZZ_SECONDS:-60}"
fi
# One closing line for the whole run (swift test's own summary is followed by the fuzz output).
echo "tests: ${passed:-0} passed, 0 failed"
