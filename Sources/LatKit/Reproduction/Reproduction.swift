import Foundation
import LatKitNumerics

/// Runs the reproduction plan: every data set and contender on the paper split and a seeded
/// random split, the sample-efficiency sweep, and the speed measurements.
public final class Reproduction {
    /// Where the estimators and search spaces are created by name.
    public let catalog: PluginCatalog
    /// What to run.
    public let plan: ReproductionPlan
    let log: (String) -> Void
    /// Evaluations kept for the charts, by "data set|split|label".
    public private(set) var evaluations: [String: Evaluation] = [:]
    /// The estimators fitted on the sample-efficiency data set's paper split, by label: the speed
    /// figures time their predictions without fitting them a second time.
    private var fittedForSpeed: [String: LatencyEstimator] = [:]

    /// Prepares a run of `plan` with plugins from `catalog`; `log` receives one progress line at a time.
    public init(catalog: PluginCatalog, plan: ReproductionPlan, log: @escaping (String) -> Void) {
        self.catalog = catalog
        self.plan = plan
        self.log = log
    }

    /// Runs every data set, the sample-efficiency sweep and the speed measurements, and checks the targets.
    public func run() throws -> ReproductionResults {
        let clock = Stopwatch()
        let started = ISO8601DateFormatter().string(from: Date())
        var dataSets: [ReproductionResults.DataSetResult] = []
        var efficiency: [BenchmarkRecord] = []
        for (index, entry) in plan.dataSets.enumerated() {
            log("[\(index + 1)/\(plan.dataSets.count)] \(entry.name): \(entry.target) in \(entry.file)")
            let space = try catalog.searchSpace(entry.space, options: entry.spaceOptions)
            let dataset = try LatencyDataset.load(path: entry.file, space: space, options: .init(target: entry.target))
            let evaluation = EstimatorEvaluation(catalog: catalog, dataset: dataset, space: space)
            let splits: [(String, DataSplit)] = [
                ("paper", DataSplit.paper(rowCount: dataset.count)),
                ("random 70/15/15", try DataSplit.random(rowCount: dataset.count, seed: plan.seed)),
            ]
            var records: [BenchmarkRecord] = []
            for (label, split) in splits {
                for contender in entry.contenders where label == "paper" || contender.onRandomSplit {
                    records.append(try evaluate(contender, split: split, splitLabel: label, evaluation: evaluation, dataSet: entry.name))
                }
            }
            if let dedup = entry.deduplicated {
                let deduplicated = try loadDeduplicated(dedup, target: entry.target, space: space)
                let dedupEvaluation = EstimatorEvaluation(catalog: catalog, dataset: deduplicated, space: space)
                // Cross-validated: one 15% test slice of 243 rows is 37 rows, whose coverage of a 90%
                // interval moves by ±5 points from one draw to the next.
                let label = "\(deduplicated.count) real measurements, \(ReproductionPlan.deduplicatedFolds)-fold cross-validation"
                for contender in entry.contenders {
                    log("  \(contender.label), \(label)")
                    let pooled = try dedupEvaluation.crossValidate(
                        estimator: contender.estimator, options: contender.options, folds: ReproductionPlan.deduplicatedFolds,
                        seed: plan.seed, fit: contender.trains)
                    var record = pooled.record(dataset: deduplicated, split: label, seed: plan.seed, options: contender.options)
                    record.estimator = contender.label
                    records.append(record)
                }
            }
            if entry.name == plan.efficiencyDataSet {
                efficiency = try sampleEfficiency(entry, evaluation: evaluation)
            }
            dataSets.append(
                ReproductionResults.DataSetResult(
                    name: entry.name, file: entry.file, target: entry.target, space: entry.space, rows: dataset.count,
                    caveats: entry.caveats,
                    records: records))
        }
        let generalization = try runGeneralization(dataSets: dataSets)
        let performance = try measurePerformance(dataSets: dataSets)
        let nas = try plan.nas.map { try NASComparison(catalog: catalog, plan: $0, log: log).run() }
        let measurement = plan.measurement.map { MeasurementStudy(catalog: catalog, plan: $0, log: log).run() }
        var results = ReproductionResults(
            latkitVersion: LatKitVersion.host, startedAt: started, totalSeconds: 0, machine: Reproduction.machineDescription(),
            dataSets: dataSets, sampleEfficiency: efficiency, performance: performance, targets: [], generalization: generalization,
            nas: nas, measurement: measurement)
        results.targets = ReproductionTargets.check(results)
        results.totalSeconds = clock.seconds
        return results
    }

    private func evaluate(
        _ contender: ReproductionPlan.Contender, split: DataSplit, splitLabel: String, evaluation: EstimatorEvaluation, dataSet: String,
        train: [Int]? = nil, seed: UInt64? = nil
    ) throws -> BenchmarkRecord {
        let rows = train ?? split.train
        log("  \(contender.label), \(splitLabel) split, " + (contender.trains ? "\(rows.count) training rows" : "no training"))
        let seed = seed ?? plan.seed
        let (result, estimator) = try evaluation.fitAndScore(
            estimator: contender.estimator, options: contender.options, train: rows, validation: split.validation, test: split.test,
            seed: seed, fit: contender.trains)
        if dataSet == plan.efficiencyDataSet, splitLabel == "paper", train == nil, seed == plan.seed {
            fittedForSpeed[contender.label] = estimator
        }
        var record = result.record(dataset: evaluation.dataset, split: splitLabel, seed: seed, options: contender.options)
        record.estimator = contender.label
        if train == nil { evaluations["\(dataSet)|\(splitLabel)|\(contender.label)"] = result }
        return record
    }

    private func sampleEfficiency(_ entry: ReproductionPlan.DataSet, evaluation: EstimatorEvaluation) throws -> [BenchmarkRecord] {
        let split = DataSplit.paper(rowCount: evaluation.dataset.count)
        var records: [BenchmarkRecord] = []
        for contender in entry.contenders where plan.efficiencyContenders.contains(contender.label) {
            for repeatIndex in 0..<plan.efficiencyRepeats {
                let seed = plan.seed &+ UInt64(repeatIndex)
                for size in plan.trainSizes where size <= split.train.count {
                    let rows = try split.firstTraining(size, seed: seed)
                    records.append(
                        try evaluate(
                            contender, split: split, splitLabel: "paper", evaluation: evaluation, dataSet: entry.name, train: rows,
                            seed: seed))
                }
            }
        }
        return records
    }

    /// The de-duplicated file, read with its measured-resolution column standing in for `r`.
    private func loadDeduplicated(_ dedup: ReproductionPlan.Deduplication, target: String, space: SearchSpace) throws -> LatencyDataset {
        try LatencyDataset.load(path: dedup.file, space: space, options: .init(target: target), renaming: [dedup.resolutionColumn: "r"])
    }

    /// Sampling + encoding of 100,000 OFA architectures, and batched prediction speed of the
    /// estimators fitted on the RTX data, all through the plugin ABI.
    private func measurePerformance(dataSets: [ReproductionResults.DataSetResult]) throws -> ReproductionResults.Performance {
        log("performance: sampling, encoding and batched prediction of 100,000 architectures")
        let count = 100_000
        let space = try catalog.searchSpace("ofa-mbv3-w1.0")
        let (architectures, sampleSeconds) = try Stopwatch.time { try space.sample(count: count, seed: 1) }
        let (_, encodeSeconds) = try Stopwatch.time { try space.encode(architectures, encoding: nil) }
        var predictRates: [String: Double] = [:]
        let rtx = plan.dataSets.first { $0.name == plan.efficiencyDataSet }
        if let rtx {
            let dataset = try LatencyDataset.load(path: rtx.file, space: space, options: .init(target: rtx.target))
            let split = DataSplit.paper(rowCount: dataset.count)
            let preparer = BatchPreparer(space: space)
            for contender in rtx.contenders where contender.label != "mlp (paper recipe)" {
                // Fitted on the paper split by the comparison above (same rows, same seed), else here.
                let estimator = try fittedForSpeed[contender.label] ?? catalog.estimator(contender.estimator, options: contender.options)
                if fittedForSpeed[contender.label] == nil, contender.trains {
                    let train = try preparer.batch(
                        split.train.map { dataset.architectures[$0] }, for: estimator, targets: split.train.map { dataset.targets[$0] })
                    let validation = try preparer.batch(
                        split.validation.map { dataset.architectures[$0] }, for: estimator,
                        targets: split.validation.map { dataset.targets[$0] })
                    try estimator.fit(train: train, validation: validation, seed: plan.seed, progress: nil)
                }
                let batch = try preparer.batch(architectures, for: estimator)
                var seconds: [Double] = []
                for _ in 0..<3 { seconds.append(try Stopwatch.time { _ = try estimator.predict(batch) }.seconds) }
                predictRates[contender.label] = Double(count) / seconds.sorted()[1]
            }
        }
        let mlpFit = dataSets.first { $0.name == plan.efficiencyDataSet }?.records
            .first { $0.estimator == "mlp (default)" && $0.split == "paper" }?.fitSeconds
        return ReproductionResults.Performance(
            sampleEncodeArchitectures: count, sampleSeconds: sampleSeconds, encodeSeconds: encodeSeconds,
            sampleEncodePerSecond: Double(count) / (sampleSeconds + encodeSeconds), predictArchitectures: count,
            predictPerSecond: predictRates, mlpFitSeconds7000: mlpFit)
    }

    /// The machine, in words: CPU model and core count, from /proc.
    public static func machineDescription() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let kernels = BLASKernels.inUse.map { ", OpenBLAS \($0) kernels" } ?? ""
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores\(kernels)"
    }
}
