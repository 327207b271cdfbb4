import Foundation
import LatKitLearning
import LatKitNumerics
import LatKitPluginKit
import LatKitRandom

/// The fitted state shared by `nearest-device` and `hwgen`: one profile per training series, the
/// mappings learned for target series from their shots, and the rule for series never seen.
struct TransferModel {
    /// How a series with no shots is predicted from its descriptor.
    enum ZeroShotRule: UInt8 {
        /// The closest training series by descriptor (same batch size first), latency unchanged.
        case nearestUnchanged = 0
        /// A distance-weighted mean of the closest series, shifted to a level regressed on descriptors.
        case descriptorKernel = 1
    }

    /// Every architecture of the training rows; profiles store their measurements in this order.
    var architectures: [String] {
        didSet { architectureIndex = Self.index(architectures) }
    }
    /// Position of each architecture in `architectures`.
    private(set) var architectureIndex: [String: Int]
    var profiles: [SeriesProfile]
    /// Natural log of each table architecture's MACs (empty when the cost line is not used).
    var logMacs: [Double] = []
    var adapted: [SeriesKey: SeriesMapping] = [:]
    var zeroShot: ZeroShotRule
    /// Training series mapped from per shot set (1: nearest device; more: a weighted ensemble).
    var sourcesPerTarget: Int
    /// Ridge of each training series' mean log latency on its descriptor (descriptorKernel only).
    var levelModel: RidgeRegression?
    /// Held-out log error of zero-shot predictions (each training series predicted from the others).
    var zeroShotLogStd: Double

    /// Weight of the batch-size column in descriptor distances: a different batch size is farther than any spec difference.
    static let batchSizeWeight: Float = 4

    init(
        architectures: [String], profiles: [SeriesProfile], zeroShot: ZeroShotRule, sourcesPerTarget: Int, levelModel: RidgeRegression?,
        zeroShotLogStd: Double
    ) {
        self.architectures = architectures
        self.architectureIndex = Self.index(architectures)
        self.profiles = profiles
        self.zeroShot = zeroShot
        self.sourcesPerTarget = sourcesPerTarget
        self.levelModel = levelModel
        self.zeroShotLogStd = zeroShotLogStd
    }

    private static func index(_ architectures: [String]) -> [String: Int] {
        Dictionary(architectures.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Index of the profile of `key`, if it is a training series.
    func profileIndex(_ key: SeriesKey) -> Int? { profiles.firstIndex { $0.key == key } }

    /// Descriptor with the batch-size column weighted for distances.
    static func weighted(_ descriptor: [Float]) -> [Float] {
        var copy = descriptor
        if let last = copy.indices.last { copy[last] *= batchSizeWeight }
        return copy
    }

    /// The zero-shot mapping of a series with `descriptor`, using only `candidates` (profile indices).
    func zeroShotMapping(descriptor: [Float], candidates: [Int], logStd: Double) -> SeriesMapping? {
        zeroShotMapping(descriptor: descriptor, candidates: candidates, logStd: logStd, levelModel: levelModel)
    }

    /// The zero-shot mapping with the given level model (one fitted without the target, when measuring).
    private func zeroShotMapping(descriptor: [Float], candidates: [Int], logStd: Double, levelModel: RidgeRegression?) -> SeriesMapping? {
        guard !candidates.isEmpty else { return nil }
        let target = Self.weighted(descriptor)
        let ranked = candidates.map { ($0, descriptorDistance(target, Self.weighted(profiles[$0].descriptor))) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        switch zeroShot {
        case .nearestUnchanged:
            return SeriesMapping(
                sources: [.init(profile: ranked[0].0, slope: 1, intercept: 0, weight: 1)], logStd: logStd, origin: "zero-shot")
        case .descriptorKernel:
            let nearest = Array(ranked.prefix(sourcesPerTarget))
            let scale = max(nearest.map(\.1).sorted()[nearest.count / 2], 1e-6)
            let weights = nearest.map { exp(-$0.1 / scale) }
            let total = weights.reduce(0, +)
            let meanLevel = zip(nearest, weights).reduce(0.0) { $0 + profiles[$1.0.0].level * $1.1 } / total
            var shift = 0.0
            if let levelModel {
                let predicted = levelModel.intercept + zip(levelModel.weights, descriptor).reduce(0.0) { $0 + $1.0 * Double($1.1) }
                let neighbours =
                    zip(nearest, weights).reduce(0.0) { sum, pair in
                        let d = profiles[pair.0.0].descriptor
                        return sum + pair.1 * (levelModel.intercept + zip(levelModel.weights, d).reduce(0.0) { $0 + $1.0 * Double($1.1) })
                    } / total
                // Move the neighbours' level by what the descriptors say separates the target from them.
                shift = predicted - neighbours
            }
            // Each source is moved to the common level, so their shapes are averaged around it.
            let leveled = zip(nearest, weights).map { pair in
                SeriesMapping.Source(profile: pair.0.0, slope: 1, intercept: shift + meanLevel - profiles[pair.0.0].level, weight: pair.1)
            }
            return SeriesMapping(sources: leveled, logStd: logStd, origin: "zero-shot")
        }
    }

    /// Held-out zero-shot error: each training series in turn is predicted from the others, with
    /// a level model fitted without it, as a series never seen would be. The std is the
    /// split-conformal 90% quantile of those |log errors| over 1.645 (each series weighing the
    /// same whatever its row count), so mean ± 1.645 std is a 90% interval for a new device
    /// that differs from the known ones as much as they differ from each other.
    mutating func measureZeroShotError() throws {
        guard profiles.count >= 2 else {
            zeroShotLogStd = 0.5
            return
        }
        var errors: [[Double]] = []
        for (index, profile) in profiles.enumerated() {
            let others = profiles.indices.filter { $0 != index }
            let level = try fitLevelModel(on: others)
            guard let mapping = zeroShotMapping(descriptor: profile.descriptor, candidates: others, logStd: 0, levelModel: level) else {
                continue
            }
            var series: [Double] = []
            for (architecture, value) in profile.measured.enumerated() where !value.isNaN {
                let logs = mapping.sources.map { profiles[$0.profile].measuredLog(architecture) }
                guard logs.allSatisfy({ $0 != nil }) else { continue }
                series.append(abs(mapping.combine(logs.map { $0! }) - value))
            }
            errors.append(series)
        }
        // Each held-out series is one unit of the conformal quantile, whatever its row count.
        guard let quantile = SpreadCalibration.quantile(groups: errors) else {
            zeroShotLogStd = 0.5
            return
        }
        zeroShotLogStd = max(quantile / 1.645, 1e-3)
    }

    /// Fits the level model across training series (descriptorKernel only; needs three series).
    mutating func fitLevelModel() throws {
        levelModel = try fitLevelModel(on: Array(profiles.indices))
    }

    /// The level model of the profiles `indices`: a ridge of their mean log latency on their
    /// descriptors (nil unless the rule is descriptorKernel and there are three series).
    private func fitLevelModel(on indices: [Int]) throws -> RidgeRegression? {
        guard zeroShot == .descriptorKernel, indices.count >= 3, let width = profiles.first?.descriptor.count else { return nil }
        let matrix = Matrix(rows: indices.count, columns: width, values: indices.flatMap { profiles[$0].descriptor })
        return try RidgeRegression.fit(features: matrix, targets: indices.map { profiles[$0].level }, lambda: 1, standardize: true)
    }

    /// Learns the mapping of one target series from its shots (log latencies `logs` of
    /// `architectures`, whose `inputs` price them on series that did not measure them).
    func fewShotMapping(
        key: SeriesKey, descriptor: [Float], architectures: [Int?], inputs: LabelledRows?, logs: [Double], logMacs: [Double]?
    ) throws -> SeriesMapping? {
        // A training series' own shots (a re-measurement) map from it too when it is the only series.
        let others = profiles.indices.filter { profiles[$0].key != key }
        let candidates = others.isEmpty ? Array(profiles.indices) : others
        return try fewShotMapping(
            candidates: candidates, descriptor: descriptor, architectures: architectures, inputs: inputs, logs: logs, logMacs: logMacs)
    }

    /// The few-shot mapping from the profiles `candidates`.
    /// With `logMacs` (the shots' log MACs, when the model uses the cost line), a line in log MACs
    /// fitted on the shots joins the members: on a device whose latency follows the work done more
    /// closely than any known device, it takes the weight.
    func fewShotMapping(
        candidates: [Int], descriptor: [Float], architectures: [Int?], inputs: LabelledRows?, logs: [Double], logMacs: [Double]?
    ) throws -> SeriesMapping? {
        let values = try candidates.map { try profiles[$0].logLatencies(architectures, inputs: inputs).means }
        let cost = logMacs.flatMap { $0.allSatisfy(\.isFinite) && !logMacs!.isEmpty ? $0 : nil }
        func value(_ profile: Int, _ row: Int) -> Double {
            profile == SeriesMapping.costSource ? cost![row] : values[candidates.firstIndex(of: profile)!][row]
        }
        let shots = logs.count
        guard shots >= 3 else {
            // One or two shots: keep the zero-shot choice of series, refit only its level.
            guard var mapping = zeroShotMapping(descriptor: descriptor, candidates: candidates, logStd: zeroShotLogStd) else { return nil }
            let predicted = architectures.indices.map { row in
                mapping.combine(mapping.sources.map { values[candidates.firstIndex(of: $0.profile)!][row] })
            }
            let shift = zip(logs, predicted).reduce(0.0) { $0 + $1.0 - $1.1 } / Double(shots)
            for index in mapping.sources.indices { mapping.sources[index].intercept += shift }
            mapping.origin = "\(shots) shot\(shots == 1 ? "" : "s")"
            return mapping
        }
        let ranked = candidates.indices.compactMap { position -> (Int, Double)? in
            pearson(values[position], logs).map { (position, $0) }
        }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }
        guard !ranked.isEmpty else { return nil }
        let chosen = ranked.prefix(sourcesPerTarget).map(\.0)
        // With the descriptor rule, the zero-shot mapping competes too, its level refitted on the shots.
        let prior =
            zeroShot == .descriptorKernel
            ? zeroShotMapping(descriptor: descriptor, candidates: candidates, logStd: zeroShotLogStd) : nil
        let priorLogs = prior.map { mapping in
            architectures.indices.map { row in
                mapping.combine(mapping.sources.map { values[candidates.firstIndex(of: $0.profile)!][row] })
            }
        }
        // The members fitted on `rows`: affine maps of the chosen series (and the shifted prior),
        // each weighted by the inverse of its residual variance (corrected for its parameters).
        func fit(_ rows: [Int]) -> [SeriesMapping.Source] {
            let n = Double(rows.count)
            var members = chosen.map { position -> SeriesMapping.Source in
                let line = affineFit(rows.map { values[position][$0] }, rows.map { logs[$0] })
                let variance = line.residualVariance * n / max(n - 2, 1)
                return .init(profile: candidates[position], slope: line.slope, intercept: line.intercept, weight: 1 / (variance + 1e-4))
            }
            if let cost {
                let line = affineFit(rows.map { cost[$0] }, rows.map { logs[$0] })
                let variance = line.residualVariance * n / max(n - 2, 1)
                members.append(
                    .init(profile: SeriesMapping.costSource, slope: line.slope, intercept: line.intercept, weight: 1 / (variance + 1e-4)))
            }
            if let prior, let priorLogs {
                let gaps = rows.map { logs[$0] - priorLogs[$0] }
                let shift = gaps.reduce(0, +) / n
                let variance = gaps.reduce(0) { $0 + ($1 - shift) * ($1 - shift) } / max(n - 1, 1)
                let total = prior.sources.reduce(0) { $0 + $1.weight }
                for source in prior.sources {
                    members.append(
                        .init(
                            profile: source.profile, slope: 1, intercept: source.intercept + shift,
                            weight: source.weight / total / (variance + 1e-4)))
                }
            }
            return members
        }
        let all = Array(0..<shots)
        let sources = fit(all)
        // Leave-one-out residuals of the whole fit (the choice of series kept); the std is their
        // split-conformal 90% quantile over 1.645, so mean ± 1.645 std is a 90% interval.
        var residuals: [Double] = []
        for left in all {
            let mapping = SeriesMapping(sources: fit(all.filter { $0 != left }), logStd: 0, origin: "")
            let logsOfLeft = mapping.sources.map { value($0.profile, left) }
            residuals.append(abs(mapping.combine(logsOfLeft) - logs[left]))
        }
        let logStd = max(SpreadCalibration.quantile(residuals) / 1.645, 1e-3)
        return SeriesMapping(sources: sources, logStd: logStd, origin: "\(shots) shots")
    }

    /// How much the leave-one-out std of a mapping from `shots` shots understates its error on new
    /// rows, measured on the training series themselves: each in turn plays the target (the
    /// others its sources), `shots` of its architectures are drawn with `seed`, and its other
    /// architectures are predicted. Returns the factor that makes mean ± 1.645 std cover 90% of
    /// those held-out errors (1 when there is too little to measure).
    func stdCalibration(shots: Int, seed: UInt64) throws -> Double {
        guard shots >= 3, profiles.count >= 3 else { return 1 }
        var generator = SeededGenerator(seed: seed ^ 0x5EED_CA11)
        // Architectures every series measured, so no feature model is involved.
        let common = architectures.indices.filter { architecture in profiles.allSatisfy { !$0.measured[architecture].isNaN } }
        guard common.count >= shots + 20 else { return 1 }
        var ratios: [Double] = []
        for target in profiles.indices {
            let others = profiles.indices.filter { $0 != target }
            var order = common
            generator.shuffle(&order)
            let shotArchitectures = Array(order.prefix(shots))
            let held = order.dropFirst(shots).prefix(1_000)
            guard
                let mapping = try fewShotMapping(
                    candidates: others, descriptor: profiles[target].descriptor, architectures: shotArchitectures.map { Optional($0) },
                    inputs: nil, logs: shotArchitectures.map { profiles[target].measured[$0] },
                    logMacs: logMacs.isEmpty ? nil : shotArchitectures.map { logMacs[$0] })
            else { continue }
            for architecture in held {
                let predicted = mapping.combine(
                    mapping.sources.map {
                        $0.profile == SeriesMapping.costSource ? logMacs[architecture] : profiles[$0.profile].measured[architecture]
                    })
                ratios.append(abs(predicted - profiles[target].measured[architecture]) / mapping.logStd)
            }
        }
        guard ratios.count >= 20 else { return 1 }
        return max(SpreadCalibration.quantile(ratios) / 1.645, 1)
    }
}
