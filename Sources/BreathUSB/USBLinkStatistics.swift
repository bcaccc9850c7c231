/// What happened on a ``USBLink`` since it opened: the figures behind "no sample lost".
public struct USBLinkStatistics: Sendable, Hashable, Codable {
    /// Completed IN transfers and the bytes they carried.
    public var transfersIn = 0
    public var bytesIn = 0
    /// Bytes read and dropped while draining the IN endpoints on open (a previous session's leftovers).
    public var staleBytesDrained = 0
    /// Endpoint halts (STALL) cleared.
    public var stalls = 0
    /// IN transfers that overflowed (the device sent more than a transfer holds): data lost.
    public var overflows = 0
    /// Command writes that timed out.
    public var timeouts = 0
    /// Transfers that failed with another error.
    public var transferErrors = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case transfersIn = "transfers_in", bytesIn = "bytes_in", staleBytesDrained = "stale_bytes_drained"
        case stalls, overflows, timeouts, transferErrors = "transfer_errors"
    }

    /// Every error the link saw: stalls, overflows, timeouts and other transfer errors.
    public var errors: Int { stalls + overflows + timeouts + transferErrors }
}
