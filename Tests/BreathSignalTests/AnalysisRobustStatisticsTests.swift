import Testing

@testable import BreathSignal

@Suite struct AnalysisRobustStatisticsTests {
    @Test func medianOfSmallArrays() {
        #expect(RobustStatistics.median([]) == nil)
        #expect(RobustStatistics.median([4.5]) == 4.5)
        #expect(RobustStatistics.median([3, 1, 2]) == 2)
        #expect(RobustStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(RobustStatistics.median([5, 5, 5, 1, 5]) == 5)
        #expect(RobustStatistics.median([2, 2, 1, 1]) == 1.5)
        #expect(RobustStatistics.median([7, 7, 7, 7]) == 7)
        #expect(RobustStatistics.median([-1, -3, 10, 0, 0, 0]) == 0)
        #expect(RobustStatistics.median([1, 2, 3, 4, 5, 6, 7, 8]) == 4.5)  // sorted input
        #expect(RobustStatistics.median([8, 7, 6, 5, 4, 3, 2, 1, 0]) == 4)  // reversed input
    }

    @Test func medianMatchesSortingOnRandomArraysWithDuplicates() {
        var random = SeededGenerator(seed: 42)
        for count in 1...300 {
            // Values rounded to a few levels so that ties are common.
            let values = (0..<count).map { _ in (random.nextNormal(mean: 0, standardDeviation: 3)).rounded() }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            #expect(RobustStatistics.median(values) == expected, "count \(count)")
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func scaledMADEstimatesTheStandardDeviation(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let sigma = 3.0
        let values = (0..<20_000).map { _ in random.nextNormal(mean: 10, standardDeviation: sigma) }
        // The normal-consistent MAD has standard error ≈ 1.17 σ/√n = 0.8 % of σ at n = 20 000;
        // 3 % is about four standard errors. Forgetting the 1.4826 factor errs by 33 %.
        #expect(abs(RobustStatistics.scaledMAD(values) / sigma - 1) < 0.03)
    }

    @Test func scaledMADIgnoresAFewGrossOutliers() {
        var random = SeededGenerator(seed: 7)
        var values = (0..<20_000).map { _ in random.nextNormal(mean: 0, standardDeviation: 2) }
        for i in stride(from: 0, to: values.count, by: 100) { values[i] = 1e6 }  // 1 % outliers
        // 1 % one-sided contamination biases the MAD by ≈ +1 %; plus 0.8 % standard error.
        // A standard deviation would be ≈ 1e5 here.
        #expect(abs(RobustStatistics.scaledMAD(values) / 2 - 1) < 0.04)
        #expect(RobustStatistics.scaledMAD([]) == 0)
        #expect(RobustStatistics.scaledMAD([3, 3, 3]) == 0)
    }

    @Test func subsampleKeepsShortArraysAndStridesLongOnes() {
        let short = (0..<100).map(Double.init)
        #expect(RobustStatistics.subsample(short, limit: 100) == short)
        let long = (0..<1000).map(Double.init)
        let taken = RobustStatistics.subsample(long, limit: 100)
        #expect(taken.count == 100)
        #expect(taken.first == 0)
        #expect(zip(taken, taken.dropFirst()).allSatisfy { $1 - $0 == 10 })
    }
}
