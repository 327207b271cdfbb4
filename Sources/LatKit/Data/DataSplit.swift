import LatKitRandom

/// Row indices (0-based, into a data set) for training, validation and testing. The three parts
/// are disjoint.
public struct DataSplit: Codable, Equatable, Sendable {
    /// Training rows.
    public var train: [Int]
    /// Validation rows (may be empty).
    public var validation: [Int]
    /// Test rows.
    public var test: [Int]

    /// Creates a split from row indices, taken as given; the three parts should be disjoint.
    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// The OFANAS paper's positional split (`data_preprocessing` in its `latency_predictor.py`):
    /// the first floor(0.7 n) rows train, the next floor(0.15 n) validate, the rest test. For
    /// n = 10,000: train rows 0-6999, validation 7000-8499, test 8500-9999.
    public static func paper(rowCount n: Int) -> DataSplit {
        let trainEnd = n * 7 / 10
        let validationEnd = trainEnd + n * 15 / 100
        return DataSplit(train: Array(0..<trainEnd), validation: Array(trainEnd..<validationEnd), test: Array(validationEnd..<n))
    }

    /// A split by row ranges, each written `A:B` (see `RowRange`); `validation` may be nil for no
    /// validation rows. Ranges must lie inside 0..<rowCount and must not overlap.
    public static func ranges(train: String, validation: String?, test: String, rowCount: Int) throws -> DataSplit {
        let parts = try [("train", train), ("validation", validation), ("test", test)].compactMap { name, text in
            try text.map { (name, try RowRange(parsing: $0, rowCount: rowCount)) }
        }
        for (index, first) in parts.enumerated() {
            for second in parts[(index + 1)...] where first.1.overlaps(second.1) {
                throw SplitError("\(first.0) rows \(first.1) and \(second.0) rows \(second.1) overlap")
            }
        }
        let range = { (name: String) in parts.first { $0.0 == name }.map { Array($0.1.range) } ?? [] }
        return DataSplit(train: range("train"), validation: range("validation"), test: range("test"))
    }

    /// A random split: `percentages` (train, validation, test; summing to 100) of the rows, drawn
    /// with `SeededGenerator(seed:)`, so the same seed gives the same split on every machine. Train
    /// gets floor(n x train%) rows, validation floor(n x validation%), test the rest. Each part is
    /// sorted.
    public static func random(
        rowCount n: Int, percentages: (train: Double, validation: Double, test: Double) = (70, 15, 15), seed: UInt64
    ) throws -> DataSplit {
        let values = [percentages.train, percentages.validation, percentages.test]
        guard values.allSatisfy({ $0 >= 0 && $0.isFinite }), abs(values.reduce(0, +) - 100) < 1e-9 else {
            throw SplitError("split percentages must be non-negative and sum to 100, got \(values.map { "\($0)" }.joined(separator: "/"))")
        }
        var order = Array(0..<n)
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&order)
        let trainCount = Int((Double(n) * values[0] / 100).rounded(.down))
        let validationCount = min(n - trainCount, Int((Double(n) * values[1] / 100).rounded(.down)))
        return DataSplit(
            train: order[..<trainCount].sorted(), validation: order[trainCount..<(trainCount + validationCount)].sorted(),
            test: order[(trainCount + validationCount)...].sorted())
    }

    /// The `count` splits of k-fold cross-validation: the rows, shuffled with
    /// `SeededGenerator(seed:)`, are dealt into `count` folds (sizes differing by at most one);
    /// split `f` tests fold `f`, validates on fold `f + 1` (cyclically: early stopping and
    /// calibration get rows no fit used) and trains on the others. Every row is tested exactly
    /// once, so the pooled test predictions score the whole data set: for a data set too small
    /// for one held-out slice to say much (37 test rows are ±5 points on a 90% coverage).
    public static func folds(rowCount n: Int, count: Int, seed: UInt64) throws -> [DataSplit] {
        guard count >= 3 else { throw SplitError("cross-validation needs at least 3 folds (one tests, one validates), got \(count)") }
        guard n >= count else { throw SplitError("\(count)-fold cross-validation needs at least \(count) rows, the data has \(n)") }
        var order = Array(0..<n)
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&order)
        let folds = (0..<count).map { fold in order.indices.filter { $0 % count == fold }.map { order[$0] }.sorted() }
        return (0..<count).map { fold in
            let validation = (fold + 1) % count
            return DataSplit(
                train: folds.indices.filter { $0 != fold && $0 != validation }.flatMap { folds[$0] }.sorted(),
                validation: folds[validation], test: folds[fold])
        }
    }

    /// The first `count` rows of the training rows shuffled with `seed`: for sample-efficiency
    /// curves. For one seed a smaller count gives a prefix of a larger count's rows.
    public func firstTraining(_ count: Int, seed: UInt64) throws -> [Int] {
        guard count >= 0, count <= train.count else { throw SplitError("asked for \(count) training rows; the split has \(train.count)") }
        var order = train
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&order)
        return Array(order[..<count])
    }
}

/// A split that cannot be made as asked.
public struct SplitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong with the requested split.
    public var description: String
    init(_ description: String) { self.description = description }
}
