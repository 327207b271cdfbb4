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
}
