import Foundation

/// How a failure is shown: one line, whatever it carried. Foundation and Codable errors become
/// plain sentences (never `NSCocoaErrorDomain Code=4` or an `EncodingError` dump), control bytes
/// and line breaks from data or plugins are escaped (`\n`, `\x1b`) so they cannot move the cursor
/// or forge a second line, and an over-long field (a 10 MB cell echoed back) is cut to
/// `fieldLimit` characters with the count of what was left out.
enum ErrorMessage {
    /// The longest run of non-space characters shown whole.
    static let fieldLimit = 200

    /// `error` as one printable line.
    static func line(_ error: Error) -> String { sanitized(describe(error)) }

    /// A readable sentence for errors whose own description is a dump.
    static func describe(_ error: Error) -> String {
        switch error {
        case let error as EncodingError:
            if case .invalidValue(let value, let context) = error {
                return "cannot write \(value) at \(path(context.codingPath)): \(context.debugDescription)"
            }
        case let error as DecodingError:
            switch error {
            case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
                .valueNotFound(_, let context):
                return "unreadable JSON at \(path(context.codingPath)): \(context.debugDescription)"
            @unknown default: break
            }
        default: break
        }
        let bridged = error as NSError
        if bridged.domain == NSCocoaErrorDomain {
            let file = (bridged.userInfo[NSFilePathErrorKey] as? String) ?? (bridged.userInfo[NSURLErrorKey] as? URL)?.path
            let reason: String
            switch CocoaError.Code(rawValue: bridged.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file or folder"
            case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
            case .fileWriteOutOfSpace: reason = "no space left on the device"
            case .fileWriteFileExists: reason = "already exists"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: reason = "not readable as UTF-8 text"
            default: reason = bridged.localizedDescription
            }
            return file.map { "\($0): \(reason)" } ?? reason
        }
        return String(describing: error)
    }

    /// `text` on one line: control characters escaped, over-long fields cut.
    static func sanitized(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{FFFD}": escaped += "\\ufffd"  // what invalid UTF-8 was decoded to
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                escaped += String(format: "\\x%02x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped.split(separator: " ", omittingEmptySubsequences: false).map { field in
            field.count > fieldLimit ? "\(field.prefix(fieldLimit))...(\(field.count - fieldLimit) more characters)" : String(field)
        }.joined(separator: " ")
    }

    private static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.isEmpty ? "the top level" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
