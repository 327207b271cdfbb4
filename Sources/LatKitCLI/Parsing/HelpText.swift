/// Renders `--help` for a command.
func helpText(for spec: CommandSpec) -> String {
    var usage = "latkit \(spec.name)"
    for option in spec.options where option.isRequired { usage += " --\(option.name)" + (option.valueName.map { " \($0)" } ?? "") }
    if spec.options.contains(where: { !$0.isRequired }) { usage += " [options]" }
    for positional in spec.positionals {
        let name = positional.variadic ? "\(positional.name)..." : positional.name
        usage += positional.optional ? " [\(name)]" : " \(name)"
    }
    var lines = ["\(spec.summary)", "", "USAGE: \(usage)"]
    if !spec.discussion.isEmpty { lines += ["", spec.discussion] }
    if !spec.positionals.isEmpty {
        lines += ["", "ARGUMENTS:"]
        lines += spec.positionals.map { column($0.name, $0.help) }
    }
    lines += ["", "OPTIONS:"]
    for option in spec.options + globalOptions {
        let left = (option.short.map { "-\($0), " } ?? "") + "--\(option.name)" + (option.valueName.map { " \($0)" } ?? "")
        var help = option.help
        if !option.choices.isEmpty { help += " (one of: \(option.choices.joined(separator: ", ")))" }
        if option.isRequired { help += " [required]" }
        lines.append(column(left, help))
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Renders the top-level help listing every command.
func overviewText(commands: [CommandSpec]) -> String {
    var lines = [
        "latkit \(hostVersionText) — hardware-aware latency prediction and neural architecture search",
        "",
        "USAGE: latkit <command> [options]",
        "",
        "COMMANDS:",
    ]
    lines += commands.map { column($0.name, $0.summary) }
    lines += [
        "",
        "Run 'latkit <command> --help' for a command's options.",
        "Plugins are found in --plugin-path folders, $LATKIT_PLUGIN_PATH, the executable's folder and <prefix>/lib/latkit/plugins.",
    ]
    return lines.joined(separator: "\n") + "\n"
}

private func column(_ left: String, _ right: String) -> String {
    let padded = left.count < 26 ? left + String(repeating: " ", count: 26 - left.count) : left + "  "
    return "  " + padded + right
}
