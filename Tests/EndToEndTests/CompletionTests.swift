import Foundation
import Testing

/// Shell completions and the help dump that the man pages are generated from.
@Suite struct CompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCoverEveryCommand(_ shell: String) throws {
        let result = try Command.run("breathctl", ["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        for word in ["results", "export", "plot", "--since", "--until", "--category", "--db", "audit", "runs"] {
            // fish names long options without their dashes (-l since).
            let expected = shell == "fish" && word.hasPrefix("--") ? "-l '\(word.dropFirst(2))'" : word
            #expect(result.stdout.contains(expected), "\(shell) completion lacks \(expected)")
        }
        if shell == "bash" {
            let directory = try TemporaryDirectory()
            let file = directory.url.appendingPathComponent("breathctl.bash")
            try Data(result.stdout.utf8).write(to: file)
            let syntax = try Command.run(executable: "/bin/bash", ["-n", file.path])
            #expect(syntax.status == 0, "\(syntax.stderr)")
        }
    }

    /// GenerateManual reads this dump; every command must be in it with its discussion.
    @Test func helpDumpForTheManualPagesListsEveryCommand() throws {
        let result = try Command.run("breathctl", ["--experimental-dump-help"])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        func names(_ command: [String: Any], prefix: String = "") -> [String] {
            let name = prefix + (command["commandName"] as? String ?? "?")
            return [name] + (command["subcommands"] as? [[String: Any]] ?? []).flatMap { names($0, prefix: name + " ") }
        }
        let all = Set(names(try #require(document["command"] as? [String: Any])))
        for command in ["breathctl results list", "breathctl results show", "breathctl results export", "breathctl plot",
                        "breathctl runs list", "breathctl audit verify", "breathctl db backup", "breathctl analyze"] {
            #expect(all.contains(command), "\(command) missing")
        }
        #expect(result.stdout.contains("permission denied (the database or its folder)"))
    }
}
