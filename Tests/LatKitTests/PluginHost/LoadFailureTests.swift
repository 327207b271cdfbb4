import Foundation
import XCTest

@testable import LatKit

/// Every way a plugin library can be broken gives a one-line error naming the file and the cause,
/// a non-zero exit code from the CLI, and no crash.
final class LoadFailureTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = try CFixtures.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Loads `path` and returns the error's text, failing if it loads.
    private func loadError(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try PluginLibrary.load(path: path)
            XCTFail("\(path) loaded", file: file, line: line)
            return ""
        } catch {
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"), "not one line: \(text)", file: file, line: line)
            XCTAssertTrue(text.contains(path), "does not name the file: \(text)", file: file, line: line)
            return text
        }
    }

    func testMissingFile() {
        XCTAssertTrue(loadError(folder + "/liblatkit_absent.so").contains("no such file"))
    }

    func testNotASharedLibrary() throws {
        let path = folder + "/liblatkit_text.so"
        try "this is not ELF".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertTrue(loadError(path).contains("not a loadable shared library"))
    }

    func testNoEntrySymbol() throws {
        let path = try CFixtures.build("Tests/PluginFixtures/no_entry.c", name: "no_entry", in: folder)
        XCTAssertTrue(loadError(path).contains("no entry symbol 'latkit_plugin_entry'"))
    }

    func testUnresolvedSymbol() throws {
        let path = try CFixtures.build("Tests/PluginFixtures/unresolved_symbol.c", name: "unresolved", in: folder)
        XCTAssertTrue(loadError(path).contains("unresolved symbol 'latkit_fixture_missing_function'"))
    }

    func testABIMajorMismatch() throws {
        let path = try CFixtures.build("Tests/PluginFixtures/abi_major_2.c", name: "abi2", in: folder)
        let message = loadError(path)
        XCTAssertTrue(message.contains("built for plugin ABI 2.0") && message.contains("this host speaks ABI 1.x"), message)
    }

    func testLibraryRefusingTheHost() throws {
        let path = try CFixtures.build("Tests/PluginFixtures/refuses_host.c", name: "refuses", in: folder)
        let message = loadError(path)
        XCTAssertTrue(
            message.contains("refused this host") && message.contains("needs latkit 99.0 or newer, this is \(LatKitVersion.host)"), message)
    }

    func testDuplicateNamesNameBothFiles() throws {
        let first = try CFixtures.build("Tests/PluginFixtures/duplicate_name.c", name: "dup_a", in: folder)
        let second = try CFixtures.build("Tests/PluginFixtures/duplicate_name.c", name: "dup_b", in: folder)
        XCTAssertThrowsError(try PluginCatalog(discovery: PluginDiscovery(explicit: [folder], environment: [:], executable: nil))) {
            error in
            XCTAssertEqual(error as? PluginLoadError, .duplicateName(name: "duplicate-name", first: first, second: second))
        }
        let result = runCLI(["plugins", "list", "--plugin-path", folder])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("two plugins are named 'duplicate-name': \(first) and \(second)"), result.err)
    }

    func testCLIReportsBrokenLibrariesAndExitsNonZero() throws {
        try CFixtures.build("Tests/PluginFixtures/abi_major_2.c", name: "abi2", in: folder)
        try CFixtures.build("Tests/PluginFixtures/no_entry.c", name: "no_entry", in: folder)
        let result = runCLI(["plugins", "list", "--plugin-path", folder])
        XCTAssertEqual(result.status, 1)
        let warnings = result.err.split(separator: "\n")
        XCTAssertEqual(warnings.count, 2, result.err)
        XCTAssertTrue(warnings.allSatisfy { $0.hasPrefix("warning: \(folder)/liblatkit_") }, result.err)
        let check = runCLI(["plugins", "check", folder + "/liblatkit_abi2.so"])
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.err.contains("built for plugin ABI 2.0"), check.err)
    }

    func testOnlyFilesFollowingTheNamingRuleAreOpened() throws {
        try "not a library".write(toFile: folder + "/libother.so", atomically: true, encoding: .utf8)
        try "notes".write(toFile: folder + "/liblatkit_notes.txt", atomically: true, encoding: .utf8)
        let discovery = PluginDiscovery(explicit: [folder], environment: [:], executable: nil)
        XCTAssertEqual(discovery.candidateFiles(), [])
        XCTAssertTrue(PluginDiscovery.isPluginFileName("liblatkit_ofa.so"))
        XCTAssertFalse(PluginDiscovery.isPluginFileName("liblatkit_.so"))
    }

    func testSearchOrderAndAbsolutePaths() {
        let discovery = PluginDiscovery(
            explicit: ["relative/dir"], environment: ["LATKIT_PLUGIN_PATH": "/env/one:/env/two"], executable: "/opt/latkit/bin/latkit")
        XCTAssertEqual(discovery.folders.count, 5)
        XCTAssertTrue(discovery.folders[0].hasPrefix("/") && discovery.folders[0].hasSuffix("/relative/dir"))
        XCTAssertEqual(Array(discovery.folders[1...]), ["/env/one", "/env/two", "/opt/latkit/bin", "/opt/latkit/lib/latkit/plugins"])
    }

    func testMalformedLibrariesAreRefusedAtLoad() throws {
        let cases = [
            (1, "the entry point returned NULL"),
            (2, "plugin 'fixture-estimator': estimator table lacks predict"),
            (3, "plugin 'fixture-estimator': estimator table is 16 bytes, ABI 1.0 needs"),
        ]
        for (number, expected) in cases {
            let path = try CFixtures.build(
                "Tests/PluginFixtures/malformed_tables.c", name: "malformed\(number)", in: folder, defines: ["CASE=\(number)"])
            let message = loadError(path)
            XCTAssertTrue(message.contains("malformed plugin library") && message.contains(expected), message)
        }
    }

    func testAPluginOfAnUnknownKindIsSkippedNotFatal() throws {
        let path = try CFixtures.build("Tests/PluginFixtures/malformed_tables.c", name: "future", in: folder, defines: ["CASE=4"])
        let library = try PluginLibrary.load(path: path)
        XCTAssertEqual(library.plugins.map(\.name), ["fixture-estimator"])
        XCTAssertEqual(library.warnings.count, 1)
        XCTAssertTrue(
            library.warnings[0].contains("skipped plugin 'fixture-future' of unknown kind 99 (built for ABI 1.7)"), library.warnings[0])
        let list = runCLI(["plugins", "list", "--plugin-path", folder])
        XCTAssertEqual(list.status, 0, list.err)
        XCTAssertTrue(list.err.contains("skipped plugin 'fixture-future'"), list.err)
    }

    func testALibraryIsOpenedOncePerProcess() throws {
        let path = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "once", in: folder)
        let first = try PluginLibrary.load(path: path)
        let second = try PluginLibrary.load(path: folder + "/./liblatkit_once.so")
        XCTAssertEqual(first.plugins.first?.descriptor, second.plugins.first?.descriptor)
    }
}
