import XCTest

@testable import LatKit

/// The bounded address cache behind interned operator keys.
final class AddressCacheTests: XCTestCase {
    func testKeepsOneValuePerSlotAndForgetsTheOlderAddress() {
        var cache = AddressCache<String>(slots: 3)  // rounded up to 4 slots
        XCTAssertNil(cache[0x1000])
        cache[0x1000] = "a"
        cache[0x2010] = "b"
        XCTAssertEqual(cache[0x1000], "a")
        XCTAssertEqual(cache[0x2010], "b")
        // 0x1040 maps to 0x1000's slot ((0x1040 >> 4) ^ (0x1040 >> 16) = 0x104, slot 0): it takes it.
        cache[0x1040] = "c"
        XCTAssertEqual(cache[0x1040], "c")
        XCTAssertNil(cache[0x1000])
        XCTAssertEqual(cache[0x2010], "b")
        cache[0x2010] = nil
        XCTAssertNil(cache[0x2010])
    }

    func testManyDistinctAddressesNeverGrowIt() {
        var cache = AddressCache<Int>(slots: 16)
        for address in stride(from: UInt(0x10_0000), to: 0x20_0000, by: 16) { cache[address] = Int(address) }
        let survivors = stride(from: UInt(0x10_0000), to: 0x20_0000, by: 16).filter { cache[$0] != nil }
        XCTAssertEqual(survivors.count, 16, "one address per slot")
        XCTAssertTrue(survivors.allSatisfy { cache[$0] == Int($0) })
    }
}
