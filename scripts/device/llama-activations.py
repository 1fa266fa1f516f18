"""Held and peak activation bytes of a Llama-style decoder on one GPU (docs/estimate.md).

Per-layer bytes = (held at L=4 minus held at L=2) / 2, in units of s*b*h bytes, as the measured
GPT table was taken. bf16 weights, no autocast, PyTorch SDPA, no dropout.
Variants: fused RMSNorm (F.rms_norm) + native GQA (enable_gqa); K/V repeated to all heads before
SDPA (HF's repeat_kv); RMSNorm computed in fp32 as HF's LlamaRMSNorm does.
"""
import json, sys, torch, torch.nn as nn, torch.nn.functional as F

dev = "cuda"
torch.manual_seed(0)

class Layer(nn.Module):
    def __init__(s, h, a, kv, f, variant):
        super().__init__()
        s.h, s.a, s.kv, s.d, s.variant = h, a, kv, h // a, variant
        s.n1 = nn.Parameter(torch.ones(h)); s.n2 = nn.Parameter(torch.ones(h))
        s.q = nn.Linear(h, a * s.d, bias=False); s.k = nn.Linear(h, kv * s.d, bias=False)
        s.v = nn.Linear(h, kv * s.d, bias=False); s.o = nn.Linear(a * s.d, h, bias=False)
        s.g = nn.Linear(h, f, bias=False); s.u = nn.Linear(h, f, bias=False); s.dn = nn.Linear(f, h, bias=False)
    def norm(s, x, w):
        if s.variant == "hf-fp32-norm":
            x32 = x.float(); x32 = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + 1e-5)
            return w * x32.to(x.dtype)
        return F.rms_norm(x, (s.h,), w, 1e-5)
    def forward(s, x, cos, sin):
        b, t, _ = x.shape
        y = s.norm(x, s.n1)
        q = s.q(y).view(b, t, s.a, s.d).transpose(1, 2)
        k = s.k(y).view(b, t, s.kv, s.d).transpose(1, 2)
        v = s.v(y).view(b, t, s.kv, s.d).transpose(1, 2)
        rot = lambda z: torch.cat((-z[..., s.d // 2:], z[..., : s.d // 2]), -1)
        q = q * cos + rot(q) * sin; k = k * cos + rot(k) * sin
        if s.variant == "repeat-kv":
            k = k.repeat_interleave(s.a // s.kv, 1); v = v.repeat_interleave(s.a // s.kv, 1)
            o = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            o = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        x = x + s.o(o.transpose(1, 2).reshape(b, t, s.a * s.d))
        y = s.norm(x, s.n2)
        return x + s.dn(F.silu(s.g(y)) * s.u(y))

class Model(nn.Module):
    def __init__(s, L, h, a, kv, f, V, variant):
        super().__init__()
        s.emb = nn.Embedding(V, h); s.layers = nn.ModuleList(Layer(h, a, kv, f, variant) for _ in range(L))
        s.nf = nn.Parameter(torch.ones(h)); s.head = nn.Linear(h, V, bias=False); s.h = h; s.d = h // a
    def forward(s, ids):
        t = ids.shape[1]
        inv = 1.0 / (500000 ** (torch.arange(0, s.d, 2, device=dev).float() / s.d))
        fr = torch.outer(torch.arange(t, device=dev).float(), inv); e = torch.cat((fr, fr), -1)
        cos, sin = e.cos().to(torch.bfloat16), e.sin().to(torch.bfloat16)
        x = s.emb(ids)
        for l in s.layers: x = l(x, cos, sin)
        x = F.rms_norm(x, (s.h,), s.nf, 1e-5)
        return s.head(x)

def run(L, variant, h=4096, a=32, kv=8, f=14336, V=128256, s=4096, b=1):
    m = Model(L, h, a, kv, f, V, variant).to(dev, torch.bfloat16)
    ids = torch.randint(0, V, (b, s), device=dev)
    torch.cuda.synchronize(); base = torch.cuda.memory_allocated()
    logits = m(ids)
    loss = F.cross_entropy(logits.float().view(-1, V), ids.view(-1))
    del logits
    torch.cuda.synchronize(); held = torch.cuda.memory_allocated() - base
    torch.cuda.reset_peak_memory_stats()
    loss.backward(); torch.cuda.synchronize()
    peak = torch.cuda.max_memory_allocated() - base
    params = sum(p.numel() for p in m.parameters())
    del m, loss, ids; torch.cuda.empty_cache()
    return held, peak, params

out = {"torch": torch.__version__, "gpu": torch.cuda.get_device_name(), "rows": []}
h, s, b = 4096, 4096, 1
sbh = s * b * h
for variant in ["fused-norm+gqa", "repeat-kv", "hf-fp32-norm"]:
    h2, p2, n2 = run(2, variant); h4, p4, n4 = run(4, variant)
    row = {"variant": variant, "perLayerSbh": (h4 - h2) / 2 / sbh, "held_L2": h2, "peak_L2": p2,
           "held_L4": h4, "peak_L4": p4, "params_L4": n4}
    out["rows"].append(row); print(json.dumps(row), flush=True)
print(json.dumps(out))
import os
open(os.path.join(os.environ.get("OUT", "."), "llama-activations.json"), "w").write(json.dumps(out, indent=1))
