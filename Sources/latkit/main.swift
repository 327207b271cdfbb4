import Foundation
import LatKitCLI
import LatKitNumerics

// Before any matrix work: OpenBLAS may have fallen back to generic kernels on this CPU.
BLASKernels.selectForThisCPU()

// Plugins and pipes: a closed pipe must be an error, not a silent death.
signal(SIGPIPE, SIG_IGN)

// Commands print only through the context built here, onto this program's own streams for
// descriptors 1 and 2 (the C library's `stdout` and `stderr` are mutable globals, which strict
// concurrency checking rightly refuses): output fully buffered, errors unbuffered.
nonisolated(unsafe) let standardOutput = fdopen(1, "w")!
nonisolated(unsafe) let standardError = fdopen(2, "w")!
setvbuf(standardOutput, nil, _IOFBF, 1 << 16)
setvbuf(standardError, nil, _IONBF, 0)

let context = CommandContext(
    out: { text in fputs(text, standardOutput) },
    err: { text in
        fflush(standardOutput)
        fputs(text, standardError)
    },
    environment: ProcessInfo.processInfo.environment)
let arguments = Array(CommandLine.arguments.dropFirst())
maskPasswordsInProcessArguments()
let status = runLatKit(arguments, context: context)
fflush(standardOutput)
exit(status)
