#!/usr/bin/env bash
# Installs breathd as a systemd service: release binaries, unit, sysusers.d and tmpfiles.d
# entries, udev rule (when packaging/udev/70-breath.rules exists), the example configuration
# (never overwriting one in place) and the control-socket documentation.
#
#   sudo Scripts/install-service.sh              # build, install under /usr/local and /etc, start
#   DESTDIR=/tmp/stage Scripts/install-service.sh --no-build   # stage only (packaging, CI)
#
# With DESTDIR set nothing is started or reloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
destdir=${DESTDIR:-}
build=1
[ "${1:-}" = "--no-build" ] && build=0
if [ "$build" = 1 ]; then
    swift build -c release --product breathd >/dev/null
    swift build -c release --product breathctl >/dev/null
fi
bin=$(swift build -c release --show-bin-path)
[ "$build" = 1 ] || [ -x "$bin/breathd" ] || bin=$(swift build --show-bin-path)
for tool in breathd breathctl; do
    [ -x "$bin/$tool" ] || { echo "install-service: $bin/$tool is not built" >&2; exit 1; }
done

install -d "$destdir/usr/local/bin" "$destdir/etc/systemd/system" "$destdir/etc/sysusers.d" \
    "$destdir/etc/tmpfiles.d" "$destdir/etc/breathd" "$destdir/usr/local/share/doc/breathd"
install -m 0755 "$bin/breathd" "$bin/breathctl" "$destdir/usr/local/bin/"
install -m 0644 packaging/systemd/breathd.service "$destdir/etc/systemd/system/breathd.service"
install -m 0644 packaging/sysusers.d/breathd.conf "$destdir/etc/sysusers.d/breathd.conf"
install -m 0644 packaging/tmpfiles.d/breathd.conf "$destdir/etc/tmpfiles.d/breathd.conf"
install -m 0644 docs/CONTROL-SOCKET.md "$destdir/usr/local/share/doc/breathd/CONTROL-SOCKET.md"
if [ -e "$destdir/etc/breathd/breathd.conf" ]; then
    install -m 0644 packaging/breathd.conf "$destdir/etc/breathd/breathd.conf.example"
    echo "install-service: kept /etc/breathd/breathd.conf; the new example is breathd.conf.example"
else
    install -m 0644 packaging/breathd.conf "$destdir/etc/breathd/breathd.conf"
fi
if [ -e packaging/udev/70-breath.rules ]; then
    install -d "$destdir/etc/udev/rules.d"
    install -m 0644 packaging/udev/70-breath.rules "$destdir/etc/udev/rules.d/70-breath.rules"
else
    echo "install-service: no packaging/udev/70-breath.rules yet (USB link); only the emulator will work"
fi

if [ -n "$destdir" ]; then
    echo "install-service: staged under $destdir"
    exit 0
fi
systemd-sysusers /etc/sysusers.d/breathd.conf
systemd-tmpfiles --create /etc/tmpfiles.d/breathd.conf
if [ -e /etc/udev/rules.d/70-breath.rules ]; then
    udevadm control --reload
    udevadm trigger --subsystem-match=usb --action=add
fi
systemctl daemon-reload
systemctl enable --now breathd.service
systemctl --no-pager status breathd.service | head -5
