import Synchronization
import Testing

/// The wait ran past its limit: the code under test hung.
public struct TimedOut: Error, CustomStringConvertible {
    public var seconds: Double
    public var description: String { "gave up after \(seconds) s: the awaited work never finished" }
}

/// Runs `body` and returns its result, or throws ``TimedOut`` after `seconds` even if `body`
/// ignores cancellation, so that a hung session fails the test instead of hanging the run.
public func withTimeout<T: Sendable>(
    seconds: Double = 30, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = Race<T>()
    return try await withCheckedThrowingContinuation { continuation in
        race.install(continuation)
        let timer = Task {
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            if race.finish(with: .failure(TimedOut(seconds: seconds))) { race.cancelWork() }
        }
        race.setWork(Task {
            do { race.finish(with: .success(try await body())) } catch { race.finish(with: .failure(error)) }
            timer.cancel()
        })
    }
}

/// The work and the timer race to resume one continuation; whoever comes second is ignored.
private final class Race<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    private let work = Mutex<Task<Void, Never>?>(nil)

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func setWork(_ task: Task<Void, Never>) { work.withLock { $0 = task } }

    func cancelWork() { work.withLock { $0?.cancel() } }

    @discardableResult
    func finish(with result: Result<T, any Error>) -> Bool {
        guard let continuation = continuation.withLock({ stored in
            defer { stored = nil }
            return stored
        }) else { return false }
        continuation.resume(with: result)
        return true
    }
}
