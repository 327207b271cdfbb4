/// The inline text of report blocks: plain text with `backtick` code spans, escaped for Markdown
/// or HTML so that it reads back as exactly what was written.
enum InlineText {
    enum Segment: Equatable {
        case text(String)
        case code(String)
    }

    /// `text` split into plain runs and code spans; a backtick without a partner is plain text.
    static func segments(_ text: String) -> [Segment] {
        var segments: [Segment] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "`"), close > afterOpen else { break }
            if open > rest.startIndex { segments.append(.text(String(rest[..<open]))) }
            segments.append(.code(String(rest[afterOpen..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        return segments
    }

    /// `text` as HTML: escaped, code spans in `<code>`, line breaks as `<br>`.
    static func html(_ text: String) -> String {
        segments(text).map { segment in
            switch segment {
            case .text(let run): return XMLEscaping.escape(run).replacingOccurrences(of: "\n", with: "<br>")
            case .code(let run): return "<code>" + XMLEscaping.escape(run) + "</code>"
            }
        }.joined()
    }

    /// `text` as Markdown that renders as the same text. In a table cell (`inTable`) pipes are
    /// escaped and line breaks become spaces; elsewhere line breaks are hard breaks and a line that
    /// would start a heading, quote or list is escaped.
    static func markdown(_ text: String, inTable: Bool = false) -> String {
        var output = ""
        for segment in segments(text) {
            switch segment {
            case .code(let run):
                let body = inTable ? run.replacingOccurrences(of: "|", with: "\\|") : run
                output += "`" + body.replacingOccurrences(of: "\n", with: " ") + "`"
            case .text(let run):
                output += escapeRun(run, inTable: inTable)
            }
        }
        if inTable { return output }
        return output.split(separator: "\n", omittingEmptySubsequences: false).map { escapeLineStart(String($0)) }
            .joined(separator: "\\\n")
    }

    private static func escapeRun(_ run: String, inTable: Bool) -> String {
        let characters = Array(run)
        var output = ""
        for (index, character) in characters.enumerated() {
            switch character {
            case "\\", "*", "[", "]", "<", ">", "`", "~":
                output += "\\" + String(character)
            case "|" where inTable:
                output += "\\|"
            case "\n" where inTable:
                output += " "
            case "_":
                let before = index > 0 && (characters[index - 1].isLetter || characters[index - 1].isNumber)
                let after = index + 1 < characters.count && (characters[index + 1].isLetter || characters[index + 1].isNumber)
                output += before && after ? "_" : "\\_"
            default:
                output.append(character)
            }
        }
        return output
    }

    /// A backslash before a line-start `#`, `-`, `+`, `=` or the `.`/`)` of a leading number.
    private static func escapeLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "#-+=".contains(first) { return "\\" + line }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let next = line.dropFirst(digits.count).first, next == "." || next == ")" {
            return digits + "\\" + line.dropFirst(digits.count)
        }
        return line
    }
}
