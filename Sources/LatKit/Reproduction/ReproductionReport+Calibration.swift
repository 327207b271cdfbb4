extension ReproductionReport {
    /// The calibration table: for every estimator that reports a std, the share of held-out rows
    /// inside mean ± 1.645 std (a nominal 90% interval), that share in each quarter of the rows by
    /// predicted latency, and the interval's mean width.
    static func addCalibration(_ results: ReproductionResults, to document: inout ReportDocument) {
        var rows: [[TableCell]] = []
        for dataSet in results.dataSets {
            for record in dataSet.records {
                guard let coverage = record.coverage90Pct else { continue }
                rows.append([
                    .text(dataSet.name), .text(record.split ?? ""), .text(record.estimator), .integer(record.nTest),
                    .number(coverage, decimals: 1), record.coverage90ByQuarterPct.map { .text(quarters($0)) } ?? .missing,
                    record.meanIntervalWidthPct.map { .number($0, decimals: 1) } ?? .missing,
                ])
            }
        }
        for study in results.generalization {
            for summary in TransferSummary.summaries(study.records) where summary.shots == study.headlineShots {
                guard let coverage = summary.meanCoverage90 else { continue }
                let widths = study.records.filter { $0.estimator == summary.estimator && $0.shots == summary.shots }
                    .compactMap(\.meanIntervalWidthPct)
                rows.append([
                    .text(study.name), .text("\(summary.shots) shots, mean over devices"), .text(summary.estimator), .missing,
                    .number(coverage, decimals: 1), .missing,
                    widths.isEmpty ? .missing : .number(widths.reduce(0, +) / Double(widths.count), decimals: 1),
                ])
            }
        }
        guard !rows.isEmpty else { return }
        document.section("Calibration of the standard deviations") { section in
            section.paragraph(
                "A calibrated estimator's mean ± 1.645 std covers 90% of held-out measurements (85-95% is the goal); the width is that interval relative to the measured latency, so a calibrated but useless std shows up as a wide interval. The quarters are the test rows ordered by predicted latency, smallest first: a std that is right on average can still be too wide for small networks and too narrow for large ones (or, on the drifting RTX paper split, the other way round)."
            )
            section.table(
                ReportTable(
                    columns: [
                        "data", "split", "estimator", "test rows", "90% coverage %", "by quarter of predicted latency %",
                        "mean interval width %",
                    ], rows: rows,
                    caption: "Coverage of the nominal 90% interval"))
        }
    }

    /// Four coverages as "99 / 97 / 92 / 80".
    static func quarters(_ values: [Double]) -> String { values.map { String(format: "%.0f", $0) }.joined(separator: " / ") }
}
