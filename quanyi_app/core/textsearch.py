"""Chinese substring search that works the same on SQLite and PostgreSQL.

Why not the databases' own full-text search: SQLite's FTS5 trigram tokenizer never matches
queries shorter than three characters (钥匙, 雨伞 are two), and on SQLite 3.40 ``LIKE``
through a trigram table returns wrong rows; PostgreSQL's ``pg_trgm`` cannot use its index
for two-character patterns either. Chinese has no spaces, so word tokenizers need a
dictionary and still miss partial phrases.

So: text is normalised (NFKC, lower case, runs of letters/digits/CJK), and an index table
holds every character and every pair of adjacent characters of each record. A query term of
length 1 looks up its character; a longer term looks up its pairs, and only records holding
*all* of them can contain the term. Those candidates are then checked with a plain
``LIKE '%term%'`` on the normalised column, so results are exactly the substring matches:
100% recall (a substring always contains its pairs) and no false hits.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func
from sqlmodel import col, select

_RUN = re.compile(r"[^\W_]+", re.UNICODE)  # letters, digits and CJK; not punctuation or "_"


def runs(text: str) -> list[str]:
    """The searchable runs of ``text``: NFKC-normalised, lower-cased, split at anything else."""
    return _RUN.findall(unicodedata.normalize("NFKC", text or "").lower())


def normalise(*parts: str) -> str:
    """The text stored for matching: runs joined by single spaces (no term spans two runs)."""
    return " ".join(r for part in parts for r in runs(part))


def grams(text: str) -> set[str]:
    """Every character and every adjacent pair within each run of a normalised text."""
    out: set[str] = set()
    for run in text.split():
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def bigrams(text: str, *, across_runs: bool = False) -> set[str]:
    """The adjacent pairs of ``text``'s searchable runs. ``across_runs`` also pairs the end of one
    run with the start of the next, as if the punctuation between them were not there (what
    duplicate detection compares: "热水器坏了,没热水" keeps "了没")."""
    if across_runs:
        joined = "".join(runs(text))
        return {joined[i : i + 2] for i in range(len(joined) - 1)}
    return {g for g in grams(normalise(text)) if len(g) == 2}


def jaccard(a: set[str], b: set[str]) -> float:
    """How alike two sets of grams are: shared ÷ all (0 when both are empty)."""
    return len(a & b) / max(1, len(a | b))


def term_grams(term: str) -> set[str]:
    return {term} if len(term) == 1 else {term[i : i + 2] for i in range(len(term) - 1)}


def match_clause(gram_model, text_column, id_column, terms: list[str]):
    """SQL conditions selecting rows whose normalised text contains every term.

    ``gram_model`` is the index table (``gram``, ``item_id``); ``text_column`` the
    normalised text; ``id_column`` the row id the index points to.
    """
    needed = set().union(*(term_grams(t) for t in terms))
    candidates = (
        select(gram_model.item_id)
        .where(col(gram_model.gram).in_(sorted(needed)))
        .group_by(gram_model.item_id)
        .having(func.count() == len(needed))
    )
    clauses = [col(id_column).in_(candidates)]
    # Terms hold only letters/digits/CJK, so they carry no LIKE wildcards to escape.
    clauses += [col(text_column).like(f"%{t}%") for t in terms]
    return clauses
