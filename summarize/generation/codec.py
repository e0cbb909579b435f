"""Text <-> token ids for a checkpoint, through the `tokenizers` library.

Both backends share one codec so that packing counts exactly the tokens the
model will see. A checkpoint's tokenizer.json is read directly; only checkpoints
without one (sentencepiece or vocab/merges files) go through transformers'
AutoTokenizer, which converts them. The CTranslate2 path stores the converted
tokenizer.json next to the converted model, so at run time it never imports
transformers or torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.generation.errors import UnsupportedModelError


@dataclass(frozen=True, slots=True)
class SpecialIds:
    eos: int
    pad: int


class Codec:
    """Encodes prompts (with the model's special tokens) and decodes outputs.

    Args:
        tokenizer: A ``tokenizers.Tokenizer`` with the checkpoint's post-processor.
        special: The end-of-sequence and padding ids.
        model_max_length: The tokenizer's declared input limit, if any.
    """

    def __init__(self, tokenizer: Any, special: SpecialIds, model_max_length: int | None = None) -> None:
        self._tokenizer = tokenizer
        self.special = special
        self.model_max_length = model_max_length
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text with the model's special tokens, ending in EOS.

        Some tokenizer files lack the post-processor that appends ``</s>`` (T5
        models need it: without it they keep "reading"), so it is added here.
        """
        if not texts:
            return []
        encoded = self._tokenizer.encode_batch(list(texts), add_special_tokens=True)
        ids = [list(e.ids) for e in encoded]
        return [row if row and row[-1] == self.special.eos else [*row, self.special.eos] for row in ids]

    def count(self, texts: Sequence[str]) -> list[int]:
        """Number of tokens of each text as the model will see it (special tokens included)."""
        return [len(row) for row in self.encode(texts)]

    def count_plain(self, texts: Sequence[str]) -> list[int]:
        """Number of tokens of each text without special tokens (a packing estimate)."""
        if not texts:
            return []
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def decode(self, rows: Sequence[Sequence[int]]) -> list[str]:
        """Text of each id sequence, special tokens dropped."""
        return [
            " ".join(t.split()) for t in self._tokenizer.decode_batch([list(r) for r in rows], skip_special_tokens=True)
        ]

    def id_to_token(self, ids: Sequence[int]) -> list[str]:
        """Token strings of ids."""
        return [self._tokenizer.id_to_token(i) for i in ids]

    def token_to_id(self, tokens: Sequence[str]) -> list[int]:
        """Ids of token strings (CTranslate2 speaks tokens); an unknown token maps to padding, dropped on decode."""
        ids = (self._tokenizer.token_to_id(t) for t in tokens)
        return [self.special.pad if i is None else i for i in ids]

    def save(self, folder: Path) -> None:
        """Write tokenizer.json and the special ids into ``folder``."""
        import json

        folder.mkdir(parents=True, exist_ok=True)
        self._tokenizer.save(str(folder / "tokenizer.json"))
        meta = {"eos": self.special.eos, "pad": self.special.pad, "model_max_length": self.model_max_length}
        (folder / "codec.json").write_text(json.dumps(meta), encoding="utf-8")


def _special_from_config(folder: Path, tokenizer: Any) -> SpecialIds:
    from summarize.generation.family import read_config

    config = read_config(folder)
    eos = config.get("eos_token_id")
    pad = config.get("pad_token_id")
    if isinstance(eos, list):
        eos = eos[0] if eos else None
    if eos is None:
        eos = tokenizer.token_to_id("</s>")
    if pad is None:
        pad = tokenizer.token_to_id("<pad>")
    if eos is None or pad is None:
        raise UnsupportedModelError(
            f"{folder}/config.json names no eos_token_id or pad_token_id; the checkpoint is incomplete"
        )
    return SpecialIds(eos=int(eos), pad=int(pad))


def _declared_limit(folder: Path) -> int | None:
    import json

    path = folder / "tokenizer_config.json"
    if not path.is_file():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("model_max_length")
    except (OSError, ValueError):
        return None
    return int(value) if isinstance(value, (int, float)) and value > 0 else None


def load_codec(folder: Path) -> Codec:
    """The codec of a checkpoint folder (or of a converted model folder with codec.json).

    Args:
        folder: Holds tokenizer.json, or files transformers' AutoTokenizer can read.
    Returns:
        The codec.
    Raises:
        UnsupportedModelError: no tokenizer files in the folder.
    """
    import json

    from tokenizers import Tokenizer

    folder = Path(folder)
    meta_path = folder / "codec.json"
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        return Codec(tokenizer, SpecialIds(meta["eos"], meta["pad"]), meta.get("model_max_length"))
    if (folder / "tokenizer.json").is_file():
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    else:
        tokenizer = _convert_with_transformers(folder)
    return Codec(tokenizer, _special_from_config(folder, tokenizer), _declared_limit(folder))


def _convert_with_transformers(folder: Path) -> Any:
    from transformers import AutoTokenizer

    try:
        wrapped = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise UnsupportedModelError(
            f"no usable tokenizer in {folder} ({exc}); re-fetch the model with scripts/fetch_model.py, "
            "which downloads the tokenizer files too"
        ) from None
    backend = getattr(wrapped, "backend_tokenizer", None)
    if backend is None:
        raise UnsupportedModelError(f"the tokenizer in {folder} has no fast (tokenizers) form; it cannot be used")
    return backend
