extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns (the blanks of
    /// option lines and of a worker's lines; the SDK needs no Foundation for it).
    public func trimmingBlanks() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, Self.isBlank(self[start]) { start = index(after: start) }
        while end > start, Self.isBlank(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }

    private static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" || character == "\r" }
}
