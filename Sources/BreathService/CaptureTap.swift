import BreathCapture
import BreathDevice
import BreathWire
import Synchronization

/// The session's traffic hook: holds transfers until the run's capture file exists (the
/// header needs the handshake's device info), then writes every transfer through.
final class CaptureTap: Sendable {
    private let state = Mutex<State>(State())

    private struct State {
        var pending: [Transfer] = []
        var writer: CaptureWriter?
        var failure: CaptureWriteError?
    }

    /// Records one transfer, or holds it until ``attach(_:)``.
    func record(_ transfer: Transfer) {
        state.withLock { state in
            guard let writer = state.writer else {
                state.pending.append(transfer)
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
        }
    }

    /// The first write failure, if any.
    var failure: CaptureWriteError? { state.withLock { $0.failure } }
}
