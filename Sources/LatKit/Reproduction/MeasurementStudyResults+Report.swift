import Foundation

extension MeasurementStudyResults {
    /// The section's heading in the report.
    static let heading = "Real latency on this machine"

    /// Labels of step 4's estimators that learn from the measurements (the table and its rescaled
    /// copy are not counted as learned).
    private var learned: [Comparison] {
        comparisons.filter {
            $0.record.estimator != MeasurementStudy.Label.table && !$0.note.hasPrefix(MeasurementStudy.Label.rescaledNote)
        }
    }

    /// The fine-tuned model adapted with the most shots.
    private var fineTuned: Comparison? {
        comparisons.filter { $0.record.estimator.hasPrefix("finetune") }.max { $0.record.nTrain < $1.record.nTrain }
    }

    /// The "Real latency on this machine" section; `trimmed` says what the other sections gave up
    /// to make room for it, if anything.
    func addSection(to document: inout ReportDocument, trimmed: String? = nil) {
        document.section(Self.heading) { section in
            guard status == "ran" else {
                section.warning(
                    "This section was \(status): \(reason ?? "no reason given"). It needs the onnxruntime-cpu profiler and ONNX Runtime's library (`make ort`)."
                )
                return
            }
            addProtocol(to: &section)
            if let trimmed { section.note(trimmed) }
            addSteps(to: &section)
            addComparison(to: &section)
            addSearch(to: &section)
        }
    }

    private func loadText(_ load: Load?) -> String {
        guard let load else { return "load not read" }
        return String(
            format: "other cores' load median %.2f, max %.2f, %.0f%% of measurements above 0.5", load.median, load.max, load.busyPct)
    }

    private func addProtocol(to section: inout ReportSection) {
        section.paragraph(
            "The paper's question asked on hardware this run can touch: how well do a lookup table and learned predictors read the latency of OFA w1.0 subnets on this machine, and does a search under a latency budget keep it once its networks are measured? Every figure below was measured by this run into a fresh store."
        )
        var lines: [String] = []
        if let machine {
            let d = machine.description
            lines.append(
                "Machine: \(machine.device), \(d["cores"] ?? "?") cores, \(d["memory_gb"] ?? "?") GB; engine \(d["engine"] ?? "?") (CPU execution provider)."
            )
            let before = machine.loadAverageBefore.map { String(format: "%.2f", $0) } ?? "?"
            let after = machine.loadAverageAfter.map { String(format: "%.2f", $0) } ?? "?"
            lines.append("System load average (1 min) when the section began: \(before); when it ended: \(after).")
        }
        if let p = measurementProtocol {
            let options = p.profilerOptions.keys.sorted().map { "\($0)=\(p.profilerOptions[$0]!)" }.joined(separator: ", ")
            lines.append(
                "Protocol: \(p.profiler) (\(options.isEmpty ? "default options" : options)), graph optimisation level 99, \(p.threads) intra-op thread, batch \(p.batchSize), \(p.warmupRuns) warm-up runs then \(p.timedRuns) timed runs per model; figures are the mean of the timed runs. This is lighter than `latkit profile`'s default (10 warm-up, 50 timed runs) so that `reproduce` stays within ten minutes; with retries=0 nothing waits for a quiet machine, and every result carries the load the profiler read around its timed runs."
            )
        }
        if let store {
            lines.append(
                "Files: the store `\(store)`, the table `\(lookupTable?.file ?? "-")`, the model `\(search?.modelFile ?? "-")`, the pipeline `\(search?.pipelineFile ?? "-")` (run it again with `latkit search --config`)."
            )
        }
        section.bullets(lines)
        section.warning(
            "Measured on a shared 2-core machine while other work may have run on the other core: "
                + [("operators", lookupTable?.load), ("subnets", subnets?.load), ("repeats", noise?.load)].map {
                    "\($0.0): \(loadText($0.1))"
                }
                .joined(separator: "; ")
                + ". That load is what this machine can see; the host of a virtual machine can slow it without showing any. Compare figures within this run, beside the repeat measurement below (the noise floor)."
        )
    }

    private func addSteps(to section: inout ReportSection) {
        var rows: [[TableCell]] = []
        if let t = lookupTable {
            rows.append([
                .text("1a. lookup table, r=\(t.singleResolution) alone"), .text("\(t.singleOperators) operators"),
                .number(t.singleSeconds, decimals: 1),
                .text("<= 10 s"),
            ])
            rows.append([
                .text("1b. lookup table, \(t.resolutions.count) resolutions (\(t.resolutions.first ?? 0)-\(t.resolutions.last ?? 0))"),
                .text("\(t.distinctOperators) distinct operators, \(t.entries) entries"), .number(t.allSeconds, decimals: 1),
                .text("<= 60 s"),
            ])
        }
        if let s = subnets {
            rows.append([
                .text("2. whole subnets, batch 1 (seed \(s.seed))"),
                .text(String(format: "%d subnets, %.2f / %.2f / %.2f ms (min / median / max)", s.count, s.minMs, s.medianMs, s.maxMs)),
                .number(s.seconds, decimals: 1), .text("<= 180 s"),
            ])
        }
        if let n = noise {
            rows.append([
                .text("3. the same subnets again (not stored)"),
                .text(String(format: "%d subnets: median |difference| %.2f%%, max %.2f%%", n.count, n.medianPct, n.maxPct)),
                .number(n.seconds, decimals: 1), .missing,
            ])
        }
        if let i = interleaved {
            rows.append([
                .text("3b. \(i.ratios.count) of them timed interleaved with their operators"),
                .text(
                    String(
                        format: "%d rounds each: operators' sum / subnet %@ (stored table: %@)", i.rounds, Self.spread(i.ratios),
                        Self.spread(i.storedRatios))),
                .number(i.seconds, decimals: 1), .missing,
            ])
        }
        if let seconds = comparisonSeconds {
            rows.append([
                .text("4. estimators fitted, adapted and scored"), .text("\(comparisons.count) estimators"), .number(seconds, decimals: 1),
                .missing,
            ])
        }
        if let s = search {
            rows.append([
                .text("5. search, then its best \(s.top.count) measured"), .text("\(s.evaluations) evaluations"),
                .number(s.seconds + s.measureSeconds, decimals: 1), .missing,
            ])
        }
        rows.append([.text("the whole section"), .missing, .number(seconds, decimals: 1), .missing])
        section.table(ReportTable(columns: ["Step", "What", "Seconds", "Target"], rows: rows, caption: "Steps, each timed"))
    }

    private func addComparison(to section: inout ReportSection) {
        guard !comparisons.isEmpty else { return }
        if let split { section.paragraph("Split: \(split).") }
        if let finetuneBase {
            section.paragraph("`finetune` starts from \(finetuneBase). Its choice of strategy: \(finetuneChoices.joined(separator: ", ")).")
        }
        var rows = comparisons.map { c -> [TableCell] in
            let r = c.record
            return [
                .text(r.estimator), .integer(r.nTrain), .number(r.mapePct, decimals: 2), .number(r.rmseMs, decimals: 3),
                .number(r.maeMs, decimals: 3),
                .number(c.biasMs, decimals: 3), .number(c.biasPct, decimals: 2), .number(r.spearman, decimals: 3),
                .number(r.within10Pct, decimals: 0),
                .text(c.note),
            ]
        }
        if let noise {
            rows.append([
                .text("repeat measurement"), .missing, .number(noise.mapePct, decimals: 2), .missing, .missing, .missing, .missing,
                .missing,
                .missing,
                .text(
                    String(
                        format: "the noise floor: %d subnets measured twice; median |difference| %.2f%%, max %.2f%%", noise.count,
                        noise.medianPct, noise.maxPct)),
            ])
        }
        section.table(
            ReportTable(
                columns: [
                    "Estimator", "Shots", "MAPE %", "RMSE (ms)", "MAE (ms)", "Mean signed error (ms)", "Mean signed error %", "Spearman",
                    "Within 10 %", "How",
                ], rows: rows, caption: "Whole-network latency of the \(heldOutMs.count) held-out subnets"))
        if let summary = comparisonSummary { section.paragraph(summary) }
        var scatter: [ScatterSeries] = []
        if let table = comparison(MeasurementStudy.Label.table) {
            scatter.append(ScatterSeries(name: table.record.estimator, measured: heldOutMs, predicted: table.predictedMs))
        }
        if let best = learned.min(by: { $0.record.mapePct < $1.record.mapePct }) {
            scatter.append(ScatterSeries(name: best.record.estimator, measured: heldOutMs, predicted: best.predictedMs))
        }
        section.chart(
            ScatterChart(title: "This machine: predicted vs measured (held-out subnets)", series: scatter),
            name: "real latency scatter", caption: "The lookup table and the learned estimator with the lowest MAPE; lines at ±10%.")
    }

    /// What the comparison table says, in words: the table's bias, the rescaled table, the best
    /// learned estimator and the noise floor.
    private var comparisonSummary: String? {
        guard let table = comparison(MeasurementStudy.Label.table) else { return nil }
        var text = String(
            format:
                "This machine's table reads %@ by %.1f%% on average over the held-out subnets (mean signed error; an earlier note found about 4%% low)",
            table.biasPct < 0 ? "low" : "high", abs(table.biasPct))
        if let rescaled = comparisons.first(where: { $0.note.hasPrefix(MeasurementStudy.Label.rescaledNote) }) {
            text += String(
                format: "; one factor fitted on the shots takes its MAPE from %.2f%% to %.2f%%", table.record.mapePct,
                rescaled.record.mapePct)
        }
        text += "."
        if let i = interleaved {
            text += String(
                format:
                    " Timed in the same moments as %d of the subnets (step 3b: each round the subnet, then its operators, each the fastest of %d warm runs; median of %d rounds), the operators summed to %@ times the subnet: the table's own error at the fastest runs. The stored table's operators (step 1) against the same subnets' stored measurements (step 2) gave %@ at the same fastest runs: the same models and statistic, so the gap between the two is what the time between steps 1 and 2 added (this machine's drift), which no table can carry.",
                i.ratios.count, i.runsPerRound, i.rounds, Self.spread(i.ratios), Self.spread(i.storedRatios))
        }
        if let best = learned.min(by: { $0.record.mapePct < $1.record.mapePct }) {
            text += String(format: " The best learned estimator is %@ at %.2f%% MAPE", best.record.estimator, best.record.mapePct)
            if let noise {
                text += String(
                    format: ", beside a repeat measurement's %.2f%% (median |difference| %.2f%%)", noise.mapePct, noise.medianPct)
            }
            text += "."
        }
        return text
    }

    private func addSearch(to section: inout ReportSection) {
        guard let s = search else { return }
        section.paragraph(
            String(
                format:
                    "Search: OFA's evolution (%d evaluations) for the most accurate network (OFA's accuracy predictor, trained for w1.2: its top-1 ranks w1.0 networks but is not their accuracy) whose latency by the fine-tuned model file is at most %.3f ms, the median measured latency of the subnets. Its best %d networks measured: %d break the budget.",
                s.evaluations, s.budgetMs, s.top.count, s.violations))
        let rows = s.top.enumerated().map { index, r -> [TableCell] in
            [
                .integer(index + 1), .number(r.top1, decimals: 2), .number(r.predictedMs, decimals: 3),
                r.predictedStdMs.map { .number($0, decimals: 3) } ?? .missing, .number(r.lookupTableMs, decimals: 3),
                .number(r.measuredMs, decimals: 3), .number(r.errorPct, decimals: 2), .text(r.measuredMs > s.budgetMs ? "VIOLATES" : "ok"),
            ]
        }
        section.table(
            ReportTable(
                columns: ["Rank", "Top-1 (%)", "Predicted ms", "Std (ms)", "Lookup table ms", "Measured ms", "Error %", "Budget"],
                rows: rows,
                caption: String(format: "The search's best networks, measured (budget %.3f ms)", s.budgetMs)))
    }

    /// "0.95 (0.90-1.01)": the median of `ratios` and their range.
    private static func spread(_ ratios: [Double]) -> String {
        let sorted = ratios.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "-" }
        return String(format: "%.2f (%.2f-%.2f)", median(sorted), first, last)
    }

    /// The section's targets with what was measured; every one is "not measured" when the section did not run.
    func targets() -> [ReproductionResults.TargetCheck] {
        let singleResolution = lookupTable?.singleResolution ?? 224
        let count = subnets?.count ?? 100
        var checks: [ReproductionResults.TargetCheck] = []
        func seconds(_ target: String, _ value: Double?, _ limit: Double) {
            checks.append(
                .init(
                    target: "Real latency: \(target)", goal: String(format: "<= %.0f s", limit),
                    measured: value.map { String(format: "%.1f s", $0) } ?? "not measured (\(status))", met: (value ?? .infinity) <= limit))
        }
        seconds("lookup table for one resolution (r=\(singleResolution)), fresh store", lookupTable?.singleSeconds, 10)
        seconds("lookup table for every resolution, fresh store", lookupTable?.allSeconds, 60)
        seconds("\(count) whole subnets at batch 1", subnets?.seconds, 180)
        let table = comparison(MeasurementStudy.Label.table)
        let tuned = fineTuned
        checks.append(
            .init(
                target:
                    "Real latency: finetune with \(tuned?.record.nTrain ?? 50) local measurements beats this machine's lookup table on whole-network MAPE",
                goal: "lower MAPE than the table",
                measured: table.flatMap { t in tuned.map { String(format: "%.2f%% vs %.2f%%", $0.record.mapePct, t.record.mapePct) } }
                    ?? "not measured (\(status))",
                met: (tuned?.record.mapePct ?? .infinity) < (table?.record.mapePct ?? -.infinity)))
        return checks
    }
}
