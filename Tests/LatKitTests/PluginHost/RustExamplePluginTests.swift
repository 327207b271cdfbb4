import Foundation
import XCTest

@testable import LatKit

/// The Rust SDK: the example cdylib built with cargo outside SwiftPM and checked like the C
/// example, panics shown to arrive as typed errors, and the crate's own tests (its bindings
/// compared field by field with the C header) run.
final class RustExamplePluginTests: XCTestCase {
    /// Runs cargo offline and locked, so nothing is fetched and nothing in the repository is
    /// written, with its build output in `folder`.
    @discardableResult
    private func cargo(_ command: String, crate: String, in folder: String, _ extra: [String] = []) throws -> String {
        try Toolchain.succeed(
            "cargo",
            [command, "--offline", "--locked", "--manifest-path", TestPaths.repository + "/" + crate + "/Cargo.toml"] + extra,
            environment: ["CARGO_TARGET_DIR": folder + "/target", "CARGO_TERM_COLOR": "never"])
    }

    /// Builds the example in release; returns the path of `liblatkit_example_rust.so`.
    private func build(in folder: String) throws -> String {
        try cargo("build", crate: "SDK/examples/rust_estimator", in: folder, ["--release"])
        return folder + "/target/release/liblatkit_example_rust.so"
    }

    func testBuildsWithCargoAndPassesTheConformanceSuite() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        ExampleEstimatorChecks.assertPassesConformance(
            library: try build(in: folder), plugin: "example-rust-linear", folder: folder + "/target/release")
    }

    func testPanicsBecomeTypedErrors() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = PluginCatalog()
        try catalog.load(file: try build(in: folder))
        // A panic with a message and one with a non-string payload: LATKIT_ERR_INTERNAL, no abort.
        try ExampleEstimatorChecks.assertFaultsBecomeTypedErrors(
            catalog, plugin: "example-rust-linear",
            messages: [
                "panic": "panic: deliberate fault in predict (fault=panic)",
                "panic-any": "panic with a payload that is not a string",
            ],
            longPrefix: "panic: deliberate fault in predict (fault=long-message): ")
        // Returned errors keep their status, and after the panics the plugin still works.
        XCTAssertThrowsError(try catalog.estimator("example-rust-linear", options: ["fualt": "panic"])) { error in
            XCTAssertEqual((error as? PluginCallError)?.message, "unknown option 'fualt' (known: fault)")
        }
        try ExampleEstimatorChecks.assertFitsAndRefusesPredictBeforeFit(catalog, plugin: "example-rust-linear")
    }

    /// The crate's tests: every `#[repr(C)]` struct against a C program compiled with the header,
    /// every header struct and field bound, panics and truncation at the boundary, options.
    func testCrateTestsCheckTheBindingsAgainstTheCHeader() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = try cargo("test", crate: "SDK/rust/latkit-plugin", in: folder)
        for test in [
            "every_struct_matches_the_c_compiler", "every_struct_and_field_of_the_header_is_bound",
            "panics_and_errors_become_statuses", "messages_are_one_line_and_truncated_at_a_character_boundary",
        ] {
            XCTAssertTrue(output.contains("test \(test) ... ok") || output.contains("::\(test) ... ok"), "\(test) did not pass:\n\(output)")
        }
        XCTAssertFalse(output.contains("FAILED"), output)
    }
}
