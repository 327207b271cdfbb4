import Foundation
import LatKitRandom
import XCTest

@testable import LatKit

/// The `mlp` plugin, loaded from its built `.so`: pretrained golden outputs, saving, determinism,
/// a small fit, adaptation. (Accuracy targets on the full data: MLPEstimatorBenchmark, release.)
final class MLPEstimatorTests: XCTestCase {
    static let latencyModel = TestPaths.data + "/models/ofanas_rtx2080ti_latency_mlp"
    static let accuracyModel = TestPaths.data + "/models/ofa_accuracy_predictor"
    /// Options for a quick default-recipe fit in debug builds.
    static let small = ["ensemble": "2", "epochs": "8", "hidden": "16,16", "patience": "4"]

    func catalog() throws -> PluginCatalog { try TestPaths.catalog("mlp") }

    /// The 22 golden architectures of a model folder and the float32 column `column`.
    func golden(_ folder: String, column: String) throws -> (batch: ArchitectureBatch, expected: [Double]) {
        let rows = try OFAPaperData.read(folder + "/golden.csv")
        XCTAssertEqual(rows.count, 22)
        return (try OFAPaperData.batch(rows, target: nil), rows.map { $0.numbers[column]! })
    }

    func testPluginsAreRegisteredAsEstimatorAndAccuracyPredictor() throws {
        let catalog = try catalog()
        let estimator = try catalog.plugin(named: "mlp", kind: .estimator)
        XCTAssertTrue(estimator.optionsHelp.contains("recipe=default"))
        XCTAssertEqual(estimator.functions.map(\.name), ["convert_weights"])
        XCTAssertNoThrow(try catalog.plugin(named: "mlp-accuracy", kind: .accuracyPredictor))
        let instance = try catalog.estimator("mlp")
        XCTAssertEqual(instance.requirements.views, [.features, .operators, .cost])
        XCTAssertEqual(instance.requirements.capabilities, [.fit, .adapt, .standardDeviation, .save])
    }

    func testPretrainedLatencyPredictorReproducesGolden() throws {
        let (batch, expected) = try golden(Self.latencyModel, column: "predicted_latency_ms_float32")
        let estimator = try catalog().estimator("mlp", options: ["pretrained": Self.latencyModel + "/weights.f32"])
        let predicted = try estimator.predict(batch).mean
        for (value, wanted) in zip(predicted, expected) { XCTAssertEqual(value, wanted, accuracy: 1e-4) }
        XCTAssertEqual(predicted[0], 20.724504470825195, accuracy: 1e-4)  // the OFANAS demo notebook's PyTorch output
    }

    func testPretrainedAccuracyPredictorReproducesGolden() throws {
        let (batch, expected) = try golden(Self.accuracyModel, column: "predicted_accuracy_float32")
        let predictor = try catalog().estimator(
            "mlp-accuracy", options: ["pretrained": Self.accuracyModel + "/weights.f32"], kind: .accuracyPredictor)
        let predicted = try predictor.predict(batch).mean
        for (value, wanted) in zip(predicted, expected) { XCTAssertEqual(value, wanted, accuracy: 1e-6) }
        XCTAssertEqual(predicted[20], 0.835928, accuracy: 1e-6)  // largest net
        XCTAssertEqual(predicted[21], 0.753119, accuracy: 1e-6)  // smallest net
    }

    func testOptionErrorsNameTheOption() throws {
        let catalog = try catalog()
        XCTAssertThrowsError(try catalog.estimator("mlp", options: ["recipe": "fancy"])) { XCTAssertTrue("\($0)".contains("recipe")) }
        XCTAssertThrowsError(try catalog.estimator("mlp", options: ["recipe": "none"])) { XCTAssertTrue("\($0)".contains("pretrained")) }
        XCTAssertThrowsError(try catalog.estimator("mlp", options: ["hidden": "12,x"])) { XCTAssertTrue("\($0)".contains("hidden")) }
        XCTAssertThrowsError(try catalog.estimator("mlp", options: ["pretrained": "/nonexistent/weights.f32"])) {
            XCTAssertEqual(($0 as? PluginCallError)?.status, 5)
        }
    }

    /// Rows 0..<300 to train, 300..<400 to validate, 400..<600 to test.
    func smallSplit() throws -> (train: ArchitectureBatch, validation: ArchitectureBatch, test: ArchitectureBatch, truth: [Double]) {
        let rows = try OFAPaperData.latencyRows()
        let test = Array(rows[400..<600])
        return (
            try OFAPaperData.batch(rows[0..<300], target: "rtx_2080_ti_ms"),
            try OFAPaperData.batch(rows[300..<400], target: "rtx_2080_ti_ms"),
            try OFAPaperData.batch(test, target: nil), test.map { $0.numbers["rtx_2080_ti_ms"]! }
        )
    }

    func testDefaultRecipeBeatsTheMeanAndRoundTrips() throws {
        let data = try smallSplit()
        let estimator = try catalog().estimator("mlp", options: Self.small)
        var reports = 0
        try estimator.fit(train: data.train, validation: data.validation, seed: 7) { _, _ in
            reports += 1
            return true
        }
        XCTAssertGreaterThan(reports, 1)
        let predictions = try estimator.predict(data.test)
        let mean = data.train.targets!.reduce(0, +) / Double(data.train.count)
        let floor = OFAPaperData.errors(data.truth.map { _ in mean }, data.truth).rmse
        let rmse = OFAPaperData.errors(predictions.mean, data.truth).rmse
        XCTAssertLessThan(rmse, 0.25 * floor, "model RMSE \(rmse) vs predicting the mean \(floor)")
        XCTAssertEqual(predictions.std?.count, data.test.count)
        XCTAssertTrue(predictions.std!.allSatisfy { $0 >= 0 && $0.isFinite })

        let restored = try catalog().estimator("mlp")
        try restored.load(try estimator.save())
        XCTAssertEqual(try restored.predict(data.test), predictions)
    }

    func testSameSeedSameModelAndOtherSeedDiffers() throws {
        let data = try smallSplit()
        func state(_ seed: UInt64, validation: Bool) throws -> [UInt8] {
            let estimator = try catalog().estimator("mlp", options: Self.small)
            try estimator.fit(train: data.train, validation: validation ? data.validation : nil, seed: seed, progress: nil)
            return try estimator.save()
        }
        XCTAssertEqual(try state(3, validation: true), try state(3, validation: true))
        XCTAssertEqual(try state(3, validation: false), try state(3, validation: false))
        XCTAssertNotEqual(try state(3, validation: true), try state(4, validation: true))
    }

    func testDamagedOrUnknownStatesAreRefused() throws {
        let estimator = try catalog().estimator("mlp", options: ["pretrained": Self.latencyModel + "/weights.f32"])
        let state = try estimator.save()
        XCTAssertEqual(state[0], 4)
        let fresh = try catalog().estimator("mlp")
        var newer = state
        newer[0] = 5
        var older = state
        older[0] = 0
        var flipped = state
        flipped[state.count / 2] ^= 0x10
        for bad in [newer, older, flipped, Array(state.prefix(state.count - 9)), [], [1, 0, 0]] {
            XCTAssertThrowsError(try fresh.load(bad)) { XCTAssertEqual(($0 as? PluginCallError)?.status, 6, "\($0)") }
        }
        XCTAssertThrowsError(try fresh.predict(try OFAPaperData.batch([], target: nil))) {
            XCTAssertEqual(($0 as? PluginCallError)?.status, 3)
        }
        try fresh.load(state)
        let (batch, _) = try golden(Self.latencyModel, column: "predicted_latency_ms_float32")
        XCTAssertEqual(try fresh.predict(batch).mean, try estimator.predict(batch).mean)
    }

    func testPaperRecipeTrainsAndRawLinearWorksOnOtherFeatures() throws {
        let data = try smallSplit()
        let paper = try catalog().estimator("mlp", options: ["recipe": "paper", "epochs": "40", "hidden": "32,32"])
        try paper.fit(train: data.train, validation: data.validation, seed: 1, progress: nil)
        let rmse = OFAPaperData.errors(try paper.predict(data.test).mean, data.truth).rmse
        let mean = data.train.targets!.reduce(0, +) / Double(data.train.count)
        let floor = OFAPaperData.errors(data.truth.map { _ in mean }, data.truth).rmse
        XCTAssertLessThan(rmse, 0.3 * floor, "paper recipe after 40 epochs: RMSE \(rmse) vs predicting the mean \(floor)")

        // Features without the paper128 layout (here: 2 columns) use ridge over the raw columns.
        // The costs are all zero: constant unpenalized cost columns must not break the ridge solve.
        var values: [Float] = []
        var targets: [Double] = []
        for index in 0..<200 {
            let (a, b) = (Double(index % 10), Double(index % 7))
            values += [Float(a), Float(b)]
            targets.append(2 * a - b + 7)  // at least 1 ms: the host refuses latencies at or below 0
        }
        let generic = ArchitectureBatch(
            searchSpace: "any", count: 200, features: FeatureMatrix(values: values, rows: 200, columns: 2, encoding: "x"),
            operators: Array(repeating: [], count: 200), costs: Array(repeating: Cost(macs: 0, params: 0), count: 200), targets: targets)
        let estimator = try catalog().estimator("mlp", options: Self.small)
        try estimator.fit(train: generic, validation: nil, seed: 2, progress: nil)
        let fitted = OFAPaperData.errors(try estimator.predict(generic).mean, targets).rmse
        XCTAssertLessThan(fitted, 0.2)
        XCTAssertThrowsError(
            try catalog().estimator("mlp", options: Self.small.merging(["linear": "ofa"]) { $1 }).fit(
                train: generic, validation: nil, seed: 2, progress: nil))
    }

    typealias Labelled = (batch: ArchitectureBatch, truth: [Double])

    /// Paper rows as a batch whose targets `label` computes from the batch (its operators or costs).
    func labelled(_ slice: ArraySlice<OFAPaperData.Row>, _ label: (ArchitectureBatch) -> [Double]) throws -> Labelled {
        var batch = try OFAPaperData.batch(slice, target: nil)
        let truth = label(batch)
        batch.targets = truth
        return (batch, truth)
    }

    /// Fits the default recipe (small settings) once per named set of extra options; returns each
    /// fit's test RMSE and the fitted estimators, and the spread (RMSE of the mean) of the test targets.
    func fitEach(_ variants: [String: [String: String]], train: Labelled, validation: Labelled, test: Labelled) throws -> (
        rmse: [String: Double], fitted: [String: LatencyEstimator], spread: Double
    ) {
        var rmse: [String: Double] = [:]
        var fitted: [String: LatencyEstimator] = [:]
        for (name, options) in variants {
            let estimator = try catalog().estimator("mlp", options: Self.small.merging(options) { $1 })
            try estimator.fit(train: train.batch, validation: validation.batch, seed: 3, progress: nil)
            rmse[name] = OFAPaperData.errors(try estimator.predict(test.batch.withoutTargets).mean, test.truth).rmse
            fitted[name] = estimator
        }
        let mean = test.truth.reduce(0, +) / Double(test.truth.count)
        return (rmse, fitted, OFAPaperData.errors(test.truth.map { _ in mean }, test.truth).rmse)
    }

    /// Labels that are exact sums of a per-operator table (like the Note10 LUT data): the default
    /// recipe's operator columns learn them almost exactly, far better than the features alone;
    /// a key never seen in training counts 0 at prediction.
    func testDefaultRecipeIsNearExactOnAnAdditiveOperatorTarget() throws {
        let rows = try OFAPaperData.latencyRows()
        var generator = SeededGenerator(seed: 5)
        var table: [String: Double] = [:]
        for key in Set(rows.flatMap { OFAPaperData.operators($0).map(\.key) }).sorted() { table[key] = 0.1 + 2 * generator.double() }
        let label = { (batch: ArchitectureBatch) in batch.operators!.map { $0.reduce(0) { $0 + $1.count * table[$1.key]! } } }
        let test = try labelled(rows[8500..<9000], label)
        // "false" is the features alone: neither operator nor cost columns.
        let (rmse, fitted, spread) = try fitEach(
            ["true": ["operators": "true"], "false": ["operators": "false", "cost": "false"]],
            train: try labelled(rows[0..<1500], label), validation: try labelled(rows[1500..<2000], label), test: test)
        XCTAssertLessThan(rmse["true"]!, 1e-3 * spread, "with operator columns: RMSE \(rmse["true"]!), target spread \(spread)")
        XCTAssertLessThan(rmse["true"]!, 0.05 * rmse["false"]!, "with operators \(rmse["true"]!), features only \(rmse["false"]!)")

        var unseen = test.batch.withoutTargets
        unseen.operators = unseen.operators!.map { $0 + [Operator(key: "never-seen", count: 3)] }
        XCTAssertEqual(try fitted["true"]!.predict(unseen), try fitted["true"]!.predict(test.batch.withoutTargets))
        let restored = try catalog().estimator("mlp")
        try restored.load(try fitted["true"]!.save())
        XCTAssertEqual(try restored.predict(test.batch.withoutTargets), try fitted["true"]!.predict(test.batch.withoutTargets))
    }

    /// Labels that are an exact line in the OFA space's MACs, with 50 training rows: the default
    /// recipe's unpenalized cost columns fit it almost exactly, where the features and operators
    /// alone cannot (MACs is a sum over the operator keys, but 50 rows do not pin ~460 of them);
    /// the cost view is then needed at prediction, and the model saves and loads.
    func testDefaultRecipeIsNearExactOnALineInMACsFromFewRows() throws {
        let rows = try OFAPaperData.latencyRows()
        let label = { (batch: ArchitectureBatch) in batch.costs!.map { 1.5 + 0.02e-6 * $0.macs } }
        let test = try labelled(rows[8500..<9000], label)
        let (rmse, fitted, spread) = try fitEach(
            ["true": ["cost": "true"], "false": ["cost": "false"]], train: try labelled(rows[0..<50], label),
            validation: try labelled(rows[50..<100], label), test: test)
        XCTAssertLessThan(rmse["true"]!, 1e-3 * spread, "with cost columns: RMSE \(rmse["true"]!), target spread \(spread)")
        XCTAssertLessThan(rmse["true"]!, 0.01 * rmse["false"]!, "with cost columns \(rmse["true"]!), without \(rmse["false"]!)")

        var costless = test.batch.withoutTargets
        costless.costs = nil
        XCTAssertThrowsError(try fitted["true"]!.predict(costless)) { XCTAssertTrue("\($0)".contains("cost"), "\($0)") }
        let restored = try catalog().estimator("mlp")
        try restored.load(try fitted["true"]!.save())
        XCTAssertEqual(try restored.predict(test.batch.withoutTargets), try fitted["true"]!.predict(test.batch.withoutTargets))
    }

    /// A line in MACs that crosses zero below the smallest training network: fitted on the 200
    /// largest networks, `mlp` floors the smaller networks' predictions at 1 µs (the host refuses a
    /// latency that is not positive) and leaves the others on the line; `mlp-accuracy`, whose
    /// values are not latencies, is not floored.
    func testALatencyBelowZeroIsFlooredButAnAccuracyIsNot() throws {
        let all = try OFAPaperData.batch(try OFAPaperData.latencyRows()[0..<2000], target: nil)
        let order = all.costs!.indices.sorted { all.costs![$0].macs < all.costs![$1].macs }
        let slope = 0.02e-6
        let offset = slope * all.costs![order[order.count - 200]].macs - 1  // the smallest training label is 1 ms
        var train = all.subset(Array(order.suffix(200)))
        train.targets = train.costs!.map { slope * $0.macs - offset }
        let test = all.subset(stride(from: 0, to: order.count - 200, by: 20).map { order[$0] })
        let line = test.costs!.map { slope * $0.macs - offset }
        XCTAssertGreaterThan(line.filter { $0 < 0 }.count, 5, "the test needs rows the line puts below zero")
        XCTAssertGreaterThan(line.filter { $0 > 0.1 }.count, 5, "and rows it keeps above")

        for (name, kind) in [("mlp", PluginKind.estimator), ("mlp-accuracy", .accuracyPredictor)] {
            let estimator = try catalog().estimator(name, options: Self.small.merging(["cost": "true"]) { $1 }, kind: kind)
            try estimator.fit(train: train, validation: nil, seed: 4, progress: nil)
            let predicted = try estimator.predict(test).mean
            for (value, expected) in zip(predicted, line) where expected < -0.1 || expected > 0.1 {
                if kind == .estimator && expected < 0 {
                    XCTAssertEqual(value, 1e-3, "\(name): the line says \(expected) ms (1 µs: the plugin kit's LatencyFloor)")
                } else {
                    XCTAssertEqual(value, expected, accuracy: 0.05, name)
                }
            }
        }
    }

    func testAdaptMovesThePretrainedModelToANewDevice() throws {
        let rows = try OFAPaperData.latencyRows()
        let shots = try OFAPaperData.batch(rows[0..<40], target: "tesla_p40_ms")
        let test = Array(rows[1000..<1200])
        let truth = test.map { $0.numbers["tesla_p40_ms"]! }
        let estimator = try catalog().estimator("mlp", options: ["pretrained": Self.latencyModel + "/weights.f32"])
        let before = OFAPaperData.errors(try estimator.predict(try OFAPaperData.batch(test, target: nil)).mean, truth).rmse
        try estimator.adapt(shots: shots, seed: 1, progress: nil)
        let after = OFAPaperData.errors(try estimator.predict(try OFAPaperData.batch(test, target: nil)).mean, truth).rmse
        XCTAssertLessThan(after, 0.1 * before, "P40 RMSE before \(before), after adapting on 40 shots \(after)")
        XCTAssertLessThan(after, 3)

        // The default recipe adapts too: each member's last layer and its gain on the ridge part.
        // Adaptation is what this checks, so the additive part is kept to the features: with 300
        // training rows the ~460 operator columns are fitted loosely and blur the comparison.
        let data = try smallSplit()
        let hybrid = try catalog().estimator("mlp", options: Self.small.merging(["operators": "false"]) { $1 })
        try hybrid.fit(train: data.train, validation: data.validation, seed: 1, progress: nil)
        let hybridBefore = OFAPaperData.errors(try hybrid.predict(try OFAPaperData.batch(test, target: nil)).mean, truth).rmse
        try hybrid.adapt(shots: shots, seed: 1, progress: nil)
        let hybridAfter = OFAPaperData.errors(try hybrid.predict(try OFAPaperData.batch(test, target: nil)).mean, truth).rmse
        XCTAssertLessThan(hybridAfter, 0.1 * hybridBefore, "P40 RMSE of the default recipe before \(hybridBefore), after \(hybridAfter)")
    }

    func testPaperGridAndCancellation() throws {
        let rows = try OFAPaperData.latencyRows()
        let train = try OFAPaperData.batch(rows[0..<60], target: "rtx_2080_ti_ms")
        let grid = try catalog().estimator("mlp", options: ["recipe": "paper", "grid": "true", "epochs": "1", "hidden": "4"])
        var fractions: [Double] = []
        try grid.fit(train: train, validation: nil, seed: 1) { fraction, _ in
            fractions.append(fraction)
            return true
        }
        XCTAssertEqual(fractions.count, 36)  // 3 x 3 x 4 settings, one epoch each
        XCTAssertEqual(fractions.last ?? 0, 1, accuracy: 1e-12)
        // One epoch of a 4-unit network is no latency model: it may predict at or below 0 ms, which
        // the host refuses with an InvalidPredictionError; whatever it returns is finite.
        do {
            let predictions = try grid.predict(train)
            XCTAssertTrue(predictions.mean.allSatisfy(\.isFinite))
        } catch let error as InvalidPredictionError {
            XCTAssertEqual(error.plugin, "mlp")
            XCTAssertEqual(error.quantity, "latency")
        }

        let cancelled = try catalog().estimator("mlp", options: Self.small)
        XCTAssertThrowsError(try cancelled.fit(train: train, validation: nil, seed: 1) { _, _ in false }) {
            XCTAssertEqual(($0 as? PluginCallError)?.status, 4)
        }
    }

    /// Regenerates the shipped compact weights from the PyTorch JSON exports. Runs only with
    /// LATKIT_CONVERT_WEIGHTS=<folder holding ofa_accuracy_predictor/ and ofanas_rtx2080ti_latency_mlp/>.
    func testConvertJSONWeightsToCompact() throws {
        guard let source = ProcessInfo.processInfo.environment["LATKIT_CONVERT_WEIGHTS"] else {
            throw XCTSkip("set LATKIT_CONVERT_WEIGHTS to the folder of the weights.json exports to regenerate data/models/*/weights.f32")
        }
        let plugin = try catalog().plugin(named: "mlp", kind: .estimator)
        let function = try XCTUnwrap(plugin.functions.first { $0.name == "convert_weights" })
        typealias Convert = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
        let convert = unsafeBitCast(function.address, to: Convert.self)
        for folder in ["ofanas_rtx2080ti_latency_mlp", "ofa_accuracy_predictor"] {
            let json = source + "/" + folder + "/weights.json"
            let compact = TestPaths.data + "/models/" + folder + "/weights.f32"
            XCTAssertEqual(convert(json, compact), 0)
            let (batch, _) = try golden(
                TestPaths.data + "/models/" + folder,
                column: folder.hasPrefix("ofa_acc") ? "predicted_accuracy_float32" : "predicted_latency_ms_float32")
            let kind: PluginKind = folder.hasPrefix("ofa_acc") ? .accuracyPredictor : .estimator
            let name = kind == .estimator ? "mlp" : "mlp-accuracy"
            let fromJSON = try catalog().estimator(name, options: ["pretrained": json], kind: kind).predict(batch)
            let fromCompact = try catalog().estimator(name, options: ["pretrained": compact], kind: kind).predict(batch)
            XCTAssertEqual(fromJSON, fromCompact)
        }
    }
}
