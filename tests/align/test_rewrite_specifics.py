"""A rewrite needs the same event: the same names and figures, and a retold opening."""

from __future__ import annotations

from storyfold.align.rewrite import is_rewrite, prepared_sentences

FRAME = (
    "The {what} in {town} won the national design award on Tuesday, the jury said. "
    "Mayor {mayor} called the prize a proud moment for the whole of {town}. "
    "The {what} opened in {year} after four years of building work. "
    "Its architect {arch} told reporters the team had not expected to win. "
    "More than {n} people visited the {what} in its first month, officials said."
)

REWORDED = (
    "{town}'s {what} took the national design award on Tuesday, according to the jury. "
    "{mayor}, the mayor, said the award was a proud moment for all of {town}. "
    "Building the {what} took four years before it opened in {year}. "
    "{arch}, its architect, said the team had never expected to win. "
    "Officials said over {n} people came to the {what} during its first month."
)


def _text(frame: str, **kw: object) -> list:
    return prepared_sentences(frame.format(**kw))


LIBRARY = {"what": "library", "town": "Leystonmo", "mayor": "Ilse Varga", "year": 2019}
TUNNEL = {"what": "tunnel", "town": "Gelmersen", "mayor": "Piet Orlov", "year": 2021}


def test_a_rewrite_of_one_event_is_found():
    a = _text(FRAME, arch="Nora Quist", n=12000, **LIBRARY)
    b = _text(REWORDED, arch="Nora Quist", n=12000, **LIBRARY)
    assert is_rewrite(a, b) >= 0.55


def test_the_same_template_about_another_event_is_no_rewrite():
    a = _text(FRAME, arch="Nora Quist", n=12000, **LIBRARY)
    b = _text(REWORDED, arch="Tomas Wendt", n=8000, **TUNNEL)
    assert is_rewrite(a, b) == 0.0


def test_shared_background_under_another_opening_is_no_rewrite():
    background = REWORDED.split(". ", 1)[1]
    a = _text(FRAME, arch="Nora Quist", n=12000, **LIBRARY)
    other_opening = (
        "A second building in Leystonmo, the new fire station, was shortlisted on Friday. "
        "The station's crew moved in last spring. "
        "Its shortlisting was announced by the regional council. "
        "The award ceremony for stations is held in May. "
    )
    b = _text(other_opening + background, arch="Nora Quist", n=12000, **LIBRARY)
    assert is_rewrite(a, b) == 0.0
