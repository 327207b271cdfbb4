import LatKitPluginABI
import XCTest

@testable import LatKit

/// ABI minor versions only append: a plugin built for 1.0 keeps loading in a 1.1 host, and the
/// host never reads the 1.1 members past the plugin's declared table size.
final class MinorVersionTests: XCTestCase {
    func testAnABI10SearchSpaceLoadsAndExportsNothing() throws {
        let folder = try CFixtures.temporaryFolder()
        let path = try CFixtures.build("Tests/PluginFixtures/space_abi_1_0.c", name: "space10", in: folder)
        let catalog = PluginCatalog()
        try catalog.load(file: path)
        let info = try catalog.plugin(named: "digits-1-0", kind: .searchSpace)
        XCTAssertEqual([info.abiMajor, info.abiMinor], [1, 0])
        let space = try catalog.searchSpace("digits-1-0")
        XCTAssertEqual(try space.canonicalize(["n3"]), ["n3"])
        XCTAssertEqual(try space.cost(["n4"]).map(\.macs), [4e6])
        XCTAssertEqual(space.exportFormats, [])
        XCTAssertThrowsError(try space.exportModels(["n3"], format: "onnx")) {
            XCTAssertTrue("\($0)".contains("cannot export runnable models"), "\($0)")
            XCTAssertTrue("\($0)".contains("ABI 1.0"), "\($0)")
        }
        XCTAssertThrowsError(try space.exportOperators(["block"], format: "onnx"))
        XCTAssertThrowsError(try space.listOperators(scope: [:]))
    }

    func testTheHostSpeaksABI11() {
        XCTAssertEqual(LatKitVersion.abiMajor, 1)
        XCTAssertEqual(LatKitVersion.abiMinor, 1)
        XCTAssertEqual(PluginKind.searchSpace.minimumTableSize, 96, "the 1.0 table size stays accepted")
        XCTAssertEqual(MemoryLayout<latkit_batch>.size, 176)
    }
}
