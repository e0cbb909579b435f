"""Generation benchmark on randomly initialised models of the real shapes.

Random weights cost the same FLOPs as trained ones, so t5-small and
flan-t5-small are rebuilt from their published configs (nothing is downloaded)
and every backend is forced to generate exactly the same number of tokens from
the same random input ids. Each backend runs in its own process, so its peak
RSS is its own; ratios are to the pinned baseline (transformers, float32,
greedy, ``use_cache=True``, 2 threads, batch 1) measured in the same run,
because this shared machine's absolute speed drifts.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# The published configs of google-t5/t5-small and google/flan-t5-small (hand-copied: no downloads here).
ARCHITECTURES: dict[str, dict[str, Any]] = {
    "t5-small": {
        "d_model": 512,
        "d_ff": 2048,
        "d_kv": 64,
        "num_layers": 6,
        "num_decoder_layers": 6,
        "num_heads": 8,
        "feed_forward_proj": "relu",
        "vocab_size": 32128,
        "tie_word_embeddings": True,
        "task_specific_params": {"summarization": {"prefix": "summarize: "}},
    },
    "flan-t5-small": {
        "d_model": 512,
        "d_ff": 1024,
        "d_kv": 64,
        "num_layers": 8,
        "num_decoder_layers": 8,
        "num_heads": 6,
        "feed_forward_proj": "gated-gelu",
        "vocab_size": 32128,
        "tie_word_embeddings": False,
    },
}
_SPECIALS = ("<pad>", "</s>", "<unk>")


def build_random_checkpoint(name: str, dest: Path, seed: int = 0) -> Path:
    """Save a random checkpoint of a published architecture, with a word-level tokenizer of its vocabulary size.

    The tokenizer only exists because the CTranslate2 converter wants one; the
    benchmark feeds token ids directly.

    Args:
        name: A key of :data:`ARCHITECTURES`.
        dest: The folder to create.
        seed: Seeds the weights.
    Returns:
        ``dest``.
    """
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast, T5Config, T5ForConditionalGeneration

    values = dict(ARCHITECTURES[name])
    tied = values.pop("tie_word_embeddings")
    task = values.pop("task_specific_params", None)
    config = T5Config(
        **values, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, n_positions=512, tie_word_embeddings=tied
    )
    if task:
        config.task_specific_params = task
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(config).eval()
    if not tied:
        # transformers 5 ties T5 output layers when building from a config; the real
        # flan-t5-small has its own lm_head (16M more parameters to stream per token).
        model.lm_head.weight = torch.nn.Parameter(torch.randn_like(model.lm_head.weight) * 0.05)
        model.all_tied_weights_keys.pop("lm_head.weight", None)
    model.save_pretrained(dest)
    if not tied:
        path = dest / "config.json"
        saved = json.loads(path.read_text(encoding="utf-8"))
        saved["tie_word_embeddings"] = False
        saved.pop("scale_decoder_outputs", None)
        path.write_text(json.dumps(saved, indent=2), encoding="utf-8")
    vocab = {token: i for i, token in enumerate(_SPECIALS)}
    vocab.update({f"w{i}": i for i in range(len(_SPECIALS), config.vocab_size)})
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, eos_token="</s>", pad_token="<pad>", unk_token="<unk>", model_max_length=512
    )
    wrapped.save_pretrained(dest)
    return dest


def random_inputs(count: int, length: int, vocab: int, seed: int) -> list[list[int]]:
    """``count`` random id sequences of ``length`` tokens ending in EOS (id 1)."""
    rng = random.Random(seed)
    return [[rng.randrange(len(_SPECIALS), vocab - 100) for _ in range(length - 1)] + [1] for _ in range(count)]


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    /proc's VmHWM belongs to the current program image; ``ru_maxrss`` would keep
    the parent's peak across fork+exec and report the benchmark driver's memory.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux; a fallback


def _open_backend(spec: dict[str, Any]) -> tuple[Any, Any]:
    """The backend described by ``spec`` and a function counting the tokens it generated."""
    from summarize.generation.backend import Decoding

    n = spec["output_tokens"]
    decoding = Decoding(num_beams=1, no_repeat_ngram_size=0, length_penalty=1.0, min_new_tokens=n, max_new_tokens=n)
    folder = Path(spec["folder"])
    if spec["backend"] == "transformers":
        from summarize.generation.hf import TransformersBackend, load_model
        from summarize.generation.resolve import resolve_model

        model = load_model(resolve_model(str(folder)))
        backend: Any = TransformersBackend(model, decoding, pad_id=0, threads=spec["threads"], seed=spec["seed"])
        # transformers returns the decoder start token too.
        return backend, lambda rows: sum(len(r) - 1 for r in rows)
    from summarize.generation.ct2 import CTranslate2Backend

    compute = "int8" if spec["backend"].endswith("int8") else "float32"
    backend = CTranslate2Backend(
        folder, decoding, threads=spec["threads"], compute_type=compute, batch_hint=spec["themes"]
    )
    return backend, lambda rows: sum(len(r) for r in rows)


def serve(spec: dict[str, Any]) -> None:
    """Worker loop: open one backend, then answer timing requests read as JSON lines on stdin.

    Requests: ``{"batch": B}`` generates every input in batches of B and
    answers ``{"seconds", "tokens"}``; ``{"peak": true}`` answers the peak RSS
    and ends the loop. Keeping the worker alive lets the driver alternate
    backends round by round, so each meets the same load on a shared machine.

    Args:
        spec: ``model``, ``folder``, ``backend`` (``transformers`` |
            ``ctranslate2`` | ``ctranslate2-int8``), ``themes``,
            ``input_tokens``, ``output_tokens``, ``threads``, ``seed``.
    """
    backend, produced = _open_backend(spec)
    vocab = ARCHITECTURES[spec["model"]]["vocab_size"]
    inputs = random_inputs(spec["themes"], spec["input_tokens"], vocab, spec["seed"])
    backend.generate(inputs[:1])  # warm-up: first-call allocations and thread pools
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("peak"):
            print(json.dumps({"peak_rss_mb": peak_rss_mb()}), flush=True)
            return
        batch = request["batch"]
        start = time.perf_counter()
        rows = [r for i in range(0, len(inputs), batch) for r in backend.generate(inputs[i : i + batch])]
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "tokens": produced(rows)}), flush=True)


class _Worker:
    """A :func:`serve` process; its stderr goes to a file so that it can never block."""

    def __init__(self, spec: dict[str, Any], logdir: Path) -> None:
        root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        self.name = spec["backend"]
        self._log = logdir / f"{spec['model']}-{self.name}.log"
        with self._log.open("w", encoding="utf-8") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "summarize.generation.bench", json.dumps(spec)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env={**os.environ, "PYTHONPATH": path},
            )
        self._read()

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self._process.wait()
            tail = self._log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"benchmark worker {self.name} failed:\n{tail}")
        return json.loads(line)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()


def _measure(
    name: str, folders: dict[str, Path], spec: dict[str, Any], repeats: int, budget: float, logdir: Path
) -> list[dict[str, Any]]:
    """Alternate the backends of one model round by round; keep each figure's fastest run."""
    workers: dict[str, _Worker] = {}
    try:
        for backend, folder in folders.items():
            workers[backend] = _Worker({**spec, "model": name, "backend": backend, "folder": str(folder)}, logdir)
        best: dict[tuple[str, int], dict[str, Any]] = {}
        deadline = time.perf_counter() + budget
        for _ in range(repeats):
            for backend, worker in workers.items():
                for batch in (1, spec["themes"]):
                    result = worker.ask({"batch": batch})
                    expected = spec["output_tokens"] * spec["themes"]
                    if result["tokens"] != expected:
                        raise RuntimeError(f"{backend} produced {result['tokens']} tokens, expected {expected}")
                    key = (backend, batch)
                    if key not in best or result["seconds"] < best[key]["seconds"]:
                        best[key] = result
                # Let the last backend's idle threads stop spinning before the next one starts.
                time.sleep(0.3)
            if time.perf_counter() > deadline:
                break
        peaks = {backend: worker.ask({"peak": True})["peak_rss_mb"] for backend, worker in workers.items()}
    finally:
        for worker in workers.values():
            worker.close()
    return [
        {"model": name, "backend": backend, "batch": batch, **result, "peak_rss_mb": peaks[backend]}
        for (backend, batch), result in best.items()
    ]


@dataclass(frozen=True, slots=True)
class Row:
    model: str
    backend: str
    batch: int
    tokens_per_second: float
    seconds_per_theme: float
    peak_rss_mb: float
    ratio: float  # to the baseline at batch 1
    ratio_same_batch: float  # to the baseline at the same batch size


def run_benchmark(
    *,
    models: tuple[str, ...] = ("t5-small", "flan-t5-small"),
    backends: tuple[str, ...] = ("transformers", "ctranslate2", "ctranslate2-int8"),
    themes: int = 3,
    input_tokens: int = 400,
    output_tokens: int = 96,
    threads: int = 2,
    repeats: int = 3,
    budget: float = 60.0,
    seed: int = 0,
    workdir: Path | None = None,
    log: Any = print,
) -> list[Row]:
    """Build, convert and measure every (model, backend) pair.

    Args:
        models: Architectures to build (keys of :data:`ARCHITECTURES`).
        backends: ``transformers`` (the baseline; always measured first), ``ctranslate2``, ``ctranslate2-int8``.
        themes: Inputs in the "batch of all themes".
        input_tokens: Tokens per input.
        output_tokens: Tokens generated per input (forced).
        threads: CPU threads per backend.
        repeats: Rounds (each backend, each batch size, in turn); a figure's fastest run counts.
        budget: No new round starts after this many seconds per model (at least one round runs).
        seed: Seeds weights and inputs.
        workdir: Where checkpoints and conversions go (a temp folder by default).
        log: Progress messages.
    Returns:
        One row per (model, backend, batch size).
    """
    ordered = ("transformers", *[b for b in backends if b != "transformers"])
    spec = {
        "themes": themes,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "threads": threads,
        "seed": seed,
    }
    with tempfile.TemporaryDirectory(prefix="bench-generate-", dir=workdir) as tmp:
        rows: list[Row] = []
        for name in models:
            folders = _checkpoints(name, ordered, Path(tmp), seed, log)
            start = time.perf_counter()
            figures = _measure(name, folders, spec, repeats, budget, Path(tmp))
            log(f"{name}: measured in {time.perf_counter() - start:.1f} s")
            rows += _rows(name, figures, themes)
        return rows


def _checkpoints(name: str, backends: tuple[str, ...], tmp: Path, seed: int, log: Any) -> dict[str, Path]:
    """Build the random checkpoint of ``name`` in ``tmp`` (and its CTranslate2 conversion
    when a CTranslate2 backend is measured); return the folder each backend loads."""
    from summarize.generation.ct2 import convert
    from summarize.generation.resolve import resolve_model

    start = time.perf_counter()
    folder = build_random_checkpoint(name, tmp / name, seed)
    log(f"{name}: random checkpoint built in {time.perf_counter() - start:.1f} s")
    converted = folder
    if any(b.startswith("ctranslate2") for b in backends):
        start = time.perf_counter()
        converted = convert(resolve_model(str(folder)), tmp / "cache")
        log(f"{name}: converted for CTranslate2 in {time.perf_counter() - start:.1f} s")
    return {b: converted if b.startswith("ctranslate2") else folder for b in backends}


def _rows(name: str, figures: list[dict[str, Any]], themes: int) -> list[Row]:
    """One row per measured figure of model ``name``, with its speed relative to the
    transformers baseline at batch 1 and at the same batch size."""
    baseline = {f["batch"]: f["tokens"] / f["seconds"] for f in figures if f["backend"] == "transformers"}
    rows = []
    for f in figures:
        speed = f["tokens"] / f["seconds"]
        per_theme = f["seconds"] / themes
        rows.append(
            Row(
                name,
                f["backend"],
                f["batch"],
                speed,
                per_theme,
                f["peak_rss_mb"],
                speed / baseline[1],
                speed / baseline[f["batch"]],
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| model | backend | batch | tokens/s | s/theme | peak RSS MB | x baseline b1 | x baseline same batch |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.model} | {r.backend} | {r.batch} | {r.tokens_per_second:.0f} | {r.seconds_per_theme:.2f} "
            f"| {r.peak_rss_mb:.0f} | {r.ratio:.2f} | {r.ratio_same_batch:.2f} |"
        )
    return "\n".join(lines)


def as_json(rows: list[Row]) -> str:
    return json.dumps([asdict(r) for r in rows], indent=2)


if __name__ == "__main__":
    # Worker mode: serve timing requests for the backend described by the JSON argument.
    serve(json.loads(sys.argv[1]))
