#!/usr/bin/env python3
"""A latkit-worker/1 worker that builds OFA MobileNetV3 subnets in PyTorch and times them on a GPU
(CUDA events, torch.cuda.synchronize) or, without one, on the CPU.

Run it through the `external` profiler with models=none: it needs only the architecture text,
`ks=<20 kernels>;e=<20 expand ratios>;d=<5 depths>;r=<resolution>` (Plugins/OFASpaces), or an OFA
lookup-table key for single operators (`latkit lut build`):

    latkit profile --space ofa-mbv3-w1.0 -n 200 --batch 64 --db gpu.sqlite --profiler external \
        --profiler-option models=none \
        --profiler-option command="python3 SDK/examples/workers/pytorch_ofa_worker.py --device cuda"

The network follows OFA's `ofa_mbv3_d234_e346_k357_w1.0` / `_w1.2` supernets (the width comes
from the space's name, or --width): a 3x3 stride-2 stem conv with h-swish, an expand-1 first
block, five stages of MBConv blocks (1x1 expand, kxk depthwise, squeeze-excite in stages 1, 3, 4,
1x1 project; ReLU in stages 0-1, h-swish after), a 1x1 final expand conv, global average pooling,
a 1x1 feature-mix conv without batch norm and the 1000-way classifier. With `--builder ofa` (or
`auto`, the default, when the `ofa` package is importable) OFA's own code builds the subnet
instead. Weights are random: latency does not depend on them.

`python3 pytorch_ofa_worker.py --plan ARCH` prints the operator keys of ARCH without PyTorch (the
tests compare them with the search space's own). Standard output carries protocol lines only.
"""

import argparse
import os
import re
import sys
import time

from latkit_worker import cpu_model, protocol_stream, serve, setting, summary

# --- The supernet skeleton (Plugins/OFASpaces/MobileNetV3Supernet.swift) -------------------------

SUPERNETS = {
    "1.0": {"stem": 16, "stages": [24, 40, 80, 112, 160], "final": 960, "mix": 1280},
    "1.2": {"stem": 24, "stages": [32, 48, 96, 136, 192], "final": 1152, "mix": 1536},
}
STAGE_STRIDES = [2, 2, 2, 1, 2]
STAGE_SE = [False, True, False, True, True]
STAGE_HSWISH = [False, False, True, True, True]
CLASSES = 1000


def make_divisible(value, divisor=8):
    """OFA's make_divisible: the nearest multiple of divisor, one more step when that lost > 10%."""
    rounded = max(divisor, (value + divisor // 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def parse_architecture(text):
    """{"ks": [20], "e": [20], "d": [5], "r": int} from the architecture text (any field order)."""
    fields = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        fields[name.strip()] = [int(item) for item in value.replace(" ", "").split("-")]
    missing = [name for name in ("ks", "e", "d", "r") if name not in fields]
    if missing:
        raise ValueError("architecture lacks %s; expected ks=..;e=..;d=..;r=.." % ",".join(missing))
    if len(fields["ks"]) != 20 or len(fields["e"]) != 20 or len(fields["d"]) != 5 or len(fields["r"]) != 1:
        raise ValueError("expected 20 kernels, 20 expand ratios, 5 depths and one resolution")
    return {"ks": fields["ks"], "e": fields["e"], "d": fields["d"], "r": fields["r"][0]}


def plan(arch, width):
    """The layers of a subnet in network order, as Plugins/OFASpaces/NetworkLayers.swift lists them."""
    net = SUPERNETS[width]
    size = (arch["r"] + 1) // 2
    layers = [
        {"kind": "stem", "in_size": arch["r"], "out_size": size, "in": 3, "out": net["stem"]},
        {"kind": "block", "in_size": size, "out_size": size, "in": net["stem"], "out": net["stem"], "mid": net["stem"],
         "kernel": 3, "stride": 1, "skip": True, "se": False, "hs": False},
    ]
    channels = net["stem"]
    for stage in range(5):
        for block in range(arch["d"][stage]):
            slot = 4 * stage + block
            stride = STAGE_STRIDES[stage] if block == 0 else 1
            out_size = (size - 1) // stride + 1
            layers.append({
                "kind": "block", "in_size": size, "out_size": out_size, "in": channels, "out": net["stages"][stage],
                "mid": make_divisible(channels * arch["e"][slot]), "kernel": arch["ks"][slot], "stride": stride,
                "skip": block > 0, "se": STAGE_SE[stage], "hs": STAGE_HSWISH[stage]})
            size, channels = out_size, net["stages"][stage]
    layers += [
        {"kind": "final", "in_size": size, "out_size": size, "in": channels, "out": net["final"]},
        {"kind": "pool", "in_size": size, "out_size": 1, "in": net["final"], "out": net["final"]},
        {"kind": "mix", "in_size": 1, "out_size": 1, "in": net["final"], "out": net["mix"]},
        {"kind": "logits", "in_size": 1, "out_size": 1, "in": net["mix"], "out": CLASSES},
    ]
    return layers


KEY_NAMES = {"stem": "Conv", "final": "Conv_1", "pool": "AvgPool2D", "mix": "Conv_2", "logits": "Logits"}


def lookup_key(layer):
    """The layer's OFA lookup-table key (Plugins/OFASpaces/OperatorKeys.swift)."""
    shapes = "input:%dx%dx%d-output:" % (layer["in_size"], layer["in_size"], layer["in"])
    kind = layer["kind"]
    if kind == "logits":
        return "Logits-%s%d" % (shapes, layer["out"])
    if kind != "block":
        return "%s-%s%dx%dx%d" % (KEY_NAMES[kind], shapes, layer["out_size"], layer["out_size"], layer["out"])
    return "expanded_conv-%s%dx%dx%d-expand:%d-kernel:%d-stride:%d-idskip:%d-se:%d-hs:%d" % (
        shapes, layer["out_size"], layer["out_size"], layer["out"], layer["mid"], layer["kernel"], layer["stride"],
        layer["skip"], layer["se"], layer["hs"])


def parse_key(key):
    """The layer a lookup-table key describes (the inverse of lookup_key)."""
    match = re.match(r"^(\w+)-input:(\d+)x(\d+)x(\d+)-output:(?:(\d+)x(\d+)x)?(\d+)(.*)$", key)
    if not match:
        raise ValueError("not an OFA lookup-table key: %r" % key)
    name, in_size, _, channels_in, out_size, _, channels_out, rest = match.groups()
    layer = {"in_size": int(in_size), "in": int(channels_in), "out": int(channels_out),
             "out_size": int(out_size) if out_size else 1}
    kinds = {value: kind for kind, value in KEY_NAMES.items()}
    if name in kinds:
        layer["kind"] = kinds[name]
        return layer
    if name != "expanded_conv":
        raise ValueError("unknown operator %r in key %r" % (name, key))
    values = dict(re.findall(r"-(\w+):(\d+)", rest))
    layer.update(kind="block", mid=int(values["expand"]), kernel=int(values["kernel"]), stride=int(values["stride"]),
                 skip=values["idskip"] == "1", se=values["se"] == "1", hs=values["hs"] == "1")
    return layer


# --- PyTorch modules (imported only when measuring) ----------------------------------------------

def build_module(torch, layers):
    """An nn.Module running `layers` in order, in OFA's layer definitions."""
    nn = torch.nn

    def activation(hswish):
        return nn.Hardswish(inplace=True) if hswish else nn.ReLU(inplace=True)

    class SqueezeExcite(nn.Module):
        def __init__(self, channels):
            super().__init__()
            middle = make_divisible(channels // 4)
            self.reduce = nn.Conv2d(channels, middle, 1, bias=True)
            self.relu = nn.ReLU(inplace=True)
            self.expand = nn.Conv2d(middle, channels, 1, bias=True)
            self.gate = nn.Hardsigmoid(inplace=True)

        def forward(self, x):
            y = x.mean((2, 3), keepdim=True)
            return x * self.gate(self.expand(self.relu(self.reduce(y))))

    class MBConv(nn.Module):
        def __init__(self, layer):
            super().__init__()
            parts = []
            if layer["mid"] != layer["in"]:
                parts += [nn.Conv2d(layer["in"], layer["mid"], 1, bias=False), nn.BatchNorm2d(layer["mid"]),
                          activation(layer["hs"])]
            k = layer["kernel"]
            parts += [nn.Conv2d(layer["mid"], layer["mid"], k, layer["stride"], k // 2, groups=layer["mid"], bias=False),
                      nn.BatchNorm2d(layer["mid"]), activation(layer["hs"])]
            if layer["se"]:
                parts.append(SqueezeExcite(layer["mid"]))
            parts += [nn.Conv2d(layer["mid"], layer["out"], 1, bias=False), nn.BatchNorm2d(layer["out"])]
            self.body = nn.Sequential(*parts)
            self.skip = layer["skip"]

        def forward(self, x):
            return x + self.body(x) if self.skip else self.body(x)

    class Flatten(nn.Module):
        def forward(self, x):
            return x.flatten(1)

    modules = []
    for layer in layers:
        kind = layer["kind"]
        if kind == "stem":
            stride = 2 if layer["out_size"] < layer["in_size"] else 1
            modules += [nn.Conv2d(layer["in"], layer["out"], 3, stride, 1, bias=False), nn.BatchNorm2d(layer["out"]),
                        nn.Hardswish(inplace=True)]
        elif kind == "block":
            modules.append(MBConv(layer))
        elif kind == "final":
            modules += [nn.Conv2d(layer["in"], layer["out"], 1, bias=False), nn.BatchNorm2d(layer["out"]),
                        nn.Hardswish(inplace=True)]
        elif kind == "pool":
            modules.append(nn.AdaptiveAvgPool2d(1))
        elif kind == "mix":
            modules += [nn.Conv2d(layer["in"], layer["out"], 1, bias=False), nn.Hardswish(inplace=True)]
        elif kind == "logits":
            modules += [Flatten(), nn.Linear(layer["in"], layer["out"])]
    return nn.Sequential(*modules)


def build_with_ofa(arch, width):
    """The subnet built by OFA's own code (the `ofa` package), or None when it is not importable."""
    try:
        from ofa.imagenet_classification.elastic_nn.networks import OFAMobileNetV3
    except ImportError:
        return None
    supernet = OFAMobileNetV3(n_classes=CLASSES, width_mult=float(width), ks_list=[3, 5, 7], expand_ratio_list=[3, 4, 6],
                              depth_list=[2, 3, 4])
    # Slots beyond a stage's depth hold 0 in canonical form; OFA wants an allowed value there.
    supernet.set_active_subnet(ks=[k or 3 for k in arch["ks"]], e=[e or 3 for e in arch["e"]], d=arch["d"])
    return supernet.get_active_subnet(preserve_weight=False)


# --- Measuring ----------------------------------------------------------------------------------

def describe_device(torch, device, args):
    description = {"engine": "pytorch %s" % torch.__version__, "dtype": "float16" if args.half else "float32"}
    if device.type == "cuda":
        properties = torch.cuda.get_device_properties(device)
        description = dict({
            "name": args.name or properties.name,
            "kind": "gpu",
            "memory_gb": round(properties.total_memory / 1024 ** 3, 1),
            "multiprocessors": properties.multi_processor_count,
            "compute_capability": "%d.%d" % (properties.major, properties.minor),
            "cuda": torch.version.cuda or "",
            "cudnn": torch.backends.cudnn.version() or "",
        }, **description)
    else:
        description = dict({"name": args.name or cpu_model(), "kind": "cpu", "cores": os.cpu_count() or 1}, **description)
    description["host_cpu"] = cpu_model()
    return description


def measure(torch, device, request, args):
    item = request.get("item", "")
    width = args.width or ("1.2" if "w1.2" in request.get("space", "") else "1.0")
    if request.get("kind") == "operator":
        layer = parse_key(item)
        model = build_module(torch, [layer])
        shape = [layer["in"], layer["in_size"], layer["in_size"]]
    else:
        arch = parse_architecture(item)
        model = build_with_ofa(arch, width) if args.builder in ("auto", "ofa") else None
        if model is None and args.builder == "ofa":
            raise RuntimeError("--builder ofa, but the ofa package is not importable")
        if model is None:
            model = build_module(torch, plan(arch, width))
        shape = [3, arch["r"], arch["r"]]
    batch = setting(request, "batch_size", args.batch_size)
    warmup = setting(request, "warmup")
    runs = setting(request, "runs")
    dtype = torch.float16 if args.half else torch.float32
    model = model.to(device=device, dtype=dtype).eval()
    x = torch.randn([batch] + shape, device=device, dtype=dtype)
    times = []
    with torch.inference_mode():
        if device.type == "cuda":
            for _ in range(warmup):
                model(x)
            torch.cuda.synchronize(device)
            for _ in range(runs):
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                model(x)
                end.record()
                end.synchronize()
                times.append(start.elapsed_time(end))
        else:
            torch.set_num_threads(setting(request, "threads", args.threads))
            for _ in range(warmup):
                model(x)
            for _ in range(runs):
                start = time.perf_counter()
                model(x)
                times.append((time.perf_counter() - start) * 1000.0)
    del model, x
    return summary(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="auto", help="auto (cuda when available), cuda, cuda:N or cpu")
    parser.add_argument("--batch-size", type=int, default=0, help="images per inference, overriding the request's")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads, overriding the request's")
    parser.add_argument("--width", choices=["1.0", "1.2"], help="supernet width (default: from the space's name)")
    parser.add_argument("--builder", choices=["auto", "ofa", "torch"], default="auto",
                        help="ofa: OFA's own code; torch: this file's definition; auto: ofa when importable")
    parser.add_argument("--half", action="store_true", help="float16 weights and input (GPU)")
    parser.add_argument("--name", help="device name to report (default: the GPU's or CPU's model)")
    parser.add_argument("--plan", metavar="ARCH", help="print the operator keys of ARCH and exit (no PyTorch needed)")
    args = parser.parse_args()
    if args.plan:
        for layer in plan(parse_architecture(args.plan), args.width or "1.0"):
            print(lookup_key(layer))
        return 0

    out = protocol_stream()
    try:
        import torch
    except ImportError as error:
        print("pytorch_ofa_worker: %s (install PyTorch)" % error, file=sys.stderr)
        return 1
    if args.device == "auto":
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        device = torch.device(args.device)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            print("pytorch_ofa_worker: --device %s but CUDA is not available" % args.device, file=sys.stderr)
            return 1
        torch.backends.cudnn.benchmark = True
    return serve(describe_device(torch, device, args), lambda request: measure(torch, device, request, args), out)


if __name__ == "__main__":
    sys.exit(main())
