import Foundation
import XCTest

@testable import LatKit
@testable import LatKitCLI

/// `latkit profile`, `latkit lut build`, `latkit lut check` and `latkit data export` end to end, with a stand-in
/// profiler (a C fixture: latency from MACs) so they run on any machine, and the promise that an
/// interrupted run resumes: after a kill -9 at a random moment and a re-run, exactly the requested
/// architectures are stored, none twice.
final class ProfileCommandTests: XCTestCase {
    private var pluginFolder = ""

    override func setUpWithError() throws { pluginFolder = try CFixtures.syntheticProfilerFolder() }

    private func cli(_ arguments: [String]) -> CLIResult { runCLI(arguments, plugins: pluginFolder) }

    private func storedItems(_ db: String) throws -> [String] {
        try SQLiteMeasurementStore(path: db).measurements(MeasurementFilter(kind: .network)).map(\.item)
    }

    func testProfileStoresExportsAndResumes() throws {
        let folder = try TemporaryFolder()
        let db = folder.path + "/m.sqlite"
        let common = ["--space", "ofa-mbv3-w1.0", "--seed", "4", "--db", db, "--profiler", "synthetic-profiler"]
        var result = cli(["profile", "-n", "12"] + common)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.err.contains("measured 12, already stored 0, failed 0"), result.err)
        let first = try storedItems(db)
        XCTAssertEqual(first.count, 12)

        // A larger request with the same seed extends the same list: only the new ones are measured.
        result = cli(["profile", "-n", "20"] + common)
        XCTAssertTrue(result.err.contains("measured 8, already stored 12"), result.err)
        let second = try storedItems(db)
        XCTAssertEqual(Array(second.prefix(12)), first)
        XCTAssertEqual(second, try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0").distinctSample(count: 20, seed: 4))

        let csv = folder.path + "/out.csv"
        result = cli(["data", "export", "--db", db, "--csv", csv])
        XCTAssertEqual(result.status, 0, result.err)
        let exported = try CSVTable.read(path: csv)
        XCTAssertEqual(exported.rowCount, 20)
        XCTAssertEqual(exported.header.prefix(4), ["architecture", "device", "batch_size", "latency_ms"])

        // train and bench read the store directly, as they read the exported file.
        let model = folder.path + "/flops.lkm"
        result = cli(["train", "--space", "ofa-mbv3-w1.0", "--db", db, "--estimator", "flops", "--out", model])
        XCTAssertEqual(result.status, 0, result.err)
        result = cli(["bench", "--space", "ofa-mbv3-w1.0", "--data", csv, "--estimator", "flops", "--json"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(cli(["bench", "--space", "ofa-mbv3-w1.0", "--data", csv, "--db", db, "--estimator", "flops"]).status, 2)
    }

    /// The stand-in profiler reads a network as MACs / 1e7 ms and an operator as 0.001 ms per
    /// character of its key, each within ±1% (a per-item wobble): `lut check` must print, for the
    /// networks `profile` would sample with the same seed, that operators' sum over the network.
    func testLookupTableCheckPrintsTheOperatorsSumOverEachNetwork() throws {
        let arguments = [
            "lut", "check", "--space", "ofa-mbv3-w1.0", "-n", "3", "--seed", "5", "--rounds", "2", "--runs", "1", "--profiler",
            "synthetic-profiler",
        ]
        let result = cli(arguments)
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n").map(String.init)
        let rows = lines.dropFirst(2).compactMap { line -> (String, Double)? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2, let ratio = Double(fields[0]) else { return nil }
            return (String(fields[1]), ratio)
        }
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0")
        let networks = try space.distinctSample(count: 3, seed: 5)
        XCTAssertEqual(rows.map(\.0), networks)
        for ((network, ratio), (operators, cost)) in zip(rows, zip(try space.operators(networks), try space.cost(networks))) {
            let expected = operators.reduce(0.0) { $0 + 0.001 * Double($1.key.utf8.count) * $1.count } / (cost.macs / 1e7)
            XCTAssertEqual(ratio / expected, 1, accuracy: 0.021, network)
        }
        XCTAssertTrue(lines.last?.hasPrefix("median ") == true, result.out)
        XCTAssertTrue(result.err.contains("3 networks of ofa-mbv3-w1.0, 2 rounds of 1 runs each"), result.err)

        // --json prints the same figures as one object.
        let json = cli(arguments + ["--json"])
        XCTAssertEqual(json.status, 0, json.err)
        let report = try JSONDecoder().decode(LUTCheckCommand.Report.self, from: Data(json.out.utf8))
        XCTAssertEqual(report.networks.map(\.architecture), networks)
        XCTAssertEqual(report.networks.map { String(format: "%.3f", $0.ratio) }, rows.map { String(format: "%.3f", $0.1) })
        XCTAssertEqual([report.space, report.profiler], ["ofa-mbv3-w1.0", "synthetic-profiler"])
        XCTAssertEqual([report.rounds, report.runs], [2, 1])
        XCTAssertEqual(report.lowest, report.networks.map(\.ratio).min())
        XCTAssertEqual(report.highest, report.networks.map(\.ratio).max())
        XCTAssertEqual(report.median, report.networks.map(\.ratio).sorted()[1])

        for (option, value) in [("--rounds", "0"), ("--runs", "1001"), ("-n", "0"), ("--seed", "-1")] {
            var bad = arguments
            if let index = bad.firstIndex(of: option) { bad[index + 1] = value } else { bad += [option, value] }
            let refused = cli(bad)
            XCTAssertEqual(refused.status, 2, "\(option) \(value): \(refused.err)")
            XCTAssertTrue(refused.err.contains(option.hasPrefix("--") ? option : "--count"), refused.err)
        }
        let folder = try TemporaryFolder()
        let profile = cli(
            [
                "profile", "--space", "ofa-mbv3-w1.0", "-n", "2", "--seed", "-1", "--db", folder.path + "/m.sqlite", "--profiler",
                "synthetic-profiler",
            ])
        XCTAssertEqual(profile.status, 2, "profile --seed -1: \(profile.err)")
    }

    func testFailuresAreReportedAndRetried() throws {
        let folder = try TemporaryFolder()
        let db = folder.path + "/m.sqlite"
        let common = ["profile", "--space", "ofa-mbv3-w1.0", "-n", "10", "--seed", "1", "--db", db, "--profiler", "synthetic-profiler"]
        var result = cli(common + ["--profiler-option", "fail=r=2"])
        XCTAssertEqual(result.status, 1, "a failed item makes the run fail")
        let failed = result.err.components(separatedBy: "failed: ").count - 1
        XCTAssertGreaterThan(failed, 0, result.err)
        XCTAssertLessThan(try storedItems(db).count, 10)
        result = cli(common)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(try storedItems(db).count, 10, "the re-run measured exactly the ones that failed")
    }

    func testKillNineAndRerunStoresExactlyTheRequestedArchitectures() throws {
        let executable = TestPaths.builtProducts + "/latkit"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw XCTSkip("no built latkit executable at \(executable)")
        }
        let folder = try TemporaryFolder()
        let db = folder.path + "/m.sqlite"
        let arguments = [
            "--plugin-path", pluginFolder, "profile", "--space", "ofa-mbv3-w1.0", "-n", "40", "--seed", "9", "--db", db,
            "--profiler", "synthetic-profiler", "--profiler-option", "sleep_ms=15",
        ]
        var generator = SystemRandomNumberGenerator()
        let delay = Double.random(in: 0.2...0.5, using: &generator)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run was killed (after \(delay) s), not finished")
        let partial = try storedItems(db)
        XCTAssertLessThan(partial.count, 40, "killed after \(delay) s")

        let rerun = Process()
        rerun.executableURL = URL(fileURLWithPath: executable)
        rerun.arguments = arguments.map { $0 == "sleep_ms=15" ? "sleep_ms=0" : $0 }
        rerun.standardError = FileHandle.nullDevice
        try rerun.run()
        rerun.waitUntilExit()
        XCTAssertEqual(rerun.terminationStatus, 0)
        let items = try storedItems(db)
        XCTAssertEqual(items.count, 40)
        XCTAssertEqual(Set(items).count, 40, "no architecture stored twice")
        XCTAssertEqual(Array(items.prefix(partial.count)), partial, "what the killed run stored is kept")
        XCTAssertEqual(Set(items), Set(try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0").distinctSample(count: 40, seed: 9)))
    }

    func testLookupTableBuildWritesATableTheLUTEstimatorReads() throws {
        let folder = try TemporaryFolder()
        let db = folder.path + "/m.sqlite"
        let table = folder.path + "/lut.csv"
        let result = cli([
            "lut", "build", "--space", "ofa-mbv3-w1.2", "--resolutions", "224,192", "--db", db, "--profiler", "synthetic-profiler",
            "--out", table,
        ])
        XCTAssertEqual(result.status, 0, result.err)
        let rows = try CSVTable.read(path: table)
        XCTAssertEqual(rows.header, ["resolution", "key", "count", "mean_ms", "std_ms", "min_ms", "median_ms"])
        let stored = try SQLiteMeasurementStore(path: db).measurements(MeasurementFilter(kind: .operator))
        XCTAssertEqual(Set(stored.map(\.item)).count, stored.count, "a key shared by two resolutions is measured once")
        XCTAssertLessThan(stored.count, rows.rowCount)

        // The table covers every operator of every network at those resolutions: the lut
        // estimator predicts each sampled network as the sum of its operators.
        let catalog = try TestPaths.catalog("ofa", "lut")
        let space = try catalog.searchSpace("ofa-mbv3-w1.2", options: ["resolutions": "192,224"])
        let archs = try space.sample(count: 50, seed: 3)
        let estimator = try catalog.estimator("lut", options: ["table": table])
        let batch = try BatchPreparer(space: space).batch(archs, for: estimator)
        let predicted = try estimator.predict(batch).mean
        XCTAssertTrue(predicted.allSatisfy { $0 > 0 && $0.isFinite })
    }

    /// A pipeline's latency evaluator trained on a store's measurements when the pipeline loads
    /// ("db"), searched under a budget on that device: the limit holds for every result.
    func testSearchTrainsALatencyEvaluatorOnAStore() throws {
        let folder = try TemporaryFolder()
        let db = folder.path + "/m.sqlite"
        let profiled = cli([
            "profile", "--space", "ofa-mbv3-w1.0", "-n", "60", "--seed", "2", "--db", db, "--profiler", "synthetic-profiler",
        ])
        XCTAssertEqual(profiled.status, 0, profiled.err)
        let config = try folder.write(
            "p.json",
            """
            {
              "version": 1,
              "space": { "name": "ofa-mbv3-w1.0" },
              "evaluators": {
                "mine_ms": { "type": "latency", "estimator": "flops", "db": "m.sqlite", "device": "synthetic-device" },
                "macs": { "type": "macs" }
              },
              "objectives": [{ "evaluator": "macs", "goal": "maximize" }],
              "constraints": [{ "evaluator": "mine_ms", "max": 20 }],
              "strategy": { "name": "random" },
              "budget": 300,
              "seed": 1
            }
            """)
        let result = cli(["search", "--config", config, "--json"])
        XCTAssertEqual(result.status, 0, result.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let found = try XCTUnwrap(json["results"] as? [[String: Any]])
        XCTAssertFalse(found.isEmpty)
        for item in found {
            XCTAssertLessThanOrEqual((item["values"] as? [String: Double])?["mine_ms"] ?? .infinity, 20)
        }
        let bad = try folder.write(
            "bad.json",
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: config)), as: UTF8.self)
                .replacingOccurrences(of: "\"estimator\": \"flops\", ", with: "\"table\": \"t.csv\", "))
        let refused = cli(["search", "--config", bad])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.err.contains("evaluators.mine_ms.db"), refused.err)
    }
}
