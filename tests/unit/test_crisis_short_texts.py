"""Short texts (a check-in's one-word emotion, a few words) skip the learned layer's model.

The layer weighs only passages of ``crisis_learned.MIN_WORDS`` words or more, so for texts
with none it adds no alarm; not loading its model then must not change a single answer.
"""

from __future__ import annotations

import csv
from pathlib import Path

from trustbridge.domain import crisis_learned
from trustbridge.domain.crisis import check_many, check_text

DATA = Path(__file__).resolve().parents[1] / "data" / "crisis"
EVERYDAY = ["calm", "tired", "hopeful", "A slow day.", "Tea with Sam", "I'm fine, really"]
LONG = "We walked along the river for an hour and talked about the summer plans we made."


def short_lines() -> list[str]:
    """Every labelled line cut to fewer words than the layer weighs, and some everyday ones."""
    with (DATA / "test.tsv").open(encoding="utf-8") as rows:
        lines = [row["text"] for row in csv.DictReader(rows, delimiter="\t")]
    cut = [" ".join(line.split()[: crisis_learned.MIN_WORDS - 1]) for line in lines]
    return EVERYDAY + cut


def test_short_texts_get_the_answers_the_full_check_gives() -> None:
    shorts = short_lines()
    # beside a long text the learned layer runs for the whole batch, short ones included
    together = check_many([[text] for text in shorts] + [[LONG]])[:-1]
    assert [check_text(text) for text in shorts] == together
    assert any(signal.flagged for signal in together)  # the cut lines still raise alarms
