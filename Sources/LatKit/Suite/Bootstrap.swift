import LatKitRandom

/// A point estimate with a two-sided confidence interval.
public struct ConfidenceInterval: Sendable, Codable, Equatable {
    /// The estimate on all the data.
    public var estimate: Double
    /// Lower end of the interval.
    public var lower: Double
    /// Upper end of the interval.
    public var upper: Double

    /// Creates an interval.
    public init(estimate: Double, lower: Double, upper: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }

    /// Whether the interval holds `value`.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

/// The percentile bootstrap over units and rows: a task's results come in units (one per seed,
/// or per held-out device and shot draw), each scoring some test rows. A resample draws units with
/// replacement, then, within each drawn unit, its rows with replacement; the statistic is computed
/// on that resample. The same seed gives the same resamples, so two estimators scored on the same
/// units and rows can be compared pair by pair (a paired bootstrap of their difference).
public struct Bootstrap: Sendable {
    /// Number of resamples.
    public var resamples: Int
    /// Seed of the resampling.
    public var seed: UInt64
    /// Coverage of the interval, e.g. 0.95.
    public var level: Double

    /// A bootstrap of `resamples` draws with `seed`, for intervals of `level` coverage.
    public init(resamples: Int, seed: UInt64 = 0, level: Double = 0.95) {
        self.resamples = resamples
        self.seed = seed
        self.level = level
    }

    /// The statistic on each resample of units with `rowCounts` rows each: a resample is the drawn
    /// (unit, rows) pairs. Draws are made afresh from `seed` on every call, so two calls see the
    /// same resamples (a paired bootstrap) without holding them all in memory.
    public func values(rowCounts: [Int], statistic: ([(unit: Int, rows: [Int])]) -> Double?) -> [Double?] {
        var generator = SeededGenerator(seed: seed)
        var draw: [(unit: Int, rows: [Int])] = []
        return (0..<resamples).map { _ in
            draw.removeAll(keepingCapacity: true)
            for _ in 0..<rowCounts.count {
                let unit = generator.int(below: rowCounts.count)
                let count = rowCounts[unit]
                draw.append((unit, (0..<count).map { _ in generator.int(below: count) }))
            }
            return statistic(draw)
        }
    }

    /// The interval of `statistic` (nil where a resample leaves it undefined, e.g. a constant
    /// prediction's rank correlation): `estimate` is the statistic on all the data, the ends are
    /// the (1 - level)/2 and (1 + level)/2 percentiles of the resampled values.
    public func interval(rowCounts: [Int], estimate: Double, statistic: ([(unit: Int, rows: [Int])]) -> Double?) -> ConfidenceInterval {
        interval(estimate: estimate, resampled: values(rowCounts: rowCounts, statistic: statistic))
    }

    /// The interval from statistics already computed on each resample (`values(rowCounts:statistic:)`).
    public func interval(estimate: Double, resampled: [Double?]) -> ConfidenceInterval {
        let sorted = resampled.compactMap { $0 }.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return ConfidenceInterval(estimate: estimate, lower: estimate, upper: estimate) }
        return ConfidenceInterval(
            estimate: estimate, lower: Self.percentile(sorted, (1 - level) / 2), upper: Self.percentile(sorted, (1 + level) / 2))
    }

    /// The `p` quantile of sorted `values`, interpolating linearly between order statistics.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let position = p * Double(values.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, values.count - 1)
        let fraction = position - Double(below)
        return values[below] * (1 - fraction) + values[above] * fraction
    }
}

/// How a pairwise difference reads once its interval is known.
public enum PairwiseVerdict: String, Sendable, Codable {
    /// Significantly better.
    case win
    /// Significantly worse.
    case loss
    /// The interval includes no difference.
    case tie

    /// The verdict for a difference (candidate minus reference) of a metric.
    public static func of(_ difference: ConfidenceInterval, higherIsBetter: Bool) -> PairwiseVerdict {
        if difference.lower > 0 { return higherIsBetter ? .win : .loss }
        if difference.upper < 0 { return higherIsBetter ? .loss : .win }
        return .tie
    }
}
