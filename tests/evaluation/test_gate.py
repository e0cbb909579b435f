import json

import pytest

from summarize.evaluation import EvaluationError
from summarize.evaluation.command import check_gate_command
from summarize.evaluation.gate import GateRecord, check_gate, current_macro, format_gate, new_record, parse_record

RECORD = GateRecord(macro={"rouge1": 0.41, "rouge2": 0.16, "rougeLsum": 0.355}, drops=("seeds",))


def evaluation_json(rouge1: float, rouge2: float, rougeLsum: float, drops=("seeds",)) -> dict:
    macro = {
        m: {"mean": v, "low": v - 0.05, "high": v + 0.05}
        for m, v in zip(RECORD.macro, (rouge1, rouge2, rougeLsum), strict=True)
    }
    return {"drops": list(drops), "systems": {"system": {"macro": macro}}}


def test_an_equal_run_passes():
    result = check_gate(current_macro(evaluation_json(0.41, 0.16, 0.355), RECORD), RECORD)
    assert result.passed


def test_a_run_exactly_the_tolerance_below_passes():
    assert check_gate({"rouge1": 0.40, "rouge2": 0.15, "rougeLsum": 0.345}, RECORD).passed


def test_a_worse_run_fails_and_the_table_names_the_metric():
    result = check_gate(current_macro(evaluation_json(0.41, 0.1489, 0.36), RECORD), RECORD)
    assert not result.passed
    table = format_gate(result)
    assert "rouge2       0.1600   0.1489  -0.0111  FAIL" in table
    assert "rouge1       0.4100   0.4100  +0.0000  ok" in table
    assert table.endswith("quality gate FAILED (tolerance 0.01)")


def test_a_better_run_passes():
    assert check_gate({"rouge1": 0.5, "rouge2": 0.3, "rougeLsum": 0.4}, RECORD).passed


def test_an_evaluation_of_other_drops_is_not_compared():
    with pytest.raises(
        EvaluationError, match=r"covers drops \['seeds', 'dev'\] but the gate record is for \['seeds'\]"
    ):
        current_macro(evaluation_json(0.41, 0.16, 0.355, drops=("seeds", "dev")), RECORD)


def test_a_malformed_record_names_the_file_and_field():
    with pytest.raises(EvaluationError, match="gate.json: macro.rouge1 = 'high' is not a number"):
        parse_record({"macro": {"rouge1": "high"}}, "gate.json")
    with pytest.raises(EvaluationError, match="gate.json: expected"):
        parse_record([], "gate.json")
    with pytest.raises(EvaluationError, match="tolerance = 2"):
        parse_record({"macro": {"rouge1": 0.1}, "tolerance": 2}, "gate.json")


def test_a_new_record_round_trips():
    record = parse_record(new_record({"rouge1": 0.41, "rouge2": 0.16, "rougeLsum": 0.355}, ["seeds"]), "new")
    assert record == RECORD


def test_the_command_exits_1_on_a_worse_run_and_0_on_an_equal_one(tmp_path):
    record = tmp_path / "gate.json"
    worse, equal = tmp_path / "worse.json", tmp_path / "equal.json"
    worse.write_text(json.dumps(evaluation_json(0.38, 0.16, 0.355)))
    equal.write_text(json.dumps(evaluation_json(0.41, 0.16, 0.355)))
    lines: list[str] = []
    assert check_gate_command(equal, record, update=True, out=lines.append) == 0
    assert check_gate_command(equal, record, out=lines.append) == 0
    assert check_gate_command(worse, record, out=lines.append) == 1
    assert "quality gate FAILED" in lines[-1] and "rouge1       0.4100   0.3800  -0.0300  FAIL" in lines[-1]


def test_the_command_names_a_missing_record(tmp_path):
    (tmp_path / "e.json").write_text(json.dumps(evaluation_json(0.41, 0.16, 0.355)))
    errors: list[str] = []
    assert check_gate_command(tmp_path / "e.json", tmp_path / "none.json", err=errors.append) == 2
    assert errors == [f"error: gate record not found: {tmp_path / 'none.json'}"]
