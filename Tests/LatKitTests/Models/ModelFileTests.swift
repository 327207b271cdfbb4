import Foundation
import XCTest

@testable import LatKit

final class ModelFileTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks (the FIPS 180-2 example of 448 bits).
        XCTAssertEqual(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    private func sample() -> ModelFile {
        let header = ModelHeader(
            plugin: "mlp", pluginVersion: "1.0.0", kind: "estimator", options: ["recipe": "default"], searchSpace: "ofa-mbv3-w1.0",
            featureEncoding: "paper128", target: "rtx_2080_ti_ms", devices: ["rtx_2080_ti"],
            trainingData: TrainingDataInfo(
                file: "data/x.csv", rows: 2, fingerprint: TrainingDataInfo.fingerprint(architectures: ["a", "b"], targets: [1, 2])),
            metrics: ["validation_rmse_ms": 0.4])
        return ModelFile(header: header, state: Array(0..<200).map { UInt8($0) })
    }

    func testRoundTrip() throws {
        let file = sample()
        let decoded = try ModelFile.decode(try file.encoded(), path: "m")
        XCTAssertEqual(decoded, file)
        XCTAssertEqual(decoded.header.stateBytes, 200)
        let text = String(decoding: try file.encoded().prefix(40), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("latkit-model 2\n{"), text)
        XCTAssertTrue(decoded.headerVerified)
    }

    func testCorruptedTruncatedAndNewerFilesAreRefused() throws {
        var bytes = try sample().encoded()
        bytes[bytes.count - 5] ^= 0xFF
        XCTAssertThrowsError(try ModelFile.decode(bytes, path: "m")) {
            XCTAssertEqual("\($0)", "m: corrupted: state checksum does not match")
        }
        let truncated = Array(try sample().encoded().dropLast(3))
        XCTAssertThrowsError(try ModelFile.decode(truncated, path: "m")) {
            XCTAssertEqual("\($0)", "m: corrupted: state is 197 bytes, header says 200")
        }
        var newer = try sample().encoded()
        newer.replaceSubrange(0..<14, with: Array("latkit-model 3".utf8))
        XCTAssertThrowsError(try ModelFile.decode(newer, path: "m")) {
            XCTAssertEqual("\($0)", "m: format version 3 is newer than this latkit reads (up to 2); upgrade latkit")
        }
        XCTAssertThrowsError(try ModelFile.decode(Array("PK\u{3}\u{4} zip".utf8), path: "m")) {
            XCTAssertTrue("\($0)".contains("not a latkit model file"))
        }
    }

    func testFingerprintDependsOnOrderAndValues() {
        let base = TrainingDataInfo.fingerprint(architectures: ["a", "b"], targets: [1, 2])
        XCTAssertNotEqual(base, TrainingDataInfo.fingerprint(architectures: ["b", "a"], targets: [2, 1]))
        XCTAssertNotEqual(base, TrainingDataInfo.fingerprint(architectures: ["a", "b"], targets: [1, 2.0001]))
        XCTAssertEqual(base, TrainingDataInfo.fingerprint(architectures: ["a", "b"], targets: [1, 2]))
    }

    /// The bytes of `file` in format 1: no header-sha256 line, as latkit wrote them before.
    private func formatOne(_ file: ModelFile) throws -> [UInt8] {
        let lines = try file.encoded().split(separator: 0x0A, maxSplits: 3, omittingEmptySubsequences: false)
        return Array("latkit-model 1\n".utf8) + Array(lines[1]) + [0x0A] + Array(lines[3])
    }

    /// Before: a changed search_space in the JSON header passed the state checksum (lut-fitted then
    /// predicted 0 ms and exited 0). Now the header has a checksum of its own.
    func testAChangedHeaderIsRefused() throws {
        let bytes = try sample().encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        let changed = Array(
            text.replacingOccurrences(of: "\"search_space\":\"ofa-mbv3-w1.0\"", with: "\"search_space\":\"ofa-mbv3-w1.2\"").utf8)
        XCTAssertNotEqual(changed, bytes)
        XCTAssertThrowsError(try ModelFile.decode(changed, path: "m")) {
            XCTAssertEqual("\($0)", "m: corrupted: header checksum does not match (the header was changed after training)")
        }
        var noChecksum = try formatOne(sample())
        noChecksum.replaceSubrange(0..<14, with: Array("latkit-model 2".utf8))
        XCTAssertThrowsError(try ModelFile.decode(noChecksum, path: "m")) {
            XCTAssertEqual("\($0)", "m: corrupted: the third line is not 'header-sha256 <hex>'")
        }
    }

    /// Format 1 files (no header checksum) are still read, marked as unverified; the two shipped
    /// pipeline models are such files.
    func testFormatOneIsStillRead() throws {
        let old = try ModelFile.decode(try formatOne(sample()), path: "m")
        XCTAssertEqual(old.format, 1)
        XCTAssertFalse(old.headerVerified)
        XCTAssertEqual(old.header, sample().header)
        XCTAssertEqual(old.state, sample().state)
        let shipped = try ModelFile.read(from: TestPaths.repository + "/pipelines/models/note10_lut_fitted.lkm")
        XCTAssertEqual(shipped.format, 1)
        XCTAssertEqual(shipped.header.plugin, "lut-fitted")
    }

    func testVersionZeroNegativeAndMalformedVersionsAreRefused() throws {
        let body = try sample().encoded().drop { $0 != 0x0A }
        for version in ["0", "-1", "+2", "01", "1.0", "", "99999999999999999999"] {
            XCTAssertThrowsError(try ModelFile.decode(Array("latkit-model \(version)".utf8) + body, path: "m"), version) {
                XCTAssertEqual(
                    "\($0)", "m: not a latkit model file: format version '\(version)' is not a whole number from 1", version)
            }
        }
    }

    func testAHeaderThatContradictsItselfIsRefused() throws {
        func refused(_ change: (inout ModelHeader) -> Void, _ reason: String, line: UInt = #line) throws {
            var file = sample()
            change(&file.header)
            XCTAssertThrowsError(try ModelFile.decode(try file.encoded(), path: "m"), line: line) {
                XCTAssertEqual("\($0)", "m: invalid header: \(reason)", line: line)
            }
        }
        try refused({ $0.kind = "profiler" }, "kind 'profiler' is neither estimator nor accuracy-predictor")
        try refused({ $0.trainingData.rows = -5 }, "training_data.rows -5 is negative")
        try refused({ $0.featureCount = 0 }, "feature_count 0 is below 1")
        try refused(
            {
                $0.featureEncoding = nil
                $0.featureCount = 128
            }, "feature_count without a feature_encoding")
        try refused({ $0.stateSHA256 = "abc" }, "state_sha256 is not 64 hex digits")
    }

    /// The header is checked against the search space it names: its name, its encoding and the
    /// number of features the model was trained on.
    func testTheHeaderIsCheckedAgainstTheSearchSpace() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0")
        var file = sample()
        file.header.featureCount = try space.featureCount(encoding: "paper128")
        XCTAssertNoThrow(try file.verify(against: space, path: "m"))
        file.header.featureCount = 130
        XCTAssertThrowsError(try file.verify(against: space, path: "m")) {
            XCTAssertEqual("\($0)", "m: trained on 130 features of encoding paper128; ofa-mbv3-w1.0 now gives 128")
        }
        file.header.featureEncoding = "onehot9000"
        XCTAssertThrowsError(try file.verify(against: space, path: "m")) {
            XCTAssertTrue("\($0)".hasPrefix("m: trained on encoding onehot9000, which ofa-mbv3-w1.0 does not offer"), "\($0)")
        }
        file.header.searchSpace = "nasbench201"
        XCTAssertThrowsError(try file.verify(against: space, path: "m")) {
            XCTAssertEqual("\($0)", "m: trained on search space nasbench201, given ofa-mbv3-w1.0")
        }
    }

    /// End to end: a model whose header was edited to name another search space is refused by
    /// `latkit predict` (exit 1, one line), where before `lut-fitted` predicted 0 ms and exited 0.
    func testPredictRefusesAModelWithAnEditedSearchSpace() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plugins = ["--plugin-path", TestPaths.builtProducts]
        let model = folder + "/fitted.lkm"
        let train = runCLI(
            [
                "train", "--space", "ofa-mbv3-w1.0", "--data", TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv", "--target",
                "rtx_2080_ti_ms", "--estimator", "lut-fitted", "--train-rows", "0:300", "--out", model,
            ] + plugins)
        XCTAssertEqual(train.status, 0, train.err)
        let archs = folder + "/archs.txt"
        try "ks=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;e=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0;d=2-2-2-2-2;r=160\n"
            .write(toFile: archs, atomically: true, encoding: .utf8)
        XCTAssertEqual(runCLI(["predict", "--model", model, "--archs", archs] + plugins).status, 0)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let field = try XCTUnwrap(bytes.range(of: Data("\"search_space\":\"ofa-mbv3-w1.0\"".utf8)))
        bytes.replaceSubrange(field, with: Data("\"search_space\":\"nasbench201\"".utf8))
        try bytes.write(to: URL(fileURLWithPath: model))
        let predict = runCLI(["predict", "--model", model, "--archs", archs] + plugins)
        XCTAssertEqual(predict.status, 1, predict.out)
        XCTAssertEqual(
            predict.err, "latkit predict: \(model): corrupted: header checksum does not match (the header was changed after training)\n")
    }
}
