import Foundation

extension ReproductionReport {
    /// The new-device section: per study, a per-device table at the headline shot count, a
    /// shots sweep, a chart of mean Spearman by shots, and the 90% interval coverage.
    static func addGeneralization(_ studies: [ReproductionResults.GeneralizationResult], to document: inout ReportDocument) {
        guard !studies.isEmpty else { return }
        document.section("New devices: few-shot and zero-shot") { section in
            section.paragraph(
                "Each series of a multi-device file in turn is the unseen target: every one of its rows is kept out of training, the estimator sees N of them (the shots, drawn with seeds 0, 1, ...) and is scored on all the others. `hwgen` and `nearest-device` train on every other series; `flops` (single-device) learns from the shots alone, the floor any transfer must clear. Figures are means over the shot draws; the worst device is the one with the lowest mean Spearman."
            )
            for study in studies {
                addStudy(study, to: &section)
            }
        }
    }

    private static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    private static func addStudy(_ study: ReproductionResults.GeneralizationResult, to section: inout ReportSection) {
        section.paragraph(
            "\(study.name): `\(study.file)`, search space `\(study.space)`, \(study.architectures) architectures x \(study.series) series, \(study.draws) shot draw(s) per device at \(study.headlineShots) shots, \(study.sweepDraws) at the other shot counts."
        )
        if let excluded = study.excluded { section.note(excluded) }
        for note in study.notes { section.paragraph(note) }
        var estimators: [String] = []
        var targets: [String] = []
        for record in study.records {
            if !estimators.contains(record.estimator) { estimators.append(record.estimator) }
            if let target = record.target, !targets.contains(target) { targets.append(target) }
        }
        // The ceiling (an oracle, not an estimator) gets the last columns of the per-device table only.
        if !study.ceilings.isEmpty {
            estimators.append(TransferCeiling.label)
            section.paragraph(
                "The last two columns are a ceiling, not an estimator: the target's log latency fitted by least squares on every one of its rows as a linear function of the training series' log latencies and the log MACs. No method that maps the known devices and the work done to the new one (`nearest-device`, `hwgen`'s few-shot maps, `flops`) can rank or price the target better, whatever the shots; where the 10-shot figures come near it, what is left lies in the device itself."
            )
        }
        let headline = study.records.filter { $0.shots == study.headlineShots } + study.ceilings
        func cell(_ estimator: String, _ target: String?, _ metric: KeyPath<BenchmarkRecord, Double>) -> Double? {
            let rows = headline.filter { $0.estimator == estimator && (target == nil || $0.target == target) }
            return rows.isEmpty ? nil : mean(rows.map { $0[keyPath: metric] })
        }
        var rows: [[TableCell]] = targets.map { target in
            [.text(target)]
                + estimators.flatMap { estimator in
                    [\BenchmarkRecord.spearman, \BenchmarkRecord.mapePct].map { metric in
                        cell(estimator, target, metric).map { TableCell.number($0, decimals: metric == \BenchmarkRecord.spearman ? 4 : 2) }
                            ?? .missing
                    }
                }
        }
        let perTarget = { (estimator: String) in targets.compactMap { target in cell(estimator, target, \.spearman).map { (target, $0) } } }
        rows.append(
            [.text("mean")]
                + estimators.flatMap { estimator -> [TableCell] in
                    let spearmans = perTarget(estimator).map(\.1)
                    let mapes = targets.compactMap { cell(estimator, $0, \.mapePct) }
                    return [
                        spearmans.isEmpty ? .missing : .number(mean(spearmans), decimals: 4),
                        mapes.isEmpty ? .missing : .number(mean(mapes), decimals: 2),
                    ]
                })
        rows.append(
            [.text("worst (Spearman)")]
                + estimators.flatMap { estimator -> [TableCell] in
                    guard let worst = perTarget(estimator).min(by: { $0.1 < $1.1 }) else { return [.missing, .missing] }
                    return [.number(worst.1, decimals: 4), .text(worst.0)]
                })
        let columns =
            [ReportTable.Column("target")]
            + estimators.flatMap { [ReportTable.Column("\($0) Spearman"), ReportTable.Column("\($0) MAPE %")] }
        section.table(ReportTable(columns: columns, rows: rows, caption: "\(study.name), \(study.headlineShots) shots"))

        // The sweep: one row per (estimator, shots).
        let summaries = TransferSummary.summaries(study.records).sorted { ($0.estimator, $0.shots) < ($1.estimator, $1.shots) }
        section.table(
            ReportTable(
                columns: [
                    "estimator", "shots", "mean Spearman", "worst Spearman", "worst device", "mean MAPE %", "mean RMSE (ms)",
                    "90% coverage %",
                ],
                rows: summaries.map { summary in
                    [
                        .text(summary.estimator), .integer(summary.shots), .number(summary.meanSpearman, decimals: 4),
                        .number(summary.worst.spearman, decimals: 4), .text(summary.worst.target), .number(summary.meanMAPE, decimals: 2),
                        .number(summary.meanRMSE, decimals: 3), summary.meanCoverage90.map { .number($0, decimals: 1) } ?? .missing,
                    ]
                }, caption: "\(study.name): every shot count"))
        let lines = estimators.filter { $0 != TransferCeiling.label }.map { estimator in
            LineSeries(
                name: estimator,
                points: summaries.filter { $0.estimator == estimator && $0.shots > 0 }.map {
                    LinePoint(x: Double($0.shots), y: $0.meanSpearman)
                })
        }
        if lines.contains(where: { $0.points.count > 1 }) {
            section.chart(
                LineChart(
                    title: "\(study.name): mean Spearman by shots", series: lines, xTitle: "Target rows seen (shots)",
                    yTitle: "Mean Spearman over devices", yIncludesZero: false),
                name: "\(study.name) shots")
        }
    }
}
