#!/usr/bin/env bash
# Prints `udevadm test` for a umockdev device with only the given rule file installed:
#   Tests/umockdev/udev-test.sh RULES DEVICE.umockdev SYSFS-PATH
# It runs in a private mount namespace (unshare -m, needs root) where the rule file is the
# only one in /etc/udev/rules.d and /etc/group has the daemon's group `breathd`, so nothing on
# the machine changes; umockdev supplies /sys and /dev.
set -euo pipefail
rules=$(realpath "$1") device=$(realpath "$2") syspath=$3
udevadm=$(command -v udevadm || true)
for candidate in /bin/udevadm /usr/bin/udevadm; do [ -n "$udevadm" ] || { [ -x "$candidate" ] && udevadm=$candidate; }; done
[ -n "$udevadm" ] || { echo "udevadm not found (Debian package udev)" >&2; exit 69; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/rules"
cp "$rules" "$scratch/rules/"
cp /etc/group "$scratch/group"
getent group breathd >/dev/null || echo "breathd:x:990:" >>"$scratch/group"
unshare -m sh -c '
    mount --bind "$1/rules" /etc/udev/rules.d && mount --bind "$1/group" /etc/group &&
    exec umockdev-run -d "$2" -- "$3" test --action=add "$4"' sh "$scratch" "$device" "$udevadm" "$syspath" 2>&1
