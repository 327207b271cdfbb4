import Foundation
import XCTest

/// Runs an outside toolchain (cc, c++, cargo) as a plugin author would, skipping the test when
/// the tool is not installed.
enum Toolchain {
    /// What a tool printed (standard output and error together) and how it exited.
    struct Output {
        var status: Int32
        var text: String
    }

    /// The executable `name` on `PATH`, else in `~/.cargo/bin` (where rustup puts cargo without
    /// always adding it to `PATH`); nil when it is nowhere.
    static func find(_ name: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        if let home = environment["HOME"] { folders.append(home + "/.cargo/bin") }
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `tool` with `arguments` and extra `environment` variables; throws `XCTSkip` when the
    /// tool is not found.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        guard let executable = find(tool) else { throw XCTSkip("\(tool) not found: this test builds a plugin with it") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting, so a chatty tool cannot block on a full pipe.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }

    /// Runs `tool` and returns its output; a failure (not a missing tool) throws `FixtureError`.
    @discardableResult
    static func succeed(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let output = try run(tool, arguments, environment: environment)
        guard output.status == 0 else {
            throw FixtureError(description: "\(tool) \(arguments.joined(separator: " ")) failed (\(output.status)):\n\(output.text)")
        }
        return output.text
    }
}
