"""Builders for tiny random seq2seq checkpoints, made offline in a few seconds.

Each builder trains a small tokenizer on literal sentences with the `tokenizers`
library, wraps it for transformers, builds a tiny T5 or BART model from a config
with a fixed seed, and saves both (safetensors) into a folder. The weights are
random, so the generated text is noise; tests check shapes, limits, determinism
and plumbing, never wording. Other test packages import these functions.
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = (
    "Acme Corp said on Monday it would cut 1,200 jobs, about 8% of its workforce.",
    "The layoffs will hit plants in Ohio and Texas, the company said in a statement.",
    "Chief executive Jane Doe said the cuts would save $450 million a year.",
    "Shares of Acme rose 3.5 percent in early trading in New York.",
    "Unions in Ohio called the decision a betrayal of loyal workers.",
    "Meta agreed to buy the startup for $2.1 billion in cash and stock.",
    "The deal is expected to close in the second quarter of 2025.",
    "Regulators in Brussels said they would review the acquisition.",
    "Hackers stole the records of 4.3 million customers from the retailer.",
    "The breach exposed names, addresses and card numbers, investigators said.",
    "The company urged customers to change their passwords at once.",
    "Summarize the following news about the theme: what happened, who, when and how much.",
    "summarize: news report article source sentence theme reported according to officials",
)


def _train_t5_tokenizer(extra_corpus: tuple[str, ...] = ()):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

    tokenizer = Tokenizer(models.Unigram())
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(
        vocab_size=300, special_tokens=["<pad>", "</s>", "<unk>"], unk_token="<unk>", shrinking_factor=0.9
    )
    tokenizer.train_from_iterator(list(CORPUS + extra_corpus), trainer=trainer)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[("</s>", tokenizer.token_to_id("</s>"))]
    )
    return tokenizer


def _train_bart_tokenizer():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tokenizer.train_from_iterator(list(CORPUS), trainer=trainer)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    return tokenizer


def _wrap(tokenizer, **special: str):
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, model_max_length=128, **special)


def build_tiny_t5(
    dest: str | Path, *, flavour: str = "t5", seed: int = 0, name_or_path: str = "", n_positions: int = 128
) -> Path:
    """Save a tiny random T5 checkpoint (safetensors + tokenizer) into ``dest``.

    Args:
        dest: The folder to create.
        flavour: ``"t5"`` (relu, tied, ``summarize:`` task prefix like t5-small) or
            ``"flan"`` (gated-gelu, untied, no task prefix, like flan-t5-small).
        seed: Seeds the random weights.
        name_or_path: Stored as ``_name_or_path`` in config.json (family hints).
        n_positions: The model's declared input limit (t5-small says 512).
    Returns:
        ``dest`` as a Path.
    """
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    dest = Path(dest)
    tokenizer = _wrap(_train_t5_tokenizer(), eos_token="</s>", pad_token="<pad>", unk_token="<unk>")
    options = {
        "t5": {"feed_forward_proj": "relu", "tie_word_embeddings": True},
        "flan": {"feed_forward_proj": "gated-gelu", "tie_word_embeddings": False},
    }[flavour]
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=32,
        d_ff=64,
        d_kv=8,
        num_layers=2,
        num_decoder_layers=2,
        num_heads=4,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        n_positions=n_positions,
        # Larger random weights than the default make the output vary from token to token.
        initializer_factor=8.0,
        **options,
    )
    if flavour == "t5":
        config.task_specific_params = {"summarization": {"prefix": "summarize: ", "num_beams": 4}}
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(config).eval()
    model.save_pretrained(dest)
    tokenizer.save_pretrained(dest)
    if name_or_path:
        _patch_config(dest, {"_name_or_path": name_or_path})
    return dest


def build_tiny_bart(dest: str | Path, *, seed: int = 0) -> Path:
    """Save a tiny random BART checkpoint (safetensors + byte-level BPE tokenizer) into ``dest``.

    Args:
        dest: The folder to create.
        seed: Seeds the random weights.
    Returns:
        ``dest`` as a Path.
    """
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    dest = Path(dest)
    tokenizer = _wrap(_train_bart_tokenizer(), bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>")
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=128,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_bos_token_id=0,
        init_std=0.5,
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config).eval()
    model.save_pretrained(dest)
    tokenizer.save_pretrained(dest)
    return dest


def to_pickle_checkpoint(src: str | Path, dest: str | Path) -> Path:
    """Copy a checkpoint to ``dest`` with its weights as ``pytorch_model.bin`` only (no safetensors)."""
    import shutil

    import torch
    from safetensors.torch import load_file

    src, dest = Path(src), Path(dest)
    shutil.copytree(src, dest)
    for weights in dest.glob("*.safetensors"):
        weights.unlink()
    torch.save(load_file(src / "model.safetensors"), dest / "pytorch_model.bin")
    return dest


def _patch_config(folder: Path, values: dict) -> None:
    path = folder / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config.update(values)
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
