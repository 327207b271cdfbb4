import Foundation
import LatKitCLI
import LatKitNumerics

// Before any matrix work: OpenBLAS may have fallen back to generic kernels on this CPU.
BLASKernels.selectForThisCPU()

// Plugins and pipes: a closed pipe must be an error, not a silent death.
signal(SIGPIPE, SIG_IGN)
setvbuf(stdout, nil, _IOFBF, 1 << 16)

let context = CommandContext(
    out: { text in fputs(text, stdout) },
    err: { text in
        fflush(stdout)
        fputs(text, stderr)
    },
    environment: ProcessInfo.processInfo.environment)
let arguments = Array(CommandLine.arguments.dropFirst())
maskPasswordsInProcessArguments()
let status = runLatKit(arguments, context: context)
fflush(stdout)
exit(status)
