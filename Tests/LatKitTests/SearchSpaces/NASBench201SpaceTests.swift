import XCTest

@testable import LatKit

/// The `nasbench201` search space, loaded from its built `.so`, through the typed host API.
final class NASBench201SpaceTests: XCTestCase {
    static let operations = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
    static let excerpt = "help_nasbench201/latency_wide.csv"

    private func space() throws -> SearchSpace {
        try TestPaths.catalog("nasbench201").searchSpace("nasbench201")
    }

    /// The cell string of 6 operations, written here independently of the plugin.
    static func cell(_ ops: [String]) -> String {
        "|\(ops[0])~0|+|\(ops[1])~0|\(ops[2])~1|+|\(ops[3])~0|\(ops[4])~1|\(ops[5])~2|"
    }

    /// The operations of a cell string, edge order.
    static func genes(_ text: String) -> [Substring] {
        text.split(separator: "|").filter { $0 != "+" }.map { $0.split(separator: "~")[0] }
    }

    /// Every one of the 15,625 cells, edge 0 slowest.
    static var allCells: [[String]] {
        (0..<15625).map { number in (0..<6).map { edge in operations[(number / [3125, 625, 125, 25, 5, 1][edge]) % 5] } }
    }

    /// Connectivity by listing the 4 input-output paths of the DAG: 0->3, 0->1->3, 0->2->3,
    /// 0->1->2->3 (edges 3; 0,4; 1,5; 0,2,5); a cell is connected when all edges of one path are
    /// not `none`.
    static func hasPath(_ ops: [String]) -> Bool {
        [[3], [0, 4], [1, 5], [0, 2, 5]].contains { path in path.allSatisfy { ops[$0] != "none" } }
    }

    func testFacts() throws {
        let space = try space()
        XCTAssertEqual(space.encodings, ["onehot", "opcount"])
        XCTAssertEqual(try space.featureCount(encoding: nil), 30)
        XCTAssertEqual(try space.featureCount(encoding: "opcount"), 6)
        XCTAssertEqual(space.architectureColumns, ["arch_str"])
        XCTAssertEqual(space.sizeLog10 ?? 0, 4.19382, accuracy: 1e-5)
        XCTAssertEqual(space.facts["disconnected_cells"], "341")
    }

    func testEveryExcerptRowCanonicalizesAndRoundTrips() throws {
        let space = try space()
        let cells = try ExcerptTable(Self.excerpt).column("arch_str")
        XCTAssertEqual(cells.count, 15625)
        // The data already uses the canonical form.
        XCTAssertEqual(try space.canonicalize(cells), cells)
        XCTAssertEqual(try space.architectures(fromFields: cells.map { [$0] }), cells)
        XCTAssertEqual(try space.canonicalize(["  " + cells[0] + "\n"]), [cells[0]])
        XCTAssertEqual(cells[0], "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")
    }

    func testSamplingAndVariation() throws {
        let space = try space()
        try checkVariation(space, count: 10_000, genes: Self.genes)
        // Uniform: each operation on each edge about 2,000 times of 10,000 (sd 40).
        let samples = try space.sample(count: 10_000, seed: 42)
        for edge in 0..<6 {
            let counts = Dictionary(grouping: samples.map { Self.genes($0)[edge] }, by: { $0 }).mapValues(\.count)
            XCTAssertEqual(Set(counts.keys), Set(Self.operations.map { Substring($0) }))
            for count in counts.values { XCTAssertEqual(Double(count), 2000, accuracy: 200) }
        }
    }

    func testErrorsNameTheFieldAndTheAllowedValues() throws {
        let space = try space()
        let good = Self.cell(["nor_conv_3x3", "none", "skip_connect", "avg_pool_3x3", "nor_conv_1x1", "none"])
        XCTAssertEqual(try space.canonicalize([good]), [good])
        assertThrows(["architecture 1", "edge 2 (1->2)", "unknown operation 'conv_3x3'", "allowed: none, skip_connect, nor_conv_1x1"]) {
            _ = try space.canonicalize([good, good.replacingOccurrences(of: "skip_connect~1", with: "conv_3x3~1")])
        }
        assertThrows(["3 nodes", "got 2 group(s)"]) { _ = try space.canonicalize(["|none~0|+|none~0|none~1|"]) }
        assertThrows(["node 3 needs 3 incoming edge(s)", "got 2"]) {
            _ = try space.canonicalize(["|none~0|+|none~0|none~1|+|none~0|none~1|"])
        }
        assertThrows(["edge 4 (1->3)", "~1"]) { _ = try space.canonicalize(["|none~0|+|none~0|none~1|+|none~0|none~2|none~2|"]) }
        assertThrows(["row 1", "arch_str"]) { _ = try space.architectures(fromFields: [[good], ["garbage"]]) }
        assertThrows(["encoding 'path'", "onehot, opcount"]) { _ = try space.encode([good], encoding: "path") }
    }

    func testDisconnectedCellsAreDetected() throws {
        let catalog = try TestPaths.catalog("nasbench201")
        let function = try XCTUnwrap(try catalog.plugin(named: "nasbench201").functions.first { $0.name == "is_connected" })
        XCTAssertEqual(function.signature, "i(s)")

        // Over the whole space the plugin agrees with the path listing, and both find the 341
        // disconnected cells of the data README.
        var disconnected = 0
        for ops in Self.allCells {
            let connected = callIntOfString(function, Self.cell(ops))
            XCTAssertEqual(connected, Self.hasPath(ops) ? 1 : 0, "\(ops)")
            if connected == 0 { disconnected += 1 }
        }
        XCTAssertEqual(disconnected, 341)
        XCTAssertEqual(callIntOfString(function, "|none~0|+|none~0|"), -1)
        XCTAssertEqual(callIntOfString(function, nil), -1)

        // In the shipped data: 341 disconnected cells, 13 of them in the first 500 rows (all-none
        // input paths; index 10 is |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|,
        // index 0 is connected), and every pixel3 latency below 0.5 ms (pruned graphs) belongs to
        // one of them. data/help_nasbench201/disconnected_cells.txt lists exactly these cells.
        let table = try ExcerptTable(Self.excerpt)
        let cells = try table.column("arch_str")
        let indices = try table.column("arch_index").map { Int($0)! }
        let flags = cells.map { callIntOfString(function, $0) }
        let disconnectedRows = zip(indices, flags).filter { $0.1 == 0 }.map(\.0)
        XCTAssertEqual(disconnectedRows.count, 341)
        XCTAssertEqual(Array(disconnectedRows.prefix(13)), [10, 12, 74, 104, 105, 108, 120, 172, 182, 225, 233, 426, 441])
        XCTAssertGreaterThan(disconnectedRows[13], 500)
        let listed = try String(contentsOfFile: TestPaths.data + "/help_nasbench201/disconnected_cells.txt", encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        XCTAssertEqual(listed, zip(cells, flags).filter { $0.1 == 0 }.map(\.0))
        XCTAssertEqual(flags[0], 1)
        for (flag, pixel3) in zip(flags, try table.numbers("pixel3")) where pixel3 < 0.5 { XCTAssertEqual(flag, 0) }
        // The opcount encoding carries the flag in its last column.
        let features = try catalog.searchSpace("nasbench201").encode([cells[0], cells[10]], encoding: "opcount")
        XCTAssertEqual(Array(features.row(0)), [0, 3, 2, 0, 1, 1])
        XCTAssertEqual(Array(features.row(1)), [3, 0, 0, 3, 0, 0])
    }

    func testOneHotEncoding() throws {
        let space = try space()
        let cells = try ExcerptTable(Self.excerpt).column("arch_str")
        let features = try space.encode(cells, encoding: nil)
        XCTAssertEqual(features.encoding, "onehot")
        XCTAssertEqual(features.columns, 30)
        for (row, cell) in cells.enumerated() {
            let expected = Self.genes(cell).flatMap { op in Self.operations.map { $0 == op ? Float(1) : 0 } }
            XCTAssertEqual(Array(features.row(row)), expected)
        }
    }

    func testCostAgainstHandComputedValues() throws {
        let space = try space()
        let none = Self.cell(Array(repeating: "none", count: 6))
        let conv3 = Self.cell(Array(repeating: "nor_conv_3x3", count: 6))
        let conv1 = Self.cell(Array(repeating: "nor_conv_1x1", count: 6))
        let pools = Self.cell(["avg_pool_3x3", "skip_connect", "avg_pool_3x3", "skip_connect", "avg_pool_3x3", "skip_connect"])
        let costs = try space.cost([none, conv3, conv1, pools])
        // Skeleton: stem 32*32*3*16*9 = 442,368; each reduction block 3x3 s2 + 3x3 + 1x1 shortcut
        // = 3,670,016 (16->32 at 16x16 and 32->64 at 8x8 alike); linear 640. Sum 7,783,040 MACs.
        // Params 464 + 14,464 + 57,600 + 778 = 73,306.
        XCTAssertEqual(costs[0], Cost(macs: 7_783_040, params: 73_306))
        XCTAssertEqual(costs[3], costs[0], "pooling and skip have no MACs or weights")
        // A 3x3 conv edge costs 9*H*W*C*C per cell: 9*1024*256 = 9*256*1024 = 9*64*4096 = 2,359,296
        // at every stage, x 6 edges x 15 cells = 212,336,640 MACs; params 6*5*(9C^2+2C) summed
        // over C = 16, 32, 64: 70,080 + 278,400 + 1,109,760 = 1,458,240.
        XCTAssertEqual(costs[1].macs - costs[0].macs, 212_336_640)
        XCTAssertEqual(costs[1].params - costs[0].params, 1_458_240)
        XCTAssertEqual(costs[1], Cost(macs: 220_119_680, params: 1_531_546))
        // A 1x1 conv is a ninth of the MACs; params 30*(C^2+2C) per stage: 8,640 + 32,640 + 126,720.
        XCTAssertEqual(costs[2].macs - costs[0].macs, 212_336_640 / 9)
        XCTAssertEqual(costs[2].params - costs[0].params, 168_000)
    }

    func testOperatorKeys() throws {
        let space = try space()
        let cell = Self.cell(["avg_pool_3x3", "nor_conv_1x1", "none", "nor_conv_1x1", "skip_connect", "nor_conv_3x3"])
        let ops = try space.operators([cell])[0]
        XCTAssertEqual(
            ops,
            [
                Operator(key: "stem:conv3x3-bn:in=32x32x3:out=16", count: 1),
                Operator(key: "reduction1:resblock:in=32x32x16:out=16x16x32", count: 1),
                Operator(key: "reduction2:resblock:in=16x16x32:out=8x8x64", count: 1),
                Operator(key: "head:bn-relu-pool-fc:in=8x8x64:out=10", count: 1),
                Operator(key: "edge0:avg_pool_3x3", count: 15),
                Operator(key: "edge1:nor_conv_1x1", count: 15),
                Operator(key: "edge3:nor_conv_1x1", count: 15),
                Operator(key: "edge4:skip_connect", count: 15),
                Operator(key: "edge5:nor_conv_3x3", count: 15),
            ])
        // The keys are a good additive model of a large-batch GPU series (README: R^2 0.99997 over
        // all cells): over all 15,625 cells the least-squares fit over them explains 2080ti_bs256 almost fully.
        let table = try ExcerptTable(Self.excerpt)
        let targets = try table.numbers("2080ti_bs256")
        let fit = OperatorFit(operators: try space.operators(try table.column("arch_str")), targets: targets)
        XCTAssertGreaterThan(fit.rSquared(targets), 0.9999)
    }
}
