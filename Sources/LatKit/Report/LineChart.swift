/// One point of a ``LineSeries``: a value and, optionally, its spread over repeats.
public struct LinePoint: Sendable, Equatable {
    /// Position on the x axis, e.g. training rows.
    public var x: Double
    /// Value on the y axis, e.g. mean RMSE in ms.
    public var y: Double
    /// Half the length of the error bar drawn around `y` (such as one standard deviation over
    /// repeats); nil or zero draws none.
    public var spread: Double?

    /// Creates a point; `spread` nil draws no error bar.
    public init(x: Double, y: Double, spread: Double? = nil) {
        self.x = x
        self.y = y
        self.spread = spread
    }
}

/// One named line in a ``LineChart``.
public struct LineSeries: Sendable {
    /// The legend entry and tooltip label of the line.
    public var name: String
    /// The points; drawn in order of increasing x.
    public var points: [LinePoint]

    /// Creates a named line through `points`.
    public init(name: String, points: [LinePoint]) {
        self.name = name
        self.points = points
    }
}

/// Lines with markers and optional error bars: by default a sample-efficiency curve, training rows
/// on a log axis against RMSE. Each series gets its own color and dash pattern, so the chart stays
/// readable printed in gray. Points that cannot be shown (not finite, or not positive on a log axis)
/// break nothing: they are left out.
public struct LineChart: ReportChart {
    /// The chart title, drawn above the plot.
    public var title: String
    /// The lines, each drawn in its own color and dash pattern.
    public var series: [LineSeries]
    /// Title of the x axis.
    public var xTitle: String
    /// Title of the y axis.
    public var yTitle: String
    /// Linear or logarithmic x axis.
    public var xScale: AxisScale
    /// Linear or logarithmic y axis.
    public var yScale: AxisScale
    /// Whether a linear y axis starts at zero; then, if no y value is negative, error bars are
    /// cut at zero rather than stretching the axis below it.
    public var yIncludesZero: Bool
    /// Width of the SVG, pixels.
    public var width: Double
    /// Height of the SVG, pixels.
    public var height: Double

    /// Creates a chart; the defaults draw RMSE (ms) against training rows on a log x axis, 640 x 420 pixels.
    public init(
        title: String, series: [LineSeries], xTitle: String = "Training rows", yTitle: String = "RMSE (ms)",
        xScale: AxisScale = .log10, yScale: AxisScale = .linear, yIncludesZero: Bool = true, width: Double = 640,
        height: Double = 420
    ) {
        self.title = title
        self.series = series
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xScale = xScale
        self.yScale = yScale
        self.yIncludesZero = yIncludesZero
        self.width = width
        self.height = height
    }

    /// The plot area and axes the chart draws into.
    public func plotArea() -> PlotArea { frame().area }

    /// Draws the chart as an SVG document, with "No data" written in the plot when no point can be shown.
    public func render() -> SVGDocument {
        let frame = frame()
        let area = frame.area
        var svg = frame.makeDocument()
        if !series.contains(where: { $0.points.contains { area.pixel(x: $0.x, y: $0.y) != nil } }) { frame.drawNoData(into: &svg) }
        for (index, series) in series.enumerated() {
            let color = ChartPalette.color(index)
            let points = series.points.filter { area.pixel(x: $0.x, y: $0.y) != nil }.sorted { $0.x < $1.x }
            svg.group(cssClass: "series", tooltip: series.name) { g in
                g.group(style: .stroke(color, width: 1.2)) { bars in
                    for point in points {
                        guard let spread = point.spread, spread.isFinite, spread > 0 else { continue }
                        let x = area.pixelX(point.x)
                        let top = area.pixelY(area.clampedY(point.y + spread))
                        let bottom = area.pixelY(area.clampedY(point.y - spread))
                        bars.line(x1: x, y1: top, x2: x, y2: bottom)
                        bars.line(x1: x - 3, y1: top, x2: x + 3, y2: top)
                        bars.line(x1: x - 3, y1: bottom, x2: x + 3, y2: bottom)
                    }
                }
                g.polyline(
                    points.map { SVGPoint(x: area.pixelX($0.x), y: area.pixelY($0.y)) },
                    style: .stroke(color, width: 2, dash: ChartPalette.dash(index)))
                g.group(style: SVGStyle(fill: color, stroke: "#ffffff", strokeWidth: 1)) { markers in
                    for point in points {
                        var tip = "\(series.name): x = \(Self.number(point.x)), y = \(Self.number(point.y))"
                        if let spread = point.spread, spread.isFinite, spread > 0 { tip += " ± \(Self.number(spread))" }
                        markers.circle(cx: area.pixelX(point.x), cy: area.pixelY(point.y), r: 3.5, tooltip: tip)
                    }
                }
            }
        }
        return svg
    }

    private func frame() -> ChartFrame {
        let points = series.flatMap(\.points)
        let xAxis = ChartAxis.fitting(points.map(\.x), title: xTitle, scale: xScale)
        // A metric that is never negative (like RMSE) keeps a zero floor under its error bars.
        let floor = yIncludesZero && points.allSatisfy({ !($0.y < 0) }) ? 0 : -Double.infinity
        let ys = points.flatMap { point -> [Double] in
            guard let spread = point.spread, spread.isFinite else { return [point.y] }
            return [max(floor, point.y - spread), point.y, point.y + spread]
        }
        let yAxis = ChartAxis.fitting(ys, title: yTitle, scale: yScale, includeZero: yIncludesZero && yScale == .linear)
        let items = series.enumerated().map {
            ChartLegend.Item(name: $1.name, color: ChartPalette.color($0), swatch: .line(dash: ChartPalette.dash($0), marker: true))
        }
        return ChartFrame(width: width, height: height, title: title, xAxis: xAxis, yAxis: yAxis, legendItems: items)
    }

    /// Four significant digits, trailing zeros dropped.
    private static func number(_ value: Double) -> String {
        SVGNumber.format(value, fractionDigits: NumberText.decimals(forSignificant: 4, of: value))
    }
}
