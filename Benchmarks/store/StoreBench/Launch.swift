import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs `path` with `arguments` through posix_spawn and waitpid, and returns its standard
/// output when `capture` (else it goes to /dev/null); throws when it exits non-zero.
///
/// Not Foundation's Process: on Linux its waitUntilExit polls a run loop and rounds every
/// process to about 50 ms, which would swamp the times this benchmark measures.
@discardableResult
func launch(_ path: String, _ arguments: [String], input: String? = nil, capture: Bool = false) throws -> String {
    var output: [Int32] = [-1, -1], inputPipe: [Int32] = [-1, -1]
    guard pipe(&output) == 0, pipe(&inputPipe) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
    if capture {
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    for descriptor in output + inputPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, path, &actions, nil, argv, environ)
    close(output[1])
    close(inputPipe[0])
    guard code == 0 else {
        close(output[0])
        close(inputPipe[1])
        throw BenchError("cannot run \(path): \(String(cString: strerror(code)))")
    }
    // Inputs here are a few kilobytes, well inside a pipe's buffer: write all, then read.
    if let input {
        let bytes = Array(input.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(inputPipe[1], $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            written += count
        }
    }
    close(inputPipe[1])
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = read(output[0], &buffer, buffer.count)
        guard count > 0 else { break }
        data += buffer[0..<count]
    }
    close(output[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED and WEXITSTATUS are macros Swift cannot import.
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
        throw BenchError("\(path) \(arguments.joined(separator: " ")) failed (wait status \(status))")
    }
    return String(decoding: data, as: UTF8.self)
}
