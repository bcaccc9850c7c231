import BreathSignal

/// What one detected peak was identified as. Every peak of the run has one: unidentified
/// peaks are kept, with their retention index, for review and later methods.
public struct PeakIdentity: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        /// A target compound of the method.
        case target
        /// The internal standard.
        case internalStandard = "internal-standard"
        /// Another retention reference peak.
        case reference
        /// Not matched to anything the method knows.
        case unidentified
    }

    /// Index in the run's peak table.
    public var peakIndex: Int
    /// Retention index after drift correction; nil for peaks at or before the dead time.
    public var retentionIndex: Double?
    public var role: Role
    /// Compound or reference name, nil when unidentified.
    public var name: String?
    /// 1 at the window's centre, falling linearly to 0 at its edge; 1 for reference peaks.
    public var confidence: Double
}

/// Drift-tolerant matching of a run's peaks to the method's compounds.
public struct Identification: Sendable, Hashable {
    /// One entry per detected peak, in peak-table order.
    public let peaks: [PeakIdentity]
    /// Peak index per target name, for targets found.
    public let targetPeaks: [String: Int]

    /// Identifies `peaks` using `calibration`. Each target takes the peak nearest its retention
    /// index within its window (the method guarantees windows do not overlap); peaks below the
    /// method's detection SNR are listed but never identified.
    public init(peaks: [DetectedPeak], calibration: RunCalibration, method: ScreeningMethod) {
        var identities = peaks.indices.map { index in
            PeakIdentity(
                peakIndex: index, retentionIndex: calibration.retentionIndex(at: peaks[index].retentionTime),
                role: .unidentified, name: nil, confidence: 0)
        }
        for (name, index) in calibration.referencePeaks {
            identities[index].role = index == calibration.internalStandardPeak ? .internalStandard : .reference
            identities[index].name = name
            identities[index].confidence = 1
        }
        var found: [String: Int] = [:]
        for target in method.targets {
            let candidates = identities.filter {
                $0.role == .unidentified && peaks[$0.peakIndex].snr >= method.detectionSNR
                    && $0.retentionIndex.map { abs($0 - target.retentionIndex) <= target.windowRI } == true
            }
            guard let best = candidates.min(by: {
                abs($0.retentionIndex! - target.retentionIndex) < abs($1.retentionIndex! - target.retentionIndex)
            }) else { continue }
            let distance = abs(best.retentionIndex! - target.retentionIndex)
            identities[best.peakIndex].role = .target
            identities[best.peakIndex].name = target.name
            identities[best.peakIndex].confidence = max(0, 1 - distance / target.windowRI)
            found[target.name] = best.peakIndex
        }
        self.peaks = identities
        targetPeaks = found
    }
}
