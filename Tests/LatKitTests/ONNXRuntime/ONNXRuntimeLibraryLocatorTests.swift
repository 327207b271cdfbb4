import LatKitONNXRuntime
import XCTest

/// The order of the places the library is looked for, and the error when it is nowhere.
final class ONNXRuntimeLibraryLocatorTests: XCTestCase {
    let relative = ONNXRuntimeLibraryLocator.fetchedRelativePath

    func testSearchOrder() {
        let locator = ONNXRuntimeLibraryLocator(
            environment: ["LATKIT_ORT_LIB": "/opt/ort/libonnxruntime.so"], currentDirectory: "/work/run",
            executablePath: "/work/latkit/.build/x86_64-unknown-linux-gnu/release/latkit")
        XCTAssertEqual(
            locator.candidates,
            [
                .file(path: "/opt/ort/libonnxruntime.so", origin: "$LATKIT_ORT_LIB"),
                .file(path: "/work/run/" + relative, origin: "current directory"),
                .file(path: "/work/latkit/.build/" + relative, origin: "package root above the executable"),
                .file(path: "/work/latkit/" + relative, origin: "package root above the executable"),
                .loaderName("libonnxruntime.so"),
            ])
    }

    func testExplicitPathIsTheOnlyPlace() {
        let locator = ONNXRuntimeLibraryLocator(
            explicitPath: "lib/ort.so", environment: ["LATKIT_ORT_LIB": "/elsewhere.so"], currentDirectory: "/work/run")
        XCTAssertEqual(locator.candidates, [.file(path: "/work/run/lib/ort.so", origin: "explicit path")])
    }

    func testMissingLibraryListsEveryPlaceTried() throws {
        let folder = NSTemporaryDirectory() + "latkit-no-ort-\(getpid())"
        let locator = ONNXRuntimeLibraryLocator(
            environment: ["LATKIT_ORT_LIB": folder + "/env.so"], currentDirectory: folder,
            executablePath: folder + "/pkg/.build/release/latkit", loaderName: "liblatkit-absent-onnxruntime.so")
        XCTAssertThrowsError(try ONNXRuntimeLibrary.load(locator: locator)) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"), text)
            for place in [folder + "/env.so", folder + "/" + relative, folder + "/pkg/" + relative, "liblatkit-absent-onnxruntime.so"] {
                XCTAssertTrue(text.contains(place), "\(place) missing from: \(text)")
            }
            XCTAssertTrue(text.contains("make ort"), text)
        }
    }
}
