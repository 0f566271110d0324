"""``storyfold export --html DIR``: the pages of ``storyfold serve`` as static files.

The same templates and data as the server, written with relative links (see
:class:`~storyfold.web.links.ExportLinks`), each page with its JSON beside it, so the
folder can be opened from disk, zipped or put on any web server. Forms (search, merge,
split) and the live views (side by side, why) are left out: they need the server.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from ..store import Store
from . import pages
from .app import template_env
from .links import ExportLinks


def export_html(
    store: Store, out: Path, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Write every story list page, story page, article page and copies page of ``store``
    under ``out``; returns how many of each kind were written. ``progress(done, total)``
    is called after each story."""
    env = template_env()
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("stories", "articles"):
        (out / sub).mkdir(exist_ok=True)
    shutil.copytree(
        str(resources.files("storyfold.web").joinpath("static")), out / "static", dirs_exist_ok=True
    )

    def write(path: Path, template: str, data: dict[str, Any], depth: int) -> None:
        html = env.get_template(template).render(data=data, csrf="", L=ExportLinks(depth))
        path.write_text(html, encoding="utf-8")
        path.with_suffix(".json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    links = ExportLinks(0)
    counts = {"story list page": 0, "story": 0, "article": 0, "copies page": 0}
    story_ids: list[str] = []
    choices = pages.FilterChoices.of(store)  # read once, not once per list page
    page = 1
    while True:
        query = {"page": str(page), "per_page": str(pages.MAX_PER_PAGE)}
        data = pages.story_list(store, query, choices)
        write(out / links.stories(page), "stories.html", data, 0)
        counts["story list page"] += 1
        story_ids += [s["id"] for s in data["stories"]]
        if data["next_page"] is None:
            break
        page += 1
    for n, sid in enumerate(story_ids, start=1):
        data = pages.story_page(store, sid)
        write(out / links.story(sid), "story.html", data, 1)
        counts["story"] += 1
        for art in data["articles"]:
            write(
                out / links.article(art["id"]),
                "article.html",
                pages.article_page(store, art["id"]),
                1,
            )
            counts["article"] += 1
        if progress:
            progress(n, len(story_ids))
    page = 1
    while True:
        data = pages.copies_page(store, {"page": str(page)})
        write(out / links.copies(page), "copies.html", data, 0)
        counts["copies page"] += 1
        if data["next_page"] is None:
            break
        page += 1
    return counts
