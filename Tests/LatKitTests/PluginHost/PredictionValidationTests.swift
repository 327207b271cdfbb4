import Foundation
import XCTest

@testable import LatKit

/// The host refuses what an estimator's `predict` must not return, on every call and in
/// `plugins check` alike: latencies that are not finite and positive, standard deviations that
/// are not finite and at least 0, and slots the plugin left unwritten; each as one line naming
/// the plugin, the call and the row.
final class PredictionValidationTests: XCTestCase {
    /// 20 rows, MACs 1...20, latency 1 + 2 x MACs (the example fits this line exactly).
    private let batch = ArchitectureBatch(
        searchSpace: "any", count: 20, costs: (1...20).map { Cost(macs: Double($0), params: 1) },
        targets: (1...20).map { 1 + 2 * Double($0) })

    /// The fixture built with `-DCASE=<case>`, fitted on `batch`.
    private func hostile(_ case: Int, folder: String) throws -> LatencyEstimator {
        let catalog = PluginCatalog()
        try catalog.load(
            file: try CFixtures.build(
                "Tests/PluginFixtures/hostile_estimator.c", name: "hostile\(`case`)", in: folder, defines: ["CASE=\(`case`)"]))
        let estimator = try catalog.estimator("hostile-linear")
        try estimator.fit(train: batch, validation: nil, seed: 0, progress: nil)
        return estimator
    }

    func testEveryInvalidOutputIsRefusedWithTheRowAndTheRule() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let expected = [
            1: "plugin 'hostile-linear' returned latency -3 for row 17 in predict (must be finite and positive)",
            2: "plugin 'hostile-linear' returned latency nan for row 17 in predict (must be finite and positive)",
            3: "plugin 'hostile-linear' returned latency inf for row 17 in predict (must be finite and positive)",
            4: "plugin 'hostile-linear' returned standard deviation nan for row 17 in predict (must be finite and at least 0)",
            5: "plugin 'hostile-linear' returned standard deviation -1 for row 17 in predict (must be finite and at least 0)",
            6: "plugin 'hostile-linear' did not write a latency for row 17 in predict (the output was left unwritten)",
        ]
        var predictionBatch = batch
        predictionBatch.targets = nil
        for (fault, message) in expected.sorted(by: { $0.key < $1.key }) {
            let estimator = try hostile(fault, folder: folder)
            XCTAssertThrowsError(try estimator.predict(predictionBatch), "case \(fault)") { error in
                XCTAssertTrue(error is InvalidPredictionError, "case \(fault): \(type(of: error))")
                XCTAssertEqual("\(error)", message)
            }
            // Rows before 17 are fine: a batch of 10 puts the fault on its last row, 9.
            XCTAssertThrowsError(try estimator.predict(predictionBatch.subset(Array(0..<10)))) { error in
                XCTAssertEqual((error as? InvalidPredictionError)?.row, 9, "case \(fault)")
            }
        }
    }

    func testTheSentinelIsToldApartFromANaNThePluginWrote() {
        XCTAssertTrue(PredictionValidation.isUnwritten(PredictionValidation.unwritten))
        XCTAssertFalse(PredictionValidation.isUnwritten(.nan))
        XCTAssertFalse(PredictionValidation.isUnwritten(0))
    }

    func testAccuracyPredictorsNeedOnlyFiniteValuesAndZeroLatencyIsRefused() throws {
        XCTAssertNoThrow(
            try PredictionValidation.check(
                Predictions(mean: [0, -1, 76.5], std: nil), count: 3, plugin: "acc", function: "predict", kind: .accuracyPredictor))
        XCTAssertThrowsError(
            try PredictionValidation.check(Predictions(mean: [1, 0], std: nil), count: 2, plugin: "lut", function: "predict")
        ) { error in
            XCTAssertEqual("\(error)", "plugin 'lut' returned latency 0 for row 1 in predict (must be finite and positive)")
        }
        XCTAssertThrowsError(
            try PredictionValidation.check(Predictions(mean: [1], std: nil), count: 2, plugin: "lut", function: "predict")
        ) { error in
            XCTAssertEqual("\(error)", "plugin 'lut' returned 1 values for 2 rows in predict")
        }
        XCTAssertEqual(InvalidPredictionError.text(0.25), "0.25")
        XCTAssertEqual(InvalidPredictionError.text(1e300), "1e+300")
    }

    func testPluginsCheckAndBenchRefuseANegativeLatency() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try CFixtures.build("Tests/PluginFixtures/hostile_estimator.c", name: "hostile", in: folder, defines: ["CASE=1"])
        let check = runCLI(["plugins", "check", path])
        XCTAssertEqual(check.status, 1, check.out + check.err)
        XCTAssertTrue(
            check.out.contains("plugin 'hostile-linear' returned latency -3 for row 17 in predict (must be finite and positive)"), check.out
        )

        // Before: bench scored the negative latency (MAPE 207%) and exited 0.
        let bench = runCLI(
            [
                "--plugin-path", TestPaths.builtProducts, "bench", "--space", "ofa-mbv3-w1.0", "--data",
                TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv", "--target", "rtx_2080_ti_ms", "--estimator", path, "--train-rows",
                "0:200", "--test-rows", "8500:8600",
            ])
        XCTAssertEqual(bench.status, 1, bench.out + bench.err)
        XCTAssertTrue(
            bench.err.contains("plugin 'hostile-linear' returned latency -3 for row 17 in predict (must be finite and positive)"), bench.err
        )
        // One line for the failure, after the progress line.
        XCTAssertEqual(
            bench.err.split(separator: "\n").last,
            "latkit bench: plugin 'hostile-linear' returned latency -3 for row 17 in predict (must be finite and positive)")
    }

    /// The host checks an isolated estimator's outputs itself rather than trusting the worker's
    /// check: a worker that lies (`lying_worker.c`, standing in for one whose memory a plugin
    /// corrupted) gets its negative latencies refused in the host.
    func testTheHostRefusesInvalidOutputsFromAWorker() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let worker = folder + "/lying_worker"
        try Toolchain.succeed(
            "cc", ["-O1", "-Wall", "-Werror", TestPaths.repository + "/Tests/PluginFixtures/lying_worker.c", "-o", worker])
        let plugin = try TestPaths.catalog("flops").plugin(named: "flops")
        let estimator = try IsolatedEstimator(plugin: plugin, options: [:], executable: worker)
        let batch = ArchitectureBatch(searchSpace: "s", count: 2, costs: [Cost(macs: 1e8, params: 1e6), Cost(macs: 2e8, params: 2e6)])
        XCTAssertThrowsError(try estimator.predict(batch)) { error in
            XCTAssertTrue(error is InvalidPredictionError, "\(error)")
            XCTAssertTrue("\(error)".contains("plugin 'flops' returned latency -1 for row 0"), "\(error)")
        }
    }
}
