extension ReproductionReport {
    /// The calibration table: for every estimator that reports a std, the share of held-out rows
    /// inside mean ± 1.645 std (a nominal 90% interval) and its mean width.
    static func addCalibration(_ results: ReproductionResults, to document: inout ReportDocument) {
        var rows: [[TableCell]] = []
        for dataSet in results.dataSets {
            for record in dataSet.records {
                guard let coverage = record.coverage90Pct else { continue }
                rows.append([
                    .text(dataSet.name), .text(record.split ?? ""), .text(record.estimator), .integer(record.nTest),
                    .number(coverage, decimals: 1), record.meanIntervalWidthPct.map { .number($0, decimals: 1) } ?? .missing,
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
                    .number(coverage, decimals: 1),
                    widths.isEmpty ? .missing : .number(widths.reduce(0, +) / Double(widths.count), decimals: 1),
                ])
            }
        }
        guard !rows.isEmpty else { return }
        document.section("Calibration of the standard deviations") { section in
            section.paragraph(
                "A calibrated estimator's mean ± 1.645 std covers 90% of held-out measurements (85-95% is the goal); the width is that interval relative to the measured latency, so a calibrated but useless std shows up as a wide interval."
            )
            section.table(
                ReportTable(
                    columns: ["data", "split", "estimator", "test rows", "90% coverage %", "mean interval width %"], rows: rows,
                    caption: "Coverage of the nominal 90% interval"))
        }
    }
}
