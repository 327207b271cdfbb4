import Foundation
import XCTest

@testable import LatKit

/// What a plugin author needs without guesswork: `plugins info` shows options with defaults,
/// views and capabilities; `plugins check` warns of name collisions and refuses a library it can
/// check nothing in; `make install` puts latkit and its plugins where discovery finds them.
final class PluginAuthoringTests: XCTestCase {
    func testPluginsInfoShowsKindViewsCapabilitiesAndOptions() throws {
        let folder = try CFixtures.syntheticProfilerFolder()
        var result = runCLI(["plugins", "info", "synthetic-profiler"], plugins: folder)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(
            result.out,
            """
            synthetic-profiler (profiler) 1.0.0, plugin ABI 1.1
              A stand-in device for tests: latency from MACs, no inference engine
              file: \(folder)/liblatkit_synthetic.so
              views: architectures, cost
              options (KEY=DEFAULT  meaning):
                sleep_ms=0   sleep per item (ms)
                jitter_ms=0  sleep up to this much more, at random (ms)
                fail=        fail items containing this text

            """)

        result = runCLI(["plugins", "info", TestPaths.plugin("mlp"), "--json"])
        XCTAssertEqual(result.status, 0, result.err)
        let plugins = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
        let mlp = try XCTUnwrap(plugins.first { $0["name"] as? String == "mlp" })
        XCTAssertEqual(mlp["capabilities"] as? [String], ["predict", "fit", "adapt", "std", "save"])
        let options = try XCTUnwrap(mlp["options"] as? [[String: String]])
        XCTAssertFalse(options.isEmpty)
        XCTAssertTrue(options.allSatisfy { !($0["name"] ?? "").isEmpty && !($0["meaning"] ?? "").isEmpty }, "\(options)")

        result = runCLI(["plugins", "list", "--json"])
        let listed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
        XCTAssertTrue(listed.allSatisfy { $0["options"] != nil }, "plugins list --json carries the options")

        result = runCLI(["plugins", "info", "no-such-plugin"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("no-such-plugin"), result.err)
    }

    func testPluginsCheckWarnsOfANameCollisionAndFailsOnNothingToCheck() throws {
        let folder = try CFixtures.temporaryFolder()
        let copy = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder)
        let other = try CFixtures.temporaryFolder()
        try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: other)
        var result = runCLI(["plugins", "check", copy, "--plugin-path", other])
        XCTAssertEqual(result.status, 0, result.out)
        XCTAssertTrue(
            result.out.contains(
                "warning: plugin 'example-c-linear' has the name of the installed estimator in \(other)/liblatkit_example_c.so"),
            result.out)

        let future = try CFixtures.build("Tests/PluginFixtures/malformed_tables.c", name: "future", in: folder, defines: ["CASE=5"])
        result = runCLI(["plugins", "check", future])
        XCTAssertEqual(result.status, 1, "checking nothing is not a pass")
        XCTAssertTrue(result.out.contains("warning: \(future): skipped plugin 'fixture-future' of unknown kind 99"), result.out)
        XCTAssertTrue(result.out.hasSuffix("0 passed, 0 failed, 0 skipped: nothing this latkit knows how to check\n"), result.out)
    }

    func testMakeInstallPutsLatkitAndItsPluginsWhereDiscoveryFindsThemAndUninstallRemovesOnlyThose() throws {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.builtProducts + "/latkit") else {
            throw XCTSkip("no built latkit executable")
        }
        let prefix = try CFixtures.temporaryFolder() + "/prefix"
        try make(["install", "NO_BUILD=1", "PREFIX=\(prefix)"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/include/latkit_plugin.h"))
        // A third party's plugin dropped beside the shipped ones is found with no flag.
        try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: prefix + "/lib/latkit/plugins")
        let listing = try run(prefix + "/bin/latkit", ["plugins", "list"])
        for name in ["mlp", "ofa-mbv3-w1.0", "onnxruntime-cpu", "example-c-linear"] {
            XCTAssertTrue(listing.contains(name + " "), "\(name) in \(listing)")
        }
        try make(["uninstall", "PREFIX=\(prefix)"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: prefix + "/bin/latkit"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: prefix + "/lib/latkit/plugins"), ["liblatkit_example_c.so"])
    }

    private func make(_ arguments: [String]) throws {
        _ = try run("/usr/bin/env", ["make", "--no-print-directory", "-C", TestPaths.repository] + arguments)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError(description: "\(executable) \(arguments): \(text)") }
        return text
    }
}
