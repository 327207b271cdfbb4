import Foundation
import XCTest

@testable import LatKit

/// What every SDK example of the linear cost estimator (C, C++, Rust) must show: the same
/// conformance result, the same extension function, the same errors and predictions, and, for
/// the languages with exceptions or panics, faults that arrive as typed errors.
enum ExampleEstimatorChecks {
    /// Two rows with MACs 1 and 2.
    static let batch = ArchitectureBatch(searchSpace: "any", count: 2, costs: [Cost(macs: 1, params: 1), Cost(macs: 2, params: 1)])

    /// `latkit plugins check` passes with the C example's result, and `latkit call PLUGIN add`
    /// finds the extension function in `folder`.
    static func assertPassesConformance(
        library path: String, plugin: String, folder: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let result = runCLI(["plugins", "check", path])
        XCTAssertEqual(result.status, 0, result.out + result.err, file: file, line: line)
        XCTAssertTrue(result.out.contains("\(plugin) (estimator)"), result.out, file: file, line: line)
        XCTAssertTrue(result.out.contains("11 passed, 0 failed, 1 skipped"), result.out, file: file, line: line)
        XCTAssertTrue(result.out.contains("refused: predict called before fit or load"), result.out, file: file, line: line)

        let call = runCLI(["call", plugin, "add", "2", "3.5", "--plugin-path", folder])
        XCTAssertEqual(call.status, 0, call.err, file: file, line: line)
        XCTAssertEqual(call.out, "5.5\n", file: file, line: line)
    }

    /// Predict before fit is a typed `LATKIT_ERR_STATE` error; after a fit on y = 1 + 2x the
    /// estimator predicts the line.
    static func assertFitsAndRefusesPredictBeforeFit(
        _ catalog: PluginCatalog, plugin: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let estimator = try catalog.estimator(plugin)
        XCTAssertThrowsError(try estimator.predict(batch), file: file, line: line) { error in
            XCTAssertEqual(
                error as? PluginCallError,
                PluginCallError(plugin: plugin, function: "predict", status: 3, message: "predict called before fit or load"),
                file: file, line: line)
        }
        var train = batch
        train.targets = [3, 5]
        try estimator.fit(train: train, validation: nil, seed: 0, progress: nil)
        XCTAssertEqual(try estimator.predict(batch).mean, [3, 5], file: file, line: line)
    }

    /// With option `fault=F`, predict fails with LATKIT_ERR_INTERNAL and exactly `messages[F]`;
    /// with `fault=long-message` the message starts with `longPrefix` and is cut to the host's
    /// 1,024-byte buffer between two 'é' (two bytes each) instead of overflowing or splitting one.
    static func assertFaultsBecomeTypedErrors(
        _ catalog: PluginCatalog, plugin: String, messages: [String: String], longPrefix: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for (fault, message) in messages {
            let estimator = try catalog.estimator(plugin, options: ["fault": fault])
            XCTAssertThrowsError(try estimator.predict(batch), file: file, line: line) { error in
                XCTAssertEqual(
                    error as? PluginCallError, PluginCallError(plugin: plugin, function: "predict", status: 7, message: message),
                    file: file, line: line)
            }
        }
        let long = try catalog.estimator(plugin, options: ["fault": "long-message"])
        XCTAssertThrowsError(try long.predict(batch), file: file, line: line) { error in
            guard let error = error as? PluginCallError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.status, 7, file: file, line: line)
            XCTAssertTrue(error.message.hasPrefix(longPrefix), error.message, file: file, line: line)
            let room = ErrorBuffer.capacity - 1
            XCTAssertEqual(error.message.utf8.count, room - (room - longPrefix.utf8.count) % 2, file: file, line: line)
            XCTAssertTrue(
                error.message.dropFirst(longPrefix.count).allSatisfy { $0 == "é" }, "a character was cut in half", file: file, line: line)
        }
    }
}
