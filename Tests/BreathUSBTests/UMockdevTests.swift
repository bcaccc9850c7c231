import Testing

/// The libusb link tested under umockdev, in two layers: an interactive Python device on
/// UMockdev.IoctlBase bridged to `breath-emulator` (timing, replug, STALL, timeouts, CRC
/// errors, sequence gaps), and `umockdev-run -p` replays of usbmon recordings; plus the udev
/// rule under `udevadm test`. Serialized: each test drives several processes on a small machine.
@Suite(.serialized) enum UMockdevTests {}
