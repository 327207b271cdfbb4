/// Per-column standardisation of a feature matrix: `(x - mean) / scale`, with the statistics of the
/// matrix it was fitted on. Constant columns get scale 1; binary (0/1) columns can be kept as
/// they are, so that one-hot features stay one-hot.
public struct Standardizer: Equatable, Sendable {
    /// One mean per column.
    public var means: [Float]
    /// One scale (standard deviation) per column.
    public var scales: [Float]

    /// A standardizer with the given statistics.
    public init(means: [Float], scales: [Float]) {
        precondition(means.count == scales.count, "means and scales differ in length")
        self.means = means
        self.scales = scales
    }

    /// The statistics of `matrix`'s columns; with `keepBinaryColumns`, columns holding only 0 and 1
    /// get mean 0 and scale 1.
    public init(fitting matrix: Matrix, keepBinaryColumns: Bool = true) {
        let columns = matrix.columns
        var sums = [Double](repeating: 0, count: columns)
        var squares = [Double](repeating: 0, count: columns)
        var binary = [Bool](repeating: true, count: columns)
        for row in 0..<matrix.rows {
            for column in 0..<columns {
                let value = Double(matrix.values[row * columns + column])
                sums[column] += value
                squares[column] += value * value
                if value != 0 && value != 1 { binary[column] = false }
            }
        }
        let count = Double(max(matrix.rows, 1))
        var means = [Float](repeating: 0, count: columns)
        var scales = [Float](repeating: 1, count: columns)
        for column in 0..<columns where !(keepBinaryColumns && binary[column]) {
            let mean = sums[column] / count
            let variance = max(squares[column] / count - mean * mean, 0)
            means[column] = Float(mean)
            scales[column] = variance > 1e-12 ? Float(variance.squareRoot()) : 1
        }
        self.init(means: means, scales: scales)
    }

    /// Standardises `matrix` in place.
    public func apply(_ matrix: inout Matrix) {
        precondition(matrix.columns == means.count, "standardizer has \(means.count) columns, matrix \(matrix.columns)")
        let columns = matrix.columns
        means.withUnsafeBufferPointer { mean in
            scales.withUnsafeBufferPointer { scale in
                matrix.values.withUnsafeMutableBufferPointer { values in
                    for row in 0..<matrix.rows {
                        let base = row * columns
                        for column in 0..<columns { values[base + column] = (values[base + column] - mean[column]) / scale[column] }
                    }
                }
            }
        }
    }

    /// `matrix` standardised.
    public func applied(to matrix: Matrix) -> Matrix {
        var copy = matrix
        apply(&copy)
        return copy
    }
}

/// An affine map of a scalar target to zero mean and unit variance, and back.
public struct TargetScaler: Equatable, Sendable {
    /// Subtracted from each value.
    public var mean: Double
    /// Divides each centred value: the standard deviation when fitted (1 for constant values).
    public var scale: Double

    /// Creates a scaler from a known mean and a non-zero scale.
    public init(mean: Double, scale: Double) {
        self.mean = mean
        self.scale = scale
    }

    /// The mean and standard deviation of `values` (scale 1 when they are constant or empty).
    public init(fitting values: some Collection<Double>) {
        let count = Double(max(values.count, 1))
        let mean = values.reduce(0, +) / count
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        self.init(mean: mean, scale: variance > 1e-24 ? variance.squareRoot() : 1)
    }

    /// `(value - mean) / scale`.
    @inlinable public func forward(_ value: Double) -> Double { (value - mean) / scale }
    /// `value * scale + mean`.
    @inlinable public func inverse(_ value: Double) -> Double { value * scale + mean }
}
