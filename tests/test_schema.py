"""`stdplan schema`: JSON Schema from the models, committed beside the data and checking it."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from stdplan.dataset import DATA_MODELS
from stdplan.schema import data_schemas, render_schema, schema_file_name
from stdplan.settings import shipped_data_dir

REPO_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def as_json(path: Path):
    """The YAML file as JSON sees it (dates become ISO text)."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, datetime.date) else v))


def test_schema_command_writes_one_schema_per_data_file(cli, tmp_path):
    result = cli("schema", "--output", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "national_list.schema.json",
        "tasks.schema.json",
        "units.schema.json",
    ]


@pytest.mark.parametrize("data_file", list(DATA_MODELS))
def test_shipped_data_validates_against_its_schema(data_file):
    schema = data_schemas()[schema_file_name(data_file)]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(as_json(shipped_data_dir() / data_file), schema)


def test_schema_rejects_what_the_models_reject():
    schema = data_schemas()["units.schema.json"]
    with pytest.raises(jsonschema.ValidationError, match="'colour' was unexpected"):
        jsonschema.validate({"units": [{"name": "市公安局", "kind": "government", "colour": "red"}]}, schema)


@pytest.mark.parametrize("data_file", list(DATA_MODELS))
def test_committed_schemas_are_up_to_date(data_file):
    name = schema_file_name(data_file)
    committed = REPO_SCHEMAS / name
    if not committed.exists():
        pytest.skip("not run from a checkout")
    assert committed.read_text(encoding="utf-8") == render_schema(data_schemas()[name]), "run: stdplan schema"


@pytest.mark.parametrize("data_file", list(DATA_MODELS))
def test_data_files_point_editors_at_their_schema(data_file):
    first_line = (shipped_data_dir() / data_file).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schemas/{schema_file_name(data_file)}"


def test_unwritable_output_is_a_usage_error(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = cli("schema", "--output", str(blocker / "schemas"))
    assert result.exit_code == 2
    assert "cannot write the schemas to" in result.stderr
