/// Everything `latkit reproduce` measured; written as results.json and rendered as the report.
public struct ReproductionResults: Codable {
    /// One data set's comparison.
    public struct DataSetResult: Codable {
        /// The data set's short name from the plan.
        public var name: String
        /// The CSV file read.
        public var file: String
        /// The latency column used as target (ms).
        public var target: String
        /// Search space plugin name.
        public var space: String
        /// Rows read from the file.
        public var rows: Int
        /// What the report must say about this data's flaws.
        public var caveats: [String]
        /// One record per (split, contender); `estimator` holds the contender's label.
        public var records: [BenchmarkRecord]
    }

    /// A target from the issue, with what was measured.
    public struct TargetCheck: Codable {
        /// What is checked, e.g. "RTX 2080 Ti, paper split, default estimator: RMSE".
        public var target: String
        /// The goal as text, e.g. "<= 0.40 ms".
        public var goal: String
        /// The figure measured, with its unit, or "not measured".
        public var measured: String
        /// Whether the measured figure meets the goal.
        public var met: Bool
    }

    /// Speed figures, measured in this run.
    public struct Performance: Codable {
        /// Architectures sampled and encoded for the speed figures.
        public var sampleEncodeArchitectures: Int
        /// Wall time of sampling them, seconds.
        public var sampleSeconds: Double
        /// Wall time of encoding them, seconds.
        public var encodeSeconds: Double
        /// Architectures sampled and encoded per second, both steps together.
        public var sampleEncodePerSecond: Double
        /// Architectures per batched prediction.
        public var predictArchitectures: Int
        /// Median over repeats of batched prediction through the ABI, per estimator label.
        public var predictPerSecond: [String: Double]
        /// Wall time of fitting the default mlp on the paper split's 7,000 training rows, seconds; nil if not run.
        public var mlpFitSeconds7000: Double?
    }

    /// One new-device study: records of every (estimator, target, shots, draw).
    public struct GeneralizationResult: Codable {
        /// The study's title.
        public var name: String
        /// The multi-device CSV read.
        public var file: String
        /// Search space plugin name.
        public var space: String
        /// Architectures scored per series (after any exclusion).
        public var architectures: Int
        /// Device series in the file.
        public var series: Int
        /// Why architectures were left out, if any were.
        public var excluded: String?
        /// The shot count of the per-device table.
        public var headlineShots: Int
        /// Shot draws per target at the headline shot count.
        public var draws: Int
        /// Shot draws per target at the other shot counts.
        public var sweepDraws: Int
        /// What the report says about the data or published figures.
        public var notes: [String]
        /// One record per run; `target`, `shots` and `seed` tell them apart.
        public var records: [BenchmarkRecord]
        /// Per target, the `TransferCeiling` (an oracle fitted on every row of the target, not an
        /// estimator); empty where the study has none (the paper's positional splits).
        public var ceilings: [BenchmarkRecord] = []
    }

    /// The latkit version that ran the reproduction.
    public var latkitVersion: String
    /// Start time, ISO 8601.
    public var startedAt: String
    /// Wall time of the whole run, seconds.
    public var totalSeconds: Double
    /// CPU model and core count of the machine.
    public var machine: String
    /// Every data set's comparison, in plan order.
    public var dataSets: [DataSetResult]
    /// The sample-efficiency sweep: one record per (contender, repeat, training size).
    public var sampleEfficiency: [BenchmarkRecord]
    /// Speed figures measured in this run.
    public var performance: Performance
    /// The targets with what was measured.
    public var targets: [TargetCheck]
    /// The new-device studies.
    public var generalization: [GeneralizationResult] = []
    /// The NAS section, when the plan had one.
    public var nas: NASComparisonResults? = nil
    /// The real-latency section, when the plan had one (its `status` says whether it ran).
    public var measurement: MeasurementStudyResults? = nil
}
