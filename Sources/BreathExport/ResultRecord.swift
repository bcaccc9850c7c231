import BreathStore
import Foundation

/// Everything an export says about one screening result: every version of it (the one in
/// force last), the run it was computed from and the device that ran it.
public struct ResultRecord: Sendable, Hashable {
    public var history: ResultHistory
    /// Nil only in a damaged database (a result always references a stored run).
    public var run: RunRecord?
    public var device: DeviceRecord?

    public init(history: ResultHistory, run: RunRecord?, device: DeviceRecord?) {
        self.history = history
        self.run = run
        self.device = device
    }

    /// The version in force.
    public var current: ScreeningResult { history.current }

    /// How the version in force relates to the original: `final` for an original result;
    /// `corrected` when a correction changed the QC outcome, the risk or the category;
    /// `amended` when it changed anything else. These are FHIR's observation statuses.
    public var status: String {
        guard history.versions.count > 1 else { return "final" }
        let previous = history.versions[history.versions.count - 2].content
        let content = current.content
        return previous.qcOutcome != content.qcOutcome || previous.assessment != content.assessment ? "corrected" : "amended"
    }
}

/// What every output of a screening result says about the classifier.
public enum ModelNotice {
    /// No classifier in this software has been validated on real patients; every output of a
    /// result says so (GUIDE: science is honest).
    public static let notValidated =
        "The classifier that produced this risk has not been validated on real patients; it is not a diagnosis."
}

extension ScreeningResultContent {
    /// The identified compound's name for each peak index that has one (the first, should a
    /// peak carry two).
    public var compoundNameByPeak: [Int: String] {
        Dictionary(compounds.compactMap { compound in compound.peakIndex.map { ($0, compound.name) } }) { first, _ in first }
    }
}
