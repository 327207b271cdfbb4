/// What the "Real latency on this machine" section of `latkit reproduce` measures: this machine's
/// lookup table for OFA w1.0, whole subnets measured at batch 1, a repeat-measurement noise floor,
/// the estimators scored against the measurements, and a latency-constrained search whose best
/// networks are measured. Everything it writes goes into `folder`, which it empties first.
public struct MeasurementStudyPlan: Sendable {
    /// The device the learned estimator is fine-tuned from: a shipped column of measured latencies.
    public struct FinetuneBase: Sendable {
        /// Short name for the report, e.g. "RTX 2080 Ti (OFANAS paper)".
        public var label: String
        /// The CSV file (the paper layout: ks, e, d, r and one column per device).
        public var file: String
        /// The latency column the base model is fitted on.
        public var target: String
        /// Rows the base model trains on (half-open), and rows it validates on.
        public var trainRows: Range<Int>
        /// Rows the base model's hybrid uses for early stopping and its ridge penalty.
        public var validationRows: Range<Int>
        /// Why this device, for the report.
        public var reason: String
    }

    /// Search space plugin name (its default resolutions are sampled and tabled).
    public var space: String
    /// Profiler plugin name.
    public var profiler: String
    /// Options the profiler is created with.
    public var profilerOptions: [String: String]
    /// The measurement protocol (warm-up, timed runs, batch, threads).
    public var settings: MeasurementSettings
    /// The resolution whose lookup table is timed alone first.
    public var singleResolution: Int
    /// Every resolution of the full table and of the sampled subnets; nil = the space's own list.
    public var resolutions: [Int]?
    /// Whole subnets measured (`SearchSpace.distinctSample`).
    public var subnets: Int
    /// Seed of the sample, the estimators and the search.
    public var seed: UInt64
    /// Subnets measured a second time for the noise floor (spread evenly over the sample).
    public var repeats: Int
    /// Of the repeated subnets, how many are also timed interleaved with their operators
    /// (`InterleavedTableCheck`): the table's own error, apart from the machine's drift.
    public var interleavedSubnets: Int = 0
    /// Rounds of that check per subnet.
    public var interleavedRounds: Int = 8
    /// The first `shots` subnets of the sample fit or adapt the estimators; the rest are held out.
    public var shots: Int
    /// The smaller shot count `finetune` is also adapted with (the first of the shots).
    public var fewShots: Int
    /// The shipped device `finetune` starts from (its 50-shot model is the search's).
    public var base: FinetuneBase
    /// Other shipped devices `finetune` also starts from, scored beside it (to compare bases by hand).
    public var otherBases: [FinetuneBase] = []
    /// `finetune`'s options. Standard: `strategy=stack`, the one `auto`'s cross-validation picked
    /// for every base and shot count in the development run, at a fraction of its cost.
    public var finetuneOptions: [String: String]
    /// OFA's accuracy predictor weights (the search's objective).
    public var accuracyWeights: String
    /// Evaluations of the search (evolution, OFA's defaults otherwise).
    public var searchBudget: Int
    /// Best networks of the search measured with the profiler.
    public var topMeasured: Int
    /// Where the store, the table, the model file and the pipeline file are written (emptied first).
    public var folder: String

    /// The options the search space is created with: its resolutions cut to `resolutions`, if given.
    public var spaceOptions: [String: String] {
        resolutions.map { ["resolutions": $0.map(String.init).joined(separator: ",")] } ?? [:]
    }

    /// The section as `latkit reproduce` runs it, writing into `folder`. The protocol is lighter
    /// than `latkit profile`'s default (3 warm-up and 15 timed runs instead of 10 and 50, no
    /// waiting for a quiet machine: each result carries the load seen) to keep `reproduce` within
    /// its ten minutes on a shared 2-core machine; the noise floor measured by the section says
    /// what that costs. `quick` measures 2 resolutions, 30 subnets and searches 600 evaluations.
    public static func standard(dataFolder: String, folder: String, quick: Bool) -> MeasurementStudyPlan {
        MeasurementStudyPlan(
            space: "ofa-mbv3-w1.0", profiler: "onnxruntime-cpu", profilerOptions: ["retries": "0"],
            settings: MeasurementSettings(warmupRuns: 3, timedRuns: 15, batchSize: 1, threads: 1), singleResolution: 224,
            resolutions: quick ? [192, 224] : nil, subnets: quick ? 30 : 100, seed: 0, repeats: quick ? 6 : 20,
            interleavedSubnets: quick ? 2 : 4, shots: quick ? 15 : 50,
            fewShots: quick ? 8 : 20,
            base: FinetuneBase(
                label: "Tesla P40 (OFANAS paper)", file: dataFolder + "/ofanas_paper/ofa_paper_latency.csv", target: "tesla_p40_ms",
                trainRows: 0..<3000, validationRows: 7000..<8500,
                reason:
                    "the shipped OFA w1.0 columns are two GPUs (RTX 2080 Ti, Tesla P40) and Note10 (lookup-table sums for the w1.2 network); scored on the same measurements in a development run (MeasurementStudyBenchmark with LATKIT_STUDY_BASES=1), the three bases gave MAPE 2.03 / 2.39% (RTX), 1.86 / 2.07% (P40) and 1.92 / 2.11% (Note10) at 50 / 20 shots, all within the repeat-measurement noise; the P40 was marginally best at both shot counts. Its first 3,000 rows (not 7,000) keep the fit short: the base made no measurable difference there"
            ),
            finetuneOptions: ["strategy": "stack"], accuracyWeights: dataFolder + "/models/ofa_accuracy_predictor/weights.f32",
            searchBudget: quick ? 600 : 3000, topMeasured: 5, folder: folder)
    }
}
