"""Full-text search over stories' titles and bodies, ranked, with snippets.

SQLite uses the FTS5 table ``story_fts`` (ranked by ``bm25``, title words weighing 10 times body
words; ``snippet()``), PostgreSQL the ``story.search_vector`` tsvector and its GIN index
(``ts_rank``, title weight A; ``ts_headline``). Both understand one small query language:

- ``harbour bridge``: stories with both words (stemmed: "bridges" matches too); ``harbour AND
  bridge`` says the same (``AND`` and ``OR`` in capitals are operators, not words);
- ``"harbour bridge"``: the exact phrase;
- ``bridge OR tunnel``: either word (``OR`` binds closer than ``AND``: ``a b OR c`` is ``a``
  and either ``b`` or ``c``);
- ``bridge -tunnel``: "bridge" but not "tunnel";
- ``bridg*``: a word starting with "bridg".

A malformed query (an unclosed quote, a dangling ``OR`` or ``AND``, only exclusions) raises
:class:`SearchSyntaxError`. :func:`count_matches` counts all the matches of a query.

Trade-off, for speed on large archives: only the newest matches (highest story ids, the most
recently stored) are ranked, not all of them. SQLite ranks the newest ``SQLITE_CANDIDATES``
(10,000) matches of the query's words; excluded words and filters are then checked on the
ranked candidates, best first, and the window grows when too few pass. PostgreSQL ranks the
newest ``PG_CANDIDATES`` (500) matches that pass the filters. Filters are always exact; a query
with fewer matches than the window is ranked in full. So a search returns "the best matches
among the newest N", which for a news archive favours recent stories.

Phrases on PostgreSQL: the tsvector GIN index has no positions, so ``"a b"`` would find every
story holding both words, and each would be checked from its TOASTed tsvector (for two common
words: most of the archive, 0.4-5 s at a million stories). A second GIN index (migration 0008)
holds each story's pairs of adjacent lexemes, hashed into 2**20 buckets:
``story_phrase_pairs(search_vector) @> story_phrase_pairs(to_tsvector('a b'))`` finds the
phrase's stories plus the few sharing its buckets, and only those are checked against the
query (behind ``OFFSET 0``, so that the planner does not fold the check into the word index).
Results are the same as the tsvector test alone. A phrase without adjacent words (one word, or
words separated by stop words: ``"state of the union"``) still goes through the word index.
Not adopted: pairs as text (measured: the GIN build ~3 times slower, for millions of distinct
keys); only a cheaper recheck, e.g. of an inline or capped tsvector (the stories holding two
common words are still most of the archive). See ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Unpack

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session

from archive.filters import StoryFilters, apply_filters, given
from archive.models import Site, Story
from archive.results import SearchHit

__all__ = [
    "Query",
    "SearchSyntaxError",
    "Term",
    "count_matches",
    "fts5_query",
    "parse_query",
    "search",
]

# bm25 weights of the FTS5 columns (title, body).
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
# FTS5's ranking function with those weights, given to ``rank MATCH``.
SQLITE_RANK = f"bm25({TITLE_WEIGHT}, {BODY_WEIGHT})"
# SQLite ranks the newest this many matches (highest ids: the most recently stored stories),
# not all of them: bm25 costs about a microsecond a match. When filters or exclusions leave
# fewer than a page, the window grows WIDEN times, up to all the matches.
SQLITE_CANDIDATES = 10_000
WIDEN = 8
# Ranked candidates are checked against filters and exclusions in batches: first this many
# per result wanted, then as many as the share that passed so far suggests, up to MAX_BATCH
# (below SQLite's limit on bound parameters).
CANDIDATES_PER_RESULT = 4
MAX_BATCH = 10_000
# PostgreSQL ranks the newest this many matches (after the filters), not all of them, looked
# for among the newest PG_WINDOW stories, then in wider windows until there are enough.
PG_CANDIDATES = 500
PG_WINDOW = 20_000
SNIPPET_WORDS = 16
TS_CONFIG = "english"

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


class SearchSyntaxError(ValueError):
    """The search query cannot be understood; the message says why."""


@dataclass(frozen=True)
class Term:
    """A word or phrase of a query; ``prefix`` for ``word*``, ``negated`` for ``-word``."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False


# A query: groups that must all match; each group matches when any of its terms does.
Query = tuple[tuple[Term, ...], ...]


def parse_query(text: str) -> tuple[Query, tuple[Term, ...]]:
    """Parse ``text`` into (groups of OR-ed terms, excluded terms)."""
    if text.count('"') % 2:
        raise SearchSyntaxError(f"unclosed quote in {text!r}")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending: str | None = None  # the operator read last, waiting for its right-hand term
    seen_term = False
    for match in _TOKEN.finditer(text):
        quoted, bare = match.groups()
        if bare in ("OR", "AND"):
            # Terms are AND-ed anyway: AND only has to stand between two terms.
            if not seen_term or pending is not None or (bare == "OR" and not groups):
                raise SearchSyntaxError(f"{bare} needs a term on each side in {text!r}")
            pending = bare
            continue
        term = _term(quoted, bare)
        if term is None:
            continue
        seen_term = True
        if term.negated:
            if pending == "OR":
                raise SearchSyntaxError(f"cannot OR an exclusion (-{term.text}) in {text!r}")
            excluded.append(term)
        elif pending == "OR":
            groups[-1].append(term)
        else:
            groups.append([term])
        pending = None
    if pending is not None:
        raise SearchSyntaxError(f"{pending} needs a term on each side in {text!r}")
    if not groups:
        what = "only exclusions" if excluded else "no words"
        raise SearchSyntaxError(f"the query has {what}: {text!r}")
    return tuple(tuple(group) for group in groups), tuple(excluded)


def _term(quoted: str | None, bare: str | None) -> Term | None:
    if quoted is not None:
        words = " ".join(quoted.split())
        return Term(words, phrase=True) if words else None
    assert bare is not None
    negated = bare.startswith("-") and len(bare) > 1
    word = bare[1:] if negated else bare
    prefix = word.endswith("*")
    word = word.rstrip("*")
    if not re.search(r"\w", word):
        if negated or prefix:
            raise SearchSyntaxError(f"{bare!r} has no word in it")
        return None  # stray punctuation
    return Term(word, prefix=prefix, negated=negated)


def search(
    session: Session,
    query: str,
    *,
    limit: int = 20,
    highlight: tuple[str, str] = ("[", "]"),
    **filters: Unpack[StoryFilters],
) -> list[SearchHit]:
    """The best ``limit`` stories matching ``query``, best first, their snippets with the
    matched words between the ``highlight`` markers. ``filters`` as
    :class:`~archive.filters.StoryFilters` describes.

    :raises SearchSyntaxError: for a malformed query.
    """
    request = _Request(parse_query(query), given(filters), limit, highlight)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _search_sqlite(session, request)
    if dialect == "postgresql":
        return _search_postgresql(session, request)
    raise NotImplementedError(f"no full-text search on {dialect}")


@dataclass(frozen=True)
class _Request:
    """A search as both backends take it; ``filters`` only those that narrow."""

    parsed: tuple[Query, tuple[Term, ...]]
    filters: StoryFilters
    limit: int
    highlight: tuple[str, str]


def count_matches(session: Session, query: str, **filters: Unpack[StoryFilters]) -> int:
    """How many stories match ``query`` and ``filters``: all of them, not only the newest that
    :func:`search` ranks. Counting reads every match's id (no ranking, no snippets).

    :raises SearchSyntaxError: for a malformed query.
    """
    parsed = parse_query(query)
    narrowing = given(filters)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # The exclusions are in the MATCH expression here (``... NOT "tunnel"``).
        matched = select(_FTS.c.rowid).where(_fts5_match(fts5_query(parsed)))
        if not narrowing:
            return session.scalar(select(func.count()).select_from(matched.subquery())) or 0
        statement = apply_filters(select(func.count(Story.id)), **narrowing)
        return session.scalar(statement.where(Story.id.in_(matched))) or 0
    if dialect == "postgresql":
        found = _matching(session, parsed).select(narrowing).subquery()
        return session.scalar(select(func.count()).select_from(found)) or 0
    raise NotImplementedError(f"no full-text search on {dialect}")


# -- SQLite -----------------------------------------------------------------------------------

_FTS = table("story_fts", column("rowid", Integer))


def fts5_query(parsed: tuple[Query, tuple[Term, ...]]) -> str:
    """The FTS5 MATCH expression of a parsed query; every term is quoted, so no injection."""
    groups, excluded = parsed
    parts = []
    for group in groups:
        alternatives = " OR ".join(_fts5_term(term) for term in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    expression = " AND ".join(parts)
    for term in excluded:
        expression = f"({expression}) NOT {_fts5_term(term)}"
    return expression


def _fts5_term(term: Term) -> str:
    text = '"' + term.text.replace('"', '""') + '"'
    return text + "*" if term.prefix else text


def _fts5_match(expression: str) -> ColumnElement[bool]:
    return literal_column("story_fts").op("MATCH")(literal(expression))


def _search_sqlite(session: Session, request: _Request) -> list[SearchHit]:
    groups, excluded = request.parsed
    limit, highlight = request.limit, request.highlight
    # Excluded words are checked on the ranked candidates, not given to bm25: it would count
    # their documents over the whole table (a full scan for a common word) for a zero weight.
    match = _fts5_match(fts5_query((groups, ())))
    unwanted = _fts5_match(" OR ".join(_fts5_term(term) for term in excluded)) if excluded else None
    window = max(SQLITE_CANDIDATES, limit)
    while True:
        scores = _sqlite_ranked(session, match, window, unwanted, request.filters, limit)
        checked = unwanted is not None or request.filters
        if not checked or len(scores) >= limit or _sqlite_floor(session, match, window) is None:
            break
        window *= WIDEN  # too few of the newest matches passed: look further back
    if not scores:
        return []
    # Snippets only for the page of results: computing them for every match is the slow part.
    snippet = func.snippet(
        literal_column("story_fts"), -1, highlight[0], highlight[1], " … ", SNIPPET_WORDS
    )
    rows = session.execute(
        select(_FTS.c.rowid, snippet).where(match, _FTS.c.rowid.in_(list(scores)))
    )
    snippets: dict[int, str] = {story_id: text for story_id, text in rows}
    return _hits(session, scores, snippets)


def _sqlite_floor(session: Session, match: ColumnElement[bool], window: int) -> int | None:
    """The id of the ``window``-th newest match; None when there are no more matches than that.

    FTS5 walks a match's ids newest first without ranking them, so this costs little.
    """
    newest = select(_FTS.c.rowid).where(match).order_by(_FTS.c.rowid.desc())
    return session.scalar(newest.offset(window - 1).limit(1))


def _sqlite_ranked(
    session: Session,
    match: ColumnElement[bool],
    window: int,
    unwanted: ColumnElement[bool] | None,
    filters: StoryFilters,
    limit: int,
) -> dict[int, float]:
    """The best ``limit`` of the newest ``window`` matches that pass the exclusions and filters,
    best first: id -> score."""
    # Ranked inside FTS5 alone, the weights through ``rank MATCH``: no lookup into ``story``
    # for the matches that do not make the page. One pass finds the newest matches and scores
    # them; only the window is sorted.
    rank: ColumnElement[Any] = literal_column("rank")
    newest = (
        select(_FTS.c.rowid.label("id"), rank.label("rank"))
        .where(match, rank.op("MATCH")(literal(SQLITE_RANK)))
        .order_by(_FTS.c.rowid.desc())
        .limit(window)
        .subquery()
    )
    ranked = select(newest.c.id, newest.c.rank).order_by(newest.c.rank, newest.c.id.desc())
    if unwanted is None and not filters:
        return {story_id: -float(value) for story_id, value in session.execute(ranked.limit(limit))}
    # Candidates stream in rank order; each batch is checked until the page is full, the next
    # batch sized by the share that passed so far. Filters first: they only look up ``story``
    # rows, while an exclusion seeks into a (possibly long) list of the word's documents.
    scores: dict[int, float] = {}
    result = session.execute(ranked)
    size = max(limit * CANDIDATES_PER_RESULT, 1)
    checked = passed = 0
    while len(scores) < limit:
        batch = {story_id: -float(value) for story_id, value in result.fetchmany(size)}
        if not batch:
            break
        kept = set(batch)
        if filters:
            kept = set(
                session.scalars(
                    apply_filters(select(Story.id).where(Story.id.in_(kept)), **filters)
                )
            )
        if unwanted is not None and kept:
            kept -= set(
                session.scalars(select(_FTS.c.rowid).where(unwanted, _FTS.c.rowid.in_(kept)))
            )
        for story_id, score in batch.items():
            if story_id in kept and len(scores) < limit:
                scores[story_id] = score
        checked += len(batch)
        passed += len(kept)
        share = (passed + 1) / (checked + 1)
        size = min(MAX_BATCH, max(size, round(2 * (limit - len(scores)) / share)))
    result.close()
    return scores


# -- PostgreSQL -------------------------------------------------------------------------------

_VECTOR: ColumnElement[Any] = literal_column("story.search_vector")
# The pairs of adjacent lexemes of a story, as the GIN index ``story_fts_phrase_pairs`` holds
# them (migration 0008): the expression must be written exactly so for the index to serve it.
_PAIRS: ColumnElement[Any] = func.story_phrase_pairs(_VECTOR)


def _term_tsquery(term: Term) -> ColumnElement[Any]:
    if term.phrase:
        return func.phraseto_tsquery(TS_CONFIG, term.text)
    if term.prefix:
        # Lexemes of the word, each a prefix: "harb*" -> 'harb':*
        words = re.findall(r"\w+", term.text)
        return func.to_tsquery(TS_CONFIG, " & ".join(f"{word}:*" for word in words))
    return func.plainto_tsquery(TS_CONFIG, term.text)


def _tsquery(parsed: tuple[Query, tuple[Term, ...]]) -> ColumnElement[Any]:
    groups, excluded = parsed
    expression: ColumnElement[Any] | None = None
    for group in groups:
        alternatives = _term_tsquery(group[0])
        for term in group[1:]:
            alternatives = alternatives.op("||")(_term_tsquery(term))
        expression = alternatives if expression is None else expression.op("&&")(alternatives)
    assert expression is not None
    for term in excluded:
        expression = expression.op("&&")(func.tsquery_not(_term_tsquery(term)))
    return expression


@dataclass(frozen=True)
class _Matching:
    """How PostgreSQL finds a query's stories.

    ``indexed`` is a condition the GIN indexes answer alone: the query itself, or, when a
    phrase has adjacent words, the same query with each such phrase replaced by its word pairs
    (``story_phrase_pairs(search_vector) @> '{291963}'``, the hashed pair 'harbour' 'bridg'),
    which every story holding the phrase passes. Then ``exact`` is false and each story found
    is checked against the query from its tsvector, after the index and the filters have
    narrowed the stories.
    """

    indexed: ColumnElement[bool]
    exact: bool
    tsquery: ColumnElement[Any]

    def select(self, filters: StoryFilters, newer_than: int | None = None) -> Select[Any]:
        """(id, search_vector) of the stories matching the query and ``filters``, optionally
        only those with an id above ``newer_than``."""
        found = apply_filters(
            select(Story.id, _VECTOR.label("vector")).where(self.indexed), **filters
        )
        if newer_than is not None:
            found = found.where(Story.id > newer_than)
        if self.exact:
            return found
        # OFFSET 0 keeps the planner from moving the tsquery test into the scan, where it
        # would use the words' index (every story holding the words) and recheck each one.
        candidate = found.offset(0).subquery("candidate")
        return select(candidate.c.id, candidate.c.vector).where(
            candidate.c.vector.op("@@")(self.tsquery)
        )


def _matching(session: Session, parsed: tuple[Query, tuple[Term, ...]]) -> _Matching:
    tsquery = _tsquery(parsed)
    groups, _excluded = parsed
    pairs = _phrase_pairs(session, {term.text for group in groups for term in group if term.phrase})
    if not any(pairs.values()):
        return _Matching(_VECTOR.op("@@")(tsquery), exact=True, tsquery=tsquery)

    def one(term: Term) -> ColumnElement[bool]:
        if term.phrase and pairs[term.text]:
            return _PAIRS.op("@>")(literal(pairs[term.text], ARRAY(Integer)))
        return _VECTOR.op("@@")(_term_tsquery(term))

    # Excluded terms are left to the check: they narrow nothing an index could find.
    indexed = and_(*(or_(*(one(term) for term in group)) for group in groups))
    return _Matching(indexed, exact=False, tsquery=tsquery)


def _phrase_pairs(session: Session, phrases: set[str]) -> dict[str, list[int]]:
    """The word pairs each phrase's stories must hold: the pairs of its own tsvector (whose
    positions are those ``phraseto_tsquery`` requires). None for a phrase of one word, or
    whose words are all separated by stop words."""
    if not phrases:
        return {}
    phrase = (
        func.unnest(literal(sorted(phrases), ARRAY(Text)))
        .table_valued(column("phrase", Text))
        .render_derived(name="phrases")
        .c.phrase
    )
    rows = session.execute(
        select(phrase, func.story_phrase_pairs(func.to_tsvector(TS_CONFIG, phrase)))
    )
    return {text: list(found or ()) for text, found in rows}


def _search_postgresql(session: Session, request: _Request) -> list[SearchHit]:
    parsed, filters = request.parsed, request.filters
    limit, highlight = request.limit, request.highlight
    matching = _matching(session, parsed)
    if filters.keys() & {"site", "section", "tag", "author"}:
        # A site, tag or author narrows the matches enough to find them all at once (measured:
        # the windows below took several rounds to collect enough matches of one site in 20);
        # the newest PG_CANDIDATES of them are ranked, as without these filters (ranking all
        # took up to 1.8 s for two common words OR-ed in one site of 20 at 1M stories).
        matched = matching.select(filters).subquery("matched")
        found = (
            select(matched.c.id, matched.c.vector)
            .order_by(matched.c.id.desc())
            .limit(max(PG_CANDIDATES, limit))
            .subquery("found")
        )
        rank = func.ts_rank(found.c.vector, matching.tsquery)
        ranked = select(found.c.id, rank).order_by(rank.desc(), found.c.id.desc()).limit(limit)
    else:
        candidates = _postgresql_candidates(session, matching, filters, max(PG_CANDIDATES, limit))
        if not candidates:
            return []
        rank = func.ts_rank(_VECTOR, matching.tsquery)
        ranked = (
            select(Story.id, rank)
            .where(Story.id.in_(candidates))
            .order_by(rank.desc(), Story.id.desc())
            .limit(limit)
        )
    scores = {story_id: float(value) for story_id, value in session.execute(ranked)}
    if not scores:
        return []
    options = (
        f"StartSel={highlight[0]}, StopSel={highlight[1]}, MaxWords={SNIPPET_WORDS + 4},"
        f' MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
    )
    headline = func.ts_headline(TS_CONFIG, Story.body, _tsquery(parsed), options)
    rows = session.execute(select(Story.id, headline).where(Story.id.in_(list(scores))))
    snippets: dict[int, str] = {story_id: text for story_id, text in rows}
    return _hits(session, scores, snippets)


def _postgresql_candidates(
    session: Session, matching: _Matching, filters: StoryFilters, wanted: int
) -> list[int]:
    """The ids of the newest ``wanted`` matches that pass ``filters``, newest first.

    Looked for among the newest ``PG_WINDOW`` stories, then in a window grown by the share of
    matches found so far, and so on: finding a match needs its heap row, so the window bounds
    those reads.
    """
    # The planner prices ``@@`` as cheap, but each test reads and decompresses a TOASTed
    # tsvector: as a filter on an index scan of the id range it would test every story of
    # the window. Bitmap scans AND the GIN and id ranges first; the setting is put back after.
    # One round trip for the newest id, the setting and turning it off.
    top, setting, _off = session.execute(
        select(
            func.max(Story.id),
            func.current_setting("enable_indexscan"),
            func.set_config("enable_indexscan", "off", True),
        )
    ).one()
    try:
        if top is None:
            return []
        window = PG_WINDOW
        while True:
            found = matching.select(filters, top - window if window < top else None).subquery()
            ids = list(session.scalars(select(found.c.id)))
            if len(ids) >= wanted or window >= top:
                break
            # Each round builds the word's whole GIN bitmap again: aim to need no other.
            window *= min(16, max(2, math.ceil(1.5 * wanted / max(len(ids), 1))))
    finally:
        session.execute(select(func.set_config("enable_indexscan", setting, True)))
    return sorted(ids, reverse=True)[:wanted]


def _hits(session: Session, scores: dict[int, float], snippets: dict[int, str]) -> list[SearchHit]:
    """The hits in ``scores`` order; a story without a snippet shows its title."""
    rows = session.execute(
        select(Story.id, Story.url, Site.host, Story.title, Story.published_at)
        .join(Site, Site.id == Story.site_id)
        .where(Story.id.in_(list(scores)))
    )
    by_id = {row.id: row for row in rows}
    return [
        SearchHit(
            id=story_id,
            url=by_id[story_id].url,
            site=by_id[story_id].host,
            title=by_id[story_id].title,
            published_at=by_id[story_id].published_at,
            score=score,
            snippet=snippets.get(story_id) or by_id[story_id].title or "",
        )
        for story_id, score in scores.items()
    ]
