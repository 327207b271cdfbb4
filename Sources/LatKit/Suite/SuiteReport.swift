/// The leaderboard of a suite run as a report: per regime, per task, each estimator's metric with
/// its 95% interval, the paired difference to the best built-in and its verdict, speed and size;
/// the default estimators against the simple baselines; the aggregate ranks.
enum SuiteReport {
    static func build(_ results: SuiteResults) -> ReportDocument {
        var document = ReportDocument(
            title: "LatencyKit benchmark suite: \(results.suite) v\(results.suiteVersion)",
            subtitle:
                "latkit \(results.latkitVersion), \(results.machine), started \(results.startedAt), \(Int(results.totalSeconds.rounded())) s"
        )
        document.paragraph(
            "Results are comparable only with runs of the same suite and version (\(results.suite) v\(results.suiteVersion)): it fixes the tasks, splits, shot draws, seeds (\(results.seeds.map(String.init).joined(separator: ", "))) and the statistics. Each figure is the mean over a task's units (one per seed; for a new-device task one per held-out device and shot draw) with a 95% percentile-bootstrap interval (\(results.bootstrapResamples) resamples of units, then of test rows within each unit). Every estimator runs on exactly the same units and rows, so each difference to the best built-in is a paired bootstrap; it is called a win or a loss only when its interval excludes zero, otherwise a tie."
        )
        var ranks = ReportSection(heading: "Aggregate rank")
        ranks.table(
            ReportTable(
                columns: ["estimator", "mean rank", "tasks ranked"],
                rows: results.aggregateRanks.map { [.text($0.estimator), .number($0.meanRank, decimals: 2), .integer($0.tasksRanked)] },
                caption: "Mean of the per-task ranks by each task's primary metric; an estimator is ranked only on the tasks it can do."))
        document.blocks.append(.section(ranks))

        var defaults = ReportSection(heading: "Are the defaults significantly better than the simple baselines?")
        defaults.table(
            ReportTable(
                columns: ["task", "metric", "comparison", "difference (95% CI)", "verdict"],
                rows: results.tasks.flatMap { task in
                    task.comparisons.map { comparison in
                        [
                            .text(task.task.id), .text(task.task.metric.label), .text("\(comparison.candidate) vs \(comparison.baseline)"),
                            .text(interval(comparison.difference)), .text(verdictText(comparison.verdict, comparison.candidate)),
                        ]
                    }
                },
                caption:
                    "Candidate minus baseline: for RMSE a negative difference is better, for Spearman a positive one. Single-device tasks compare mlp with lut-fitted; new-device tasks compare hwgen (and mlp on the shots alone) with lut-fitted and nearest-device."
            ))
        document.blocks.append(.section(defaults))

        for regime in SuiteTask.Regime.allCases {
            let tasks = results.tasks.filter { $0.task.regime == regime }
            guard !tasks.isEmpty else { continue }
            var section = ReportSection(heading: regime.rawValue.prefix(1).uppercased() + regime.rawValue.dropFirst())
            if regime == .fewRows, let chart = sampleEfficiencyChart(tasks) { section.blocks.append(.figure(chart)) }
            for task in tasks { section.blocks.append(.section(taskSection(task))) }
            document.blocks.append(.section(section))
        }
        return document
    }

    private static func taskSection(_ scores: TaskScores) -> ReportSection {
        var section = ReportSection(heading: "\(scores.task.id): \(scores.task.title)")
        section.paragraph(
            "\(scores.units) unit\(scores.units == 1 ? "" : "s"), \(scores.testRows) test rows in all; primary metric \(scores.task.metric.label), best built-in: \(scores.bestBuiltIn ?? "none")."
        )
        section.table(
            ReportTable(
                columns: [
                    "rank", "estimator", ReportTable.Column("\(scores.task.metric.label) (95% CI)"), "MAPE % (95% CI)", "vs best built-in",
                    "verdict", "fit s", "µs / prediction", "model KB", "status",
                ],
                rows: scores.entries.sorted { ($0.rank ?? Int.max) < ($1.rank ?? Int.max) }.map { entry in
                    [
                        entry.rank.map { .integer($0) } ?? .missing, .text(entry.estimator + (entry.builtIn ? "" : " *")),
                        .text(entry.metric.map(interval) ?? "-"), .text(entry.mape.map(interval) ?? "-"),
                        .text(entry.versusBest.map(interval) ?? "-"), .text(entry.verdict?.rawValue ?? "-"),
                        number(entry.fitSeconds, 3), number(entry.predictMicroseconds, 1),
                        number(entry.modelBytes.map { Double($0) / 1024 }, 1), .text(entry.status),
                    ]
                },
                caption:
                    "* not a built-in. Fit seconds and µs per prediction are medians over units; n/a says why an estimator cannot do the task."
            ))
        return section
    }

    private static func sampleEfficiencyChart(_ tasks: [TaskScores]) -> ReportFigure? {
        let rtx = tasks.filter { $0.task.id.hasPrefix("rtx2080ti/rows-") }.sorted { ($0.task.trainRows ?? 0) < ($1.task.trainRows ?? 0) }
        guard rtx.count >= 2 else { return nil }
        let labels = rtx[0].entries.map(\.estimator)
        let series = labels.map { label in
            LineSeries(
                name: label,
                points: rtx.compactMap { task in
                    guard let metric = task.entries.first(where: { $0.estimator == label })?.metric, let rows = task.task.trainRows else {
                        return nil
                    }
                    return LinePoint(x: Double(rows), y: metric.estimate, spread: (metric.upper - metric.lower) / 2)
                })
        }.filter { !$0.points.isEmpty }
        let chart = LineChart(title: "RTX 2080 Ti: test RMSE by training rows (95% CI half-width as bars)", series: series)
        return ReportFigure(name: "suite-sample-efficiency", caption: "Few-row tasks on the RTX 2080 Ti set.", svg: chart.render())
    }

    private static func number(_ value: Double?, _ decimals: Int) -> TableCell {
        value.map { .number($0, decimals: decimals) } ?? .missing
    }

    private static func interval(_ value: ConfidenceInterval) -> String {
        "\(NumberText.fixed(value.estimate, decimals: 3)) [\(NumberText.fixed(value.lower, decimals: 3)), \(NumberText.fixed(value.upper, decimals: 3))]"
    }

    private static func verdictText(_ verdict: PairwiseVerdict, _ candidate: String) -> String {
        switch verdict {
        case .win: return "\(candidate) significantly better"
        case .loss: return "\(candidate) significantly worse"
        case .tie: return "no significant difference"
        }
    }
}
