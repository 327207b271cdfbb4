extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns (the blanks of
    /// option lines and of a worker's lines; the SDK needs no Foundation for it).
    public func trimmingBlanks() -> String { trimming(while: Self.isBlank) }

    /// The text without the leading and trailing characters for which `isBlank` holds, found by
    /// walking indices in from both ends (no intermediate collections: this runs once per row of
    /// files with a hundred thousand lines).
    public func trimming(while isBlank: (Character) -> Bool) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, isBlank(self[start]) { start = index(after: start) }
        while end > start, isBlank(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }

    private static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" || character == "\r" }
}
