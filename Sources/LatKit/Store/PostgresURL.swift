import Foundation

/// A `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?PARAMS]` connection URL, kept whole for
/// libpq and shown only masked: a password written in the URL never reaches a message or a log.
///
/// A password is better kept out of the URL altogether: libpq reads `PGPASSWORD` and `~/.pgpass`.
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// The URL as given (password included): only for libpq.
    let raw: String
    /// The server's host name ("localhost" when the URL names none).
    public let host: String
    /// The port, when the URL names one.
    public let port: Int?
    /// The database name ("" when the URL names none: libpq then uses the user name).
    public let database: String
    /// The URL with its password replaced by `***`.
    public let masked: String

    /// True when `text` is a PostgreSQL URL (`postgres://` or `postgresql://`) rather than a file path.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; throws a one-line error that does not repeat the password.
    public init(_ text: String) throws {
        guard Self.isPostgres(text) else { throw StoreError("not a PostgreSQL URL (postgres://USER@HOST/DATABASE)") }
        let masked = Self.mask(text)
        guard let components = URLComponents(string: text) else {
            throw StoreError("\(masked): not a valid PostgreSQL URL (postgres://USER@HOST[:PORT]/DATABASE)")
        }
        raw = text
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = components.port
        database = String(components.path.drop(while: { $0 == "/" }))
        self.masked = masked
    }

    /// "database 'lab' on db.example:5432", for connection errors.
    public var serverDescription: String {
        "database '\(database)' on \(host)\(port.map { ":\($0)" } ?? "")"
    }

    public var description: String { masked }

    /// `text` with its passwords replaced by `***`: the one in the user information (between the
    /// first ':' after the scheme and the last '@' before the path) and a `password=` parameter.
    public static func mask(_ text: String) -> String {
        var masked = text
        for range in passwordRanges(text).reversed() { masked.replaceSubrange(range, with: "***") }
        return masked
    }

    /// Where the passwords are in `text`, in order (UTF-8 byte offsets).
    public static func passwordRanges(_ text: String) -> [Range<String.Index>] {
        guard let schemeEnd = text.range(of: "://") else { return [] }
        var ranges: [Range<String.Index>] = []
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            ranges.append(text.index(after: colon)..<at)
        }
        if let query = text[authorityEnd...].firstIndex(of: "?") {
            var start = text.index(after: query)
            while start < text.endIndex {
                let end = text[start...].firstIndex(of: "&") ?? text.endIndex
                let parameter = text[start..<end]
                if parameter.lowercased().hasPrefix("password=") {
                    ranges.append(text.index(start, offsetBy: "password=".count)..<end)
                }
                start = end == text.endIndex ? end : text.index(after: end)
            }
        }
        return ranges
    }
}
