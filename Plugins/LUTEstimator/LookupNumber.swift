/// How a lookup table's numbers are read, the same in YAML and CSV tables and as the host reads
/// latency data files (`NumberField` in `Sources/LatKit/Data/CSVTable.swift`): plain decimal
/// text only — digits, an optional sign, a decimal point and an exponent (`12`, `-0.5`, `1.5e-3`).
/// Hexadecimal (`0x10`), `inf`, `infinity` and `nan` are refused, as is any other text; a
/// value too large for a double (`1e400`) is refused as not finite.
enum LookupNumber {
    /// The finite number `text` spells in plain decimal, nil otherwise.
    static func parse(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.count < 64 else { return nil }
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case 0x2B, 0x2D, 0x2E, 0x45, 0x65: break  // + - . E e
            default: return nil
            }
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
