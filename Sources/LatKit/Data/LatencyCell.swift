/// One latency cell judged: a usable latency is a finite number above zero and at most
/// `ceiling` (milliseconds).
enum LatencyCell: Equatable {
    /// The largest latency a data file may hold: 1e6 ms (about 17 minutes for one inference).
    /// Anything above is taken for a unit or parsing mistake (1e308 once passed and turned every
    /// metric into inf); `data info` flags it and `train`/`bench` refuse the row.
    static let ceiling = 1e6

    case valid(Double)
    case empty
    case notANumber
    case nan
    case infinite
    case zero
    case negative(Double)
    case tooLarge(Double)

    init(_ table: CSVTable, row: Int, column: Int) {
        switch table.number(row: row, column: column) {
        case .empty: self = .empty
        case .invalid: self = .notANumber
        case .value(let number):
            if number.isNaN {
                self = .nan
            } else if number.isInfinite {
                self = .infinite
            } else if number == 0 {
                self = .zero
            } else if number < 0 {
                self = .negative(number)
            } else if number > LatencyCell.ceiling {
                self = .tooLarge(number)
            } else {
                self = .valid(number)
            }
        }
    }

    var value: Double? {
        if case .valid(let number) = self { return number }
        return nil
    }

    /// Why the cell is unusable, nil for a valid latency.
    func problem(column: String, text: String) -> String? {
        switch self {
        case .valid: return nil
        case .empty: return "column '\(column)': empty latency cell"
        case .notANumber: return "column '\(column)': '\(text)' is not a number"
        case .nan: return "column '\(column)': latency is NaN"
        case .infinite: return "column '\(column)': latency '\(text)' is not finite"
        case .zero: return "column '\(column)': latency is zero; latencies must be positive (ms)"
        case .negative: return "column '\(column)': latency \(text) is negative; latencies must be positive (ms)"
        case .tooLarge:
            return "column '\(column)': latency \(text) ms is above the ceiling of 1000000 ms; a unit or parsing mistake?"
        }
    }
}
