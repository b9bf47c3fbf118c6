"""Pretrain a small Arabic encoder (masked language model over word pieces)
and fine-tune it as a tagger on ANERcorp. Needs PyTorch (training only;
Marsad tags with numpy, ``marsad.ner.encoder``).

    python3 scripts/trf_ar/train.py pretrain --layers 4 --dim 256 --seconds 300 --out .trf/enc4.npz
    python3 scripts/trf_ar/train.py finetune --encoder .trf/enc4.npz --heldout --epochs 8
    python3 scripts/trf_ar/train.py finetune --encoder .trf/enc4.npz --epochs 6 --out .trf/tag4.npz

Inputs come from ``scripts/trf_ar/prepare.py`` (``.trf/``). Pretraining
runs for a fixed wall-clock budget: the learning rate warms up over the
first 5 % of it and decays linearly to zero at its end. Weights are saved as
float16 arrays in an ``.npz`` with the configuration beside them.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:  # training only: Marsad itself does not depend on torch
    raise SystemExit("scripts/trf_ar/train.py needs PyTorch: python3 -m pip install torch") from None

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
PAD, UNK, CLS, SEP, MASK = 0, 1, 2, 3, 4


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, ffn: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.ln2 = nn.LayerNorm(dim)
        self.up = nn.Linear(dim, ffn)
        self.down = nn.Linear(ffn, dim)
        self.drop = nn.Dropout(dropout)
        self.p = dropout

    def forward(self, x: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=keep, dropout_p=self.p if self.training else 0.0)
        x = x + self.drop(self.out(a.transpose(1, 2).reshape(b, t, d)))
        return x + self.drop(self.down(F.gelu(self.up(self.ln2(x)), approximate="tanh")))


class Encoder(nn.Module):
    def __init__(self, vocab: int, dim: int, layers: int, heads: int, ffn: int, max_len: int = 256, dropout: float = 0.1) -> None:
        super().__init__()
        self.config = {"vocab": vocab, "dim": dim, "layers": layers, "heads": heads, "ffn": ffn, "max_len": max_len}
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Embedding(max_len, dim)
        self.emb_ln = nn.LayerNorm(dim)
        self.blocks = nn.ModuleList(Block(dim, heads, ffn, dropout) for _ in range(layers))
        self.ln = nn.LayerNorm(dim)
        self.drop = nn.Dropout(dropout)
        nn.init.normal_(self.tok.weight, std=0.02)
        nn.init.normal_(self.pos.weight, std=0.02)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        t = ids.shape[1]
        keep = (ids != PAD)[:, None, None, :]
        x = self.tok(ids) + self.pos(torch.arange(t, device=ids.device))[None]
        x = self.drop(self.emb_ln(x))
        for block in self.blocks:
            x = block(x, keep)
        return self.ln(x)


class MlmHead(nn.Module):
    def __init__(self, enc: Encoder) -> None:
        super().__init__()
        dim = enc.config["dim"]
        self.dense = nn.Linear(dim, dim)
        self.ln = nn.LayerNorm(dim)
        self.bias = nn.Parameter(torch.zeros(enc.config["vocab"]))
        self.enc = enc

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        h = self.ln(F.gelu(self.dense(h), approximate="tanh"))
        return h @ self.enc.tok.weight.T + self.bias


def save(path: Path, modules: dict[str, nn.Module], config: dict) -> None:
    arrays = {}
    for prefix, module in modules.items():
        for name, value in module.state_dict().items():
            if prefix != "enc" and name.startswith("enc."):
                continue  # the MLM head's tied embeddings: saved with the encoder
            arrays[f"{prefix}.{name}"] = value.detach().float().cpu().numpy().astype(np.float16)
    arrays["config"] = np.array(json.dumps(config))
    np.savez(path, **arrays)
    print(f"saved {path} ({sum(a.size for k, a in arrays.items() if k != 'config')} weights)", flush=True)


def load_encoder(path: Path, dropout: float) -> Encoder:
    data = np.load(path)
    config = json.loads(str(data["config"]))
    enc = Encoder(config["vocab"], config["dim"], config["layers"], config["heads"], config["ffn"], config["max_len"], dropout)
    state = {k[len("enc."):]: torch.from_numpy(data[k].astype(np.float32)) for k in data.files if k.startswith("enc.")}
    enc.load_state_dict(state)
    return enc


def pretrain(args: argparse.Namespace) -> None:
    torch.manual_seed(args.seed)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    packed = np.load(args.data / "corpus.npz")["ids"]
    stream = torch.from_numpy((packed & 0x7FFF).astype(np.int64)).to(dev)
    starts = torch.from_numpy((packed >> 15).astype(np.bool_)).to(dev)
    vocab = len((args.data / "vocab.txt").read_text(encoding="utf-8").splitlines())
    enc = Encoder(vocab, args.dim, args.layers, args.heads, args.ffn, args.max_len).to(dev)
    head = MlmHead(enc).to(dev)
    params = list(enc.parameters()) + [p for n, p in head.named_parameters() if not n.startswith("enc.")]
    decay = [p for p in params if p.ndim >= 2]
    no_decay = [p for p in params if p.ndim < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-6, fused=dev.type == "cuda")
    n_params = sum(p.numel() for p in enc.parameters())
    print(f"encoder {n_params} parameters, {len(stream)} pieces, device {dev}", flush=True)
    span = args.max_len - 2
    t0 = time.time()
    step = 0
    seen = 0
    losses: list[float] = []
    ar = torch.arange(args.max_len, device=dev)
    while True:
        frac = (time.time() - t0) / args.seconds
        if frac >= 1:
            break
        lr = args.lr * min(1.0, frac / 0.05) * (1 - frac) if frac >= 0.05 else args.lr * frac / 0.05
        for g in opt.param_groups:
            g["lr"] = lr
        off = torch.randint(0, len(stream) - span, (args.batch,), device=dev)
        idx = off[:, None] + torch.arange(span, device=dev)[None]
        body = stream[idx]
        st = starts[idx]
        ids = torch.cat([torch.full((args.batch, 1), CLS, device=dev), body, torch.full((args.batch, 1), SEP, device=dev)], 1)
        st = torch.cat([torch.ones((args.batch, 1), dtype=torch.bool, device=dev), st, torch.ones((args.batch, 1), dtype=torch.bool, device=dev)], 1)
        # whole-word masking: a draw per token start, carried to the token's other pieces
        last_start = torch.cummax(torch.where(st, ar[None], torch.zeros_like(ids)), 1).values
        draw = torch.rand(ids.shape, device=dev).gather(1, last_start)
        chosen = (draw < args.mask) & (ids > MASK)
        how = torch.rand(ids.shape, device=dev)
        inputs = torch.where(chosen & (how < 0.8), torch.full_like(ids, MASK), ids)
        inputs = torch.where(chosen & (how >= 0.8) & (how < 0.9), torch.randint(5, vocab, ids.shape, device=dev), inputs)
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
            h = enc(inputs)
            logits = head(h[chosen])
        loss = F.cross_entropy(logits.float(), ids[chosen])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        seen += args.batch * span
        losses.append(loss.item() if step % 50 == 0 else math.nan)
        if step % args.log == 0:
            recent = [x for x in losses[-args.log:] if not math.isnan(x)]
            print(f"step {step} {time.time() - t0:.0f}s lr {lr:.2e} loss {np.mean(recent) if recent else float('nan'):.3f} "
                  f"epochs {seen / len(stream):.1f}", flush=True)
    print(f"pretrained {step} steps, {seen / len(stream):.1f} passes over the corpus in {time.time() - t0:.0f} s", flush=True)
    save(args.out, {"enc": enc, "mlm": head}, enc.config)


def ner_data(path: Path, crf_path: Path | None = None) -> list[tuple[np.ndarray, ...]]:
    """Sentences as (pieces, heads, labels, CRF tags); the CRF tags are all O
    without ``crf_path``."""
    d = np.load(path)
    crf = np.load(crf_path).astype(np.int64) if crf_path else np.zeros(len(d["labels"]), dtype=np.int64)
    if len(crf) != len(d["labels"]):
        raise SystemExit(f"{crf_path}: {len(crf)} tags for {len(d['labels'])} tokens")
    out = []
    for i in range(len(d["ids_off"]) - 1):
        a, b = d["ids_off"][i], d["ids_off"][i + 1]
        c, e = d["tok_off"][i], d["tok_off"][i + 1]
        out.append((d["ids"][a:b].astype(np.int64), d["heads"][c:e].astype(np.int64), d["labels"][c:e].astype(np.int64), crf[c:e]))
    return out


def spans(tags: list[int]) -> set[tuple[int, int, str]]:
    """conlleval's entities: B-X starts one; I-X continues the same type or starts one."""
    out = set()
    start, kind = None, None
    for i, t in enumerate([*tags, 0]):
        name = LABELS[t]
        if name == "O" or name.startswith("B-") or name[2:] != kind:
            if start is not None:
                out.add((start, i, kind))
            start, kind = (i, name[2:]) if name != "O" else (None, None)
    return out


def score(gold: list[list[int]], pred: list[list[int]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gs, ps = spans(g), spans(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    prec = tp / max(tp + fp, 1)
    rec = tp / max(tp + fn, 1)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-9)


def batches(data, size: int, shuffle: bool, rng: np.random.Generator):
    order = rng.permutation(len(data)) if shuffle else np.arange(len(data))
    for i in range(0, len(order), size):
        chunk = [data[j] for j in order[i : i + size]]
        t = max(len(c[0]) for c in chunk)
        n = max(len(c[1]) for c in chunk)
        ids = np.zeros((len(chunk), t), dtype=np.int64)
        heads = np.zeros((len(chunk), n), dtype=np.int64)
        labels = np.full((len(chunk), n), -100, dtype=np.int64)
        crf = np.zeros((len(chunk), n), dtype=np.int64)
        for k, (a, h, lab, c) in enumerate(chunk):
            ids[k, : len(a)] = a
            heads[k, : len(h)] = h
            labels[k, : len(lab)] = lab
            crf[k, : len(c)] = c
        yield [torch.from_numpy(x) for x in (ids, heads, labels, crf)]


class Classifier(nn.Module):
    """Label scores from the head piece's vector and, with ``crf``, an
    embedding of the CRF's tag for the token."""

    def __init__(self, dim: int, crf: bool, crf_dim: int = 32) -> None:
        super().__init__()
        self.crf = nn.Embedding(len(LABELS), crf_dim) if crf else None
        self.out = nn.Linear(dim + (crf_dim if crf else 0), len(LABELS))

    def forward(self, h: torch.Tensor, crf: torch.Tensor) -> torch.Tensor:
        if self.crf is not None:
            h = torch.cat([h, self.crf(crf).to(h.dtype)], -1)
        return self.out(h)


def finetune(args: argparse.Namespace) -> None:
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train = ner_data(args.data / "ner_train.npz", args.data / "crf_train.npy" if args.crf else None)
    if args.heldout:
        cut = int(len(train) * 0.9)
        train, evaluation, name = train[:cut], train[cut:], "held-out tenth of train"
    else:
        evaluation, name = ner_data(args.data / "ner_test.npz", args.data / "crf_test.npy" if args.crf else None), "test"
    enc = load_encoder(args.encoder, args.dropout).to(dev)
    cls = Classifier(enc.config["dim"], args.crf).to(dev)
    params = list(enc.parameters()) + list(cls.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / (0.9 * steps)))
    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        enc.train()
        for ids, heads, labels, crf in batches(train, args.batch, True, rng):
            ids, heads, labels, crf = ids.to(dev), heads.to(dev), labels.to(dev), crf.to(dev)
            with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
                h = enc(ids)
                h = h.gather(1, heads[..., None].expand(-1, -1, h.shape[-1]))
                logits = cls(F.dropout(h, args.dropout, True), crf)
            loss = F.cross_entropy(logits.float().reshape(-1, len(LABELS)), labels.reshape(-1), ignore_index=-100)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
        enc.eval()
        gold, pred = [], []
        with torch.no_grad():
            for ids, heads, labels, crf in batches(evaluation, 64, False, rng):
                h = enc(ids.to(dev))
                h = h.gather(1, heads.to(dev)[..., None].expand(-1, -1, h.shape[-1]))
                best = cls(h, crf.to(dev)).argmax(-1).cpu().numpy()
                for k in range(len(best)):
                    n = int((labels[k] != -100).sum())
                    gold.append(labels[k, :n].tolist())
                    pred.append(best[k, :n].tolist())
        p, r, f = score(gold, pred)
        print(f"{args.tag} epoch {epoch} {time.time() - t0:.0f}s {name}: P {p:.4f} R {r:.4f} F1 {f:.4f}", flush=True)
    if args.out:
        save(args.out, {"enc": enc, "cls": cls}, {**enc.config, "labels": list(LABELS)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pretrain")
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=1024)
    p.add_argument("--max-len", type=int, default=256)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=7e-4)
    p.add_argument("--mask", type=float, default=0.15)
    p.add_argument("--seconds", type=float, default=300)
    p.add_argument("--log", type=int, default=500)
    p.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("finetune")
    f.add_argument("--encoder", type=Path, required=True)
    f.add_argument("--heldout", action="store_true", help="train on the first 90%% of train, score the last tenth")
    f.add_argument("--epochs", type=int, default=8)
    f.add_argument("--batch", type=int, default=16)
    f.add_argument("--lr", type=float, default=2e-4)
    f.add_argument("--dropout", type=float, default=0.1)
    f.add_argument("--crf", action="store_true", help="give the classifier the CRF's tags (crf_tags.py)")
    f.add_argument("--tag", default="")
    f.add_argument("--out", type=Path)
    for q in (p, f):
        q.add_argument("--data", type=Path, default=Path(".trf"))
        q.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    needs = ["corpus.npz", "vocab.txt"] if args.cmd == "pretrain" else ["ner_train.npz", "ner_test.npz"]
    if args.cmd == "finetune" and args.crf:
        needs += ["crf_train.npy", "crf_test.npy"]
    missing = [str(args.data / n) for n in needs if not (args.data / n).exists()]
    if args.cmd == "finetune" and not args.encoder.exists():
        missing.append(str(args.encoder))
    if missing:
        raise SystemExit(f"not found: {', '.join(missing)} (prepare.py, crf_tags.py and pretrain write them)")
    pretrain(args) if args.cmd == "pretrain" else finetune(args)


if __name__ == "__main__":
    main()
