#!/usr/bin/env bash
# Installs what the build and the tests need, when any is missing:
# - Debian packages (build libraries; librsvg2-bin for PNG plots; python3-venv for the checks);
# - a Python venv .venv-checks/ with pinned PyPI packages for the independent export checks
#   (Scripts/check-exports.py): fhir.resources 6.4.0 is the last release whose models are FHIR
#   R4 (4.0.1), with pydantic 1; netCDF4 reads the ANDI/AIA exports.
set -euo pipefail
cd "$(dirname "$0")/.."
# umockdev, its GObject introspection and python3-gi: the USB tests (a Python umockdev device
# and usbmon replays); udev: `udevadm test` of the device rule; systemd: `systemd-analyze` of
# the unit; util-linux: unshare.
packages=(pkg-config libusb-1.0-0-dev libfftw3-dev libnetcdf-dev libsqlite3-dev libssl-dev python3 python3-venv
    librsvg2-bin fonts-dejavu-core umockdev libumockdev0 gir1.2-umockdev-1.0 python3-gi udev systemd util-linux)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

venv=.venv-checks
requirements=("fhir.resources==6.4.0" "pydantic==1.10.21" "netCDF4==1.7.2" "numpy==2.2.6" "cftime==1.6.4.post1")
stamp="$venv/requirements.txt"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]; then
    echo "creating $venv: ${requirements[*]}" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}"
    echo "${requirements[*]}" > "$stamp"
fi
