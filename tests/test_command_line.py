"""Whatever is typed, stdplan answers with a message and exit 0, 1 or 2, never a traceback."""

from __future__ import annotations

import pytest

from conftest import usage_error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "overview", "--title", "\udcff"], "\\udcff holds bytes that are not UTF-8 text"),
        (["tasks", "--lead", "市公安局\udcff"], "holds bytes that are not UTF-8 text"),
        (["validate", "--data", "\udcff"], "data directory not found: \\udcff"),
    ],
    ids=["title-not-utf8", "name-not-utf8", "path-not-utf8"],
)
def test_odd_values_are_usage_errors(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in usage_error(result.stderr)
