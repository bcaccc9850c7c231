#!/usr/bin/env python3
"""Test vectors for the breath micro-GC device protocol (../PROTOCOL.md).

An independent reference implementation, written from PROTOCOL.md alone
(Python 3.11 standard library only):

  python3 generate.py          rewrite crc32c.json, messages.json, corruption.json
  python3 generate.py --check  regenerate in memory; exit 1 if any file differs

Both modes first self-test: the stream decoder below must decode every case to
exactly its expectation in many chunkings, every corruption case must match the
hand-computed drop/event counts written next to it, and every decoded message
must re-encode to its payload.
"""

import json
import struct
import sys
import uuid as uuidlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------
# CRC-32C (PROTOCOL.md 2.1): reflected polynomial 0x82F63B78, init 0xFFFFFFFF,
# final XOR 0xFFFFFFFF.


def crc32c_bitwise(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        crc = n
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


assert crc32c_bitwise(b"123456789") == 0xE3069283
assert crc32c(b"123456789") == 0xE3069283

# --------------------------------------------------------------------------
# Framing (PROTOCOL.md 2.1)

SYNC = b"\xb7\xea"
HEADER_SIZE = 12
CRC_SIZE = 4
MAX_PAYLOAD = 4080
MAX_FRAME = HEADER_SIZE + MAX_PAYLOAD + CRC_SIZE  # 4096
OWN_MAJOR = 1

ACK_REQUESTED = 0x01
RESPONSE = 0x02


def encode_header(type_, payload_length, sequence, flags=0, major=1, minor=0) -> bytes:
    """The 12 header bytes; `payload_length` may lie (for oversized tests)."""
    first10 = SYNC + struct.pack("<BBBBHH", major, minor, type_, flags, sequence, payload_length)
    return first10 + struct.pack("<H", crc32c(first10) & 0xFFFF)


def encode_frame(type_, payload: bytes, sequence, flags=0, major=1, minor=0) -> bytes:
    body = encode_header(type_, len(payload), sequence, flags, major, minor) + payload
    return body + struct.pack("<I", crc32c(body))


# --------------------------------------------------------------------------
# Payloads (PROTOCOL.md 4). Each message is a list of (field name, kind).
# Kinds: u8 u16 u32 u64 f32 uuid str, plus "ramps" (UPLOAD_METHOD, repeated
# ramp_count times) and "samples" (SAMPLE_BLOCK, count x channels f32).

RAMP_FIELDS = [("rate_c_per_min", "f32"), ("target_temperature_c", "f32"), ("hold_s", "u16")]

MESSAGES = {
    0x01: ("GET_INFO", []),
    0x02: ("GET_STATUS", []),
    0x03: ("UPLOAD_METHOD", [
        ("method_id", "str"),
        ("sample_period_us", "u32"),
        ("breath_target_volume_ml", "u16"),
        ("breath_max_duration_s", "u16"),
        ("trap_duration_s", "u16"),
        ("desorption_temperature_c", "f32"),
        ("desorption_duration_s", "u16"),
        ("carrier_pressure_kpa", "f32"),
        ("detector_gain", "u8"),
        ("ramp_count", "u8"),
        ("initial_temperature_c", "f32"),
        ("initial_hold_s", "u16"),
        ("ramps", "ramps"),
        ("cool_down_s", "u16"),
    ]),
    0x04: ("START_RUN", [("run_id", "uuid"), ("host_time_us", "u64")]),
    0x05: ("ABORT_RUN", [("run_id", "uuid")]),
    0x06: ("KEEPALIVE", [("counter", "u32")]),
    0x07: ("CLOCK_SYNC", [("host_time_us", "u64")]),
    0x80: ("ACK", [("request_sequence", "u16"), ("request_type", "u8")]),
    0x81: ("NACK", [
        ("request_sequence", "u16"),
        ("request_type", "u8"),
        ("error_code", "u16"),
        ("detail", "str"),
    ]),
    0x82: ("DEVICE_INFO", [
        ("request_sequence", "u16"),
        ("serial", "str"),
        ("hardware_version", "str"),
        ("firmware_version", "str"),
        ("protocol_major", "u8"),
        ("protocol_minor", "u8"),
        ("capabilities", "u32"),
        ("calibration_id", "str"),
        ("min_sample_period_us", "u32"),
        ("max_sample_period_us", "u32"),
    ]),
    0x83: ("STATUS", [
        ("request_sequence", "u16"),
        ("state", "u8"),
        ("phase", "u8"),
        ("run_id", "uuid"),
        ("device_time_us", "u64"),
        ("column_temperature_c", "f32"),
        ("carrier_pressure_kpa", "f32"),
        ("active_fault_code", "u16"),
    ]),
    0x84: ("PHASE_CHANGED", [("run_id", "uuid"), ("phase", "u8"), ("run_time_ms", "u32")]),
    0x85: ("BREATH_METRICS", [
        ("run_id", "uuid"),
        ("exhaled_volume_ml", "f32"),
        ("end_tidal_co2_percent", "f32"),
        ("relative_humidity_percent", "f32"),
        ("duration_s", "f32"),
        ("mean_flow_ml_min", "f32"),
        ("flags", "u8"),
    ]),
    0x86: ("SAMPLE_BLOCK", [
        ("first_sample_index", "u32"),
        ("sample_period_us", "u32"),
        ("channel_mask", "u8"),
        ("count", "u16"),
        ("samples", "samples"),
    ]),
    0x87: ("RUN_COMPLETE", [
        ("run_id", "uuid"),
        ("status", "u8"),
        ("total_samples", "u32"),
        ("total_blocks", "u32"),
        ("run_duration_ms", "u32"),
        ("detector_crc32c", "u32"),
        ("fault_code", "u16"),
    ]),
    0x88: ("FAULT", [
        ("code", "u16"),
        ("severity", "u8"),
        ("run_id", "uuid"),
        ("run_time_ms", "u32"),
        ("message", "str"),
    ]),
    0x89: ("KEEPALIVE_REPLY", [
        ("request_sequence", "u16"),
        ("counter", "u32"),
        ("device_time_us", "u64"),
    ]),
    0x8A: ("CLOCK_SYNC_REPLY", [
        ("request_sequence", "u16"),
        ("host_time_us", "u64"),
        ("device_time_us", "u64"),
    ]),
}
TYPE_BY_NAME = {name: t for t, (name, _) in MESSAGES.items()}
INT_FORMATS = {"u8": "<B", "u16": "<H", "u32": "<I", "u64": "<Q"}


def channel_count(mask: int) -> int:
    """SAMPLE_BLOCK channels present: bits 0..2 of channel_mask (bits 3-7 make the block malformed)."""
    return sum((mask >> bit) & 1 for bit in range(3))


def sample_block_valid(mask: int, count: int) -> bool:
    """PROTOCOL.md 4.8: count >= 1, bit 0 (detector) set, bits 3-7 clear."""
    return count >= 1 and mask & 0x01 != 0 and mask & 0xF8 == 0


class Malformed(Exception):
    """A known type's payload is shorter than its fields, a str is not UTF-8, or a 4.8 SAMPLE_BLOCK rule is broken."""


class Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise Malformed
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def read(self, kind: str, msg: dict):
        if kind in INT_FORMATS:
            fmt = INT_FORMATS[kind]
            return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]
        if kind == "f32":
            return struct.unpack("<f", self.take(4))[0]
        if kind == "uuid":
            return str(uuidlib.UUID(bytes=bytes(self.take(16))))
        if kind == "str":
            try:
                return self.take(self.read("u8", msg)).decode("utf-8")
            except UnicodeDecodeError:
                raise Malformed
        if kind == "ramps":
            return [{name: self.read(k, msg) for name, k in RAMP_FIELDS} for _ in range(msg["ramp_count"])]
        if kind == "samples":
            if not sample_block_valid(msg["channel_mask"], msg["count"]):
                raise Malformed
            n = channel_count(msg["channel_mask"])
            return [[self.read("f32", msg) for _ in range(n)] for _ in range(msg["count"])]
        raise ValueError(kind)


def decode_payload(type_: int, payload: bytes) -> tuple[dict, int]:
    """Return (message, bytes used). Bytes past the known fields are ignored."""
    if type_ not in MESSAGES:
        return {"unknown": True}, 0
    reader, msg = Reader(payload), {}
    try:
        for name, kind in MESSAGES[type_][1]:
            msg[name] = reader.read(kind, msg)
    except Malformed:
        return {"malformed": True}, 0
    return msg, reader.pos


def exact_f32(value: float) -> bytes:
    packed = struct.pack("<f", value)
    assert struct.unpack("<f", packed)[0] == value, f"{value!r} is not exact in binary32"
    return packed


def write(kind: str, value, msg: dict) -> bytes:
    if kind in INT_FORMATS:
        return struct.pack(INT_FORMATS[kind], value)
    if kind == "f32":
        return exact_f32(value)
    if kind == "uuid":
        return uuidlib.UUID(value).bytes
    if kind == "str":
        raw = value.encode("utf-8")
        assert len(raw) <= 255
        return bytes([len(raw)]) + raw
    if kind == "ramps":
        assert len(value) == msg["ramp_count"]
        return b"".join(write(k, ramp[name], msg) for ramp in value for name, k in RAMP_FIELDS)
    if kind == "samples":
        assert sample_block_valid(msg["channel_mask"], msg["count"]), msg
        assert len(value) == msg["count"]
        assert all(len(s) == channel_count(msg["channel_mask"]) for s in value)
        return b"".join(exact_f32(v) for sample in value for v in sample)
    raise ValueError(kind)


def encode_payload(type_: int, msg: dict) -> bytes:
    fields = MESSAGES[type_][1]
    assert list(msg) == [name for name, _ in fields], f"fields of {MESSAGES[type_][0]}: {list(msg)}"
    return b"".join(write(kind, msg[name], msg) for name, kind in fields)


# --------------------------------------------------------------------------
# Stream decoder: PROTOCOL.md 2.3, step by step.

EVENTS = ("header_check", "crc_mismatch", "oversized", "unsupported_version", "truncated")


class StreamDecoder:
    def __init__(self):
        self.buf = bytearray()  # at most one maximum frame (4096 bytes) of undecoded input
        self.dropped_bytes = 0
        self.events = {e: 0 for e in EVENTS}

    def _discard(self, n: int, reason: str | None = None):
        """Drop n bytes from the front; reason None means garbage (counted, no event)."""
        del self.buf[:n]
        self.dropped_bytes += n
        if reason is not None:
            self.events[reason] += 1

    def feed(self, data: bytes) -> list[dict]:
        frames, data = [], memoryview(bytes(data))
        while data:
            room = MAX_FRAME - len(self.buf)
            self.buf += data[:room]
            data = data[room:]
            frames += self._decode()
            assert len(self.buf) < MAX_FRAME
        return frames

    def _decode(self, final: bool = False) -> list[dict]:
        """Run steps 1-5 until more input is needed. With `final` (end of stream) no more input
        will come: a candidate that cannot complete is one truncated event, one byte dropped."""
        frames = []
        while True:
            # 1. Find the sync pair; bytes before it are garbage.
            at = self.buf.find(SYNC)
            if at < 0:
                # a trailing lone B7 may be the first half of a sync pair, unless the stream has ended
                keep = 1 if self.buf.endswith(SYNC[:1]) and not final else 0
                self._discard(len(self.buf) - keep)
                return frames
            self._discard(at)
            # 2. Wait for 12 header bytes; check header_check.
            if len(self.buf) < HEADER_SIZE:
                if final:
                    self._discard(1, "truncated")
                    continue
                return frames
            header = bytes(self.buf[:HEADER_SIZE])
            major, minor, type_, flags, sequence, length, check = struct.unpack("<BBBBHHH", header[2:])
            if check != crc32c(header[:10]) & 0xFFFF:
                self._discard(1, "header_check")
                continue
            # 3. Major version: like every other failed check, drop one byte and rescan.
            if major != OWN_MAJOR:
                self._discard(1, "unsupported_version")
                continue
            # 4. Length bound.
            if length > MAX_PAYLOAD:
                self._discard(1, "oversized")
                continue
            # 5. Wait for the whole frame; check the CRC.
            total = HEADER_SIZE + length + CRC_SIZE
            if len(self.buf) < total:
                if final:
                    self._discard(1, "truncated")
                    continue
                return frames
            frame = bytes(self.buf[:total])
            if struct.unpack("<I", frame[-4:])[0] != crc32c(frame[:-4]):
                self._discard(1, "crc_mismatch")
                continue
            del self.buf[:total]
            payload = frame[HEADER_SIZE:-CRC_SIZE]
            frames.append({
                "version_major": major,
                "version_minor": minor,
                "type": type_,
                "type_name": MESSAGES[type_][0] if type_ in MESSAGES else "UNKNOWN",
                "flags": flags,
                "sequence": sequence,
                "payload_hex": payload.hex(),
                "message": decode_payload(type_, payload)[0],
            })

    def finish(self) -> list[dict]:
        """End of stream: decode what is buffered with no more input to come (PROTOCOL.md 2.3).
        Each candidate that cannot complete is one truncated event and one dropped byte, then the
        rescan goes on, so a complete frame behind a cut-off one is still decoded; bytes without a
        sync pair (a lone trailing B7 included) are garbage."""
        frames = self._decode(final=True)
        assert not self.buf
        return frames


def decode_stream(stream: bytes, chunk_sizes=None) -> dict:
    """Decode a whole stream, fed in chunks of the given sizes (cycled), and return its expectation."""
    decoder, frames, pos, i = StreamDecoder(), [], 0, 0
    while pos < len(stream):
        size = chunk_sizes[i % len(chunk_sizes)] if chunk_sizes else len(stream)
        frames += decoder.feed(stream[pos:pos + size])
        pos, i = pos + size, i + 1
    frames += decoder.finish()
    return {"frames": frames, "dropped_bytes": decoder.dropped_bytes, "events": decoder.events}


# --------------------------------------------------------------------------
# Case building

RUN_ID = "3f2a9c4e-8b1d-4e7a-9c55-0d6b2e1f7a80"
NO_RUN = "00000000-0000-0000-0000-000000000000"
HOST_TIME_US = 1764374400123456  # 2025-11-29T00:00:00.123456Z; all integers stay below 2**53


def msg_frame(type_name, msg, sequence, flags=0, minor=0, trailing=b"") -> bytes:
    type_ = TYPE_BY_NAME[type_name]
    return encode_frame(type_, encode_payload(type_, msg) + trailing, sequence, flags, 1, minor)


def clean(frame: bytes) -> bytes:
    """Frames used in corruption cases: no sync pair past offset 0, so rescans are easy to count by hand."""
    assert SYNC not in frame[1:], frame.hex()
    return frame


def garbage(hex_text: str) -> bytes:
    data = bytes.fromhex(hex_text)
    assert SYNC not in data
    return data


def flip(data: bytes, index: int, mask: int = 0x01) -> bytes:
    out = bytearray(data)
    out[index] ^= mask
    return bytes(out)


def case(name, description, stream: bytes, frames=None, dropped=0, types=None, **events) -> dict:
    """A case; `frames`, `dropped`, `events` and (if given) `types`, the decoded frames' type names in
    order, are the hand-computed expectation, checked against the decoder."""
    expect = decode_stream(stream)
    if frames is not None:
        assert len(expect["frames"]) == frames, (name, len(expect["frames"]))
    if types is not None:
        assert [f["type_name"] for f in expect["frames"]] == types, (name, expect["frames"])
    assert expect["dropped_bytes"] == dropped, (name, expect["dropped_bytes"], dropped)
    assert expect["events"] == {e: events.get(e, 0) for e in EVENTS}, (name, expect["events"])
    return {"name": name, "description": description, "hex": stream.hex(), "expect": expect}


# ---- crc32c.json


def crc_cases() -> dict:
    inputs = [
        ("empty", {"hex": ""}, b"", 0x00000000),
        ("check_value_123456789", {"ascii": "123456789"}, b"123456789", 0xE3069283),
        ("single_byte_a", {"ascii": "a"}, b"a", 0xC1D04330),
        ("thirty_two_zero_bytes", {"hex": "00" * 32}, bytes(32), 0x8A9136AA),  # RFC 3720 B.4
        ("thirty_two_ff_bytes", {"hex": "ff" * 32}, b"\xff" * 32, 0x62A8AB43),  # RFC 3720 B.4
        ("thirty_two_incrementing_bytes", {"hex": bytes(range(32)).hex()}, bytes(range(32)), 0x46DD794E),
        ("thirty_two_decrementing_bytes", {"hex": bytes(range(31, -1, -1)).hex()}, bytes(range(31, -1, -1)), 0x113FDB5C),
        ("sync_and_version_header_prefix", {"hex": "b7ea01008202000000000000"}, bytes.fromhex("b7ea01008202000000000000"), None),
    ]
    cases = []
    for name, data_field, data, known in inputs:
        value = crc32c(data)
        assert value == crc32c_bitwise(data)
        assert known is None or value == known, (name, hex(value))
        cases.append({"name": name, **data_field, "crc32c": value})
    return {
        "description": "CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, init 0xFFFFFFFF, final XOR 0xFFFFFFFF) "
                       "of each input, given as ASCII text or lowercase hex.",
        "cases": cases,
    }


# ---- messages.json

METHOD = {
    "method_id": "breath-screen-v1",
    "sample_period_us": 10000,
    "breath_target_volume_ml": 1000,
    "breath_max_duration_s": 180,
    "trap_duration_s": 20,
    "desorption_temperature_c": 250.0,
    "desorption_duration_s": 10,
    "carrier_pressure_kpa": 70.0,
    "detector_gain": 1,
    "ramp_count": 2,
    "initial_temperature_c": 40.0,
    "initial_hold_s": 60,
    "ramps": [
        {"rate_c_per_min": 10.0, "target_temperature_c": 150.0, "hold_s": 0},
        {"rate_c_per_min": 25.0, "target_temperature_c": 280.0, "hold_s": 120},
    ],
    "cool_down_s": 60,
}

STATUS_RUNNING = {
    "request_sequence": 41,
    "state": 2,
    "phase": 4,
    "run_id": RUN_ID,
    "device_time_us": 523000250,
    "column_temperature_c": 187.5,
    "carrier_pressure_kpa": 70.25,
    "active_fault_code": 0,
}


def message_cases() -> dict:
    c = []

    def one(name, description, type_name, msg, sequence, flags=0, minor=0, trailing=b""):
        c.append(case(name, description, msg_frame(type_name, msg, sequence, flags, minor, trailing), frames=1))

    # host -> device
    one("get_info", "GET_INFO, the first host frame (sequence 0), has an empty payload.", "GET_INFO", {}, 0)
    one("get_status_ack_requested", "GET_STATUS with ACK_REQUESTED set and an empty payload.",
        "GET_STATUS", {}, 9, ACK_REQUESTED)
    one("upload_method_two_ramps", "UPLOAD_METHOD with two temperature ramps.", "UPLOAD_METHOD", METHOD, 1, ACK_REQUESTED)
    one("upload_method_no_ramps", "UPLOAD_METHOD with ramp_count 0 (isothermal), so cool_down_s follows initial_hold_s.",
        "UPLOAD_METHOD", {**METHOD, "method_id": "iso-120", "detector_gain": 2, "ramp_count": 0,
                          "initial_temperature_c": 120.0, "initial_hold_s": 600, "ramps": [], "cool_down_s": 30}, 5)
    one("start_run", "START_RUN with a run id and the host's Unix time in microseconds.",
        "START_RUN", {"run_id": RUN_ID, "host_time_us": HOST_TIME_US}, 2)
    one("abort_run", "ABORT_RUN for the current run.", "ABORT_RUN", {"run_id": RUN_ID}, 3)
    one("keepalive_sequence_65535", "KEEPALIVE carrying the largest sequence number, 65535.",
        "KEEPALIVE", {"counter": 1234}, 65535)
    one("clock_sync", "CLOCK_SYNC with the host's time.", "CLOCK_SYNC", {"host_time_us": HOST_TIME_US + 5000000}, 7)

    # device -> host
    one("ack", "ACK (RESPONSE set) answering UPLOAD_METHOD sequence 1.",
        "ACK", {"request_sequence": 1, "request_type": 0x03}, 1, RESPONSE)
    one("nack_invalid_method_with_detail", "NACK INVALID_METHOD whose detail names the offending field.",
        "NACK", {"request_sequence": 1, "request_type": 0x03, "error_code": 2,
                 "detail": "ramps[1].target_temperature_c"}, 2, RESPONSE)
    one("nack_busy_empty_detail", "NACK BUSY with an empty detail string (length byte 0).",
        "NACK", {"request_sequence": 300, "request_type": 0x04, "error_code": 7, "detail": ""}, 310, RESPONSE)
    one("device_info", "DEVICE_INFO answering GET_INFO sequence 0, with all capability bits set.",
        "DEVICE_INFO", {"request_sequence": 0, "serial": "BGC1-000123", "hardware_version": "rev C",
                        "firmware_version": "1.4.2", "protocol_major": 1, "protocol_minor": 0,
                        "capabilities": 0x3F, "calibration_id": "CAL-2025-11-03-A",
                        "min_sample_period_us": 1000, "max_sample_period_us": 100000}, 0, RESPONSE)
    one("status_idle", "STATUS in IDLE with no run: phase 0 and an all-zero run id.",
        "STATUS", {"request_sequence": 9, "state": 0, "phase": 0, "run_id": NO_RUN, "device_time_us": 4000000,
                   "column_temperature_c": 37.0, "carrier_pressure_kpa": -12.5, "active_fault_code": 0}, 1, RESPONSE)
    one("status_running", "STATUS while RUNNING in SEPARATION.", "STATUS", STATUS_RUNNING, 40, RESPONSE)
    one("phase_changed", "PHASE_CHANGED to DESORPTION with the run time in ms.",
        "PHASE_CHANGED", {"run_id": RUN_ID, "phase": 3, "run_time_ms": 212500}, 2)
    one("breath_metrics", "BREATH_METRICS with flags bits 0 and 2 set (volume below target, duration limit reached).",
        "BREATH_METRICS", {"run_id": RUN_ID, "exhaled_volume_ml": 750.0, "end_tidal_co2_percent": 5.25,
                           "relative_humidity_percent": 87.5, "duration_s": 180.0, "mean_flow_ml_min": 250.0,
                           "flags": 5}, 1)
    one("sample_block_all_channels", "SAMPLE_BLOCK with detector, column temperature and carrier pressure, 4 samples.",
        "SAMPLE_BLOCK", {"first_sample_index": 0, "sample_period_us": 10000, "channel_mask": 7, "count": 4,
                         "samples": [[12.5, 40.0, 70.0], [13.25, 40.25, 70.0], [-2.5, 40.5, 69.75],
                                     [1024.0, 40.75, 69.5]]}, 3)
    one("sample_block_detector_only", "SAMPLE_BLOCK with the detector channel only, 4 samples.",
        "SAMPLE_BLOCK", {"first_sample_index": 1000, "sample_period_us": 10000, "channel_mask": 1, "count": 4,
                         "samples": [[0.5], [-0.25], [3.0], [1000.0]]}, 4)
    one("sample_block_detector_and_pressure", "SAMPLE_BLOCK with channel_mask 5: detector then carrier pressure, "
        "the absent temperature channel skipped.",
        "SAMPLE_BLOCK", {"first_sample_index": 1004, "sample_period_us": 10000, "channel_mask": 5, "count": 2,
                         "samples": [[4.5, 70.0], [4.75, 69.875]]}, 5)
    one("run_complete_completed", "RUN_COMPLETE for a completed run with its totals.",
        "RUN_COMPLETE", {"run_id": RUN_ID, "status": 0, "total_samples": 48000, "total_blocks": 960,
                         "run_duration_ms": 905250, "detector_crc32c": 0xC0FFEE42, "fault_code": 0}, 961)
    one("run_complete_faulted", "RUN_COMPLETE for a run that ended FAULTED by COLUMN_OVERTEMPERATURE.",
        "RUN_COMPLETE", {"run_id": RUN_ID, "status": 2, "total_samples": 12345, "total_blocks": 247,
                         "run_duration_ms": 640500, "detector_crc32c": 0x0BADF00D, "fault_code": 1}, 250)
    one("fault_with_message", "FAULT (ERROR severity) with a UTF-8 message whose byte count differs from its character count.",
        "FAULT", {"code": 1, "severity": 1, "run_id": RUN_ID, "run_time_ms": 640125,
                  "message": "column temperature 312.5 °C exceeds the 300 °C limit"}, 3)
    one("keepalive_reply", "KEEPALIVE_REPLY (RESPONSE set) echoing the counter of KEEPALIVE sequence 65535.",
        "KEEPALIVE_REPLY", {"request_sequence": 65535, "counter": 1234, "device_time_us": 7200000123}, 65535, RESPONSE)
    one("clock_sync_reply", "CLOCK_SYNC_REPLY echoing the host time with the device time.",
        "CLOCK_SYNC_REPLY", {"request_sequence": 7, "host_time_us": HOST_TIME_US + 5000000,
                             "device_time_us": 7205000456}, 12, RESPONSE)

    # versioning and sizes
    one("minor_version_1_1_trailing_bytes", "A version 1.1 STATUS with 6 extra trailing payload bytes: the known "
        "fields decode unchanged and the trailing bytes are ignored.",
        "STATUS", STATUS_RUNNING, 42, RESPONSE, minor=1, trailing=bytes.fromhex("0102a5a5fffe"))
    one("minor_version_1_0_trailing_bytes", "A version 1.0 ACK with 4 extra trailing payload bytes: trailing bytes "
        "are ignored at any minor version, so the message decodes unchanged.",
        "ACK", {"request_sequence": 9, "request_type": 0x02}, 10, RESPONSE, trailing=bytes.fromhex("00ff5a01"))
    one("reserved_flag_bits_ignored", "An ACK whose flags also set reserved bits 2 and 7: the frame decodes normally "
        "and flags is reported as the raw byte.", "ACK", {"request_sequence": 2, "request_type": 0x04}, 2, 0x86)
    c.append(case("unknown_type_minor_1_3", "A version 1.3 frame of unknown type 0x9F is a valid frame whose message is "
                  "unknown (skipped, not dropped).",
                  encode_frame(0x9F, bytes.fromhex("0123456789abcdef"), 77, 0, 1, 3), frames=1))
    samples = [[((i * 37) % 2001 - 1000) * 0.25] for i in range(1017)]
    one("sample_block_largest_detector_only", "The largest detector-only SAMPLE_BLOCK: 1017 samples, "
        "payload 4079 bytes (frame 4095 bytes).",
        "SAMPLE_BLOCK", {"first_sample_index": 20340, "sample_period_us": 1000, "channel_mask": 1,
                         "count": 1017, "samples": samples}, 6)
    c.append(case("maximum_frame_unknown_type", "A maximum-size frame: version 1.1, unknown type 0xBE, "
                  "payload of exactly 4080 bytes (frame 4096 bytes).",
                  encode_frame(0xBE, bytes(i % 251 for i in range(MAX_PAYLOAD)), 8, 0, 1, 1), frames=1))

    names = {f["expect"]["frames"][0]["type_name"] for f in c}
    assert names >= set(TYPE_BY_NAME), set(TYPE_BY_NAME) - names
    assert any(f["expect"]["frames"][0]["sequence"] == 65535 for f in c)
    assert len(bytes.fromhex(c[-1]["hex"])) == MAX_FRAME
    return {
        "description": "One valid frame per case: every message type of PROTOCOL.md section 4 in both directions, "
                       "plus minor-version, trailing-byte, unknown-type, empty and maximum-size frames.",
        "cases": c,
    }


# ---- corruption.json


def corruption_cases() -> dict:
    ack = clean(msg_frame("ACK", {"request_sequence": 5, "request_type": 0x02}, 20, RESPONSE))
    status = clean(msg_frame("STATUS", STATUS_RUNNING, 21, RESPONSE))
    block = clean(msg_frame("SAMPLE_BLOCK", {"first_sample_index": 96, "sample_period_us": 10000, "channel_mask": 7,
                                             "count": 2, "samples": [[8.5, 120.0, 70.0], [9.0, 120.25, 70.0]]}, 22))
    v2 = clean(encode_frame(0x83, bytes.fromhex("000102030405"), 1, RESPONSE, major=2))
    c = []
    add = c.append

    add(case("garbage_before_frame", "Five garbage bytes before a valid frame are dropped without an event.",
             garbage("00ff133742") + ack, frames=1, dropped=5))
    add(case("garbage_between_frames", "Seven garbage bytes between two valid frames are dropped without an event.",
             ack + garbage("deadbeef0a0d00") + status, frames=2, dropped=7))
    false_sync = bytes.fromhex("0102b7ea01008002050003000000aa55")
    add(case("garbage_with_false_sync", "Garbage holding the sync pair B7 EA with a wrong header check: one "
             "header_check event, the first byte dropped, the rest scanned as garbage.",
             false_sync + ack, frames=1, dropped=len(false_sync), header_check=1))
    add(case("sync_pair_right_before_frame", "A stray B7 EA just before a frame: its 12-byte candidate header fails "
             "the check, and the real sync inside that bad header is then found.",
             SYNC + ack, frames=1, dropped=2, header_check=1))
    add(case("crc_mismatch_payload_bit_flipped_then_valid", "A frame with one payload bit flipped fails its CRC "
             "(one event); its remaining bytes are garbage and the next valid frame is still decoded.",
             clean(flip(status, 20, 0x10)) + ack, frames=1, dropped=len(status), crc_mismatch=1))
    add(case("crc_mismatch_crc_byte_flipped_then_valid", "A frame with a flipped CRC byte fails its CRC; the next "
             "valid frame is still decoded.",
             clean(flip(status, len(status) - 1, 0x80)) + ack, frames=1, dropped=len(status), crc_mismatch=1))
    add(case("header_byte_flipped_then_valid", "A frame with a flipped sequence byte fails its header check (one "
             "event); its remaining bytes are garbage and the next valid frame is decoded.",
             clean(flip(status, 6, 0x04)) + ack, frames=1, dropped=len(status), header_check=1))
    add(case("sync_byte_flipped_then_valid", "A frame whose first sync byte is damaged is pure garbage (no event); "
             "the next valid frame is decoded.",
             flip(status, 0, 0x01) + ack, frames=1, dropped=len(status)))
    for length in (4081, 65535):
        hdr = clean(encode_header(0x86, length, 23))
        add(case(f"oversized_length_{length}_then_valid", f"A header with length {length} and a valid header_check is "
                 "oversized: one event, one byte dropped, the other 11 header bytes are garbage; the next frame decodes.",
                 hdr + ack, frames=1, dropped=12, oversized=1))
    # v2 (22 bytes): 1 byte dropped with the event, then 11 header + 6 payload + 4 CRC bytes of garbage.
    add(case("major_version_2_then_valid", "A version 2.0 frame with a valid header_check: one unsupported_version "
             "event drops its first byte (B7) and the rescan finds no sync pair in its other 21 bytes (11 header, "
             "6 payload, 4 CRC), which are garbage; the following v1 frame decodes.",
             v2 + ack, frames=1, dropped=1 + 21, types=["ACK"], unsupported_version=1))
    inner = clean(msg_frame("KEEPALIVE_REPLY", {"request_sequence": 3, "counter": 9, "device_time_us": 5000}, 24, RESPONSE))
    v2_wrapping = encode_frame(0x83, inner, 2, 0, major=2)
    assert SYNC not in v2_wrapping[1:HEADER_SIZE + 1] and v2_wrapping[HEADER_SIZE:].startswith(inner)
    # 1 byte with the event, 11 header bytes of garbage, inner frame decoded, 4 CRC bytes of garbage.
    add(case("major_version_2_payload_holding_v1_frame", "A version 2.0 frame whose payload happens to be a complete "
             "v1 frame: one unsupported_version event drops one byte, the rest of the v2 header is garbage, the rescan "
             "finds and decodes the v1 frame in the payload, and the v2 CRC's 4 bytes are garbage.",
             v2_wrapping, frames=1, dropped=1 + 11 + 4, types=["KEEPALIVE_REPLY"], unsupported_version=1))
    v2_huge = encode_header(0x83, 65535, 3, 0, major=2)
    assert SYNC not in v2_huge[1:]
    add(case("major_version_checked_before_length", "A version 2.0 header with length 65535: the version check comes "
             "first, so it is one unsupported_version event dropping one byte, not oversized; the other 11 header "
             "bytes are garbage and the next frame decodes.",
             v2_huge + ack, frames=1, dropped=1 + 11, types=["ACK"], unsupported_version=1))
    # A v2.0 STATUS header (length 0) whose header_check bytes happen to be B7 EA: only its first 10 bytes precede
    # the v1 frame, whose sync pair is the v2 header's bytes 10-11. Dropping 12 bytes would lose that frame.
    v2_prefix = encode_header(0x83, 0, 3558, RESPONSE, major=2)
    assert v2_prefix[10:] == SYNC and SYNC not in v2_prefix[1:10]
    v2_prefix = v2_prefix[:10]
    add(case("major_version_2_header_overlapping_v1_frame", "A version 2.0 header whose header_check bytes are B7 EA, "
             "the sync pair of a valid v1 frame that starts at its byte 10: one unsupported_version event drops one "
             "byte, bytes 1-9 are garbage, and the v1 frame is decoded (a 12-byte drop would lose it).",
             v2_prefix + ack, frames=1, dropped=1 + 9, types=["ACK"],
             unsupported_version=1))
    # At end of stream each cut-off candidate is one truncated event dropping its B7; `status` is clean, so
    # the bytes after that B7 hold no sync pair and are garbage.
    add(case("truncated_inside_header", "The stream ends 7 bytes into a frame's header: one truncated event drops "
             "the B7 and the other 6 bytes are garbage, 7 bytes dropped.",
             ack + status[:7], frames=1, dropped=1 + 6, truncated=1))
    add(case("truncated_inside_payload", "The stream ends inside a frame's payload (17 bytes present): one truncated "
             "event drops the B7 and the other 16 bytes are garbage.",
             ack + status[:17], frames=1, dropped=1 + 16, truncated=1))
    add(case("truncated_inside_crc", "The stream ends inside a frame's CRC (2 of 4 bytes present): one truncated "
             "event drops the B7 and the rest of the cut-off frame is garbage.",
             ack + status[:-2], frames=1, dropped=1 + (len(status) - 3), truncated=1))
    add(case("truncated_after_sync_pair", "The stream ends with just a sync pair: one truncated event drops the B7, "
             "the EA is garbage.",
             ack + SYNC, frames=1, dropped=1 + 1, truncated=1))
    add(case("trailing_lone_sync_byte_is_garbage", "The stream ends with a lone B7: no sync pair, so it is garbage, not truncated.",
             ack + SYNC[:1], frames=1, dropped=1))
    add(case("two_truncated_candidates_at_end", "The stream ends with B7 EA B7 EA 00: the first 5-byte candidate is "
             "truncated (B7 dropped), its EA is garbage, the second candidate B7 EA 00 is truncated too (B7 dropped) "
             "and EA 00 are garbage: two truncated events, 5 bytes dropped.",
             ack + SYNC + SYNC + b"\x00", frames=1, dropped=1 + 1 + 1 + 2, truncated=2))
    add(case("frame_missing_last_byte_then_valid", "A frame missing its last byte borrows the next frame's first byte "
             "as its CRC, fails (one crc_mismatch), and the complete frame after it is still decoded.",
             status[:-1] + ack, frames=1, dropped=len(status) - 1, crc_mismatch=1))
    outer = flip(encode_frame(0x87, bytes(8) + ack + bytes(8), 25), -1, 0xFF)
    assert outer.count(SYNC) == 2
    add(case("valid_frame_inside_corrupted_payload", "A corrupted frame whose payload holds a complete valid frame: "
             "after the CRC mismatch the rescan finds and decodes the inner frame.",
             outer, frames=1, dropped=len(outer) - len(ack), crc_mismatch=1))
    cut = clean(encode_header(0x86, 200, 26, 0))  # a valid header announcing 200 payload bytes that never come
    add(case("truncated_candidate_then_complete_frame_at_end", "At end of stream a frame header announcing 200 bytes "
             "is followed by only a complete frame: the candidate cannot complete, so one truncated event drops its B7, "
             "its other 11 header bytes are garbage, and the complete frame after it is decoded.",
             cut + ack, frames=1, dropped=1 + 11, types=["ACK"], truncated=1))
    add(case("truncated_candidate_holding_truncated_frame", "At end of stream a header announcing 200 bytes is followed "
             "by a valid ACK and then the first 20 bytes of a STATUS: truncated event for the outer candidate (B7 "
             "dropped, 11 header bytes garbage), the ACK decodes, then a second truncated event for the cut-off STATUS "
             "(B7 dropped, 19 bytes garbage).",
             cut + ack + status[:20], frames=1, dropped=(1 + 11) + (1 + 19), types=["ACK"], truncated=2))
    add(case("back_to_back_frames", "Three valid frames with nothing between them.", ack + status + block, frames=3))
    add(case("only_garbage", "A stream of garbage only, with B7 and EA present but never as a pair, ending in B7.",
             garbage("00112233445566778899aabbccddeeffea0b7c7b7eb7ebeab700ea4242b7b7b7"), frames=0, dropped=32))
    add(case("empty_stream", "An empty stream yields nothing.", b"", frames=0))
    add(case("malformed_short_ack", "An ACK whose payload is 2 bytes (valid CRC) is a valid frame with a malformed message.",
             encode_frame(0x80, bytes.fromhex("0500"), 27, RESPONSE), frames=1))
    add(case("malformed_empty_status", "A STATUS with an empty payload is malformed.",
             encode_frame(0x83, b"", 28, RESPONSE), frames=1))
    short_block = encode_payload(0x86, {"first_sample_index": 0, "sample_period_us": 10000, "channel_mask": 3,
                                        "count": 3, "samples": [[1.0, 40.0], [2.0, 40.0], [3.0, 40.0]]})[:-4]
    add(case("malformed_sample_block_count_too_large", "A SAMPLE_BLOCK whose count (3 samples of 2 channels) needs 4 "
             "more payload bytes than present is malformed.", encode_frame(0x86, short_block, 29), frames=1))
    def block_payload(mask, count, values):
        return struct.pack("<IIBH", 500, 10000, mask, count) + b"".join(exact_f32(v) for v in values)

    add(case("malformed_sample_block_count_zero", "A SAMPLE_BLOCK with count 0 (channel_mask 1, no sample bytes) is "
             "malformed: count must be at least 1.", encode_frame(0x86, block_payload(0x01, 0, []), 33), frames=1,
             types=["SAMPLE_BLOCK"]))
    add(case("malformed_sample_block_detector_bit_clear", "A SAMPLE_BLOCK with channel_mask 0x06 (temperature and "
             "pressure, detector bit 0 clear) is malformed, although its payload holds exactly its 2 samples of 2 "
             "channels.", encode_frame(0x86, block_payload(0x06, 2, [40.0, 70.0, 40.25, 70.0]), 34), frames=1,
             types=["SAMPLE_BLOCK"]))
    add(case("malformed_sample_block_reserved_mask_bit", "A SAMPLE_BLOCK with channel_mask 0x09 (detector plus "
             "reserved bit 3) is malformed, although its payload holds 16 sample bytes: enough for 2 samples whether "
             "bit 3 were ignored or counted as a channel.",
             encode_frame(0x86, block_payload(0x09, 2, [1.0, 2.0, 3.0, 4.0]), 35), frames=1, types=["SAMPLE_BLOCK"]))
    add(case("malformed_str_length_past_end", "A NACK whose detail length byte (20) runs past the payload end is malformed.",
             encode_frame(0x81, bytes.fromhex("0100030200") + bytes([20]) + b"short", 30, RESPONSE), frames=1))
    add(case("malformed_invalid_utf8_str", "A NACK whose detail is not valid UTF-8 (C3 28) is malformed.",
             encode_frame(0x81, bytes.fromhex("010003020002c328"), 31, RESPONSE), frames=1))
    add(case("sequence_wrap", "Two SAMPLE_BLOCK frames with sequence 65535 then 0 (a wrap, not a gap).",
             msg_frame("SAMPLE_BLOCK", {"first_sample_index": 400, "sample_period_us": 10000, "channel_mask": 1,
                                        "count": 2, "samples": [[1.5], [1.75]]}, 65535)
             + msg_frame("SAMPLE_BLOCK", {"first_sample_index": 402, "sample_period_us": 10000, "channel_mask": 1,
                                          "count": 2, "samples": [[2.0], [2.25]]}, 0), frames=2))
    bad_header = clean(flip(ack, 4, 0x40))
    bad_crc = clean(flip(block, 15, 0x02))
    mixed = (garbage("0a0b0c") + bad_header + clean(encode_header(0x86, 5000, 32)) + bad_crc + status
             + v2_prefix + ack + cut + block)
    # 3 garbage; bad header 1 + 18 garbage; oversized 1 + 11; bad CRC 1 + rest of block; STATUS;
    # v2 header 1 + 9 garbage; ACK (its sync is the v2 header_check); cut-off candidate 1 + 11 at end; SAMPLE_BLOCK.
    add(case("mixed_corruptions", "Garbage, a bad header, an oversized header, a CRC mismatch, a valid STATUS, a "
             "version 2 header whose header_check bytes are the sync pair of a valid ACK, and at end of stream a "
             "cut-off candidate followed by a complete SAMPLE_BLOCK: each failure counted once, and all three valid "
             "frames decoded.",
             mixed, frames=3, dropped=3 + (1 + len(ack) - 1) + (1 + 11) + (1 + len(block) - 1) + (1 + 9) + (1 + 11),
             types=["STATUS", "ACK", "SAMPLE_BLOCK"],
             header_check=1, oversized=1, crc_mismatch=1, unsupported_version=1, truncated=1))

    for cs in c:
        for fr in cs["expect"]["frames"]:
            if cs["name"].startswith("malformed_"):
                assert fr["message"] == {"malformed": True}, cs["name"]
            else:
                assert "malformed" not in fr["message"] and "unknown" not in fr["message"], cs["name"]
    return {
        "description": "Streams with garbage, corrupted, unsupported, oversized, truncated and malformed frames, "
                       "decoded as PROTOCOL.md section 2.3 says (end of stream signalled after the last byte).",
        "cases": c,
    }


# --------------------------------------------------------------------------
# Self-test and output

CHUNKINGS = [None, [1], [2], [3], [5], [11], [12], [16], [64], [509], [4096], [1, 7, 2, 300, 13, 4095, 40]]


def self_test(files: dict):
    for file_name, doc in files.items():
        if file_name == "crc32c.json":
            continue
        names = [c["name"] for c in doc["cases"]]
        assert len(names) == len(set(names)), f"duplicate names in {file_name}"
        for c in doc["cases"]:
            stream = bytes.fromhex(c["hex"])
            for chunks in CHUNKINGS:
                assert decode_stream(stream, chunks) == c["expect"], (file_name, c["name"], chunks)
            for fr in c["expect"]["frames"]:
                payload = bytes.fromhex(fr["payload_hex"])
                # the frame re-encodes to bytes found in the stream
                assert encode_frame(fr["type"], payload, fr["sequence"], fr["flags"],
                                    fr["version_major"], fr["version_minor"]) in stream
                if "malformed" in fr["message"] or "unknown" in fr["message"]:
                    continue
                # the message re-encodes to the payload (or to its leading part, when the payload has
                # trailing bytes, which are ignored at any minor version)
                encoded = encode_payload(fr["type"], fr["message"])
                assert payload.startswith(encoded), (c["name"], encoded.hex())
                assert encoded == payload or "trailing_bytes" in c["name"], c["name"]
                assert all(v < 2**53 for v in fr["message"].values() if isinstance(v, int))


def render(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] and not check:
        print("usage: generate.py [--check]", file=sys.stderr)
        return 2
    files = {
        "crc32c.json": crc_cases(),
        "messages.json": message_cases(),
        "corruption.json": corruption_cases(),
    }
    self_test(files)
    stale = []
    for file_name, doc in files.items():
        path, text = HERE / file_name, render(doc)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(file_name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run python3 generate.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(("checked " if check else "wrote ") + ", ".join(
        f"{name} ({len(doc['cases'])} cases)" for name, doc in files.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
