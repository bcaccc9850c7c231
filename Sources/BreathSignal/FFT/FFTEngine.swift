import CFFTW
import Foundation
import Synchronization

/// Real-to-complex and complex-to-real FFTs over FFTW, double precision.
///
/// Plans are made once per size and direction and cached for the life of the process.
/// FFTW's planner is not thread-safe, so planning (and wisdom import/export) is serialised
/// behind one process-wide lock; executing a cached plan on new arrays
/// (`fftw_execute_dft_r2c`/`_c2r`) is thread-safe, so analyses run concurrently.
public enum FFTEngine {
    /// How much effort FFTW spends planning: `estimate` plans instantly; `measure` times
    /// candidate algorithms (seconds at 1M points) and is worth it with a wisdom file.
    public enum Planning: Sendable {
        case estimate
        case measure

        var flags: UInt32 {
            switch self {
            case .estimate: UInt32(FFTW_ESTIMATE)
            case .measure: UInt32(FFTW_MEASURE)
            }
        }
    }

    /// The planning effort for plans made from now on.
    public static var planning: Planning {
        get { planner.withLock { $0.planning } }
        set { planner.withLock { $0.planning = newValue } }
    }

    /// Loads FFTW wisdom (earlier measurements) from `path`; returns false when it cannot.
    @discardableResult
    public static func importWisdom(from path: String) -> Bool {
        planner.withLock { _ in fftw_import_wisdom_from_filename(path) != 0 }
    }

    /// Saves FFTW wisdom to `path` so that later processes plan in milliseconds.
    @discardableResult
    public static func exportWisdom(to path: String) -> Bool {
        planner.withLock { _ in fftw_export_wisdom_to_filename(path) != 0 }
    }

    /// Forward transform of `count` real values into `count/2 + 1` complex bins.
    static func forward(_ input: FFTBuffer<Double>, _ output: FFTBuffer<fftw_complex>, count: Int) {
        precondition(input.capacity >= count && output.capacity >= count / 2 + 1)
        fftw_execute_dft_r2c(plan(.forward, count), input.pointer, output.pointer)
    }

    /// Inverse transform of `count/2 + 1` bins into `count` real values, unnormalised
    /// (the result is `count` times the signal). FFTW destroys the input of a c2r transform.
    static func inverse(_ input: FFTBuffer<fftw_complex>, _ output: FFTBuffer<Double>, count: Int) {
        precondition(input.capacity >= count / 2 + 1 && output.capacity >= count)
        fftw_execute_dft_c2r(plan(.inverse, count), input.pointer, output.pointer)
    }

    /// A size at least `minimum` whose only prime factors are 2, 3 and 5: FFTW is fastest there.
    public static func goodSize(atLeast minimum: Int) -> Int {
        var best = Int.max
        var two = 1
        while two < 2 * max(minimum, 1) {
            var three = two
            while three < 2 * max(minimum, 1) {
                var five = three
                while five < minimum { five *= 5 }
                best = min(best, five)
                three *= 3
            }
            two *= 2
        }
        return max(best, 1)
    }

    // MARK: Plans

    enum Direction: Hashable {
        case forward
        case inverse
    }

    private struct Key: Hashable {
        var direction: Direction
        var count: Int
    }

    /// FFTW plans are immutable once made; the opaque pointer is safe to share.
    private struct Plan: @unchecked Sendable {
        var pointer: OpaquePointer
    }

    private struct Planner {
        var planning: Planning = .estimate
        var plans: [Key: Plan] = [:]
    }

    private static let planner = Mutex(Planner())

    private static func plan(_ direction: Direction, _ count: Int) -> OpaquePointer {
        planner.withLock { planner in
            let key = Key(direction: direction, count: count)
            if let plan = planner.plans[key] { return plan.pointer }
            // Plan on scratch arrays: FFTW_MEASURE overwrites them. fftw_malloc alignment makes
            // the plan valid for every other fftw_malloc'ed array (new-array execute rule).
            let real = FFTBuffer<Double>(capacity: count)
            let complex = FFTBuffer<fftw_complex>(capacity: count / 2 + 1)
            let flags = planner.planning.flags | UInt32(FFTW_DESTROY_INPUT)
            let made: OpaquePointer? = switch direction {
            case .forward: fftw_plan_dft_r2c_1d(Int32(count), real.pointer, complex.pointer, flags)
            case .inverse: fftw_plan_dft_c2r_1d(Int32(count), complex.pointer, real.pointer, flags)
            }
            guard let made else { fatalError("FFTW could not plan a \(direction) transform of \(count) points") }
            planner.plans[key] = Plan(pointer: made)
            return made
        }
    }
}

/// An FFTW-aligned array, freed with the buffer. Not shared between threads.
final class FFTBuffer<Element> {
    let pointer: UnsafeMutablePointer<Element>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        let raw = fftw_malloc(MemoryLayout<Element>.stride * self.capacity)!
        pointer = raw.bindMemory(to: Element.self, capacity: self.capacity)
    }

    deinit { fftw_free(pointer) }

    subscript(index: Int) -> Element {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }
}
