"""ROUGE as an `evaluate` metric module, loaded by path (the hub copy needs a network).

Wraps google-research's ``rouge_score`` (Lin, 2004: "ROUGE: A Package for
Automatic Evaluation of Summaries"). rougeLsum splits on newlines, so callers
pass one sentence per line.
"""

import datasets
import evaluate
from rouge_score import rouge_scorer, scoring

_DESCRIPTION = "ROUGE-1/2/L/Lsum F1 via rouge_score; one sentence per line for rougeLsum."
_KWARGS = """
Args:
    predictions: list of summaries, sentences separated by newlines.
    references: list of reference summaries, same layout.
    rouge_types: which scores (default rouge1, rouge2, rougeL, rougeLsum).
    use_stemmer: apply the Porter stemmer (default True).
    use_aggregator: mean over pairs when True, else one value per pair.
Returns:
    {rouge_type: F1} or {rouge_type: [F1, ...]}.
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS)
class Rouge(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="Lin, Chin-Yew. ROUGE: A Package for Automatic Evaluation of Summaries. 2004.",
            inputs_description=_KWARGS,
            features=datasets.Features(
                {"predictions": datasets.Value("string"), "references": datasets.Value("string")}
            ),
        )

    def _compute(self, predictions, references, rouge_types=None, use_stemmer=True, use_aggregator=True):
        types = list(rouge_types or ["rouge1", "rouge2", "rougeL", "rougeLsum"])
        scorer = rouge_scorer.RougeScorer(rouge_types=types, use_stemmer=use_stemmer)
        per_pair = [scorer.score(ref, pred) for ref, pred in zip(references, predictions)]
        if use_aggregator:
            aggregator = scoring.BootstrapAggregator(n_samples=1)
            for scores in per_pair:
                aggregator.add_scores(scores)
            result = aggregator.aggregate()
            return {t: float(result[t].mid.fmeasure) for t in types}
        return {t: [float(s[t].fmeasure) for s in per_pair] for t in types}
