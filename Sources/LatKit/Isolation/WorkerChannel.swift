import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The child's end of a `WorkerConnection`: requests arrive on `input`, replies leave on
/// `output` (see `WorkerWire`).
final class WorkerChannel {
    /// Where the parent's requests and answers arrive.
    let input: Int32
    /// Where replies go (a duplicate of the child's original standard output).
    let output: Int32

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// Sends one reply: its code, then what `fill` writes.
    func reply(_ code: WorkerWire.Reply, _ fill: (inout BinaryWriter) -> Void = { _ in }) {
        var body = BinaryWriter()
        body.u8(code.rawValue)
        fill(&body)
        WorkerWire.send(body.bytes, to: output)
    }

    /// Sends a `failed` reply. A plugin's error travels as status and message; any other error
    /// (the host's own checks of a batch, say) as its whole text, marked by the status 0 that no
    /// plugin error has.
    func failed(_ error: Error) {
        let call = error as? PluginCallError
        reply(.failed) {
            $0.integer(call?.status ?? 0)
            $0.string(call?.plugin ?? "")
            $0.string(call?.function ?? "")
            $0.string(call?.message ?? "\(error)")
        }
    }

    /// Reports progress to the parent and waits for its answer: one byte, 1 to go on, 0 to cancel.
    func progress(_ fraction: Double, _ message: String?) -> Bool {
        reply(.progress) {
            $0.f64(fraction)
            $0.u8(message == nil ? 0 : 1)
            $0.string(message ?? "")
        }
        guard case .message(let answer) = WorkerWire.receive(from: input, deadline: nil) else { return false }
        return answer.first == 1
    }

    /// Asks the parent's search context for something (a `call` reply whose body `fill`
    /// writes) and returns its answer's results; throws the host's error, as a `HostCallError`
    /// with its status and text, when the call failed there.
    func call(_ what: WorkerWire.ContextCall, _ fill: (inout BinaryWriter) -> Void) throws -> BinaryReader {
        reply(.call) {
            $0.u8(what.rawValue)
            fill(&$0)
        }
        guard case .message(let answer) = WorkerWire.receive(from: input, deadline: nil) else {
            throw WorkerWire.Malformed(description: "the host went away during a search-context call")
        }
        var reader = BinaryReader(answer)
        switch reader.u8().flatMap(WorkerWire.CallAnswer.init(rawValue:)) {
        case .ok:
            return reader
        case .failed:
            guard let status = reader.integer(Int32.self), let message = reader.string() else { break }
            throw HostCallError(status: status, description: message)
        case nil:
            break
        }
        throw WorkerWire.Malformed(description: "a search-context answer is truncated or malformed")
    }
}

/// A search-context call that failed in the host, as the strategy's worker receives it: the
/// status to hand the strategy and the host's error text.
struct HostCallError: Error, CustomStringConvertible {
    var status: Int32
    var description: String
}
