import LatKitPluginKit

/// Reads OFA's lookup-table YAML (`<resolution>_lookup_table.yaml`, as OFA and ProxylessNAS
/// publish them): a top-level mapping from operator key to a mapping of `count`, `mean` and `std`
/// (ProxylessNAS's `mobile_trim.yaml` writes `var` instead of `std`):
///
/// ```yaml
/// Conv-input:224x224x3-output:112x112x24:
///   count: 500
///   mean: 0.994418
///   std: 0.01726798413249215
/// ```
///
/// This is a reader for exactly that shape, not general YAML. It accepts: any consistent
/// indentation of the keys and of their fields; plain, 'single' or "double" quoted keys and values;
/// keys containing ':' (a key ends at the first ': ' or at a ':' that ends the line); comments;
/// blank lines, CRLF line ends and `---`/`...` document markers; fields in any order; and a flow
/// mapping on one line (`key: {count: 1, mean: 0.5, std: 0.1}`). `mean` is required; a missing
/// `std`/`var` reads as 0, a missing `count` as 0. Anything else (an unknown field, a scalar where
/// the fields belong, a tab in the indentation, a duplicate key or field, a value that is not a
/// finite number) is an error naming the file, the line and what was expected.
enum LookupTableYAML {
    static let fields = ["count", "mean", "std", "var"]

    /// Parses `text`, adding its entries to sub-table `name` of `table`; `source` names the file in errors.
    static func parse(_ text: String, source: String, table name: String, into table: inout LookupTable) throws {
        var current: (key: String, line: Int, fields: [String: Double], indent: Int?)?
        var topIndent: Int?
        func finishEntry() throws {
            guard let entry = current else { return }
            guard let mean = entry.fields["mean"] else {
                throw PluginError.invalid("\(source):\(entry.line): key '\(entry.key)' has no 'mean'")
            }
            let std = entry.fields["std"] ?? entry.fields["var"].map { $0.squareRoot() } ?? 0
            try table.add(
                entry.key, LookupEntry(mean: mean, std: std, samples: entry.fields["count"] ?? 0), table: name,
                source: "\(source):\(entry.line)")
            current = nil
        }

        // Lines end at LF, CR or CRLF (Swift reads "\r\n" as one character).
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            var line = Substring(withoutComment(rawLine))
            while let last = line.last, last == " " || last == "\r" || last == "\t" { line = line.dropLast() }
            let indent = line.prefix(while: { $0 == " " }).count
            let content = line.dropFirst(indent)
            if content.isEmpty || (indent == 0 && (content == "---" || content == "..." || content.hasPrefix("%"))) { continue }
            if content.first == "\t" { throw PluginError.invalid("\(source):\(number): tabs are not allowed in YAML indentation") }
            let top = topIndent ?? indent
            topIndent = top
            let (name, rest) = try splitMapping(content, at: "\(source):\(number)")
            if indent == top {
                try finishEntry()
                current = (name, number, [:], nil)
                if !rest.isEmpty {
                    guard rest.first == "{", rest.last == "}" else {
                        throw PluginError.invalid(
                            "\(source):\(number): key '\(name)' must map to count/mean/std fields, found the value '\(rest)'")
                    }
                    for part in rest.dropFirst().dropLast().split(separator: ",") {
                        let (field, value) = try splitMapping(part.drop(while: { $0 == " " }), at: "\(source):\(number)")
                        try setField(field, value, in: &current!.fields, at: "\(source):\(number)")
                    }
                }
            } else if indent > top {
                guard current != nil else { throw PluginError.invalid("\(source):\(number): a field before any key") }
                if let expected = current!.indent, expected != indent {
                    throw PluginError.invalid(
                        "\(source):\(number): field '\(name)' is indented by \(indent) spaces, the fields before it by \(expected)")
                }
                current!.indent = indent
                try setField(name, rest, in: &current!.fields, at: "\(source):\(number)")
            } else {
                throw PluginError.invalid("\(source):\(number): indented less (\(indent)) than the first key (\(top))")
            }
        }
        try finishEntry()
    }

    private static func setField(_ name: String, _ text: String, in fields: inout [String: Double], at place: String) throws {
        guard Self.fields.contains(name) else {
            throw PluginError.invalid("\(place): unknown field '\(name)' (expected \(Self.fields.joined(separator: ", ")))")
        }
        guard fields[name] == nil else { throw PluginError.invalid("\(place): field '\(name)' given twice") }
        let value = try unquote(Substring(text), at: place).value
        guard let number = LookupNumber.parse(value) else {
            throw PluginError.invalid("\(place): field '\(name)' must be a finite number, got '\(value)'")
        }
        fields[name] = number
    }

    /// Splits `name: rest` at the mapping indicator (the first ': ' or a final ':'), unquoting the name.
    private static func splitMapping(_ content: Substring, at place: String) throws -> (String, String) {
        if content.first == "'" || content.first == "\"" {
            let (name, after) = try unquote(content, at: place)
            let rest = after.drop(while: { $0 == " " })
            guard rest.first == ":" else { throw PluginError.invalid("\(place): expected ':' after the quoted key \(content.prefix(40))") }
            return (name, String(rest.dropFirst().drop(while: { $0 == " " })))
        }
        var index = content.startIndex
        while index < content.endIndex {
            if content[index] == ":" {
                let next = content.index(after: index)
                if next == content.endIndex || content[next] == " " {
                    let name = String(content[..<index])
                    return (name, String(content[next...].drop(while: { $0 == " " })))
                }
            }
            index = content.index(after: index)
        }
        throw PluginError.invalid("\(place): expected 'key:' or 'field: value', found '\(content.prefix(80))'")
    }

    /// Reads a plain or quoted scalar at the start of `text`; returns it and what follows it.
    private static func unquote(_ text: Substring, at place: String) throws -> (value: String, after: Substring) {
        guard let quote = text.first, quote == "'" || quote == "\"" else {
            return (String(text).trimmingBlanks(), "")
        }
        var value = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == quote {
                if quote == "'", next < text.endIndex, text[next] == "'" {  // '' is a quote in single quotes
                    value.append("'")
                    index = text.index(after: next)
                    continue
                }
                return (value, text[next...])
            }
            if quote == "\"", character == "\\", next < text.endIndex {
                let escaped = text[next]
                value.append(escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped)
                index = text.index(after: next)
                continue
            }
            value.append(character)
            index = next
        }
        throw PluginError.invalid("\(place): unterminated quoted scalar \(text.prefix(40))")
    }

    /// The line without a comment: '#' at its start or after a space, outside quotes.
    private static func withoutComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                if previous == " " || previous == ":" || previous == "{" || previous == "," { quote = character }
            } else if character == "#", previous == " " || previous == "\t" {
                return line[..<index]
            }
            previous = character
        }
        return line
    }
}
