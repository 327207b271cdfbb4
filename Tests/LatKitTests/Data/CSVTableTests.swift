import XCTest

@testable import LatKit

final class CSVTableTests: XCTestCase {
    func testQuotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "name,value\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\r\nplain,4\n"
        let table = try CSVTable(text: text, source: "q.csv")
        XCTAssertEqual(table.header, ["name", "value"])
        XCTAssertEqual(table.rowCount, 4)
        XCTAssertEqual(table.column(0), ["a,b", "say \"hi\"", "two\nlines", "plain"])
        XCTAssertEqual(table.column(1), ["1", "2", "3", "4"])
        // The third row starts on line 4 and spans two lines, so the fourth starts on line 6.
        XCTAssertEqual((0..<4).map { table.line(ofRow: $0) }, [2, 3, 4, 6])
        XCTAssertEqual(table.number(row: 3, column: 1), .value(4))
    }

    func testCRLFLineEndsAndEmptyFields() throws {
        let table = try CSVTable(text: "a,b,c\r\n1,,3\r\n4,5,\r\n", source: "crlf.csv")
        XCTAssertEqual(table.header, ["a", "b", "c"])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table.column(2), ["3", ""])
        XCTAssertEqual(table.column(1), ["", "5"])
        XCTAssertTrue(table.isEmpty(row: 0, column: 1))
        XCTAssertEqual(table.number(row: 1, column: 2), .empty)
    }

    func testByteOrderMarkAndBlankLinesAreIgnored() throws {
        let table = try CSVTable(text: "\u{FEFF}x,y\n1,2\n\n3,4", source: "bom.csv")
        XCTAssertEqual(table.header, ["x", "y"])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table.line(ofRow: 1), 4)
        XCTAssertEqual(table.string(row: 1, column: 1), "4")
    }

    func testDuplicateHeaderIsRefused() {
        XCTAssertThrowsError(try CSVTable(text: "a,b,a\n1,2,3\n", source: "dup.csv")) { error in
            XCTAssertEqual(
                "\(error)", "dup.csv:1: duplicate column name 'a' (columns 1 and 3); every column needs a distinct name")
        }
    }

    func testWrongFieldCountNamesTheLine() {
        XCTAssertThrowsError(try CSVTable(text: "a,b\n1,2\n1,2,3\n", source: "count.csv")) { error in
            XCTAssertEqual("\(error)", "count.csv:3: expected 2 fields (as in the header on line 1), found 3")
        }
        XCTAssertThrowsError(try CSVTable(text: "a,b\r\n1,2\r\n\"x\ny\"\r\n", source: "short.csv")) { error in
            XCTAssertEqual("\(error)", "short.csv:3: expected 2 fields (as in the header on line 1), found 1")
        }
    }

    func testMalformedQuotingIsRefused() {
        XCTAssertThrowsError(try CSVTable(text: "a,b\n1,\"open\n", source: "open.csv")) { error in
            XCTAssertEqual("\(error)", "open.csv:2: quoted field opened on this line is never closed")
        }
        XCTAssertThrowsError(try CSVTable(text: "a,b\n1,x\"y\n", source: "inner.csv")) { error in
            XCTAssertTrue("\(error)".hasPrefix("inner.csv:2: a quote (\") inside an unquoted field (field 2)"), "\(error)")
        }
        XCTAssertThrowsError(try CSVTable(text: "a,b\n\"x\"y,1\n", source: "after.csv")) { error in
            XCTAssertTrue("\(error)".hasPrefix("after.csv:2: unexpected text after the closing quote of field 1"), "\(error)")
        }
        XCTAssertThrowsError(try CSVTable(text: "", source: "empty.csv")) { error in
            XCTAssertEqual("\(error)", "empty.csv: empty file: no header line")
        }
    }

    func testNumbersAreParsedStrictly() throws {
        let table = try CSVTable(text: "v\n 1.5 \n1e3\n-2\nnan\n-inf\nabc\n0x10\n1.2.3\n\"7\"\n", source: "n.csv")
        let parsed = (0..<table.rowCount).map { table.number(row: $0, column: 0) }
        XCTAssertEqual(parsed[0], .value(1.5))
        XCTAssertEqual(parsed[1], .value(1000))
        XCTAssertEqual(parsed[2], .value(-2))
        if case .value(let nan) = parsed[3] { XCTAssertTrue(nan.isNaN) } else { XCTFail("nan not recognised") }
        XCTAssertEqual(parsed[4], .value(-.infinity))
        XCTAssertEqual(Array(parsed[5...7]), [.invalid, .invalid, .invalid])
        XCTAssertEqual(parsed[8], .value(7))
        XCTAssertNil(parsed[4].finite)
        XCTAssertEqual(try table.optionalNumber(row: 0, column: 0), 1.5)
        XCTAssertThrowsError(try table.optionalNumber(row: 5, column: 0)) { error in
            XCTAssertEqual("\(error)", "n.csv:7: column 'v': 'abc' is not a finite number")
        }
    }

    func testMissingColumnListsTheAvailableOnes() throws {
        let table = try CSVTable(text: "ks,e\n3,4\n", source: "m.csv")
        XCTAssertEqual(try table.requireColumn("e"), 1)
        XCTAssertThrowsError(try table.requireColumn("d", purpose: "architecture column")) { error in
            XCTAssertEqual("\(error)", "m.csv:1: no column 'd' (architecture column); available columns: ks, e")
        }
    }

    func testReadsAShippedFile() throws {
        let table = try CSVTable.read(path: TestPaths.data + "/help_ofa_mbv3/latency_wide.csv")
        XCTAssertEqual(table.rowCount, 5000)
        XCTAssertEqual(table.columnCount, 14)
        XCTAssertEqual(table.header[5], "2080ti_bs1")
        XCTAssertEqual(table.string(row: 0, column: 1), "7-5-5-5-7-7-5-7-5-7-3-7-5-3-7-3-5-3-5-3")
        XCTAssertEqual(table.number(row: 0, column: 5), .value(12.081937789916992))
        XCTAssertEqual(table.line(ofRow: 4999), 5001)
        XCTAssertThrowsError(try CSVTable.read(path: TestPaths.data + "/no_such.csv")) { error in
            XCTAssertTrue("\(error)".hasSuffix("no_such.csv: no such file"), "\(error)")
        }
    }
}
