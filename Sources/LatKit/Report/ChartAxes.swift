import Foundation

/// How data values map to positions along a chart axis.
public enum AxisScale: Sendable, Equatable {
    /// Equal steps of value take equal lengths.
    case linear
    /// Equal ratios of value take equal lengths; only positive values can be shown.
    case log10
}

/// One tick on a chart axis: a grid line at `value`, with a label unless it is a minor tick.
public struct AxisTick: Sendable, Equatable {
    /// The data value of the tick.
    public var value: Double
    /// The printed label; nil for a minor tick (a lighter grid line without label).
    public var label: String?

    /// Creates a tick at `value`; a nil `label` makes it a minor tick.
    public init(value: Double, label: String?) {
        self.value = value
        self.label = label
    }
}

/// A chart axis: its scale, its visible range (widened to round numbers), its ticks and its title.
///
/// Linear axes step by 1, 2 or 5 times a power of ten. Log axes spanning up to three decades tick at
/// 1, 2 and 5 times each power of ten (100...7000 gives 100, 200, 500, 1k, 2k, 5k, 10k, with minor
/// ticks between); wider ones tick at each power of ten; narrower ones use linear steps.
public struct ChartAxis: Sendable, Equatable {
    /// Axis title, printed along the axis.
    public var title: String
    /// The value-to-position mapping.
    public let scale: AxisScale
    /// The value at the start of the axis (left or bottom).
    public let lower: Double
    /// The value at the end of the axis (right or top).
    public let upper: Double
    /// Ticks in increasing value order.
    public var ticks: [AxisTick]

    /// An axis with an explicit range and ticks; `upper` must exceed `lower` (and both be positive
    /// for a log axis), else the range is widened to the nearest valid one.
    public init(title: String, scale: AxisScale, lower: Double, upper: Double, ticks: [AxisTick]) {
        self.title = title
        self.scale = scale
        var low = lower.isFinite ? lower : 0
        var high = upper.isFinite ? upper : low + 1
        if scale == .log10 {
            if low <= 0 { low = high > 0 ? high / 10 : 1 }
            if high <= low { high = low * 10 }
        } else if high <= low {
            high = low + 1
        }
        self.lower = low
        self.upper = high
        self.ticks = ticks.filter { $0.value >= low - 1e-9 * abs(low) && $0.value <= high + 1e-9 * abs(high) }
    }

    /// A linear axis covering `minimum...maximum` (optionally also 0), widened to round numbers
    /// with about `targetTickCount` labelled ticks.
    public static func linear(
        title: String, minimum: Double, maximum: Double, includeZero: Bool = false, targetTickCount: Int = 6
    ) -> ChartAxis {
        var (low, high) = validRange(minimum, maximum)
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = niceStep((high - low) / Double(max(1, targetTickCount - 1)))
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        let values = stride(from: first, through: last, by: 1).map { cleanZero($0 * step) }
        let largest = values.map(abs).max() ?? 0
        let ticks = values.map { AxisTick(value: $0, label: label($0, step: step, suffixes: largest >= 1e4)) }
        return ChartAxis(title: title, scale: .linear, lower: first * step, upper: last * step, ticks: ticks)
    }

    /// A log10 axis covering `minimum...maximum`; non-positive or non-finite bounds are replaced by
    /// a range that is valid on a log scale.
    public static func log10(title: String, minimum: Double, maximum: Double) -> ChartAxis {
        var (low, high) = validRange(minimum, maximum)
        if high <= 0 {
            low = 1
            high = 10
        } else if low <= 0 {
            low = high / 10
        }
        if low == high {
            low /= 1.5
            high *= 1.5
        }
        let decades = Foundation.log10(high) - Foundation.log10(low)
        if decades > 3 { return decadeAxis(title: title, low: low, high: high) }
        let lower = gridValue(atOrBelow: low)
        let upper = gridValue(atOrAbove: high)
        if Foundation.log10(upper) - Foundation.log10(lower) < 0.9 {
            // Under a decade: 1-2-5 ticks would be two or three; linear steps read better.
            let linear = ChartAxis.linear(title: title, minimum: low, maximum: high, targetTickCount: 5)
            if linear.lower > 0 {
                return ChartAxis(title: title, scale: .log10, lower: linear.lower, upper: linear.upper, ticks: linear.ticks)
            }
        }
        var ticks: [AxisTick] = []
        var exponent = Int(Foundation.log10(lower).rounded(.down))
        while pow(10, Double(exponent)) <= upper * (1 + 1e-9) {
            let decade = pow(10, Double(exponent))
            for mantissa in 1...9 {
                let value = Double(mantissa) * decade
                let major = mantissa == 1 || mantissa == 2 || mantissa == 5
                ticks.append(AxisTick(value: value, label: major ? label(value, step: decade, suffixes: true) : nil))
            }
            exponent += 1
        }
        return ChartAxis(title: title, scale: .log10, lower: lower, upper: upper, ticks: ticks)
    }

    /// An axis of `scale` covering the finite values in `values` (for log10, the positive ones).
    public static func fitting(
        _ values: [Double], title: String, scale: AxisScale = .linear, includeZero: Bool = false
    ) -> ChartAxis {
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        let low = usable.min() ?? (scale == .linear ? 0 : 1)
        let high = usable.max() ?? (scale == .linear ? 1 : 10)
        switch scale {
        case .linear: return linear(title: title, minimum: low, maximum: high, includeZero: includeZero)
        case .log10: return log10(title: title, minimum: low, maximum: high)
        }
    }

    /// Where `value` lies along the axis: 0 at `lower`, 1 at `upper` (outside 0...1 beyond the range;
    /// not a number for a non-positive value on a log axis).
    public func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .log10:
            guard value > 0 else { return .nan }
            return (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
        }
    }

    /// Whether `value` lies within the axis range (allowing for rounding).
    public func contains(_ value: Double) -> Bool {
        let position = fraction(value)
        return position >= -1e-9 && position <= 1 + 1e-9
    }

    /// This axis with fewer labels where the labels would collide: `extent(label)` is the room a
    /// label needs along the axis and `length` the axis length in pixels. Tries, in turn, labels on
    /// powers of ten only (log axes), then every second, third, ... label.
    func thinnedLabels(length: Double, extent: (String) -> Double) -> ChartAxis {
        func fits(_ ticks: [AxisTick]) -> Bool {
            let labelled = ticks.filter { $0.label != nil }
            for (a, b) in zip(labelled, labelled.dropFirst()) {
                let gap = (fraction(b.value) - fraction(a.value)) * length
                if gap < (extent(a.label ?? "") + extent(b.label ?? "")) / 2 + 6 { return false }
            }
            return true
        }
        if fits(ticks) { return self }
        var candidate = self
        if scale == .log10 {
            candidate.ticks = ticks.map { tick in
                let mantissa = tick.value / pow(10, Foundation.log10(tick.value).rounded(.down))
                return abs(mantissa - 1) < 1e-6 ? tick : AxisTick(value: tick.value, label: nil)
            }
            if fits(candidate.ticks) { return candidate }
        }
        let base = candidate.ticks
        let labelled = base.indices.filter { base[$0].label != nil }
        for every in 2...max(2, labelled.count) {
            var ticks = base
            for (rank, index) in labelled.enumerated() where rank % every != 0 {
                ticks[index].label = nil
            }
            if fits(ticks) {
                candidate.ticks = ticks
                return candidate
            }
        }
        return candidate
    }

    // MARK: - Tick arithmetic

    /// The smallest of 1, 2, 5 times a power of ten that is at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let decade = pow(10, Foundation.log10(rough).rounded(.down))
        let mantissa = rough / decade
        let nice: Double = mantissa <= 1 + 1e-9 ? 1 : mantissa <= 2 + 1e-9 ? 2 : mantissa <= 5 + 1e-9 ? 5 : 10
        return nice * decade
    }

    /// The one of 1, 2, 5 times a power of ten nearest to `rough` by ratio.
    static func nearestNiceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let above = niceStep(rough)
        let below = gridValue(atOrBelow: rough)
        return above / rough < rough / below ? above : below
    }

    /// The largest of 1, 2, 5 times a power of ten that is at most `value` (positive).
    static func gridValue(atOrBelow value: Double) -> Double {
        let decade = pow(10, Foundation.log10(value).rounded(.down))
        let mantissa = value / decade
        return (mantissa >= 5 - 1e-9 ? 5 : mantissa >= 2 - 1e-9 ? 2 : 1) * decade
    }

    /// The smallest of 1, 2, 5 times a power of ten that is at least `value` (positive).
    static func gridValue(atOrAbove value: Double) -> Double {
        let decade = pow(10, Foundation.log10(value).rounded(.down))
        let mantissa = value / decade
        return (mantissa <= 1 + 1e-9 ? 1 : mantissa <= 2 + 1e-9 ? 2 : mantissa <= 5 + 1e-9 ? 5 : 10) * decade
    }

    /// A tick label for `value` on a grid of spacing `step`: as many decimals as the step needs;
    /// with `suffixes`, thousands as `k` and millions as `M` (2000 → "2k", 2500 → "2.5k").
    static func label(_ value: Double, step: Double, suffixes: Bool) -> String {
        if abs(value) < abs(step) * 1e-9 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e9 || magnitude < 1e-5 { return String(format: "%g", value) }
        var divisor = 1.0
        var suffix = ""
        if suffixes && magnitude >= 1e6 {
            (divisor, suffix) = (1e6, "M")
        } else if suffixes && magnitude >= 1e3 {
            (divisor, suffix) = (1e3, "k")
        }
        let decimals = max(0, min(6, -Int((Foundation.log10(abs(step) / divisor) + 1e-9).rounded(.down))))
        return NumberText.fixed(value / divisor, decimals: decimals) + suffix
    }

    private static func decadeAxis(title: String, low: Double, high: Double) -> ChartAxis {
        let first = Int(Foundation.log10(low).rounded(.down))
        let last = Int(Foundation.log10(high).rounded(.up))
        let labelEvery = max(1, (last - first + 7) / 8)
        let withMinor = last - first <= 6
        var ticks: [AxisTick] = []
        for exponent in first...last {
            let decade = pow(10, Double(exponent))
            let labelled = (exponent - first) % labelEvery == 0
            ticks.append(AxisTick(value: decade, label: labelled ? label(decade, step: decade, suffixes: true) : nil))
            if withMinor && exponent < last {
                ticks += (2...9).map { AxisTick(value: Double($0) * decade, label: nil) }
            }
        }
        return ChartAxis(title: title, scale: .log10, lower: pow(10, Double(first)), upper: pow(10, Double(last)), ticks: ticks)
    }

    private static func validRange(_ a: Double, _ b: Double) -> (Double, Double) {
        let low = a.isFinite ? a : (b.isFinite ? b : 0)
        let high = b.isFinite ? b : low
        return (min(low, high), max(low, high))
    }

    private static func cleanZero(_ value: Double) -> Double { value == 0 ? 0 : value }
}
