import Foundation
import LatKit

/// Writes `text` to `path` (see `OutputFile`), or to standard output when `path` is nil.
func writeOutput(_ text: String, to path: String?, _ context: CommandContext) throws {
    guard let path else {
        context.out(text)
        return
    }
    do {
        try OutputFile.write(text, to: path)
    } catch {
        throw CommandError("\(path): cannot be written (\(error.localizedDescription))")
    }
}
