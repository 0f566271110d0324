"""Fictional texts and generators for the copy detection tests (no real news)."""

from __future__ import annotations

import random

# A made-up article (about 300 words) on a made-up town. Not real news.
ARTICLE = """\
Wrenmere opens a floating library on Lake Ostrel

The small town of Wrenmere opened a floating library on Lake Ostrel on Saturday morning, \
after four years of planning and a long argument about whether books can survive the damp.
The library sits on a wide wooden barge painted pale green, and it holds about two thousand \
books, a reading room with twelve chairs and a tiny stove that the volunteers light every \
afternoon.
Mayor Idris Pellworth cut a rope of dried kelp instead of a ribbon, saying that the town had \
always done things a little differently from its neighbours along the shore.
The barge will move between three villages on the lake, staying one week in each, so that \
families on the far side no longer need to travel by ferry to borrow a book.
Head librarian Maren Oskettle said the shelves were built with brass rails that keep the books \
in place when the wind picks up, and that every volume is stored in a sealed cabinet at night.
Children from the Wrenmere primary school painted the signs for each section, including one for \
stories about fish that the younger pupils insisted on adding at the last minute.
The project cost less than expected because a retired boatbuilder, Tobiah Crane, donated the \
hull and spent two winters repairing it in his own shed.
Some residents worried that the library would drift away in a storm, but the harbour master \
said the barge is anchored with four heavy chains and checked every evening by the crew.
On the first day more than three hundred visitors walked across the narrow gangway, and the \
volunteers ran out of library cards before lunch and had to write names on paper slips.
The town council plans to add a second barge next summer, this one carrying maps, old \
newspapers from the region and a small collection of records for the lake festival.
"""

# Another made-up report on the same made-up event, written independently.
OTHER_ARTICLE = """\
Book barge draws crowds on its first voyage

Hundreds of people queued at the Wrenmere pier this weekend to see the new library boat, a \
converted barge that will carry books to lakeside hamlets that have no library of their own.
Volunteers greeted visitors with hot tea while a brass band from the nearby village of Sallow \
Cove played on the quay, and several families arrived by rowing boat from across the water.
The vessel was restored by a local craftsman who worked on it for two years without pay, \
according to council records seen by this newspaper.
Librarian Maren Oskettle told reporters that demand had surprised everyone, adding that the \
staff had printed far too few membership cards for such a crowd.
Not everybody is convinced. A group of fishermen complained that the barge blocks part of the \
northern mooring, and one shop owner said the money should have gone to repairing the road.
Council officials said the boat would visit each community on the lake in turn and that a \
schedule would be posted at every pier and on the town website before the end of the month.
Plans for a second vessel, which could carry archives and music, will be discussed at the \
next council meeting in the autumn.
"""

_SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ne",
    "tu",
    "sa",
    "lo",
    "pe",
    "vi",
    "da",
    "ri",
    "go",
    "ma",
    "te",
    "ul",
    "bre",
    "tor",
    "sen",
    "fa",
    "lin",
    "osk",
    "wel",
    "dar",
    "mun",
    "pri",
    "esh",
    "gal",
    "von",
    "ter",
    "bi",
]


def make_words(rng: random.Random, n: int) -> list[str]:
    """Return ``n`` pseudo-words built from random syllables."""
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(n)]


def make_doc(rng: random.Random, sentences: int = 8, words: tuple[int, int] = (8, 16)) -> str:
    """Return a fictional document of pseudo-word sentences, one per line."""
    lines = []
    for _ in range(sentences):
        sentence = make_words(rng, rng.randint(*words))
        sentence[0] = sentence[0].capitalize()
        lines.append(" ".join(sentence) + ".")
    return "\n".join(lines)
