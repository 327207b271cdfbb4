import LatKitPluginABI
import XCTest

@testable import LatKit

/// The host's receiver of operator lists, as a plugin writes them through a sink.
final class OperatorCollectorTests: XCTestCase {
    /// Writes `key` from `buffer` (the plugin's memory) as an item of output `index`.
    private func put(_ collector: OperatorCollector, _ index: Int, _ key: String, from buffer: UnsafeMutablePointer<CChar>, _ count: Double)
    {
        let bytes = Array(key.utf8)
        bytes.withUnsafeBytes { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        XCTAssertTrue(collector.receive(index: index, bytes: UnsafeRawBufferPointer(start: buffer, count: bytes.count), value: count))
    }

    func testAKeyFromTheSameAddressIsOneStringAndAReusedBufferIsReadAgain() {
        let interned = UnsafeMutablePointer<CChar>.allocate(capacity: 128)
        let scratch = UnsafeMutablePointer<CChar>.allocate(capacity: 128)
        defer {
            interned.deallocate()
            scratch.deallocate()
        }
        let long = String(repeating: "expand_conv-k5-e6-", count: 4)
        let collector = OperatorCollector(count: 2)
        put(collector, 0, long, from: interned, 1)
        put(collector, 1, long, from: interned, 2)
        // A plugin that formats every key into one scratch buffer: same address, other bytes.
        put(collector, 0, "conv-3x3", from: scratch, 3)
        put(collector, 1, "conv-5x5", from: scratch, 4)
        put(collector, 1, "conv-5x", from: scratch, 5)
        XCTAssertEqual(collector.operators[0].map(\.key), [long, "conv-3x3"])
        XCTAssertEqual(collector.operators[1].map(\.key), [long, "conv-5x5", "conv-5x"])
        XCTAssertEqual(collector.operators.flatMap { $0.map(\.count) }, [1, 3, 2, 4, 5])
        // The interned key is one string: both lists share its storage.
        let storage = collector.operators.map { $0[0].key.utf8.withContiguousStorageIfAvailable { $0.baseAddress } }
        XCTAssertEqual(storage[0], storage[1])
        XCTAssertFalse(collector.receive(index: 2, bytes: UnsafeRawBufferPointer(start: interned, count: 1), value: 1))
    }
}
