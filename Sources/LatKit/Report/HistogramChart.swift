/// One set of values in a ``HistogramChart``.
public struct HistogramSeries: Sendable {
    /// Legend name.
    public var name: String
    /// The values; those that are not finite are left out (and said so under the chart).
    public var values: [Double]

    /// Creates a named set of values.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// A histogram of values such as prediction errors: bins chosen automatically for all series
/// together (see ``HistogramBins/automatic(_:minimumBins:maximumBins:clipQuantile:)``), several
/// series overlaid as translucent bars, and an optional vertical reference line (0 by default).
public struct HistogramChart: ReportChart {
    /// The chart title, drawn above the plot.
    public var title: String
    /// The value sets, overlaid in their own colors.
    public var series: [HistogramSeries]
    /// Horizontal axis title.
    public var xTitle: String
    /// Show each series' bin counts as a percentage of that series (compare series of different
    /// sizes); otherwise raw counts.
    public var normalize: Bool
    /// Bins to use; nil chooses them automatically.
    public var bins: HistogramBins?
    /// Outlier clipping for automatic bins (see ``HistogramBins``); nil keeps the full range.
    public var clipQuantile: Double?
    /// A value marked by a vertical line, such as zero error; nil draws none.
    public var reference: Double?
    /// Width of the SVG, pixels.
    public var width: Double
    /// Height of the SVG, pixels.
    public var height: Double

    /// Creates a histogram; the defaults draw prediction errors (%) with automatic bins and a line at 0, 640 x 400 pixels.
    public init(
        title: String, series: [HistogramSeries], xTitle: String = "Prediction error (%)", normalize: Bool = false,
        bins: HistogramBins? = nil, clipQuantile: Double? = 0.005, reference: Double? = 0, width: Double = 640,
        height: Double = 400
    ) {
        self.title = title
        self.series = series
        self.xTitle = xTitle
        self.normalize = normalize
        self.bins = bins
        self.clipQuantile = clipQuantile
        self.reference = reference
        self.width = width
        self.height = height
    }

    /// The bins the chart draws: `bins` if set, else chosen for the series' values.
    public func resolvedBins() -> HistogramBins {
        if let bins, bins.counts.count == series.count { return bins }
        return .automatic(series.map(\.values), clipQuantile: clipQuantile)
    }

    /// Draws the chart as an SVG document, with "No data" written in the plot when every bin is empty.
    public func render() -> SVGDocument {
        let bins = resolvedBins()
        let heights = barHeights(bins)
        let xAxis = ChartAxis.linear(title: xTitle, minimum: bins.edges[0], maximum: bins.edges[bins.binCount])
        let yAxis = ChartAxis.linear(
            title: normalize ? "Share of series (%)" : "Count", minimum: 0, maximum: max(1, heights.flatMap { $0 }.max() ?? 1))
        let opacity = series.count > 1 ? 0.4 : 0.7
        let items =
            series.count > 1
            ? series.enumerated().map { ChartLegend.Item(name: $1.name, color: ChartPalette.color($0), swatch: .box(opacity: opacity)) }
            : []
        let frame = ChartFrame(
            width: width, height: height, title: title, xAxis: xAxis, yAxis: yAxis, legendItems: items,
            footnote: footnote(bins))
        let area = frame.area
        var svg = frame.makeDocument()
        for (index, series) in series.enumerated() {
            let color = ChartPalette.color(index)
            svg.group(style: SVGStyle(fill: color, stroke: color, strokeWidth: 0.8, fillOpacity: opacity), cssClass: "series") { g in
                for bin in 0..<bins.binCount where bins.counts[index][bin] > 0 {
                    let x0 = area.pixelX(bins.edges[bin])
                    let x1 = area.pixelX(bins.edges[bin + 1])
                    let top = area.pixelY(heights[index][bin])
                    let range =
                        "[\(ChartAxis.label(bins.edges[bin], step: binWidth(bins), suffixes: false)), "
                        + "\(ChartAxis.label(bins.edges[bin + 1], step: binWidth(bins), suffixes: false)))"
                    let share = normalize ? " (\(NumberText.fixed(heights[index][bin], decimals: 1))%)" : ""
                    g.rect(
                        x: x0, y: top, width: x1 - x0, height: area.bottom - top,
                        tooltip: "\(series.name) \(range): \(bins.counts[index][bin])\(share)")
                }
            }
        }
        if bins.counts.allSatisfy({ $0.allSatisfy { $0 == 0 } }) { frame.drawNoData(into: &svg) }
        if let reference, area.xAxis.contains(reference) {
            let x = area.pixelX(reference)
            svg.line(x1: x, y1: area.top, x2: x, y2: area.bottom, style: .stroke(ChartPalette.text, width: 1, dash: "4 3"))
        }
        return svg
    }

    /// Bar heights per series and bin: counts, or percentages of the series' counted values.
    private func barHeights(_ bins: HistogramBins) -> [[Double]] {
        bins.counts.map { row in
            let total = row.reduce(0, +)
            return row.map { normalize ? (total > 0 ? Double($0) * 100 / Double(total) : 0) : Double($0) }
        }
    }

    private func binWidth(_ bins: HistogramBins) -> Double {
        bins.binCount > 0 ? (bins.edges[bins.binCount] - bins.edges[0]) / Double(bins.binCount) : 1
    }

    private func footnote(_ bins: HistogramBins) -> String? {
        var parts: [String] = []
        let clamped = bins.clamped.reduce(0, +)
        let excluded = bins.excluded.reduce(0, +)
        if clamped > 0 { parts.append("\(clamped) value\(clamped == 1 ? "" : "s") outside the bins counted in the end bins") }
        if excluded > 0 { parts.append("\(excluded) non-finite value\(excluded == 1 ? "" : "s") left out") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
