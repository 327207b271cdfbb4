/// One SVG element: its name, its attributes in the order they are written, its children, and
/// optional text content. Attribute values and text are escaped when rendered, never before.
public struct SVGElement: Sendable, Equatable {
    /// One `name="value"` attribute; the value is stored unescaped.
    public struct Attribute: Sendable, Equatable {
        /// The attribute name, such as `fill`.
        public var name: String
        /// The value, unescaped.
        public var value: String

        /// Creates the attribute `name="value"`.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The element name, such as `rect` or `g`.
    public var name: String
    /// Attributes in writing order.
    public var attributes: [Attribute]
    /// Child elements, written after `text`.
    public var children: [SVGElement]
    /// Text content (escaped when written).
    public var text: String?

    /// Creates an element named `name`, such as `rect`.
    public init(_ name: String, attributes: [Attribute] = [], children: [SVGElement] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// Appends the attribute `name` with `value`, if `value` is not nil.
    public mutating func set(_ name: String, _ value: String?) {
        if let value { attributes.append(Attribute(name, value)) }
    }

    /// Appends the numeric attribute `name`, compactly formatted (see ``SVGNumber``).
    public mutating func set(_ name: String, _ value: Double?, fractionDigits: Int = 1) {
        if let value { attributes.append(Attribute(name, SVGNumber.format(value, fractionDigits: fractionDigits))) }
    }

    /// A `<title>` child: shown by browsers as a tooltip on the parent element.
    public static func tooltip(_ text: String) -> SVGElement {
        SVGElement("title", text: text)
    }

    /// Writes the element and its children as XML to `output`.
    public func write(to output: inout String) {
        output += "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + XMLEscaping.escape(attribute.value) + "\""
        }
        if text == nil && children.isEmpty {
            output += "/>"
            return
        }
        output += ">"
        if let text { output += XMLEscaping.escape(text) }
        for child in children { child.write(to: &output) }
        output += "</" + name + ">"
    }
}
