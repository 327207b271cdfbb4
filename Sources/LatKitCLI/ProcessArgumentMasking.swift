import LatKit

/// Overwrites, in this process's own argument memory, the password of every `postgres://` URL
/// given on the command line (`postgres://user:secret@host/db` reads `postgres://user:******@host/db`
/// in `ps` and /proc/PID/cmdline from then on), after the arguments were read. A password is
/// still visible for the instant before latkit starts: PGPASSWORD or ~/.pgpass keep it out of
/// process listings altogether.
public func maskPasswordsInProcessArguments() {
    let arguments = CommandLine.arguments  // read (and kept) before their memory is changed
    for (index, argument) in arguments.enumerated() where argument.contains("://") {
        guard let pointer = CommandLine.unsafeArgv[index] else { continue }
        let utf8 = argument.utf8
        for range in PostgresURL.passwordRanges(argument) {
            let start = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
            let end = utf8.distance(from: utf8.startIndex, to: range.upperBound)
            for offset in start..<end { pointer[offset] = CChar(bitPattern: UInt8(ascii: "*")) }
        }
    }
}
