import Foundation
import LatKitRandom
import XCTest

@testable import LatKit

/// Device transfer with `finetune` and the calibration of `mlp`'s std, on the OFANAS paper data.
/// Run by hand in release: `LATKIT_BENCH=1 swift test -c release --filter FinetuneBenchmark`;
/// skipped otherwise. Prints `BENCH` lines and markdown tables; asserts nothing about accuracy.
final class FinetuneBenchmark: XCTestCase {
    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["LATKIT_BENCH"] == "1" else {
            throw XCTSkip("benchmark: set LATKIT_BENCH=1 and build in release")
        }
    }

    static let targets = ["rtx_2080_ti_ms", "tesla_p40_ms"]

    /// `LATKIT_FT_<name>` as a comma-separated list, or `fallback` (to run part of the table by hand).
    func list(_ name: String, _ fallback: [String]) -> [String] {
        guard let text = ProcessInfo.processInfo.environment["LATKIT_FT_" + name], !text.isEmpty else { return fallback }
        return text.split(separator: ",").map(String.init)
    }

    /// `LATKIT_FT_OPTIONS="key=value;key=value"`: extra finetune options, to compare settings by hand.
    var extraOptions: [String: String] {
        var options: [String: String] = [:]
        for pair in (ProcessInfo.processInfo.environment["LATKIT_FT_OPTIONS"] ?? "").split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { options[parts[0]] = parts[1] }
        }
        return options
    }

    /// Fraction of `truth` within mean ± 1.645 std.
    func coverage(_ predictions: Predictions, _ truth: [Double]) -> Double {
        let std = predictions.std ?? []
        let inside = zip(zip(predictions.mean, std), truth).filter { abs($1 - $0.0) <= 1.645 * $0.1 }.count
        return Double(inside) / Double(truth.count)
    }

    func mean(_ values: [Double]?) -> Double { (values ?? []).reduce(0, +) / Double(max(values?.count ?? 0, 1)) }

    /// Coverage of mean ± 1.645 std of the default `mlp` on the paper split's test rows, with the
    /// raw ensemble spread (calibrate=false) and calibrated on the validation rows or, without
    /// them, on the holdout slice.
    func testCoverageOfTheMLPStd() throws {
        var rows = try OFAPaperData.latencyRows()
        print("| target | std | validation rows | test RMSE | mean std | coverage of mean ± 1.645 std (validation) | (test) |")
        print("|---|---|---|---|---|---|---|")
        try coverageTable(rows, columns: Self.targets)
        // The paper split's test rows run faster than the rest (a drift); a random split has none.
        var generator = SeededGenerator(seed: 20_260_127)
        generator.shuffle(&rows)
        try coverageTable(rows, columns: ["rtx_2080_ti_ms"], label: " (random 70/15/15)")
    }

    /// Table rows for `coverage`: train rows 0-6999, validation 7000-8499, test 8500-9999 of `rows`.
    func coverageTable(_ rows: [OFAPaperData.Row], columns: [String], label: String = "") throws {
        let (train, validation, test) = (Array(rows[0..<7000]), Array(rows[7000..<8500]), Array(rows[8500..<10000]))
        let testBatch = try OFAPaperData.batch(test, target: nil)
        for column in columns {
            let truth = test.map { $0.numbers[column]! }
            let validationTruth = validation.map { $0.numbers[column]! }
            for (name, options, useValidation) in [
                ("raw spread", ["calibrate": "false"], true), ("calibrated", [:], true), ("calibrated", [:], false),
            ] {
                let estimator = try TestPaths.catalog("mlp").estimator("mlp", options: options)
                try estimator.fit(
                    train: try OFAPaperData.batch(train, target: column),
                    validation: useValidation ? try OFAPaperData.batch(validation, target: column) : nil, seed: 1, progress: nil)
                let predictions = try estimator.predict(testBatch)
                let onValidation = try estimator.predict(try OFAPaperData.batch(validation, target: nil))
                print(
                    String(
                        format: "| %@ | %@ | %@ | %.3f | %.3f | %.1f%% | %.1f%% |", column + label, name,
                        useValidation ? "given" : "none (holdout)",
                        OFAPaperData.errors(predictions.mean, truth).rmse, mean(predictions.std),
                        100 * coverage(onValidation, validationTruth), 100 * coverage(predictions, truth)))
            }
        }
    }

    /// Note10 table -> RTX 2080 Ti and Tesla P40: `finetune` fitted on the Note10 column of rows
    /// 0-6999, adapted with the first N rows of the target device, scored on rows 8500-9999;
    /// against the default `mlp` trained on those N rows alone (without and with the 1,500
    /// validation rows 7000-8499).
    func testFinetuneFromNote10() throws {
        let rows = try OFAPaperData.latencyRows()
        let test = Array(rows[8500..<10000])
        let testBatch = try OFAPaperData.batch(test, target: nil)
        let start = Date()
        let base = try TestPaths.catalog("mlp").estimator("finetune")
        try base.fit(train: try OFAPaperData.batch(rows[0..<7000], target: "note10_lut_ms"), validation: nil, seed: 1, progress: nil)
        let baseState = try base.save()
        print(String(format: "BENCH finetune base fit on 7000 Note10 rows: %.1f s", Date().timeIntervalSince(start)))
        let strategies = list("STRATEGIES", ["paper", "full", "affine", "stack", "auto"])
        let shotCounts = list("SHOTS", ["20", "50", "100", "200", "700"]).compactMap { Int($0) }
        for column in list("TARGETS", Self.targets) {
            let truth = test.map { $0.numbers[column]! }
            var table: [String: [String]] = [:]
            var coverageRow: [String] = []
            for shots in shotCounts {
                let shotBatch = try OFAPaperData.batch(rows[0..<shots], target: column)
                for strategy in strategies {
                    let estimator = try TestPaths.catalog("mlp").estimator(
                        "finetune", options: extraOptions.merging(["strategy": strategy]) { $1 })
                    try estimator.load(baseState)
                    var summary = ""
                    let began = Date()
                    try estimator.adapt(shots: shotBatch, seed: 1) { _, message in
                        if let message { summary = message }
                        return true
                    }
                    let predictions = try estimator.predict(testBatch)
                    let rmse = OFAPaperData.errors(predictions.mean, truth).rmse
                    print(
                        String(
                            format: "BENCH finetune %@ N=%d %@: test RMSE %.4f, coverage %.1f%%, %.1f s; %@", column, shots, strategy, rmse,
                            100 * coverage(predictions, truth), Date().timeIntervalSince(began), summary))
                    var cell = String(format: "%.3f", rmse)
                    if strategy == "auto" {
                        let chosen = ["paper", "full", "affine", "stack"].first { summary.contains("strategy \($0) on") } ?? "?"
                        cell += " (\(chosen))"
                        coverageRow.append(String(format: "%.0f%%", 100 * coverage(predictions, truth)))
                    }
                    table[strategy, default: []].append(cell)
                }
                for useValidation in [false, true] where ProcessInfo.processInfo.environment["LATKIT_FT_NO_MLP"] == nil {
                    let alone = try TestPaths.catalog("mlp").estimator("mlp")
                    try alone.fit(
                        train: shotBatch, validation: useValidation ? try OFAPaperData.batch(rows[7000..<8500], target: column) : nil,
                        seed: 1, progress: nil)
                    let rmse = OFAPaperData.errors(try alone.predict(testBatch).mean, truth).rmse
                    table[useValidation ? "mlp alone + 1,500 validation rows" : "mlp alone", default: []].append(
                        String(format: "%.3f", rmse))
                }
            }
            print("\nNote10 -> \(column), test RMSE (ms) on rows 8500-9999:")
            print("| N target rows | " + shotCounts.map(String.init).joined(separator: " | ") + " |")
            print("|---|" + shotCounts.map { _ in "---|" }.joined())
            for name in strategies + ["mlp alone", "mlp alone + 1,500 validation rows"] {
                let label = strategies.contains(name) ? "finetune `\(name)`" : "`\(name)`"
                print("| \(label) | " + table[name, default: []].joined(separator: " | ") + " |")
            }
            print("| auto: coverage of mean ± 1.645 std | " + coverageRow.joined(separator: " | ") + " |\n")
        }
    }
}
