"""Whether two stores folded from the same inputs hold the same result.

For a change meant to make a fold faster without changing what it finds: fold the same
corpus with the old and the new code into two stores, then

    python bench/compare_stores.py old.db new.db

prints the copy and rewrite relations (with their similarity) only one store has and
whether every article is in the same story, and exits 1 on any difference.
"""

from __future__ import annotations

import sqlite3
import sys


def relations(path: str) -> set[tuple]:
    """Every relation of a store: both articles, its kind and similarity."""
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT a, b, relation, similarity FROM copies"))


def memberships(path: str) -> set[tuple]:
    """Every article's story."""
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT article_id, story_id FROM story_members"))


def main(argv: list[str]) -> int:
    """Compare the two stores named on the command line."""
    if len(argv) != 2:
        print(__doc__)
        return 2
    first, second = argv
    ra, rb = relations(first), relations(second)
    same_stories = memberships(first) == memberships(second)
    print(
        f"relations {len(ra)} / {len(rb)}, only in the first {len(ra - rb)}, "
        f"only in the second {len(rb - ra)}; story memberships equal: {same_stories}"
    )
    return 0 if ra == rb and same_stories else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
