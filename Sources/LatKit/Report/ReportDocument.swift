/// A report: a title and a sequence of blocks (paragraphs, lists, tables, figures, notes and
/// headed sections), rendered to Markdown (``markdown(figureFolder:)``) and to one self-contained
/// HTML file (``html()``); ``write(to:baseName:figureFolder:)`` writes both.
///
/// Text in paragraphs, lists, notes and table cells is plain text, escaped for each output; the only
/// markup is `backticks` around inline code.
public struct ReportDocument: ReportContainer, Sendable {
    /// The report's title, its top heading.
    public var title: String
    /// A line under the title, such as when and how the report was made.
    public var subtitle: String?
    /// The content, in order.
    public var blocks: [ReportBlock]

    /// Creates a report; blocks can also be added later with the builder methods.
    public init(title: String, subtitle: String? = nil, blocks: [ReportBlock] = []) {
        self.title = title
        self.subtitle = subtitle
        self.blocks = blocks
    }

    /// Every figure in document order, each with a file stem unique in the document (its name made
    /// safe for a file name, with `-2`, `-3`, ... added to repeats).
    public func figuresWithFileStems() -> [(figure: ReportFigure, stem: String)] {
        var used = Set<String>()
        var result: [(ReportFigure, String)] = []
        func visit(_ blocks: [ReportBlock]) {
            for block in blocks {
                switch block {
                case .figure(let figure):
                    let base = ReportFigure.safeStem(figure.name)
                    var stem = base
                    var counter = 2
                    while used.contains(stem) {
                        stem = "\(base)-\(counter)"
                        counter += 1
                    }
                    used.insert(stem)
                    result.append((figure, stem))
                case .section(let section): visit(section.blocks)
                default: break
                }
            }
        }
        visit(blocks)
        return result
    }
}

/// A headed part of a report; sections nest (a section inside a section is a sub-heading).
public struct ReportSection: ReportContainer, Sendable {
    /// The section's heading text.
    public var heading: String
    /// The section's content, in order.
    public var blocks: [ReportBlock]

    /// Creates a section headed `heading`.
    public init(heading: String, blocks: [ReportBlock] = []) {
        self.heading = heading
        self.blocks = blocks
    }
}

/// One block of a report.
public indirect enum ReportBlock: Sendable {
    case paragraph(String)
    /// A bulleted list, one item a string.
    case bullets([String])
    /// Preformatted text, such as a command line.
    case code(String)
    case table(ReportTable)
    case figure(ReportFigure)
    case callout(ReportCallout)
    case section(ReportSection)
}

/// A boxed remark: a note, or a warning the reader must not miss.
public struct ReportCallout: Sendable, Equatable {
    /// Whether a callout is a note or a warning.
    public enum Kind: String, Sendable {
        case note, warning

        /// The label printed before the text.
        public var label: String { self == .note ? "Note" : "Warning" }
    }

    /// Note or warning.
    public var kind: Kind
    /// The remark, as plain text.
    public var text: String

    /// Creates a callout of `kind` with `text`.
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A chart in a report: inline SVG in HTML, a separate `.svg` file referenced from Markdown.
public struct ReportFigure: Sendable {
    /// The figure's name; its file stem (made safe) in Markdown output.
    public var name: String
    /// Caption under the figure.
    public var caption: String?
    /// The drawn chart.
    public var svg: SVGDocument

    /// Creates a figure named `name` showing `svg`.
    public init(name: String, caption: String? = nil, svg: SVGDocument) {
        self.name = name
        self.caption = caption
        self.svg = svg
    }

    /// `name` reduced to lower-case letters, digits, `-` and `_` (other runs become one `-`).
    static func safeStem(_ name: String) -> String {
        var stem = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber || character == "_") {
                stem.append(character)
            } else if !stem.hasSuffix("-") {
                stem.append("-")
            }
        }
        let trimmed = stem.trimmingDashes()
        return trimmed.isEmpty ? "figure" : trimmed
    }
}

/// Something blocks can be added to: a document or a section. The builder methods append in order.
public protocol ReportContainer {
    var blocks: [ReportBlock] { get set }
}

extension ReportContainer {
    /// Appends a paragraph of plain text.
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    /// Appends a bulleted list, one item a string.
    public mutating func bullets(_ items: [String]) { blocks.append(.bullets(items)) }
    /// Appends preformatted text, such as a command line.
    public mutating func code(_ text: String) { blocks.append(.code(text)) }
    /// Appends a table.
    public mutating func table(_ table: ReportTable) { blocks.append(.table(table)) }
    /// Appends a note callout.
    public mutating func note(_ text: String) { blocks.append(.callout(ReportCallout(.note, text))) }
    /// Appends a warning callout.
    public mutating func warning(_ text: String) { blocks.append(.callout(ReportCallout(.warning, text))) }
    /// Appends a figure.
    public mutating func figure(_ figure: ReportFigure) { blocks.append(.figure(figure)) }

    /// Adds `chart` drawn as a figure named `name` (its file stem in Markdown output).
    public mutating func chart(_ chart: some ReportChart, name: String, caption: String? = nil) {
        blocks.append(.figure(ReportFigure(name: name, caption: caption, svg: chart.render())))
    }

    /// Adds a section headed `heading` holding what `build` adds.
    public mutating func section(_ heading: String, _ build: (inout ReportSection) -> Void) {
        var section = ReportSection(heading: heading)
        build(&section)
        blocks.append(.section(section))
    }
}

extension String {
    fileprivate func trimmingDashes() -> String {
        var text = Substring(self)
        while text.hasPrefix("-") { text = text.dropFirst() }
        while text.hasSuffix("-") { text = text.dropLast() }
        return String(text)
    }
}
