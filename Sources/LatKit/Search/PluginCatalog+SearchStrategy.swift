extension PluginCatalog {
    /// A new instance of the search strategy `name`.
    public func searchStrategy(_ name: String, options: [String: String] = [:]) throws -> SearchStrategy {
        try PluginSearchStrategy(plugin: plugin(named: name, kind: .searchStrategy), options: options)
    }
}
