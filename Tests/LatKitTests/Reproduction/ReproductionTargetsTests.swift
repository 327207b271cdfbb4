import XCTest

@testable import LatKit

/// The target table of the reproduction report compares measured values with the goals.
final class ReproductionTargetsTests: XCTestCase {
    private func record(_ label: String, split: String, rmse: Double, mae: Double = 0.1, maxError: Double = 0.1, nTrain: Int = 7000)
        -> BenchmarkRecord
    {
        BenchmarkRecord(
            estimator: label, nTrain: nTrain, nTest: 1500, rmseMs: rmse, maeMs: mae, mapePct: 1, within5Pct: 99, within10Pct: 100,
            spearman: 0.99,
            kendall: 0.9, maxAbsErrMs: maxError, fitSeconds: 1, predictUsPerArch: 1, split: split)
    }

    private func results(rtxDefault: Double, rtxFitted: Double) -> ReproductionResults {
        let rtx = ReproductionResults.DataSetResult(
            name: "RTX 2080 Ti OFA", file: "f", target: "rtx_2080_ti_ms", space: "ofa-mbv3-w1.0", rows: 10000, caveats: [],
            records: [
                record("mlp (default)", split: "paper", rmse: rtxDefault, mae: 0.3), record("lut-fitted", split: "paper", rmse: rtxFitted),
                record("mlp (default)", split: "random 70/15/15", rmse: 0.25),
            ])
        let note10 = ReproductionResults.DataSetResult(
            name: "Note10 LUT OFA", file: "f", target: "note10_lut_ms", space: "ofa-mbv3-w1.2", rows: 10000, caveats: [],
            records: [
                record("lut (OFA table)", split: "paper", rmse: 0, maxError: 4e-14), record("lut-fitted", split: "paper", rmse: 0.003),
            ])
        return ReproductionResults(
            latkitVersion: "t", startedAt: "t", totalSeconds: 1, machine: "m", dataSets: [rtx, note10],
            sampleEfficiency: [
                record("mlp (default)", split: "paper", rmse: 0.46, nTrain: 1000),
                record("mlp (default)", split: "paper", rmse: 0.50, nTrain: 1000),
            ],
            performance: .init(
                sampleEncodeArchitectures: 1, sampleSeconds: 1, encodeSeconds: 1, sampleEncodePerSecond: 1, predictArchitectures: 1,
                predictPerSecond: ["mlp (default)": 250_000], mlpFitSeconds7000: 3),
            targets: [])
    }

    private func check(_ checks: [ReproductionResults.TargetCheck], _ prefix: String) -> ReproductionResults.TargetCheck? {
        checks.first { $0.target.hasPrefix(prefix) }
    }

    func testMeasuredValuesAreComparedWithTheGoals() throws {
        let checks = ReproductionTargets.check(results(rtxDefault: 0.36, rtxFitted: 0.41))
        XCTAssertEqual(check(checks, "RTX 2080 Ti, paper split, default estimator: RMSE")?.met, true)
        XCTAssertEqual(check(checks, "RTX 2080 Ti, paper split, default estimator: RMSE")?.measured, "0.360 ms")
        XCTAssertEqual(check(checks, "RTX 2080 Ti, paper split, default estimator: MAE")?.met, true)
        // The two 1,000-row repeats average to 0.48: exactly at the goal, which counts as met.
        XCTAssertEqual(check(checks, "RTX 2080 Ti, paper split, 1,000 training rows")?.measured, "0.480 ms")
        XCTAssertEqual(check(checks, "RTX 2080 Ti, paper split, 1,000 training rows")?.met, true)
        XCTAssertEqual(check(checks, "Note10 LUT: the lut estimator")?.met, true)
        XCTAssertEqual(check(checks, "RTX 2080 Ti OFA, paper: default estimator beats the fitted LUT")?.measured, "0.360 vs 0.410 ms")
        XCTAssertEqual(check(checks, "RTX 2080 Ti OFA, paper: default estimator beats the fitted LUT")?.met, true)
        // Nothing measured for the P40: reported as not measured, never as met.
        XCTAssertEqual(check(checks, "Tesla P40")?.measured, "not measured")
        XCTAssertEqual(check(checks, "Tesla P40")?.met, false)
    }

    func testAMissedTargetIsReportedAsMissed() {
        let checks = ReproductionTargets.check(results(rtxDefault: 0.45, rtxFitted: 0.41))
        XCTAssertEqual(check(checks, "RTX 2080 Ti, paper split, default estimator: RMSE")?.met, false)
        XCTAssertEqual(check(checks, "RTX 2080 Ti OFA, paper: default estimator beats the fitted LUT")?.met, false)
    }

    func testTheReportCarriesEverySection() {
        var input = results(rtxDefault: 0.36, rtxFitted: 0.41)
        input.targets = ReproductionTargets.check(input)
        input.dataSets[0].caveats = ["drift warning"]
        let html = ReproductionReport.build(input, evaluations: [:]).html()
        for text in ["Targets", "RTX 2080 Ti OFA", "Note10 LUT OFA", "drift warning", "Sample efficiency", "Performance", "NOT met"] {
            XCTAssertTrue(html.contains(text), text)
        }
    }

    func testASkippedRealLatencySectionIsReportedAndItsTargetsAreNotMet() {
        var input = results(rtxDefault: 0.36, rtxFitted: 0.41)
        input.measurement = .notRun("skipped", reason: "no ONNX Runtime library")
        input.targets = ReproductionTargets.check(input)
        let real = input.targets.filter { $0.target.hasPrefix("Real latency:") }
        XCTAssertEqual(real.count, 4)
        XCTAssertTrue(real.allSatisfy { !$0.met })
        let markdown = ReproductionReport.build(input, evaluations: [:]).markdown().text
        XCTAssertTrue(markdown.contains("## Real latency on this machine"))
        XCTAssertTrue(markdown.contains("This section was skipped: no ONNX Runtime library"))
    }
}
