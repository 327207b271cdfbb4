/// What a store copy did.
public struct StoreCopyOutcome: Sendable, Equatable {
    /// Results written to the target.
    public var copied: Int
    /// Results the target already held (kept as they were).
    public var alreadyThere: Int
}

extension MeasurementStore {
    /// Copies every device and every result matching `filter` (networks and operators) into
    /// `target`, each result once; one the target holds already is kept.
    public func copy(_ filter: MeasurementFilter, into target: MeasurementStore) throws -> StoreCopyOutcome {
        for device in try devices() { try target.registerDevice(device.name, description: device.description) }
        var outcome = StoreCopyOutcome(copied: 0, alreadyThere: 0)
        for result in try measurements(filter) {
            if try target.record(result) { outcome.copied += 1 } else { outcome.alreadyThere += 1 }
        }
        return outcome
    }
}
