import Glibc

/// One record of the emulator pipe protocol (documented in `breath-emulator --help`):
/// a kind byte, a u32 little-endian payload length, the payload.
struct PipeRecord: Equatable {
    /// Host → emulator: bytes the host wrote on bulk OUT.
    static let out: UInt8 = 0x4F  // "O"
    /// Host → emulator: move device time to the next scheduled event (as-fast-as-possible pacing).
    static let tick: UInt8 = 0x54  // "T"
    /// Host → emulator: power off and exit.
    static let quit: UInt8 = 0x51  // "Q"
    /// Emulator → host: bytes the device sent; payload is the endpoint address then the bytes.
    static let input: UInt8 = 0x49  // "I"
    /// Emulator → host: the device has left the bus (an injected disconnect).
    static let gone: UInt8 = 0x47  // "G"
    /// Emulator → host: end of one answer; payload is device time (u64 µs) and 1 if idle.
    static let done: UInt8 = 0x4B  // "K"

    var kind: UInt8
    var payload: [UInt8]

    var encoded: [UInt8] {
        let count = UInt32(payload.count)
        return [kind] + (0..<4).map { UInt8(truncatingIfNeeded: count >> (8 * $0)) } + payload
    }
}

/// Reads records from a file descriptor, buffering partial input.
struct PipeReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var atEnd = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next complete record already buffered, if any.
    mutating func nextBuffered() -> PipeRecord? {
        guard buffer.count >= 5 else { return nil }
        let count = (1..<5).reduce(0) { $0 | Int(buffer[$1]) << (8 * ($1 - 1)) }
        guard buffer.count >= 5 + count else { return nil }
        let record = PipeRecord(kind: buffer[0], payload: Array(buffer[5..<(5 + count)]))
        buffer.removeFirst(5 + count)
        return record
    }

    /// Waits up to `timeoutMillis` (-1: forever) for input and buffers what arrived.
    /// Returns false on timeout.
    mutating func fill(timeoutMillis: Int32) -> Bool {
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptorSet, 1, timeoutMillis)
        guard ready > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = read(descriptor, &chunk, chunk.count)
        if count <= 0 {
            atEnd = true
        } else {
            buffer.append(contentsOf: chunk[0..<count])
        }
        return true
    }
}

/// Writes whole records to a file descriptor.
struct PipeWriter {
    let descriptor: Int32

    func send(_ record: PipeRecord) {
        var bytes = record.encoded[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            // The host closed the pipe: nobody is listening any more.
            guard written > 0 else { exit(0) }
            bytes = bytes.dropFirst(written)
        }
    }
}
