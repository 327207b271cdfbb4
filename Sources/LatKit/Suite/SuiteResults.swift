import Foundation

/// Everything a suite run measured, as written to `results.json`: comparable with another run
/// only when `suite` and `suiteVersion` match.
public struct SuiteResults: Sendable, Codable {
    /// `standard` or `quick`.
    public var suite: String
    /// The suite's version.
    public var suiteVersion: String
    /// The host that ran it.
    public var latkitVersion: String
    /// The machine.
    public var machine: String
    /// When it began, ISO 8601.
    public var startedAt: String
    /// Wall time, seconds.
    public var totalSeconds: Double
    /// Seeds of every task.
    public var seeds: [UInt64]
    /// Bootstrap resamples of every interval (95%, percentile, over units then rows).
    public var bootstrapResamples: Int
    /// The estimators, built-ins first.
    public var estimators: [SuiteEstimator]
    /// Per task: metrics with intervals, verdicts, ranks.
    public var tasks: [TaskScores]
    /// Mean rank over the tasks each estimator ran, best first.
    public var aggregateRanks: [AggregateRank]

    /// An estimator's rank over all tasks.
    public struct AggregateRank: Sendable, Codable {
        /// Leaderboard label.
        public var estimator: String
        /// Mean of its per-task ranks.
        public var meanRank: Double
        /// Tasks it was ranked on (the others were n/a or failed).
        public var tasksRanked: Int
    }

    /// Assembles the results and the aggregate ranks.
    public init(
        suite: BenchmarkSuite, machine: String, startedAt: String, totalSeconds: Double, estimators: [SuiteEstimator], tasks: [TaskScores]
    ) {
        self.suite = suite.name
        self.suiteVersion = suite.version
        self.latkitVersion = LatKitVersion.host
        self.machine = machine
        self.startedAt = startedAt
        self.totalSeconds = totalSeconds
        self.seeds = suite.seeds
        self.bootstrapResamples = suite.bootstrapResamples
        self.estimators = estimators
        self.tasks = tasks
        aggregateRanks = estimators.compactMap { estimator in
            let ranks = tasks.compactMap { $0.entries.first { $0.estimator == estimator.label }?.rank }
            guard !ranks.isEmpty else { return nil }
            return AggregateRank(
                estimator: estimator.label, meanRank: Double(ranks.reduce(0, +)) / Double(ranks.count), tasksRanked: ranks.count)
        }.sorted { ($0.meanRank, -$0.tasksRanked) < ($1.meanRank, -$1.tasksRanked) }
    }

    /// Writes `report.md` (with its charts), `report.html` and `results.json` into `folder`.
    public func write(to folder: String) throws -> [String] {
        try SuiteReport.build(self).write(withResults: self, to: folder)
    }
}
