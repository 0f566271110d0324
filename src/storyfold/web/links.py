"""Where each page lives: the server's addresses, or the files of a static export.

Templates never write an address themselves: they ask :class:`ServerLinks` (``/stories/ID``)
or :class:`ExportLinks` (``stories/ID.html``, relative to the page being written, so the
exported folder opens from disk or any web server).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import xxhash


class ServerLinks:
    """Addresses of ``storyfold serve``."""

    live = True
    """Whether the page is served (forms, side by side and why work) or a static file."""

    def static(self, name: str) -> str:
        """A file of the package's static folder."""
        return f"/static/{name}"

    def stories(self, page: int = 1, **query: str | None) -> str:
        """The story list (a page of it, with filters)."""
        params = {k: v for k, v in query.items() if v}
        if page > 1:
            params = {"page": str(page), **params}
        return "/stories" + (f"?{urlencode(params)}" if params else "")

    def story(self, story_id: str) -> str:
        """A story's page."""
        return f"/stories/{quote(story_id, safe='')}"

    def article(self, article_id: str) -> str:
        """An article's page."""
        return f"/articles/{quote(article_id, safe='')}"

    def copies(self, page: int = 1) -> str:
        """The copy relations (a page of them)."""
        return "/copies" + (f"?page={page}" if page > 1 else "")

    def compare(self, story_id: str) -> str:
        """A story's side-by-side view (the form adds the articles)."""
        return f"/stories/{quote(story_id, safe='')}/compare"

    def why(self, a: str, b: str) -> str:
        """Why two articles share a story or not."""
        return f"/why?{urlencode({'a': a, 'b': b})}"

    def json(self, path: str) -> str:
        """The JSON twin of a page."""
        base, _, query = path.partition("?")
        return base + ".json" + (f"?{query}" if query else "")


def file_name(item_id: str) -> str:
    """A file name for an id: its safe characters, and a hash so two ids never collide."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", item_id)[:80]
    return f"{safe}-{xxhash.xxh32_hexdigest(item_id.encode('utf-8'))}"


class ExportLinks(ServerLinks):
    """Relative file names of ``storyfold export --html``, from a page ``depth`` folders
    below the export's root."""

    live = False

    def __init__(self, depth: int = 0) -> None:
        self.root = "../" * depth

    def static(self, name: str) -> str:
        return f"{self.root}static/{name}"

    def stories(self, page: int = 1, **query: str | None) -> str:
        return f"{self.root}index.html" if page == 1 else f"{self.root}stories-{page}.html"

    def story(self, story_id: str) -> str:
        return f"{self.root}stories/{file_name(story_id)}.html"

    def article(self, article_id: str) -> str:
        return f"{self.root}articles/{file_name(article_id)}.html"

    def copies(self, page: int = 1) -> str:
        return f"{self.root}copies.html" if page == 1 else f"{self.root}copies-{page}.html"

    def json(self, path: str) -> str:
        return path.removesuffix(".html") + ".json"
