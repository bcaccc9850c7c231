#!/usr/bin/python3
"""An interactive umockdev model of the breath micro-GC on USB (PROTOCOL.md section 1).

It creates a umockdev testbed holding one USB device (VID:PID 1209:b7ea, one vendor interface
with bulk OUT 0x01, bulk IN 0x81, interrupt IN 0x82), answers the usbdevfs ioctls that libusb
issues on its device node, and bridges the transfers to a `breath-emulator` process: bulk OUT
URB data goes to the emulator, IN URBs complete with what the emulator sent on that endpoint
(each endpoint a byte stream, up to the URB's buffer length). The program under test runs with
umockdev's preload library, so its libusb sees this device as real hardware.

Faults the bus can show are injected here by flag: unplug (URBs end with -ESHUTDOWN, the
device node answers -ENODEV, udev "remove") and replug after a delay (new device number, same
serial, udev "add"); a STALL on bulk IN (-EPIPE until CLEAR_HALT); IN URBs that never complete;
bit flips in the bulk IN byte stream; per-URB latency. The emulator's own faults (corrupt or
dropped frames, stalls, device faults, low breath volume) are passed through.

Everything that crosses the bus is written as a usbmon pcap (link type 220,
DLT_USB_LINUX_MMAPPED) that `umockdev-run -p` replays; control transfers as usbmon shows
them (setup in the header, urb_len and data without the 8 setup bytes).

Run with Debian's /usr/bin/python3 (python3-gi, gir1.2-umockdev-1.0). The last line on stdout
is a JSON summary of what the device saw; the program's exit status is passed through.
"""

import argparse
import errno
import fcntl
import json
import os
import shutil
import struct
import subprocess
import sys
import threading
import time

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import GLib, UMockdev  # noqa: E402

VENDOR, PRODUCT = 0x1209, 0xB7EA
BUS = 1
BULK_OUT, BULK_IN, INTERRUPT_IN = 0x01, 0x81, 0x82
SAMPLE_BLOCK_TYPE = 0x86

# usbdevfs ioctl numbers (x86-64, linux/usbdevice_fs.h).
IOCTL = {
    0x8004551A: "GET_CAPABILITIES",
    0x8004550F: "CLAIMINTERFACE",
    0x80045510: "RELEASEINTERFACE",
    0x80045505: "SETCONFIGURATION",
    0x80045515: "CLEAR_HALT",
    0x80045503: "RESETEP",
    0x00005514: "RESET",
    0x8038550A: "SUBMITURB",
    0x0000550B: "DISCARDURB",
    0x4008550C: "REAPURB",
    0x4008550D: "REAPURBNDELAY",
    0x41045508: "GETDRIVER",
    0xC0105512: "IOCTL",
    0x8108551B: "DISCONNECT_CLAIM",
    0x80045518: "RELEASE_PORT",
    0x80045517: "CLAIM_PORT",
    0x0000551F: "GET_SPEED",
    0xC0185500: "CONTROL",
    0xC0185502: "BULK",
    0x8004551C: "ALLOC_STREAMS",
    0x8004551D: "FREE_STREAMS",
    0x4004551E: "DROP_PRIVILEGES",
}
URB_ISO, URB_INTERRUPT, URB_CONTROL, URB_BULK = 0, 1, 2, 3
# struct usbdevfs_urb: type u8, endpoint u8, status i32, flags u32, buffer ptr, buffer_length i32,
# actual_length i32, start_frame i32, number_of_packets/stream_id i32, error_count i32, signr u32,
# usercontext ptr (56 bytes on x86-64).
URB_FORMAT = "<BBxxiIxxxxQiiiiiIQ"
URB_SIZE = struct.calcsize(URB_FORMAT)
URB_STATUS_OFFSET = 4
URB_ACTUAL_LENGTH_OFFSET = 28
URB_BUFFER_OFFSET = 16
CAPABILITIES = 0x01 | 0x02 | 0x04 | 0x08 | 0x10  # zero packet, bulk continuation, no size limit, scatter-gather, reap after disconnect
LINUX_SPEED_HIGH = 3


def descriptors():
    """Device descriptor then configuration descriptor, as sysfs `descriptors` holds them."""
    device = struct.pack("<BBHBBBBHHHBBBB", 18, 1, 0x0200, 0, 0, 0, 64, VENDOR, PRODUCT, 0x0100, 1, 2, 3, 1)
    interface = struct.pack("<BBBBBBBBB", 9, 4, 0, 0, 3, 0xFF, 0x42, 0x01, 0)
    endpoints = (struct.pack("<BBBBHB", 7, 5, BULK_OUT, 2, 512, 0)
                 + struct.pack("<BBBBHB", 7, 5, BULK_IN, 2, 512, 0)
                 + struct.pack("<BBBBHB", 7, 5, INTERRUPT_IN, 3, 64, 4))
    total = 9 + len(interface) + len(endpoints)
    configuration = struct.pack("<BBHBBBBB", 9, 2, total, 1, 1, 0, 0x80, 50)
    return device + configuration + interface + endpoints


def string_descriptor(index, serial):
    if index == 0:
        return bytes([4, 3, 0x09, 0x04])
    text = {1: "pid.codes test", 2: "Breath micro-GC (emulated)", 3: serial}.get(index)
    if text is None:
        return None
    encoded = text.encode("utf-16-le")
    return bytes([2 + len(encoded), 3]) + encoded


def device_description(devnum, serial):
    """The umockdev text description of the device at bus 1, address `devnum`."""
    return "\n".join([
        f"P: /devices/pci0000:00/0000:00:14.0/usb1/1-{devnum}",
        f"N: bus/usb/{BUS:03d}/{devnum:03d}",
        f"E: DEVNAME=/dev/bus/usb/{BUS:03d}/{devnum:03d}",
        "E: DEVTYPE=usb_device",
        "E: DRIVER=usb",
        f"E: PRODUCT={VENDOR:x}/{PRODUCT:x}/100",
        "E: TYPE=0/0/0",
        f"E: BUSNUM={BUS:03d}",
        f"E: DEVNUM={devnum:03d}",
        "E: SUBSYSTEM=usb",
        f"E: ID_SERIAL_SHORT={serial}",
        f"A: busnum={BUS}",
        f"A: devnum={devnum}",
        f"A: idVendor={VENDOR:04x}",
        f"A: idProduct={PRODUCT:04x}",
        "A: bcdDevice=0100",
        "A: bDeviceClass=00",
        "A: bConfigurationValue=1",
        "A: bNumConfigurations=1",
        "A: bNumInterfaces= 1",
        "A: bMaxPacketSize0=64",
        "A: speed=480",
        "A: manufacturer=pid.codes test",
        "A: product=Breath micro-GC (emulated)",
        f"A: serial={serial}",
        "H: descriptors=" + descriptors().hex().upper(),
        "",
    ])


class PcapWriter:
    """usbmon records (DLT_USB_LINUX_MMAPPED, 64-byte header) for every URB submit and completion."""

    def __init__(self, path):
        self.file = open(path, "wb") if path else None
        self.next_id = 1
        if self.file:
            self.file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535 + 64, 220))

    def record(self, urb, event, status=0, data=b"", urb_len=None, setup=None):
        if not self.file:
            return
        now = time.time()
        seconds, micros = int(now), int((now - int(now)) * 1e6)
        header = struct.pack(
            "<QBBBBHBBqiiII8siiII",
            urb.pcap_id, ord(event), urb.type, urb.endpoint, urb.devnum, BUS,
            0 if setup else ord("-"), 0 if data else ord("<"),
            seconds, micros, status, urb.length if urb_len is None else urb_len, len(data),
            setup or bytes(8), 0, 0, 0, 0)
        self.file.write(struct.pack("<IIII", seconds, micros, len(header) + len(data), len(header) + len(data)))
        self.file.write(header + data)

    def new_id(self):
        self.next_id += 1
        return self.next_id

    def close(self):
        if self.file:
            self.file.close()


class Emulator:
    """A `breath-emulator` process and the byte streams it has sent, per IN endpoint."""

    def __init__(self, command, real_time, on_output):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.real_time = real_time
        self.on_output = on_output
        self.pending = b""
        self.idle = True
        self.gone = False
        self.device_time = 0
        if real_time:
            # The device sends by itself: its output is collected whenever the host reaps.
            fd = self.process.stdout.fileno()
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)

    def send(self, kind, payload=b""):
        """Sends one record; without real-time pacing, waits for its whole answer."""
        if self.process.poll() is not None:
            return
        try:
            self.process.stdin.write(kind + struct.pack("<I", len(payload)) + payload)
            self.process.stdin.flush()
        except BrokenPipeError:
            return
        if not self.real_time:
            while not self._parse():
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    raise RuntimeError("breath-emulator ended unexpectedly")
                self.pending += chunk

    def read_available(self):
        """Takes in what a real-time paced emulator has sent so far, without waiting."""
        while True:
            try:
                chunk = os.read(self.process.stdout.fileno(), 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            self.pending += chunk
        while self._parse():
            pass

    def _parse(self):
        """Consumes buffered records up to and including one K; True when a K was seen."""
        while len(self.pending) >= 5:
            kind = self.pending[0:1]
            length = struct.unpack("<I", self.pending[1:5])[0]
            if len(self.pending) < 5 + length:
                return False
            payload = self.pending[5:5 + length]
            self.pending = self.pending[5 + length:]
            if kind == b"I":
                self.on_output(payload[0], payload[1:])
            elif kind == b"G":
                self.gone = True
            elif kind == b"K":
                self.device_time = struct.unpack("<Q", payload[:8])[0]
                self.idle = payload[8] == 1
                return True
        return False

    def stop(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write(b"Q" + struct.pack("<I", 0))
                self.process.stdin.close()
            except BrokenPipeError:
                pass
            self.process.wait()


class Urb:
    def __init__(self, urb_data, buffer_data, fields, devnum, pcap_id, submitted_at):
        self.urb_data = urb_data
        self.buffer_data = buffer_data
        self.type, self.endpoint, _, self.flags, self.address, self.length = fields[:6]
        self.devnum = devnum
        self.pcap_id = pcap_id
        self.submitted_at = submitted_at

    def finish(self, status, data=b"", actual=None, offset=0):
        if data:
            self.buffer_data.update(offset, data)
        self.urb_data.update(URB_STATUS_OFFSET, struct.pack("<i", status))
        self.urb_data.update(URB_ACTUAL_LENGTH_OFFSET, struct.pack("<i", len(data) if actual is None else actual))


class BreathUSBDevice(UMockdev.IoctlBase):
    """The usbdevfs side of one plugged-in device: its URBs, endpoints and faults."""

    def __init__(self, harness, devnum, emulator):
        super().__init__()
        self.harness = harness
        self.devnum = devnum
        self.emulator = emulator
        self.streams = {BULK_IN: bytearray(), INTERRUPT_IN: bytearray()}
        # Frame boundaries not yet delivered on bulk IN, for dropping whole frames in a stall.
        self.in_flight = []
        self.reapable = []
        self.discarded = []
        self.halted = set()
        self.unplugged = False
        self.bulk_in_urbs = 0
        self.bulk_in_offset = 0
        # The next bulk IN completion babbles (-EOVERFLOW).
        self.babbling = False

    # Emulator output -------------------------------------------------------------------------

    def on_output(self, endpoint, data):
        stats = self.harness.stats
        stats["frames_in"][f"0x{endpoint:02x}"] += 1
        if endpoint == BULK_IN and self.harness.drop_next_samples > 0 and len(data) > 4 and data[4] == SAMPLE_BLOCK_TYPE:
            self.harness.drop_next_samples -= 1
            stats["frames_lost_in_stall"] += 1
            return
        if endpoint == BULK_IN:
            data = bytearray(data)
            for offset in self.harness.flip_offsets:
                if self.bulk_in_offset <= offset < self.bulk_in_offset + len(data):
                    data[offset - self.bulk_in_offset] ^= 0x01
                    stats["bits_flipped"] += 1
            self.bulk_in_offset += len(data)
        self.streams[endpoint] += data

    # ioctls ------------------------------------------------------------------------------------

    def do_handle_ioctl(self, client):
        # umockdev calls this on its own thread; the harness's timers run on the main loop.
        with self.harness.lock:
            return self._handle_ioctl(client)

    def _handle_ioctl(self, client):
        request = client.get_request()
        name = IOCTL.get(request, hex(request))
        self.harness.stats["ioctls"][name] = self.harness.stats["ioctls"].get(name, 0) + 1
        if self.unplugged and name not in ("REAPURB", "REAPURBNDELAY", "DISCARDURB", "RELEASEINTERFACE"):
            client.complete(-1, errno.ENODEV)
            return True
        handler = getattr(self, "ioctl_" + name.lower(), None)
        if handler is None:
            client.complete(-1, errno.ENOTTY)
            return True
        return handler(client)

    def _argument(self, client, size):
        return client.get_arg().resolve(0, size)

    def ioctl_get_capabilities(self, client):
        data = self._argument(client, 4)
        data.update(0, struct.pack("<I", CAPABILITIES))
        client.complete(0, 0)
        return True

    def ioctl_get_speed(self, client):
        client.complete(LINUX_SPEED_HIGH, 0)
        return True

    def ioctl_getdriver(self, client):
        client.complete(-1, errno.ENODATA)  # no kernel driver is bound
        return True

    def _succeed(self, client):
        client.complete(0, 0)
        return True

    ioctl_claiminterface = ioctl_releaseinterface = ioctl_setconfiguration = _succeed
    ioctl_reset = ioctl_resetep = ioctl_disconnect_claim = _succeed

    def ioctl_clear_halt(self, client):
        endpoint = struct.unpack("<I", bytes(self._argument(client, 4).retrieve()))[0]
        if endpoint in self.halted:
            self.halted.discard(endpoint)
            self.harness.stats["halts_cleared"] += 1
        client.complete(0, 0)
        return True

    def ioctl_submiturb(self, client):
        urb_data = self._argument(client, URB_SIZE)
        fields = struct.unpack(URB_FORMAT, bytes(urb_data.retrieve()))
        length = fields[5]
        buffer_data = urb_data.resolve(URB_BUFFER_OFFSET, length) if length > 0 else None
        urb = Urb(urb_data, buffer_data, fields, self.devnum, self.harness.pcap.new_id(), time.monotonic())
        contents = bytes(buffer_data.retrieve()) if buffer_data else b""
        stats = self.harness.stats
        stats["max_in_flight"] = max(stats["max_in_flight"], len(self.harness.urbs) + 1)
        if urb.type == URB_CONTROL:
            self.harness.pcap.record(urb, "S", setup=contents[:8], urb_len=urb.length - 8)
            self._control(urb, contents)
        elif urb.endpoint & 0x80:
            self.harness.pcap.record(urb, "S")
            if urb.endpoint == BULK_IN:
                self.bulk_in_urbs += 1
                self._maybe_inject_in_fault()
            self.harness.urbs.append(urb)
        else:
            # Written without its data ("not captured" in usbmon terms): START_RUN and
            # CLOCK_SYNC carry the host's clock, so a replay matches OUT by endpoint and length.
            self.harness.pcap.record(urb, "S")
            if urb.endpoint in self.halted:
                self._complete(urb, -errno.EPIPE)
            else:
                stats["bytes_out"] += len(contents)
                self.emulator.send(b"O", contents)
                self._complete(urb, 0, actual=len(contents))
        client.complete(0, 0)
        return True

    def _control(self, urb, contents):
        request_type, request, value, index, length = struct.unpack("<BBHHH", contents[:8])
        reply = None
        if request_type == 0x80 and request == 6:  # GET_DESCRIPTOR
            kind, number = value >> 8, value & 0xFF
            if kind == 1:
                reply = descriptors()[:18]
            elif kind == 2:
                reply = descriptors()[18:]
            elif kind == 3:
                reply = string_descriptor(number, self.harness.serial)
        elif request_type & 0x80 == 0:
            reply = b""
        if reply is None:
            self._complete(urb, -errno.EPIPE, control=True)
        else:
            reply = reply[:length]
            self._complete(urb, 0, data=reply, control=True)

    def _maybe_inject_in_fault(self):
        harness = self.harness
        if harness.stall_at is not None and self.bulk_in_urbs == harness.stall_at:
            self.halted.add(BULK_IN)
            harness.drop_next_samples = harness.stall_loses
            harness.stats["stalls_injected"] += 1
        if harness.overflow_at is not None and self.bulk_in_urbs == harness.overflow_at:
            self.babbling = True
        if harness.hang_at is not None and self.bulk_in_urbs == harness.hang_at and harness.hang_until is None:
            harness.hang_until = time.monotonic() + harness.hang_seconds if harness.hang_seconds > 0 else float("inf")
            harness.stats["hangs_injected"] += 1

    def ioctl_discardurb(self, client):
        address = struct.unpack("<Q", bytes(client.get_arg().retrieve())[:8])[0]
        for urb in self.harness.urbs:
            if urb.urb_data.client_addr == address and urb.devnum == self.devnum:
                self.harness.urbs.remove(urb)
                urb.finish(-errno.ENOENT)
                self.harness.pcap.record(urb, "C", status=-errno.ENOENT, urb_len=0)
                self.harness.stats["discarded"] += 1
                self.discarded.append(urb)
                client.complete(0, 0)
                return True
        client.complete(-1, errno.EINVAL)
        return True

    def ioctl_reapurbndelay(self, client):
        if not self.discarded and not self.reapable:
            self.harness.pump(self)
        queue = self.discarded or self.reapable
        if not queue:
            client.complete(-1, errno.ENODEV if self.unplugged else errno.EAGAIN)
            return True
        urb = queue.pop(0)
        self._argument(client, 8).set_ptr(0, urb.urb_data)
        client.complete(0, 0)
        return True

    ioctl_reapurb = ioctl_reapurbndelay

    # Completions -------------------------------------------------------------------------------

    def _complete(self, urb, status, data=b"", actual=None, control=False):
        length = len(data) if actual is None else actual
        # usbdevfs returns a control transfer's data after its 8 setup bytes.
        urb.finish(status, data, actual, offset=8 if control else 0)
        if urb.type == URB_CONTROL or urb.endpoint & 0x80:
            self.harness.pcap.record(urb, "C", status=status, data=data, urb_len=length)
        else:
            self.harness.pcap.record(urb, "C", status=status, urb_len=length)
        if status == -errno.EPIPE:
            self.harness.stats["urbs_stalled"] += 1
        if urb in self.harness.urbs:
            self.harness.urbs.remove(urb)
        self.reapable.append(urb)

    def complete_ready(self):
        """Completes the IN URBs the endpoints' streams (or the injected faults) can answer."""
        harness = self.harness
        now = time.monotonic()
        for urb in [u for u in harness.urbs if u.devnum == self.devnum]:
            if now - urb.submitted_at < harness.latency:
                continue
            if urb.endpoint in self.halted:
                self._complete(urb, -errno.EPIPE)
                continue
            if harness.hang_until is not None and now < harness.hang_until:
                continue
            stream = self.streams.get(urb.endpoint)
            if stream:
                chunk = bytes(stream[:urb.length])
                del stream[:len(chunk)]
                if urb.endpoint == BULK_IN and self.babbling:
                    self.babbling = False
                    harness.stats["overflows_injected"] += 1
                    harness.stats["bytes_lost_in_overflow"] += len(chunk)
                    self._complete(urb, -errno.EOVERFLOW)
                    continue
                harness.stats["bytes_in"][f"0x{urb.endpoint:02x}"] += len(chunk)
                self._complete(urb, 0, data=chunk)

    def unplug(self):
        """The device leaves the bus: every URB in flight ends, the node answers -ENODEV."""
        self.unplugged = True
        for urb in [u for u in self.harness.urbs if u.devnum == self.devnum]:
            self._complete(urb, -errno.ESHUTDOWN)


class Harness:
    def __init__(self, options):
        self.options = options
        self.serial = options.serial
        self.latency = options.latency_ms / 1000
        self.stall_at = options.stall_in_at
        self.stall_loses = options.stall_loses
        self.hang_at = options.hang_in_at
        self.hang_seconds = options.hang_seconds
        self.hang_until = None
        self.flip_offsets = options.flip_in_byte
        self.overflow_at = options.overflow_in_at
        self.drop_next_samples = 0
        self.urbs = []
        self.devices = []
        self.lock = threading.RLock()
        self.testbed = UMockdev.Testbed.new()
        self.pcap = PcapWriter(options.pcap)
        self.loop = GLib.MainLoop()
        self.exit_status = None
        self.stats = {
            "frames_in": {"0x81": 0, "0x82": 0}, "bytes_in": {"0x81": 0, "0x82": 0}, "bytes_out": 0,
            "ioctls": {}, "max_in_flight": 0, "discarded": 0, "urbs_stalled": 0, "stalls_injected": 0,
            "halts_cleared": 0, "hangs_injected": 0, "frames_lost_in_stall": 0, "bits_flipped": 0,
            "unplugs": 0, "replugs": 0, "devnums": [], "overflows_injected": 0, "bytes_lost_in_overflow": 0,
            "stale_bytes": options.stale_in,
        }

    def emulator_command(self, first):
        options = self.options
        command = [options.emulator, "--seed", str(options.seed), "--subject", options.subject, "--serial", self.serial]
        if options.breath_volume is not None:
            command += ["--breath-volume", str(options.breath_volume)]
        if options.retention_drift:
            command += ["--retention-drift", str(options.retention_drift)]
        for fault in options.fault:
            # A replugged device has rebooted: its scripted disconnect has happened already.
            if first or not fault.startswith("disconnect@"):
                command += ["--fault", fault]
        if options.real_time_factor:
            command += ["--real-time-factor", str(options.real_time_factor)]
        return command

    def plug(self):
        devnum = self.options.devnum + len(self.devices)
        device = None
        emulator = Emulator(self.emulator_command(not self.devices), bool(self.options.real_time_factor),
                            lambda endpoint, data: device.on_output(endpoint, data))
        device = BreathUSBDevice(self, devnum, emulator)
        if not self.devices and self.options.stale_in:
            # Not a frame: bytes cut off mid-frame by a host that went away, as a drain finds them.
            device.streams[BULK_IN] += bytes((0x5A + i) & 0xFF for i in range(self.options.stale_in))
        self.testbed.add_from_string(device_description(devnum, self.serial))
        self.testbed.attach_ioctl(f"/dev/bus/usb/{BUS:03d}/{devnum:03d}", device)
        self.devices.append(device)
        self.stats["devnums"].append(devnum)
        return device

    def pump(self, device):
        """Moves the emulator on when a waiting IN URB has nothing to read, then completes URBs."""
        if device.unplugged:
            return
        if device.emulator.real_time:
            device.emulator.read_available()
        device.complete_ready()
        waiting = [u for u in self.urbs if u.devnum == device.devnum and u.endpoint & 0x80]
        emulator = device.emulator
        # A hung endpoint stands for a device that NAKs: its clock stands still, nothing is lost.
        hung = self.hang_until is not None and time.monotonic() < self.hang_until
        if waiting and not hung and not device.reapable and not emulator.real_time and not emulator.idle and not emulator.gone:
            emulator.send(b"T")
            device.complete_ready()
        if emulator.gone and not device.unplugged:
            # What the device sent before it vanished is still delivered, as on a real bus.
            device.complete_ready()
            self.remove(device)

    def remove(self, device):
        device.unplug()
        self.stats["unplugs"] += 1
        device.emulator.stop()
        GLib.idle_add(self._remove_from_testbed, device)

    def _remove_from_testbed(self, device):
        """udev and sysfs side of an unplug, on the main loop; schedules the replug."""
        with self.lock:
            syspath = f"/sys/devices/pci0000:00/0000:00:14.0/usb1/1-{device.devnum}"
            self.testbed.uevent(syspath, "remove")
            self.testbed.remove_device(syspath)
            if self.options.replug_after is not None:
                GLib.timeout_add(int(self.options.replug_after * 1000), self._replug)
        return False

    def _replug(self):
        with self.lock:
            device = self.plug()
            self.testbed.uevent(f"/sys/devices/pci0000:00/0000:00:14.0/usb1/1-{device.devnum}", "add")
            self.stats["replugs"] += 1
        return False

    def run(self, program):
        self.plug()
        environment = dict(os.environ)
        environment["UMOCKDEV_DIR"] = self.testbed.get_root_dir()
        child = subprocess.Popen(program, env=environment)

        def check():
            if child.poll() is not None:
                self.exit_status = child.returncode
                self.loop.quit()
                return False
            return True

        GLib.timeout_add(5, check)
        if self.options.timeout:
            GLib.timeout_add(int(self.options.timeout * 1000), lambda: (child.kill(), False)[1])
        self.loop.run()
        for device in self.devices:
            device.emulator.stop()
        self.pcap.close()
        root = self.testbed.get_root_dir()
        del self.testbed
        shutil.rmtree(root, ignore_errors=True)
        return self.exit_status


def parse(arguments):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emulator", help="path of the breath-emulator executable")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--subject", default="control", choices=["control", "case-like"])
    parser.add_argument("--serial", default="BGC1-EMU-0001")
    parser.add_argument("--breath-volume", type=float, help="mL the patient can exhale (low volume fault)")
    parser.add_argument("--retention-drift", type=float, default=0.0)
    parser.add_argument("--fault", action="append", default=[], help="emulator fault, see breath-emulator --help")
    parser.add_argument("--real-time-factor", type=float, help="device seconds per wall second (default: as fast as possible)")
    parser.add_argument("--devnum", type=int, default=2, help="first device number on bus 1")
    parser.add_argument("--replug-after", type=float, help="after an unplug, plug the device back in after SECONDS")
    parser.add_argument("--stall-in-at", type=int, help="STALL bulk IN at its N-th URB (1-based) until CLEAR_HALT")
    parser.add_argument("--stall-loses", type=int, default=0, help="sample blocks lost in the device buffer fault behind the stall")
    parser.add_argument("--hang-in-at", type=int, help="from the N-th bulk IN URB on, IN URBs do not complete")
    parser.add_argument("--hang-seconds", type=float, default=0, help="how long IN URBs hang (0: forever)")
    parser.add_argument("--overflow-in-at", type=int, help="the N-th bulk IN URB ends with -EOVERFLOW (babble): what it would have carried is lost")
    parser.add_argument("--stale-in", type=int, default=0, help="bytes a previous session left in bulk IN before the program opens the device")
    parser.add_argument("--flip-in-byte", type=int, action="append", default=[], help="flip bit 0 of this bulk IN stream byte")
    parser.add_argument("--latency-ms", type=float, default=0, help="minimum time between an IN URB's submission and completion")
    parser.add_argument("--pcap", help="write the usbmon pcap here")
    parser.add_argument("--summary", help="write the JSON summary here instead of stdout")
    parser.add_argument("--timeout", type=float, help="kill the program after SECONDS (a safety net for hung tests)")
    parser.add_argument("--describe", metavar="FILE", help="only write the umockdev description of the device (for umockdev-run -d) and exit")
    parser.add_argument("program", nargs=argparse.REMAINDER, help="-- PROGRAM ARGUMENTS...")
    options = parser.parse_args(arguments)
    if options.program and options.program[0] == "--":
        options.program = options.program[1:]
    if not options.program and not options.describe:
        parser.error("give the program to run after --")
    return options


def main():
    # Testbed.uevent() works through libudev, which must see the testbed's /sys: like
    # umockdev-wrapper, run this process itself under the preload library.
    if "libumockdev-preload" not in os.environ.get("LD_PRELOAD", ""):
        environment = dict(os.environ)
        environment["LD_PRELOAD"] = ":".join(filter(None, ["libumockdev-preload.so.0", environment.get("LD_PRELOAD")]))
        os.execve(sys.executable, [sys.executable] + sys.argv, environment)
    options = parse(sys.argv[1:])
    if options.describe:
        with open(options.describe, "w") as file:
            file.write(device_description(options.devnum, options.serial))
        return 0
    harness = Harness(options)
    status = harness.run(options.program)
    summary = dict(harness.stats, exit_status=status)
    text = json.dumps(summary, sort_keys=True)
    if options.summary:
        with open(options.summary, "w") as file:
            file.write(text + "\n")
    else:
        print(text, flush=True)
    if status is None:
        return 1
    return 128 - status if status < 0 else status


if __name__ == "__main__":
    sys.exit(main())
