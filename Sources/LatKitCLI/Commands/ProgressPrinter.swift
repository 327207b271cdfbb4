import Foundation
import LatKit

/// Prints progress of long work on standard error: a rewritten line on a terminal, otherwise
/// at most one line every few seconds (so logs stay readable).
final class ProgressPrinter {
    private let context: CommandContext
    private let label: String
    private let interactive = isatty(STDERR_FILENO) != 0
    private var last = Stopwatch()
    private var printedAny = false

    init(_ context: CommandContext, label: String) {
        self.context = context
        self.label = label
    }

    /// A handler to pass to plugins; it never cancels.
    var handler: ProgressHandler {
        { [self] fraction, message in
            report(fraction, message)
            return true
        }
    }

    func report(_ fraction: Double, _ message: String?) {
        let interval = interactive ? 0.1 : 5
        guard last.seconds >= interval || fraction >= 1 else { return }
        last = Stopwatch()
        let percent = fraction >= 0 ? String(format: "%3.0f%%", fraction * 100) : "   "
        let line = "\(label): \(percent) \(message ?? "")"
        context.err(interactive ? "\r\u{1B}[K" + line : line + "\n")
        printedAny = true
    }

    /// Ends the progress line on a terminal.
    func finish() {
        if interactive && printedAny { context.err("\n") }
    }
}
