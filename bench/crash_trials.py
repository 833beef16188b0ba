"""The long crash-trial run: kill a saving process at random moments, by default 10,000 times.

Prints the trials run and the records lost (which must be 0), with how the kills fell:
while the store was opening, in the middle of a save, or in the middle of a deletion and
its WAL checkpoint. Not a test: it takes minutes. Options are those of
``python -m trustbridge.store.crashtrial`` (``--trials``, ``--seed``, ``--max-delay-ms``,
``--per-store``, ``--folder``).
"""

from __future__ import annotations

import sys

from trustbridge.store.crashtrial import main

DEFAULT = ["--trials", "10000", "--max-delay-ms", "100"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or DEFAULT))
