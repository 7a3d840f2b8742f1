"""Chart labels: cut to LABEL_CHARS with «…», but never so that two units read alike."""

from __future__ import annotations

import polars as pl
from mayak.render._html_charts import LABEL_CHARS, _short


def test_long_labels_are_cut_and_alike_ones_kept_whole() -> None:
    stem = "Муниципальное бюджетное общеобразовательное учреждение «Школа"
    labels = ["Калининград", stem + " № 1»", stem + " № 2»", "Б" * (LABEL_CHARS + 5)]
    shown = _short(pl.DataFrame({"label": labels}), "label").get_column("label").to_list()
    assert shown[0] == labels[0]
    assert shown[1:3] == labels[1:3]  # cut, they would read alike
    assert shown[3] == "Б" * (LABEL_CHARS - 1) + "…" and len(shown[3]) == LABEL_CHARS
    assert len(set(shown)) == len(labels)
