/// The layout and furniture shared by the charts: title, legend band, plot area with grid, axes,
/// tick labels and axis titles. Margins are sized from the (estimated) label widths so that labels
/// never run into each other or off the canvas.
struct ChartFrame {
    let width: Double
    let height: Double
    let title: String
    let area: PlotArea
    /// A line of small print under the x axis title, if any.
    let footnote: String?
    private let legend: ChartLegend
    private let legendLeft: Double
    private let legendTop: Double

    /// Lays out a chart of `width` x `height` pixels. With `square`, the plot area is made square
    /// (and centred), so that equal data steps on both axes take equal lengths.
    init(
        width: Double, height: Double, title: String, xAxis: ChartAxis, yAxis: ChartAxis,
        legendItems: [ChartLegend.Item], square: Bool = false, footnote: String? = nil
    ) {
        self.width = width
        self.height = height
        self.title = title
        self.footnote = footnote
        let tick = ChartText.tickSize
        let yLabelWidth = yAxis.ticks.compactMap(\.label).map { ChartText.width($0, size: tick) }.max() ?? 0
        let left = 8 + (yAxis.title.isEmpty ? 0 : ChartText.axisTitleSize + 8) + max(yLabelWidth, 8) + 8
        let lastXLabel = xAxis.ticks.last(where: { $0.label != nil })?.label ?? ""
        let right = max(16, ChartText.width(lastXLabel, size: tick) / 2 + 6)
        var plotWidth = max(40, width - left - right)
        let legend = ChartLegend(items: legendItems, maxWidth: plotWidth)
        let top = 10 + (title.isEmpty ? 0 : ChartText.titleSize + 10) + legend.height
        let bottom = 8 + tick + 8 + (xAxis.title.isEmpty ? 0 : ChartText.axisTitleSize + 8) + (footnote == nil ? 0 : 16) + 4
        var plotHeight = max(40, height - top - bottom)
        var plotLeft = left
        if square {
            let side = min(plotWidth, plotHeight)
            plotLeft += (plotWidth - side) / 2
            plotWidth = side
            plotHeight = side
        }
        let x = xAxis.thinnedLabels(length: plotWidth) { ChartText.width($0, size: tick) }
        let y = yAxis.thinnedLabels(length: plotHeight) { _ in tick * 1.3 }
        self.area = PlotArea(left: plotLeft, top: top, width: plotWidth, height: plotHeight, xAxis: x, yAxis: y)
        self.legend = legend
        self.legendLeft = left
        self.legendTop = 10 + (title.isEmpty ? 0 : ChartText.titleSize + 10)
    }

    /// A new document with the title, legend, grid, axes and labels drawn; data goes on top.
    func makeDocument() -> SVGDocument {
        var svg = SVGDocument(width: width, height: height, title: title.isEmpty ? nil : title)
        svg.rect(x: 0, y: 0, width: width, height: height, style: .fill("#ffffff"))
        if !title.isEmpty {
            svg.text(
                title, x: width / 2, y: 10 + ChartText.titleSize,
                style: SVGTextStyle(size: ChartText.titleSize, anchor: .middle, bold: true, fill: ChartPalette.text))
        }
        legend.draw(into: &svg, left: legendLeft, top: legendTop)
        drawGrid(into: &svg)
        drawAxes(into: &svg)
        return svg
    }

    /// Writes "No data" in the middle of the plot area, for a chart with nothing to show.
    func drawNoData(into svg: inout SVGDocument) {
        svg.text(
            "No data", x: area.left + area.width / 2, y: area.top + area.height / 2,
            style: SVGTextStyle(size: ChartText.axisTitleSize, anchor: .middle, vertical: .middle, fill: ChartPalette.axis))
    }

    private func drawGrid(into svg: inout SVGDocument) {
        let a = area
        for minor in [true, false] {
            svg.group(style: .stroke(minor ? ChartPalette.minorGrid : ChartPalette.grid), cssClass: minor ? "grid-minor" : "grid") { g in
                for tick in a.xAxis.ticks where (tick.label == nil) == minor {
                    let x = a.pixelX(tick.value)
                    g.line(x1: x, y1: a.top, x2: x, y2: a.bottom)
                }
                for tick in a.yAxis.ticks where (tick.label == nil) == minor {
                    let y = a.pixelY(tick.value)
                    g.line(x1: a.left, y1: y, x2: a.right, y2: y)
                }
            }
        }
    }

    private func drawAxes(into svg: inout SVGDocument) {
        let a = area
        let tick = ChartText.tickSize
        svg.group(style: .stroke(ChartPalette.axis), cssClass: "axes") { g in
            g.line(x1: a.left, y1: a.bottom, x2: a.right, y2: a.bottom)
            g.line(x1: a.left, y1: a.top, x2: a.left, y2: a.bottom)
            for t in a.xAxis.ticks where t.label != nil {
                let x = a.pixelX(t.value)
                g.line(x1: x, y1: a.bottom, x2: x, y2: a.bottom + 4)
            }
            for t in a.yAxis.ticks where t.label != nil {
                let y = a.pixelY(t.value)
                g.line(x1: a.left - 4, y1: y, x2: a.left, y2: y)
            }
        }
        svg.group(cssClass: "tick-labels") { g in
            for t in a.xAxis.ticks {
                guard let label = t.label else { continue }
                g.text(
                    label, x: a.pixelX(t.value), y: a.bottom + 8,
                    style: SVGTextStyle(size: tick, anchor: .middle, vertical: .top, fill: ChartPalette.text))
            }
            for t in a.yAxis.ticks {
                guard let label = t.label else { continue }
                g.text(
                    label, x: a.left - 7, y: a.pixelY(t.value),
                    style: SVGTextStyle(size: tick, anchor: .end, vertical: .middle, fill: ChartPalette.text))
            }
        }
        let titleStyle = SVGTextStyle(size: ChartText.axisTitleSize, anchor: .middle, fill: ChartPalette.text)
        let xTitleBaseline = a.bottom + 8 + tick + 8 + ChartText.axisTitleSize - 2
        if !a.xAxis.title.isEmpty {
            svg.text(a.xAxis.title, x: a.left + a.width / 2, y: xTitleBaseline, style: titleStyle)
        }
        if !a.yAxis.title.isEmpty {
            var style = titleStyle
            style.rotation = -90
            svg.text(a.yAxis.title, x: 8 + ChartText.axisTitleSize, y: a.top + a.height / 2, style: style)
        }
        if let footnote {
            svg.text(
                footnote, x: a.left + a.width / 2, y: xTitleBaseline + 16,
                style: SVGTextStyle(size: 10.5, anchor: .middle, fill: ChartPalette.axis))
        }
    }
}
