/// Paint attributes shared by SVG shapes; nil fields are not written (the element inherits them).
public struct SVGStyle: Sendable, Equatable {
    /// Fill paint, such as `"#0072B2"` or `"none"`.
    public var fill: String?
    /// Stroke paint.
    public var stroke: String?
    /// Stroke width in pixels.
    public var strokeWidth: Double?
    /// Dash pattern, such as `"4 3"`.
    public var dash: String?
    /// Opacity of the fill alone, 0 to 1.
    public var fillOpacity: Double?
    /// Opacity of the stroke alone, 0 to 1.
    public var strokeOpacity: Double?
    /// Opacity of the whole element, 0 to 1.
    public var opacity: Double?

    /// Creates a style; fields left nil are inherited.
    public init(
        fill: String? = nil, stroke: String? = nil, strokeWidth: Double? = nil, dash: String? = nil,
        fillOpacity: Double? = nil, strokeOpacity: Double? = nil, opacity: Double? = nil
    ) {
        self.fill = fill
        self.stroke = stroke
        self.strokeWidth = strokeWidth
        self.dash = dash
        self.fillOpacity = fillOpacity
        self.strokeOpacity = strokeOpacity
        self.opacity = opacity
    }

    /// A stroke with no fill.
    public static func stroke(_ color: String, width: Double = 1, dash: String? = nil) -> SVGStyle {
        SVGStyle(fill: "none", stroke: color, strokeWidth: width, dash: dash)
    }

    /// A fill with no stroke.
    public static func fill(_ color: String, opacity: Double? = nil) -> SVGStyle {
        SVGStyle(fill: color, fillOpacity: opacity)
    }

    /// Writes the style's attributes onto `element`.
    func apply(to element: inout SVGElement) {
        element.set("fill", fill)
        element.set("stroke", stroke)
        element.set("stroke-width", strokeWidth, fractionDigits: 2)
        element.set("stroke-dasharray", dash)
        element.set("fill-opacity", fillOpacity, fractionDigits: 2)
        element.set("stroke-opacity", strokeOpacity, fractionDigits: 2)
        element.set("opacity", opacity, fractionDigits: 2)
    }
}

/// How an SVG `<text>` is set.
public struct SVGTextStyle: Sendable, Equatable {
    /// Horizontal placement of the text relative to its x coordinate.
    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    /// Vertical placement of the text relative to its y coordinate.
    public enum VerticalAlignment: Sendable {
        /// y is the baseline.
        case baseline
        /// y is the middle of lower-case letters.
        case middle
        /// y is the top of capital letters.
        case top
    }

    /// Font size in pixels.
    public var size: Double
    /// Horizontal placement relative to the x coordinate.
    public var anchor: Anchor
    /// Vertical placement relative to the y coordinate.
    public var vertical: VerticalAlignment
    /// Whether the text is set in bold.
    public var bold: Bool
    /// Text color.
    public var fill: String?
    /// Rotation in degrees (clockwise) about the text's own (x, y).
    public var rotation: Double

    /// Creates a text style; the defaults are 12 px, start-anchored on the baseline, upright.
    public init(
        size: Double = 12, anchor: Anchor = .start, vertical: VerticalAlignment = .baseline, bold: Bool = false,
        fill: String? = nil, rotation: Double = 0
    ) {
        self.size = size
        self.anchor = anchor
        self.vertical = vertical
        self.bold = bold
        self.fill = fill
        self.rotation = rotation
    }

    /// The baseline shift that realises `vertical`, in pixels; a numeric `dy` renders the same in
    /// every SVG viewer, unlike `dominant-baseline`.
    var baselineShift: Double {
        switch vertical {
        case .baseline: return 0
        case .middle: return size * 0.35
        case .top: return size * 0.75
        }
    }
}
