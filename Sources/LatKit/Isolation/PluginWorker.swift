import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The child side of a `WorkerConnection`: `latkit plugin-worker` loads one plugin of any kind
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

    /// Serves the plugin `name` from `library` on standard input and output; returns the exit
    /// status. Whatever the plugin itself prints on standard output goes to standard error, so it
    /// cannot corrupt the replies.
    public static func serve(library: String, name: String, options: [String: String]) -> Int32 {
        let output = dup(1)
        guard output >= 0, dup2(2, 1) >= 0 else { return 1 }
        _ = fcntl(output, F_SETFD, FD_CLOEXEC)
        let channel = WorkerChannel(input: 0, output: output)

        let answer: (WorkerWire.DecodedRequest) throws -> BinaryWriter
        do {
            let catalog = PluginCatalog()
            try catalog.load(file: library)
            let plugin = try catalog.plugin(named: name)
            switch plugin.kind {
            case .estimator, .accuracyPredictor:
                let estimator = try PluginEstimator(plugin: plugin, options: options)
                answer = { try answerEstimator(estimator, $0, channel: channel) }
            case .searchSpace:
                let space = try PluginSearchSpace(plugin: plugin, options: options)
                answer = { try answerSearchSpace(space, $0) }
            case .searchStrategy:
                let strategy = try PluginSearchStrategy(plugin: plugin, options: options)
                answer = { try answerSearchStrategy(strategy, $0, channel: channel) }
            case .profiler:
                let profiler = try PluginProfiler(plugin: plugin, options: options)
                answer = { try answerProfiler(profiler, $0, channel: channel) }
            }
        } catch {
            channel.failed(error)
            return 1
        }
        channel.reply(.ready)

        while case .message(let body) = WorkerWire.receive(from: channel.input, deadline: nil) {
            do {
                let request = try WorkerWire.decodeRequest(body)
                if case .quit = request { return 0 }
                let results = try answer(request)
                channel.reply(.ok) { $0.raw(results.bytes) }
            } catch let error as WorkerWire.Malformed {
                // Not a request the host sends: the conversation is broken, not the plugin.
                FileHandle.standardError.write(Data("latkit plugin-worker: \(error)\n".utf8))
                return 2
            } catch {
                channel.failed(error)
            }
        }
        return 0
    }

    /// The results of an estimator's request.
    private static func answerEstimator(
        _ estimator: PluginEstimator, _ request: WorkerWire.DecodedRequest, channel: WorkerChannel
    ) throws -> BinaryWriter {
        var results = BinaryWriter()
        switch request {
        case .fit(let train, let validation, let seed):
            try estimator.fit(train: train, validation: validation, seed: seed, progress: channel.progress)
        case .adapt(let shots, let seed):
            try estimator.adapt(shots: shots, seed: seed, progress: channel.progress)
        case .predict(let batch):
            let predictions = try estimator.predict(batch)
            results.array(predictions.mean)
            results.u8(predictions.std == nil ? 0 : 1)
            if let std = predictions.std { results.array(std) }
        case .save:
            results.blob(try estimator.save())
        case .load(let state):
            try estimator.load(state)
        case .quit, .otherKind:
            throw WorkerWire.Malformed(description: "not an estimator request")
        }
        return results
    }
}
