import XCTest

@testable import LatKit

final class DataSplitTests: XCTestCase {
    func testPaperSplit() {
        let split = DataSplit.paper(rowCount: 10000)
        XCTAssertEqual(split.train, Array(0...6999))
        XCTAssertEqual(split.validation, Array(7000...8499))
        XCTAssertEqual(split.test, Array(8500...9999))
    }

    func testRowRanges() throws {
        let split = try DataSplit.ranges(train: "0:7000", validation: "7000:8500", test: "8500:", rowCount: 10000)
        XCTAssertEqual(split, DataSplit.paper(rowCount: 10000))
        let noValidation = try DataSplit.ranges(train: ":3", validation: nil, test: "3:5", rowCount: 5)
        XCTAssertEqual(noValidation, DataSplit(train: [0, 1, 2], validation: [], test: [3, 4]))
        XCTAssertThrowsError(try DataSplit.ranges(train: "0:7001", validation: nil, test: "7000:", rowCount: 10000)) { error in
            XCTAssertEqual("\(error)", "train rows 0:7001 and test rows 7000:10000 overlap")
        }
        XCTAssertThrowsError(try RowRange(parsing: "0:10001", rowCount: 10000)) { error in
            XCTAssertEqual("\(error)", "row range '0:10001' must satisfy 0 <= A <= B <= 10000 (the number of rows)")
        }
        XCTAssertThrowsError(try RowRange(parsing: "0-7", rowCount: 10))
        XCTAssertThrowsError(try RowRange(parsing: "a:7", rowCount: 10))
    }

    /// k-fold cross-validation: the test folds partition the rows (sizes within one of each
    /// other), each split validates on the next split's test fold and trains on the rest, the
    /// same seed deals the same folds, and too few folds or rows are refused.
    func testFoldsTestEveryRowOnceAndValidateOnTheNextFold() throws {
        let folds = try DataSplit.folds(rowCount: 23, count: 5, seed: 7)
        XCTAssertEqual(folds.count, 5)
        XCTAssertEqual(folds.flatMap(\.test).sorted(), Array(0..<23), "every row tested exactly once")
        XCTAssertEqual(Set(folds.map(\.test.count)), [4, 5])
        for (index, split) in folds.enumerated() {
            XCTAssertEqual(split.validation, folds[(index + 1) % 5].test)
            XCTAssertEqual((split.train + split.validation + split.test).sorted(), Array(0..<23), "split \(index) covers every row once")
            XCTAssertEqual(split.train, split.train.sorted())
        }
        XCTAssertEqual(try DataSplit.folds(rowCount: 23, count: 5, seed: 7), folds)
        XCTAssertNotEqual(try DataSplit.folds(rowCount: 23, count: 5, seed: 8), folds)
        XCTAssertThrowsError(try DataSplit.folds(rowCount: 23, count: 2, seed: 0)) { error in
            XCTAssertEqual("\(error)", "cross-validation needs at least 3 folds (one tests, one validates), got 2")
        }
        XCTAssertThrowsError(try DataSplit.folds(rowCount: 4, count: 5, seed: 0)) { error in
            XCTAssertEqual("\(error)", "5-fold cross-validation needs at least 5 rows, the data has 4")
        }
    }

    func testRandomSplitIsDeterministicDisjointAndComplete() throws {
        let first = try DataSplit.random(rowCount: 1000, seed: 42)
        let again = try DataSplit.random(rowCount: 1000, seed: 42)
        let other = try DataSplit.random(rowCount: 1000, seed: 43)
        XCTAssertEqual(first, again)
        XCTAssertNotEqual(first, other)
        XCTAssertEqual([first.train.count, first.validation.count, first.test.count], [700, 150, 150])
        let all = first.train + first.validation + first.test
        XCTAssertEqual(Set(all).count, 1000)
        XCTAssertEqual(all.sorted(), Array(0..<1000))
        XCTAssertEqual(first.train, first.train.sorted())

        let odd = try DataSplit.random(rowCount: 7, percentages: (50, 25, 25), seed: 1)
        XCTAssertEqual([odd.train.count, odd.validation.count, odd.test.count], [3, 1, 3])
        XCTAssertThrowsError(try DataSplit.random(rowCount: 10, percentages: (70, 20, 20), seed: 1)) { error in
            XCTAssertEqual("\(error)", "split percentages must be non-negative and sum to 100, got 70.0/20.0/20.0")
        }
    }

    func testFirstTrainingRowsAreNestedPrefixes() throws {
        let split = DataSplit.paper(rowCount: 10000)
        let small = try split.firstTraining(100, seed: 7)
        let large = try split.firstTraining(1000, seed: 7)
        XCTAssertEqual(Array(large[..<100]), small)
        XCTAssertEqual(Set(large).count, 1000)
        XCTAssertTrue(large.allSatisfy { $0 < 7000 })
        XCTAssertEqual(try split.firstTraining(100, seed: 7), small)
        XCTAssertNotEqual(try split.firstTraining(100, seed: 8), small)
        XCTAssertThrowsError(try split.firstTraining(7001, seed: 7))
    }
}
