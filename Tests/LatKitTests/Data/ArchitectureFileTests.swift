import Foundation
import XCTest

@testable import LatKit

/// Architecture files for encode and predict: plain lines (LF or CRLF) or CSV with the space's columns.
final class ArchitectureFileTests: XCTestCase {
    private let small = "ks=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;e=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;d=2-2-2-2-2;r=160"
    private let large = "ks=7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7-7;e=6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6-6;d=4-4-4-4-4;r=224"

    private func read(_ text: String) throws -> [String] {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try text.write(toFile: folder + "/archs", atomically: true, encoding: .utf8)
        return try ArchitectureFile.read(path: folder + "/archs", space: try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0"))
    }

    func testPlainLinesWithLFOrCRLFCommentsAndBlanks() throws {
        XCTAssertEqual(try read("# two\n\(small)\n\n\(large)\n"), [small, large])
        XCTAssertEqual(try read("# two\r\n\(small)\r\n\r\n\(large)\r\n"), [small, large])
    }

    func testCSVWithTheSpacesColumns() throws {
        let csv = "name,ks,e,d,r\nx,3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3,3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3-3,2-2-2-2-2,160\n"
        XCTAssertEqual(try read(csv), [small])
    }

    func testABadLineIsNamedByItsLineNumber() throws {
        XCTAssertThrowsError(try read("\(small)\r\n# comment\r\nks=4\r\n")) { error in
            XCTAssertTrue("\(error)".contains(":3: "), "\(error)")
        }
    }
}
