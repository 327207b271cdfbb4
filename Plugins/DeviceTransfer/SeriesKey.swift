/// A device series: one device at one batch size. Rows of a batch belong to the series named by
/// their device id and batch size (`LATKIT_VIEW_DEVICE`).
struct SeriesKey: Hashable, Comparable, CustomStringConvertible {
    /// The device id the host gave the row (a hardware id such as `rtx_2080_ti`).
    var device: String
    /// The batch size the row was measured at.
    var batchSize: Float

    var description: String { "\(device)@\(batchSize == batchSize.rounded() ? String(Int(batchSize)) : String(batchSize))" }

    static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool { (lhs.device, lhs.batchSize) < (rhs.device, rhs.batchSize) }
}
