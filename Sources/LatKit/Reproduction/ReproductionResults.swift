/// Everything `latkit reproduce` measured; written as results.json and rendered as the report.
public struct ReproductionResults: Codable {
    /// One data set's comparison.
    public struct DataSetResult: Codable {
        public var name: String
        public var file: String
        public var target: String
        public var space: String
        public var rows: Int
        public var caveats: [String]
        /// One record per (split, contender); `estimator` holds the contender's label.
        public var records: [BenchmarkRecord]
    }

    /// A target from the issue, with what was measured.
    public struct TargetCheck: Codable {
        public var target: String
        public var goal: String
        public var measured: String
        public var met: Bool
    }

    /// Speed figures, measured in this run.
    public struct Performance: Codable {
        public var sampleEncodeArchitectures: Int
        public var sampleSeconds: Double
        public var encodeSeconds: Double
        public var sampleEncodePerSecond: Double
        public var predictArchitectures: Int
        /// Median over repeats of batched prediction through the ABI, per estimator label.
        public var predictPerSecond: [String: Double]
        public var mlpFitSeconds7000: Double?
    }

    public var latkitVersion: String
    public var startedAt: String
    public var totalSeconds: Double
    public var machine: String
    public var dataSets: [DataSetResult]
    public var sampleEfficiency: [BenchmarkRecord]
    public var performance: Performance
    public var targets: [TargetCheck]
}
