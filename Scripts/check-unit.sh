#!/usr/bin/env bash
# Checks packaging/systemd/breathd.service offline: `systemd-analyze verify` must print nothing
# (it exits 0 on unknown keys and only warns on stderr, so any output fails the check), and
# `systemd-analyze security --offline=true` prints the exposure score.
# The unit's ExecStart names the installed path; the check points it at the built binary.
# The sysusers.d and tmpfiles.d entries are applied to a scratch root, where they must apply
# without a message.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build --show-bin-path)/breathd}
[ -x "$bin" ] || { echo "check-unit: no breathd at $bin (build first)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|^ExecStart=/usr/local/bin/breathd|ExecStart=$bin|" packaging/systemd/breathd.service > "$work/breathd.service"
grep -q "^ExecStart=$bin " "$work/breathd.service" || { echo "check-unit: ExecStart not found in the unit" >&2; exit 1; }
if ! output=$(systemd-analyze verify --man=no "$work/breathd.service" 2>&1) || [ -n "$output" ]; then
    echo "check-unit: systemd-analyze verify complained:" >&2
    echo "$output" >&2
    exit 1
fi
echo "check-unit: systemd-analyze verify: no warnings"
security=$(systemd-analyze security --offline=true "$work/breathd.service" 2>&1)
score=$(echo "$security" | grep -E 'Overall exposure level' | sed 's/.*breathd.service: //')
[ -n "$score" ] || { echo "$security" >&2; echo "check-unit: no exposure score" >&2; exit 1; }
echo "check-unit: systemd-analyze security --offline=true: $score"

root="$work/root"
mkdir -p "$root/etc"
touch "$root/etc/passwd" "$root/etc/group" "$root/etc/shadow" "$root/etc/gshadow"
if ! output=$(systemd-sysusers --root="$root" "$PWD/packaging/sysusers.d/breathd.conf" 2>&1 >/dev/null | grep -v '^Creating ') ; then :; fi
[ -z "$output" ] || { echo "check-unit: systemd-sysusers: $output" >&2; exit 1; }
grep -q '^breath:x:[0-9]*:breathd$' "$root/etc/group" || { echo "check-unit: sysusers did not put breathd in group breath" >&2; exit 1; }
if ! output=$(systemd-tmpfiles --root="$root" --create "$PWD/packaging/tmpfiles.d/breathd.conf" 2>&1) || [ -n "$output" ]; then
    echo "check-unit: systemd-tmpfiles: $output" >&2
    exit 1
fi
[ -d "$root/var/lib/breathd/captures" ] || { echo "check-unit: tmpfiles did not create the data directory" >&2; exit 1; }
echo "check-unit: sysusers.d and tmpfiles.d entries apply cleanly"
