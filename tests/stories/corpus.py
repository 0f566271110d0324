"""Small fictional news reports for the grouping tests (every name and place is invented).

Two fires at the same mill a year apart, reported by the same kinds of outlets
with the same fire chief, mayor and company: the hard negative. Plus a rewrite
of the first wire report, an independent report, and later follow-ups.
"""

from __future__ import annotations

import json
from pathlib import Path

MILL_2024_WIRE = {
    "id": "wire-2024-mill-fire",
    "title": "Fire guts Harrowgate textile mill in Kestrel Bay, 40 workers evacuated",
    "published": "2024-05-14T09:10:00+00:00",
    "text": (
        "A fire tore through the Harrowgate textile mill in Kestrel Bay early on Tuesday, "
        "forcing 40 night-shift workers to flee as the roof of the dye house collapsed.\n\n"
        "Fire chief Delia Marsh said crews from four stations fought the blaze for six hours "
        "before bringing it under control shortly after dawn. No one was seriously hurt.\n\n"
        "The fire started in a dryer on the ground floor of the dye house, Marsh said, and "
        "spread through a ventilation shaft to the bale store above it.\n\n"
        "Mayor Otto Lindqvist said the town would help the 210 people who work at the mill. "
        "The Harrowgate company said production would stop for at least three weeks.\n\n"
        "Residents of Quarry Lane were told to keep their windows shut because of the smoke. "
        "An investigator from the regional fire service arrived in Kestrel Bay on Tuesday "
        "afternoon to look for the exact cause."
    ),
}

MILL_2024_REWRITE = {
    "id": "herald-2024-mill-fire",
    "title": "Kestrel Bay mill blaze: dye house roof falls in as 40 staff escape",
    "published": "2024-05-14T14:30:00+00:00",
    "text": (
        "Forty workers on the night shift escaped when fire swept through the Harrowgate "
        "textile mill in Kestrel Bay in the early hours of Tuesday and brought down the dye "
        "house roof.\n\n"
        "Crews from four fire stations needed six hours to get the flames under control, "
        "fire chief Delia Marsh told reporters, adding that nobody suffered serious injuries.\n\n"
        "According to Marsh, a dryer on the dye house ground floor caught fire and the flames "
        "climbed a ventilation shaft into the bale store.\n\n"
        "Mayor Otto Lindqvist promised support for the 210 employees of the mill, while "
        "Harrowgate said work would be halted for three weeks or more.\n\n"
        "People living on Quarry Lane were advised to keep windows closed against the smoke, "
        "and a regional fire service investigator has begun work on the cause."
    ),
}

MILL_2024_INDEPENDENT = {
    "id": "courier-2024-mill-fire",
    "title": "Harrowgate staff count the cost after dye house fire",
    "published": "2024-05-15T07:00:00+00:00",
    "text": (
        "Workers at the Harrowgate textile mill gathered outside the blackened dye house in "
        "Kestrel Bay on Wednesday, a day after fire destroyed its roof.\n\n"
        "Forty people were on the night shift when the blaze broke out in a dryer, and all "
        "of them got out, according to fire chief Delia Marsh.\n\n"
        "Union steward Petra Vance said the 210 employees had been told they would be paid "
        "during the three-week shutdown. Mayor Otto Lindqvist visited the site on Wednesday "
        "morning and met the night-shift crew.\n\n"
        "The regional fire service investigator is expected to report on the cause of the "
        "dryer fire within a fortnight."
    ),
}

MILL_2024_LATER = {
    "id": "wire-2024-mill-fire-cause",
    "title": "Dryer fault blamed for Harrowgate mill fire in Kestrel Bay",
    "published": "2024-05-22T10:00:00+00:00",
    "text": (
        "A faulty dryer caused last week's fire at the Harrowgate textile mill in Kestrel "
        "Bay, the regional fire service said on Wednesday.\n\n"
        "The blaze on Tuesday last week destroyed the roof of the dye house and forced 40 "
        "night-shift workers to leave the building. Fire chief Delia Marsh said the dryer "
        "had overheated and set fire to lint in the ventilation shaft.\n\n"
        "Harrowgate said the dye house would reopen early next month. Mayor Otto Lindqvist "
        "welcomed the findings and said the mill's 210 jobs were safe."
    ),
}

MILL_2025_WIRE = {
    "id": "wire-2025-mill-fire",
    "title": "Fire breaks out again at Harrowgate mill in Kestrel Bay",
    "published": "2025-05-20T08:40:00+00:00",
    "text": (
        "Fire broke out at the Harrowgate textile mill in Kestrel Bay on Tuesday night, a "
        "year after a blaze destroyed the dye house roof.\n\n"
        "Fire chief Delia Marsh said the fire started in the packing hall and was put out by "
        "crews from three stations within two hours. Twelve workers left the building "
        "safely.\n\n"
        "Mayor Otto Lindqvist said he was shocked that the mill had caught fire again. The "
        "Harrowgate company said the packing hall would be closed for a week.\n\n"
        "Residents of Quarry Lane reported smoke but were not asked to stay indoors. The "
        "regional fire service has sent an investigator to Kestrel Bay."
    ),
}

MILL_2025_OTHER = {
    "id": "courier-2025-mill-fire",
    "title": "Packing hall fire at Harrowgate mill, twelve staff unhurt",
    "published": "2025-05-21T07:30:00+00:00",
    "text": (
        "Twelve workers walked out unhurt after a fire in the packing hall of the Harrowgate "
        "textile mill in Kestrel Bay on Tuesday night.\n\n"
        "Fire chief Delia Marsh said three crews had the fire out within two hours and that "
        "the cause was not yet known.\n\n"
        "Mayor Otto Lindqvist said he would ask the company about its fire safety a year "
        "after the dye house fire. Harrowgate said the packing hall would stay shut for a "
        "week while the regional fire service investigates."
    ),
}

FERRY_STRIKE = {
    "id": "gazette-ferry-strike",
    "title": "Ferry crews in Kestrel Bay vote to strike over rosters",
    "published": "2024-05-14T16:00:00+00:00",
    "text": (
        "Crews on the Kestrel Bay to Morrow Island ferry voted on Tuesday to walk out for "
        "two days next month in a dispute over new rosters.\n\n"
        "The seafarers' union said 88 percent of members who took part backed the strike. "
        "The ferry company said it was disappointed and would keep talking to the union.\n\n"
        "About 1,400 passengers use the crossing each day in early summer."
    ),
}

FIRST_FOLD = [
    MILL_2024_WIRE,
    MILL_2024_REWRITE,
    MILL_2024_INDEPENDENT,
    MILL_2025_WIRE,
    MILL_2025_OTHER,
    FERRY_STRIKE,
]
"""A fold's worth: one fire in 2024 told three ways, the same mill a year later, a strike."""


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write records as a JSONL file and return its path."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
