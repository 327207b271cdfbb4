import Foundation
import XCTest

/// Compiles C plugin sources with the system C compiler, outside SwiftPM, as a plugin author would.
enum CFixtures {
    /// A fresh temporary folder for one test.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "latkit-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Builds `source` (relative to the repository) into `folder/liblatkit_<name>.so`; skips the
    /// test when there is no `cc`.
    @discardableResult
    static func build(_ source: String, name: String, in folder: String, defines: [String] = []) throws -> String {
        let output = folder + "/liblatkit_\(name).so"
        try Toolchain.succeed(
            "cc",
            [
                "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-I", TestPaths.repository + "/SDK/include",
                TestPaths.repository + "/" + source, "-o", output, "-lm",
            ] + defines.map { "-D" + $0 })
        return output
    }
}

extension CFixtures {
    /// A fresh folder holding the stand-in profiler (`synthetic-profiler`, latency from MACs).
    static func syntheticProfilerFolder() throws -> String {
        let folder = try temporaryFolder()
        try build("Tests/PluginFixtures/synthetic_profiler.c", name: "synthetic", in: folder)
        return folder
    }
}

/// Runs the command line with the built plugins and those in `folder`.
func runCLI(_ arguments: [String], plugins folder: String) -> CLIResult {
    runCLI(["--plugin-path", TestPaths.builtProducts, "--plugin-path", folder] + arguments)
}

/// A fixture that did not compile.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
}
