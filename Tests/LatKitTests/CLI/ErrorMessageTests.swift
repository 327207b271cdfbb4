import Foundation
import XCTest

@testable import LatKitCLI

/// Every failure is one printable line: no Foundation or Codable dumps, no raw control bytes, no
/// 10 MB field echoed whole.
final class ErrorMessageTests: XCTestCase {
    func testControlBytesAndLineBreaksAreEscaped() {
        XCTAssertEqual(
            ErrorMessage.sanitized("bad 'x\u{1B}[31mred\nsecond line\r\t\u{7F}\u{FFFD}'"),
            "bad 'x\\x1b[31mred\\nsecond line\\r\\t\\x7f\\ufffd'")
    }

    func testAnOverlongFieldIsCut() {
        let field = String(repeating: "9", count: 10_000_000)
        let line = ErrorMessage.sanitized("data.csv:2: '\(field)' is not a number")
        XCTAssertEqual(line, "data.csv:2: '\(String(repeating: "9", count: 199))...(9999802 more characters) is not a number")
    }

    func testFoundationAndCodableErrorsBecomeSentences() throws {
        let missing = "/no/such/folder/model.lkm"
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: missing))
            XCTFail("read a missing file")
        } catch {
            XCTAssertEqual(ErrorMessage.line(error), "\(missing): no such file or folder")
        }
        struct Metrics: Encodable { var rmse = Double.infinity }
        do {
            _ = try JSONEncoder().encode(["metrics": Metrics()])
            XCTFail("encoded infinity")
        } catch {
            let line = ErrorMessage.line(error)
            XCTAssertTrue(line.hasPrefix("cannot write inf at metrics.rmse"), line)
            XCTAssertFalse(line.contains("EncodingError"), line)
        }
        do {
            _ = try JSONDecoder().decode([String: Int].self, from: Data("{\"a\": \"x\"}".utf8))
            XCTFail("decoded a string as a number")
        } catch {
            XCTAssertTrue(ErrorMessage.line(error).hasPrefix("unreadable JSON at a: "), ErrorMessage.line(error))
        }
    }

    func testTheCommandLinePrintsOneEscapedLine() {
        let result = runCLI(["ops", "--space", "nasbench201", "--arch", "x\u{1B}[2J\nforged line"], plugins: TestPaths.builtProducts)
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
        XCTAssertFalse(result.err.contains("\u{1B}"), result.err)
        XCTAssertTrue(result.err.contains("[2J") && result.err.contains("forged line"), "the text is kept, made harmless: \(result.err)")
    }
}
