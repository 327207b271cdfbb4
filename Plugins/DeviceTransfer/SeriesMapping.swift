import Foundation

/// How one target series is predicted from training series: a weighted mean of affine maps of
/// their log latencies, `log y = Σ w_k (slope_k · log v_k + intercept_k) / Σ w_k`, with a standard
/// deviation of the log error measured on held-out data.
struct SeriesMapping {
    /// The `Source.profile` of the architecture's own cost: log latency as a line in log MACs.
    static let costSource = -1

    /// One training series (or the cost line) the target is mapped from.
    struct Source {
        /// Index into the model's profiles, or `costSource`.
        var profile: Int
        var slope: Double
        var intercept: Double
        var weight: Double
    }
    var sources: [Source]
    /// Standard deviation of the log-latency error (held-out), so std(ms) ≈ prediction · logStd.
    var logStd: Double
    /// How the mapping was made, for messages: "10 shots", "zero-shot".
    var origin: String

    /// The mapped log latency from the sources' log latencies, in `sources` order.
    func combine(_ logs: [Double]) -> Double {
        var sum = 0.0
        var weights = 0.0
        for (source, value) in zip(sources, logs) {
            sum += source.weight * (source.slope * value + source.intercept)
            weights += source.weight
        }
        return sum / weights
    }
}

/// Least-squares line `y = slope · x + intercept`; slope 1 when `x` does not vary (or one point).
func affineFit(_ x: [Double], _ y: [Double]) -> (slope: Double, intercept: Double, residualVariance: Double) {
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n
    let meanY = y.reduce(0, +) / n
    var sxx = 0.0
    var sxy = 0.0
    for (a, b) in zip(x, y) {
        sxx += (a - meanX) * (a - meanX)
        sxy += (a - meanX) * (b - meanY)
    }
    let slope = x.count >= 2 && sxx > 1e-12 ? sxy / sxx : 1
    let intercept = meanY - slope * meanX
    let residual = zip(x, y).reduce(0.0) { sum, pair in
        let error = pair.1 - (slope * pair.0 + intercept)
        return sum + error * error
    }
    return (slope, intercept, residual / n)
}

/// Pearson correlation; nil when either side is constant.
func pearson(_ x: [Double], _ y: [Double]) -> Double? {
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n
    let meanY = y.reduce(0, +) / n
    var sxx = 0.0
    var syy = 0.0
    var sxy = 0.0
    for (a, b) in zip(x, y) {
        sxx += (a - meanX) * (a - meanX)
        syy += (b - meanY) * (b - meanY)
        sxy += (a - meanX) * (b - meanY)
    }
    guard sxx > 1e-18, syy > 1e-18 else { return nil }
    return sxy / (sxx * syy).squareRoot()
}
