"""JSON Schema for the data files, generated from the models so editors can check YAML as it is typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stdplan.atomic import write_atomic
from stdplan.dataset import DATA_MODELS
from stdplan.messages import Message
from stdplan.problems import UsageError, os_reason


def schema_file_name(data_file: str) -> str:
    """tasks.yaml -> tasks.schema.json"""
    return f"{Path(data_file).stem}.schema.json"


def data_schemas() -> dict[str, dict[str, Any]]:
    """Schema file name -> JSON Schema, one per data file."""
    return {
        schema_file_name(data_file): {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(),
        }
        for data_file, model in DATA_MODELS.items()
    }


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    written = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, schema in data_schemas().items():
            path = directory / name
            write_atomic(path, render_schema(schema))
            written.append(path)
    except OSError as error:
        raise UsageError(
            Message("cannot write the schemas to {directory}: {reason}", directory=directory, reason=os_reason(error))
        ) from None
    return written
