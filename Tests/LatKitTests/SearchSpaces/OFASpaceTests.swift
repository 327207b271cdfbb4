import XCTest

@testable import LatKit

/// The four OFA-family search spaces of `liblatkit_ofa.so`, through the host API: canonical form,
/// sampling, variation, errors and facts.
final class OFASpaceTests: XCTestCase {
    static let spaceNames = ["ofa-mbv3-w1.0", "ofa-mbv3-w1.2", "compofa-fixed", "compofa-elastic"]

    private func space(_ name: String, _ options: [String: String] = [:]) throws -> SearchSpace {
        try TestPaths.catalog("ofa").searchSpace(name, options: options)
    }

    func testFacts() throws {
        let ofa = try space("ofa-mbv3-w1.0")
        XCTAssertEqual(ofa.encodings, ["paper128", "rich"])
        XCTAssertEqual(ofa.architectureColumns, ["ks", "e", "d", "r"])
        XCTAssertEqual(ofa.facts["feature_count.paper128"], "128")
        XCTAssertEqual(ofa.facts["feature_count.rich"], "151")
        XCTAssertEqual(ofa.facts["width"], "1.0")
        XCTAssertEqual(ofa.facts["supernet"], "ofa_mbv3_d234_e346_k357_w1.0")
        XCTAssertEqual(ofa.facts["resolutions"], Array(stride(from: 128, through: 224, by: 4)).map(String.init).joined(separator: ","))
        // (9 + 9^2... ) per stage: 81 + 729 + 6561 = 7371 networks, ^5, times 25 resolutions.
        XCTAssertEqual(ofa.sizeLog10!, 5 * log10(7371.0) + log10(25.0), accuracy: 1e-4)
        XCTAssertEqual(try space("ofa-mbv3-w1.2").facts["width"], "1.2")

        let fixed = try space("compofa-fixed", ["resolutions": "paper"])
        XCTAssertEqual(fixed.facts["resolutions"], "160,176,192,208,224")
        XCTAssertEqual(fixed.facts["width"], "1.0")
        XCTAssertEqual(fixed.sizeLog10!, log10(243.0 * 5), accuracy: 1e-4)
        let elastic = try space("compofa-elastic", ["width": "1.2"])
        XCTAssertEqual(elastic.facts["width"], "1.2")
        XCTAssertEqual(elastic.sizeLog10!, 5 * log10(9.0 + 27 + 81) + log10(25.0), accuracy: 1e-4)
    }

    func testCanonicalRoundTripOf10000SamplesInEverySpace() throws {
        for name in Self.spaceNames {
            let space = try space(name)
            let samples = try space.sample(count: 10_000, seed: 2024)
            XCTAssertEqual(try space.canonicalize(samples), samples, name)
            XCTAssertEqual(try space.architectures(fromFields: samples.map(ofaFields)), samples, name)
            XCTAssertGreaterThan(Set(samples).count, name == "compofa-fixed" ? 1_000 : 9_990, name)
            for sample in samples.prefix(2_000) { try assertShape(sample, space: name) }
        }
    }

    func testSamplingIsDeterministicPerSeed() throws {
        for name in Self.spaceNames {
            let space = try space(name)
            XCTAssertEqual(try space.sample(count: 50, seed: 7), try space.sample(count: 50, seed: 7), name)
            XCTAssertNotEqual(try space.sample(count: 50, seed: 7), try space.sample(count: 50, seed: 8), name)
            // A larger batch starts with the same draws.
            XCTAssertEqual(Array(try space.sample(count: 50, seed: 7).prefix(10)), try space.sample(count: 10, seed: 7), name)
        }
        // Pinned: the generator and the order of draws (depths, then kernel and expand per active
        // slot, then resolution) are part of the contract "same seed, same strings everywhere".
        XCTAssertEqual(
            try space("ofa-mbv3-w1.0").sample(count: 2, seed: 42),
            [
                "ks=7-7-0-0-5-3-3-0-7-7-7-3-5-5-7-3-5-7-7-3;e=6-6-0-0-6-6-6-0-4-6-3-4-3-4-4-4-6-6-6-4;d=2-3-4-4-4;r=224",
                "ks=3-5-7-0-3-5-5-7-5-7-7-3-5-3-5-5-3-3-7-5;e=4-6-4-0-3-3-4-4-6-3-3-3-4-6-6-6-3-3-4-4;d=3-4-4-4-4;r=176",
            ])
        XCTAssertEqual(
            try space("compofa-fixed").sample(count: 1, seed: 42),
            ["ks=3-3-0-0-5-5-5-0-3-3-3-3-3-3-3-3-5-5-5-5;e=3-3-0-0-4-4-4-0-6-6-6-6-6-6-6-6-6-6-6-6;d=2-3-4-4-4;r=204"])
    }

    func testSamplingIsUniformPerGene() throws {
        let samples = try space("ofa-mbv3-w1.0").sample(count: 30_000, seed: 5).map(ofaLists)
        func shares(_ values: [Int]) -> [Int: Double] {
            values.reduce(into: [:]) { $0[$1, default: 0] += 1.0 / Double(values.count) }
        }
        for (depth, share) in shares(samples.flatMap(\.d)) { XCTAssertEqual(share, 1.0 / 3, accuracy: 0.01, "d=\(depth)") }
        for (kernel, share) in shares(samples.flatMap { $0.ks.filter { $0 != 0 } }) {
            XCTAssertEqual(share, 1.0 / 3, accuracy: 0.01, "ks=\(kernel)")
        }
        for (expand, share) in shares(samples.flatMap { $0.e.filter { $0 != 0 } }) {
            XCTAssertEqual(share, 1.0 / 3, accuracy: 0.01, "e=\(expand)")
        }
        let resolutions = shares(samples.map(\.r))
        XCTAssertEqual(resolutions.count, 25)
        for (resolution, share) in resolutions { XCTAssertEqual(share, 1.0 / 25, accuracy: 0.006, "r=\(resolution)") }
    }

    func testCanonicalizeZeroesInactiveSlotsAndReadsDataRows() throws {
        let ofa = try space("ofa-mbv3-w1.0")
        // Row 0 of ofa_paper_latency.csv, with the sampler's values in inactive slots.
        let row = ["7-7-3-3-5-7-3-7-3-7-3-7-5-7-7-5-5-5-7-5", "6-3-4-4-3-6-4-6-6-3-4-6-6-3-3-4-6-4-6-6", "2-4-2-3-3", "208"]
        let canonical = "ks=7-7-0-0-5-7-3-7-3-7-0-0-5-7-7-0-5-5-7-0;e=6-3-0-0-3-6-4-6-6-3-0-0-6-3-3-0-6-4-6-0;d=2-4-2-3-3;r=208"
        XCTAssertEqual(try ofa.architectures(fromFields: [row]), [canonical])
        let loose = " r = 208 ; d=2-4-2-3-3;ks=\(row[0]); e=\(row[1].replacingOccurrences(of: "-", with: " - "));"
        XCTAssertEqual(try ofa.canonicalize([loose, canonical]), [canonical, canonical])
    }

    func testErrorsNameTheFieldPositionAndAllowedValues() throws {
        let ofa = try space("ofa-mbv3-w1.0")
        let ks = "7-7-3-3-5-7-3-7-3-7-3-7-5-7-7-5-5-5-7-5"
        let e = "6-3-4-4-3-6-4-6-6-3-4-6-6-3-3-4-6-4-6-6"
        func message(_ architecture: String) -> String {
            do {
                _ = try ofa.canonicalize([architecture])
                return "no error"
            } catch { return "\(error)" }
        }
        let badKernel = ks.replacingOccurrences(of: "7-7-3-3-", with: "7-7-3-4-")
        XCTAssertTrue(
            message("ks=\(badKernel);e=\(e);d=4-4-2-3-3;r=208").contains("ks: slot 3 (stage 0, block 3) has kernel 4; allowed 3,5,7"),
            message("ks=\(badKernel);e=\(e);d=4-4-2-3-3;r=208"))
        XCTAssertTrue(message("ks=\(badKernel);e=\(e);d=2-4-2-3-3;r=208").contains("(or 0 beyond the stage's depth)"))
        XCTAssertTrue(message("ks=\(ks);e=\(e);d=2-4-5-3-3;r=208").contains("d: stage 2 has depth 5; allowed 2,3,4"))
        XCTAssertTrue(
            message("ks=\(ks);e=\(e);d=2-4-2-3-3;r=100").contains("r: resolution 100 is not allowed; allowed 128..224 step 4"))
        XCTAssertTrue(message("ks=\(ks)-3;e=\(e);d=2-4-2-3-3;r=208").contains("ks has 21 values, needs 20"))
        XCTAssertTrue(message("ks=\(ks);e=6-3;d=2-4-2-3-3;r=208").contains("e has 2 values, needs 20"))
        XCTAssertTrue(message("ks=\(ks);e=\(e);d=2-4-2-3;r=208").contains("d has 4 values, needs 5"))
        XCTAssertTrue(message("ks=\(ks);e=\(e);d=2-4-2-3-3;r=208").contains("no error"))
        XCTAssertTrue(message("ks=\(ks);e=\(e);d=2-4-2-3-3").contains("missing field 'r'"))
        XCTAssertTrue(message("ks=\(ks);e=\(e);d=2-4-2-3-3;r=208;w=1").contains("unknown field 'w' (fields: ks, e, d, r)"))
        XCTAssertTrue(message("ks=\(ks);e=\(e);d=2-4-x-3-3;r=208").contains("d: entry 2 is 'x', not a whole number"))
        XCTAssertTrue(message("ks=\(ks);ks=\(ks);e=\(e);d=2-4-2-3-3;r=208").contains("field 'ks' given twice"))
        XCTAssertTrue(message("").contains("empty architecture"))
        let zeroActive = "ks=7-0-0-0-5-7-3-7-3-7-0-0-5-7-7-0-5-5-7-0;e=\(e);d=2-4-2-3-3;r=208"
        XCTAssertTrue(message(zeroActive).contains("ks: slot 1 (stage 0, block 1) is 0, but the block is active"), message(zeroActive))

        // The batch index is named, and from_fields names the row.
        XCTAssertThrowsError(try ofa.canonicalize(["ks=\(ks);e=\(e);d=2-4-2-3-3;r=208", "ks=\(ks);e=\(e);d=2-4-2-3-3;r=100"])) {
            XCTAssertTrue("\($0)".contains("architecture 1: r: resolution 100"), "\($0)")
        }
        XCTAssertThrowsError(try ofa.architectures(fromFields: [[ks, e, "2-4-2-3-3", "208"], [ks, e, "2-4-2-3-9", "208"]])) {
            XCTAssertTrue("\($0)".contains("row 1: d: stage 4 has depth 9"), "\($0)")
        }
        XCTAssertThrowsError(try ofa.architectures(fromFields: [[ks, e, "2-4-2-3-3"]])) {
            XCTAssertTrue("\($0)".contains("expected 4 fields (ks, e, d, r), got 3"), "\($0)")
        }
        // Options.
        XCTAssertThrowsError(try space("ofa-mbv3-w1.0", ["resolutions": "160,100"])) {
            XCTAssertTrue("\($0)".contains("'100' is not a whole number in 112..239"), "\($0)")
        }
        XCTAssertThrowsError(try space("compofa-fixed", ["width": "1.1"])) {
            XCTAssertTrue("\($0)".contains("width=1.1 is not one of 1.0, 1.2"), "\($0)")
        }
        XCTAssertThrowsError(try space("ofa-mbv3-w1.0", ["width": "1.2"])) {
            XCTAssertTrue("\($0)".contains("unknown option 'width'"), "\($0)")
        }
        XCTAssertThrowsError(try ofa.encode([], encoding: "onehot")) {
            XCTAssertTrue("\($0)".contains("no encoding 'onehot'"), "\($0)")
        }
    }

    func testResolutionsOption() throws {
        let paper = try space("ofa-mbv3-w1.2", ["resolutions": "paper"])
        let samples = try paper.sample(count: 2_000, seed: 3)
        XCTAssertEqual(Set(samples.map { ofaLists($0).r }), [160, 176, 192, 208, 224])
        let custom = try space("ofa-mbv3-w1.2", ["resolutions": "220, 112"])
        XCTAssertEqual(custom.facts["resolutions"], "112,220")
        XCTAssertThrowsError(try custom.canonicalize([samples[0]])) {
            XCTAssertTrue("\($0)".contains("allowed 112,220"), "\($0)")
        }
    }

    func testMutationKeepsValidityAndFollowsTheProbabilities() throws {
        for name in Self.spaceNames {
            let space = try space(name)
            let parents = try space.sample(count: 2_000, seed: 11)
            let unchanged = try space.mutate(parents, seed: 5, mutationProbability: 0, resolutionProbability: 0)
            XCTAssertEqual(unchanged, parents, name)
            let mutants = try space.mutate(parents, seed: 5, mutationProbability: 0.1, resolutionProbability: 0.5)
            XCTAssertEqual(try space.canonicalize(mutants), mutants, name)
            XCTAssertEqual(mutants, try space.mutate(parents, seed: 5, mutationProbability: 0.1, resolutionProbability: 0.5), name)
            for mutant in mutants { try assertShape(mutant, space: name) }
            // The resolution is redrawn about half the time (and then kept with chance 1/25).
            let resolutionChanged = zip(parents, mutants).filter { ofaLists($0).r != ofaLists($1).r }.count
            XCTAssertEqual(Double(resolutionChanged) / 2_000, 0.5 * 24 / 25, accuracy: 0.05, name)
            // Each stage depth is redrawn with probability 0.1 (and changes with 2/3 of that).
            let depthChanged = zip(parents, mutants).map { a, b in zip(ofaLists(a).d, ofaLists(b).d).filter { $0 != $1 }.count }
            XCTAssertEqual(Double(depthChanged.reduce(0, +)) / (2_000 * 5), 0.1 * 2 / 3, accuracy: 0.015, name)
        }
        XCTAssertThrowsError(
            try space("ofa-mbv3-w1.0").mutate(["ks=1;e=3;d=2;r=160"], seed: 1, mutationProbability: 0.1, resolutionProbability: 0.1)
        ) {
            XCTAssertTrue("\($0)".contains("parent 0: ks has 1 value, needs 20"), "\($0)")
        }
        XCTAssertThrowsError(try space("ofa-mbv3-w1.0").mutate([], seed: 1, mutationProbability: 1.5, resolutionProbability: 0.1)) {
            XCTAssertTrue("\($0)".contains("mutation_probability must be a probability in [0, 1], got 1.5"), "\($0)")
        }
    }

    func testCrossoverTakesEveryGeneFromAParent() throws {
        for name in Self.spaceNames {
            let space = try space(name)
            let first = try space.sample(count: 2_000, seed: 21)
            let second = try space.sample(count: 2_000, seed: 22)
            let children = try space.crossover(first, second, seed: 9)
            XCTAssertEqual(children, try space.crossover(first, second, seed: 9), name)
            XCTAssertEqual(try space.canonicalize(children), children, name)
            XCTAssertEqual(try space.crossover(first, first, seed: 9), first, name)
            var fromFirst = 0
            var differing = 0
            for (index, child) in children.enumerated() {
                try assertShape(child, space: name)
                let (a, b, c) = (ofaLists(first[index]), ofaLists(second[index]), ofaLists(child))
                XCTAssertTrue(c.r == a.r || c.r == b.r)
                for stage in 0..<5 { XCTAssertTrue(c.d[stage] == a.d[stage] || c.d[stage] == b.d[stage]) }
                for slot in 0..<20 where c.ks[slot] != 0 {
                    XCTAssertTrue([a.ks[slot], b.ks[slot]].contains(c.ks[slot]), "\(name) slot \(slot)")
                    XCTAssertTrue([a.e[slot], b.e[slot]].contains(c.e[slot]) || name.hasPrefix("compofa"), "\(name) slot \(slot)")
                }
                // Depth and resolution genes where the parents differ: about half from each.
                for (x, y, z) in zip(zip(a.d + [a.r], b.d + [b.r]), c.d + [c.r]).map({ ($0.0, $0.1, $1) }) where x != y {
                    differing += 1
                    if z == x { fromFirst += 1 }
                }
            }
            XCTAssertGreaterThan(differing, 1_000, name)
            let share = Double(fromFirst) / Double(differing)
            XCTAssertTrue((0.45...0.55).contains(share), "\(name): share of differing genes from the first parent \(share)")
        }
    }

    func testCompOFAKeepsAndChecksTheCoupling() throws {
        let ks = "3-3-3-3-5-5-5-5-3-3-3-3-3-3-3-3-5-5-5-5"
        let row = [ks, "6-6-6-6-4-4-4-4-4-4-4-4-6-6-6-6-6-6-6-6", "4-3-3-4-4", "176"]
        let canonical = "ks=3-3-3-3-5-5-5-0-3-3-3-0-3-3-3-3-5-5-5-5;e=6-6-6-6-4-4-4-0-4-4-4-0-6-6-6-6-6-6-6-6;d=4-3-3-4-4;r=176"
        for name in ["compofa-fixed", "compofa-elastic", "ofa-mbv3-w1.0"] {
            XCTAssertEqual(try space(name).architectures(fromFields: [row]), [canonical], name)
        }
        let fixed = try space("compofa-fixed")
        let wrongExpand = canonical.replacingOccurrences(of: "e=6-6-6-6-4-4-4-0", with: "e=6-6-6-6-4-6-4-0")
        XCTAssertThrowsError(try fixed.canonicalize([wrongExpand])) {
            XCTAssertTrue("\($0)".contains("e: slot 5 (stage 1, block 1) has expand ratio 6, but CompOFA ties"), "\($0)")
            XCTAssertTrue("\($0)".contains("d=3 -> e=4"), "\($0)")
        }
        XCTAssertThrowsError(try space("compofa-elastic").canonicalize([wrongExpand]))
        let wrongKernel = canonical.replacingOccurrences(of: "ks=3-3-3-3-5-5-5-0", with: "ks=3-3-3-3-5-7-5-0")
        XCTAssertThrowsError(try fixed.canonicalize([wrongKernel])) {
            XCTAssertTrue("\($0)".contains("ks: slot 5 (stage 1, block 1) has kernel 7, but the fixed-kernel CompOFA"), "\($0)")
        }
        XCTAssertEqual(try space("compofa-elastic").canonicalize([wrongKernel]), [wrongKernel])
        XCTAssertEqual(try space("ofa-mbv3-w1.0").canonicalize([wrongExpand]), [wrongExpand])
        // Fixed kernel: 243 networks; a large sample at one resolution finds them all.
        let nets = Set(try space("compofa-fixed", ["resolutions": "224"]).sample(count: 5_000, seed: 1))
        XCTAssertEqual(nets.count, 243)
    }

    func testCompOFAPaperRowsParse() throws {
        let csv = try OFATestCSV("ofanas_paper/compofa_fixedkernel_paper_latency.csv")
        XCTAssertEqual(csv.rows.count, 10_000)
        let fields = csv.fields(["ks", "e", "d", "r"])
        let fixed = try space("compofa-fixed").architectures(fromFields: fields)
        XCTAssertEqual(Set(fixed).count, 1_215)  // 243 networks x 5 resolutions, as the data README says
        XCTAssertEqual(try space("compofa-elastic").architectures(fromFields: fields), fixed)
        XCTAssertEqual(try space("compofa-fixed", ["width": "1.2"]).canonicalize(fixed), fixed)
        // The 243 measured networks, each at the resolution it was measured at.
        let measured = try OFATestCSV("ofanas_paper/compofa_fixedkernel_measured_243.csv")
        let nets = try space("compofa-fixed").architectures(fromFields: measured.fields(["ks", "e", "d", "r_measured"]))
        XCTAssertEqual(Set(nets.map { $0.prefix { $0 != "r" } }).count, 243)
    }

    /// Checks the canonical shape and, for CompOFA, the coupling, independently of the plugin.
    private func assertShape(_ canonical: String, space: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let (ks, e, d, r) = ofaLists(canonical)
        XCTAssertEqual(ks.count, 20, file: file, line: line)
        XCTAssertEqual(e.count, 20, file: file, line: line)
        XCTAssertTrue(d.allSatisfy { [2, 3, 4].contains($0) }, canonical, file: file, line: line)
        XCTAssertTrue((128...224).contains(r) && r % 4 == 0, canonical, file: file, line: line)
        for slot in 0..<20 {
            let stage = slot / 4
            let active = slot % 4 < d[stage]
            if !active {
                XCTAssertEqual([ks[slot], e[slot]], [0, 0], canonical, file: file, line: line)
                continue
            }
            XCTAssertTrue([3, 5, 7].contains(ks[slot]) && [3, 4, 6].contains(e[slot]), canonical, file: file, line: line)
            if space.hasPrefix("compofa") {
                XCTAssertEqual(e[slot], [2: 3, 3: 4, 4: 6][d[stage]], canonical, file: file, line: line)
            }
            if space == "compofa-fixed" {
                XCTAssertEqual(ks[slot], [3, 5, 3, 3, 5][stage], canonical, file: file, line: line)
            }
        }
    }
}

/// ABI 1.1: the operators an OFA space lists are exactly those its networks contain.
final class OFAOperatorListTests: XCTestCase {
    func testListedOperatorsAtOneResolutionAreTheNote10TableKeys() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.2")
        XCTAssertEqual(space.operatorScopeKeys, ["resolution"])
        let listed = try space.listOperators(scope: ["resolution": "224"])
        XCTAssertEqual(Set(listed).count, listed.count, "no key twice")
        // OFA's own Note10 table for the same network and resolution lists the same 96 keys.
        let yaml = try String(contentsOfFile: TestPaths.data + "/ofanas_paper/note10_lut_yaml/224_lookup_table.yaml", encoding: .utf8)
        let tableKeys = yaml.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix(" ") }.map { String($0.dropLast()) }
        XCTAssertEqual(Set(listed), Set(tableKeys))
    }

    func testEveryOperatorOfSampledNetworksIsListed() throws {
        for name in OFASpaceTests.spaceNames {
            let space = try TestPaths.catalog("ofa").searchSpace(name, options: ["resolutions": "160,224"])
            let listed = Set(try space.listOperators(scope: [:]))
            let used = Set(try space.operators(try space.sample(count: 2_000, seed: 5)).flatMap { $0.map(\.key) })
            XCTAssertTrue(used.isSubset(of: listed), "\(name): \(used.subtracting(listed).prefix(3))")
            XCTAssertThrowsError(try space.listOperators(scope: ["resolution": "100"]), name)
            XCTAssertThrowsError(try space.listOperators(scope: ["depth": "2"]), name) {
                XCTAssertTrue("\($0)".contains("unknown operator scope 'depth'"), "\($0)")
            }
        }
    }
}
