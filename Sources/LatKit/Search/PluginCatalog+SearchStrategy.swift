extension PluginCatalog {
    /// A new instance of the search strategy `name`: in a child process when `isolation` says so
    /// (or `isolate`, a pipeline file's per-plugin setting, under the automatic policy).
    public func searchStrategy(_ name: String, options: [String: String] = [:], isolate: Bool? = nil) throws -> SearchStrategy {
        try policy(isolate).searchStrategy(plugin(named: name, kind: .searchStrategy), options: options)
    }
}
