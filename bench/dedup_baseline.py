"""Dedup a JSONL file with datasketch or rensa, the way a user would script it.

Read the JSONL line by line, shingle each text into word 5-grams the usual
Python way, MinHash it, query the LSH index, verify each candidate on the exact
shingle sets (near at Jaccard >= 0.8, contained at containment >= 0.6, the
rules ``storyfold dedup`` uses), insert it, then print the groups (connected
components) as JSONL: ``{"group": ID, "members": [{"id": ID}, ...]}``.

    python bench/dedup_baseline.py datasketch corpus.jsonl > groups.jsonl
    python bench/dedup_baseline.py rensa corpus.jsonl > groups.jsonl

The LSH layout is storyfold's (16 bands x 6 rows; rensa gets 96 permutations,
as it needs ``num_perm`` divisible by the bands; datasketch 128).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any

BANDS, ROWS, THRESHOLD, CONTAINMENT, SHINGLE = 16, 6, 0.8, 0.6, 5
_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[str]:
    """Word 5-grams of the lower-cased text, one string each."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def is_copy(a: set[str], b: set[str]) -> bool:
    """Near (Jaccard) or contained (share of the smaller set), on the exact sets."""
    common = len(a & b)
    union = len(a) + len(b) - common
    if union and common / union >= THRESHOLD:
        return True
    return bool(a and b) and common / min(len(a), len(b)) >= CONTAINMENT


def index_for(tool: str) -> tuple[Any, Callable[[list[str]], Any]]:
    """The LSH index and the signature function of one library."""
    if tool == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128, params=(BANDS, ROWS))

        def datasketch_signature(sh: list[str]) -> Any:
            m = MinHash(num_perm=128)
            m.update_batch([s.encode("utf-8") for s in sh])
            return m

        return lsh, datasketch_signature
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=BANDS * ROWS, num_bands=BANDS)

    def rensa_signature(sh: list[str]) -> Any:
        m = RMinHash(num_perm=BANDS * ROWS, seed=1)
        m.update(sh)
        return m

    return lsh, rensa_signature


def main(argv: list[str]) -> int:
    tool, path = argv
    lsh, signature = index_for(tool)
    ids: list[str] = []
    texts: list[str] = []
    parent: list[int] = []

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            i = len(ids)
            ids.append(str(rec["id"]))
            texts.append(rec["text"])
            parent.append(i)
            sh = shingles(rec["text"])
            m = signature(sh)
            mine = set(sh)
            for j in lsh.query(m):
                if is_copy(mine, set(shingles(texts[j]))):
                    a, b = root(i), root(j)
                    parent[max(a, b)] = min(a, b)
            lsh.insert(i, m)
    groups: dict[int, list[str]] = {}
    for i in range(len(ids)):
        groups.setdefault(root(i), []).append(ids[i])
    out = sys.stdout
    for members in groups.values():
        if len(members) > 1:
            record = {"group": members[0], "members": [{"id": x} for x in members]}
            out.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
