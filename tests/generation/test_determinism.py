import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from pathlib import Path
from summarize.config import GenerateSettings
from summarize.stages.generate import generate
from tests.generation.conftest import layoffs_input

settings = GenerateSettings(model=sys.argv[1], backend=sys.argv[2], threads=1, num_beams=2,
                            min_new_tokens=4, max_new_tokens=16, guard=False)
summaries = generate([layoffs_input(), layoffs_input(repeat=2)], settings, seed=7, cache_dir=Path(sys.argv[3]))
print(json.dumps([[s.method, s.text, s.notes] for s in summaries]))
"""


def _run(model: Path, backend: str, cache: Path, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(model), backend, str(cache)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_two_processes_generate_the_same_summaries(backend, tiny_t5, tmp_path):
    first = _run(tiny_t5, backend, tmp_path, "1")
    second = _run(tiny_t5, backend, tmp_path, "2")
    assert first == second
    assert '"seq2seq"' in first
