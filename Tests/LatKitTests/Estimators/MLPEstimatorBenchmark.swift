import Foundation
import LatKitRandom
import XCTest

@testable import LatKit

/// Accuracy and speed of the `mlp` recipes on the full OFANAS paper data. Run by hand in release:
/// `LATKIT_BENCH=1 swift test -c release --filter MLPEstimatorBenchmark`; skipped otherwise.
/// Results are printed as `BENCH` lines; the assertions are the project's accuracy targets.
/// `LATKIT_ADAPT_PENALTY` sets the `adapt_penalty` option of the few-shot adaptation run.
final class MLPEstimatorBenchmark: XCTestCase {
    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["LATKIT_BENCH"] == "1" else {
            throw XCTSkip("benchmark: set LATKIT_BENCH=1 and build in release")
        }
    }

    /// Fits on `train`, stops on `validation`, and reports RMSE/MAE on `test` and the fit time.
    @discardableResult
    func run(
        _ label: String, column: String, train: [OFAPaperData.Row], validation: [OFAPaperData.Row]?, test: [OFAPaperData.Row],
        options: [String: String] = [:], seed: UInt64 = 1
    ) throws -> (rmse: Double, mae: Double) {
        // LATKIT_MLP_OPTIONS="key=value;key=value" adds options, to compare settings by hand.
        var options = options
        for pair in (ProcessInfo.processInfo.environment["LATKIT_MLP_OPTIONS"] ?? "").split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { options[parts[0]] = parts[1] }
        }
        let estimator = try TestPaths.catalog("mlp").estimator("mlp", options: options)
        let start = Date()
        try estimator.fit(
            train: try OFAPaperData.batch(train, target: column), validation: validation.map { try OFAPaperData.batch($0, target: column) },
            seed: seed, progress: nil)
        let seconds = Date().timeIntervalSince(start)
        let predictions = try estimator.predict(try OFAPaperData.batch(test, target: nil))
        let errors = OFAPaperData.errors(predictions.mean, test.map { $0.numbers[column]! })
        let meanStd = (predictions.std ?? []).reduce(0, +) / Double(max(test.count, 1))
        print(
            String(
                format: "BENCH %@ %@: test RMSE %.4f MAE %.4f ms, mean std %.4f, fit %.1f s (%d train rows)", label, column, errors.rmse,
                errors.mae, meanStd, seconds, train.count))
        return errors
    }

    func paperSplit() throws -> (train: [OFAPaperData.Row], validation: [OFAPaperData.Row], test: [OFAPaperData.Row]) {
        let rows = try OFAPaperData.latencyRows()
        return (Array(rows[0..<7000]), Array(rows[7000..<8500]), Array(rows[8500..<10000]))
    }

    func testDefaultRecipeRTXPaperSplit() throws {
        let split = try paperSplit()
        let errors = try run(
            "default paper-split", column: "rtx_2080_ti_ms", train: split.train, validation: split.validation, test: split.test)
        XCTAssertLessThanOrEqual(errors.rmse, 0.40)
        XCTAssertLessThanOrEqual(errors.mae, 0.32)
        for seed: UInt64 in [2, 3] {
            try run(
                "default paper-split seed \(seed)", column: "rtx_2080_ti_ms", train: split.train, validation: split.validation,
                test: split.test, seed: seed)
        }
    }

    func testDefaultRecipeP40PaperSplit() throws {
        let split = try paperSplit()
        let errors = try run(
            "default paper-split", column: "tesla_p40_ms", train: split.train, validation: split.validation, test: split.test)
        XCTAssertLessThanOrEqual(errors.rmse, 0.28)
    }

    func testDefaultRecipeRTXRandomSplit() throws {
        var rows = try OFAPaperData.latencyRows()
        var generator = SeededGenerator(seed: 20_260_127)
        generator.shuffle(&rows)
        let errors = try run(
            "default random-split", column: "rtx_2080_ti_ms", train: Array(rows[0..<7000]), validation: Array(rows[7000..<8500]),
            test: Array(rows[8500...]))
        XCTAssertLessThanOrEqual(errors.rmse, 0.30)
    }

    func testDefaultRecipeThousandRows() throws {
        let split = try paperSplit()
        let errors = try run(
            "default 1000-rows", column: "rtx_2080_ti_ms", train: Array(split.train[0..<1000]), validation: split.validation,
            test: split.test)
        XCTAssertLessThanOrEqual(errors.rmse, 0.48)
        try run(
            "default 1000-rows no-validation", column: "rtx_2080_ti_ms", train: Array(split.train[0..<1000]), validation: nil,
            test: split.test)
    }

    func testDefaultRecipeWithoutValidation() throws {
        let split = try paperSplit()
        try run("default paper-split no-validation", column: "rtx_2080_ti_ms", train: split.train, validation: nil, test: split.test)
    }

    func testAdaptRTXModelToP40WithFewShots() throws {
        let split = try paperSplit()
        let truth = split.test.map { $0.numbers["tesla_p40_ms"]! }
        let penalty = ProcessInfo.processInfo.environment["LATKIT_ADAPT_PENALTY"] ?? "1"
        for shots in [20, 50, 100] {
            let estimator = try TestPaths.catalog("mlp").estimator("mlp", options: ["adapt_penalty": penalty])
            try estimator.fit(
                train: try OFAPaperData.batch(split.train, target: "rtx_2080_ti_ms"),
                validation: try OFAPaperData.batch(split.validation, target: "rtx_2080_ti_ms"), seed: 1, progress: nil)
            try estimator.adapt(shots: try OFAPaperData.batch(split.train.prefix(shots), target: "tesla_p40_ms"), seed: 1, progress: nil)
            let errors = OFAPaperData.errors(try estimator.predict(try OFAPaperData.batch(split.test, target: nil)).mean, truth)
            print(
                String(
                    format: "BENCH adapt RTX default model to P40 with %d shots: test RMSE %.4f MAE %.4f ms", shots, errors.rmse, errors.mae
                ))
        }
    }

    func testPaperRecipeRTXPaperSplit() throws {
        let split = try paperSplit()
        try run(
            "paper-recipe paper-split", column: "rtx_2080_ti_ms", train: split.train, validation: split.validation, test: split.test,
            options: ["recipe": "paper"])
    }

    func testPretrainedPaperModelAndGoldenErrors() throws {
        let split = try paperSplit()
        let catalog = try TestPaths.catalog("mlp")
        let estimator = try catalog.estimator("mlp", options: ["pretrained": MLPEstimatorTests.latencyModel + "/weights.f32"])
        let predictions = try estimator.predict(try OFAPaperData.batch(split.test, target: nil))
        let errors = OFAPaperData.errors(predictions.mean, split.test.map { $0.numbers["rtx_2080_ti_ms"]! })
        print(String(format: "BENCH pretrained OFANAS RTX model paper-split: test RMSE %.4f MAE %.4f ms", errors.rmse, errors.mae))
        for (folder, column, name, kind) in [
            (MLPEstimatorTests.latencyModel, "predicted_latency_ms_float32", "mlp", PluginKind.estimator),
            (MLPEstimatorTests.accuracyModel, "predicted_accuracy_float32", "mlp-accuracy", .accuracyPredictor),
        ] {
            let rows = try OFAPaperData.read(folder + "/golden.csv")
            let model = try catalog.estimator(name, options: ["pretrained": folder + "/weights.f32"], kind: kind)
            let predicted = try model.predict(try OFAPaperData.batch(rows, target: nil)).mean
            let worst = zip(predicted, rows.map { $0.numbers[column]! }).map { abs($0 - $1) }.max()!
            print(String(format: "BENCH golden %@: max |error| %.3g over %d rows", column, worst, rows.count))
        }
    }

    func testPredictionThroughput() throws {
        let split = try paperSplit()
        let estimator = try TestPaths.catalog("mlp").estimator("mlp")
        try estimator.fit(
            train: try OFAPaperData.batch(split.train, target: "rtx_2080_ti_ms"),
            validation: try OFAPaperData.batch(split.validation, target: "rtx_2080_ti_ms"), seed: 1, progress: nil)
        let rows = try OFAPaperData.latencyRows()
        var big: [OFAPaperData.Row] = []
        while big.count < 100_000 { big += rows }
        let batch = try OFAPaperData.batch(big.prefix(100_000), target: nil)
        for recipe in ["default", "pretrained paper model"] {
            let model =
                recipe == "default"
                ? estimator
                : try TestPaths.catalog("mlp").estimator("mlp", options: ["pretrained": MLPEstimatorTests.latencyModel + "/weights.f32"])
            _ = try model.predict(try OFAPaperData.batch(big.prefix(1000), target: nil))
            // The median of five calls: one call on a shared machine moves by a fifth.
            var times: [Double] = []
            for _ in 0..<5 {
                let start = Date()
                let predictions = try model.predict(batch)
                times.append(Date().timeIntervalSince(start))
                XCTAssertEqual(predictions.mean.count, 100_000)
            }
            let seconds = times.sorted()[2]
            print(
                String(format: "BENCH predict %@: %.0f architectures/s (100000 in %.3f s, median of 5)", recipe, 100_000 / seconds, seconds)
            )
        }
    }
}
