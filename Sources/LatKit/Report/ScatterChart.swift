/// One set of (measured, predicted) pairs in a ``ScatterChart``.
public struct ScatterSeries: Sendable {
    /// Legend name, such as the estimator.
    public var name: String
    /// Measured values (x), paired by index with `predicted`.
    public var measured: [Double]
    /// Predicted values (y).
    public var predicted: [Double]

    /// A series of pairs; if the arrays differ in length the extra values are ignored.
    public init(name: String, measured: [Double], predicted: [Double]) {
        self.name = name
        self.measured = measured
        self.predicted = predicted
    }
}

/// Predicted against measured values, with the y = x diagonal (perfect prediction) and optional
/// dashed lines at ±`tolerance` (relative). Both axes share one range so the diagonal runs at 45°.
///
/// Points are written rounded to 0.1 px and points of a series that land on the same 0.1 px spot
/// are written once, so tens of thousands of points stay a few hundred kilobytes at most. Pairs that
/// cannot be shown (not finite, or not positive on a log scale) are left out.
public struct ScatterChart: ReportChart {
    /// The chart title, drawn above the plot.
    public var title: String
    /// The point sets, each in its own color.
    public var series: [ScatterSeries]
    /// Horizontal axis title.
    public var xTitle: String
    /// Vertical axis title.
    public var yTitle: String
    /// Scale of both axes.
    public var scale: AxisScale
    /// Relative tolerance drawn as dashed lines y = (1 ± tolerance)·x; nil draws none.
    public var tolerance: Double?
    /// A fixed range for both axes; nil fits the data.
    public var range: ClosedRange<Double>?
    /// Canvas size in pixels.
    public var width: Double
    /// Canvas height in pixels.
    public var height: Double
    /// Point radius in pixels.
    public var pointRadius: Double

    /// Creates a chart; the defaults plot latency (ms) on linear axes with ±10 % lines, 560 x 560 pixels.
    public init(
        title: String, series: [ScatterSeries], xTitle: String = "Measured latency (ms)",
        yTitle: String = "Predicted latency (ms)", scale: AxisScale = .linear, tolerance: Double? = 0.1,
        range: ClosedRange<Double>? = nil, width: Double = 560, height: Double = 560, pointRadius: Double = 2
    ) {
        self.title = title
        self.series = series
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.scale = scale
        self.tolerance = tolerance
        self.range = range
        self.width = width
        self.height = height
        self.pointRadius = pointRadius
    }

    /// The plot area and axes the chart draws into: data (x, y) lands at `plotArea().pixel(x:y:)`.
    public func plotArea() -> PlotArea { frame().area }

    /// Draws the chart as an SVG document, with "No data" written in the plot when no point can be shown.
    public func render() -> SVGDocument {
        let frame = frame()
        let area = frame.area
        var svg = frame.makeDocument()
        drawReferenceLines(into: &svg, area: area)
        var drawn = 0
        for (index, series) in series.enumerated() {
            let color = ChartPalette.color(index)
            let opacity = self.series.count > 1 ? 0.5 : 0.6
            var seen = Set<Int64>()
            svg.group(style: .fill(color, opacity: opacity), cssClass: "series", tooltip: series.name) { g in
                for (x, y) in zip(series.measured, series.predicted) {
                    guard let point = area.pixel(x: x, y: y) else { continue }
                    let key = Int64((point.x * 10).rounded()) << 32 | Int64((point.y * 10).rounded())
                    drawn += 1
                    if seen.insert(key).inserted { g.circle(cx: point.x, cy: point.y, r: pointRadius) }
                }
            }
        }
        if drawn == 0 { frame.drawNoData(into: &svg) }
        return svg
    }

    private func frame() -> ChartFrame {
        let values = series.flatMap { zip($0.measured, $0.predicted).flatMap { [$0, $1] } }
        var axis: ChartAxis
        if let range {
            axis =
                scale == .linear
                ? .linear(title: xTitle, minimum: range.lowerBound, maximum: range.upperBound)
                : .log10(title: xTitle, minimum: range.lowerBound, maximum: range.upperBound)
        } else {
            axis = .fitting(values, title: xTitle, scale: scale)
        }
        var yAxis = axis
        yAxis.title = yTitle
        var items = series.enumerated().map { ChartLegend.Item(name: $1.name, color: ChartPalette.color($0), swatch: .marker) }
        items.append(.init(name: "y = x", color: ChartPalette.reference, swatch: .line(dash: nil, marker: false)))
        if let tolerance {
            items.append(
                .init(
                    name: "±\(NumberText.fixed(tolerance * 100, decimals: 0))%", color: ChartPalette.reference,
                    swatch: .line(dash: "5 4", marker: false)))
        }
        return ChartFrame(width: width, height: height, title: title, xAxis: axis, yAxis: yAxis, legendItems: items, square: true)
    }

    /// Draws y = k·x for k = 1 (solid) and 1 ± tolerance (dashed), clipped to the plot area.
    private func drawReferenceLines(into svg: inout SVGDocument, area: PlotArea) {
        var factors: [(Double, String?)] = [(1, nil)]
        if let tolerance, tolerance > 0, tolerance < 1 { factors += [(1 + tolerance, "5 4"), (1 - tolerance, "5 4")] }
        let lower = area.xAxis.lower
        let upper = area.xAxis.upper
        for (factor, dash) in factors {
            let start = max(lower, lower / factor)
            let end = min(upper, upper / factor)
            guard start < end else { continue }
            svg.line(
                x1: area.pixelX(start), y1: area.pixelY(start * factor), x2: area.pixelX(end), y2: area.pixelY(end * factor),
                style: .stroke(ChartPalette.reference, width: dash == nil ? 1.2 : 1, dash: dash))
        }
    }
}
