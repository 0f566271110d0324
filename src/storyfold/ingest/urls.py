"""One spelling per address, so one article under two addresses is one document.

courlan (trafilatura's URL library) lower-cases the scheme and host, drops default ports
and removes tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``source``, ``ref``...);
the fragment is dropped too, since it never names another page. Other parameters stay:
many news sites name an article by one (``?id=123``).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

__all__ = ["canonical_url"]


def canonical_url(url: str) -> str:
    """``url`` without tracking parameters and fragment, scheme and host in lower case.

    Never raises: an address courlan cannot read is returned stripped of spaces.
    """
    text = url.strip()
    if not text.lower().startswith(("http://", "https://")):
        return text
    from courlan import normalize_url

    try:
        normal = normalize_url(text)
        parts = urlsplit(normal)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    except (ValueError, TypeError, AttributeError):
        return text
