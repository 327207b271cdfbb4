import LatKitCLI

/// Runs the `latkit` command line in-process and captures what it prints.
struct CLIResult {
    var status: Int32
    var out: String
    var err: String
}

func runCLI(_ arguments: [String], environment: [String: String] = [:]) -> CLIResult {
    final class Capture {
        var out = ""
        var err = ""
    }
    let capture = Capture()
    let context = CommandContext(out: { capture.out += $0 }, err: { capture.err += $0 }, environment: environment)
    let status = runLatKit(arguments, context: context)
    return CLIResult(status: status, out: capture.out, err: capture.err)
}
