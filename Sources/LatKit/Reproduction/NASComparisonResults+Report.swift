extension NASComparisonResults {
    /// The NAS section of the reproduction report: the searches side by side and the front.
    func addSection(to document: inout ReportDocument) {
        document.section("NAS: latency-constrained search on Note10") { section in
            section.paragraph(
                "OFA w1.2 at the paper's resolutions, Note10. The lookup table is the truth: every network found is priced by it (\"true ms\"). Each search has \(budget) evaluations (evolution: OFA's defaults, population 100, stopping at the budget; random search: uniform samples); top-1 is the OFA accuracy predictor's. The learned models are `mlp` (default recipe) trained on the first N of the paper's training rows; test RMSE against the table (rows 8500-9999): "
                    + modelRMSE.keys.sorted().map { "\($0) \(NumberText.fixed(modelRMSE[$0]!, decimals: 4)) ms" }.joined(separator: ", ")
                    + "."
            )
            let rows = searches.map { search -> [TableCell] in
                [
                    .number(search.limit, decimals: 0), .text(search.strategy), .text(search.latencyModel),
                    .text(search.marginAuto ? "auto (90%)" : "none"), .number(search.top1, decimals: 2),
                    .number(search.predictedMs, decimals: 3), .number(search.trueMs, decimals: 3),
                    .text(search.violates ? "VIOLATES" : "ok"),
                ]
            }
            section.table(
                ReportTable(
                    columns: ["Limit (ms)", "Strategy", "Latency model", "Margin", "Top-1 (%)", "Predicted ms", "True ms", "Constraint"],
                    rows: rows, caption: "Best network of each search"))
            if redrawCount > 0 { addRedraws(to: &section) }
            let evolution = searches.filter { $0.strategy == "evolution" && $0.latencyModel == "lookup table" }
            section.chart(
                LineChart(
                    title: "Note10: NSGA-II front and evolution's best per limit",
                    series: [
                        LineSeries(name: "NSGA-II front", points: front.map { LinePoint(x: $0.latencyMs, y: $0.top1) }),
                        LineSeries(name: "evolution + lookup table", points: evolution.map { LinePoint(x: $0.trueMs, y: $0.top1) }),
                    ], xTitle: "Lookup-table latency (ms)", yTitle: "Predicted top-1 (%)", xScale: .linear, yScale: .linear,
                    yIncludesZero: false),
                name: "NAS front", caption: "Accuracy-latency trade-off on the same problem.")
        }
    }

    /// How often `margin: auto` failed over the other draws of the smallest model's rows.
    private func addRedraws(to section: inout ReportSection) {
        let violating = redraws.filter(\.violates)
        let worst = violating.map { $0.trueMs - $0.limit }.max()
        section.paragraph(
            "The same search with `margin: auto` on other draws of the smallest model's training rows (seeds 1 to \(redrawCount)), at every limit: \(violating.count) of \(redraws.count) searches returned a network whose true latency breaks the limit"
                + (worst.map { " (worst by \(NumberText.fixed($0, decimals: 3)) ms)" } ?? "")
                + (redrawsUnreachable > 0 ? "; \(redrawsUnreachable) more found no network that meets the limit with the margin" : "")
                + ". A 90% margin bounds the risk for one network taken at random at 10%; a search returns the network the model underestimates most among those near the limit, so the rate per search is the figure that matters."
                + (redraws.isEmpty
                    ? ""
                    : " That selection shows in the networks returned: the model underestimated \(redraws.filter(\.underestimated).count) of \(redraws.count) (true minus predicted latency \(NumberText.fixed(redraws.map { $0.trueMs - $0.predictedMs }.reduce(0, +) / Double(redraws.count), decimals: 3)) ms on average), where an unbiased model would err either way about as often.")
        )
        let limits = Array(Set(redraws.map(\.limit))).sorted()
        section.table(
            ReportTable(
                columns: [
                    "Limit (ms)", "Searches", "Violations", "Mean predicted ms", "Mean true ms", "Underestimated (true > predicted)",
                    "Mean top-1 (%)",
                ],
                rows: limits.map { limit in
                    let at = redraws.filter { $0.limit == limit }
                    let mean = { (value: (Search) -> Double) in at.map(value).reduce(0, +) / Double(at.count) }
                    return [
                        .number(limit, decimals: 0), .integer(at.count), .integer(at.filter(\.violates).count),
                        .number(mean(\.predictedMs), decimals: 3), .number(mean(\.trueMs), decimals: 3),
                        .integer(at.filter(\.underestimated).count),
                        .number(mean(\.top1), decimals: 2),
                    ]
                }, caption: "Margin auto over other draws of the training rows"))
    }

    /// The NAS targets with what was measured.
    func targets() -> [ReproductionResults.TargetCheck] {
        var checks: [ReproductionResults.TargetCheck] = []
        let limits = Array(Set(searches.map(\.limit))).sorted()
        func gap(_ model: String) -> Double? {
            let gaps = limits.compactMap { limit -> Double? in
                guard let lut = search("lookup table", limit: limit), let learned = search(model, limit: limit) else { return nil }
                return lut.top1 - learned.top1
            }
            return gaps.count == limits.count ? gaps.max() : nil
        }
        for (rows, allowed) in [(7000, 0.3), (100, 1.0)] {
            let label = NASComparison.modelLabel(rows)
            guard let worst = gap(label) else { continue }
            checks.append(
                .init(
                    target: "Note10 NAS, \(label): top-1 behind the lookup table's at every limit", goal: "<= \(allowed) points",
                    measured: String(format: "%.2f points (worst limit)", worst), met: worst <= allowed))
            let violations = searches.filter { $0.latencyModel == label && $0.marginAuto && $0.violates }.count
            checks.append(
                .init(
                    target: "Note10 NAS, \(label), margin auto: true-latency violations", goal: "0 of \(limits.count)",
                    measured: "\(violations) of \(limits.count)", met: violations == 0))
        }
        let frontGaps = limits.compactMap { limit -> Double? in
            guard let best = search("lookup table", limit: limit), let front = frontTop1(within: limit) else { return nil }
            return best.top1 - front
        }
        if frontGaps.count == limits.count, let worst = frontGaps.max() {
            checks.append(
                .init(
                    target: "Note10 NAS: NSGA-II front behind the best single-constraint evolution at every limit", goal: "<= 0.2 points",
                    measured: String(format: "%.2f points (worst limit)", worst), met: worst <= 0.2))
        }
        return checks
    }
}
