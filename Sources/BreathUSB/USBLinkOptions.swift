/// Tuning of a ``USBLink``; the defaults follow PROTOCOL.md 1.
public struct USBLinkOptions: Sendable, Hashable {
    /// Bulk IN transfers kept in flight on the data endpoint, so the device never waits
    /// for the host to resubmit.
    public var dataTransfersInFlight = 4
    /// Interrupt IN transfers kept in flight on the event endpoint.
    public var eventTransfersInFlight = 2
    /// How long a command write may take before it fails.
    public var writeTimeout: Duration = .seconds(1)
    /// Draining on open ends once an endpoint has been silent this long.
    public var drainQuietPeriod: Duration = .milliseconds(50)
    /// Draining never takes longer than this, even from a device that keeps streaming.
    public var drainLimit: Duration = .seconds(1)
    /// Failed IN transfers in a row, without a success, after which the device is taken as gone.
    public var consecutiveErrorLimit = 8

    public init() {}
}
