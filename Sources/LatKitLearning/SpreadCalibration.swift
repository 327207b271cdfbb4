/// Split-conformal calibration of standard deviations on held-out residuals: the reported std
/// is chosen so that mean ± `z` std covers `coverage` of the held-out rows (the finite-sample
/// conformal quantile), which carries over to new rows exchangeable with them.
package enum SpreadCalibration {
    /// Nominal coverage of mean ± `z` std.
    package static let coverage = 0.9
    /// The two-sided standard normal quantile of `coverage`.
    package static let z = 1.644_853_626_951_472_2

    /// The conformal quantile of `scores`: their ceil((n + 1) · coverage)-th smallest (the largest
    /// when there are too few rows for that rank); 0 for no scores.
    package static func quantile(_ scores: [Double]) -> Double {
        guard !scores.isEmpty else { return 0 }
        let sorted = scores.sorted()
        let rank = Int((Double(sorted.count + 1) * coverage).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The conformal quantile over groups of scores, each group one exchangeable unit however
    /// many scores it holds (e.g. the rows of one held-out device): every score weighs 1 / its
    /// group's size, and the quantile is the smallest score whose cumulative weight reaches
    /// `coverage` · (n + 1) of the n non-empty groups (the largest score when that exceeds n);
    /// nil for no scores.
    package static func quantile(groups: [[Double]]) -> Double? {
        let scored = groups.filter { !$0.isEmpty }
        guard !scored.isEmpty else { return nil }
        let weighted = scored.flatMap { group in group.map { ($0, 1 / Double(group.count)) } }.sorted { $0.0 < $1.0 }
        let n = Double(scored.count)
        let level = min(coverage * (n + 1), n)
        var cumulative = 0.0
        for (score, weight) in weighted {
            cumulative += weight
            if cumulative >= level - 1e-9 { return score }
        }
        return weighted.last!.0
    }

    /// Offsets tried, as multiples of the held-out rows' median spread: from mostly the spread
    /// (0.25) to a nearly constant std (64).
    package static let offsetMultiples: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 64]

    /// `(scale, offset)` such that std = scale · (spread + offset) is calibrated on these
    /// held-out `residuals` (target minus mean) and ensemble `spreads`: for each offset (a multiple
    /// of the rows' median spread; 1 when every spread is 0, so that the std is a constant) the
    /// scale is the conformal quantile of |residual| / (spread + offset) divided by `z`, and the
    /// offset whose stds are smallest on average (the narrowest intervals at the same coverage) is
    /// kept. The offset is the floor under a zero spread: how much of the std does not follow the
    /// spread, which on the OFA data is most of it.
    package static func fit(residuals: [Double], spreads: [Double]) -> (scale: Double, offset: Double) {
        let sorted = spreads.sorted()
        var median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        if median <= 0 { median = spreads.reduce(0, +) / Double(max(spreads.count, 1)) }
        let offsets = median > 0 && median.isFinite ? offsetMultiples.map { $0 * median } : [1]
        var best: (scale: Double, offset: Double, width: Double)?
        for offset in offsets {
            let scale = quantile(zip(residuals, spreads).map { abs($0) / ($1 + offset) }) / z
            let width = scale * spreads.reduce(0) { $0 + $1 + offset }
            if scale.isFinite, best == nil || width < best!.width { best = (scale, offset, width) }
        }
        guard let best, best.scale > 0 else { return (.leastNormalMagnitude, offsets[0]) }
        return (best.scale, best.offset)
    }

    /// A constant std calibrated on `residuals`: their conformal |residual| quantile divided by `z`.
    package static func constant(residuals: [Double]) -> Double {
        let value = quantile(residuals.map(abs)) / z
        return value.isFinite && value > 0 ? value : .leastNormalMagnitude
    }
}
