"""Review a stored grouping: explain why two articles share a story or not, and correct it.

These operations read and write the store (:mod:`storyfold.store`) and use the
pure grouping functions of :mod:`storyfold.stories`; nothing in
:mod:`storyfold.stories` depends on the store.
"""
