import Foundation
import XCTest

@testable import LatKit

/// Small helpers shared by the estimator tests.
enum EstimatorTestSupport {
    /// A plain CSV file (no quoted fields) as its header and rows of fields.
    static func csv(_ path: String) throws -> (header: [String], rows: [[String]]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    /// A temporary folder that is removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> String {
        let folder = NSTemporaryDirectory() + "latkit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        return folder
    }
}

/// Asserts that `expression` fails with a `PluginCallError` of `status` whose message contains `text`.
func assertPluginError<T>(
    _ expression: @autoclosure () throws -> T, status: Int32, contains text: String, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertThrowsError(try expression(), file: file, line: line) { error in
        guard let failure = error as? PluginCallError else {
            return XCTFail("expected a plugin error, got \(error)", file: file, line: line)
        }
        XCTAssertEqual(failure.status, status, "\(failure)", file: file, line: line)
        XCTAssertTrue(failure.message.contains(text), "'\(failure.message)' lacks '\(text)'", file: file, line: line)
    }
}
