/// The sub-streams of one seed used in this module, listed together so none is used twice.
///
/// Separate streams keep each random process stable when another one changes, e.g. adding
/// spikes leaves the noise realisation untouched.
enum RandomStream: UInt64 {
    case baselineWander = 1
    case detectorNoise = 2
    case spikePositions = 3
    case subjectLevels = 4
    case caseEffects = 5
}

extension SeededGenerator {
    init(seed: UInt64, stream: RandomStream) {
        self.init(seed: seed, stream: stream.rawValue)
    }
}
