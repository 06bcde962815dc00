"""Builds Sourcelight's sentence model as ONNX from a sentence-transformers BERT checkpoint, no torch.

The checkpoint's safetensors file is read with numpy alone (an 8-byte header length, a JSON header,
raw little-endian tensors), and the encoder is written node by node with the onnx helper API:
embeddings, N encoder layers, mean pooling over the attention mask, L2 normalisation. A numpy
forward pass of the same weights checks the graph (run by onnxruntime) on a few sentences, then
the graph is quantized (dynamic int8) and the quantized model is checked against the float one.

Usage: convert.py <model dir with config.json, model.safetensors, vocab.txt> <output dir>
"""

import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict:
    with path.open("rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=DTYPES[meta["dtype"]]).reshape(meta["shape"])
    return tensors


class Graph:
    """Accumulates nodes and initializers with unique names."""

    def __init__(self):
        self.nodes = []
        self.inits = []
        self.count = 0

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, kind, inputs, **attrs):
        self.count += 1
        out = f"{kind.lower()}_{self.count}"
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def linear(self, x, w, b, name):
        # torch Linear stores [out, in]; MatMul wants [in, out].
        wt = self.const(f"{name}.w", np.ascontiguousarray(w.T.astype(np.float32)))
        bias = self.const(f"{name}.b", b.astype(np.float32))
        return self.op("Add", [self.op("MatMul", [x, wt]), bias])

    def layer_norm(self, x, w, b, eps, name):
        scale = self.const(f"{name}.g", w.astype(np.float32))
        bias = self.const(f"{name}.beta", b.astype(np.float32))
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=eps)

    def finish(self, x, maskf, hidden, name, opsets):
        """Mean-pools the last hidden states over real tokens, scales to unit length, and wraps the
        graph as a model with the inputs and output lib/semantic/encoder.ts feeds and reads."""
        m = self.op("Unsqueeze", [maskf, self.const("axis_2", np.array([2], dtype=np.int64))])
        axis1 = self.const("axis_1", np.array([1], dtype=np.int64))
        summed = self.op("ReduceSum", [self.op("Mul", [x, m]), axis1], keepdims=0)
        tiny = self.const("tiny", np.array(1e-9, dtype=np.float32))
        count = self.op("Max", [self.op("ReduceSum", [m, axis1], keepdims=0), tiny])
        pooled = self.op("Div", [summed, count])
        norm = self.op("ReduceL2", [pooled], axes=[1], keepdims=1)
        norm = self.op("Max", [norm, self.const("tiny_norm", np.array(1e-12, dtype=np.float32))])
        self.nodes.append(helper.make_node("Div", [pooled, norm], ["sentence_embedding"]))
        graph = helper.make_graph(
            self.nodes,
            name,
            [
                helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
                helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
            ],
            [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden])],
            self.inits,
        )
        model = helper.make_model(graph, opset_imports=opsets, producer_name="sourcelight")
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model


def build(weights: dict, config: dict) -> onnx.ModelProto:
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    head = hidden // heads
    eps = config["layer_norm_eps"]
    g = Graph()
    w = lambda k: weights[k]  # noqa: E731

    # Embeddings: word + position + token type 0 (Sourcelight encodes single sentences only).
    words = g.op("Gather", [g.const("word_embeddings", w("embeddings.word_embeddings.weight")), "input_ids"])
    shape = g.op("Shape", ["input_ids"])
    seq = g.op("Gather", [shape, g.const("one_i", np.array(1, dtype=np.int64))])
    positions = g.op("Range", [g.const("zero_i", np.array(0, dtype=np.int64)), seq, "one_i"])
    pos = g.op("Gather", [g.const("position_embeddings", w("embeddings.position_embeddings.weight")), positions])
    x = g.op("Add", [words, pos])
    x = g.op("Add", [x, g.const("token_type_0", w("embeddings.token_type_embeddings.weight")[0])])
    x = g.layer_norm(x, w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"), eps, "emb_ln")

    # Additive attention mask [B, 1, 1, S]: 0 where a token is, a large negative where padding is.
    maskf = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    inverse = g.op("Sub", [g.const("one_f", np.array(1.0, dtype=np.float32)), maskf])
    additive = g.op("Mul", [inverse, g.const("neg_big", np.array(-10000.0, dtype=np.float32))])
    additive = g.op("Unsqueeze", [additive, g.const("axes_12", np.array([1, 2], dtype=np.int64))])

    split_shape = g.const("split_shape", np.array([0, 0, heads, head], dtype=np.int64))
    merge_shape = g.const("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    scale = g.const("attn_scale", np.array(1.0 / math.sqrt(head), dtype=np.float32))
    sqrt2 = g.const("sqrt2", np.array(math.sqrt(2.0), dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q = g.linear(x, w(p + "attention.self.query.weight"), w(p + "attention.self.query.bias"), f"l{i}.q")
        k = g.linear(x, w(p + "attention.self.key.weight"), w(p + "attention.self.key.bias"), f"l{i}.k")
        v = g.linear(x, w(p + "attention.self.value.weight"), w(p + "attention.self.value.bias"), f"l{i}.v")
        q = g.op("Transpose", [g.op("Reshape", [q, split_shape])], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.op("Reshape", [k, split_shape])], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [g.op("Reshape", [v, split_shape])], perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), additive])
        probs = g.op("Softmax", [scores], axis=-1)
        ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, merge_shape])
        attn = g.linear(ctx, w(p + "attention.output.dense.weight"), w(p + "attention.output.dense.bias"), f"l{i}.o")
        x = g.layer_norm(
            g.op("Add", [attn, x]),
            w(p + "attention.output.LayerNorm.weight"),
            w(p + "attention.output.LayerNorm.bias"),
            eps,
            f"l{i}.ln1",
        )
        inter = g.linear(x, w(p + "intermediate.dense.weight"), w(p + "intermediate.dense.bias"), f"l{i}.ff1")
        # Exact GELU, as BERT was trained: x * 0.5 * (1 + erf(x / sqrt 2)).
        erf = g.op("Erf", [g.op("Div", [inter, sqrt2])])
        gelu = g.op("Mul", [g.op("Mul", [inter, half]), g.op("Add", [erf, "one_f"])])
        out = g.linear(gelu, w(p + "output.dense.weight"), w(p + "output.dense.bias"), f"l{i}.ff2")
        x = g.layer_norm(
            g.op("Add", [out, x]), w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias"), eps, f"l{i}.ln2"
        )

    # Mean pooling over real tokens, then unit length.
    return g.finish(x, maskf, hidden, "sentence_encoder", [helper.make_opsetid("", OPSET)])


def numpy_forward(weights: dict, config: dict, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The same encoder in plain numpy, written from the BERT definition, to check the graph."""
    from math import erf

    w = weights
    eps = config["layer_norm_eps"]
    heads = config["num_attention_heads"]
    hidden = config["hidden_size"]
    head = hidden // heads
    verf = np.vectorize(erf)

    def ln(x, gname):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * w[gname + ".weight"] + w[gname + ".bias"]

    def lin(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    b, s = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:s]
    x = ln(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    add = (1.0 - mask[:, None, None, :].astype(np.float64)) * -10000.0
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        split = lambda t: t.reshape(b, s, heads, head).transpose(0, 2, 1, 3)  # noqa: E731
        q, k, v = (split(lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        sc = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + add
        sc = np.exp(sc - sc.max(-1, keepdims=True))
        sc = sc / sc.sum(-1, keepdims=True)
        ctx = (sc @ v).transpose(0, 2, 1, 3).reshape(b, s, hidden)
        x = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        h = lin(x, p + "intermediate.dense")
        h = h * 0.5 * (1.0 + verf(h / math.sqrt(2.0)))
        x = ln(lin(h, p + "output.dense") + x, p + "output.LayerNorm")
    m = mask[:, :, None].astype(np.float64)
    pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main():
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    config = json.loads((src / "config.json").read_text())
    weights = read_safetensors(src / "model.safetensors")
    model = build(weights, config)
    float_path = out / "encoder.float.onnx"
    onnx.save(model, str(float_path))

    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Check sequences: arbitrary ids (CLS ... SEP) with padding in the second row.
    rng = np.random.default_rng(7)
    ids = rng.integers(1000, 30000, size=(2, 12)).astype(np.int64)
    ids[:, 0], ids[0, -1], ids[1, 7] = 101, 102, 102
    mask = np.ones_like(ids)
    mask[1, 8:] = 0
    ids[1, 8:] = 0
    feed = {"input_ids": ids, "attention_mask": mask}
    reference = numpy_forward({k: v.astype(np.float64) for k, v in weights.items()}, config, ids, mask)
    run = lambda p: ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]).run(None, feed)[0]  # noqa: E731
    got = run(float_path)
    diff = float(np.abs(got - reference).max())
    print(f"float graph vs numpy forward: max abs difference {diff:.2e}")
    if diff > 1e-4:
        sys.exit("the ONNX graph does not reproduce the numpy forward pass")

    quant_path = out / "encoder.int8.onnx"
    quantize_dynamic(str(float_path), str(quant_path), weight_type=QuantType.QInt8, per_channel=True)
    cos = (run(quant_path) * got).sum(1)
    print(f"int8 vs float: cosine of the check sentences {', '.join(f'{c:.4f}' for c in cos)}")

    (out / "vocab.txt").write_bytes((src / "vocab.txt").read_bytes())
    (out / "config.json").write_text(
        json.dumps(
            {
                "hidden": config["hidden_size"],
                "maxTokens": json.loads((src / "sentence_bert_config.json").read_text())["max_seq_length"],
                "lowercase": json.loads((src / "tokenizer_config.json").read_text()).get("do_lower_case", True),
            }
        )
    )


if __name__ == "__main__":
    main()
