/// Runs estimators through the new-device protocol (`TransferTask`) on a multi-device data set.
///
/// An estimator that declares the DEVICE view is fitted on every measured row of the training
/// series (each row carrying its series' descriptor and batch size), then adapted with the
/// target's shots when it can adapt, then asked for the target's test rows. A single-device
/// estimator (no DEVICE view) is fitted on the shots alone, so every estimator is compared on the
/// same footing; it needs at least two shots.
public final class TransferEvaluation {
    /// Where the estimators are created by name.
    public let catalog: PluginCatalog
    /// The data.
    public let dataset: MultiDeviceDataset
    /// Describes each series' hardware for the device view.
    public let descriptors: DeviceDescriptorEncoder
    private let preparer: BatchPreparer
    private var prepared: [String: ArchitectureBatch] = [:]
    /// Fitted states shared between calls with the same `sharedFit`, by "sharedFit|target|training series|seed".
    private var sharedFits: [String: (state: [UInt8], seconds: Double)] = [:]

    /// Evaluates estimators of `catalog` on `dataset`, whose architectures belong to `space`.
    public init(catalog: PluginCatalog, dataset: MultiDeviceDataset, space: SearchSpace, descriptors: DeviceDescriptorEncoder) {
        self.catalog = catalog
        self.dataset = dataset
        self.descriptors = descriptors
        self.preparer = BatchPreparer(space: space)
    }

    /// Every distinct architecture with the views `estimator` needs except the device (cached).
    private func architectureViews(for estimator: LatencyEstimator) throws -> ArchitectureBatch {
        var views = estimator.requirements.views
        views.remove(.device)
        let key = "\(views.rawValue)|\(estimator.requirements.featureEncoding ?? "")"
        if let batch = prepared[key] { return batch }
        let batch = try preparer.batch(dataset.architectures, views: views, encoding: estimator.requirements.featureEncoding)
        prepared[key] = batch
        return batch
    }

    /// Rows (architecture, series) as a batch with the estimator's views, with targets when `labelled`.
    private func batch(_ rows: [(architecture: Int, series: Int)], views: ArchitectureBatch, device: Bool, labelled: Bool)
        -> ArchitectureBatch
    {
        var batch = views.subset(rows.map(\.architecture))
        if device { batch.devices = descriptors.rows(series: dataset.series, seriesOfRow: rows.map(\.series)) }
        batch.targets = labelled ? rows.map { dataset.latencies[$0.series][$0.architecture]! } : nil
        return batch
    }

    /// The (architecture, series) rows an estimator with the device view trains on: every
    /// measured row of the task's training series, and nothing of the target.
    func trainingRows(_ task: TransferTask) -> [(architecture: Int, series: Int)] {
        var rows: [(architecture: Int, series: Int)] = []
        for series in task.trainSeries where series != task.target {
            for architecture in dataset.architectures.indices where dataset.latencies[series][architecture] != nil {
                if let allowed = task.trainArchitectures, !allowed.contains(architecture) { continue }
                rows.append((architecture, series))
            }
        }
        return rows
    }

    /// Fits, adapts and scores `name` (with `options`) on `task`.
    /// `Evaluation.testRows` are architecture indices of the data set (all on the target series).
    public func evaluate(estimator name: String, options: [String: String], task: TransferTask) throws -> Evaluation {
        try evaluate(estimator: name, options: options, tasks: [task])[0]
    }

    /// Fits, adapts and scores `name` on each of `tasks`, in order. `baseTraining` nil: an
    /// estimator with the device view trains on the training series and adapts, one without
    /// learns from the shots alone; true: every estimator trains on the training series' rows
    /// (pooled, without the device view when it does not declare it) and adapts with the shots
    /// (e.g. `finetune`, or `mlp` for the paper's last-layer fine-tuning). Tasks with the same target and
    /// training series (shot draws, shot counts) share one fit of an estimator with the device
    /// view: its fitted state is saved once and loaded back before each task's adaptation (an
    /// estimator that cannot save is fitted again). `fitSeconds` of each result is the one fit
    /// plus that task's adaptation. Calls with the same `sharedFit` (estimators whose options
    /// differ only in what `adapt` uses) fit once per target and training series and share it.
    public func evaluate(
        estimator name: String, options: [String: String], tasks: [TransferTask], baseTraining: Bool? = nil, sharedFit: String? = nil
    ) throws -> [Evaluation] {
        var results = [Evaluation?](repeating: nil, count: tasks.count)
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (index, task) in tasks.enumerated() {
            let key = "\(task.target)|\(task.trainSeries)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        for key in order {
            let members = groups[key]!
            var estimator = try catalog.estimator(name, options: options)
            let views = try architectureViews(for: estimator)
            let usesDevices = estimator.requirements.views.contains(.device)
            guard baseTraining ?? usesDevices else {
                for index in members {
                    let task = tasks[index]
                    guard task.shots.count >= 2 else {
                        throw TransferError(
                            "'\(name)' learns one device at a time: it needs at least 2 shots of the target (got \(task.shots.count))")
                    }
                    if index != members[0] { estimator = try catalog.estimator(name, options: options) }
                    let shots = batch(task.shots.map { ($0, task.target) }, views: views, device: false, labelled: true)
                    let seconds = try Stopwatch.time { try estimator.fit(train: shots, validation: nil, seed: task.seed, progress: nil) }
                        .seconds
                    results[index] = try score(
                        estimator, task: task, views: views, device: false, trainCount: shots.count, fitSeconds: seconds)
                }
                continue
            }
            let first = tasks[members[0]]
            let trainRows = trainingRows(first)
            guard !trainRows.isEmpty else {
                throw TransferError("no training series left for target '\(dataset.series[first.target].column)'")
            }
            let train = batch(trainRows, views: views, device: usesDevices, labelled: true)
            let fit = { (estimator: LatencyEstimator) in
                try Stopwatch.time { try estimator.fit(train: train, validation: nil, seed: first.seed, progress: nil) }.seconds
            }
            let shareKey = sharedFit.map { "\($0)|\(key)|\(first.seed)" }
            let fitSeconds: Double
            if let shareKey, let shared = sharedFits[shareKey] {
                try estimator.load(shared.state)
                fitSeconds = shared.seconds
            } else {
                fitSeconds = try fit(estimator)
                if let shareKey, estimator.requirements.capabilities.contains(.save) {
                    sharedFits[shareKey] = (try estimator.save(), fitSeconds)
                }
            }
            let saved = members.count > 1 && estimator.requirements.capabilities.contains(.save) ? try estimator.save() : nil
            for (position, index) in members.enumerated() {
                let task = tasks[index]
                var seconds = fitSeconds
                if position > 0 {
                    if let saved {
                        try estimator.load(saved)
                    } else {
                        estimator = try catalog.estimator(name, options: options)
                        seconds = try fit(estimator)
                    }
                }
                if !task.shots.isEmpty, estimator.requirements.capabilities.contains(.adapt) {
                    let shots = batch(task.shots.map { ($0, task.target) }, views: views, device: usesDevices, labelled: true)
                    seconds += try Stopwatch.time { try estimator.adapt(shots: shots, seed: task.seed, progress: nil) }.seconds
                }
                results[index] = try score(
                    estimator, task: task, views: views, device: usesDevices, trainCount: trainRows.count, fitSeconds: seconds)
            }
        }
        return results.map { $0! }
    }

    private func score(
        _ estimator: LatencyEstimator, task: TransferTask, views: ArchitectureBatch, device: Bool, trainCount: Int, fitSeconds: Double
    ) throws -> Evaluation {
        let testRows = task.test.map { (architecture: $0, series: task.target) }
        let test = batch(testRows, views: views, device: device, labelled: false)
        let (predictions, seconds) = try Stopwatch.time { try estimator.predict(test) }
        return try Evaluation(
            scoring: estimator.name, trainCount: trainCount, testRows: task.test, predictions: predictions,
            actual: testRows.map { dataset.latencies[$0.series][$0.architecture]! }, fitSeconds: fitSeconds, predictSeconds: seconds)
    }
}

extension Evaluation {
    /// The benchmark record of this evaluation in the new-device protocol.
    public func record(dataset: MultiDeviceDataset, task: TransferTask, options: [String: String]) -> BenchmarkRecord {
        var record = record(
            source: dataset.source, target: dataset.series[task.target].column, space: dataset.searchSpace, split: "new device",
            seed: task.seed, options: options)
        record.trainDevices = task.trainSeries.map { dataset.series[$0].column }
        record.shots = task.shots.count
        return record
    }
}

extension TransferEvaluation {
    /// One model for several devices: fits `name` once on the rows of `train` architectures of
    /// every series in `series` (device view included), with the rows of `validation`
    /// architectures as its validation batch, then scores each series on its `test`
    /// architectures. The paper's GPU-generalized experiment: one model, every device it knows.
    public func evaluateJoint(
        estimator name: String, options: [String: String], series: [Int], train: [Int], validation: [Int] = [], test: [Int], seed: UInt64
    ) throws -> [Evaluation] {
        let estimator = try catalog.estimator(name, options: options)
        let views = try architectureViews(for: estimator)
        let device = estimator.requirements.views.contains(.device)
        func rows(_ architectures: [Int]) -> [(architecture: Int, series: Int)] {
            series.flatMap { index in
                architectures.filter { dataset.latencies[index][$0] != nil }.map { (architecture: $0, series: index) }
            }
        }
        let trainRows = rows(train)
        let batch = batch(trainRows, views: views, device: device, labelled: true)
        let validationBatch = validation.isEmpty ? nil : self.batch(rows(validation), views: views, device: device, labelled: true)
        let fitSeconds = try Stopwatch.time {
            try estimator.fit(train: batch, validation: validationBatch, seed: seed, progress: nil)
        }.seconds
        return try series.map { index in
            let task = TransferTask(target: index, trainSeries: series, shots: [], test: test, seed: seed)
            return try score(estimator, task: task, views: views, device: device, trainCount: trainRows.count, fitSeconds: fitSeconds)
        }
    }
}
