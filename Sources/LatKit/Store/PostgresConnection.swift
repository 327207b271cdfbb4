import CLibPQ
import Foundation

/// A thin, throwing wrapper of one libpq connection: statements with bound text parameters,
/// whole results as text, transactions, and one-line errors that name the server but never the
/// password. Not for sharing between threads (open one per thread).
final class PostgresConnection {
    let url: PostgresURL
    private var connection: OpaquePointer?

    /// Connects to `url`. Notices (such as "relation already exists, skipping") are not printed,
    /// the connect timeout is 10 s and the server sees the application name "latkit".
    init(url: PostgresURL) throws {
        self.url = url
        try connect()
    }

    deinit { PQfinish(connection) }

    private func connect() throws {
        PQfinish(connection)
        connection = nil
        let keywords = ["dbname", "connect_timeout", "application_name", "options"]
        let values = [url.raw, "10", "latkit", "-c client_min_messages=warning"]
        let handle = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers + [nil], valuePointers + [nil], 1)
            }
        }
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let reason = handle.map { Self.oneLine(String(cString: PQerrorMessage($0))) } ?? "out of memory"
            PQfinish(handle)
            throw PostgresError(
                "cannot connect to PostgreSQL \(url.serverDescription): \(reason)", sqlState: nil, connectionLost: true)
        }
        connection = handle
    }

    /// True while the connection is usable.
    var isConnected: Bool { connection.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Drops the connection and opens a new one (after the server restarted or the network broke).
    func reconnect() throws { try connect() }

    /// Runs `sql` with `parameters` bound to `$1`, `$2`, ... (as text; nil is NULL) and returns the
    /// rows, every value as text (nil for NULL). A statement may not hold several commands when
    /// it has parameters; `execute` runs scripts.
    @discardableResult
    func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> [[String?]] {
        guard let connection else { throw PostgresError("\(url.masked): not connected", sqlState: nil, connectionLost: true) }
        let texts = parameters.map(\.text)
        let result = withOptionalCStrings(texts) { pointers in
            PQexecParams(connection, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error(from: result) }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        return (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
    }

    /// Runs one or more statements without parameters (a schema script).
    func execute(_ sql: String) throws {
        guard let connection else { throw PostgresError("\(url.masked): not connected", sqlState: nil, connectionLost: true) }
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error(from: result) }
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isConnected { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// The failure a result reports, one line, with its SQLSTATE; a lost connection (SQLSTATE class
    /// 08, an administrator shutdown 57P01-57P03, or a connection libpq marks bad) is flagged so
    /// that a worker can reconnect and retry.
    private func error(from result: OpaquePointer?) -> PostgresError {
        let message: String
        if let result, let text = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) {
            message = String(cString: text)
        } else {
            message = connection.map { String(cString: PQerrorMessage($0)) } ?? "no result"
        }
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let lost = !isConnected || state.map { $0.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains($0) } ?? false
        return PostgresError("\(url.masked): \(Self.oneLine(message))", sqlState: state, connectionLost: lost)
    }

    /// libpq's messages span lines ("FATAL: ...\nDETAIL: ..."): joined into one, without the
    /// trailing newline.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}

/// A statement parameter, sent to the server as text.
enum PostgresValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// An optional number: NULL when nil.
    static func real(_ value: Double?) -> PostgresValue { value.map { .real($0) } ?? .null }
    /// A whole number.
    static func int(_ value: Int) -> PostgresValue { .integer(Int64(value)) }

    var text: String? {
        switch self {
        case .null: return nil
        case .integer(let value): return String(value)
        case .real(let value): return "\(value)"
        case .text(let value): return value
        }
    }
}

/// A failure of a PostgreSQL statement or connection, one line naming the server (password masked).
public struct PostgresError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// The server's SQLSTATE code, when it sent one.
    public var sqlState: String?
    /// True when the connection was lost (the statement may be retried after reconnecting).
    public var connectionLost: Bool

    init(_ description: String, sqlState: String?, connectionLost: Bool) {
        self.description = description
        self.sqlState = sqlState
        self.connectionLost = connectionLost
    }
}

/// Calls `body` with C strings for `strings`, valid for the call.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withOptionalCStrings(strings) { body($0) }
}

/// Calls `body` with C strings for `strings` (NULL for nil), valid for the call.
private func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { $0.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
