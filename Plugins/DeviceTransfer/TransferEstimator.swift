import Foundation
import LatKitNumerics
import LatKitPluginABI
import LatKitPluginKit

/// Latency on many devices from measurements on others: the base of `nearest-device` and `hwgen`.
///
/// `fit` takes rows of several device series (the DEVICE view names each row's device and batch
/// size) and keeps, per series, the measured log latency of every architecture and a ridge
/// regression on the architecture features (for architectures it has not measured). `adapt`
/// takes a few rows of a target series and maps it from the training series whose log latencies
/// correlate best with the shots, through affine fits in log-log space. A series with neither
/// training rows nor shots is predicted from its descriptor (zero-shot).
///
/// Std: the held-out error of the mapping in log space times the prediction: leave-one-out over
/// the shots for an adapted series, leave-one-series-out over the training series for zero-shot,
/// the feature ridge's residual for a training series' unmeasured architectures.
class TransferEstimator: EstimatorPlugin {
    class var name: String { fatalError("subclass") }
    class var version: String { "1.0.0" }
    class var summary: String { fatalError("subclass") }
    class var optionsHelp: String { "" }
    class var views: Int { Int(LATKIT_VIEW_ARCHITECTURES | LATKIT_VIEW_FEATURES | LATKIT_VIEW_DEVICE) }
    class var capabilities: Int { Int(LATKIT_CAN_FIT | LATKIT_CAN_ADAPT | LATKIT_HAS_STD | LATKIT_CAN_SAVE) }
    class var zeroShot: TransferModel.ZeroShotRule { .nearestUnchanged }
    class var defaultSources: Int { 1 }
    /// Whether a line in log MACs (COST view) joins the few-shot members.
    class var usesCost: Bool { false }
    static let magic: StaticString = "LKTR"

    let sources: Int
    let lambda: Double
    var model: TransferModel?

    required init(options: PluginOptions) throws {
        sources = Self.defaultSources == 1 ? 1 : try options.int("sources", default: Self.defaultSources, in: 1...64)
        lambda = try options.double("lambda", default: 1, in: 1e-9...1e9)
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        let devices = try DeviceRowsView(train)
        let architectures = try train.architectures()
        let features = try train.features()
        let targets = try train.requireTargets()
        guard train.count > 0 else { throw PluginError.invalid("cannot fit on zero rows") }
        var table: [String] = []
        var position: [String: Int] = [:]
        let tableIndex = architectures.map { architecture -> Int in
            if let known = position[architecture] { return known }
            position[architecture] = table.count
            table.append(architecture)
            return table.count - 1
        }
        let groups = devices.rowsBySeries()
        var profiles: [SeriesProfile] = []
        for (index, group) in groups.enumerated() {
            try progress.report(Double(index) / Double(groups.count), "series \(group.key): \(group.rows.count) rows")
            profiles.append(
                try SeriesProfile.fit(
                    key: group.key, rows: group.rows, tableIndex: tableIndex, tableSize: table.count, features: features, targets: targets,
                    descriptor: devices.descriptor(group.rows[0]), lambda: lambda))
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
        model.measureZeroShotError()
        self.model = model
        try progress.report(1, "\(profiles.count) series")
    }

    func adapt(shots: BatchView, seed: UInt64, progress: ProgressReporter) throws {
        guard var model else { throw PluginError.state("adapt called before fit or load") }
        guard shots.count > 0 else { throw PluginError.invalid("adapt needs at least one shot") }
        let devices = try DeviceRowsView(shots)
        let architectures = try shots.architectures()
        let features = try shots.features()
        let targets = try shots.requireTargets()
        let macs = model.logMacs.isEmpty ? nil : try shots.macs()
        for group in devices.rowsBySeries() {
            let logs = try group.rows.map { row -> Double in
                guard targets[row].isFinite, targets[row] > 0 else {
                    throw PluginError.invalid("shot row \(row): latency must be finite and positive, got \(targets[row])")
                }
                return log(targets[row])
            }
            let rows = group.rows.map { row in
                UnsafeBufferPointer(rebasing: features.values[(row * features.columns)..<((row + 1) * features.columns)])
            }
            guard
                let mapping = model.fewShotMapping(
                    key: group.key, descriptor: devices.descriptor(group.rows[0]),
                    architectures: group.rows.map { model.architectureIndex[architectures[$0]] },
                    features: rows, logs: logs, logMacs: macs.map { macs in group.rows.map { macs[$0] > 0 ? log(macs[$0]) : .nan } })
            else { throw PluginError.invalid("no training series other than \(group.key) to map it from") }
            var calibrated = mapping
            calibrated.logStd *= model.stdCalibration(shots: logs.count, seed: seed)
            model.adapted[group.key] = calibrated
        }
        self.model = model
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let model else { throw PluginError.state("\(Self.name) must be fitted or loaded before it predicts") }
        let devices = try DeviceRowsView(batch)
        let architectures = try batch.architectures()
        let features = try batch.features()
        let macs = model.logMacs.isEmpty ? nil : try batch.macs()
        let expected = model.profiles.first?.model.weights.count ?? 0
        guard features.columns == expected else {
            throw PluginError.invalid("the batch has \(features.columns) feature columns, the model was fitted on \(expected)")
        }
        let width = model.profiles.first?.descriptor.count ?? 0
        guard devices.width == width else {
            throw PluginError.invalid("the batch has \(devices.width - 1) device features, the model was fitted on \(width - 1)")
        }
        // How each series is predicted, resolved once per series rather than once per row: from its
        // own profile (a training series), its adapted mapping, or its zero-shot mapping.
        enum Route {
            case own(SeriesProfile)
            case mapped(SeriesMapping)
        }
        var routes: [SeriesKey: Route] = [:]
        for row in 0..<batch.count {
            let key = devices.keys[row]
            let rowFeatures = UnsafeBufferPointer(rebasing: features.values[(row * features.columns)..<((row + 1) * features.columns)])
            let architecture = model.architectureIndex[architectures[row]]
            let route: Route
            if let known = routes[key] {
                route = known
            } else if let adapted = model.adapted[key] {
                route = .mapped(adapted)
            } else if let own = model.profileIndex(key) {
                route = .own(model.profiles[own])
            } else {
                guard
                    let made = model.zeroShotMapping(
                        descriptor: devices.descriptor(row), candidates: Array(model.profiles.indices), logStd: model.zeroShotLogStd)
                else { throw PluginError.state("no training series to predict \(key) from") }
                route = .mapped(made)
            }
            routes[key] = route
            let logMean: Double
            let logStd: Double
            switch route {
            case .own(let profile):
                logMean = profile.logLatency(architecture, features: rowFeatures)
                logStd = profile.measuredLog(architecture) != nil ? 0 : profile.residualStd
            case .mapped(let mapping):
                logMean = try mapping.combine(
                    mapping.sources.map { source in
                        guard source.profile == SeriesMapping.costSource else {
                            return model.profiles[source.profile].logLatency(architecture, features: rowFeatures)
                        }
                        guard let macs, macs[row] > 0, macs[row].isFinite else {
                            throw PluginError.invalid("row \(row): the cost line needs positive MACs (the cost view)")
                        }
                        return log(macs[row])
                    })
                logStd = mapping.logStd
            }
            let value = exp(logMean)
            guard value.isFinite, value > 0 else {
                throw PluginError(Int32(LATKIT_ERR_INTERNAL), "row \(row): prediction \(value) is not finite")
            }
            mean[row] = value
            std?[row] = value * logStd
        }
    }

    func save() throws -> [UInt8] {
        guard let model else { throw PluginError.state("nothing to save: \(Self.name) is not fitted") }
        var writer = SavedStateWriter(magic: Self.magic, version: 2)
        TransferState.write(model, into: &writer)
        return writer.bytes
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = try SavedStateReader(bytes, magic: Self.magic, versions: 1...2, what: Self.name)
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
        lambda=1  ridge penalty of the per-device feature models (architectures not measured)
        """
    }
    override class var zeroShot: TransferModel.ZeroShotRule { .descriptorKernel }
    override class var defaultSources: Int { 3 }
    override class var usesCost: Bool { true }
    override class var views: Int {
        Int(LATKIT_VIEW_ARCHITECTURES | LATKIT_VIEW_FEATURES | LATKIT_VIEW_DEVICE | LATKIT_VIEW_COST)
    }
}
