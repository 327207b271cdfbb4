import Foundation
import XCTest

@testable import LatKit

/// The `finetune` estimator (library `latkit_mlp`): a base model fitted on the Note10 table's rows,
/// adapted to the RTX 2080 Ti from a few rows by each strategy. Small settings so that it runs in
/// seconds; accuracy on the full data is FinetuneBenchmark's (LATKIT_BENCH=1).
final class FinetuneEstimatorTests: XCTestCase {
    func catalog() throws -> PluginCatalog { try TestPaths.catalog("mlp") }

    /// Base rows (Note10 column), shots and test rows (RTX column), loaded once.
    struct Data {
        var base: ArchitectureBatch
        var shots: ArchitectureBatch
        var test: ArchitectureBatch
        var truth: [Double]
    }

    static let data = Result { () throws -> Data in
        let rows = try OFAPaperData.latencyRows()
        let test = Array(rows[1000..<1200])
        return Data(
            base: try OFAPaperData.batch(rows[0..<300], target: "note10_lut_ms"),
            shots: try OFAPaperData.batch(rows[300..<340], target: "rtx_2080_ti_ms"),
            test: try OFAPaperData.batch(test, target: nil), truth: test.map { $0.numbers["rtx_2080_ti_ms"]! })
    }

    /// A finetune estimator with small settings, fitted on the base rows.
    func fitted(_ options: [String: String] = [:]) throws -> LatencyEstimator {
        // Two ridge penalties instead of nine: each strategy is fitted once per fold.
        let small = MLPEstimatorTests.small.merging(["lambdas": "1,30"]) { $1 }
        let estimator = try catalog().estimator("finetune", options: small.merging(options) { $1 })
        try estimator.fit(train: try Self.data.get().base, validation: nil, seed: 4, progress: nil)
        return estimator
    }

    func testRegisteredWithTheMLPViewsAndCapabilities() throws {
        let plugin = try catalog().plugin(named: "finetune", kind: .estimator)
        XCTAssertTrue(plugin.optionsHelp.contains("strategy=auto"))
        XCTAssertTrue(plugin.optionsHelp.contains("recipe=default"))
        let estimator = try catalog().estimator("finetune")
        XCTAssertEqual(estimator.requirements.views, [.features, .operators, .cost])
        XCTAssertEqual(estimator.requirements.capabilities, [.fit, .adapt, .standardDeviation, .save])
        assertPluginError(try catalog().estimator("finetune", options: ["strategy": "magic"]), status: 1, contains: "strategy")
        assertPluginError(try catalog().estimator("finetune", options: ["recipe": "paper"]), status: 1, contains: "recipe")
    }

    func testAdaptBeforeFitIsAClearError() throws {
        let data = try Self.data.get()
        let estimator = try catalog().estimator("finetune")
        assertPluginError(try estimator.adapt(shots: data.shots, seed: 1, progress: nil), status: 3, contains: "adapt called before fit")
        assertPluginError(try estimator.predict(data.test), status: 3, contains: "before fit")
        let base = try fitted()
        let rows = try OFAPaperData.latencyRows()
        assertPluginError(
            try base.adapt(shots: try OFAPaperData.batch(rows[0..<3], target: "rtx_2080_ti_ms"), seed: 1, progress: nil), status: 1,
            contains: "at least 5 shots")
    }

    /// Every strategy moves the Note10 model to the RTX: finite predictions and stds, and a test RMSE
    /// well below both predicting the shots' mean and the unadapted Note10 model.
    func testEachStrategyAdaptsAndPredictsFiniteValues() throws {
        let data = try Self.data.get()
        let shotsMean = data.shots.targets!.reduce(0, +) / Double(data.shots.count)
        let floor = OFAPaperData.errors(data.truth.map { _ in shotsMean }, data.truth).rmse
        let unadapted = OFAPaperData.errors(try fitted().predict(data.test).mean, data.truth).rmse
        for strategy in ["paper", "full", "affine", "stack"] {
            let estimator = try fitted(["strategy": strategy])
            try estimator.adapt(shots: data.shots, seed: 2, progress: nil)
            let predictions = try estimator.predict(data.test)
            XCTAssertTrue(predictions.mean.allSatisfy(\.isFinite), strategy)
            XCTAssertTrue(predictions.std!.allSatisfy { $0.isFinite && $0 > 0 }, strategy)
            let rmse = OFAPaperData.errors(predictions.mean, data.truth).rmse
            XCTAssertLessThan(rmse, 0.5 * floor, "\(strategy): RMSE \(rmse), predicting the shots' mean \(floor)")
            XCTAssertLessThan(rmse, 0.5 * unadapted, "\(strategy): RMSE \(rmse), the unadapted Note10 model \(unadapted)")
        }
    }

    /// auto cross-validates every strategy, says which it chose, keeps it in the saved state, and
    /// an adapted model round-trips through save and load.
    func testAutoPicksAStrategyAndAdaptedModelsRoundTrip() throws {
        let data = try Self.data.get()
        let estimator = try fitted()
        var messages: [String] = []
        try estimator.adapt(shots: data.shots, seed: 2) { _, message in
            if let message { messages.append(message) }
            return true
        }
        let names = ["paper", "full", "affine", "stack"]
        let summary = try XCTUnwrap(messages.last)
        let chosen = names.filter { summary.contains("strategy \($0) on 40 shots") }
        XCTAssertEqual(chosen.count, 1, summary)
        for name in names { XCTAssertTrue(summary.contains("\(name) "), "\(summary) lacks the CV RMSE of \(name)") }
        let state = try estimator.save()
        XCTAssertEqual(state[6], UInt8(names.firstIndex(of: chosen[0])! + 1), "the state's strategy byte")

        let predictions = try estimator.predict(data.test)
        let restored = try catalog().estimator("finetune")
        try restored.load(state)
        XCTAssertEqual(try restored.predict(data.test), predictions)
        // Same seed, same choice and same model.
        let again = try fitted()
        try again.adapt(shots: data.shots, seed: 2, progress: nil)
        XCTAssertEqual(try again.save(), state)

        // A state of the other library's format, or a damaged one, is refused.
        assertPluginError(try restored.load(try fitted().save().map { $0 } + [0]), status: 6, contains: "finetune")
        assertPluginError(
            try restored.load(
                try catalog().estimator("mlp", options: ["pretrained": MLPEstimatorTests.latencyModel + "/weights.f32"]).save()), status: 6,
            contains: "not a finetune state")
    }
}
