"""PyTorch reference for the project's CIFAR code (issue 21): the networks, optimisers, schedule,
fig5c head switch and CIFAR decoder of the protocol (PROTOCOL.md sections 0 and 2, with
"Details the paper leaves open, registered 2026-12-02"), written here from the protocol's words in
plain PyTorch, run on the project's initial weights, and recorded as a small fixture that
test/training/torch-agreement.test.ts compares the project's TypeScript code with.

    npm run torch-reference            # exports the inputs, runs this script, writes the fixture
    /usr/bin/python3 scripts/torch-reference/reference.py --inputs DIR --out fixtures/torch-reference/reference.json

Needs Debian's PyTorch (1.13, CPU): apt-get update && apt-get install -y python3-torch libopenblas0-pthread
Without it the script says so and exits 0 (the unit test reads the committed fixture and never
runs this script).

What PyTorch is asked to do, and why each is the protocol:
- ResNet-18, CIFAR variant, pre-activation: 3x3 stem conv (64, stride 1, pad 1, no bias, no
  max-pool); four stages of two PreAct blocks (64, 128, 256, 512; first block of stages 2-4 has
  stride 2); block(x): a = relu(bn1(x)); shortcut = conv1x1(a) (stride s, no bias) when the shape
  changes, else x; out = conv2(relu(bn2(conv1(a)))) + shortcut; then bn + relu (the registered
  ending), global average pool (the probed 512-d features), linear head(s) with bias.
- All-CNN: convs 96, 96, 192, 192, 192, 192, 192, 192 (kernels 3,3,3,3,3,3,3,1; strides
  1,1,2,1,1,2,1,1; padding (k-1)/2, no bias), each followed by batch-norm and ReLU; the probed
  features are the global average pool of the 8th; the head is a 1x1 conv to the classes with
  batch-norm and ReLU, globally average-pooled into the logits.
- BatchNorm2d/1d with PyTorch's defaults (eps 1e-5, momentum 0.1).
- torch.optim.SGD(momentum=0.9, weight_decay=wd) over every trainable parameter of the trunk and
  the active head (PyTorch applies weight decay to all of them: batch-norm scale and shift and
  biases included); the learning rate by torch.optim.lr_scheduler.ExponentialLR(gamma=0.97),
  stepped once after each epoch (so epoch e runs at lr0 * 0.97^(e-1)).
- fig5c: epochs 1..P on the fine head, then a new SGD over the trunk and the coarse head, at the
  current learning rate (the decay continues), with the trunk's momentum buffers carried over and
  the coarse head's starting empty (fresh); the fine head is no longer trained.
- The CIFAR decoder: per hidden layer Linear -> BatchNorm1d -> LeakyReLU(0.2) -> Dropout(0.7)
  (the project's masks, times 1/(1 - p) as nn.Dropout does), Linear to the classes, mean
  softmax cross-entropy, torch.optim.Adam(lr 0.01, weight_decay 0.001) (L2 added to the gradient,
  PyTorch's Adam; not AdamW), default betas and eps.
- Inputs: (pixel / 255 - mean_c) / std_c per channel with the statistics the project gives.

The fixture records, per tensor and in the project's layout (conv filters [k, k, cin, cout],
linear weights [in, out]), the values in full when a tensor has at most FULL_MAX values, else
its L2 norm, sum and SAMPLE_SIZE evenly spaced values (scripts/torch-reference/cases.ts).
"""
import argparse
import base64
import copy
import datetime
import json
import os
import platform
import struct
import sys
import warnings

FULL_MAX = 256
SAMPLE_SIZE = 64
FORMAT = "usable-info-torch-reference"
VERSION = 1
INSTALL = "apt-get update && apt-get install -y python3-torch libopenblas0-pthread"

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as err:  # pragma: no cover - the skip path
    print(f"torch-reference: skipped, PyTorch is not importable ({err}); install Debian's packages with `{INSTALL}`")
    sys.exit(0)


# ------------------------------------------------------------------------------------------------
# Input files: the project's checkpoint format (src/training/cifar-checkpoint.ts).

def read_checkpoint(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"UICKPT01":
        raise SystemExit(f"{path}: not a project checkpoint (magic {data[:8]!r})")
    (hlen,) = struct.unpack("<I", data[8:12])
    header = json.loads(data[12:12 + hlen].decode("utf-8"))
    start = (12 + hlen + 3) // 4 * 4
    payload = np.frombuffer(data[start:], dtype="<f4")
    if payload.nbytes != header["payloadBytes"]:
        raise SystemExit(f"{path}: payload of {payload.nbytes} bytes, header says {header['payloadBytes']}")
    blobs = {}
    for b in header["blobs"]:
        blobs[b["name"]] = payload[b["offset"]:b["offset"] + b["length"]].reshape(b["shape"]).copy()
    return header["meta"], blobs


# ------------------------------------------------------------------------------------------------
# Recording.

def T(arr):
    """A float array as a tensor of the default dtype (float32; float64 under --float64)."""
    return torch.from_numpy(np.ascontiguousarray(arr)).to(torch.get_default_dtype())


def b64(values):
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def summary(values):
    """The project-layout tensor `values` as recorded in the fixture."""
    x = np.ascontiguousarray(values, dtype=np.float32)
    flat = x.reshape(-1)
    n = flat.size
    if n <= FULL_MAX:
        return {"shape": list(x.shape), "full": b64(flat)}
    idx = [(2 * j + 1) * n // (2 * SAMPLE_SIZE) for j in range(SAMPLE_SIZE)]
    x64 = flat.astype(np.float64)
    return {"shape": list(x.shape), "norm": float(np.sqrt(np.sum(x64 * x64))), "sum": float(np.sum(x64)), "sample": b64(flat[idx])}


def full(values):
    x = np.ascontiguousarray(values, dtype=np.float32)
    return {"shape": list(x.shape), "full": b64(x.reshape(-1))}


def unb64(s):
    return np.frombuffer(base64.b64decode(s), dtype="<f4").astype(np.float64)


def max_norm_rel(a, b):
    d = float(np.max(np.abs(a - b))) if a.size else 0.0
    s = float(np.max(np.abs(b))) if b.size else 0.0
    return 0.0 if d == 0 else (float("inf") if s == 0 else d / s)


def deviation(a, b):
    """The test's relative deviation of record a from record b (test/training/torch-agreement.test.ts, `deviation`)."""
    if isinstance(a, (int, float)):
        return max_norm_rel(np.array([a], dtype=np.float64), np.array([b], dtype=np.float64))
    if isinstance(a, list):
        return max_norm_rel(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64))
    if "full" in b:
        return max_norm_rel(unb64(a["full"]), unb64(b["full"]))
    if b["norm"] == 0:
        return 0.0 if a["norm"] == 0 else float("inf")
    return max(abs(a["norm"] - b["norm"]) / b["norm"], abs(a["sum"] - b["sum"]) / b["norm"], max_norm_rel(unb64(a["sample"]), unb64(b["sample"])))


def deviations(a, b):
    """Largest deviation of PyTorch's float32 run (a) from its float64 run (b), per kind of quantity."""
    out = {}

    def note(kind, d):
        out[kind] = max(out.get(kind, 0.0), d)

    if "epochs" in b:
        for mode, r in b.get("forward", {}).items():
            for q, v in r.items():
                note("forward", deviation(a["forward"][mode][q], v))
        for e, r in b["epochs"].items():
            note("loss", deviation(a["epochs"][e]["loss"], r["loss"]))
            for sec in ("delta", "momentum", "state"):
                for n, v in r.get(sec, {}).items():
                    note(f"{sec} (epoch {e})", deviation(a["epochs"][e][sec][n], v))
            if "probe" in r:
                note(f"probe (epoch {e})", deviation(a["epochs"][e]["probe"], r["probe"]))
    else:
        for n, v in b["params"].items():
            note("params", deviation(a["params"][n], v))
        note("testCeNats", deviation(a["testCeNats"], b["testCeNats"]))
        note("losses", deviation(a["losses"], b["losses"]))
    return out


# ------------------------------------------------------------------------------------------------
# Project names <-> PyTorch state_dict keys and layouts.

SUFFIX = {".w": ".weight", ".b": ".bias", ".gamma": ".weight", ".beta": ".bias", ".running_mean": ".running_mean", ".running_var": ".running_var"}


def torch_key(name):
    for s, t in SUFFIX.items():
        if name.endswith(s):
            return name[: -len(s)] + t
    raise SystemExit(f"no PyTorch key for project variable {name}")


def to_torch(arr):
    if arr.ndim == 4:  # [k, k, cin, cout] -> [cout, cin, k, k]
        return np.ascontiguousarray(np.transpose(arr, (3, 2, 0, 1)))
    if arr.ndim == 2:  # [in, out] -> [out, in]
        return np.ascontiguousarray(arr.T)
    return arr


def to_project(t):
    a = t.detach().cpu().numpy()
    if a.ndim == 4:
        return np.transpose(a, (2, 3, 1, 0))
    if a.ndim == 2:
        return a.T
    return a


# ------------------------------------------------------------------------------------------------
# Networks.

class KinkLog:
    """Where a training step's ReLU inputs come closest to 0 (the kink), in call order.

    Every ReLU call and every module call takes the next position; a parameter's margin is the
    smallest |ReLU input| at a position after its module's (the ReLUs its gradient passes
    through, and in a ResNet a few more: call order over-approximates the graph). Float32
    rounding can put an input that close to 0 on the other side of the kink, which switches one
    gradient path on or off: the test checks such tensors with a looser tolerance.
    """

    def __init__(self):
        self.active = False
        self.events = []  # (position, min |input|) per ReLU call
        self.module_pos = {}  # module -> position of its call
        self.pos = 0

    def start(self):
        self.active, self.events, self.module_pos, self.pos = True, [], {}, 0

    def stop(self):
        self.active = False

    def module_called(self, module):
        if self.active:
            self.pos += 1
            self.module_pos.setdefault(module, self.pos)

    def relu_called(self, x):
        if self.active:
            self.pos += 1
            self.events.append((self.pos, float(x.detach().abs().min())))

    def step_margin(self):
        """Smallest |ReLU input| of the step (None: no ReLU)."""
        return min((m for _, m in self.events), default=None)

    def param_margins(self, model, key_to_name):
        out = {}
        for mname, module in model.named_modules():
            if module not in self.module_pos:
                continue
            after = min((m for p, m in self.events if p > self.module_pos[module]), default=None)  # None: no ReLU after it
            for pname, _ in module.named_parameters(recurse=False):
                out[key_to_name[f"{mname}.{pname}"]] = after
        return out


KINKS = KinkLog()


def relu(x):
    KINKS.relu_called(x)
    return F.relu(x)


def watch_modules(model):
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.BatchNorm2d, nn.Linear)):
            m.register_forward_pre_hook(lambda mod, _inp: KINKS.module_called(mod))


class Holder(nn.Module):
    """An empty module, so that state_dict keys read like the project's names (stage1.block1.conv1)."""


class PreActBlock(nn.Module):
    def __init__(self, cin, width, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, width, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, width, 1, stride, 0, bias=False) if stride != 1 or cin != width else None

    def forward(self, x):
        a = relu(self.bn1(x))
        shortcut = self.shortcut(a) if self.shortcut is not None else x
        out = self.conv1(a)
        out = self.conv2(relu(self.bn2(out)))
        return out + shortcut


class PreActResNet18(nn.Module):
    def __init__(self, heads):
        super().__init__()
        self.stem = Holder()
        self.stem.conv = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        cin = 64
        for s, (width, stride) in enumerate(zip([64, 128, 256, 512], [1, 2, 2, 2])):
            stage = Holder()
            for b in range(2):
                setattr(stage, f"block{b + 1}", PreActBlock(cin, width, stride if b == 0 else 1))
                cin = width
            setattr(self, f"stage{s + 1}", stage)
        self.final = Holder()
        self.final.bn = nn.BatchNorm2d(cin)
        self.head = nn.ModuleDict({h["name"]: nn.Linear(cin, h["classes"]) for h in heads})

    def forward(self, x, head):
        h = self.stem.conv(x)
        for s in range(4):
            stage = getattr(self, f"stage{s + 1}")
            for b in range(2):
                h = getattr(stage, f"block{b + 1}")(h)
        features = F.adaptive_avg_pool2d(relu(self.final.bn(h)), 1).flatten(1)
        return features, self.head[head](features)


ALLCNN = [(3, 1, 96), (3, 1, 96), (3, 2, 192), (3, 1, 192), (3, 1, 192), (3, 2, 192), (3, 1, 192), (1, 1, 192)]


class AllCnn(nn.Module):
    def __init__(self, heads):
        super().__init__()
        cin = 3
        for i, (k, stride, cout) in enumerate(ALLCNN):
            setattr(self, f"conv{i + 1}", nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, bias=False))
            setattr(self, f"bn{i + 1}", nn.BatchNorm2d(cout))
            cin = cout
        heads_dict = {}
        for h in heads:
            m = Holder()
            m.conv = nn.Conv2d(cin, h["classes"], 1, 1, 0, bias=False)
            m.bn = nn.BatchNorm2d(h["classes"])
            heads_dict[h["name"]] = m
        self.head = nn.ModuleDict(heads_dict)

    def forward(self, x, head):
        h = x
        for i in range(len(ALLCNN)):
            h = relu(getattr(self, f"bn{i + 1}")(getattr(self, f"conv{i + 1}")(h)))
        features = F.adaptive_avg_pool2d(h, 1).flatten(1)
        m = self.head[head]
        logits = F.adaptive_avg_pool2d(relu(m.bn(m.conv(h))), 1).flatten(1)
        return features, logits


def build(meta):
    if meta["model"] == "resnet18":
        return PreActResNet18(meta["heads"])
    if meta["model"] == "allcnn":
        return AllCnn(meta["heads"])
    raise SystemExit(f"case {meta['id']}: no reference for model {meta['model']}")


def load_project_weights(model, blobs):
    """Load param/* and state/* into the model; every parameter and running statistic must be covered once."""
    sd = model.state_dict()
    covered = set()
    names = {}
    with torch.no_grad():
        for blob_name, arr in blobs.items():
            kind, _, name = blob_name.partition("/")
            if kind not in ("param", "state"):
                continue
            key = torch_key(name)
            if key not in sd:
                raise SystemExit(f"project variable {name} has no PyTorch counterpart {key}")
            t = torch.from_numpy(to_torch(arr))
            if tuple(t.shape) != tuple(sd[key].shape):
                raise SystemExit(f"{name}: project shape {arr.shape} -> {tuple(t.shape)}, PyTorch {tuple(sd[key].shape)}")
            sd[key].copy_(t)
            covered.add(key)
            names[key] = name
    missing = [k for k in sd if k not in covered and not k.endswith("num_batches_tracked")]
    if missing:
        raise SystemExit(f"PyTorch tensors the project does not have: {missing}")
    return names  # torch key -> project name


def normalise(pixels, stats):
    """(pixel / 255 - mean) / std per channel, NHWC in, NCHW float32 out (float64 arithmetic, one rounding)."""
    mean = np.array(stats["mean"], dtype=np.float64)
    std = np.array(stats["std"], dtype=np.float64)
    x = (pixels.astype(np.float64) / 255.0 - mean) / std
    return T(np.transpose(x.astype(np.float32), (0, 3, 1, 2)))


# ------------------------------------------------------------------------------------------------
# Network cases.

def run_net_case(meta, blobs, first_step_only=False):
    model = build(meta)
    watch_modules(model)
    key_to_name = load_project_weights(model, blobs)
    name_to_param = {key_to_name[k]: p for k, p in model.named_parameters()}
    x = normalise(blobs["input/train"], meta["stats"])
    x_probe = normalise(blobs["input/probe"], meta["stats"])
    y = {"fine": torch.tensor(meta["trainFine"], dtype=torch.long), "coarse": torch.tensor(meta["trainCoarse"], dtype=torch.long)}
    P = meta["pretrainFineEpochs"]
    label_of = lambda e: "fine" if e <= P else "coarse"
    total = P + meta["epochs"]
    init = {n: to_project(p).copy() for n, p in name_to_param.items()}
    out = {"config": {k: v for k, v in meta.items() if k != "kind"}, "init": {"params": {n: summary(v) for n, v in sorted(init.items())}}}

    def probe_features():
        was = model.training
        model.eval()
        with torch.no_grad():
            f, _ = model(x_probe, label_of(max(1, cur_epoch)))
        model.train(was)
        return full(f.numpy())

    if meta["forward"]:
        fw = {}
        for mode in ("train", "eval"):
            m = copy.deepcopy(model)
            m.train(mode == "train")
            with torch.no_grad():
                f, logits = m(x, label_of(1))
            fw[mode] = {"features": full(f.numpy()), "logits": full(logits.numpy())}
        out["forward"] = fw

    trunk = [p for k, p in model.named_parameters() if not k.startswith("head.")]
    head_params = lambda label: list(model.head[label].parameters())
    sgd = lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=meta["momentum"], weight_decay=meta["weightDecay"])
    resume = meta["resumeAt"]
    opt = sgd(trunk + head_params(label_of(max(1, resume))), meta["lr0"])
    with torch.no_grad():
        for n, p in name_to_param.items():
            if f"momentum/{n}" in blobs:
                opt.state[p]["momentum_buffer"] = T(to_torch(blobs[f"momentum/{n}"])).clone()
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=meta["lrDecay"])
    with warnings.catch_warnings():
        # Stepping the schedule past epochs this process did not train (the resumed case) is intended.
        warnings.simplefilter("ignore")
        for _ in range(resume):
            sched.step()
    retired = {}  # momentum buffers of optimisers replaced at the switch (what a checkpoint still holds)
    cur_epoch = resume
    out["epochs"] = {}
    if 0 in meta["probeEpochs"]:
        out["probe0"] = probe_features()
    prev_label = label_of(max(1, resume))
    model.train()
    for epoch in range(resume + 1, total + 1):
        cur_epoch = epoch
        label = label_of(epoch)
        if label != prev_label:
            # fig5c switch: the trunk keeps its buffers, the new head starts fresh; the decay continues.
            new_opt = sgd(trunk + head_params(label), opt.param_groups[0]["lr"])
            for p in trunk:
                if p in opt.state:
                    new_opt.state[p] = opt.state[p]
            for p in head_params(prev_label):
                if p in opt.state:
                    retired[p] = opt.state[p]["momentum_buffer"]
            opt = new_opt
            sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=meta["lrDecay"])
            prev_label = label
        opt.zero_grad(set_to_none=True)
        KINKS.start()
        _, logits = model(x, label)
        KINKS.stop()
        if first_step_only:
            return KINKS.step_margin()
        loss = F.cross_entropy(logits, y[label])
        loss.backward()
        lr = opt.param_groups[0]["lr"]
        opt.step()
        sched.step()
        rec = {"label": label, "lr": lr, "loss": float(loss.item()), "reluMargin": KINKS.step_margin(), "paramMargin": KINKS.param_margins(model, key_to_name)}
        if epoch in meta["snapshotEpochs"]:
            buffers = dict(retired)
            for p, st in opt.state.items():
                buffers[p] = st["momentum_buffer"]
            rec["delta"] = {n: summary(to_project(p) - init[n]) for n, p in sorted(name_to_param.items())}
            rec["momentum"] = {n: summary(to_project(buffers[p])) for n, p in sorted(name_to_param.items()) if p in buffers}
            rec["state"] = {key_to_name[k]: summary(to_project(b)) for k, b in sorted(model.state_dict().items()) if k in key_to_name and k not in dict(model.named_parameters())}
        if epoch in meta["probeEpochs"]:
            rec["probe"] = probe_features()
        out["epochs"][str(epoch)] = rec
    return out


# ------------------------------------------------------------------------------------------------
# The decoder case.

def run_decoder_case(meta, blobs):
    dims = meta["dims"]
    hidden = meta["hidden"]
    linears = nn.ModuleList([nn.Linear(i, o) for i, o in dims])
    bns = nn.ModuleList([nn.BatchNorm1d(h, eps=meta["bnEpsilon"], momentum=meta["bnMomentum"]) for h in hidden])
    with torch.no_grad():
        for l, lin in enumerate(linears):
            lin.weight.copy_(torch.from_numpy(blobs[f"param/l{l}.w"].T.copy()))
            lin.bias.copy_(torch.from_numpy(blobs[f"param/l{l}.b"]))
    params = list(linears.parameters()) + list(bns.parameters())
    opt = torch.optim.Adam(params, lr=meta["lr"], weight_decay=meta["weightDecay"])
    z = T(blobs["input/train_z"])
    yz = torch.from_numpy(blobs["input/train_y"].astype(np.int64))
    keep_scale = 1.0 / (1.0 - meta["dropout"])
    slope = meta["leakySlope"]
    losses = []
    step = 0

    def forward(h, masks):
        for l in range(len(hidden)):
            h = F.leaky_relu(bns[l](linears[l](h)), slope)
            if masks is not None:
                h = h * masks[l] * keep_scale
        return linears[len(hidden)](h)

    linears.train()
    bns.train()
    for e in range(meta["epochs"]):
        perm = torch.from_numpy(blobs[f"perm/{e}"].astype(np.int64))
        start = 0
        for n in meta["batchSizes"]:
            idx = perm[start:start + n]
            start += n
            masks = [T(blobs[f"mask/{step}/{l}"]) for l in range(len(hidden))]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(forward(z[idx], masks), yz[idx])
            loss.backward()
            opt.step()
            losses.append(float(loss.item()))
            step += 1
    bns.eval()
    with torch.no_grad():
        logits = forward(T(blobs["input/test_z"]), None).double()
        yt = torch.from_numpy(blobs["input/test_y"].astype(np.int64))
        ce = -torch.log_softmax(logits, dim=1).gather(1, yt[:, None])[:, 0]
    rec = {}
    for l, lin in enumerate(linears):
        rec[f"l{l}.w"] = summary(lin.weight.detach().numpy().T)
        rec[f"l{l}.b"] = summary(lin.bias.detach().numpy())
    for l, bn in enumerate(bns):
        rec[f"l{l}.gamma"] = summary(bn.weight.detach().numpy())
        rec[f"l{l}.beta"] = summary(bn.bias.detach().numpy())
        rec[f"l{l}.running_mean"] = summary(bn.running_mean.numpy())
        rec[f"l{l}.running_var"] = summary(bn.running_var.numpy())
    return {"config": {k: v for k, v in meta.items() if k != "kind"}, "steps": step, "losses": losses, "params": rec, "testCeNats": [float(v) for v in ce]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", required=True, help="folder written by scripts/torch-reference/export.ts")
    ap.add_argument("--out", required=True, help="fixture JSON to write")
    ap.add_argument("--first-step-margins", action="store_true", help="print each network case's first-step ReLU margin (float64) as JSON and stop (the seed search)")
    args = ap.parse_args()
    torch.set_num_threads(1)  # deterministic reductions, and the machine is shared
    torch.use_deterministic_algorithms(True)
    with open(os.path.join(args.inputs, "cases.json")) as f:
        files = json.load(f)["files"]
    if args.first_step_margins:
        torch.set_default_dtype(torch.float64)
        margins = {}
        for name in files:
            meta, blobs = read_checkpoint(os.path.join(args.inputs, name))
            if meta["kind"] == "net":
                margins[meta["id"]] = run_net_case(meta, blobs, first_step_only=True)
        print(json.dumps(margins))
        return
    cases = {}
    for name in files:
        meta, blobs = read_checkpoint(os.path.join(args.inputs, name))
        run = run_net_case if meta["kind"] == "net" else run_decoder_case
        print(f"torch-reference: {meta['id']} (float64, then float32) ...", file=sys.stderr, flush=True)
        torch.set_default_dtype(torch.float64)
        rec = run(meta, blobs)
        torch.set_default_dtype(torch.float32)
        rec["torchFloat32Deviation"] = deviations(run(meta, blobs), rec)
        cases[meta["id"]] = rec
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "generatedBy": {
            "script": "scripts/torch-reference/reference.py",
            "torch": torch.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "date": datetime.date.today().isoformat(),
        },
        "fullMax": FULL_MAX,
        "sampleSize": SAMPLE_SIZE,
        "cases": cases,
    }
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, args.out)
    print(f"torch-reference: wrote {args.out} ({os.path.getsize(args.out)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
