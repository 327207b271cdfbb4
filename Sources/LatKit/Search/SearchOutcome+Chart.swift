extension SearchOutcome {
    /// The results as a line chart: the first maximized objective (e.g. accuracy) against the
    /// first minimized one or, without one, the first constrained evaluator (e.g. latency);
    /// points sorted by x, so a Pareto front reads as a staircase. Nil when the results offer no
    /// two distinct quantities.
    public func chart(x preferredX: String? = nil) -> LineChart? {
        guard let y = objectives.first(where: \.maximize)?.name ?? objectives.first?.name else { return nil }
        let candidatesX = [preferredX, objectives.first(where: { !$0.maximize && $0.name != y })?.name, constraints.first?.evaluator]
        guard let x = candidatesX.compactMap({ $0 }).first(where: { $0 != y }) else { return nil }
        let points = results.compactMap { record -> LinePoint? in
            guard let xValue = record.values[x], let yValue = record.values[y] else { return nil }
            return LinePoint(x: xValue, y: yValue)
        }.sorted { $0.x < $1.x }
        guard !points.isEmpty else { return nil }
        return LineChart(
            title: "\(strategy): \(y) against \(x) (\(results.count) results, \(evaluations) evaluations)",
            series: [LineSeries(name: "\(strategy) results", points: points)], xTitle: x, yTitle: y, xScale: .linear, yScale: .linear,
            yIncludesZero: false)
    }
}
