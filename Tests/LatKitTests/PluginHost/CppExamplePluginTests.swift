import Foundation
import XCTest

@testable import LatKit

/// The C++ SDK example, built with `c++` outside SwiftPM against the header-only helper
/// (`SDK/cpp/latkit_plugin.hpp`), checked like the C example, and shown to turn exceptions into
/// typed errors instead of unwinding into the host.
final class CppExamplePluginTests: XCTestCase {
    /// Compiles the example into `folder/liblatkit_example_cpp.so`, as the guide tells authors to.
    private func build(in folder: String) throws -> String {
        let output = folder + "/liblatkit_example_cpp.so"
        try Toolchain.succeed(
            "c++",
            [
                "-std=c++17", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror",
                "-I", TestPaths.repository + "/SDK/include", "-I", TestPaths.repository + "/SDK/cpp",
                TestPaths.repository + "/SDK/examples/cpp_estimator/linear_cost_estimator.cpp", "-o", output,
            ])
        return output
    }

    func testBuildsWithCppAndPassesTheConformanceSuite() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        ExampleEstimatorChecks.assertPassesConformance(library: try build(in: folder), plugin: "example-cpp-linear", folder: folder)
    }

    func testExceptionsBecomeTypedErrors() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = PluginCatalog()
        try catalog.load(file: try build(in: folder))
        // A std::exception and a thrown int both arrive as LATKIT_ERR_INTERNAL with a message.
        try ExampleEstimatorChecks.assertFaultsBecomeTypedErrors(
            catalog, plugin: "example-cpp-linear",
            messages: [
                "exception": "uncaught C++ exception: deliberate fault in predict (fault=exception)",
                "non-std": "uncaught C++ exception of a type not derived from std::exception",
            ],
            longPrefix: "uncaught C++ exception: deliberate fault in predict (fault=long-message): ")
        // The helper's own errors keep their status, and after the exceptions the plugin still works.
        XCTAssertThrowsError(try catalog.estimator("example-cpp-linear", options: ["fault": "sometimes"])) { error in
            XCTAssertEqual(
                (error as? PluginCallError)?.message, "option fault=sometimes is not one of none, exception, non-std, long-message")
        }
        try ExampleEstimatorChecks.assertFitsAndRefusesPredictBeforeFit(catalog, plugin: "example-cpp-linear")
    }
}
