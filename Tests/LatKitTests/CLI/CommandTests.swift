import Foundation
import XCTest

@testable import LatKit

/// The data commands end to end on shipped data, through the built plugins.
final class CommandTests: XCTestCase {
    private let plugins = ["--plugin-path", TestPaths.builtProducts]
    private let paperData = TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv"

    func testTrainThenPredictRoundTripsThroughAModelFile() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/mean.model"
        let train = runCLI(
            [
                "train", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "rtx_2080_ti_ms", "--estimator", "example-mean",
                "--train-rows", "0:200", "--out", model,
            ] + plugins)
        XCTAssertEqual(train.status, 0, train.err)
        let file = try ModelFile.read(from: model)
        XCTAssertEqual(file.header.plugin, "example-mean")
        XCTAssertEqual(file.header.trainingData.rows, 200)
        XCTAssertEqual(file.header.target, "rtx_2080_ti_ms")

        let archs = folder + "/archs.txt"
        try
            "# two architectures\nks=7-7-0-0-5-7-3-7-3-7-0-0-5-7-7-0-5-5-7-0;e=6-3-0-0-3-6-4-6-6-3-0-0-6-3-3-0-6-4-6-0;d=2-4-2-3-3;r=208\n\n"
            .appending("ks=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;e=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;d=2-2-2-2-2;r=160\n")
            .write(toFile: archs, atomically: true, encoding: .utf8)
        let predict = runCLI(["predict", "--model", model, "--archs", archs] + plugins)
        XCTAssertEqual(predict.status, 0, predict.err)
        let lines = predict.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0], "architecture,predicted_ms,std_ms")
        // The mean estimator predicts the mean of the 200 training targets for every row.
        let dataset = try LatencyDataset.load(
            path: paperData, space: try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0"), options: .init(target: "rtx_2080_ti_ms"))
        let mean = dataset.targets[0..<200].reduce(0, +) / 200
        XCTAssertEqual(Double(lines[1].split(separator: ",")[1])!, mean, accuracy: 1e-9)
    }

    func testPredictPointsAtTheBadLine() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/mean.model"
        _ = runCLI(
            [
                "train", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "tesla_p40_ms", "--estimator", "example-mean",
                "--train-rows", "0:50", "--out", model,
            ] + plugins)
        try "ks=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;e=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;d=2-2-2-2-2;r=160\nks=4;e=3;d=2;r=160\n"
            .write(toFile: folder + "/bad.txt", atomically: true, encoding: .utf8)
        let predict = runCLI(["predict", "--model", model, "--archs", folder + "/bad.txt"] + plugins)
        XCTAssertEqual(predict.status, 1)
        XCTAssertTrue(predict.err.contains("\(folder)/bad.txt:2:"), predict.err)
    }

    func testBenchJSONHasTheRequiredKeys() throws {
        let bench = runCLI(
            [
                "bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "rtx_2080_ti_ms", "--estimator", "example-mean",
                "--train-rows", "0:7000", "--test-rows", "8500:", "--json",
            ] + plugins)
        XCTAssertEqual(bench.status, 0, bench.err)
        let object = try JSONSerialization.jsonObject(with: Data(bench.out.utf8)) as! [String: Any]
        for key in [
            "estimator", "n_train", "n_test", "rmse_ms", "mae_ms", "mape_pct", "within5_pct", "within10_pct", "spearman", "kendall",
            "max_abs_err_ms", "fit_seconds", "predict_us_per_arch",
        ] {
            XCTAssertNotNil(object[key], key)
        }
        XCTAssertEqual(object["n_train"] as? Int, 7000)
        XCTAssertEqual(object["n_test"] as? Int, 1500)
        XCTAssertEqual(object["split"] as? String, "rows train 0:7000 validation 7000:8500 test 8500:", "the rows between validate")
    }

    /// `--folds K` cross-validates: one record per repeat, scored on every row of the file, with
    /// the mean training rows of a fold (3 of 5 folds train); it refuses a split of its own.
    func testBenchFoldsScoreEveryRowOncePerRepeat() throws {
        let bench = runCLI(
            [
                "bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "rtx_2080_ti_ms", "--estimator", "example-mean",
                "--folds", "5", "--repeats", "2", "--seed", "3", "--json",
            ] + plugins)
        XCTAssertEqual(bench.status, 0, bench.err)
        let records = try bench.out.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records.map { $0["seed"] as? Int }, [3, 4])
        for record in records {
            XCTAssertEqual(record["n_test"] as? Int, 10_000)
            XCTAssertEqual(record["n_train"] as? Int, 6_000)
            XCTAssertEqual(record["split"] as? String, "5-fold cross-validation")
        }
        XCTAssertTrue(bench.err.contains("example-mean: fold 5/5, 6000 training rows, repeat 2/2"), bench.err)

        // An estimator with a std: the pooled record's coverage by quarter of predicted latency,
        // four quarters of 2,500 rows whose mean is the overall coverage, and bench's line for it.
        let flops = [
            "bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "rtx_2080_ti_ms", "--estimator", "flops", "--folds", "5",
        ]
        let json = runCLI(flops + ["--json"] + plugins)
        XCTAssertEqual(json.status, 0, json.err)
        let record = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        let quarters = try XCTUnwrap(record["coverage90_by_quarter_pct"] as? [Double])
        let coverage = try XCTUnwrap(record["coverage90_pct"] as? Double)
        XCTAssertEqual(quarters.count, 4)
        XCTAssertEqual(quarters.reduce(0, +) / 4, coverage, accuracy: 1e-9)
        let text = runCLI(flops + plugins)
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertTrue(
            text.out.contains(
                String(format: "flops, seed 0: the 90%% interval covers %.1f%% of test rows (by quarter of predicted latency", coverage)),
            text.out)
        for conflicting in [["--split", "70/15/15"], ["--train-size", "100"], ["--train-rows", "0:10", "--test-rows", "10:20"]] {
            let refused = runCLI(
                [
                    "bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "rtx_2080_ti_ms", "--estimator", "example-mean",
                    "--folds", "5",
                ] + conflicting + plugins)
            XCTAssertEqual(refused.status, 2, "\(conflicting)")
            XCTAssertTrue(refused.err.contains("--folds cross-validates over every row: it takes no --"), refused.err)
        }
        let tooFew = runCLI(
            [
                "bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "rtx_2080_ti_ms", "--estimator", "example-mean",
                "--folds", "2",
            ] + plugins)
        XCTAssertEqual(tooFew.status, 2)
        XCTAssertTrue(tooFew.err.contains("--folds must be 3...100, got 2"), tooFew.err)
    }

    func testUsageAndDataErrors() {
        let noTarget = runCLI(["bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--estimator", "example-mean"] + plugins)
        XCTAssertEqual(noTarget.status, 1)
        XCTAssertTrue(noTarget.err.contains("rtx_2080_ti_ms"), noTarget.err)
        let badColumn = runCLI(
            ["bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "nope", "--estimator", "example-mean"] + plugins)
        XCTAssertEqual(badColumn.status, 1)
        XCTAssertTrue(badColumn.err.contains("nope"), badColumn.err)
        let bothSplits = runCLI(
            [
                "bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "rtx_2080_ti_ms", "--estimator", "example-mean",
                "--train-rows", "0:10", "--test-rows", "10:20", "--split", "70/15/15",
            ] + plugins)
        XCTAssertEqual(bothSplits.status, 2)
        let unknownSpace = runCLI(["sample", "--space", "nope"] + plugins)
        XCTAssertEqual(unknownSpace.status, 1)
        XCTAssertTrue(unknownSpace.err.contains("no search-space plugin named 'nope'"), unknownSpace.err)
    }

    func testSpacesSampleOpsAndDataInfo() {
        let spaces = runCLI(["spaces"] + plugins)
        XCTAssertEqual(spaces.status, 0, spaces.err)
        for name in ["ofa-mbv3-w1.0", "ofa-mbv3-w1.2", "compofa-fixed", "compofa-elastic", "nasbench201", "fbnet"] {
            XCTAssertTrue(spaces.out.contains(name), name)
        }
        let first = runCLI(["sample", "--space", "fbnet", "-n", "5", "--seed", "9"] + plugins)
        XCTAssertEqual(first.out.split(separator: "\n").count, 5)
        XCTAssertEqual(first.out, runCLI(["sample", "--space", "fbnet", "-n", "5", "--seed", "9"] + plugins).out)
        let ops = runCLI(
            [
                "ops", "--space", "ofa-mbv3-w1.2", "--arch",
                "ks=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;e=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;d=2-2-2-2-2;r=160",
            ] + plugins)
        XCTAssertEqual(ops.status, 0, ops.err)
        XCTAssertTrue(ops.out.contains("Conv-input:160x160x3-output:80x80x24"), ops.out)
        let info = runCLI(
            ["data", "info", TestPaths.data + "/ofanas_paper/compofa_fixedkernel_paper_latency.csv", "--space", "compofa-fixed"] + plugins)
        XCTAssertEqual(info.status, 0, info.err)
        XCTAssertTrue(info.out.contains("only 243 distinct latency values"), info.out)
    }

    func testLearnedEstimatorsTrainAndPredictFromModelFiles() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dataset = try LatencyDataset.load(
            path: paperData, space: try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0"), options: .init(target: "tesla_p40_ms"))
        let trainMean = dataset.targets[0..<400].reduce(0, +) / 400
        let meanBaseline = try RegressionMetrics(
            predicted: Array(repeating: trainMean, count: 100), actual: Array(dataset.targets[400..<500])
        ).rmse
        for (estimator, settings) in [("lut-fitted", [String]()), ("flops", []), ("mlp", ["--set", "ensemble=1", "--set", "epochs=3"])] {
            let model = folder + "/\(estimator).model"
            let train = runCLI(
                [
                    "train", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--target", "tesla_p40_ms", "--estimator", estimator,
                    "--train-rows", "0:400", "--validation-rows", "400:500", "--out", model,
                ] + settings + plugins)
            XCTAssertEqual(train.status, 0, estimator + ": " + train.err)
            let header = try ModelFile.read(from: model).header
            let validationRMSE = try XCTUnwrap(header.metrics["validation_rmse_ms"], estimator)
            // Every learned estimator must beat predicting the training mean on the validation rows.
            XCTAssertLessThan(validationRMSE, meanBaseline, estimator)
            let predict = runCLI(["predict", "--model", model, "--archs", paperData] + plugins)
            XCTAssertEqual(predict.status, 0, estimator + ": " + predict.err)
            XCTAssertEqual(predict.out.split(separator: "\n").count, 10_001, estimator)
        }
    }
}

/// A third-party estimator given by the path of its library works in bench, train and predict.
final class ThirdPartyEstimatorTests: XCTestCase {
    func testBenchTrainAndPredictWithALibraryPath() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "third_party", in: folder)
        let plugins = ["--plugin-path", TestPaths.builtProducts]
        let data = TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv"
        let bench = runCLI(
            [
                "bench", "--space", "ofa-mbv3-w1.0", "--data", data, "--target", "rtx_2080_ti_ms", "--estimator", library,
                "--train-rows", "0:7000", "--test-rows", "8500:", "--json",
            ] + plugins)
        XCTAssertEqual(bench.status, 0, bench.err)
        let record = try BenchmarkRecord.parseJSONLines(bench.out)
        XCTAssertEqual(record.first?.estimator, "example-c-linear")
        // A line in MACs ranks networks far better than chance on this data.
        XCTAssertGreaterThan(record.first?.spearman ?? 0, 0.9)

        let model = folder + "/c.model"
        let train = runCLI(
            [
                "train", "--space", "ofa-mbv3-w1.0", "--data", data, "--target", "rtx_2080_ti_ms", "--estimator", library, "--train-rows",
                "0:100",
                "--out", model,
            ] + plugins)
        XCTAssertEqual(train.status, 0, train.err)
        XCTAssertEqual(try ModelFile.read(from: model).header.pluginFile, library)
        // predict finds the library from the model file, without --plugin-path naming its folder.
        let predict = runCLI(["predict", "--model", model, "--archs", data] + plugins)
        XCTAssertEqual(predict.status, 0, predict.err)
        XCTAssertEqual(predict.out.split(separator: "\n").count, 10_001)
    }
}

/// `latkit plugins list` as a table and as JSON.
final class PluginsListTests: XCTestCase {
    func testListsEveryBuiltInPluginWithKindAndABI() throws {
        let plugins = ["--plugin-path", TestPaths.builtProducts]
        let json = runCLI(["plugins", "list", "--json"] + plugins)
        XCTAssertEqual(json.status, 0, json.err)
        let rows = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [[String: Any]]
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as! String, $0) })
        let expected = [
            "ofa-mbv3-w1.0": "search-space", "compofa-elastic": "search-space", "nasbench201": "search-space", "fbnet": "search-space",
            "lut": "estimator", "lut-fitted": "estimator", "flops": "estimator", "mlp": "estimator", "mlp-accuracy": "accuracy-predictor",
            "example-mean": "estimator",
        ]
        for (name, kind) in expected {
            XCTAssertEqual(byName[name]?["kind"] as? String, kind, name)
            XCTAssertEqual(byName[name]?["abi"] as? String, "1.1", name)
        }
        XCTAssertEqual(byName["example-mean"]?["functions"] as? [String], ["scale d(d,d)", "abi_major i()"])
        XCTAssertTrue((byName["lut"]?["file"] as? String ?? "").hasSuffix("/liblatkit_lut.so"))
        let table = runCLI(["plugins", "list"] + plugins)
        XCTAssertTrue(table.out.hasPrefix("NAME"), table.out)
        XCTAssertTrue(table.out.contains("mlp-accuracy"), table.out)
    }
}
