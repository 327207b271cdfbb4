import XCTest

@testable import LatKit

/// The C string arrays a batch hands to plugins.
final class CStringArrayTests: XCTestCase {
    private func read(_ array: CStringArray) -> [String] {
        (0..<array.count).map { String(cString: array.base[$0]!) }
    }

    func testEveryStringIsCopiedWithItsTerminator() {
        let strings = ["conv-3x3", "", "é-unicode", String(repeating: "k", count: 300), "conv-3x3"]
        let array = CStringArray(strings)
        XCTAssertEqual(read(array), strings)
        // Without deduplication every slot has its own copy.
        XCTAssertNotEqual(array.base[0], array.base[4])
    }

    func testDeduplicatedStringsShareOneCopy() {
        let keys = ["expand-24-k3", "expand-32-k7", "expand-24-k3", "se-48", "expand-32-k7", "expand-24-k3"]
        let array = CStringArray(keys, deduplicating: true)
        XCTAssertEqual(read(array), keys)
        XCTAssertEqual(array.base[0], array.base[2])
        XCTAssertEqual(array.base[0], array.base[5])
        XCTAssertEqual(array.base[1], array.base[4])
        XCTAssertEqual(Set((0..<keys.count).map { array.base[$0]! }).count, 3)
    }

    func testAnEmptyArrayHasOneNullSlot() {
        for deduplicating in [false, true] {
            let array = CStringArray([], deduplicating: deduplicating)
            XCTAssertEqual(array.count, 0)
            XCTAssertNil(array.base[0])
        }
    }

    func testSmallStringsAreNeverConfusedByTheirTemporaryAddress() {
        // Short strings live inside the String value: their bytes are lent from a temporary
        // copy, often at one same address; only equal strings may share.
        let keys = ["a", "b", "a", "c", "b", "", ""]
        let array = CStringArray(keys, deduplicating: true)
        XCTAssertEqual(read(array), keys)
        XCTAssertEqual(array.base[0], array.base[2])
        XCTAssertNotEqual(array.base[0], array.base[1])
        XCTAssertEqual(Set((0..<keys.count).map { array.base[$0]! }).count, 4)
    }

    func testLongStringsSharingStorageAndEqualCopiesAllShareOneCopy() {
        let shared = String(repeating: "mbconv-expand6-k5-", count: 6)
        let copy = String(decoding: Array(shared.utf8), as: UTF8.self)  // equal, other storage
        let other = String(repeating: "mbconv-expand3-k7-", count: 6)
        let lists = [[shared, other], [copy, shared], [other]]
        let array = CStringArray(lists.lazy.flatMap { $0 }, count: 5, deduplicating: true)
        XCTAssertEqual(read(array), lists.flatMap { $0 })
        XCTAssertEqual(Set([0, 2, 3].map { array.base[$0]! }).count, 1)
        XCTAssertEqual(array.base[1], array.base[4])
        XCTAssertNotEqual(array.base[0], array.base[1])
        // The same collection without deduplication: every slot its own copy, in order.
        let plain = CStringArray(lists.lazy.flatMap { $0 }, count: 5, deduplicating: false)
        XCTAssertEqual(read(plain), lists.flatMap { $0 })
        XCTAssertEqual(Set((0..<5).map { plain.base[$0]! }).count, 5)
    }

    /// The borrowing form a batch uses for its operator keys (strings handed to a closure, read
    /// straight from the operator lists): the same copies as the collection form, and strings
    /// handed beyond `count` are ignored rather than written past the array.
    func testStringsHandedToAClosureAreCopiedLikeACollection() {
        let shared = String(repeating: "mbconv-expand6-k5-", count: 6)
        let lists = [[shared, "se-48"], [shared, String(decoding: Array(shared.utf8), as: UTF8.self)], ["se-48"]]
        for deduplicating in [true, false] {
            let array = CStringArray(count: 5, deduplicating: deduplicating) { body in
                for list in lists { list.withUnsafeBufferPointer { buffer in for string in buffer { body(string) } } }
                body("one too many")
            }
            XCTAssertEqual(read(array), lists.flatMap { $0 }, "deduplicating: \(deduplicating)")
            XCTAssertEqual(Set((0..<5).map { array.base[$0]! }).count, deduplicating ? 2 : 5)
        }
    }
}
