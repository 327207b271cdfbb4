/// The statistics of one task: each estimator's primary metric with its bootstrap interval, the
/// paired difference of each against the best built-in (a win, loss or tie only when its interval
/// says so), the default estimators against the simple baselines, and ranks.
public struct TaskScores: Sendable, Codable {
    /// One estimator's standing on the task.
    public struct Entry: Sendable, Codable {
        /// Leaderboard label.
        public var estimator: String
        /// Whether it is a built-in baseline.
        public var builtIn: Bool
        /// "ok", "n/a: ..." or "failed: ...".
        public var status: String
        /// The primary metric: mean over units, with its interval.
        public var metric: ConfidenceInterval?
        /// Mean absolute percentage error over units, %, with its interval.
        public var mape: ConfidenceInterval?
        /// Difference to the best built-in (this minus it), with the verdict; nil for the best itself.
        public var versusBest: ConfidenceInterval?
        /// The verdict of `versusBest`.
        public var verdict: PairwiseVerdict?
        /// Rank by the primary metric's estimate (1 = best), among the estimators that ran.
        public var rank: Int?
        /// Median fit seconds over units.
        public var fitSeconds: Double?
        /// Median µs per prediction.
        public var predictMicroseconds: Double?
        /// Saved state size, bytes.
        public var modelBytes: Int?
    }

    /// A default estimator against a simple baseline.
    public struct Comparison: Sendable, Codable {
        /// `mlp` or `hwgen`.
        public var candidate: String
        /// `lut-fitted` or `nearest-device`.
        public var baseline: String
        /// Candidate minus baseline, primary metric.
        public var difference: ConfidenceInterval
        /// Win (significantly better), loss or tie.
        public var verdict: PairwiseVerdict
    }

    /// The task.
    public var task: SuiteTask
    /// Units scored (seeds, or held-out devices x draws).
    public var units: Int
    /// Test rows over all units.
    public var testRows: Int
    /// Every estimator, in run order.
    public var entries: [Entry]
    /// The built-in with the best primary metric, the reference of every `versusBest`.
    public var bestBuiltIn: String?
    /// `mlp`/`hwgen` against `lut-fitted`/`nearest-device`, where both ran.
    public var comparisons: [Comparison]

    /// Scores `outcomes` (label, built-in, outcome) of one task with `bootstrap`.
    public init(task: SuiteTask, outcomes: [(label: String, builtIn: Bool, outcome: SuiteOutcome)], bootstrap: Bootstrap) {
        self.task = task
        let metric = task.metric
        let scored = outcomes.compactMap { item -> (String, [SuiteUnitResult])? in
            if case .scored(let units) = item.outcome { return (item.label, units) }
            return nil
        }
        let reference = scored.first?.1 ?? []
        let rowCounts = reference.map(\.rows.count)
        units = rowCounts.count
        testRows = rowCounts.reduce(0, +)

        /// The mean over units of `measure`, on every unit and row, or on the resampled `picked` ones.
        func unitMean(_ results: [SuiteUnitResult], _ measure: (SuiteUnitResult, [Int]?) -> Double?, _ picked: [(unit: Int, rows: [Int])]?)
            -> Double?
        {
            let values = picked.map { $0.map { measure(results[$0.unit], $0.rows) } } ?? results.map { measure($0, nil) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
            return values.reduce(0) { $0 + $1! } / Double(values.count)
        }
        let primary: (SuiteUnitResult, [Int]?) -> Double? = { metric.value(predicted: $0.predicted, actual: $0.actual, rows: $1) }
        let percentError: (SuiteUnitResult, [Int]?) -> Double? = { result, rows in
            let indices = rows ?? Array(result.actual.indices)
            guard !indices.isEmpty else { return nil }
            return 100 * indices.reduce(0.0) { $0 + abs(result.predicted[$1] - result.actual[$1]) / result.actual[$1] }
                / Double(indices.count)
        }
        // Each estimator's metric on every resample, computed once: its interval, and (the
        // resamples being the same for everyone) every paired difference, come from these.
        var resampled: [String: [Double?]] = [:]
        for (label, results) in scored {
            resampled[label] = bootstrap.values(rowCounts: rowCounts) { unitMean(results, primary, $0) }
        }
        func interval(_ label: String, _ results: [SuiteUnitResult]) -> ConfidenceInterval? {
            guard let estimate = unitMean(results, primary, nil), let values = resampled[label] else { return nil }
            return bootstrap.interval(estimate: estimate, resampled: values)
        }
        func mapeInterval(_ results: [SuiteUnitResult]) -> ConfidenceInterval? {
            guard let estimate = unitMean(results, percentError, nil) else { return nil }
            return bootstrap.interval(rowCounts: rowCounts, estimate: estimate) { unitMean(results, percentError, $0) }
        }

        var entries: [Entry] = outcomes.map { item in
            var entry = Entry(estimator: item.label, builtIn: item.builtIn, status: "ok")
            switch item.outcome {
            case .notApplicable(let reason): entry.status = "n/a: \(reason)"
            case .failed(let reason): entry.status = "failed: \(reason)"
            case .scored(let results):
                entry.metric = interval(item.label, results)
                entry.mape = mapeInterval(results)
                entry.fitSeconds = results.isEmpty ? nil : median(results.map(\.fitSeconds))
                entry.predictMicroseconds = results.isEmpty ? nil : median(results.map(\.predictMicroseconds))
                entry.modelBytes = results.compactMap(\.modelBytes).max()
            }
            return entry
        }
        let better: (Double, Double) -> Bool = { metric.higherIsBetter ? $0 > $1 : $0 < $1 }
        let ranked = entries.indices.filter { entries[$0].metric != nil }.sorted {
            better(entries[$0].metric!.estimate, entries[$1].metric!.estimate)
        }
        for (position, index) in ranked.enumerated() { entries[index].rank = position + 1 }
        let results = Dictionary(scored, uniquingKeysWith: { first, _ in first })
        func difference(_ a: String, _ b: String) -> ConfidenceInterval? {
            guard let first = results[a], let second = results[b], let x = unitMean(first, primary, nil),
                let y = unitMean(second, primary, nil), let valuesA = resampled[a], let valuesB = resampled[b]
            else { return nil }
            let paired = zip(valuesA, valuesB).map { pair in pair.0.flatMap { a in pair.1.map { a - $0 } } }
            return bootstrap.interval(estimate: x - y, resampled: paired)
        }
        let best = ranked.first { entries[$0].builtIn }.map { entries[$0].estimator }
        for index in entries.indices where entries[index].metric != nil && entries[index].estimator != best {
            guard let best, let delta = difference(entries[index].estimator, best) else { continue }
            entries[index].versusBest = delta
            entries[index].verdict = PairwiseVerdict.of(delta, higherIsBetter: metric.higherIsBetter)
        }
        self.entries = entries
        self.bestBuiltIn = best
        var comparisons: [Comparison] = []
        for candidate in ["mlp", "hwgen"] {
            for baseline in ["lut-fitted", "nearest-device"] {
                guard let delta = difference(candidate, baseline) else { continue }
                comparisons.append(
                    Comparison(
                        candidate: candidate, baseline: baseline, difference: delta,
                        verdict: PairwiseVerdict.of(delta, higherIsBetter: metric.higherIsBetter)))
            }
        }
        self.comparisons = comparisons
    }
}
