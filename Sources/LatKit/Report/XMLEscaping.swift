/// Escaping of text for XML (SVG) and HTML, in element content and in quoted attribute values alike.
public enum XMLEscaping {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, and the control characters XML 1.0
    /// forbids (U+0000 to U+001F other than tab, line feed and carriage return) dropped.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isSpecial(scalar) {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    private static func isSpecial(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "&", "<", ">", "\"", "'": return true
        case "\t", "\n", "\r": return false
        default: return scalar.value < 0x20
        }
    }
}
