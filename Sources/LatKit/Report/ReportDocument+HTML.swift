import Foundation

extension ReportDocument {
    /// The report as one self-contained HTML5 file: inline CSS, charts as inline SVG, and no
    /// reference to any other file or network resource (no scripts, links, images or fonts), so it
    /// can be mailed, archived or printed as it is. A print style keeps figures, tables and notes
    /// from breaking across pages.
    public func html() -> String {
        var renderer = HTMLRenderer()
        var body = "<h1>" + InlineText.html(title) + "</h1>\n"
        if let subtitle { body += "<p class=\"subtitle\">" + InlineText.html(subtitle) + "</p>\n" }
        renderer.render(blocks, level: 2, into: &body)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="latkit \(LatKitVersion.host)">
            <title>\(XMLEscaping.escape(title))</title>
            <style>
            \(Self.stylesheet)</style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// Writes `<baseName>.md` with its charts under `figureFolder` (see ``markdown(figureFolder:)``)
    /// and `<baseName>.html` into `directory`, creating folders as needed. Returns the files written.
    @discardableResult
    public func write(to directory: URL, baseName: String = "report", figureFolder: String? = "figures") throws -> [URL] {
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        let markdown = markdown(figureFolder: figureFolder)
        var written: [URL] = []
        for figure in markdown.figures {
            let url = directory.appendingPathComponent(figure.path)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(figure.svg.utf8).write(to: url, options: .atomic)
            written.append(url)
        }
        let markdownURL = directory.appendingPathComponent(baseName + ".md")
        try Data(markdown.text.utf8).write(to: markdownURL, options: .atomic)
        let htmlURL = directory.appendingPathComponent(baseName + ".html")
        try Data(html().utf8).write(to: htmlURL, options: .atomic)
        return [markdownURL, htmlURL] + written
    }

    static let stylesheet = """
        body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; background: #fff; margin: 0; }
        main { max-width: 980px; margin: 2rem auto; padding: 0 1.2rem; }
        h1 { font-size: 1.75rem; margin: 0 0 .3rem; padding-bottom: .3rem; border-bottom: 2px solid #ddd; }
        h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #e6e6e6; }
        h3 { font-size: 1.12rem; margin: 1.6rem 0 .5rem; }
        h4, h5, h6 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        .subtitle { color: #666; margin-top: 0; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; }
        code { background: #f3f3f3; padding: .05em .3em; border-radius: 3px; }
        pre { background: #f6f6f6; border: 1px solid #e4e4e4; padding: .7rem .9rem; overflow-x: auto; border-radius: 4px; }
        pre code { background: none; padding: 0; }
        .table-wrap { overflow-x: auto; margin: 1rem 0; }
        table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; text-align: left; color: #555; font-style: italic; padding-bottom: .3rem; }
        th, td { padding: .3rem .65rem; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
        th { background: #f4f4f4; border-bottom: 2px solid #bbb; font-weight: 600; }
        tbody tr:nth-child(even) td { background: #fafafa; }
        .left { text-align: left; } .right { text-align: right; } .center { text-align: center; }
        figure { margin: 1.5rem 0; }
        figure svg { display: block; max-width: 100%; height: auto; }
        figcaption { color: #555; font-size: .9rem; margin-top: .4rem; }
        .callout { border-left: 4px solid; border-radius: 3px; padding: .55rem .9rem; margin: 1rem 0; }
        .callout .label { font-weight: 600; }
        .note { border-color: #0072B2; background: #eef5fb; }
        .warning { border-color: #D55E00; background: #fdf0e8; }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; margin: 0; padding: 0; }
          h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
          figure, table, pre, .callout { break-inside: avoid; page-break-inside: avoid; }
          .table-wrap { overflow: visible; }
          .callout, th, tbody tr:nth-child(even) td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}

/// Renders blocks to HTML; figures are numbered in document order.
private struct HTMLRenderer {
    var figureCount = 0

    mutating func render(_ blocks: [ReportBlock], level: Int, into html: inout String) {
        for block in blocks { render(block, level: level, into: &html) }
    }

    mutating func render(_ block: ReportBlock, level: Int, into html: inout String) {
        switch block {
        case .paragraph(let text):
            html += "<p>" + InlineText.html(text) + "</p>\n"
        case .bullets(let items):
            html += "<ul>\n" + items.map { "<li>" + InlineText.html($0) + "</li>\n" }.joined() + "</ul>\n"
        case .code(let text):
            html += "<pre><code>" + XMLEscaping.escape(text) + "</code></pre>\n"
        case .table(let table):
            Self.table(table, into: &html)
        case .figure(let figure):
            figureCount += 1
            html += "<figure>\n" + figure.svg.render(standalone: false) + "\n"
            let caption = figure.caption ?? figure.svg.title ?? figure.name
            html += "<figcaption>Figure \(figureCount): " + InlineText.html(caption) + "</figcaption>\n</figure>\n"
        case .callout(let callout):
            html += "<div class=\"callout \(callout.kind.rawValue)\"><span class=\"label\">\(callout.kind.label):</span> "
            html += InlineText.html(callout.text) + "</div>\n"
        case .section(let section):
            let tag = "h\(min(6, level))"
            html += "<section>\n<\(tag)>" + InlineText.html(section.heading) + "</\(tag)>\n"
            render(section.blocks, level: level + 1, into: &html)
            html += "</section>\n"
        }
    }

    static func table(_ table: ReportTable, into html: inout String) {
        let alignments = table.alignments
        html += "<div class=\"table-wrap\"><table>\n"
        if let caption = table.caption { html += "<caption>" + InlineText.html(caption) + "</caption>\n" }
        html += "<thead><tr>"
        for (column, alignment) in zip(table.columns, alignments) {
            html += "<th class=\"\(alignment.rawValue)\">" + InlineText.html(column.title) + "</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.formattedRows {
            html += "<tr>"
            for (cell, alignment) in zip(row, alignments) {
                html += "<td class=\"\(alignment.rawValue)\">" + InlineText.html(cell) + "</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
    }
}
