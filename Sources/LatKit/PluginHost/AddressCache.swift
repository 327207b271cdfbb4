/// A fixed-size cache from memory addresses to values: each address has one slot, and a newer
/// address that maps to the same slot takes it. It stays small however many addresses it sees,
/// so it suits the many repeats of few addresses (interned strings) without growing on the many
/// distinct addresses of strings that are not. A hit only says the address was seen: callers
/// confirm that the memory there still holds what they stored.
struct AddressCache<Value> {
    private var addresses: [UInt]
    private var values: [Value?]
    private let mask: Int

    /// A cache of `slots` entries (rounded up to a power of two).
    init(slots: Int = 4_096) {
        var size = 1
        while size < slots { size <<= 1 }
        addresses = [UInt](repeating: 0, count: size)
        values = [Value?](repeating: nil, count: size)
        mask = size - 1
    }

    private func slot(_ address: UInt) -> Int { Int(truncatingIfNeeded: (address >> 4) ^ (address >> 16)) & mask }

    /// The value stored for `address`, if its slot still holds it.
    subscript(address: UInt) -> Value? {
        get {
            let slot = slot(address)
            return addresses[slot] == address ? values[slot] : nil
        }
        set {
            let slot = slot(address)
            addresses[slot] = address
            values[slot] = newValue
        }
    }
}
