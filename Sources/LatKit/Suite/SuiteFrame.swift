import Foundation

/// The compact binary record a suite worker process writes per task on its standard output, so
/// that a third-party estimator can run isolated: if it crashes, the tasks it finished survive
/// and the parent knows which task it died in. Numbers travel as raw little-endian arrays, never
/// as JSON text:
///
///     "LKSF"  u32 meta length  meta (JSON: task id, outcome, reason, per-unit names, timings, row counts)
///     per unit: count x i64 rows, count x f64 actual, count x f64 predicted
public enum SuiteFrame {
    static let magic: [UInt8] = Array("LKSF".utf8)

    private struct Meta: Codable {
        var task: String
        var outcome: String
        var reason: String?
        var units: [UnitMeta]
    }

    private struct UnitMeta: Codable {
        var unit: String
        var count: Int
        var fitSeconds: Double
        var predictMicroseconds: Double
        var modelBytes: Int?
    }

    /// The frame of `outcome` on task `taskID`.
    public static func encode(taskID: String, outcome: SuiteOutcome) throws -> [UInt8] {
        var meta = Meta(task: taskID, outcome: "scored", reason: nil, units: [])
        var payload = BinaryWriter()
        switch outcome {
        case .notApplicable(let reason): (meta.outcome, meta.reason) = ("n/a", reason)
        case .failed(let reason): (meta.outcome, meta.reason) = ("failed", reason)
        case .scored(let units):
            for unit in units {
                meta.units.append(
                    UnitMeta(
                        unit: unit.unit, count: unit.rows.count, fitSeconds: unit.fitSeconds, predictMicroseconds: unit.predictMicroseconds,
                        modelBytes: unit.modelBytes))
                for row in unit.rows { payload.i64(row) }
                for value in unit.actual + unit.predicted { payload.f64(value) }
            }
        }
        let metaBytes = [UInt8](try JSONEncoder().encode(meta))
        var frame = BinaryWriter()
        frame.raw(magic)
        frame.u32(metaBytes.count)
        frame.raw(metaBytes)
        frame.raw(payload.bytes)
        return frame.bytes
    }

    /// Every complete frame in `bytes`, in order; a truncated last frame (the writer died
    /// mid-frame) is dropped. Malformed data is an error.
    public static func decode(_ bytes: [UInt8]) throws -> [(taskID: String, outcome: SuiteOutcome)] {
        var frames: [(String, SuiteOutcome)] = []
        var reader = BinaryReader(bytes)
        reading: while reader.remaining > 0 {
            guard let head = reader.take(4) else { break reading }
            guard Array(head) == magic else { throw SuiteFrameError("a suite worker wrote something that is not a result frame") }
            guard let length = reader.u32(), let metaBytes = reader.take(length) else { break reading }
            let meta = try JSONDecoder().decode(Meta.self, from: Data(metaBytes))
            switch meta.outcome {
            case "n/a": frames.append((meta.task, .notApplicable(meta.reason ?? "")))
            case "failed": frames.append((meta.task, .failed(meta.reason ?? "")))
            default:
                var units: [SuiteUnitResult] = []
                var complete = true
                for unit in meta.units {
                    guard unit.count >= 0, unit.count <= bytes.count else { throw SuiteFrameError("a result frame has a bad row count") }
                    let rows = (0..<unit.count).compactMap { _ in reader.i64() }
                    let values = (0..<(2 * unit.count)).compactMap { _ in reader.f64() }
                    guard rows.count == unit.count, values.count == 2 * unit.count else {
                        complete = false
                        break
                    }
                    units.append(
                        SuiteUnitResult(
                            unit: unit.unit, rows: rows, actual: Array(values[..<unit.count]), predicted: Array(values[unit.count...]),
                            fitSeconds: unit.fitSeconds, predictMicroseconds: unit.predictMicroseconds, modelBytes: unit.modelBytes))
                }
                guard complete else { break reading }
                frames.append((meta.task, .scored(units)))
            }
        }
        return frames
    }
}

/// A suite worker's output could not be read.
public struct SuiteFrameError: Error, CustomStringConvertible {
    /// What was wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}
