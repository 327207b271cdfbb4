/// Fills a row-major feature matrix one architecture at a time: `body` gets each architecture
/// with its own row of `width` values (zeroed first), so an encoder never computes offsets.
///
/// The index of a failing architecture is added to the message of the `PluginError` it throws.
public func writeFeatureRows(
    _ architectures: [String], width: Int, into features: UnsafeMutableBufferPointer<Float>,
    _ body: (String, UnsafeMutableBufferPointer<Float>) throws -> Void
) throws {
    guard features.count >= architectures.count * width else {
        throw PluginError.invalid("feature buffer holds \(features.count) values, \(architectures.count) x \(width) needed")
    }
    for (index, architecture) in architectures.enumerated() {
        let row = UnsafeMutableBufferPointer(rebasing: features[(index * width)..<((index + 1) * width)])
        row.update(repeating: 0)
        do {
            try body(architecture, row)
        } catch let failure as PluginError {
            throw PluginError(failure.status, "architecture \(index): \(failure.message)")
        }
    }
}
