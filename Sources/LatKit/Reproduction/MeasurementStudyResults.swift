/// What the "Real latency on this machine" section measured (results.json `measurement`). When the
/// profiler could not be created (no ONNX Runtime library) `status` is "skipped" and `reason` says
/// why; when a step failed it is "failed"; every other field is then empty.
public struct MeasurementStudyResults: Codable, Sendable {
    /// How busy the rest of the machine was during a set of measurements (the profiler's reading
    /// of the other cores, 0...1, around each measurement's timed runs).
    public struct Load: Codable, Sendable {
        /// Measurements with a load reading.
        public var count: Int
        /// Median load.
        public var median: Double
        /// Highest load.
        public var max: Double
        /// Share of measurements taken while the other cores were more than half busy, %.
        public var busyPct: Double

        /// Summarizes `loads` (nil readings left out); nil when there is none.
        init?(_ loads: [Double?]) {
            let values = loads.compactMap { $0 }.sorted()
            guard !values.isEmpty else { return nil }
            count = values.count
            median = LatKit.median(values)
            max = values.last!
            busyPct = 100 * Double(values.filter { $0 > 0.5 }.count) / Double(values.count)
        }
    }

    /// The machine as the profiler describes it, and the system load average around the section.
    public struct Machine: Codable, Sendable {
        /// The profiler's device name, e.g. "Intel(R) Xeon(R) Processor (2 cores)".
        public var device: String
        /// Every key/value the profiler gave (cores, memory_gb, engine, engine_library, ...).
        public var description: [String: String]
        /// /proc/loadavg's 1-minute figure when the section began and when it ended.
        public var loadAverageBefore: Double?
        /// The same when it ended.
        public var loadAverageAfter: Double?
    }

    /// The measurement protocol.
    public struct MeasurementProtocol: Codable, Sendable {
        /// Profiler plugin name.
        public var profiler: String
        /// Options it was created with.
        public var profilerOptions: [String: String]
        /// Untimed runs before timing.
        public var warmupRuns: Int
        /// Timed runs.
        public var timedRuns: Int
        /// Images per inference.
        public var batchSize: Int
        /// Intra-op threads.
        public var threads: Int
    }

    /// Step 1: the lookup table.
    public struct LookupTable: Codable, Sendable {
        /// The resolution timed alone.
        public var singleResolution: Int
        /// Its operators, all measured.
        public var singleOperators: Int
        /// Seconds to list and measure them (fresh store).
        public var singleSeconds: Double
        /// Every resolution of the full table.
        public var resolutions: [Int]
        /// Table entries over all resolutions.
        public var entries: Int
        /// Distinct operators over all resolutions (each measured once).
        public var distinctOperators: Int
        /// Seconds for the whole table from an empty store: the single resolution, then the other
        /// resolutions' operators not yet measured, then writing the CSV.
        public var allSeconds: Double
        /// The table, relative to the report folder.
        public var file: String
        /// Load during the operator measurements.
        public var load: Load?
    }

    /// Step 2: whole subnets.
    public struct Subnets: Codable, Sendable {
        /// Subnets measured.
        public var count: Int
        /// The sampling seed.
        public var seed: UInt64
        /// Seconds to export and measure them.
        public var seconds: Double
        /// Fastest, median and slowest mean latency, ms.
        public var minMs: Double
        /// Median of the subnets' mean latencies, ms.
        public var medianMs: Double
        /// Slowest mean latency, ms.
        public var maxMs: Double
        /// Median over subnets of std/mean of the timed runs, %.
        public var medianRunSpreadPct: Double
        /// Load during these measurements.
        public var load: Load?
    }

    /// Step 3: the same subnets measured again.
    public struct Noise: Codable, Sendable {
        /// Subnets measured twice.
        public var count: Int
        /// Median of |second - first| / mean of the two, %.
        public var medianPct: Double
        /// Largest of the same, %.
        public var maxPct: Double
        /// Mean of |second - first| / first, % (the repeat as a "predictor" of the first: its MAPE).
        public var mapePct: Double
        /// Seconds to measure them again.
        public var seconds: Double
        /// Load during the repeats.
        public var load: Load?
    }

    /// Step 3b: some of the repeated subnets timed interleaved with their operators
    /// (`InterleavedTableCheck`), beside the stored table's reading of their stored latency.
    public struct Interleaved: Codable, Sendable {
        /// Rounds per subnet.
        public var rounds: Int
        /// Timed runs of each model in a round (its fastest counts).
        public var runsPerRound: Int
        /// Per subnet, the median over the rounds of its operators' sum over its latency.
        public var ratios: [Double]
        /// Per subnet, the same ratio from the stored table and the subnet's stored measurement
        /// (their fastest runs), taken a minute apart.
        public var storedRatios: [Double]
        /// Seconds of the check.
        public var seconds: Double
    }

    /// Step 4: one estimator scored on the held-out subnets.
    public struct Comparison: Codable, Sendable {
        /// The metrics (label in `estimator`, shots in `nTrain`).
        public var record: BenchmarkRecord
        /// Mean signed error (predicted - measured), ms.
        public var biasMs: Double
        /// Mean signed relative error, % (negative: reads low).
        public var biasPct: Double
        /// How it was fitted, for the report.
        public var note: String
        /// Its predictions for the held-out subnets, in `heldOutMs` order.
        public var predictedMs: [Double]
    }

    /// One of the search's best networks, measured.
    public struct SearchResult: Codable, Sendable {
        /// Canonical architecture.
        public var architecture: String
        /// Predicted top-1, %.
        public var top1: Double
        /// The fine-tuned model's latency, ms, and its std.
        public var predictedMs: Double
        /// The model's standard deviation, ms, when it gave one.
        public var predictedStdMs: Double?
        /// This machine's lookup table's reading, ms.
        public var lookupTableMs: Double
        /// Measured mean latency, ms.
        public var measuredMs: Double
        /// Load during its measurement.
        public var load: Double?
        /// (predicted - measured) / measured, %.
        public var errorPct: Double
    }

    /// Step 5: the search under this machine's latency budget.
    public struct Search: Codable, Sendable {
        /// The latency limit: the median measured latency of the subnets, ms.
        public var budgetMs: Double
        /// Evaluations made, and the limit set.
        public var evaluations: Int
        /// The evaluation budget of the pipeline.
        public var maxEvaluations: Int
        /// Seconds of search.
        public var seconds: Double
        /// Seconds measuring its best networks.
        public var measureSeconds: Double
        /// The pipeline file and the model file, relative to the report folder.
        public var pipelineFile: String
        /// The model file the latency evaluator read.
        public var modelFile: String
        /// Its best networks, best first, measured.
        public var top: [SearchResult]
        /// How many of them break the budget when measured.
        public var violations: Int
    }

    /// "ran", "skipped" or "failed".
    public var status: String
    /// Why it was skipped or failed.
    public var reason: String?
    /// Wall time of the whole section, seconds.
    public var seconds: Double = 0
    /// The machine and engine.
    public var machine: Machine?
    /// The protocol.
    public var measurementProtocol: MeasurementProtocol?
    /// The store of every stored measurement, relative to the report folder.
    public var store: String?
    /// Step 1.
    public var lookupTable: LookupTable?
    /// Step 2.
    public var subnets: Subnets?
    /// Step 3.
    public var noise: Noise?
    /// Step 3b.
    public var interleaved: Interleaved?
    /// How the subnets were split for step 4.
    public var split: String?
    /// The shipped device `finetune` started from, and why.
    public var finetuneBase: String?
    /// `finetune`'s choice of strategy for each of its rows, e.g. "finetune (50 shots): stack".
    public var finetuneChoices: [String] = []
    /// The held-out subnets' measured latencies, ms.
    public var heldOutMs: [Double] = []
    /// Step 4, one entry per estimator.
    public var comparisons: [Comparison] = []
    /// Seconds of step 4 (fitting, adapting and predicting).
    public var comparisonSeconds: Double?
    /// Step 5.
    public var search: Search?

    /// A section that did not run.
    static func notRun(_ status: String, reason: String) -> MeasurementStudyResults {
        MeasurementStudyResults(status: status, reason: reason)
    }

    /// The comparison labelled `label`.
    public func comparison(_ label: String) -> Comparison? { comparisons.first { $0.record.estimator == label } }
}
