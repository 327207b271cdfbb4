import Foundation

/// Turns reproduction results into report.md, a self-contained report.html with SVG charts, and
/// results.json.
public enum ReproductionReport {
    /// Writes the three outputs into `folder`; returns the files written.
    public static func write(_ results: ReproductionResults, evaluations: [String: Evaluation], to folder: String) throws -> [String] {
        try build(results, evaluations: evaluations).write(withResults: results, to: folder)
    }

    static let tableColumns: [BenchmarkRecord.CodingKeys] = [
        .estimator, .nTrain, .nTest, .rmseMs, .maeMs, .mapePct, .within5Pct, .within10Pct, .spearman, .kendall, .maxAbsErrMs, .fitSeconds,
        .predictUsPerArch,
    ]

    static func build(_ results: ReproductionResults, evaluations: [String: Evaluation]) -> ReportDocument {
        var document = ReportDocument(
            title: "LatencyKit: the paper's latency predictors reproduced",
            subtitle:
                "Syed & Srinivasan, \"Generalized Latency Performance Estimation for Once-For-All Neural Architecture Search\" (2021), on the data it published"
        )
        document.paragraph(
            "Every number below was measured by this run (latkit \(results.latkitVersion), \(results.machine), started \(results.startedAt), \(String(format: "%.0f", results.totalSeconds)) s in all). Each estimator is a plugin loaded at run time; each prediction went through the plugin ABI. RMSE is the true root mean squared error; MAE is reported separately (the paper's printed \"RMSE\" values are MAEs). Splits: the paper's positional split (train rows 0-6999, validation 7000-8499, test 8500-9999) and a seeded random 70/15/15 split; the 243 real CompOFA measurements, too few for one test slice to say much, are cross-validated in 5 folds (each predicted once, by a model fitted on 3 of the other 4 folds and validated on the fourth)."
        )
        document.paragraph(
            "Baselines first: `lut-fitted` is a lookup table learned from whole-network measurements alone (non-negative least squares over the operators the search space lists) and `flops` fits latency to multiply-accumulates. On this data latency is nearly additive over blocks, so the fitted table is the bar a learned estimator has to clear, not the paper's MLP."
        )

        document.section("Targets") { section in
            let rows = results.targets.map { check -> [TableCell] in
                [.text(check.target), .text(check.goal), .text(check.measured), .text(check.met ? "met" : "NOT met")]
            }
            section.table(ReportTable(columns: ["Target", "Goal", "Measured", "Result"], rows: rows))
        }

        for dataSet in results.dataSets {
            document.section(dataSet.name) { section in
                section.paragraph("`\(dataSet.file)`, column `\(dataSet.target)`, \(dataSet.rows) rows, search space `\(dataSet.space)`.")
                for caveat in dataSet.caveats { section.warning(caveat) }
                for split in orderedSplits(dataSet.records) {
                    let records = dataSet.records.filter { $0.split == split }
                    section.table(
                        ReportTable.records(
                            records, columns: tableColumns,
                            caption: "\(dataSet.name), \(split)" + (split.contains("cross-validation") ? "" : " split")))
                }
                let paperKey = { (label: String) in "\(dataSet.name)|paper|\(label)" }
                let scatter = ["lut-fitted", "mlp (default)", "paper's checkpoint", "lut (OFA table)"].compactMap { label in
                    evaluations[paperKey(label)].map { ScatterSeries(name: label, measured: $0.actual, predicted: $0.predictions.mean) }
                }
                if !scatter.isEmpty {
                    section.chart(
                        ScatterChart(title: "\(dataSet.name): predicted vs measured (paper split, test rows)", series: scatter),
                        name: "\(dataSet.name) scatter", caption: "Each point is one test architecture; the dashed band is ±10%.")
                    let histogram = scatter.map { series in
                        HistogramSeries(
                            name: series.name,
                            values: zip(series.predicted, series.measured).map { 100 * ($0 - $1) / $1 })
                    }
                    section.chart(
                        HistogramChart(title: "\(dataSet.name): prediction error (paper split, test rows)", series: histogram),
                        name: "\(dataSet.name) errors", caption: "Signed error, percent of the measured latency.")
                }
            }
        }

        if !results.sampleEfficiency.isEmpty {
            document.section("Sample efficiency") { section in
                section.paragraph(
                    "RMSE on the RTX 2080 Ti paper-split test rows against the number of training rows (the first N of the shuffled training rows; mean ± sample standard deviation over seeds)."
                )
                section.chart(
                    LineChart(
                        title: "RTX 2080 Ti OFA: test RMSE by training-set size",
                        series: LineSeries.sampleEfficiency(results.sampleEfficiency)),
                    name: "sample efficiency")
                section.table(
                    ReportTable.records(
                        results.sampleEfficiency, columns: [.estimator, .nTrain, .seed, .rmseMs, .maeMs, .spearman, .fitSeconds]))
            }
        }

        addGeneralization(results.generalization, to: &document)
        addCalibration(results, to: &document)

        document.section("Performance") { section in
            let performance = results.performance
            var lines = [
                String(
                    format:
                        "Sampling + encoding (paper128) of %d OFA architectures through the ABI: %.3f s + %.3f s = %.0f architectures/s.",
                    performance.sampleEncodeArchitectures, performance.sampleSeconds, performance.encodeSeconds,
                    performance.sampleEncodePerSecond)
            ]
            for (label, rate) in performance.predictPerSecond.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    String(
                        format:
                            "%@: batched prediction of %d architectures through the ABI: %.0f architectures/s (%.2f µs each; median of 3)",
                        label, performance.predictArchitectures, rate, 1e6 / rate))
            }
            if let fit = performance.mlpFitSeconds7000 {
                lines.append(String(format: "mlp (default) training on 7,000 rows: %.1f s.", fit))
            }
            section.bullets(lines)
            section.note("Timings come from one run on a shared machine; compare ratios within the run rather than across runs.")
        }
        results.nas?.addSection(to: &document)
        results.measurement?.addSection(to: &document, trimmed: trimmedNote(results))
        return document
    }

    /// What the other sections gave up so that `reproduce` stays within ten minutes with the
    /// real-latency section.
    private static func trimmedNote(_ results: ReproductionResults) -> String {
        let sizes = Set(results.sampleEfficiency.map(\.nTrain)).count
        let repeats = Set(results.sampleEfficiency.compactMap(\.seed)).count
        var text =
            "Room for this section within reproduce's ten minutes: the sample-efficiency sweep runs \(repeats) repeat(s) of \(sizes) training sizes (3 of 7 before)"
        if let nas = results.nas { text += ", each NAS search \(nas.budget) evaluations (10,000 before)" }
        return text
            + "; the speed figures reuse the estimators fitted in the comparison, and the fine-tuning studies fit finetune's base once for both strategies (the same figures, less time); this section measures with a lighter protocol (above)."
    }

    /// The splits in the order they first appear.
    private static func orderedSplits(_ records: [BenchmarkRecord]) -> [String] {
        var seen: [String] = []
        for record in records {
            if let split = record.split, !seen.contains(split) { seen.append(split) }
        }
        return seen
    }
}
