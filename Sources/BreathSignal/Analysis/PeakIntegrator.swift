/// Measures detected peaks: bounds, apex, height, FWHM and area above the baseline.
///
/// Integration rules (areas are time integrals of signal − baseline, trapezoid rule, on the
/// unsmoothed trace):
/// - A peak whose extent touches no other is integrated baseline to baseline.
/// - Peaks whose extents overlap form a cluster, split at the lowest point of the smoothed
///   trace between neighbouring apexes by a perpendicular **drop line**.
/// - A peak smaller than `tangentSkimRatio` of its left neighbour and standing on its tail is
///   **tangent-skimmed**: it gets only the area above the straight line from the valley
///   before it to its end; the rest stays with the large peak.
/// - When the valley between fused peaks stays above `deconvolutionValley` of the smaller
///   peak's height, drop lines misassign area; the cluster is then **deconvolved** by fitting
///   exponentially-modified-Gaussian components, and the fit's areas replace the drop-line
///   areas only when the fit explains the cluster down to the noise.
struct PeakIntegrator {
    let trace: TraceView
    let baseline: [Double]
    let noise: Double
    let samplePeriod: Double
    let startTime: Double
    let settings: AnalysisSettings

    func integrate(_ candidates: [PeakCandidate], walker: ExtentWalker) -> [DetectedPeak] {
        guard !candidates.isEmpty else { return [] }
        let bounds = candidates.map { walker.bounds(of: $0, baseline: baseline) }
        let extents = bounds.map(\.range)
        var peaks: [DetectedPeak] = []
        var clusterStart = 0
        for index in 1...candidates.count {
            // Neighbours are fused when their extents overlap, or when a walk between them
            // stopped in a valley: each walk finds the valley on its own smoothing, so the
            // two may stop a few samples apart without sharing a sample.
            let continues = index < candidates.count
                && (extents[index].lowerBound <= extents[index - 1].upperBound
                    || bounds[index - 1].rightInValley || bounds[index].leftInValley)
            if continues { continue }
            peaks += measure(cluster: Array(candidates[clusterStart..<index]), extents: Array(extents[clusterStart..<index]))
            clusterStart = index
        }
        return peaks
    }

    // MARK: Clusters

    private func measure(cluster: [PeakCandidate], extents: [ClosedRange<Int>]) -> [DetectedPeak] {
        let start = extents.map(\.lowerBound).min()!
        let end = extents.map(\.upperBound).max()!
        var bounds: [ClosedRange<Int>] = []
        var valleys: [Int] = []
        var left = start
        for index in cluster.indices {
            if index + 1 < cluster.count {
                let valley = lowestPoint(between: cluster[index].apex, and: cluster[index + 1].apex, sigma: cluster[index].sigma)
                valleys.append(valley)
                bounds.append(left...valley)
                left = valley
            } else {
                bounds.append(left...end)
            }
        }
        var peaks = cluster.indices.map { index in
            describe(cluster[index], bounds: bounds[index], method: cluster.count == 1 ? .baseline : .dropLine)
        }
        guard cluster.count > 1 else {
            if peaks[0].height >= settings.shoulderSearchHeight * noise,
               let split = hiddenShoulder(cluster[0], peak: peaks[0], region: start...end) {
                return split
            }
            return peaks
        }

        let poorlyResolved = valleys.indices.contains { index in
            let valleyHeight = height(at: valleys[index], sigma: cluster[index].sigma)
            let smaller = min(peaks[index].height, peaks[index + 1].height)
            return valleyHeight > settings.deconvolutionValley * smaller
        }
        if poorlyResolved, let fitted = deconvolve(cluster, peaks: peaks, region: start...end) {
            return fitted
        }
        for index in 1..<cluster.count where peaks[index].height < settings.tangentSkimRatio * peaks[index - 1].height {
            skim(&peaks, rider: index, valley: valleys[index - 1], end: bounds[index].upperBound)
        }
        return peaks
    }

    /// Fits EMG components sharing one shape (σ, τ) to the cluster; nil when the fit does not
    /// reach the noise level or misplaces a component.
    private func deconvolve(_ cluster: [PeakCandidate], peaks: [DetectedPeak], region: ClosedRange<Int>) -> [DetectedPeak]? {
        let times = region.map { Double($0) }
        // Fit in units of the cluster's largest value: sums of squares stay far from under-
        // and overflow whether the trace is in 1e-300 or 1e300 units.
        let scale = region.reduce(0) { max($0, abs(trace.values[$1] - baseline[$1])) }
        guard scale > 0, scale.isFinite else { return nil }
        let values = region.map { (trace.values[$0] - baseline[$0]) / scale }
        let initial = zip(cluster, peaks).map { candidate, peak in
            EMGFitter.Component(center: candidate.apexPosition, area: max(peak.area / samplePeriod / scale, 1e-9))
        }
        let sigma = cluster.map(\.sigma).reduce(0, +) / Double(cluster.count)
        guard let fit = EMGFitter.fit(times: times, values: values, components: initial, sigma: sigma, tau: 0.3 * sigma),
              fit.residualSigma * scale < 1.5 * noise
        else { return nil }
        var result: [DetectedPeak] = []
        for (index, component) in fit.components.enumerated() {
            let shape = EMGPeak(center: component.center, sigma: fit.sigma, tau: fit.tau, area: component.area * scale)
            let apex = shape.apexTime
            // A component that wandered off its peak means the model does not fit this cluster.
            guard abs(apex - cluster[index].apexPosition) < 2 * max(cluster[index].sigma, 1) else { return nil }
            let halfWidth = shape.fwhm / 2
            result.append(DetectedPeak(
                retentionTime: min(max(time(apex), peaks[index].start), peaks[index].end),
                start: peaks[index].start, end: peaks[index].end, height: shape.height,
                area: component.area * scale * samplePeriod, fwhm: 2 * halfWidth * samplePeriod, snr: shape.height / noise,
                integration: .deconvolved))
        }
        return result
    }

    /// Looks for a co-eluting peak hidden in a tall single peak's flank, where it makes no
    /// maximum even in the curvature: fits one EMG, and when the residual shows a bump well
    /// above the noise and the peak's own misfit, fits two. The pair replaces the single peak
    /// only when it explains the region far better and both members are real peaks.
    private func hiddenShoulder(_ candidate: PeakCandidate, peak: DetectedPeak, region: ClosedRange<Int>) -> [DetectedPeak]? {
        let times = region.map { Double($0) }
        let scale = region.reduce(0) { max($0, abs(trace.values[$1] - baseline[$1])) }
        guard scale > 0, scale.isFinite, times.count >= 12 else { return nil }
        let values = region.map { (trace.values[$0] - baseline[$0]) / scale }
        let start = EMGFitter.Component(center: candidate.apexPosition, area: max(peak.area / samplePeriod / scale, 1e-9))
        // The screening fit runs on every tall peak: a coarse one (30 points) is enough to see a bump.
        guard let single = EMGFitter.fit(
            times: times, values: values, components: [start], sigma: candidate.sigma, tau: 0.3 * candidate.sigma,
            maximumPoints: 30)
        else { return nil }
        let shape = EMGPeak(center: single.components[0].center, sigma: single.sigma, tau: single.tau, area: single.components[0].area)
        let residual = zip(times, values).map { $1 - shape.value(at: $0) }
        let smoothed = Filters.movingAverage(residual, half: max(1, Int(single.sigma / 2)))
        guard let best = smoothed.indices.max(by: { smoothed[$0] < smoothed[$1] }) else { return nil }
        let bump = smoothed[best] * scale
        guard bump >= max(6 * noise, 0.04 * peak.height) else { return nil }
        let guess = EMGFitter.Component(center: times[best], area: smoothed[best] * single.sigma * 2.5)
        guard let pair = EMGFitter.fit(
            times: times, values: values, components: [single.components[0], guess], sigma: single.sigma, tau: single.tau),
            pair.residualSigma < 0.5 * single.residualSigma, pair.residualSigma * scale < 2 * noise
        else { return nil }
        let shapes = pair.components.map { EMGPeak(center: $0.center, sigma: pair.sigma, tau: pair.tau, area: $0.area * scale) }
        let apexes = shapes.map(\.apexTime)
        guard shapes.allSatisfy({ $0.height >= 3 * noise }), abs(apexes[0] - apexes[1]) >= pair.sigma,
              apexes.allSatisfy({ Double(region.lowerBound) < $0 && $0 < Double(region.upperBound) })
        else { return nil }
        let order = apexes[0] < apexes[1] ? [0, 1] : [1, 0]
        let split = time((apexes[order[0]] + apexes[order[1]]) / 2)
        return order.enumerated().map { position, index in
            let shape = shapes[index]
            return DetectedPeak(
                retentionTime: time(apexes[index]), start: position == 0 ? peak.start : split,
                end: position == 0 ? split : peak.end, height: shape.height,
                area: pair.components[index].area * scale * samplePeriod, fwhm: shape.fwhm * samplePeriod,
                snr: shape.height / noise, integration: .deconvolved)
        }
    }

    /// Moves the part of a small rider peak under the tangent from its valley to its end
    /// back to the peak it rides on.
    private func skim(_ peaks: inout [DetectedPeak], rider: Int, valley: Int, end: Int) {
        guard end > valley else { return }
        let startLevel = trace.values[valley] - baseline[valley]
        let endLevel = trace.values[end] - baseline[end]
        var underTangent = 0.0
        for i in valley...end {
            let fraction = Double(i - valley) / Double(end - valley)
            let line = startLevel + fraction * (endLevel - startLevel)
            let weight = (i == valley || i == end) ? 0.5 : 1
            underTangent += weight * max(0, min(line, trace.values[i] - baseline[i]))
        }
        let moved = underTangent * samplePeriod
        peaks[rider].area -= moved
        peaks[rider].integration = .tangentSkim
        peaks[rider - 1].area += moved
        peaks[rider].height = max(0, peaks[rider].height - (startLevel + endLevel) / 2)
        peaks[rider].snr = peaks[rider].height / noise
    }

    // MARK: One peak

    private func describe(_ candidate: PeakCandidate, bounds: ClosedRange<Int>, method: IntegrationMethod) -> DetectedPeak {
        let height = candidate.apexValue - baseline[candidate.apex]
        // The sub-sample apex stays inside the integration bounds, whatever the parabola said.
        let apex = min(max(candidate.apexPosition, Double(bounds.lowerBound)), Double(bounds.upperBound))
        return DetectedPeak(
            retentionTime: time(apex), start: time(Double(bounds.lowerBound)),
            end: time(Double(bounds.upperBound)), height: height, area: area(over: bounds),
            fwhm: fwhm(candidate, height: height, bounds: bounds) * samplePeriod, snr: height / noise,
            integration: method)
    }

    private func area(over bounds: ClosedRange<Int>) -> Double {
        guard bounds.upperBound > bounds.lowerBound else { return 0 }
        var sum = 0.0
        for i in bounds {
            let weight = (i == bounds.lowerBound || i == bounds.upperBound) ? 0.5 : 1
            sum += weight * (trace.values[i] - baseline[i])
        }
        return sum * samplePeriod
    }

    /// Full width at half maximum in samples, from the smoothed trace; a side that never
    /// falls to half height inside the bounds (a fused neighbour) mirrors the other side.
    private func fwhm(_ candidate: PeakCandidate, height: Double, bounds: ClosedRange<Int>) -> Double {
        let half = max(0, Int(candidate.sigma / 4))
        let level = height / 2
        func crossing(_ step: Int) -> Double? {
            var i = candidate.apex
            var previous = candidate.apexValue - baseline[candidate.apex]
            while bounds.contains(i + step) {
                i += step
                let value = trace.average(at: i, half: half) - baseline[i]
                if value <= level {
                    let fraction = (previous - level) / max(previous - value, .leastNormalMagnitude)
                    return abs(Double(i - step) + Double(step) * fraction - candidate.apexPosition)
                }
                previous = value
            }
            return nil
        }
        switch (crossing(-1), crossing(1)) {
        case (let left?, let right?): return left + right
        case (let left?, nil): return 2 * left
        case (nil, let right?): return 2 * right
        case (nil, nil): return 2.3548 * candidate.sigma
        }
    }

    private func lowestPoint(between left: Int, and right: Int, sigma: Double) -> Int {
        guard right > left + 1 else { return left }
        let half = max(0, Int(sigma / 4))
        var lowest = left + 1
        var lowestValue = Double.infinity
        for i in (left + 1)..<right {
            let value = trace.average(at: i, half: half) - baseline[i]
            if value < lowestValue {
                lowestValue = value
                lowest = i
            }
        }
        return lowest
    }

    private func height(at index: Int, sigma: Double) -> Double {
        trace.average(at: index, half: max(0, Int(sigma / 4))) - baseline[index]
    }

    private func time(_ position: Double) -> Double { startTime + position * samplePeriod }
}
