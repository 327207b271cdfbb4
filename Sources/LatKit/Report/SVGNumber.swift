/// Compact decimal text for SVG coordinates and lengths: rounded to a fixed number of fraction
/// digits, trailing zeros and a lone decimal point dropped, never `-0`.
public enum SVGNumber {
    /// `value` rounded to `fractionDigits` (0 to 6) digits: `12.0` → `"12"`, `3.14159` → `"3.1"`,
    /// `-0.04` → `"0"`. A value that is not finite is written `"0"` (SVG has no NaN or infinity).
    public static func format(_ value: Double, fractionDigits: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        let digits = max(0, min(6, fractionDigits))
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * Double(scale)).rounded()
        guard abs(scaled) < 1e15 else { return String(value.rounded()) }
        let units = Int64(scaled)
        if units == 0 { return "0" }
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        var text = units < 0 ? "-" : ""
        text += String(whole)
        guard fraction != 0 else { return text }
        var width = digits
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: width - fractionText.count) + fractionText
        return text
    }
}
