import Foundation
import XCTest

@testable import LatKit

/// `--out` never replaces what is not a regular file (a link, a FIFO, /dev/null).
final class OutputFileTests: XCTestCase {
    private func type(_ path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    func testARegularFileIsReplacedWhole() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        let path = folder + "/out.csv"
        try "an older, longer content\n".write(toFile: path, atomically: false, encoding: .utf8)
        try OutputFile.write("a,b\n1,2\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "a,b\n1,2\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["out.csv"])
        try OutputFile.write("new\n", to: folder + "/fresh.csv")
        XCTAssertEqual(try String(contentsOfFile: folder + "/fresh.csv", encoding: .utf8), "new\n")
    }

    func testALinkIsFollowedAndKept() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        try "old\n".write(toFile: folder + "/target.csv", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: folder + "/target.csv")
        try OutputFile.write("new\n", to: folder + "/link.csv")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.csv"), folder + "/target.csv")
        XCTAssertEqual(try String(contentsOfFile: folder + "/target.csv", encoding: .utf8), "new\n")
        // A link to a file not made yet (relative, as `ln -s` writes it): the file is made there.
        try FileManager.default.createSymbolicLink(atPath: folder + "/ahead.csv", withDestinationPath: "later.csv")
        try OutputFile.write("made\n", to: folder + "/ahead.csv")
        XCTAssertEqual(try String(contentsOfFile: folder + "/later.csv", encoding: .utf8), "made\n")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/ahead.csv"), "later.csv")
    }

    func testAFIFOIsWrittenInPlaceNotReplaced() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        let fifo = folder + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Written by the reader thread before `done` is fulfilled, read after the wait.
        final class Received: @unchecked Sendable { var data: Data? }
        let received = Received()
        let done = expectation(description: "reader")
        Thread.detachNewThread {
            received.data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile()
            done.fulfill()
        }
        try OutputFile.write("through the pipe\n", to: fifo)
        wait(for: [done], timeout: 10)
        XCTAssertEqual(received.data.map { String(decoding: $0, as: UTF8.self) }, "through the pipe\n")
        // Still a FIFO, not a regular file put in its place.
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
    }

    func testADirectoryIsRefused() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        XCTAssertThrowsError(try OutputFile.write("x\n", to: folder))
        XCTAssertEqual(type(folder), .typeDirectory)
    }
}
