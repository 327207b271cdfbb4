import Foundation

/// Writes a command's output file without ever replacing something that is not a file.
///
/// A regular file (or a path not there yet) is written atomically: a temporary file renamed over
/// it, so a reader never sees half a file. A rename would also replace a symbolic link with a
/// file, and `/dev/null`, a FIFO or a terminal with a regular file (as root, `--out /dev/null`
/// once broke /dev/null for the whole machine): a link is followed to its target, and anything
/// that is not a regular file is opened and written in place.
public enum OutputFile {
    /// Writes `data` to `path` as described above.
    public static func write(_ data: Data, to path: String) throws {
        var target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        // A link to nothing yet: the file is made where it points.
        if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: target) {
            target =
                destination.hasPrefix("/")
                ? destination : URL(fileURLWithPath: target).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
        guard let type, type != .typeRegular else {
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
            return
        }
        guard type != .typeDirectory else { throw CocoaError(.fileWriteInvalidFileName, userInfo: [NSFilePathErrorKey: path]) }
        guard let handle = FileHandle(forWritingAtPath: target) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
    }

    /// Writes `text` as UTF-8 to `path` (see `write(_:to:)`).
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
