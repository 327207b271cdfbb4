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
        XCTAssertTrue(text.hasPrefix("latkit-model 1\n{"), text)
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
        newer.replaceSubrange(0..<14, with: Array("latkit-model 2".utf8))
        XCTAssertThrowsError(try ModelFile.decode(newer, path: "m")) {
            XCTAssertEqual("\($0)", "m: format version 2 is newer than this latkit reads (up to 1); upgrade latkit")
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
}
