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

    /// A new-device record: `target` scored after `shots` shots.
    private func transfer(
        _ estimator: String, _ target: String, shots: Int, spearman: Double, mape: Double = 2, rmse: Double = 0.5, coverage: Double? = 90
    ) -> BenchmarkRecord {
        var record = self.record(estimator, split: "new device", rmse: rmse, mae: rmse, nTrain: 10)
        record.mapePct = mape
        record.spearman = spearman
        record.target = target
        record.shots = shots
        record.coverage90Pct = coverage
        return record
    }

    private func study(_ name: String, _ records: [BenchmarkRecord]) -> ReproductionResults.GeneralizationResult {
        .init(
            name: name, file: "f", space: "s", architectures: 100, series: 3, excluded: nil, headlineShots: 10, draws: 1, sweepDraws: 1,
            notes: [], records: records)
    }

    /// The generalization targets read the studies' summaries: means over devices (each device's
    /// draws averaged first), the worst device, the zero-shot comparison, fine-tuning, the joint
    /// model against one model per device, and coverage, which is met only inside 85-95%.
    func testGeneralizationTargetsReadTheStudies() {
        var input = results(rtxDefault: 0.36, rtxFitted: 0.41)
        var nasBench201 = study(
            "NAS-Bench-201: leave one device out",
            [
                transfer("hwgen", "a", shots: 10, spearman: 0.99, mape: 5), transfer("hwgen", "a", shots: 10, spearman: 0.97, mape: 7),
                transfer("hwgen", "b", shots: 10, spearman: 0.89, mape: 9, coverage: 96),
            ])
        nasBench201.ceilings = [
            transfer(TransferCeiling.label, "a", shots: 0, spearman: 0.995, mape: 2),
            transfer(TransferCeiling.label, "b", shots: 0, spearman: 0.905, mape: 4),
        ]
        input.generalization = [
            nasBench201,
            study(
                "HELP OFA GPUs: one GPU at batch 64 held out",
                [
                    transfer("hwgen", "g", shots: 10, spearman: 0.996, mape: 1.5),
                    transfer("hwgen", "g", shots: 0, spearman: 0.98, mape: 10, coverage: nil),
                    transfer("nearest-device", "g", shots: 0, spearman: 0.97, mape: 40, coverage: nil),
                ]),
            study(
                "Fine-tuning: Note10 lookup table -> RTX 2080 Ti",
                [
                    transfer("finetune (stack)", "rtx", shots: 100, spearman: 0.99, rmse: 0.44),
                    transfer("finetune (stack)", "rtx", shots: 700, spearman: 0.99, rmse: 0.38),
                ]),
            study(
                "One hwgen model for two GPUs (paper data)",
                [
                    transfer("hwgen, one model for both", "rtx", shots: 0, spearman: 0.99, rmse: 0.37),
                    transfer("mlp (default), one model per device", "rtx", shots: 0, spearman: 0.99, rmse: 0.36),
                    transfer("hwgen, one model for both", "p40", shots: 0, spearman: 0.99, rmse: 0.20),
                    transfer("mlp (default), one model per device", "p40", shots: 0, spearman: 0.99, rmse: 0.18),
                ]),
        ]
        let checks = ReproductionTargets.check(input)
        // Device a averages to 0.98, b is 0.89: the mean 0.935 and the worst b both miss.
        // Beside them, the transfer ceiling: its mean over devices, and the worst device's own.
        XCTAssertEqual(
            check(checks, "NAS-Bench-201, leave one device out, 10 shots, hwgen: mean Spearman")?.measured, "0.935; transfer ceiling 0.950")
        XCTAssertEqual(check(checks, "NAS-Bench-201, leave one device out, 10 shots, hwgen: mean Spearman")?.met, false)
        XCTAssertEqual(
            check(checks, "NAS-Bench-201, leave one device out, 10 shots, hwgen: worst")?.measured, "0.890 (b); its transfer ceiling 0.905")
        XCTAssertEqual(check(checks, "NAS-Bench-201, leave one device out, 10 shots, hwgen: mean MAPE")?.met, true)
        // Coverage is the mean over devices: (90 + 96) / 2 = 93%.
        XCTAssertEqual(check(checks, "NAS-Bench-201: leave one device out, hwgen, 10 shots: 90% interval coverage")?.measured, "93.0%")
        XCTAssertEqual(check(checks, "NAS-Bench-201: leave one device out, hwgen, 10 shots: 90% interval coverage")?.met, true)
        // No FBNet study: not measured, never met.
        XCTAssertEqual(check(checks, "FBNet, leave one device out, 10 shots, hwgen: mean Spearman")?.measured, "not measured")
        XCTAssertEqual(check(checks, "FBNet, leave one device out, 10 shots, hwgen: mean Spearman")?.met, false)
        XCTAssertEqual(check(checks, "HELP OFA, one GPU at batch 64 held out, 10 shots, hwgen: mean MAPE")?.met, true)
        // A study without ceilings (positional, or an old results file) says only what was measured.
        XCTAssertEqual(check(checks, "HELP OFA, one GPU at batch 64 held out, 10 shots, hwgen: mean MAPE")?.measured, "1.50%")
        XCTAssertEqual(check(checks, "HELP OFA, one GPU at batch 64 held out, 10 shots, hwgen: mean Spearman")?.met, true)
        XCTAssertEqual(check(checks, "HELP OFA, zero-shot")?.measured, "10.0% vs 40.0%")
        XCTAssertEqual(check(checks, "HELP OFA, zero-shot")?.met, true)
        // Zero-shot records without a std: coverage not measured.
        XCTAssertEqual(check(checks, "HELP OFA GPUs: one GPU at batch 64 held out, hwgen, 0 shots: 90% interval coverage")?.met, false)
        XCTAssertEqual(check(checks, "Fine-tuning Note10 -> RTX 2080 Ti, 100 target rows")?.met, true)
        XCTAssertEqual(check(checks, "Fine-tuning Note10 -> RTX 2080 Ti, 700 target rows")?.met, false)
        // 0.37 is within 5% of 0.36; 0.20 is 11% above 0.18.
        XCTAssertEqual(check(checks, "One hwgen model for RTX 2080 Ti and Tesla P40, rtx")?.met, true)
        XCTAssertEqual(check(checks, "One hwgen model for RTX 2080 Ti and Tesla P40, p40")?.measured, "0.200 vs 0.180 ms")
        XCTAssertEqual(check(checks, "One hwgen model for RTX 2080 Ti and Tesla P40, p40")?.met, false)
    }
}
