import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The child side of an `IsolatedEstimator`: `latkit plugin-worker` loads one estimator plugin
/// in-process and answers the parent's requests until its standard input closes.
public enum PluginWorker {
    /// Loads `library` (the child side of `LibraryProbe`) and writes `LibraryProbe.loadedMarker`
    /// on standard output when loading returned, with or without an error; whatever the library
    /// prints goes to standard error. Returns 0.
    public static func probe(library: String) -> Int32 {
        let output = dup(1)
        guard output >= 0, dup2(2, 1) >= 0 else { return 1 }
        _ = try? PluginLibrary.load(path: library)
        let line = Array((LibraryProbe.loadedMarker + "\n").utf8)
        _ = line.withUnsafeBytes { write(output, $0.baseAddress!, $0.count) }
        return 0
    }

    /// Serves the estimator `name` from `library` on standard input and output; returns the
    /// exit status. Whatever the plugin itself prints on standard output goes to standard error,
    /// so it cannot corrupt the replies.
    public static func serve(library: String, name: String, options: [String: String]) -> Int32 {
        let input: Int32 = 0
        let output = dup(1)
        guard output >= 0, dup2(2, 1) >= 0 else { return 1 }
        _ = fcntl(output, F_SETFD, FD_CLOEXEC)

        func reply(_ code: EstimatorWire.Reply, _ fill: (inout BinaryWriter) -> Void = { _ in }) {
            var body = BinaryWriter()
            body.u8(code.rawValue)
            fill(&body)
            EstimatorWire.send(body.bytes, to: output)
        }
        // A plugin's error travels as status and message; any other error (the host's own checks
        // of a batch, say) as its whole text, marked by the status 0 that no plugin error has.
        func failed(_ error: Error) {
            let call = error as? PluginCallError
            reply(.failed) {
                $0.integer(call?.status ?? 0)
                $0.string(call?.plugin ?? "")
                $0.string(call?.function ?? "")
                $0.string(call?.message ?? "\(error)")
            }
        }

        let estimator: PluginEstimator
        do {
            let catalog = PluginCatalog()
            try catalog.load(file: library)
            let plugin = try catalog.plugin(named: name)
            guard plugin.kind == .estimator || plugin.kind == .accuracyPredictor else {
                throw PluginLoadError.wrongKind(name: name, expected: .estimator, actual: plugin.kind)
            }
            estimator = try PluginEstimator(plugin: plugin, options: options)
        } catch {
            failed(error)
            return 1
        }
        reply(.ready)

        // Each report waits for the parent's answer: one byte, 1 to go on, 0 to cancel.
        let progress: ProgressHandler = { fraction, message in
            reply(.progress) {
                $0.f64(fraction)
                $0.u8(message == nil ? 0 : 1)
                $0.string(message ?? "")
            }
            guard case .message(let answer) = EstimatorWire.receive(from: input, deadline: nil) else { return false }
            return answer.first == 1
        }
        while case .message(let body) = EstimatorWire.receive(from: input, deadline: nil) {
            do {
                switch try EstimatorWire.decodeRequest(body) {
                case .quit:
                    return 0
                case .fit(let train, let validation, let seed):
                    try estimator.fit(train: train, validation: validation, seed: seed, progress: progress)
                    reply(.ok)
                case .adapt(let shots, let seed):
                    try estimator.adapt(shots: shots, seed: seed, progress: progress)
                    reply(.ok)
                case .predict(let batch):
                    let predictions = try estimator.predict(batch)
                    reply(.ok) {
                        $0.array(predictions.mean)
                        $0.u8(predictions.std == nil ? 0 : 1)
                        if let std = predictions.std { $0.array(std) }
                    }
                case .save:
                    let state = try estimator.save()
                    reply(.ok) { $0.blob(state) }
                case .load(let state):
                    try estimator.load(state)
                    reply(.ok)
                }
            } catch let error as EstimatorWire.Malformed {
                // Not a request the host sends: the conversation is broken, not the plugin.
                FileHandle.standardError.write(Data("latkit plugin-worker: \(error)\n".utf8))
                return 2
            } catch {
                failed(error)
            }
        }
        return 0
    }
}
