"""The consolidated account on real reports, outside the seed story.

Planted changes (BASIL dev texts; 250 wcxb-dev gold main texts; both tuned on, wcxb after 3a82ca0):
each real article is folded with a copy of itself in which one thing is changed, one kind
per run: a figure (``1,200`` -> ``1,500``), a word inside a quotation, a name (a
capitalised word inside a sentence, given a fictional surname) or a weekday. Each plant
must come back as exactly one variant of its kind (``number``, ``quote``, ``place/name``,
``date``) whose sides hold the old and the new words, and the account must report nothing
else: printed per kind, the share of plants reported with the right kind, the plants
reported more than once, and the other variants per story.

Independence (BASIL dev, tuned on: the story settings were chosen on it): the New York
Times, Fox News and HuffPost wrote each of 45 events independently, so the account of a
story that holds a whole triplet must count three independent sources (``independent_sources``
of ``show --json``), not one source copied or rewritten twice. BASIL is folded as the CLI
folds it (``fold()``, the call ``storyfold fold basil.jsonl`` makes) and each story's account
is built as ``show`` builds it.

Printed: the stories holding a whole triplet, how many count as many independent sources as
outlets, and each miss with the families the account found. Exits 1 below :data:`FLOOR` or
below the planted-change floors on either set.

Usage::

    PYTHONPATH=src python bench/eval_account.py
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASIL = ROOT.parent / "shared" / "eval" / "basil-dev"
WCXB = ROOT.parent / "shared" / "eval" / "wcxb-dev"

#: least share of whole-triplet stories whose account counts one source per outlet
FLOOR = 0.95
#: planted changes: least share reported with the right kind, most other variants per story
#: (issue 12's bar: 0.97 and 0.05, with no plant reported twice). Pinned at the bar, so the
#: evaluation fails until the account meets it.
PLANT_FLOOR = 0.97
PLANT_MAX_FALSE = 0.05
PLANT_KINDS = {"figure": "number", "quote word": "quote", "name": "place/name", "weekday": "date"}
#: a figure standing alone: not the end of a range or a code ("AY2024-25"), not part of a
#: decimal or a larger number
_FIGURE = re.compile(r"(?<![\w.,$/-])(\d{1,3}(?:,\d{3})+|\d{2,4})(?![\w.,%/-]|\.\d)")
#: a quoted sentence: an opening mark after a space, a capital letter, a closing mark before
#: a space or punctuation (so a closing mark and the next opening one never pair up)
_QUOTE = re.compile(r"(?:^|(?<=[\s(]))[“\"]([A-Z][^”“\"]{20,300})[”\"](?=[\s.,;:!?)]|$)")
_NAME = re.compile(r"(?<=[a-z,] )(?:Mr\. |Ms\. |Mrs\. )?([A-Z][a-z]{3,})(?= [a-z])")
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_YEARS = range(1900, 2101)


@dataclass(slots=True)
class Plant:
    """One change planted in a copy: its kind, the words before and after."""

    kind: str
    old: str
    new: str


def plant(text: str, kind: str) -> tuple[str, Plant] | None:
    """``text`` with one change of ``kind`` in its middle third, or None when it has none."""
    lo, hi = len(text) // 3, 2 * len(text) // 3
    if kind == "figure":
        for m in _FIGURE.finditer(text, lo):
            digits = m.group(1).replace(",", "")
            if int(digits) in _YEARS or int(digits) < 10:
                continue
            value = int(digits) * 5 // 4 + 1
            new = f"{value:,}" if "," in m.group(1) else str(value)
            return text[: m.start(1)] + new + text[m.end(1) :], Plant(kind, m.group(1), new)
    elif kind == "quote word":
        for m in _QUOTE.finditer(text, lo):
            words = [
                w
                for w in re.finditer(r"\b[a-z]{5,}\b", m.group(1))
                if w.group(0) not in DATE_WORDS  # a date word changed is a date plant
            ]
            if len(words) >= 2:
                w = words[len(words) // 2]
                start, end = m.start(1) + w.start(), m.start(1) + w.end()
                new = "entirely"
                if w.group(0) == new:
                    continue
                return text[:start] + new + text[end:], Plant(kind, w.group(0), new)
    elif kind == "name":
        for m in _NAME.finditer(text, lo, hi):
            old = m.group(1)
            if old in _WEEKDAYS or old.lower() in STOP_CAPITALS:
                continue
            return text[: m.start(1)] + "Vandersloot" + text[m.end(1) :], Plant(
                kind, old, "Vandersloot"
            )
    elif kind == "weekday":
        for m in _WEEKDAY.finditer(text, lo):
            old = m.group(1)
            new = _WEEKDAYS[(_WEEKDAYS.index(old) + 2) % 7]
            return text[: m.start(1)] + new + text[m.end(1) :], Plant(kind, old, new)
    return None


DATE_WORDS = frozenset("today tonight yesterday tomorrow".split())
#: capitalised words that are no names (month names, titles of address)
STOP_CAPITALS = frozenset(
    "january february march april may june july august september october november "
    "december president senator governor".split()
)


@dataclass(slots=True)
class PlantScore:
    """What the accounts said of one kind of plant."""

    plants: int = 0
    right_kind: int = 0
    wrong_kind: int = 0
    repeated: int = 0
    stories: int = 0
    other: int = 0
    misses: list[str] = field(default_factory=list)


def _mentions(variant: dict[str, Any], word: str) -> bool:
    return any(word.lower() in side["value"].lower() for side in variant["sides"])


def basil_records() -> list[dict[str, Any]]:
    """BASIL dev's 135 articles as JSONL records."""
    lines = (BASIL / "basil.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(ln) for ln in lines if ln.strip()]


#: how many wcxb-dev texts the planted-change run takes (the first by name), to keep
#: ``make eval`` within minutes
WCXB_TEXTS = 250


def wcxb_records() -> list[dict[str, Any]]:
    """wcxb-dev's gold main texts of 1,500 characters or more (the first
    :data:`WCXB_TEXTS`), as JSONL records of one source (every page is another article)."""
    out: list[dict[str, Any]] = []
    for path in sorted((WCXB / "ground-truth").glob("*.json")):
        if len(out) >= WCXB_TEXTS:
            break
        gold = json.loads(path.read_text(encoding="utf-8")).get("ground_truth", {})
        text = gold.get("main_content") or ""
        if len(text) >= 1500:
            out.append(
                {"id": f"wcxb-{path.stem}", "title": gold.get("title") or path.stem,
                 "text": text, "source": "wcxb", "url": f"https://wcxb.test/{path.stem}"}
            )  # fmt: skip
    return out


def planted(kind: str, records: list[dict[str, Any]]) -> PlantScore:
    """Fold every record with a copy holding one plant of ``kind``; score the variants of
    each pair's account."""
    sys.path.insert(0, str(ROOT / "src"))
    score = PlantScore()
    # one outlet per store: the three outlets' reports of an event would make one story,
    # and their real differences are no plant's
    for outlet in sorted({rec["source"] for rec in records}):
        _score_plants([r for r in records if r["source"] == outlet], kind, score)
    return score


def _score_plants(records: list[dict[str, Any]], kind: str, score: PlantScore) -> None:
    from storyfold import Store, fold
    from storyfold.accounts import build_account

    with tempfile.TemporaryDirectory() as tmp:
        out, plants = [], {}
        for rec in records:
            made = plant(rec["text"], kind)
            if made is None:
                continue
            copy = dict(rec, id=rec["id"] + "-copy", text=made[0], source="Copy Desk",
                        url=(rec.get("url") or "") + "#copy")  # fmt: skip
            out += [json.dumps(rec), json.dumps(copy)]
            plants[rec["id"]] = made[1]
        path = Path(tmp) / "planted.jsonl"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        with Store(Path(tmp) / "e.db") as store:
            fold([str(path)], store)
            story_of = store.stories_of([f"{i}#0" for i in plants])
            for rec_id, change in plants.items():
                score.plants += 1
                sid = story_of.get(f"{rec_id}#0")
                copy_sid = store.stories_of([f"{rec_id}-copy#0"]).get(f"{rec_id}-copy#0")
                if sid is None or sid != copy_sid:
                    score.misses.append(f"  {rec_id}: original and copy not in one story")
                    continue
                data = build_account(store, store.story(sid)) or {"variants": []}
                score.stories += 1
                # this plant's reports: variants naming both words and the copy (a story may
                # hold another text and its copy with the same plant, "Guide" in two guides)
                copy_id = f"{rec_id}-copy#0"
                hits = [
                    v
                    for v in data["variants"]
                    if _mentions(v, change.new)
                    and _mentions(v, change.old)
                    and any(copy_id in side["articles"] for side in v["sides"])
                ]
                right = [v for v in hits if v["kind"] == PLANT_KINDS[kind]]
                score.right_kind += bool(right)
                score.wrong_kind += bool(hits) and not right
                score.repeated += len(hits) > 1
                # other variants between the two (a story may hold another article of the
                # outlet: their differences are real, not the plant's)
                pair = {f"{rec_id}#0", f"{rec_id}-copy#0"}
                others = [
                    v
                    for v in data["variants"]
                    if v not in hits
                    and {a for side in v["sides"] for a in side["articles"]} <= pair
                ]
                score.other += len(others)
                for v in others:
                    sides = " vs ".join(repr(side["value"][:60]) for side in v["sides"])
                    score.misses.append(f"  {rec_id}: also {v['kind']}: {sides}")
                if len(hits) > 1:
                    score.misses.append(
                        f"  {rec_id}: {change.old!r} -> {change.new!r} reported "
                        f"{len(hits)} times: {[v['kind'] for v in hits]}"
                    )
                if not right:
                    kinds = [v["kind"] for v in hits] or "not reported"
                    score.misses.append(f"  {rec_id}: {change.old!r} -> {change.new!r}: {kinds}")


def independence() -> tuple[int, int, list[str]]:
    """Fold BASIL dev; of the stories holding one whole triplet, how many have as many
    independent sources as outlets, how many there are, and a line for each miss."""
    sys.path.insert(0, str(ROOT / "src"))
    from storyfold import Store, fold
    from storyfold.accounts import build_account

    rows = [ln.split("\t") for ln in (BASIL / "gold.tsv").read_text().splitlines()[1:]]
    event = {r[0]: r[1] for r in rows if len(r) > 1}
    lines = (BASIL / "basil.jsonl").read_text(encoding="utf-8").splitlines()
    outlet = {rec["id"]: rec["source"] for rec in (json.loads(ln) for ln in lines if ln.strip())}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
        fold([str(BASIL / "basil.jsonl")], store)
        docs = store.documents()
        story_of = store.stories_of([f"{d.id}#0" for d in docs])
        members: dict[str, list[str]] = {}
        for d in docs:
            sid = story_of.get(f"{d.id}#0")
            if sid is not None:
                members.setdefault(sid, []).append(d.id)
        held = agreed = 0
        misses = []
        for sid, ids in sorted(members.items()):
            events = Counter(event.get(i) for i in ids)
            if len(events) != 1 or len(ids) != 3:
                continue
            data = build_account(store, store.story(sid))
            if data is None:
                continue
            held += 1
            outlets = {outlet[i] for i in ids}
            if data["independent_sources"] == len(outlets):
                agreed += 1
            else:
                misses.append(
                    f"  {sid}: {data['independent_sources']} independent for "
                    f"{len(outlets)} outlets; families {json.dumps(data['families'])[:300]}"
                )
    return agreed, held, misses


def main() -> int:
    if not (BASIL / "gold.tsv").exists():
        print(f"eval_account: {BASIL} not found; skipping.")
        return 0
    start = time.perf_counter()
    agreed, held, misses = independence()
    share = agreed / held if held else 0.0
    print(
        f"BASIL dev (tuned on), independence: {agreed}/{held} whole-triplet stories count one "
        f"independent source per outlet ({share:.1%}; floor {FLOOR:.0%}) in "
        f"{time.perf_counter() - start:.0f} s"
    )
    for line in misses:
        print(line)
    failures = []
    if share < FLOOR:
        failures.append(f"independence {share:.1%} < {FLOOR:.0%}")
    sets = [
        ("BASIL dev texts (tuned on: the rules were fixed reading its misses)", basil_records())
    ]
    if (WCXB / "ground-truth").is_dir():
        sets.append(
            (
                "wcxb-dev main texts >= 1,500 characters, 250 (tuned on since 3a82ca0)",
                wcxb_records(),
            )
        )
    for label, records in sets:
        failures += _planted_table(label, records)
    if failures:
        print("\nFAILED:\n" + "\n".join(f"  {f}" for f in failures))
        return 1
    return 0


def _planted_table(label: str, records: list[dict[str, Any]]) -> list[str]:
    failures = []
    print(f"\nplanted changes, {label}: each text folded with a copy holding one change")
    print(f"{'plant':12} {'plants':>6} {'right kind':>10} {'wrong kind':>10} {'repeated':>8} "
          f"{'other/story':>11}")  # fmt: skip
    for kind in PLANT_KINDS:
        start = time.perf_counter()
        sc = planted(kind, records)
        recall = sc.right_kind / sc.plants if sc.plants else 0.0
        other = sc.other / sc.stories if sc.stories else 0.0
        print(
            f"{kind:12} {sc.plants:6} {recall:10.1%} {sc.wrong_kind:10} {sc.repeated:8} "
            f"{other:11.2f}   ({time.perf_counter() - start:.0f} s)"
        )
        for line in sc.misses[:8]:
            print(line)
        if recall < PLANT_FLOOR or sc.repeated or other > PLANT_MAX_FALSE:
            failures.append(
                f"planted {kind}: {recall:.1%} right kind (floor {PLANT_FLOOR:.0%}), "
                f"{sc.repeated} repeated, {other:.2f} other variants per story "
                f"(at most {PLANT_MAX_FALSE}) on {label.split(' (')[0]}"
            )
    return failures


if __name__ == "__main__":
    sys.exit(main())
