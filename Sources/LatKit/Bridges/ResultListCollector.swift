/// Collects a result list of unknown length: texts written as items 0..k-1 (a strategy's result).
/// An index never written stays nil, so a gap can be reported.
final class ResultListCollector: SinkReceiver {
    /// The most items a strategy may write (a guard against a runaway index).
    static let limit = 10_000_000
    private(set) var texts: [String?] = []

    func receive(index: Int, bytes: UnsafeRawBufferPointer, value: Double) -> Bool {
        guard index >= 0, index < ResultListCollector.limit else { return false }
        if index >= texts.count { texts += Array(repeating: nil, count: index + 1 - texts.count) }
        texts[index] = (texts[index] ?? "") + String(decoding: bytes, as: UTF8.self)
        return true
    }
}
