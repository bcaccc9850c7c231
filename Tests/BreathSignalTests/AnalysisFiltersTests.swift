import Foundation
import Testing

@testable import BreathSignal

@Suite struct AnalysisFiltersTests {
    static func randomValues(count: Int, seed: UInt64) -> [Double] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in random.nextNormal(mean: 0, standardDeviation: 10).rounded() }
    }

    /// Mean of the samples within `half` of each index, window clipped at the ends.
    static func naiveMovingAverage(_ x: [Double], half: Int) -> [Double] {
        x.indices.map { i in
            let window = x[max(0, i - half)...min(x.count - 1, i + half)]
            return window.reduce(0, +) / Double(window.count)
        }
    }

    /// Extremum over the window of `width` samples starting `width / 2` before each index
    /// (centred for odd widths, one more sample on the left for even ones), clipped at the ends.
    static func naiveExtremum(_ x: [Double], width: Int, isMinimum: Bool) -> [Double] {
        guard width > 1 else { return x }
        return x.indices.map { i in
            let window = x[max(0, i - width / 2)...min(x.count - 1, i - width / 2 + width - 1)]
            return isMinimum ? window.min()! : window.max()!
        }
    }

    @Test func movingAverageMatchesNaive() {
        for count in [1, 2, 3, 7, 50, 301] {
            let x = Self.randomValues(count: count, seed: UInt64(count))
            for half in [0, 1, 2, 3, 10, 400] {
                let fast = Filters.movingAverage(x, half: half)
                let naive = Self.naiveMovingAverage(x, half: half)
                #expect(fast.count == count)
                // Prefix sums of values ≤ ~40 in magnitude: round-off far below 1e-9.
                #expect(zip(fast, naive).allSatisfy { abs($0 - $1) < 1e-9 }, "count \(count) half \(half)")
            }
        }
    }

    @Test func runningMinimumAndMaximumMatchNaive() {
        for count in [1, 2, 5, 17, 64, 257] {
            let x = Self.randomValues(count: count, seed: 100 + UInt64(count))
            for width in [1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 31, 64, 100, 300, 1000] {
                for isMinimum in [true, false] {
                    let fast = Filters.runningExtremum(x, width: width, isMinimum: isMinimum)
                    let naive = Self.naiveExtremum(x, width: width, isMinimum: isMinimum)
                    #expect(fast == naive, "count \(count) width \(width) \(isMinimum ? "min" : "max")")
                }
            }
        }
    }

    /// A dip of depth 50 and half-width 20 with monotone flanks, flat (exactly 0) around it.
    static let dip: [Double] = (0..<120).map { i in
        let u = Double(i - 60) / 20
        return abs(u) < 1 ? -50 * (1 - u * u) * (1 - u * u) : 0
    }

    /// Opening must keep a dip of any width exactly and never rise above its input (it is
    /// anti-extensive): BaselineEstimator relies on it to follow the water dip. Even widths
    /// fail today, see the report: erosion and dilation use the same asymmetric window.
    @Test(arguments: [3, 4, 5, 8, 9, 16, 17, 41])
    func openingKeepsAWideDipExactly(width: Int) {
        let opened = Filters.opening(Self.dip, width: width)
        let deviation = zip(opened, Self.dip).map { abs($0 - $1) }.max()!
        let rise = zip(opened, Self.dip).map { $0 - $1 }.max()!
        #expect(deviation == 0, "width \(width): opening moved the dip")
        #expect(rise <= 0, "width \(width): opening rose above its input")
    }

    @Test(arguments: [5, 6, 9, 10])
    func openingRemovesANarrowBump(width: Int) {
        var x = Self.dip
        // Bumps 1 to 3 samples wide, narrower than the window, on the flat part and in the dip.
        x[10] += 30
        x[20] += 30; x[21] += 40
        x[45] += 20; x[46] += 25; x[47] += 20
        let opened = Filters.opening(x, width: width)
        for i in [10, 20, 21] { #expect(opened[i] == 0, "width \(width) index \(i)") }
        // In the dip the bump is cut down to the dip's own level (its flank is monotone there).
        for i in 45...47 { #expect(opened[i] <= Self.dip[44] && opened[i] >= Self.dip[48], "width \(width) index \(i)") }
    }

    @Test func openingOfAWindowWiderThanTheTraceIsFlatAtTheMinimumForPositiveFeatures() {
        let x = (0..<30).map { (i: Int) -> Double in
            let u = Double(i - 15)
            return 5 + 3 * exp(-u * u / 8)
        }
        #expect(Filters.opening(x, width: 61).allSatisfy { abs($0 - x.min()!) < 1e-12 })
    }
}
