import Foundation

/// A CSV file held in memory: its bytes plus the position of every field, so that a file of many
/// megabytes is read in one pass over UTF-8 bytes and a field only becomes a `String` (or a
/// `Double`) when asked for.
///
/// Format (RFC 4180): comma separated; the header is line 1 and names every column (names must be
/// distinct); fields may be quoted with `"`, a quoted field may hold commas, line breaks and doubled
/// quotes (`""` = one `"`); lines end in LF or CRLF. Every row must have as many fields as the
/// header. A UTF-8 byte-order mark is skipped; empty lines (for example a final blank line) are
/// ignored. A quote inside an unquoted field, or text after a closing quote, is an error.
/// Every problem is a `DataError` of the form `file:line: message`; rows keep the 1-based line
/// on which they start.
public struct CSVTable: Sendable {
    /// Where the text came from, used in error messages.
    public let source: String
    /// The column names, in file order.
    public let header: [String]
    /// Number of data rows (the header not counted).
    public let rowCount: Int

    private let bytes: [UInt8]
    /// Field `row * columnCount + column` spans `starts[i]..<ends[i]` of `bytes` (inside the quotes
    /// for a quoted field).
    private let starts: [Int]
    private let ends: [Int]
    /// Fields whose text holds doubled quotes that must be undoubled.
    private let escaped: Set<Int>
    private let lines: [Int]
    private let headerIndex: [String: Int]

    /// Number of columns.
    public var columnCount: Int { header.count }

    /// Reads and parses a file.
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw DataError(file: path, line: nil, reason)
        }
        return try CSVTable(bytes: [UInt8](data), source: path)
    }

    /// Parses CSV text.
    public init(text: String, source: String = "<text>") throws {
        try self.init(bytes: Array(text.utf8), source: source)
    }

    /// Parses CSV bytes (UTF-8).
    public init(bytes: [UInt8], source: String) throws {
        let parsed = try CSVParser.parse(bytes, source: source)
        guard let headerRow = parsed.rows.first else { throw DataError(file: source, line: nil, "empty file: no header line") }
        let width = headerRow.count
        let header = (0..<width).map { CSVTable.decode(bytes, parsed.starts[$0], parsed.ends[$0], parsed.escaped.contains($0)) }
        var headerIndex: [String: Int] = [:]
        for (column, name) in header.enumerated() {
            if let first = headerIndex[name] {
                throw DataError(
                    file: source, line: headerRow.line,
                    "duplicate column name '\(name)' (columns \(first + 1) and \(column + 1)); every column needs a distinct name")
            }
            headerIndex[name] = column
        }
        for row in parsed.rows.dropFirst() where row.count != width {
            throw DataError(
                file: source, line: row.line, "expected \(width) fields (as in the header on line \(headerRow.line)), found \(row.count)")
        }
        self.source = source
        self.bytes = bytes
        self.header = header
        self.headerIndex = headerIndex
        self.rowCount = parsed.rows.count - 1
        self.starts = Array(parsed.starts.dropFirst(width))
        self.ends = Array(parsed.ends.dropFirst(width))
        self.escaped = Set(parsed.escaped.filter { $0 >= width }.map { $0 - width })
        self.lines = parsed.rows.dropFirst().map(\.line)
    }

    /// The index of the column called `name`, nil if there is none.
    public func columnIndex(_ name: String) -> Int? { headerIndex[name] }

    /// The index of the column called `name`; the error lists the columns that exist.
    public func requireColumn(_ name: String, purpose: String? = nil) throws -> Int {
        if let index = headerIndex[name] { return index }
        let role = purpose.map { " (\($0))" } ?? ""
        throw DataError(
            file: source, line: 1, "no column '\(name)'\(role); available columns: \(header.joined(separator: ", "))")
    }

    /// The 1-based line on which data row `row` (0-based) starts.
    public func line(ofRow row: Int) -> Int { lines[row] }

    /// The text of one field.
    public func string(row: Int, column: Int) -> String {
        let index = row * header.count + column
        return CSVTable.decode(bytes, starts[index], ends[index], !escaped.isEmpty && escaped.contains(index))
    }

    /// Every field of one column, top to bottom.
    public func column(_ column: Int) -> [String] { (0..<rowCount).map { string(row: $0, column: column) } }

    /// Whether the field is empty.
    public func isEmpty(row: Int, column: Int) -> Bool {
        let index = row * header.count + column
        return starts[index] == ends[index]
    }

    /// The field read as a number, straight from its bytes (see `NumberField`).
    public func number(row: Int, column: Int) -> NumberField {
        let index = row * header.count + column
        if !escaped.isEmpty, escaped.contains(index) { return NumberField.parse(Array(string(row: row, column: column).utf8)[...]) }
        return NumberField.parse(bytes[starts[index]..<ends[index]])
    }

    /// The field as a finite number, nil when it is empty; any other text is an error naming the
    /// column and line.
    public func optionalNumber(row: Int, column: Int) throws -> Double? {
        switch number(row: row, column: column) {
        case .empty: return nil
        case .value(let value) where value.isFinite: return value
        default:
            throw DataError(
                file: source, line: line(ofRow: row),
                "column '\(header[column])': '\(string(row: row, column: column))' is not a finite number")
        }
    }

    /// The field as a whole number, nil when it is empty; any other text is an error naming the
    /// column and line.
    public func optionalInteger(row: Int, column: Int) throws -> Int? {
        guard let value = try optionalNumber(row: row, column: column) else { return nil }
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw DataError(
                file: source, line: line(ofRow: row),
                "column '\(header[column])': '\(string(row: row, column: column))' is not a whole number")
        }
        return Int(value)
    }

    /// A hash-friendly key of the fields of `columns` in one row, for counting distinct rows
    /// without building one `String` per field.
    func rowKey(row: Int, columns: [Int]) -> [UInt8] {
        var key: [UInt8] = []
        for column in columns {
            let index = row * header.count + column
            key.append(contentsOf: bytes[starts[index]..<ends[index]])
            key.append(0x1F)
        }
        return key
    }

    private static func decode(_ bytes: [UInt8], _ start: Int, _ end: Int, _ escaped: Bool) -> String {
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return escaped ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }
}

/// A CSV field read as a number: digits with an optional sign, decimal point and exponent
/// (surrounding spaces allowed). `nan` and `inf`/`infinity` (any case, with a sign) are recognised
/// so that they can be reported as such; hexadecimal and other text is `.invalid`.
public enum NumberField: Equatable, Sendable {
    case value(Double)
    case empty
    case invalid

    /// The number, nil unless the field held a finite number.
    public var finite: Double? {
        if case .value(let number) = self, number.isFinite { return number }
        return nil
    }

    static func parse(_ field: ArraySlice<UInt8>) -> NumberField {
        var slice = field
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        if slice.isEmpty { return .empty }
        guard slice.count < 64 else { return .invalid }
        var sawDigit = false
        for byte in slice {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case 0x2B, 0x2D, 0x2E, 0x45, 0x65: break  // + - . E e
            default: return special(slice)
            }
        }
        guard sawDigit else { return .invalid }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: slice.count + 1) { buffer in
            var position = 0
            for byte in slice {
                buffer[position] = CChar(bitPattern: byte)
                position += 1
            }
            buffer[position] = 0
            let base = buffer.baseAddress!
            var end: UnsafeMutablePointer<CChar>? = nil
            let number = strtod(base, &end)
            guard let end, end - base == slice.count else { return NumberField.invalid }
            return .value(number)
        }
    }

    private static func special(_ slice: ArraySlice<UInt8>) -> NumberField {
        var text = String(decoding: slice, as: UTF8.self).lowercased()
        var sign = 1.0
        if text.hasPrefix("-") || text.hasPrefix("+") {
            sign = text.hasPrefix("-") ? -1 : 1
            text.removeFirst()
        }
        switch text {
        case "nan": return .value(.nan)
        case "inf", "infinity": return .value(sign * .infinity)
        default: return .invalid
        }
    }
}

/// The one-pass byte scanner behind `CSVTable`.
enum CSVParser {
    struct Row {
        var line: Int
        var count: Int
    }

    struct Result {
        var starts: [Int] = []
        var ends: [Int] = []
        var escaped: [Int] = []
        var rows: [Row] = []
    }

    private static let quote: UInt8 = 0x22
    private static let comma: UInt8 = 0x2C
    private static let newline: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    static func parse(_ bytes: [UInt8], source: String) throws -> Result {
        var result = Result()
        let estimate = bytes.count / 8
        result.starts.reserveCapacity(estimate)
        result.ends.reserveCapacity(estimate)
        try bytes.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            var position = 0
            if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
            var line = 1
            while position < n {
                // Start of a record: skip empty lines.
                if buffer[position] == newline {
                    position += 1
                    line += 1
                    continue
                }
                if buffer[position] == carriageReturn, position + 1 < n, buffer[position + 1] == newline {
                    position += 2
                    line += 1
                    continue
                }
                let rowLine = line
                var fields = 0
                var endOfRecord = false
                while !endOfRecord {
                    fields += 1
                    if position < n, buffer[position] == quote {
                        // Quoted field.
                        let start = position + 1
                        var cursor = start
                        var hasDoubled = false
                        while true {
                            guard cursor < n else {
                                throw DataError(file: source, line: rowLine, "quoted field opened on this line is never closed")
                            }
                            let byte = buffer[cursor]
                            if byte == quote {
                                if cursor + 1 < n, buffer[cursor + 1] == quote {
                                    hasDoubled = true
                                    cursor += 2
                                    continue
                                }
                                break
                            }
                            if byte == newline { line += 1 }
                            cursor += 1
                        }
                        if hasDoubled { result.escaped.append(result.starts.count) }
                        result.starts.append(start)
                        result.ends.append(cursor)
                        position = cursor + 1
                    } else {
                        let start = position
                        while position < n {
                            let byte = buffer[position]
                            if byte == comma || byte == newline { break }
                            if byte == carriageReturn, position + 1 == n || buffer[position + 1] == newline { break }
                            if byte == quote {
                                throw DataError(
                                    file: source, line: line,
                                    "a quote (\") inside an unquoted field (field \(fields)); quote the whole field and double inner quotes"
                                )
                            }
                            position += 1
                        }
                        result.starts.append(start)
                        result.ends.append(position)
                    }
                    // After a field: comma, end of line or end of file.
                    if position >= n {
                        endOfRecord = true
                    } else if buffer[position] == comma {
                        position += 1
                    } else if buffer[position] == newline {
                        position += 1
                        line += 1
                        endOfRecord = true
                    } else if buffer[position] == carriageReturn, position + 1 >= n || buffer[position + 1] == newline {
                        position += 2
                        line += 1
                        endOfRecord = true
                    } else {
                        throw DataError(
                            file: source, line: line,
                            "unexpected text after the closing quote of field \(fields); expected a comma or a line end")
                    }
                }
                result.rows.append(Row(line: rowLine, count: fields))
            }
        }
        return result
    }
}
