/// One subnet of the MobileNetV3 supernet: a kernel size and expand ratio per block slot, a depth
/// per stage and an input resolution.
///
/// Slot `4 * stage + block` holds block `block` (0..3) of stage `stage` (0..4). Only the first
/// `depths[stage]` slots of a stage are in the network; a validated architecture holds 0 in the
/// others (its kernel and expand entries). Values live in fixed-size SIMD vectors so that an
/// architecture needs no heap memory.
struct SubnetArchitecture: Equatable, Sendable {
    /// Kernel sizes of slots 0..19 (entries 20..31 unused, 0).
    var kernels = SIMD32<UInt8>()
    /// Expand ratios of slots 0..19 (entries 20..31 unused, 0).
    var expands = SIMD32<UInt8>()
    /// Depths of stages 0..4 (entries 5..7 unused, 0).
    var depths = SIMD8<UInt8>()
    /// Input resolution (square images).
    var resolution = 0

    /// Whether slot `slot` is in the network.
    @inline(__always)
    func isActive(slot: Int) -> Bool {
        slot % MobileNetV3Supernet.slotsPerStage < Int(depths[slot / MobileNetV3Supernet.slotsPerStage])
    }

    /// Writes 0 into the kernel and expand entries of every inactive slot.
    mutating func clearInactiveSlots() {
        for slot in 0..<MobileNetV3Supernet.slotCount where !isActive(slot: slot) {
            kernels[slot] = 0
            expands[slot] = 0
        }
    }
}
