import BreathCapture
import BreathDevice
import BreathWire
import Synchronization

/// The session's traffic hook: holds transfers until the run's capture file exists (the
/// header needs the handshake's device info), then writes every transfer through.
///
/// A long-lived session (the daemon's) drops traffic between runs instead of holding it:
/// each run's capture starts at its method upload and ends with ``detach()``.
final class CaptureTap: Sendable {
    private let state = Mutex<State>(State())
    private let holdsUntilAttached: Bool

    init(holdsUntilAttached: Bool = true) {
        self.holdsUntilAttached = holdsUntilAttached
    }

    private struct State {
        var pending: [Transfer] = []
        var writer: CaptureWriter?
        var failure: CaptureWriteError?
    }

    /// Records one transfer, or holds it until ``attach(_:)``.
    func record(_ transfer: Transfer) {
        state.withLock { state in
            guard let writer = state.writer else {
                if holdsUntilAttached { state.pending.append(transfer) }
                return
            }
            do throws(CaptureWriteError) { try writer.record(transfer.endpoint, transfer.bytes) } catch { state.failure = state.failure ?? error }
        }
    }

    /// Starts writing to `writer`, first everything held so far.
    func attach(_ writer: CaptureWriter) {
        state.withLock { state in
            for transfer in state.pending {
                do throws(CaptureWriteError) { try writer.record(transfer.endpoint, transfer.bytes) } catch {
                    state.failure = state.failure ?? error
                    break
                }
            }
            state.pending.removeAll()
            state.writer = writer
            state.failure = nil
        }
    }

    /// Stops writing to the current capture (the run is over).
    func detach() {
        state.withLock { $0.writer = nil }
    }

    /// The first write failure, if any.
    var failure: CaptureWriteError? { state.withLock { $0.failure } }
}
