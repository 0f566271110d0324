"""Copy detection: find exact, near and contained copies among texts.

Each text gets a :class:`Fingerprint`: the hash of its normalised text, the
hashes of its word shingles, a one-permutation MinHash signature with its LSH
band keys, and its sentence anchors (the least shingle hash of each sentence).
A :class:`CopyIndex` maps band keys, anchors and text hashes to the ids of
texts seen before, so each new text is compared only with its candidates;
:func:`classify` verifies a candidate on the exact shingle sets.
:func:`find_copies` runs the whole stage on a stream of texts (by default with
a :class:`CopyFinder`, which handles a batch of texts in a few numpy calls)
and :func:`copy_groups` turns its relations into groups.

Whole batches are fingerprinted at once (:func:`fingerprint_batch`): texts are
scanned at the byte level with numpy (:mod:`storyfold.copies.scan`), so no
Python string is made per token or shingle and no Python loop runs per token.
"""

from storyfold.copies.bands import band_keys
from storyfold.copies.compare import classify, compare
from storyfold.copies.config import (
    FINGERPRINT_VERSION,
    CopyConfig,
    candidate_probability,
    choose_bands,
)
from storyfold.copies.find import find_copies
from storyfold.copies.finder import CopyFinder
from storyfold.copies.fingerprint import (
    Fingerprint,
    FingerprintBatch,
    fingerprint,
    fingerprint_batch,
    fingerprint_many,
)
from storyfold.copies.groups import copy_groups
from storyfold.copies.index import (
    MIN_SHARED_ANCHORS,
    CopyIndex,
    MemoryCopyIndex,
    anchors_needed,
    from_sqlite_int,
    to_sqlite_int,
    to_sqlite_ints,
)
from storyfold.copies.minhash import minhash_signature, minhash_signatures
from storyfold.copies.sentences import sentence_keys
from storyfold.copies.shingles import shingle_hashes
from storyfold.copies.stage import BatchCopyIndex, Candidates, copy_stage, relate_batch
from storyfold.copies.text import normalize_text, tokenize

__all__ = [
    "FINGERPRINT_VERSION",
    "MIN_SHARED_ANCHORS",
    "BatchCopyIndex",
    "Candidates",
    "CopyConfig",
    "CopyFinder",
    "CopyIndex",
    "Fingerprint",
    "FingerprintBatch",
    "MemoryCopyIndex",
    "anchors_needed",
    "band_keys",
    "candidate_probability",
    "choose_bands",
    "classify",
    "compare",
    "copy_groups",
    "copy_stage",
    "find_copies",
    "fingerprint",
    "fingerprint_batch",
    "fingerprint_many",
    "from_sqlite_int",
    "minhash_signature",
    "minhash_signatures",
    "normalize_text",
    "relate_batch",
    "sentence_keys",
    "shingle_hashes",
    "to_sqlite_int",
    "to_sqlite_ints",
    "tokenize",
]
