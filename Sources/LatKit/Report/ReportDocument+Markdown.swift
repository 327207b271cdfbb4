import Foundation

/// A report rendered to Markdown: the text, and the chart files it references.
public struct MarkdownReport: Sendable {
    /// The Markdown text.
    public var text: String
    /// Each referenced chart: its path relative to the Markdown file, and its standalone SVG text.
    public var figures: [(path: String, svg: String)]
}

extension ReportDocument {
    /// The report as GitHub-flavoured Markdown.
    ///
    /// Charts cannot be inlined in Markdown, so with a `figureFolder` each chart is referenced as
    /// `![caption](<figureFolder>/<stem>.svg)` and returned in ``MarkdownReport/figures`` to be written
    /// next to the Markdown file; with `figureFolder` nil each chart is replaced by a note pointing
    /// to the HTML report. Tables are padded so that their columns line up in plain text too.
    public func markdown(figureFolder: String? = "figures") -> MarkdownReport {
        var renderer = MarkdownRenderer(figureFolder: figureFolder, stems: figuresWithFileStems().map(\.stem))
        var parts = ["# " + InlineText.markdown(title, inTable: true)]
        if let subtitle { parts.append("*" + InlineText.markdown(subtitle) + "*") }
        parts += renderer.render(blocks, level: 2)
        return MarkdownReport(text: parts.joined(separator: "\n\n") + "\n", figures: renderer.figures)
    }
}

/// Renders blocks to Markdown; figures are numbered and named in document order.
private struct MarkdownRenderer {
    let figureFolder: String?
    let stems: [String]
    var figures: [(path: String, svg: String)] = []
    var figureCount = 0

    init(figureFolder: String?, stems: [String]) {
        self.figureFolder = figureFolder.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.stems = stems
    }

    mutating func render(_ blocks: [ReportBlock], level: Int) -> [String] {
        blocks.flatMap { render($0, level: level) }
    }

    mutating func render(_ block: ReportBlock, level: Int) -> [String] {
        switch block {
        case .paragraph(let text):
            return [InlineText.markdown(text)]
        case .bullets(let items):
            return [items.map { "- " + InlineText.markdown($0).replacingOccurrences(of: "\\\n", with: "\\\n  ") }.joined(separator: "\n")]
        case .code(let text):
            var longest = 0
            var run = 0
            for character in text {
                run = character == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
            let fence = String(repeating: "`", count: max(3, longest + 1))
            return [fence + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence]
        case .table(let table):
            return (table.caption.map { ["*" + InlineText.markdown($0, inTable: true) + "*"] } ?? []) + [Self.table(table)]
        case .figure(let figure):
            return [self.figure(figure)]
        case .callout(let callout):
            let body = InlineText.markdown(callout.text)
            return ["> **\(callout.kind.label):** " + body.replacingOccurrences(of: "\\\n", with: "\\\n> ")]
        case .section(let section):
            let heading = String(repeating: "#", count: min(6, level)) + " " + InlineText.markdown(section.heading, inTable: true)
            return [heading] + render(section.blocks, level: level + 1)
        }
    }

    private mutating func figure(_ figure: ReportFigure) -> String {
        let stem = figureCount < stems.count ? stems[figureCount] : ReportFigure.safeStem(figure.name)
        figureCount += 1
        let caption = figure.caption ?? figure.svg.title ?? figure.name
        let label = "Figure \(figureCount): " + caption
        guard let folder = figureFolder else {
            return "*(\(InlineText.markdown(label, inTable: true)) — chart not included in the Markdown; see the HTML report.)*"
        }
        let path = (folder.isEmpty ? "" : folder + "/") + stem + ".svg"
        figures.append((path, figure.svg.render(standalone: true)))
        return "![\(InlineText.markdown(caption, inTable: true))](\(path))\n\n*\(InlineText.markdown(label, inTable: true))*"
    }

    /// A pipe table whose cells are padded so that the pipes line up.
    static func table(_ table: ReportTable) -> String {
        let alignments = table.alignments
        let header = table.columns.map { InlineText.markdown($0.title, inTable: true) }
        let body = table.formattedRows.map { $0.map { InlineText.markdown($0, inTable: true) } }
        let padded = ColumnAlignment.padded(
            [header] + body, alignments: alignments, minimumWidths: alignments.map { $0 == .center ? 5 : 4 })
        let widths = padded.first?.map(\.count) ?? []
        let rule = zip(alignments, widths).map { alignment, width -> String in
            switch alignment {
            case .left: return ":" + String(repeating: "-", count: width - 1)
            case .right: return String(repeating: "-", count: width - 1) + ":"
            case .center: return ":" + String(repeating: "-", count: width - 2) + ":"
            }
        }
        let lines = [padded[0], rule] + padded.dropFirst()
        return lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }
}
