/// A chart that can be drawn as SVG and placed in a ``ReportDocument``.
public protocol ReportChart {
    /// The chart title (also the figure's accessible name).
    var title: String { get }
    /// The chart drawn as an SVG document.
    func render() -> SVGDocument
}

/// Text metrics and sizes shared by the charts. SVG text cannot be measured without a font engine,
/// so widths are estimated from the character count (generous for sans-serif fonts).
enum ChartText {
    static let titleSize = 15.0
    static let axisTitleSize = 12.0
    static let tickSize = 11.0
    static let legendSize = 12.0

    /// The estimated width in pixels of `text` at font `size`.
    static func width(_ text: String, size: Double) -> Double {
        var units = 0.0
        for character in text {
            if character.isUppercase || character == "m" || character == "w" || character == "M" || character == "W" {
                units += 0.75
            } else if character == "." || character == "," || character == "i" || character == "l" || character == " " {
                units += 0.35
            } else {
                units += 0.58
            }
        }
        return units * size
    }
}
