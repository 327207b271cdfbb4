import Foundation
import XCTest

@testable import LatKit

/// A library whose loading crashes, exits or hangs (a constructor that faults, an entry point or
/// descriptor pointing into nowhere) is loaded in a child first when it would run isolated: each
/// command that meets it prints one line and exits 1, and this test process, where `runCLI`
/// runs the host, survives.
final class LibraryProbeTests: XCTestCase {
    private func fixture(_ number: Int, in folder: String) throws -> String {
        try CFixtures.build("Tests/PluginFixtures/crashing_load.c", name: "crashing_load\(number)", in: folder, defines: ["CASE=\(number)"])
    }

    func testEachWayOfFailingToLoadIsOneLineAndExitStatusOne() throws {
        let environment = ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()]
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cases: [(number: Int, ending: String)] = [
            (1, "crashed while loading: SIGSEGV (its last words: fixture: constructor running)"),
            (2, "crashed while loading: SIGSEGV"),
            (3, "crashed while loading: SIGSEGV"),
            (4, "exited with status 0 while loading (its last words: fixture: constructor running)"),
            (5, "did not finish loading within 2 s"),
        ]
        for (number, ending) in cases {
            let library = try fixture(number, in: folder)
            let expected = "\(library): plugin library \(ending)"
            let commands: [(prefix: String, arguments: [String])] = [
                ("latkit plugins info: ", ["plugins", "info", library]),
                ("latkit plugins check: ", ["plugins", "check", library]),
                (
                    "latkit train: ",
                    [
                        "--plugin-path", TestPaths.builtProducts, "train", "--space", "ofa-mbv3-w1.0", "--data",
                        TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv", "--target", "rtx_2080_ti_ms", "--estimator", library,
                        "--train-rows", "0:100", "--out", folder + "/m.model",
                    ]
                ),
            ]
            for (prefix, arguments) in commands {
                let started = Date()
                let result = runCLI(["--timeout", "2"] + arguments, environment: environment)
                XCTAssertEqual(result.status, 1, "case \(number), \(arguments[0]): \(result.out + result.err)")
                XCTAssertEqual(result.err, prefix + expected + "\n", "case \(number), \(arguments[0])")
                XCTAssertLessThan(Date().timeIntervalSince(started), 30, "case \(number)")
                // The library was never opened in this process.
                XCTAssertFalse(PluginLibrary.isLoaded(path: library), "case \(number)")
            }
        }
    }

    /// Found by discovery, such a library is a warning like any library that fails to load; the
    /// other plugins are listed (and `plugins list` exits 1, as for every load problem).
    func testADiscoveredLibraryThatCrashesOnLoadIsAWarning() throws {
        let environment = ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()]
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try fixture(1, in: folder)
        let result = runCLI(
            ["--plugin-path", TestPaths.builtProducts, "--plugin-path", folder, "plugins", "list"], environment: environment)
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertTrue(result.err.contains("warning: \(library): plugin library crashed while loading: SIGSEGV"), result.err)
        XCTAssertTrue(result.out.contains("mlp"), result.out)
    }

    /// A sound library outside the shipped folder loads through the probe, once per process.
    func testASoundLibraryLoadsThroughTheProbe() throws {
        let latkit = try TestPaths.latkitExecutable()
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let example = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "probe_example", in: folder)
        let policy = IsolationPolicy(mode: .always, executable: latkit)
        XCTAssertNoThrow(try policy.probeLoading(example))
        let catalog = PluginCatalog()
        catalog.isolation = policy
        XCTAssertEqual(try catalog.load(file: example).plugins.map(\.name), ["example-c-linear"])
        XCTAssertTrue(PluginLibrary.isLoaded(path: example))
    }
}
