extension ScreeningResultContent {
    /// Checks what the database's constraints would refuse, and what they cannot see, so that a
    /// bad result fails with a sentence rather than an SQLite constraint name.
    func validate() throws(StoreError) {
        try InputRules.name(operatorName, "the operator's username")
        switch (qcOutcome, assessment) {
        case (.fail, .some):
            throw StoreError.invalidInput("a result whose QC failed has no risk or category")
        case (.pass, nil), (.warning, nil):
            throw StoreError.invalidInput("a result whose QC did not fail needs a risk and a category")
        case (_, .some(let assessment)):
            try InputRules.number(assessment.risk, "the risk", in: 0...1)
        case (.fail, nil):
            guard !qcReasons.isEmpty else { throw StoreError.invalidInput("a failed QC needs at least one reason") }
        }
        for reason in qcReasons {
            try InputRules.name(reason.code, "a QC reason's code")
            try InputRules.text(reason.detail, "a QC reason's detail", allowEmpty: true)
        }
        try InputRules.name(model.id, "the model id", maxLength: 200)
        try InputRules.name(methodVersion, "the method version")
        try InputRules.name(softwareVersion, "the software version")
        for (index, peak) in peaks.enumerated() {
            for (value, field) in [(peak.retentionTime, "retention time"), (peak.start, "start"), (peak.end, "end"),
                                   (peak.height, "height"), (peak.area, "area"), (peak.fwhm, "FWHM"), (peak.snr, "SNR")] {
                try InputRules.number(value, "peak \(index)'s \(field)")
            }
        }
        var compoundNames = Set<String>()
        for compound in compounds {
            try InputRules.name(compound.name, "a compound's name", maxLength: 200)
            guard compoundNames.insert(compound.name).inserted else {
                throw StoreError.invalidInput("compound '\(compound.name)' is listed twice")
            }
            if let cas = compound.casNumber { try InputRules.name(cas, "compound '\(compound.name)''s CAS number", maxLength: 20) }
            if let peak = compound.peakIndex, !peaks.indices.contains(peak) {
                throw StoreError.invalidInput("compound '\(compound.name)' names peak \(peak), but the result has \(peaks.count) peaks")
            }
            if let concentration = compound.concentrationPPB {
                try InputRules.number(concentration, "compound '\(compound.name)''s concentration")
            }
            try InputRules.number(compound.confidence, "compound '\(compound.name)''s confidence", in: 0...1)
        }
        var featureNames = Set<String>()
        for feature in features {
            try InputRules.name(feature.name, "a feature's name", maxLength: 200)
            guard featureNames.insert(feature.name).inserted else {
                throw StoreError.invalidInput("feature '\(feature.name)' is listed twice")
            }
            try InputRules.number(feature.value, "feature '\(feature.name)'")
        }
    }
}
