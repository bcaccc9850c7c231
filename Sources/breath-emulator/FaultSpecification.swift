import ArgumentParser
import BreathEmulator

/// An injected fault written on the command line (see `breath-emulator --help`).
struct FaultSpecification: ExpressibleByArgument {
    let fault: InjectedFault

    init?(argument: String) {
        if let seconds = Self.value(argument, after: "disconnect@") {
            fault = .disconnect(atRunTime: seconds)
        } else if let ordinal = Self.value(argument, after: "corrupt#").flatMap(Int.init(exactly:)) {
            fault = .corruptDataFrame(ordinal: ordinal)
        } else if let ordinal = Self.value(argument, after: "drop#").flatMap(Int.init(exactly:)) {
            fault = .dropDataFrame(ordinal: ordinal)
        } else if argument.hasPrefix("stall@") {
            let parts = argument.dropFirst("stall@".count).split(separator: "+")
            guard parts.count == 2, let start = Double(parts[0]), let duration = Double(parts[1]),
                  start >= 0, duration > 0 else { return nil }
            fault = .stall(atRunTime: start, duration: duration)
        } else if argument.hasPrefix("fault:") {
            let parts = argument.dropFirst("fault:".count).split(separator: "@")
            guard parts.count == 2, let time = Double(parts[1]), time >= 0 else { return nil }
            let codeAndSeverity = parts[0].split(separator: ":")
            guard codeAndSeverity.count == 2, let code = UInt16(codeAndSeverity[0]),
                  let severity = UInt8(codeAndSeverity[1]) else { return nil }
            fault = .deviceFault(code: code, severity: severity, atRunTime: time)
        } else {
            return nil
        }
    }

    /// The non-negative number after `prefix`, if `argument` starts with it.
    private static func value(_ argument: String, after prefix: String) -> Double? {
        guard argument.hasPrefix(prefix), let number = Double(argument.dropFirst(prefix.count)), number >= 0 else { return nil }
        return number
    }
}
