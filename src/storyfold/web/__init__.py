"""``storyfold serve``: read the stories of a store in a browser, each page with a JSON twin.

Needs the ``web`` extra (``pip install 'storyfold[web]'``: Starlette, Jinja2, uvicorn).

>>> from storyfold.web import create_app
>>> app = create_app("stories.db")   # an ASGI app: uvicorn.run(app)
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(db: Any) -> Any:
    """The web app over the store at ``db`` (see :func:`storyfold.web.app.create_app`)."""
    from .app import create_app as make

    return make(db)
