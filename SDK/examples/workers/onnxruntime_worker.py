#!/usr/bin/env python3
"""A latkit-worker/1 worker that times ONNX models with the onnxruntime Python package.

Run it through the `external` profiler (see README.md here and SDK/WORKER_PROTOCOL.md):

    latkit profile --space ofa-mbv3-w1.0 -n 100 --db m.sqlite --profiler external \
        --profiler-option command="python3 SDK/examples/workers/onnxruntime_worker.py"

Each request names an ONNX file (`model_path`, written by latkit from the search space's export);
the worker builds a session with graph optimisation level "all" and `threads` intra-op threads,
feeds random float32 input of shape [batch_size, C, H, W], runs `warmup` untimed and `runs` timed
inferences (time.perf_counter) and answers mean, std, min and median in ms, with the busy
fraction of the machine's other cores during the timed runs (from /proc/stat).

Standard output carries protocol lines only: everything else (onnxruntime's own messages
included) is sent to standard error, which latkit shows when something fails.
"""

import argparse
import os
import platform
import sys
import time

from latkit_worker import cpu_model, cpu_times, machine_load, memory_gb, serve, setting, summary


def describe_device(onnxruntime, name):
    device = {
        "name": name or cpu_model(),
        "kind": "cpu",
        "cpu": cpu_model(),
        "cores": os.cpu_count() or 1,
        "machine": platform.machine(),
        "os": platform.platform(terse=True),
        "engine": "onnxruntime %s" % onnxruntime.__version__,
        "providers": ",".join(onnxruntime.get_available_providers()),
    }
    memory = memory_gb()
    if memory is not None:
        device["memory_gb"] = memory
    return device


def measure(onnxruntime, numpy, request, args):
    path = request.get("model_path")
    if not path:
        raise ValueError(
            "this worker runs ONNX models: it needs model_path (profiler option models=file, and a search "
            "space that exports ONNX); for spaces without export use a worker that builds the network itself")
    if request.get("model_format", "onnx") != "onnx":
        raise ValueError("model_format %r is not onnx" % request.get("model_format"))
    batch = setting(request, "batch_size", args.batch_size)
    warmup = setting(request, "warmup")
    runs = setting(request, "runs")

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = setting(request, "threads", args.threads)
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(path, sess_options=options, providers=args.providers.split(","))
    first = session.get_inputs()[0]
    shape = request.get("input_shape") or [dim if isinstance(dim, int) else 1 for dim in first.shape[1:]]
    feed = {first.name: numpy.random.default_rng(0).standard_normal([batch] + list(shape)).astype(numpy.float32)}
    for _ in range(warmup):
        session.run(None, feed)
    times = []
    before, own_before = cpu_times(), time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        session.run(None, feed)
        times.append((time.perf_counter() - start) * 1000.0)
    return summary(times, machine_load(before, cpu_times(), time.process_time() - own_before))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", help="device name to report, the key of its series in the store (default: the CPU model)")
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads, overriding the request's")
    parser.add_argument("--batch-size", type=int, default=0, help="batch size, overriding the request's")
    parser.add_argument("--providers", default="CPUExecutionProvider", help="comma-separated execution providers")
    args = parser.parse_args()
    try:
        import numpy
        import onnxruntime
    except ImportError as error:
        print("onnxruntime_worker: %s (pip install onnxruntime numpy)" % error, file=sys.stderr)
        return 1
    return serve(describe_device(onnxruntime, args.name), lambda request: measure(onnxruntime, numpy, request, args))


if __name__ == "__main__":
    sys.exit(main())
