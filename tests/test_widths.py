"""Text measured in terminal cells with the standard library, as rich measured it."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from stdplan.i18n import LOCALE_DIR
from stdplan.settings import shipped_data_dir
from stdplan.widths import char_width, display_width


@pytest.mark.parametrize(
    "text",
    ["中文", "，。", "\u3000", "ｱ", "abc", "😀", "👍", "🎉", "✅", "🇨🇳", "e\u0301", "\u200b", "·…—“”", "█░", "Ⅻ"],
)
def test_display_width_agrees_with_rich(text):
    assert display_width(text) == cell_len(text)


def test_display_width_of_the_wide_the_narrow_and_the_invisible():
    assert [char_width(char) for char in "中，\u3000😀a·\u0301\u200d\t"] == [2, 2, 2, 2, 1, 1, 0, 0, 0]


def test_the_plans_text_and_words_measure_as_rich_measured_them():
    """Where the two measures differ (emoji sequences, Indic marks), this text has nothing."""
    files = [*sorted(shipped_data_dir().glob("*.yaml")), *sorted(LOCALE_DIR.glob("*/LC_MESSAGES/stdplan.po"))]
    assert len(files) >= 4
    lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line for line in lines if display_width(line) != cell_len(line)] == []
