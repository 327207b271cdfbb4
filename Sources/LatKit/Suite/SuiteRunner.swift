import Foundation
import LatKitRandom

/// Runs estimators on the tasks of a `BenchmarkSuite`, in this process. Data sets, their views and
/// the new-device tables are loaded once per task and shared by every estimator, so all of them
/// see exactly the same splits, shot draws and test rows.
public final class SuiteRunner {
    /// The suite.
    public let suite: BenchmarkSuite
    /// Where estimators and spaces are created.
    public let catalog: PluginCatalog
    /// The shipped data folder.
    public let dataFolder: String
    private let log: (String) -> Void
    private var singleDevice: [String: EstimatorEvaluation] = [:]
    private var newDevice: [String: (TransferEvaluation, MultiDeviceDataset)] = [:]

    /// A runner of `suite` with plugins from `catalog` on the data in `dataFolder`; `log` hears one line per step.
    public init(suite: BenchmarkSuite, catalog: PluginCatalog, dataFolder: String, log: @escaping (String) -> Void) {
        self.suite = suite
        self.catalog = catalog
        self.dataFolder = dataFolder
        self.log = log
    }

    /// Runs `estimator` on `task`: every seed (and, for a new-device task, every held-out device).
    /// Never throws: an estimator that cannot do the task is `notApplicable`, one that fails is `failed`.
    public func run(_ estimator: SuiteEstimator, on task: SuiteTask) -> SuiteOutcome {
        let clock = Stopwatch()
        defer { log(String(format: "  %@ on %@: %.1f s", estimator.label, task.id, clock.seconds)) }
        do {
            let name = try EstimatorReference.resolve(estimator.reference, catalog: catalog)
            let usesDevices = PluginEstimator.requirements(of: try catalog.plugin(named: name, kind: .estimator)).views.contains(.device)
            switch task.regime {
            case .manyRows, .fewRows:
                if usesDevices {
                    return .notApplicable("learns from several devices (the device view); this task has one")
                }
                return .scored(try runSingleDevice(name, options: estimator.options, task: task))
            case .newDevice:
                return .scored(try runNewDevice(name, options: estimator.options, task: task))
            }
        } catch let error as TransferError where error.message.contains("shots") {
            return .notApplicable(error.message)
        } catch {
            log("  \(estimator.label) failed on \(task.id): \(error)")
            return .failed(String(describing: error))
        }
    }

    private func runSingleDevice(_ name: String, options: [String: String], task: SuiteTask) throws -> [SuiteUnitResult] {
        let evaluation = try singleDeviceEvaluation(task)
        let rowCount = evaluation.dataset.count
        return try suite.seeds.map { seed in
            let split = task.split == .paper ? DataSplit.paper(rowCount: rowCount) : try DataSplit.random(rowCount: rowCount, seed: seed)
            var train = split.train
            var validation = split.validation
            if let limit = task.trainRows {
                // A seeded subset of the training rows; no validation rows: few rows means few labels.
                var generator = SeededGenerator(seed: seed &+ 0x5EED)
                generator.shuffle(&train)
                train = Array(train.prefix(limit)).sorted()
                validation = []
            }
            let estimator = try catalog.estimator(name, options: options)
            var fitSeconds = 0.0
            let fits = estimator.requirements.capabilities.contains(.fit)
            if fits {
                let full = try evaluation.fullBatch(for: estimator)
                fitSeconds = try Stopwatch.time {
                    try estimator.fit(
                        train: full.subset(train), validation: validation.isEmpty ? nil : full.subset(validation), seed: seed, progress: nil
                    )
                }.seconds
            }
            let scored = try evaluation.score(estimator, on: split.test, trainCount: fits ? train.count : 0, fitSeconds: fitSeconds)
            let bytes = estimator.requirements.capabilities.contains(.save) ? try estimator.save().count : nil
            return SuiteUnitResult(
                unit: "seed \(seed)", rows: scored.testRows, actual: scored.actual, predicted: scored.predictions.mean,
                fitSeconds: fitSeconds, predictMicroseconds: scored.predictMicrosecondsPerArchitecture, modelBytes: bytes)
        }
    }

    private func runNewDevice(_ name: String, options: [String: String], task: SuiteTask) throws -> [SuiteUnitResult] {
        let (evaluation, dataset) = try newDeviceEvaluation(task)
        var units: [SuiteUnitResult] = []
        for target in task.targets {
            let tasks = try suite.seeds.map { seed -> TransferTask in
                var transfer = try TransferTask(
                    dataset: dataset, target: target, trainColumns: nil, shots: task.shots, seed: seed, excludeHardware: false)
                if transfer.test.count > task.testRowLimit {
                    var generator = SeededGenerator(seed: seed &+ 0x7E57)
                    generator.shuffle(&transfer.test)
                    transfer.test = Array(transfer.test.prefix(task.testRowLimit)).sorted()
                }
                return transfer
            }
            let results = try evaluation.evaluate(estimator: name, options: options, tasks: tasks)
            units += zip(results, suite.seeds).map { result, seed in
                SuiteUnitResult(
                    unit: "\(target), draw \(seed)", rows: result.testRows, actual: result.actual, predicted: result.predictions.mean,
                    fitSeconds: result.fitSeconds, predictMicroseconds: result.predictMicrosecondsPerArchitecture, modelBytes: nil)
            }
        }
        return units
    }

    private func singleDeviceEvaluation(_ task: SuiteTask) throws -> EstimatorEvaluation {
        if let cached = singleDevice[task.id] { return cached }
        let space = try catalog.searchSpace(task.space, options: task.spaceOptions)
        let path = dataFolder + "/" + task.file
        let dataset: LatencyDataset
        if let column = task.resolutionColumn {
            dataset = try LatencyDataset.load(path: path, space: space, options: .init(target: task.target), renaming: [column: "r"])
        } else {
            dataset = try LatencyDataset.load(path: path, space: space, options: .init(target: task.target))
        }
        let evaluation = EstimatorEvaluation(catalog: catalog, dataset: dataset, space: space)
        singleDevice[task.id] = evaluation
        return evaluation
    }

    private func newDeviceEvaluation(_ task: SuiteTask) throws -> (TransferEvaluation, MultiDeviceDataset) {
        if let cached = newDevice[task.id] { return cached }
        let space = try catalog.searchSpace(task.space, options: task.spaceOptions)
        let hardware = try HardwareSpecs.load(path: dataFolder + "/hardware/hardware_specs.csv")
        let devices = try DeviceColumns.load(path: dataFolder + "/hardware/device_columns.csv")
        var dataset = try MultiDeviceDataset.load(path: dataFolder + "/" + task.file, space: space, devices: devices)
        if let exclusion = task.exclusion {
            dataset = dataset.excluding(Set(try ArchitectureFile.read(path: dataFolder + "/" + exclusion, space: space)))
        }
        let evaluation = TransferEvaluation(
            catalog: catalog, dataset: dataset, space: space, descriptors: DeviceDescriptorEncoder(reference: hardware))
        newDevice[task.id] = (evaluation, dataset)
        return (evaluation, dataset)
    }
}
