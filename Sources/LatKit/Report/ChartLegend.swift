/// A chart legend: one row or more of swatch-and-name items, wrapped to the available width.
struct ChartLegend {
    /// What stands for a series in the legend.
    enum Swatch {
        /// A filled dot (scatter points).
        case marker
        /// A short line, optionally dashed, with a dot for data series (none for reference lines).
        case line(dash: String?, marker: Bool)
        /// A filled square (histogram bars) with fill opacity.
        case box(opacity: Double)
    }

    struct Item {
        var name: String
        var color: String
        var swatch: Swatch
    }

    static let rowHeight = 18.0
    static let swatchWidth = 20.0

    private var placed: [(item: Item, x: Double, row: Int)] = []
    private var rowCount = 0

    /// Lays `items` out in rows no wider than `maxWidth`.
    init(items: [Item], maxWidth: Double) {
        var x = 0.0
        var row = 0
        for item in items {
            let itemWidth = Self.swatchWidth + 6 + ChartText.width(item.name, size: ChartText.legendSize)
            if x > 0 && x + itemWidth > maxWidth {
                row += 1
                x = 0
            }
            placed.append((item, x, row))
            x += itemWidth + 18
        }
        rowCount = items.isEmpty ? 0 : row + 1
    }

    /// The height the legend takes, with its bottom padding.
    var height: Double { rowCount == 0 ? 0 : Double(rowCount) * Self.rowHeight + 6 }

    /// Draws the legend with its first row's top at (left, top).
    func draw(into svg: inout SVGDocument, left: Double, top: Double) {
        guard !placed.isEmpty else { return }
        svg.group(cssClass: "legend") { g in
            for entry in placed {
                let x = left + entry.x
                let middle = top + (Double(entry.row) + 0.5) * Self.rowHeight
                let color = entry.item.color
                switch entry.item.swatch {
                case .marker:
                    g.circle(cx: x + Self.swatchWidth / 2, cy: middle, r: 4, style: .fill(color, opacity: 0.8))
                case .line(let dash, let marker):
                    g.line(
                        x1: x, y1: middle, x2: x + Self.swatchWidth, y2: middle,
                        style: .stroke(color, width: marker ? 2 : 1.2, dash: dash))
                    if marker { g.circle(cx: x + Self.swatchWidth / 2, cy: middle, r: 3, style: .fill(color)) }
                case .box(let opacity):
                    g.rect(
                        x: x + 4, y: middle - 6, width: 12, height: 12,
                        style: SVGStyle(fill: color, stroke: color, strokeWidth: 1, fillOpacity: opacity))
                }
                g.text(
                    entry.item.name, x: x + Self.swatchWidth + 6, y: middle,
                    style: SVGTextStyle(size: ChartText.legendSize, vertical: .middle, fill: ChartPalette.text))
            }
        }
    }
}
