import Foundation

/// A number as progress messages show it: four significant digits.
func format(_ value: Double) -> String { String(format: "%.4g", value) }
