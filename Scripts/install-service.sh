#!/usr/bin/env bash
# Installs breathd as a systemd service: release binaries, unit, sysusers.d and tmpfiles.d
# entries, the udev rule, the screening method with its demo model, the example configuration
# (never overwriting one in place), the control-socket documentation, and (when it builds) the
# man pages and shell completions.
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
    swift build -c release --product breath-usb >/dev/null
fi
bin=$(swift build -c release --show-bin-path)
[ "$build" = 1 ] || [ -x "$bin/breathd" ] || bin=$(swift build --show-bin-path)
for tool in breathd breathctl; do
    [ -x "$bin/$tool" ] || { echo "install-service: $bin/$tool is not built" >&2; exit 1; }
done

install -d "$destdir/usr/local/bin" "$destdir/etc/systemd/system" "$destdir/etc/sysusers.d" \
    "$destdir/etc/tmpfiles.d" "$destdir/etc/breathd" "$destdir/usr/local/share/doc/breathd"
install -m 0755 "$bin/breathd" "$bin/breathctl" "$destdir/usr/local/bin/"
[ -x "$bin/breath-usb" ] && install -m 0755 "$bin/breath-usb" "$destdir/usr/local/bin/"
# The screening method names its model by a relative path: they stay side by side.
install -d "$destdir/usr/local/share/breathd/screening"
install -m 0644 Screening/*.json Screening/*.md "$destdir/usr/local/share/breathd/screening/"
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
install -d "$destdir/etc/udev/rules.d"
install -m 0644 packaging/udev/70-breath-microgc.rules "$destdir/etc/udev/rules.d/70-breath-microgc.rules"
if [ "$build" = 1 ]; then
    # Man pages and completions (GenerateManual builds in release; skipped when only staging).
    Scripts/generate-manuals.sh "$destdir/usr/local/share"
fi

if [ -n "$destdir" ]; then
    echo "install-service: staged under $destdir"
    exit 0
fi
systemd-sysusers /etc/sysusers.d/breathd.conf
systemd-tmpfiles --create /etc/tmpfiles.d/breathd.conf
udevadm control --reload
udevadm trigger --subsystem-match=usb --action=add
systemctl daemon-reload
systemctl enable --now breathd.service
systemctl --no-pager status breathd.service | head -5
