import Foundation
import LatKitLearning
import LatKitNumerics
import LatKitPluginABI
import LatKitPluginKit

/// Latency on many devices from measurements on others: the base of `nearest-device` and `hwgen`.
///
/// `fit` takes rows of several device series (the DEVICE view names each row's device and batch
/// size) and keeps, per series, the measured log latency of every architecture and a model of the
/// series for architectures it has not measured (see `SeriesProfile`). `adapt` takes a few rows of
/// a target series and maps it from the training series whose log latencies correlate best with
/// the shots, through affine fits in log-log space. A series with neither training rows nor shots
/// is predicted from its descriptor (zero-shot).
///
/// Std: the held-out error of the mapping in log space times the prediction: leave-one-out over
/// the shots for an adapted series, leave-one-series-out over the training series for zero-shot,
/// the series model's std for a training series' unmeasured architectures.
class TransferEstimator: EstimatorPlugin {
    class var name: String { fatalError("subclass") }
    class var version: String { "1.1.0" }
    class var summary: String { fatalError("subclass") }
    class var optionsHelp: String { "" }
    class var views: Int { Int(LATKIT_VIEW_ARCHITECTURES | LATKIT_VIEW_FEATURES | LATKIT_VIEW_DEVICE) }
    class var capabilities: Int { Int(LATKIT_CAN_FIT | LATKIT_CAN_ADAPT | LATKIT_HAS_STD | LATKIT_CAN_SAVE) }
    class var zeroShot: TransferModel.ZeroShotRule { .nearestUnchanged }
    class var defaultSources: Int { 1 }
    /// Whether a line in log MACs (COST view) joins the few-shot members.
    class var usesCost: Bool { false }
    /// Whether the `series_model` option exists (else every series prices unmeasured architectures with its ridge).
    class var learnsSeries: Bool { false }
    static let magic: StaticString = "LKTR"

    /// How each training series prices the architectures it has not measured.
    enum SeriesModelChoice: String, CaseIterable {
        /// `mlp` for a few series measured at length (see `learnsSeriesModels`), else `ridge`.
        case auto
        /// A ridge regression of the log latency on the features.
        case ridge
        /// The series' own `mlp` default recipe (ridge + residual MLP ensemble, calibrated std).
        case mlp
    }

    /// The most training rows `series_model=auto` learns an `mlp` per series for: about 4 s of
    /// fitting per 7,000 rows on two cores, so the cost stays in tens of seconds.
    static let learnedSeriesRowLimit = 20_000
    /// The fewest rows of each series `series_model=auto` learns an `mlp` for: below 2,000 rows
    /// the recipe refits 5 times to calibrate, so many small series cost far more than they give.
    static let learnedSeriesMinimumRows = 1_000

    /// Whether `fit` learns an `mlp` per series for training series of these sizes. `auto` does
    /// for a few devices measured at length (the paper's two GPUs, 7,000 rows each), not for the
    /// HELP tables (tens of series of 5,000-15,625 rows), whose networks every device measured.
    func learnsSeriesModels(_ seriesRows: [Int]) -> Bool {
        switch seriesModel {
        case .ridge: return false
        case .mlp: return true
        case .auto:
            return seriesRows.reduce(0, +) <= Self.learnedSeriesRowLimit && seriesRows.allSatisfy { $0 >= Self.learnedSeriesMinimumRows }
        }
    }

    let sources: Int
    let lambda: Double
    let seriesModel: SeriesModelChoice
    var model: TransferModel?

    required init(options: PluginOptions) throws {
        sources = Self.defaultSources == 1 ? 1 : try options.int("sources", default: Self.defaultSources, in: 1...64)
        lambda = try options.double("lambda", default: 1, in: 1e-9...1e9)
        seriesModel =
            Self.learnsSeries
            ? SeriesModelChoice(
                rawValue: try options.choice("series_model", default: "auto", allowed: SeriesModelChoice.allCases.map(\.rawValue)))!
            : .ridge
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        guard train.count > 0 else { throw PluginError.invalid("cannot fit on zero rows") }
        let devices = try DeviceRowsView(train)
        let groups = devices.rowsBySeries()
        let learns = learnsSeriesModels(groups.map(\.rows.count))
        let architectures = try train.architectures()
        let inputs = try LabelledRows(train, operators: learns)
        var table: [String] = []
        var position: [String: Int] = [:]
        let tableIndex = architectures.map { architecture -> Int in
            if let known = position[architecture] { return known }
            position[architecture] = table.count
            table.append(architecture)
            return table.count - 1
        }
        // Each series' validation rows early-stop and calibrate its learned model.
        var validationBySeries: [SeriesKey: LabelledRows] = [:]
        if learns, let validation, validation.count > 0 {
            let validationRows = try LabelledRows(validation)
            guard validationRows.features.columns == inputs.features.columns else {
                throw PluginError.invalid(
                    "validation has \(validationRows.features.columns) feature columns, training \(inputs.features.columns)")
            }
            for group in try DeviceRowsView(validation).rowsBySeries() {
                validationBySeries[group.key] = validationRows.subset(group.rows)
            }
        }
        let learner = learns ? try MLPSettings(options: try PluginOptions(text: "")) : nil
        var profiles: [SeriesProfile] = []
        for (index, group) in groups.enumerated() {
            let stage = progress.stage(
                Double(index) / Double(groups.count), Double(index + 1) / Double(groups.count), prefix: "series \(group.key): ")
            try stage.report(0, "\(group.rows.count) rows" + (learns ? ", learning its mlp" : ""))
            profiles.append(
                try SeriesProfile.fit(
                    key: group.key, rows: group.rows, tableIndex: tableIndex, tableSize: table.count, inputs: inputs,
                    validation: validationBySeries[group.key], descriptor: devices.descriptor(group.rows[0]), lambda: lambda,
                    learner: learner, seed: seed &+ UInt64(index), progress: stage))
        }
        var logMacs: [Double] = []
        if Self.usesCost {
            let macs = try train.macs()
            logMacs = [Double](repeating: .nan, count: table.count)
            for row in 0..<train.count where logMacs[tableIndex[row]].isNaN {
                logMacs[tableIndex[row]] = macs[row] > 0 ? log(macs[row]) : .nan
            }
            if logMacs.contains(where: { !$0.isFinite }) { logMacs = [] }
        }
        var model = TransferModel(
            architectures: table, profiles: profiles, zeroShot: Self.zeroShot, sourcesPerTarget: sources, levelModel: nil, zeroShotLogStd: 0
        )
        model.logMacs = logMacs
        try model.fitLevelModel()
        try model.measureZeroShotError()
        self.model = model
        try progress.report(1, "\(profiles.count) series" + (learns ? ", each with its own mlp" : ""))
    }

    /// The inputs of `batch` the model's series models need: features, and operators when a learned model uses them.
    private func predictionInputs(_ batch: BatchView, model: TransferModel) throws -> LabelledRows {
        try LabelledRows(unlabelled: batch, operators: model.profiles.contains { $0.network?.operatorKeys != nil })
    }

    func adapt(shots: BatchView, seed: UInt64, progress: ProgressReporter) throws {
        guard var model else { throw PluginError.state("adapt called before fit or load") }
        guard shots.count > 0 else { throw PluginError.invalid("adapt needs at least one shot") }
        let devices = try DeviceRowsView(shots)
        let architectures = try shots.architectures()
        let inputs = try predictionInputs(shots, model: model)
        try checkColumns(inputs, model: model)
        let targets = try shots.requireTargets()
        let macs = model.logMacs.isEmpty ? nil : try shots.macs()
        for group in devices.rowsBySeries() {
            let logs = try group.rows.map { row -> Double in
                guard targets[row].isFinite, targets[row] > 0 else {
                    throw PluginError.invalid("shot row \(row): latency must be finite and positive, got \(targets[row])")
                }
                return log(targets[row])
            }
            guard
                let mapping = try model.fewShotMapping(
                    key: group.key, descriptor: devices.descriptor(group.rows[0]),
                    architectures: group.rows.map { model.architectureIndex[architectures[$0]] }, inputs: inputs.subset(group.rows),
                    logs: logs, logMacs: macs.map { macs in group.rows.map { macs[$0] > 0 ? log(macs[$0]) : .nan } })
            else { throw PluginError.invalid("no training series other than \(group.key) to map it from") }
            var calibrated = mapping
            calibrated.logStd *= try model.stdCalibration(shots: logs.count, seed: seed)
            model.adapted[group.key] = calibrated
        }
        self.model = model
    }

    /// Refuses inputs whose feature count is not the one the model was fitted on.
    private func checkColumns(_ inputs: LabelledRows, model: TransferModel) throws {
        let expected = model.profiles.first?.model.weights.count ?? 0
        guard inputs.features.columns == expected else {
            throw PluginError.invalid("the batch has \(inputs.features.columns) feature columns, the model was fitted on \(expected)")
        }
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let model else { throw PluginError.state("\(Self.name) must be fitted or loaded before it predicts") }
        let devices = try DeviceRowsView(batch)
        let architectures = try batch.architectures()
        let inputs = try predictionInputs(batch, model: model)
        try checkColumns(inputs, model: model)
        let macs = model.logMacs.isEmpty ? nil : try batch.macs()
        let width = model.profiles.first?.descriptor.count ?? 0
        guard devices.width == width else {
            throw PluginError.invalid("the batch has \(devices.width - 1) device features, the model was fitted on \(width - 1)")
        }
        // Each series is predicted from its own profile (a training series), its adapted mapping,
        // or its zero-shot mapping, for all its rows at once.
        for group in devices.rowsBySeries() {
            let rows = group.rows
            let indices = rows.map { model.architectureIndex[architectures[$0]] }
            let groupInputs = inputs.subset(rows)
            let logMeans: [Double]
            let logStds: [Double]
            if model.adapted[group.key] == nil, let own = model.profileIndex(group.key) {
                (logMeans, logStds) = try model.profiles[own].logLatencies(indices, inputs: groupInputs)
            } else {
                guard
                    let mapping = model.adapted[group.key]
                        ?? model.zeroShotMapping(
                            descriptor: devices.descriptor(rows[0]), candidates: Array(model.profiles.indices), logStd: model.zeroShotLogStd
                        )
                else { throw PluginError.state("no training series to predict \(group.key) from") }
                // A few-shot mapping may take a series twice (as a chosen source and in the descriptor
                // prior): its model prices the rows once.
                var profileLogs: [Int: [Double]] = [:]
                let sourceLogs = try mapping.sources.map { source -> [Double] in
                    guard source.profile == SeriesMapping.costSource else {
                        if let known = profileLogs[source.profile] { return known }
                        let logs = try model.profiles[source.profile].logLatencies(indices, inputs: groupInputs).means
                        profileLogs[source.profile] = logs
                        return logs
                    }
                    return try rows.map { row in
                        guard let macs, macs[row] > 0, macs[row].isFinite else {
                            throw PluginError.invalid("row \(row): the cost line needs positive MACs (the cost view)")
                        }
                        return log(macs[row])
                    }
                }
                logMeans = rows.indices.map { position in mapping.combine(sourceLogs.map { $0[position] }) }
                logStds = [Double](repeating: mapping.logStd, count: rows.count)
            }
            for (position, row) in rows.enumerated() {
                let value = exp(logMeans[position])
                guard value.isFinite, value > 0 else {
                    throw PluginError(Int32(LATKIT_ERR_INTERNAL), "row \(row): prediction \(value) is not finite")
                }
                mean[row] = value
                std?[row] = value * logStds[position]
            }
        }
    }

    func save() throws -> [UInt8] {
        guard let model else { throw PluginError.state("nothing to save: \(Self.name) is not fitted") }
        var writer = SavedStateWriter(magic: Self.magic, version: TransferState.version)
        TransferState.write(model, into: &writer)
        return writer.bytes
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = try SavedStateReader(bytes, magic: Self.magic, versions: 1...TransferState.version, what: Self.name)
        model = try TransferState.read(from: &reader, version: reader.version)
        try reader.finish()
    }
}

/// `nearest-device`: the baseline. With shots, the one training series whose log latencies
/// correlate best with them, through an affine fit in log-log space; with none, the closest
/// training series by descriptor at the same batch size, latency unchanged.
final class NearestDeviceEstimator: TransferEstimator {
    override class var name: String { "nearest-device" }
    override class var summary: String {
        "Baseline for a new device: the best-correlated known device mapped by an affine fit in log-log (zero-shot: closest by spec, unchanged)"
    }
    override class var optionsHelp: String { "lambda=1  ridge penalty of the per-device feature models (architectures not measured)" }
}

/// `hwgen`: the hardware-generalized estimator. With shots, a weighted ensemble of the `sources`
/// best-correlated training series, each mapped by an affine fit in log-log space and weighted by
/// the inverse of its residual variance on the shots, with the descriptor prior and a line in log
/// MACs (COST view) as further members; zero-shot, a distance-weighted mean of the
/// closest series by descriptor, moved to a level regressed on the descriptors.
final class HardwareGeneralizedEstimator: TransferEstimator {
    override class var name: String { "hwgen" }
    override class var summary: String {
        "Hardware-generalized latency: learns many devices at once; zero-shot from a device descriptor, few-shot from k measured rows"
    }
    override class var optionsHelp: String {
        """
        sources=3  training series combined per target (the best-correlated with the shots; zero-shot: the closest by descriptor)
        series_model=auto  how each training series prices architectures it has not measured: mlp (its own mlp default recipe: ridge + residual MLP ensemble over features, operators and costs, early-stopped and calibrated on the series' validation rows when fit gets them), ridge (a ridge of the log latency on the features: fast, coarse), auto (mlp for a few series measured at length: at most 20,000 training rows, each series at least 1,000; else ridge, as on the HELP tables, whose networks every device measured)
        lambda=1  ridge penalty of the per-device feature ridges
        """
    }
    override class var zeroShot: TransferModel.ZeroShotRule { .descriptorKernel }
    override class var defaultSources: Int { 3 }
    override class var usesCost: Bool { true }
    override class var learnsSeries: Bool { true }
    override class var views: Int {
        Int(LATKIT_VIEW_ARCHITECTURES | LATKIT_VIEW_FEATURES | LATKIT_VIEW_DEVICE | LATKIT_VIEW_COST | LATKIT_VIEW_OPERATORS)
    }
}
