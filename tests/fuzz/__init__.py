"""Fuzz targets: hypothesis property tests of the code that reads hostile input.

One module per target (the decoder, the JSONL reader, HTML extraction, ``clean_page``,
the copy finder, ``align_sentences`` and the account). Each asserts invariants of its
target, not just that it does not raise. ``make test`` runs a small number of examples
of each; ``make fuzz`` runs each target for ``FUZZ_SECONDS`` (see :mod:`tests.fuzz.profile`).
There is no RSS/Atom feed or WARC reader in the package yet, so there is no target for one.
A failing case found by fuzzing is fixed and kept as an ``@example`` in its target.
"""
