import XCTest

@testable import LatKit

/// The `fbnet` search space, loaded from its built `.so`, through the typed host API.
final class FBNetSpaceTests: XCTestCase {
    static let blocks = ["k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"]
    static let excerpt = "help_fbnet/latency_wide.csv"

    private func space() throws -> SearchSpace {
        try TestPaths.catalog("fbnet").searchSpace("fbnet")
    }

    static func genes(_ text: String) -> [Substring] { text.split(separator: "-") }

    /// The canonical form of 22 op indices, written here independently of the plugin.
    static func architecture(_ ops: [Int]) -> String { ops.map { blocks[$0] }.joined(separator: "-") }

    func testFacts() throws {
        let space = try space()
        XCTAssertEqual(space.encodings, ["onehot", "opcount", "layermacs"])
        XCTAssertEqual(try space.featureCount(encoding: nil), 198)
        XCTAssertEqual(try space.featureCount(encoding: "opcount"), 9)
        XCTAssertEqual(try space.featureCount(encoding: "layermacs"), 22)
        XCTAssertEqual(space.architectureColumns, ["op_idx"])
        XCTAssertEqual(space.sizeLog10 ?? 0, 22 * 0.954242509, accuracy: 1e-6)
    }

    func testEveryExcerptRowCanonicalizesAndRoundTrips() throws {
        let space = try space()
        let table = try ExcerptTable(Self.excerpt)
        let indices = try table.column("op_idx")
        let names = try table.column("blocks")
        XCTAssertEqual(indices.count, 5000)
        let expected = indices.map { Self.architecture($0.split(separator: "-").map { Int($0)! }) }
        // The canonical form is the names of the `blocks` column joined by '-'.
        XCTAssertEqual(expected, names.map { $0.replacingOccurrences(of: " ", with: "-") })
        XCTAssertEqual(try space.architectures(fromFields: indices.map { [$0] }), expected)
        XCTAssertEqual(try space.canonicalize(indices), expected)
        XCTAssertEqual(try space.canonicalize(names), expected)
        XCTAssertEqual(try space.canonicalize(expected), expected)
        XCTAssertEqual(
            expected[0],
            "k5_e6-skip-k3_e1_g2-skip-k5_e1-skip-skip-skip-k5_e6-k5_e1-k3_e1_g2-k5_e1-k5_e6-k3_e6-k3_e3-k5_e6-k3_e6-k3_e3-k5_e1-k3_e3-k5_e1-k5_e1_g2"
        )
    }

    func testSamplingAndVariation() throws {
        let space = try space()
        try checkVariation(space, count: 10_000, genes: Self.genes)
        // Uniform: each block at each layer about 10,000 / 9 = 1,111 times (sd 31).
        let samples = try space.sample(count: 10_000, seed: 42).map(Self.genes)
        for layer in [0, 7, 21] {
            let counts = Dictionary(grouping: samples.map { $0[layer] }, by: { $0 }).mapValues(\.count)
            XCTAssertEqual(counts.count, 9)
            for count in counts.values { XCTAssertEqual(Double(count), 1111, accuracy: 160) }
        }
    }

    func testErrorsNameTheLayerAndTheAllowedBlocks() throws {
        let space = try space()
        var ops = Array(repeating: "k3_e1", count: 22)
        ops[7] = "k7_e6"
        assertThrows(["architecture 0", "layer 7", "unknown block 'k7_e6'", "k3_e1, k3_e1_g2, k3_e3", "skip", "0-8"]) {
            _ = try space.canonicalize([ops.joined(separator: "-")])
        }
        assertThrows(["layer 3", "unknown block '9'"]) { _ = try space.canonicalize(["0-0-0-9" + String(repeating: "-0", count: 18)]) }
        assertThrows(["22 layers", "got 21"]) { _ = try space.canonicalize([String(repeating: "skip-", count: 20) + "skip"]) }
        assertThrows(["22 layers", "got 0"]) { _ = try space.canonicalize([""]) }
        assertThrows(["row 1", "op_idx", "layer 0"]) {
            _ = try space.architectures(fromFields: [
                [Self.architecture(Array(repeating: 8, count: 22))], ["x" + String(repeating: "-1", count: 21)],
            ])
        }
        assertThrows(["encoding 'path'", "onehot, opcount, layermacs"]) {
            _ = try space.encode([Self.architecture(Array(repeating: 0, count: 22))], encoding: "path")
        }
    }

    /// HW-NAS-Bench's pixel3 column is a sum of per-(layer, block) costs plus a constant (data
    /// README 2.3): least squares over the plugin's operator keys must reproduce it to rounding.
    func testOperatorKeysAreTheAdditiveDecompositionOfPixel3() throws {
        let space = try space()
        let table = try ExcerptTable(Self.excerpt)
        let operators = try space.operators(try table.column("op_idx"))
        let targets = try table.numbers("pixel3")
        let fit = OperatorFit(operators: operators, targets: targets)
        // 2 fixed keys + 22 layers x 8 blocks + 6 channel-changing skips.
        XCTAssertEqual(fit.keys.count, 184)
        XCTAssertLessThan(fit.maxResidual, 1e-9, "max residual \(fit.maxResidual) ms")
        // Prices fitted on the first 400 rows predict the other 100 as exactly.
        let heldOut = OperatorFit(operators: Array(operators.prefix(400)), targets: Array(targets.prefix(400)))
        for (row, target) in zip(operators.suffix(100), targets.suffix(100)) {
            XCTAssertEqual(try XCTUnwrap(heldOut.predict(row)), target, accuracy: 1e-9)
        }
        // The same keys without the layer position would not be additive: merging all layers'
        // keys of one block breaks the fit.
        let merged = operators.map { row in row.map { Operator(key: String($0.key.split(separator: ":")[1]), count: $0.count) } }
        XCTAssertGreaterThan(OperatorFit(operators: merged, targets: targets).maxResidual, 0.1)
    }

    func testOperatorKeys() throws {
        let space = try space()
        var ops = Array(repeating: 8, count: 22)
        ops[0] = 0
        ops[7] = 7
        let keys = try space.operators([Self.architecture(ops)])[0]
        XCTAssertEqual(
            keys,
            [
                Operator(key: "stem:conv3x3-bn-relu:in=32x32x3:out=16:s1", count: 1),
                Operator(key: "head:conv1x1-bn-relu-pool-fc:in=4x4x352:mid=1504:out=100", count: 1),
                Operator(key: "layer00:k3_e1:in=32x32x16:out=16:s1", count: 1),
                Operator(key: "layer01:skip:in=32x32x16:out=24:s1", count: 1),
                Operator(key: "layer05:skip:in=32x32x24:out=32:s2", count: 1),
                Operator(key: "layer07:k5_e6:in=16x16x32:out=32:s1", count: 1),
                Operator(key: "layer09:skip:in=16x16x32:out=64:s2", count: 1),
                Operator(key: "layer13:skip:in=8x8x64:out=112:s1", count: 1),
                Operator(key: "layer17:skip:in=8x8x112:out=184:s2", count: 1),
                Operator(key: "layer21:skip:in=4x4x184:out=352:s1", count: 1),
            ])
    }

    func testCostAgainstHandComputedValues() throws {
        let space = try space()
        let allSkip = Self.architecture(Array(repeating: 8, count: 22))
        var firstBlock = Array(repeating: 8, count: 22)
        firstBlock[0] = 0
        var lastBlock = Array(repeating: 8, count: 22)
        lastBlock[21] = 7
        let costs = try space.cost([allSkip, Self.architecture(firstBlock), Self.architecture(lastBlock)])
        // All skip: stem 32*32*3*16*9 = 442,368; 1x1 skip convs 32*32*16*24 + 16*16*24*32 +
        // 8*8*32*64 + 8*8*64*112 + 4*4*112*184 + 4*4*184*352 = 2,545,664; head 4*4*352*1504 +
        // 1504*100 = 8,620,928. Params: 464 + 1x1 weights and BN (432 + 832 + 2,176 + 7,392 +
        // 20,976 + 65,472) + 529,408 + 3,008 + 150,500 = 780,660.
        XCTAssertEqual(costs[0], Cost(macs: 11_608_960, params: 780_660))
        // Layer 0 as k3_e1 (16 -> 16 at 32x32): 1x1 1024*16*16 + depthwise 1024*16*9 + 1x1
        // 1024*16*16 = 671,744 MACs; weights 256 + 144 + 256 and BN 32 + 32 + 32 = 752.
        XCTAssertEqual(costs[1].macs - costs[0].macs, 671_744)
        XCTAssertEqual(costs[1].params - costs[0].params, 752)
        // Layer 21 as k5_e6 (184 -> 352 at 4x4, no residual) instead of its 1x1 skip conv
        // (16*184*352 = 1,036,288 MACs, 64,768 + 704 params): middle 1104 channels,
        // 16*184*1104 + 16*1104*25 + 16*1104*352 = 9,909,504 MACs; weights 203,136 + 27,600 +
        // 388,608 and BN 2,208 + 2,208 + 704 = 624,464 params.
        XCTAssertEqual(costs[2].macs - costs[0].macs, 9_909_504 - 1_036_288)
        XCTAssertEqual(costs[2].params - costs[0].params, 624_464 - 65_472)
        // The layermacs encoding holds the same per-layer MACs, in millions.
        let features = try space.encode([Self.architecture(lastBlock)], encoding: "layermacs")
        XCTAssertEqual(Double(features.row(0).last!), 9.909504, accuracy: 1e-6)
        XCTAssertEqual(Double(features.row(0).reduce(0, +)), (costs[2].macs - 442_368 - 8_620_928) / 1e6, accuracy: 1e-4)
    }

    func testOneHotAndOpCountEncodings() throws {
        let space = try space()
        let indices = try ExcerptTable(Self.excerpt).column("op_idx")
        let onehot = try space.encode(indices, encoding: nil)
        let counts = try space.encode(indices, encoding: "opcount")
        for (row, text) in indices.enumerated() {
            let ops = text.split(separator: "-").map { Int($0)! }
            XCTAssertEqual(Array(onehot.row(row)), ops.flatMap { op in (0..<9).map { $0 == op ? Float(1) : 0 } })
            XCTAssertEqual(Array(counts.row(row)), (0..<9).map { block in Float(ops.filter { $0 == block }.count) })
        }
    }
}
