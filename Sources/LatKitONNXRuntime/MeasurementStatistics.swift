/// The summary of one measurement: the timed runs' latencies in milliseconds and the conditions.
public struct MeasurementStatistics: Equatable {
    /// Mean, sample standard deviation (n - 1; 0 for a single run), minimum and median (the middle
    /// value, or the mean of the two middle ones), in milliseconds.
    public var meanMs: Double
    public var stdMs: Double
    public var minMs: Double
    public var medianMs: Double
    /// The number of timed runs.
    public var runs: Int
    /// The busy fraction of the other cores during the timed runs (see `CPULoad`); nil if unknown.
    public var load: Double?
    /// How many times the measurement was made (1 unless the machine was busy).
    public var attempts: Int

    /// The statistics of `timesMs` (at least one value).
    public init(timesMs: [Double], load: Double? = nil, attempts: Int = 1) {
        precondition(!timesMs.isEmpty, "statistics need at least one run")
        let count = Double(timesMs.count)
        let mean = timesMs.reduce(0, +) / count
        let squares = timesMs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let sorted = timesMs.sorted()
        let middle = sorted.count / 2
        meanMs = mean
        stdMs = timesMs.count > 1 ? (squares / (count - 1)).squareRoot() : 0
        minMs = sorted[0]
        medianMs = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        runs = timesMs.count
        self.load = load
        self.attempts = attempts
    }
}
