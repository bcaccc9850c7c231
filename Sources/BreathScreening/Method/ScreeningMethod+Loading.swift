import Foundation

extension ScreeningMethod {
    /// Reads and validates the method file at `path`.
    public static func load(path: String) throws(MethodError) -> ScreeningMethod {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data)
    }

    /// Decodes and validates a method document.
    public static func decode(_ data: Data) throws(MethodError) -> ScreeningMethod {
        struct Header: Decodable { var format: String; var formatVersion: Int }
        let decoder = JSONDecoder()
        do {
            let header = try decoder.decode(Header.self, from: data)
            guard header.format == formatName else {
                throw MethodError.invalid(key: "format", reason: "\"\(header.format)\" is not \"\(formatName)\"")
            }
            guard header.formatVersion == supportedFormatVersion else {
                throw MethodError.unsupportedFormatVersion(header.formatVersion)
            }
            let method = try decoder.decode(ScreeningMethod.self, from: data)
            try method.validate()
            return method
        } catch let error as MethodError {
            throw error
        } catch let error as DecodingError {
            let (key, reason) = JSONKeyPath.describe(error)
            throw .malformed(key: key, reason: reason)
        } catch {
            throw .malformed(key: "(document)", reason: "\(error)")
        }
    }

    /// Checks every value that decoding alone cannot; throws the first problem found.
    public func validate() throws(MethodError) {
        try require(!id.isEmpty, "id", "must not be empty")
        try require(!version.isEmpty, "version", "must not be empty")
        try retention.validate()
        let standard = internalStandard
        try require(!standard.name.isEmpty, "internalStandard.name", "must not be empty")
        try require(standard.amountPPB > 0, "internalStandard.amountPPB", "must be positive")
        try require(standard.pidResponse > 0, "internalStandard.pidResponse", "must be positive")
        try require(standard.expectedArea > 0, "internalStandard.expectedArea", "must be positive")
        try require(
            retention.referencePeaks.first?.name == standard.name, "retention.referencePeaks[0].name",
            "must be the internal standard \"\(standard.name)\"")
        try require(
            retention.referencePeaks[0].retentionIndex == standard.retentionIndex, "retention.referencePeaks[0].retentionIndex",
            "must equal internalStandard.retentionIndex")
        try require(nominalBreathVolumeML > 0, "nominalBreathVolumeML", "must be positive")
        try require(detectionSNR > 0, "detectionSNR", "must be positive")
        try require(peakTailingRatio >= 0 && peakTailingRatio <= 5, "peakTailingRatio", "must lie in [0, 5]")
        try validateTargets()
        try qc.validate()
        try require(!model.id.isEmpty, "model.id", "must not be empty")
        try require(!model.file.isEmpty, "model.file", "must not be empty")
        if let pinned = model.sha256 {
            try require(SHA256.isHexDigest(pinned), "model.sha256", "must be 64 hexadecimal digits")
        }
    }

    private func validateTargets() throws(MethodError) {
        try require(!targets.isEmpty, "targets", "must list at least one compound")
        try require(targets.contains(where: \.isFeature), "targets", "no target has isFeature true")
        var names = Set<String>()
        for (index, target) in targets.enumerated() {
            let key = "targets[\(index)]"
            try require(!target.name.isEmpty, key + ".name", "must not be empty")
            try require(names.insert(target.name).inserted, key + ".name", "\"\(target.name)\" is listed twice")
            try require(target.windowRI > 0, key + ".windowRI", "must be positive")
            try require(target.pidResponse > 0, key + ".pidResponse", "must be positive")
            try require(target.retentionIndex.isFinite, key + ".retentionIndex", "must be finite")
        }
        // Overlapping windows would let one peak be two compounds.
        let windows = targets.enumerated().sorted { $0.element.retentionIndex < $1.element.retentionIndex }
        for (low, high) in zip(windows, windows.dropFirst()) {
            let gap = high.element.retentionIndex - low.element.retentionIndex
            try require(
                gap >= low.element.windowRI + high.element.windowRI, "targets[\(high.offset)].windowRI",
                "window of \"\(high.element.name)\" overlaps that of \"\(low.element.name)\"")
        }
        for (index, target) in targets.enumerated() {
            let distance = abs(target.retentionIndex - internalStandard.retentionIndex)
            try require(
                distance >= target.windowRI, "targets[\(index)].windowRI",
                "window of \"\(target.name)\" contains the internal standard")
        }
    }
}

extension RetentionCalibrationSpec {
    fileprivate func validate() throws(MethodError) {
        try require(deadTimeS > 0, "retention.deadTimeS", "must be positive")
        try require(ladder.count >= 2, "retention.ladder", "needs at least two alkanes")
        try require(ladder[0].timeS > deadTimeS, "retention.ladder[0].timeS", "must be after the dead time")
        for index in ladder.indices.dropFirst() {
            try require(
                ladder[index].carbon > ladder[index - 1].carbon, "retention.ladder[\(index)].carbon",
                "carbon numbers must increase")
            try require(ladder[index].timeS > ladder[index - 1].timeS, "retention.ladder[\(index)].timeS", "times must increase")
        }
        try require(!referencePeaks.isEmpty, "retention.referencePeaks", "must list the internal standard")
        try require(searchDriftPercent > 0 && searchDriftPercent <= 20, "retention.searchDriftPercent", "must lie in (0, 20]")
        try require(referenceToleranceS > 0, "retention.referenceToleranceS", "must be positive")
    }
}

extension QCThresholds {
    fileprivate func validate() throws(MethodError) {
        let limits: [(String, QCLimits)] = [
            ("qc.breathVolumeML", breathVolumeML), ("qc.endTidalCO2Percent", endTidalCO2Percent),
            ("qc.breathDurationS", breathDurationS), ("qc.internalStandardRecovery", internalStandardRecovery),
            ("qc.retentionDriftPercent", retentionDriftPercent), ("qc.baselineNoise", baselineNoise),
            ("qc.carryoverShare", carryoverShare),
        ]
        for (key, limit) in limits {
            // Present limits must nest: fail below ≤ warn below ≤ warn above ≤ fail above.
            let ordered = [
                ("failBelow", limit.failBelow), ("warnBelow", limit.warnBelow), ("warnAbove", limit.warnAbove),
                ("failAbove", limit.failAbove),
            ].compactMap { name, value in value.map { (name, $0) } }
            for (low, high) in zip(ordered, ordered.dropFirst()) {
                try require(high.1 >= low.1, "\(key).\(high.0)", "must not be below \(low.0) (\(low.1))")
            }
            for (name, value) in ordered { try require(value.isFinite, "\(key).\(name)", "must be finite") }
        }
        try require(saturationLevel > 0, "qc.saturationLevel", "must be positive")
        try require((0..<1).contains(carryoverFraction), "qc.carryoverFraction", "must lie in [0, 1)")
    }
}

private func require(_ condition: Bool, _ key: String, _ reason: String) throws(MethodError) {
    if !condition { throw .invalid(key: key, reason: reason) }
}
