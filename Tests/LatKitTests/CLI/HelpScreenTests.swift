import XCTest

@testable import LatKitCLI

/// Help screens, compared whole: required options are marked and in the usage line, enumerated
/// values are listed, and the parser enforces both.
final class HelpScreenTests: XCTestCase {
    func testTheFarmRetryHelpScreenWhole() {
        let result = runCLI(["farm", "retry", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(
            result.out,
            """
            Queue a farm's failed jobs again, with their attempts reset

            USAGE: latkit farm retry --db URL [options]

            Each failed job keeps its last error (shown by 'farm status') until a worker tries it again.

            OPTIONS:
              --db URL                  the farm's database: postgres://USER@HOST[:PORT]/DATABASE [required]
              --device NAME             only this device's failed jobs
              --plugin-path DIR         also look for plugins in DIR (searched first; repeatable)
              --isolate                 run every plugin in a child process (default: only those not shipped with latkit)
              --no-isolate              run every plugin in-process, even one loaded by path
              --timeout SECONDS         kill an isolated plugin whose call takes longer (default: no limit)
              --help                    show this help

            """)
    }

    func testRequiredOptionsAndChoicesAreEnforcedByTheParser() {
        var result = runCLI(["predict", "--archs", "a.txt"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.err.split(separator: "\n").first, "latkit predict: --model MODEL is required")
        result = runCLI(["bench", "--suite", "huge"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.err.split(separator: "\n").first, "latkit bench: --suite must be one of standard, quick, got 'huge'")
        let help = runCLI(["bench", "--help"]).out
        let suiteLine = help.split(separator: "\n").first { $0.hasPrefix("  --suite NAME ") }
        XCTAssertEqual(suiteLine?.hasSuffix("or quick (under a minute) (one of: standard, quick)"), true, help)
        XCTAssertTrue(runCLI(["profile", "--help"]).out.contains("USAGE: latkit profile --count N --db STORE [options]"))
    }
}
