import LatKitPluginKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Operator counts of some rows resolved to vocabulary columns, in compressed rows: the operators
/// of row `i` are `columns[offsets[i] ..< offsets[i + 1]]` with their `counts`. Keys the
/// vocabulary does not hold are left out (they contribute 0).
package struct OperatorCounts {
    package var offsets: [Int] = [0]
    package var columns: [Int] = []
    package var counts: [Double] = []

    package var rows: Int { offsets.count - 1 }
}

/// The operator keys (e.g. OFA lookup-table keys with their shapes) the default recipe's additive
/// part has one column each for: the keys seen in training, sorted. Looks a key up from its raw
/// bytes (an open-addressing table over a word-at-a-time hash, confirmed by comparing the bytes),
/// so that prediction makes no `String` per key.
package struct OperatorVocabulary: Equatable {
    /// The keys in column order.
    package let keys: [String]
    private let bytes: [UInt8]
    /// `keys.count + 1` offsets of each key's bytes in `bytes`.
    private let starts: [Int]
    private let hashes: [UInt64]
    /// Column of each occupied slot, -1 where empty; a power of two at least twice the key count.
    private let slots: [Int32]

    /// The vocabulary of `keys` (sorted and de-duplicated here).
    package init(keys: some Sequence<String>) {
        let sorted = Set(keys).sorted()
        self.keys = sorted
        var bytes: [UInt8] = []
        var starts = [0]
        for key in sorted {
            bytes.append(contentsOf: key.utf8)
            starts.append(bytes.count)
        }
        let hashes = (0..<sorted.count).map { index in
            bytes.withUnsafeBytes { Self.hash($0.baseAddress! + starts[index], length: starts[index + 1] - starts[index]) }
        }
        var capacity = 16
        while capacity < 2 * sorted.count { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (column, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(column)
        }
        self.bytes = bytes
        self.starts = starts
        self.hashes = hashes
        self.slots = slots
    }

    package static func == (lhs: OperatorVocabulary, rhs: OperatorVocabulary) -> Bool { lhs.keys == rhs.keys }

    /// The column of the key whose `length` bytes start at `key`, or nil when it is not in the vocabulary.
    @inline(__always)
    package func column(_ key: UnsafeRawPointer, length: Int) -> Int? {
        let hash = Self.hash(key, length: length)
        let mask = slots.count - 1
        return bytes.withUnsafeBytes { stored in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let column = Int(slots[slot])
                if column < 0 { return nil }
                if hashes[column] == hash, starts[column + 1] - starts[column] == length,
                    memcmp(stored.baseAddress! + starts[column], key, length) == 0
                {
                    return column
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The column of `key`, or nil.
    package func column(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { utf8 in
            guard let start = utf8.baseAddress else { return nil }
            return column(UnsafeRawPointer(start), length: utf8.count)
        }
    }

    /// Resolves operator lists copied out of batches.
    package func counts(_ rows: [[(key: String, count: Double)]]) -> OperatorCounts {
        var result = OperatorCounts()
        for operators in rows {
            for op in operators where op.count != 0 {
                guard let column = column(of: op.key) else { continue }
                result.columns.append(column)
                result.counts.append(op.count)
            }
            result.offsets.append(result.columns.count)
        }
        return result
    }

    /// Resolves a batch's operators view in place (no copy of the keys).
    package func counts(_ batch: BatchView) throws -> OperatorCounts {
        let (offsets, keys, counts) = try batch.operatorEntries()
        var result = OperatorCounts()
        result.offsets.reserveCapacity(batch.count + 1)
        result.columns.reserveCapacity(keys.count)
        result.counts.reserveCapacity(keys.count)
        for row in 0..<batch.count {
            for entry in Int(offsets[row])..<Int(offsets[row + 1]) {
                let count = counts[entry]
                guard count.isFinite, count >= 0 else {
                    throw PluginError.invalid("row \(row): an operator has count \(count); counts must be finite and >= 0")
                }
                guard count != 0, let key = keys[entry] else { continue }
                guard let column = column(key, length: strlen(key)) else { continue }
                result.columns.append(column)
                result.counts.append(count)
            }
            result.offsets.append(result.columns.count)
        }
        return result
    }

    /// A 64-bit hash of `length` bytes, eight at a time.
    @inline(__always)
    package static func hash(_ key: UnsafeRawPointer, length: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(length)
        var offset = 0
        while offset + 8 <= length {
            hash = (hash ^ key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < length {
            tail |= UInt64(key.load(fromByteOffset: offset, as: UInt8.self)) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 31)
    }
}
