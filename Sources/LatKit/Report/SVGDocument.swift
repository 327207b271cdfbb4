/// A point in SVG pixel coordinates (y grows downward).
public struct SVGPoint: Sendable, Equatable {
    /// Horizontal pixel, from the left edge.
    public var x: Double
    /// Vertical pixel, from the top edge.
    public var y: Double

    /// Creates a point at (x, y) pixels.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A minimal SVG builder: shapes and text are appended in drawing order, then rendered either as a
/// standalone `.svg` file or as an `<svg>` element to inline in HTML.
///
/// Coordinates are written rounded to 0.1 px (see ``SVGNumber``), which keeps charts of thousands of
/// points small without visible loss. All text and attribute values are escaped on output.
public struct SVGDocument: Sendable, Equatable {
    /// Width in pixels (also the view box width).
    public let width: Double
    /// Height in pixels (also the view box height).
    public let height: Double
    /// Accessible title, written as the first `<title>` child.
    public var title: String?
    /// The top-level elements in drawing order.
    public private(set) var elements: [SVGElement] = []

    /// Creates an empty drawing of `width` x `height` pixels.
    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// Appends any element.
    public mutating func add(_ element: SVGElement) {
        elements.append(element)
    }

    /// Appends a rectangle with top-left corner (x, y); negative sizes are clamped to zero.
    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, style: SVGStyle = SVGStyle(), tooltip: String? = nil
    ) {
        var element = SVGElement("rect")
        element.set("x", x)
        element.set("y", y)
        element.set("width", max(0, width))
        element.set("height", max(0, height))
        append(element, style: style, tooltip: tooltip)
    }

    /// Appends a straight line from (x1, y1) to (x2, y2).
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, style: SVGStyle = SVGStyle()) {
        var element = SVGElement("line")
        element.set("x1", x1)
        element.set("y1", y1)
        element.set("x2", x2)
        element.set("y2", y2)
        append(element, style: style, tooltip: nil)
    }

    /// Appends an open polyline through `points`; points with a non-finite coordinate are skipped.
    public mutating func polyline(_ points: [SVGPoint], style: SVGStyle = SVGStyle(), tooltip: String? = nil) {
        var element = SVGElement("polyline")
        var text = ""
        for point in points where point.x.isFinite && point.y.isFinite {
            if !text.isEmpty { text += " " }
            text += SVGNumber.format(point.x) + "," + SVGNumber.format(point.y)
        }
        element.set("points", text)
        append(element, style: style, tooltip: tooltip)
    }

    /// Appends a circle of radius `r` centred on (cx, cy).
    public mutating func circle(cx: Double, cy: Double, r: Double, style: SVGStyle = SVGStyle(), tooltip: String? = nil) {
        var element = SVGElement("circle")
        element.set("cx", cx)
        element.set("cy", cy)
        element.set("r", r)
        append(element, style: style, tooltip: tooltip)
    }

    /// Appends `content` as text placed at (x, y) according to `style`.
    public mutating func text(_ content: String, x: Double, y: Double, style: SVGTextStyle = SVGTextStyle()) {
        var element = SVGElement("text", text: content)
        element.set("x", x)
        element.set("y", y)
        if style.baselineShift != 0 { element.set("dy", style.baselineShift) }
        element.set("font-size", style.size)
        if style.anchor != .start { element.set("text-anchor", style.anchor.rawValue) }
        if style.bold { element.set("font-weight", "bold") }
        element.set("fill", style.fill)
        if style.rotation != 0 {
            element.set(
                "transform",
                "rotate(\(SVGNumber.format(style.rotation)) \(SVGNumber.format(x)) \(SVGNumber.format(y)))")
        }
        elements.append(element)
    }

    /// Appends a `<g>` group holding what `build` draws; the group's style is inherited by its
    /// children, and its tooltip applies to all of them.
    public mutating func group(
        style: SVGStyle = SVGStyle(), cssClass: String? = nil, transform: String? = nil, tooltip: String? = nil,
        _ build: (inout SVGDocument) -> Void
    ) {
        var inner = SVGDocument(width: width, height: height)
        build(&inner)
        var element = SVGElement("g", children: inner.elements)
        element.set("class", cssClass)
        element.set("transform", transform)
        append(element, style: style, tooltip: tooltip)
    }

    /// The document as SVG text. `standalone` writes an XML declaration and the SVG namespace, as
    /// an `.svg` file needs; without it the `<svg>` element is ready to inline in HTML5, which
    /// needs neither (and so the output holds no URL at all).
    public func render(standalone: Bool = true) -> String {
        var root = SVGElement("svg")
        if standalone { root.set("xmlns", "http://www.w3.org/2000/svg") }
        root.set("width", width)
        root.set("height", height)
        root.set("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))")
        root.set("font-family", "Helvetica, Arial, sans-serif")
        if let title {
            root.set("role", "img")
            root.set("aria-label", title)
            root.children.append(.tooltip(title))
        }
        root.children += elements
        var output = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        output.reserveCapacity(elements.count * 48 + 256)
        root.write(to: &output)
        if standalone { output += "\n" }
        return output
    }

    private mutating func append(_ element: SVGElement, style: SVGStyle, tooltip: String?) {
        var element = element
        style.apply(to: &element)
        if let tooltip { element.children.insert(.tooltip(tooltip), at: 0) }
        elements.append(element)
    }
}
