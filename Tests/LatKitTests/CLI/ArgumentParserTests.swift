import XCTest

@testable import LatKitCLI

final class ArgumentParserTests: XCTestCase {
    private let spec = CommandSpec(
        path: ["demo"], summary: "demo",
        options: [.flag("json", "json"), .value("seed", "N", "seed"), .value("set", "K=V", "set", repeatable: true)],
        positionals: [PositionalSpec("FILE", "file"), PositionalSpec("REST", "rest", optional: true, variadic: true)])

    func testParsesFlagsValuesAndPositionals() throws {
        let parsed = try parseArguments(["a.csv", "--json", "--seed", "7", "--set=x=1", "--set", "y=2", "b", "--", "--c"], for: spec)
        XCTAssertEqual(parsed.positionals, ["a.csv", "b", "--c"])
        XCTAssertTrue(parsed.flag("json"))
        XCTAssertEqual(try parsed.seed(default: 0), 7)
        XCTAssertEqual(try parsed.keyValues(), ["x": "1", "y": "2"])
    }

    func testUnknownOptionSuggestsTheClosest() {
        XCTAssertThrowsError(try parseArguments(["f", "--jsn"], for: spec)) { error in
            XCTAssertEqual((error as? UsageError)?.message, "unknown option '--jsn' for 'latkit demo' (did you mean --json?)")
        }
    }

    func testMissingValueMissingPositionalAndRepeats() {
        XCTAssertThrowsError(try parseArguments(["f", "--seed"], for: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "--seed needs a value (N)")
        }
        XCTAssertThrowsError(try parseArguments([], for: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "missing argument FILE for 'latkit demo'")
        }
        XCTAssertThrowsError(try parseArguments(["f", "--seed", "1", "--seed", "2"], for: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "--seed given more than once")
        }
        XCTAssertThrowsError(try parseArguments(["f", "--json=1"], for: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "--json takes no value")
        }
        XCTAssertThrowsError(try parseArguments(["f", "--set", "novalue"], for: spec).keyValues()) {
            XCTAssertEqual(($0 as? UsageError)?.message, "--set needs key=value, got 'novalue'")
        }
    }

    func testTopLevelHelpVersionAndUnknownCommand() {
        let help = runCLI(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("plugins list") && help.out.contains("USAGE: latkit <command>"))
        let version = runCLI(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.out.hasPrefix("latkit 0.") && version.out.contains("plugin ABI 1.1"), version.out)
        let unknown = runCLI(["plugin", "lisst"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.err.contains("unknown command"), unknown.err)
        let badFlag = runCLI(["plugins", "list", "--bogus"])
        XCTAssertEqual(badFlag.status, 2)
        XCTAssertTrue(badFlag.err.contains("unknown option '--bogus'"), badFlag.err)
        let commandHelp = runCLI(["plugins", "check", "--help"])
        XCTAssertEqual(commandHelp.status, 0)
        XCTAssertTrue(commandHelp.out.contains("USAGE: latkit plugins check [options] PATH"), commandHelp.out)
    }

    func testEditDistance() {
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(editDistance("", "abc"), 3)
        XCTAssertNil(suggestion(for: "zzzzzz", among: ["json", "seed"]))
    }
}
