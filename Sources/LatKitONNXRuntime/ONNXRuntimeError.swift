import Foundation

/// Everything that can go wrong between finding ONNX Runtime and reading a model's output, each
/// described in one line that names the file, the entry or the value at fault.
public enum ONNXRuntimeError: Error, CustomStringConvertible, Equatable {
    /// No library at any of the places looked at (`tried`, in order, each with why it failed).
    case libraryNotFound(tried: [String])
    /// The file exists but `dlopen` refused it.
    case notLoadable(path: String, reason: String)
    /// The library does not export `OrtGetApiBase`: it is not ONNX Runtime.
    case missingEntryPoint(path: String)
    /// `GetApi(version)` returned NULL: the library is older than the API version this module needs.
    case apiVersionUnavailable(path: String, libraryVersion: String, requested: UInt32)
    /// A slot of the API table that this module calls is NULL.
    case missingAPIEntry(path: String, libraryVersion: String, entry: String)
    /// An ONNX Runtime call returned an error status.
    case call(entry: String, message: String)
    /// Input values and shape disagree, or an output is not what the exported models promise.
    case invalidTensor(String)

    public var description: String {
        switch self {
        case .libraryNotFound(let tried):
            return "ONNX Runtime library not found; tried: " + tried.joined(separator: "; ")
                + ". Fetch it with `make ort` in the LatencyKit checkout, or pass its path (--ort-lib, ort_lib=, $LATKIT_ORT_LIB)"
        case .notLoadable(let path, let reason):
            return "ONNX Runtime library \(path) cannot be loaded: \(reason)"
        case .missingEntryPoint(let path):
            return "\(path) is not ONNX Runtime: it does not export OrtGetApiBase"
        case .apiVersionUnavailable(let path, let version, let requested):
            return
                "ONNX Runtime \(version) at \(path) does not serve C API version \(requested) (GetApi returned NULL); use onnxruntime 1.\(requested) or newer"
        case .missingAPIEntry(let path, let version, let entry):
            return "ONNX Runtime \(version) at \(path) has no \(entry) in its API table"
        case .call(let entry, let message):
            return "ORT error in \(entry): \(message)"
        case .invalidTensor(let message):
            return "invalid tensor: \(message)"
        }
    }
}

/// `text` on one line: ONNX Runtime's messages sometimes span several.
func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
}
