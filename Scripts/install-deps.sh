#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when any is missing.
set -euo pipefail
# umockdev, its GObject introspection and python3-gi: the USB tests (a Python umockdev device
# and usbmon replays); udev: `udevadm test` of the device rule; systemd: `systemd-analyze` of
# the unit; util-linux: unshare.
packages=(pkg-config libusb-1.0-0-dev libfftw3-dev libnetcdf-dev libsqlite3-dev libssl-dev python3
    umockdev libumockdev0 gir1.2-umockdev-1.0 python3-gi udev systemd util-linux)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
