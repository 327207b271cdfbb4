import CSQLite

/// A thin, throwing wrapper of one SQLite connection: statements with bound values, one-line
/// errors naming the file, and transactions. Not for sharing between threads.
final class SQLiteDatabase {
    let path: String
    private let connection: OpaquePointer

    /// Opens (creating when missing) the database at `path`, in WAL mode with a busy timeout so
    /// that a reader and a writer in two processes wait for each other instead of failing.
    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close(handle)
            throw StoreError("\(path): cannot open the database: \(message)")
        }
        self.path = path
        self.connection = handle
        sqlite3_busy_timeout(handle, 10_000)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=NORMAL")
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit { sqlite3_close(connection) }

    /// Runs one or more statements that return nothing.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(connection, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw StoreError("\(path): \(text)")
        }
    }

    /// Runs `sql` with `values` bound to its `?` parameters, calling `row` for each result row.
    func query(_ sql: String, _ values: [SQLiteValue] = [], row: ((SQLiteRow) throws -> Void)? = nil) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError("\(path): \(lastError)")
        }
        defer { sqlite3_finalize(statement) }
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let number): status = sqlite3_bind_int64(statement, position, number)
            case .real(let number): status = sqlite3_bind_double(statement, position, number)
            case .text(let text): status = sqlite3_bind_text(statement, position, text, -1, latkit_sqlite_transient())
            }
            guard status == SQLITE_OK else { throw StoreError("\(path): \(lastError)") }
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw StoreError("\(path): \(lastError)") }
            try row?(SQLiteRow(statement: statement))
        }
    }

    /// Runs `body` in one transaction (BEGIN IMMEDIATE: the write lock is taken up front), committed
    /// when it returns and rolled back when it throws.
    func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(connection)) }

    private var lastError: String { String(cString: sqlite3_errmsg(connection)) }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// An optional number: NULL when nil.
    static func real(_ value: Double?) -> SQLiteValue { value.map { .real($0) } ?? .null }
}

/// One result row of a running statement, read by column position.
struct SQLiteRow {
    let statement: OpaquePointer

    func text(_ column: Int32) -> String {
        sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
    }
    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func real(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }
}

/// A failure of the measurement store, one line naming the database.
public struct StoreError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}
