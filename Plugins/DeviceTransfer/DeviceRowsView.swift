import Foundation
import LatKitPluginKit

/// The device view of a batch, row by row: each row's series and its descriptor vector.
struct DeviceRowsView {
    /// The series of each row.
    var keys: [SeriesKey]
    /// Row-major descriptors, `keys.count` x `width`, with log2 of the batch size appended as the last column.
    var descriptors: [Float]
    /// Descriptor columns (the host's device features plus the batch size).
    var width: Int
    /// Names of the host's descriptor columns (without the appended batch size).
    var names: [String]

    init(_ batch: BatchView) throws {
        let view = try batch.devices()
        let hostWidth = view.names.count
        width = hostWidth + 1
        names = view.names
        keys = []
        keys.reserveCapacity(batch.count)
        descriptors = []
        descriptors.reserveCapacity(batch.count * width)
        for row in 0..<batch.count {
            let size = view.batchSizes[row]
            guard size.isFinite, size > 0 else { throw PluginError.invalid("row \(row): batch size must be positive, got \(size)") }
            keys.append(SeriesKey(device: view.ids[row], batchSize: size))
            for column in 0..<hostWidth {
                let value = view.values[row * hostWidth + column]
                guard value.isFinite else {
                    throw PluginError.invalid("row \(row): device feature '\(view.names[column])' is not finite")
                }
                descriptors.append(value)
            }
            descriptors.append(log2(size))
        }
    }

    /// The descriptor of row `row`.
    func descriptor(_ row: Int) -> [Float] { Array(descriptors[(row * width)..<((row + 1) * width)]) }

    /// The rows of each series, series in sorted order.
    func rowsBySeries() -> [(key: SeriesKey, rows: [Int])] {
        var rows: [SeriesKey: [Int]] = [:]
        for (row, key) in keys.enumerated() { rows[key, default: []].append(row) }
        return rows.keys.sorted().map { ($0, rows[$0]!) }
    }
}
