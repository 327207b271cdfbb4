import Foundation
import XCTest

@testable import LatKit

/// `latkit bench --suite quick` end to end: the built-ins, the plain-C example plugin given by path
/// (run isolated in a child process), and a plugin that crashes in the middle of the suite, which
/// loses its own result in that task and nothing else.
final class SuiteCommandTests: XCTestCase {
    func testTheQuickSuiteSurvivesACrashingPlugin() throws {
        let executable = TestPaths.builtProducts + "/latkit"
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw XCTSkip("no built latkit at \(executable)") }
        let plugins = try CFixtures.temporaryFolder()
        let example = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: plugins)
        let crashing = try CFixtures.build("Tests/PluginFixtures/crashing_estimator.c", name: "crashing", in: plugins)
        let unloadable = try CFixtures.build("Tests/PluginFixtures/crashing_load.c", name: "unloadable", in: plugins, defines: ["CASE=1"])
        let out = try TemporaryFolder()
        let result = runCLI(
            [
                "--plugin-path", TestPaths.builtProducts, "bench", "--suite", "quick", "--data-folder", TestPaths.data, "--estimator",
                example,
                "--estimator", crashing, "--estimator", unloadable, "--out", out.path, "--json",
            ], environment: ["LATKIT_EXECUTABLE": executable])
        XCTAssertEqual(result.status, 0, result.err)
        let results = try JSONDecoder().decode(SuiteResults.self, from: Data(result.out.utf8))
        XCTAssertEqual(results.suite, "quick")
        XCTAssertEqual(results.suiteVersion, "1")
        XCTAssertEqual(results.tasks.count, BenchmarkSuite.quick.tasks.count)
        for file in ["report.md", "report.html", "results.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.path + "/" + file), file)
        }
        let html = try String(contentsOfFile: out.path + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("quick v1"))

        func entry(_ task: Int, _ name: String) -> TaskScores.Entry {
            results.tasks[task].entries.first { $0.estimator == name }!
        }
        // Single-device tasks: every estimator that can do them ran, the device-view ones are n/a.
        for task in 0..<2 {
            XCTAssertEqual(entry(task, "liblatkit_example_c.so").status, "ok")
            XCTAssertEqual(entry(task, "liblatkit_crashing.so").status, "ok", "it crashes only on NAS-Bench-201")
            XCTAssertTrue(entry(task, "hwgen").status.hasPrefix("n/a"), entry(task, "hwgen").status)
            XCTAssertNotNil(entry(task, "mlp").metric)
            XCTAssertNotNil(entry(task, "liblatkit_example_c.so").versusBest)
        }
        // The crash cost the crashing plugin its NAS-Bench-201 row, and nothing else.
        let crash = "plugin 'crashing-linear' (\(crashing)) crashed in predict: SIGSEGV"
        XCTAssertEqual(entry(2, "liblatkit_crashing.so").status, "failed: " + crash)
        XCTAssertEqual(entry(2, "liblatkit_example_c.so").status, "ok")
        XCTAssertEqual(entry(2, "hwgen").status, "ok")
        XCTAssertNotNil(results.tasks[2].comparisons.first { $0.candidate == "hwgen" && $0.baseline == "nearest-device" })
        XCTAssertTrue(result.err.contains("liblatkit_crashing.so failed on nasbench201/lodo-10-quick: " + crash), result.err)
        XCTAssertTrue(result.err.contains("liblatkit_crashing.so runs isolated"), result.err)
        // A library that crashes while loading costs its own rows, in every task, and nothing else.
        for task in results.tasks.indices {
            XCTAssertEqual(
                entry(task, "liblatkit_unloadable.so").status,
                "failed: \(unloadable): plugin library crashed while loading: SIGSEGV (its last words: fixture: constructor running)")
        }
    }

    /// `--timeout` bounds each call of an isolated estimator in the suite too: a plugin whose
    /// `fit` never returns fails every task it fits in, after the timeout, and the run ends.
    func testTheTimeoutBoundsAnEstimatorThatNeverReturns() throws {
        let executable = TestPaths.builtProducts + "/latkit"
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw XCTSkip("no built latkit at \(executable)") }
        let plugins = try CFixtures.temporaryFolder()
        let endless = try CFixtures.build("Tests/PluginFixtures/crashing_estimator.c", name: "endless", in: plugins, defines: ["FAULT=4"])
        let out = try TemporaryFolder()
        let result = runCLI(
            [
                "--plugin-path", TestPaths.builtProducts, "--timeout", "1", "bench", "--suite", "quick", "--data-folder", TestPaths.data,
                "--estimator", endless, "--out", out.path, "--json",
            ], environment: ["LATKIT_EXECUTABLE": executable])
        XCTAssertEqual(result.status, 0, result.err)
        let results = try JSONDecoder().decode(SuiteResults.self, from: Data(result.out.utf8))
        for task in results.tasks {
            let status = task.entries.first { $0.estimator == "liblatkit_endless.so" }!.status
            XCTAssertEqual(status, "failed: plugin 'crashing-linear' (\(endless)) timed out after 1 s in fit", task.task.id)
        }
    }

    func testUnknownSuiteSplitOptionsWithSuiteAndRepeatedEstimatorWithoutSuiteAreUsageErrors() {
        XCTAssertEqual(runCLI(["bench", "--suite", "huge"]).status, 2)
        let split = runCLI(["bench", "--suite", "quick", "--folds", "5"])
        XCTAssertEqual(split.status, 2)
        XCTAssertTrue(split.err.contains("--folds does not apply to --suite: its tasks fix their own splits"), split.err)
        XCTAssertEqual(runCLI(["bench", "--space", "ofa-mbv3-w1.0", "--data", "x.csv", "--estimator", "a", "--estimator", "b"]).status, 2)
    }
}
