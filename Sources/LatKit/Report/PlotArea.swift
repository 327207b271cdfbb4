/// The rectangle of a chart where data is drawn, with the axes that map data values into it.
public struct PlotArea: Sendable, Equatable {
    /// Left edge in pixels.
    public let left: Double
    /// Top edge in pixels.
    public let top: Double
    /// Width in pixels.
    public let width: Double
    /// Height in pixels.
    public let height: Double
    /// The horizontal axis.
    public let xAxis: ChartAxis
    /// The vertical axis.
    public let yAxis: ChartAxis

    /// Creates a plot area from its pixel rectangle and the axes that map data into it.
    public init(left: Double, top: Double, width: Double, height: Double, xAxis: ChartAxis, yAxis: ChartAxis) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// Right edge in pixels.
    public var right: Double { left + width }
    /// Bottom edge in pixels.
    public var bottom: Double { top + height }

    /// The horizontal pixel of data value `x`.
    public func pixelX(_ x: Double) -> Double { left + xAxis.fraction(x) * width }

    /// The vertical pixel of data value `y` (larger values are higher up, so smaller pixels).
    public func pixelY(_ y: Double) -> Double { bottom - yAxis.fraction(y) * height }

    /// The pixel of the data point (x, y); nil when it falls outside the axes' ranges or cannot be
    /// shown (not finite, or not positive on a log axis).
    public func pixel(x: Double, y: Double) -> SVGPoint? {
        guard xAxis.contains(x), yAxis.contains(y) else { return nil }
        return SVGPoint(x: pixelX(x), y: pixelY(y))
    }

    /// `value` clamped into the vertical axis range, for drawing marks that may overrun it.
    func clampedY(_ value: Double) -> Double {
        if yAxis.scale == .log10 && value <= 0 { return yAxis.lower }
        return min(max(value, yAxis.lower), yAxis.upper)
    }
}
