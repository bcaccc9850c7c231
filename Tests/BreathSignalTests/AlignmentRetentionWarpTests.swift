import Foundation
import Testing

@testable import BreathSignal

@Suite struct AlignmentRetentionWarpTests {
    typealias Anchor = RetentionWarp.Anchor

    static let anchors = [
        Anchor(observed: 10, reference: 12), Anchor(observed: 50, reference: 49),
        Anchor(observed: 100, reference: 105), Anchor(observed: 200, reference: 190),
    ]

    @Test func anchorsMapExactly() {
        let warp = RetentionWarp(anchors: Self.anchors)
        #expect(warp.anchors == Self.anchors)
        for anchor in Self.anchors {
            // The last anchor is reached through its segment's slope: one rounding step.
            #expect(abs(warp(anchor.observed) - anchor.reference) <= 1e-12 * anchor.reference)
        }
        // Between anchors: linear.
        #expect(abs(warp(75) - 77) < 1e-12)
        #expect(abs(warp(150) - 147.5) < 1e-12)
    }

    @Test func theWarpIsMonotone() {
        let warp = RetentionWarp(anchors: Self.anchors.reversed())  // input order does not matter
        let grid = stride(from: -100.0, through: 400, by: 0.25).map { warp($0) }
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func nonMonotoneAndDuplicateAnchorsAreDropped() {
        let warp = RetentionWarp(anchors: [
            Anchor(observed: 40, reference: 40), Anchor(observed: 10, reference: 10),
            Anchor(observed: 30, reference: 25),  // folds back: reference below the previous one
            Anchor(observed: 20, reference: 30),
            Anchor(observed: 40, reference: 45),  // same observed time as a kept anchor
            Anchor(observed: 50, reference: 50),
        ])
        #expect(warp.anchors == [
            Anchor(observed: 10, reference: 10), Anchor(observed: 20, reference: 30),
            Anchor(observed: 40, reference: 40), Anchor(observed: 50, reference: 50),
        ])
    }

    @Test func beyondTheOuterAnchorsTheWarpExtrapolatesLinearly() {
        let warp = RetentionWarp(anchors: Self.anchors)
        // First segment slope 37/40, last segment slope 85/100.
        #expect(abs(warp(0) - (12 - 10 * 37.0 / 40)) < 1e-12)
        #expect(abs(warp(-50) - (12 - 60 * 37.0 / 40)) < 1e-12)
        #expect(abs(warp(300) - (190 + 100 * 0.85)) < 1e-12)
    }

    @Test func oneOrNoAnchorIsAShift() {
        let one = RetentionWarp(anchors: [Anchor(observed: 20, reference: 23)])
        #expect(one(0) == 3 && one(100) == 103)
        let none = RetentionWarp(anchors: [], shift: -1.5)
        #expect(none(0) == -1.5 && none(100) == 98.5)
    }

    @Test func matchingPairsNearestPeaksWithinTolerance() {
        let warp = RetentionWarp.matching(
            referenceTimes: [100, 200, 300], detectedTimes: [95.2, 150, 203, 260, 310], shift: 2, tolerance: 6)
        // 95.2 + 2 is 2.8 s from 100; 203 + 2 is 5 s from 200; nothing within 6 s of 300 (312).
        #expect(warp.anchors == [Anchor(observed: 95.2, reference: 100), Anchor(observed: 203, reference: 200)])
    }

    @Test func matchingPicksTheNearestOfSeveralCandidates() {
        let warp = RetentionWarp.matching(
            referenceTimes: [100], detectedTimes: [96, 98.5, 101.5], shift: 0, tolerance: 5)
        #expect(warp.anchors == [Anchor(observed: 98.5, reference: 100)])
    }

    @Test func matchingWithoutPairsFallsBackToTheShift() {
        let warp = RetentionWarp.matching(referenceTimes: [100, 200], detectedTimes: [10, 20], shift: 4, tolerance: 1)
        #expect(warp(50) == 54)
        let empty = RetentionWarp.matching(referenceTimes: [100], detectedTimes: [], shift: -2, tolerance: 10)
        #expect(empty(50) == 48)
    }
}
