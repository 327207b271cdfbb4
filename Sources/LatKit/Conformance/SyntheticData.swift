import LatKitRandom

/// A synthetic data set carrying every view, so any estimator can be fitted and checked without
/// a search space: latency is an additive function of operator counts, features and cost, plus
/// a little noise.
struct SyntheticData {
    let batch: ArchitectureBatch

    init(rows: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let featureCount = 16
        let keys = (0..<8).map { "synthetic-op\($0)" }
        let weights = (0..<featureCount).map { _ in random.double() }
        var features: [Float] = []
        var operators: [[Operator]] = []
        var costs: [Cost] = []
        var targets: [Double] = []
        for _ in 0..<rows {
            var latency = 1.0
            for column in 0..<featureCount {
                let value = Double(random.int(below: 2))
                features.append(Float(value))
                latency += weights[column] * value
            }
            var ops: [Operator] = []
            var macs = 0.0
            for (index, key) in keys.enumerated() {
                let count = Double(random.int(below: 4))
                if count > 0 { ops.append(Operator(key: key, count: count)) }
                latency += 0.1 * Double(index + 1) * count
                macs += 1e6 * Double(index + 1) * count
            }
            operators.append(ops)
            costs.append(Cost(macs: macs, params: macs / 100))
            targets.append(latency + 0.01 * random.normal())
        }
        let devices = DeviceRows(
            featureNames: ["cores", "memory_gb", "bandwidth_gbps"],
            values: (0..<rows).flatMap { _ in [Float(4352), 11, 616] },
            deviceIDs: Array(repeating: "synthetic-gpu", count: rows), batchSizes: Array(repeating: 1, count: rows))
        batch = ArchitectureBatch(
            searchSpace: "synthetic", count: rows, architectures: (0..<rows).map { "synthetic-\($0)" },
            features: FeatureMatrix(values: features, rows: rows, columns: featureCount, encoding: "synthetic"),
            operators: operators, costs: costs, devices: devices, targets: targets)
    }

    /// The rows `range` of the set.
    func rows(_ range: Range<Int>) -> ArchitectureBatch { batch.subset(Array(range)) }
}
