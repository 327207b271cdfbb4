import Foundation

/// Bins shared by one or more sets of values, and each set's count per bin.
///
/// Every finite value is counted exactly once: values outside `edges` (possible only with explicit
/// edges or outlier clipping) go into the first or last bin and are tallied in `clamped`.
public struct HistogramBins: Sendable, Equatable {
    /// Bin edges in increasing order; bin i is [edges[i], edges[i+1]), the last one closed.
    public let edges: [Double]
    /// `counts[s][i]`: how many finite values of set s fall in bin i.
    public let counts: [[Int]]
    /// Per set, how many finite values lay outside the edges and were counted in an end bin.
    public let clamped: [Int]
    /// Per set, how many values were not finite and were left out.
    public let excluded: [Int]

    /// Counts each of `sets` into the bins given by `edges` (at least two, increasing).
    public init(edges: [Double], sets: [[Double]]) {
        let edges = edges.count >= 2 ? edges : [0, 1]
        self.edges = edges
        var counts: [[Int]] = []
        var clamped: [Int] = []
        var excluded: [Int] = []
        for values in sets {
            var row = [Int](repeating: 0, count: edges.count - 1)
            var outside = 0
            var missing = 0
            for value in values {
                guard value.isFinite else {
                    missing += 1
                    continue
                }
                if value < edges[0] || value > edges[edges.count - 1] { outside += 1 }
                row[Self.binIndex(value, edges: edges)] += 1
            }
            counts.append(row)
            clamped.append(outside)
            excluded.append(missing)
        }
        self.counts = counts
        self.clamped = clamped
        self.excluded = excluded
    }

    /// Bins of one round width (1, 2 or 5 times a power of ten) chosen for all `sets` pooled: the
    /// round width nearest the Freedman–Diaconis width (Sturges' rule when the spread is zero), kept between `minimumBins`
    /// and `maximumBins` bins. With `clipQuantile` (such as 0.005), the bins span at most from that
    /// quantile to its complement widened by a quarter of their distance on each side, so that a few
    /// far outliers do not squash the rest into one or two bins; they are counted in the end bins.
    public static func automatic(
        _ sets: [[Double]], minimumBins: Int = 5, maximumBins: Int = 60, clipQuantile: Double? = nil
    ) -> HistogramBins {
        let pooled = sets.flatMap { $0 }.filter(\.isFinite).sorted()
        guard let first = pooled.first, let last = pooled.last else { return HistogramBins(edges: [0, 1], sets: sets) }
        var low = first
        var high = last
        if let q = clipQuantile, q > 0, q < 0.5 {
            let qLow = quantile(pooled, q)
            let qHigh = quantile(pooled, 1 - q)
            let margin = (qHigh - qLow) / 4
            low = max(low, qLow - margin)
            high = min(high, qHigh + margin)
        }
        guard high > low else {
            let half = low == 0 ? 0.5 : abs(low) * 0.05
            return HistogramBins(edges: [low - half, low + half], sets: sets)
        }
        let n = Double(pooled.count)
        let iqr = quantile(pooled, 0.75) - quantile(pooled, 0.25)
        var width = iqr > 0 ? 2 * iqr / cbrt(n) : (high - low) / (log2(n).rounded(.up) + 1)
        width = ChartAxis.nearestNiceStep(width)
        // In Double, clamped before converting: a diverging estimator's errors must not trap here.
        func binCount(_ w: Double) -> Int {
            let bins = (high / w).rounded(.down) - (low / w).rounded(.down) + 1
            return bins.isFinite ? Int(min(bins, Double(Int32.max))) : Int(Int32.max)
        }
        if binCount(width) > maximumBins { width = ChartAxis.niceStep((high - low) / Double(max(1, maximumBins - 1))) }
        while binCount(width) < minimumBins {
            let smaller = ChartAxis.niceStep(width * 0.45)
            guard smaller < width else { break }
            width = smaller
        }
        let start = (low / width).rounded(.down)
        let bins = binCount(width)
        let edges = (0...bins).map { (start + Double($0)) * width }
        return HistogramBins(edges: edges, sets: sets)
    }

    /// Number of bins.
    public var binCount: Int { edges.count - 1 }

    /// The bin of `value`: by binary search, the last bin closed, outside values in the end bins.
    static func binIndex(_ value: Double, edges: [Double]) -> Int {
        var low = 0
        var high = edges.count - 2
        if value < edges[1] { return 0 }
        if value >= edges[high] { return high }
        while low < high {
            let middle = (low + high + 1) / 2
            if edges[middle] <= value { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The q-quantile of sorted `values` by linear interpolation.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }
}
