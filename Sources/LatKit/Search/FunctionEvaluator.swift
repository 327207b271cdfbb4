import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain C function in the user's own shared library, as a pipeline evaluator: called once per
/// architecture through libffi with the values of its input evaluators, in order.
final class FunctionEvaluator: SearchEvaluator {
    let name: String
    var kind: EvaluatorKind { .function }
    let inputs: [String]
    var hasStandardDeviation: Bool { false }
    private let call: NumericCall

    /// Opens `library` (never closed) and finds `symbol`, whose C type `signature` describes.
    /// - Throws: `SearchError` naming the library or symbol when either is missing, or when
    ///   the signature's argument count differs from the number of inputs.
    init(name: String, library: String, symbol: String, signature: String, inputs: [String]) throws {
        self.name = name
        self.inputs = inputs
        let parsed = try FunctionSignature(parsing: signature)
        guard parsed.arguments.count == inputs.count else {
            throw SearchError(
                "evaluator \(name): signature \(signature) takes \(parsed.arguments.count) argument(s), but \(inputs.count) input(s) are given"
            )
        }
        guard FileManager.default.fileExists(atPath: library) else {
            throw SearchError("evaluator \(name): library \(library) does not exist")
        }
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            throw SearchError("evaluator \(name): cannot open \(library): \(reason)")
        }
        guard let address = dlsym(handle, symbol) else {
            throw SearchError("evaluator \(name): \(library) exports no function '\(symbol)'")
        }
        call = try NumericCall(address: UnsafeRawPointer(address), signature: parsed)
    }

    func evaluate(_ views: ViewCache, earlier: [String: EvaluatorValues]) throws -> EvaluatorValues {
        let columns = try inputs.map { input -> [Double] in
            guard let values = earlier[input] else {
                throw SearchError("evaluator \(name): input \(input) was not computed before it")
            }
            return values.mean
        }
        let values = (0..<views.architectures.count).map { row in call.call(columns.map { $0[row] }) }
        return EvaluatorValues(mean: values, std: nil)
    }
}
