"""Full-text search over stories' titles and bodies, ranked, with snippets.

SQLite uses the FTS5 table ``story_fts`` (ranked by ``bm25``, title words weighing 10 times body
words; ``snippet()``), PostgreSQL the ``story.search_vector`` tsvector and its GIN index
(``ts_rank`` over the headline and lead, title weight A; ``ts_headline``). Both understand one
small query language:

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
newest ``PG_CANDIDATES`` (500) stories that pass the filters and hold the query's words (for
a phrase, its pairs of adjacent words), then checks phrases and excluded words on the best
of them until the page is full (if those failing crowd out the page, it looks further back,
checking first). Filters are always exact; a query with fewer matches than the window is
ranked in full. So a search returns "the best matches
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

How PostgreSQL answers in under 50 ms (p95) at a million stories, with filters
(``benchmarks/archive_scale.py``; figures in ``benchmarks/RESULTS.md``):

- Ranking reads no TOAST. A story's ``search_vector`` is larger than a row may hold, so it
  lives in the TOAST table, and ``ts_rank`` over it cost one TOAST lookup per candidate: most
  of a search's time for 500 candidates. Candidates are ranked instead from
  ``story_fts_rank`` (migration 0010): the tsvector of the title (weight A) and the first 600
  characters of the body (B), stored ``MAIN`` so it stays in the row (under 2 kB however long
  the story), and read by the same scan that finds the match, in the same statement. So the
  order of results comes from the headline and the lead, what a news story is about, while
  matching, phrases and exclusions still use the whole text: a story naming a word only
  further down is found, and ranks after those naming it up front.
- Phrases and excluded words, which need the whole ``search_vector`` (a TOAST read each),
  are checked on the best-ranked candidates only, in batches until the page is full: about
  20 reads instead of one per candidate (and ranking no longer reads them a second time).
- Windows of the newest stories do not overlap: each round reads only stories older than
  the previous window, as many as the share of matches so far suggests; when the last
  window found nothing (a ``since`` filter that older stories fail), or the matches so far
  suggest fewer than ``PG_FEW`` (2,000) in all the older stories, the next round takes the
  rest of the archive at once, with the id bound as a plain filter: each round builds the
  words' whole GIN bitmap again, and a bitmap of the ids of a large window costs more than
  reading a few thousand rows.
- Per search, ``work_mem`` is 64 MB, so that the bitmap of common words over the whole
  archive stays exact instead of going lossy and rechecking every story of its pages, and
  ``plan_cache_mode`` forces a plan for each statement's own words and ids (psycopg prepares
  repeated statements, and a generic plan made two-word searches twice as slow).
- Not adopted: ranking fewer candidates (quicker, but "the best of the newest 500"
  shrinks); ``search_vector`` stored inline (``SET STORAGE main``: a real story's tsvector
  does not fit in a row, so it only helps short synthetic stories); a BRIN index on ids for
  cheap window bitmaps (measured: lossy pages make PostgreSQL recompute the word pairs of
  every row, 140 ms for a phrase); a RUM index (positions in the index: a server extension
  to install, and a much larger index to build and keep).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
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
# When the matches so far suggest at most this many in all the older stories, the next round
# takes all of them at once instead of another window.
PG_FEW = 2_000
# Settings for the length of a PostgreSQL search (``_planner_settings`` says why): all
# searches, and those looked for in windows of the newest stories.
PG_SEARCH_SETTINGS = {"work_mem": "64MB", "plan_cache_mode": "force_custom_plan"}
PG_WINDOW_SETTINGS = {"enable_indexscan": "off"}
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


def count_matches(
    session: Session, query: str, *, cap: int | None = None, **filters: Unpack[StoryFilters]
) -> int:
    """How many stories match ``query`` and ``filters``: all of them, not only the newest that
    :func:`search` ranks. Counting reads every match's id (no ranking, no snippets): for a
    common word in a large archive that is most of it (measured: 3-5 s for a word in 870,000
    of 1,000,000 stories on PostgreSQL), so ``cap`` stops at ``cap + 1``, meaning "more than
    ``cap``".

    :raises SearchSyntaxError: for a malformed query.
    """
    parsed = parse_query(query)
    narrowing = given(filters)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # The exclusions are in the MATCH expression here (``... NOT "tunnel"``).
        matched = select(_FTS.c.rowid).where(_fts5_match(fts5_query(parsed)))
        if narrowing:
            matched = apply_filters(select(Story.id), **narrowing).where(Story.id.in_(matched))
    elif dialect == "postgresql":
        matched = _matching(session, parsed).select(narrowing)
    else:
        raise NotImplementedError(f"no full-text search on {dialect}")
    if cap is not None:
        matched = matched.limit(cap + 1)
    return session.scalar(select(func.count()).select_from(matched.subquery())) or 0


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
# The headline and lead's small tsvector, kept in the row (migration 0010): results are ranked
# from it, not from ``search_vector``, which is read from TOAST.
_RANK_VECTOR: ColumnElement[Any] = literal_column("story.story_fts_rank")
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
    which every story holding the phrase passes, and without its excluded words. Then
    ``exact`` is false and a story found is checked against the query from its tsvector:
    all of them, after the index and the filters have narrowed the stories (``select``), or
    the best ranked until a page is full (``_check``).
    """

    indexed: ColumnElement[bool]
    exact: bool
    tsquery: ColumnElement[Any]

    def select(
        self,
        filters: StoryFilters,
        newer_than: int | None = None,
        up_to: int | None = None,
        *,
        checked: bool = True,
    ) -> Select[Any]:
        """(id, search_vector, story_fts_rank) of the stories matching the query and
        ``filters``, optionally only those with an id above ``newer_than`` and at most
        ``up_to``. Not ``checked``: the stories the index finds, before the check (a superset
        of the matches when ``exact`` is false)."""
        found = apply_filters(
            select(Story.id, _VECTOR.label("vector"), _RANK_VECTOR.label("rank_vector")).where(
                self.indexed
            ),
            **filters,
        )
        if newer_than is not None:
            found = found.where(Story.id > newer_than)
        if up_to is not None:
            # Not an index condition (``+ 0``): the newer stories it leaves out are few, and a
            # bitmap of the primary key up to here would be most of the archive (measured:
            # longer than the search). Checked on the heap row, before any TOAST is read.
            found = found.where(Story.id + 0 <= up_to)
        if self.exact or not checked:
            return found
        # OFFSET 0 keeps the planner from moving the tsquery test into the scan, where it
        # would use the words' index (every story holding the words) and recheck each one.
        candidate = found.offset(0).subquery("candidate")
        return select(candidate.c.id, candidate.c.vector, candidate.c.rank_vector).where(
            candidate.c.vector.op("@@")(self.tsquery)
        )


def _matching(session: Session, parsed: tuple[Query, tuple[Term, ...]]) -> _Matching:
    tsquery = _tsquery(parsed)
    exact = _Matching(_VECTOR.op("@@")(tsquery), exact=True, tsquery=tsquery)
    groups, excluded = parsed
    pairs = _phrase_pairs(session, {term.text for group in groups for term in group if term.phrase})
    paired = [g for g in groups if any(t.phrase and pairs[t.text] for t in g)]
    if not paired and not excluded:
        return exact
    # Excluded terms are left to the check: they narrow nothing an index could find, and
    # testing them is a TOAST read per story. The other words go to the words' index as one
    # tsquery, unless they are all stop words (an empty tsquery matches nothing).
    conditions: list[ColumnElement[bool]] = []
    words = tuple(g for g in groups if g not in paired)
    if words:
        positive = _tsquery((words, ()))
        if session.scalar(select(func.numnode(positive))):
            conditions.append(_VECTOR.op("@@")(positive))
    for group in paired:
        conditions.append(or_(*(_indexed_term(term, pairs) for term in group)))
    if not conditions:
        return exact
    return _Matching(and_(*conditions), exact=False, tsquery=tsquery)


def _indexed_term(term: Term, pairs: dict[str, list[int]]) -> ColumnElement[bool]:
    if term.phrase and pairs[term.text]:
        return _PAIRS.op("@>")(literal(pairs[term.text], ARRAY(Integer)))
    return _VECTOR.op("@@")(_term_tsquery(term))


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
    wanted = max(PG_CANDIDATES, limit)
    # A site, tag or author narrows the matches enough to find them all at once (measured:
    # the windows took several rounds to collect enough matches of one site in 20); the
    # newest PG_CANDIDATES of them are ranked, as without these filters (ranking all took up
    # to 1.8 s for two common words OR-ed in one site of 20 at 1M stories).
    at_once = bool(filters.keys() & {"site", "section", "tag", "author"})
    settings = PG_SEARCH_SETTINGS | ({} if at_once else PG_WINDOW_SETTINGS)
    with _planner_settings(session, settings) as top:
        if top is None:
            return []
        # A phrase's candidates are ranked first and checked against the whole tsvector (a
        # TOAST read each) in that order, until the page is full: about ``limit`` reads
        # instead of one per candidate. When stories failing the check crowded the window
        # (a page not filled while there may be older candidates), the check comes first.
        for checked in (True,) if matching.exact else (False, True):
            if at_once:
                found = _ranked_newest(session, matching, filters, wanted, checked=checked)
            else:
                found = _postgresql_candidates(session, matching, filters, wanted, top, checked)
            ranked = sorted(found, key=lambda pair: (-pair[1], -pair[0]))
            best = ranked[:limit] if checked else _check(session, matching, ranked, limit)
            if checked or len(best) >= limit or len(found) < wanted:
                break
    if not best:
        return []
    scores = {story_id: score for story_id, score in best}
    options = (
        f"StartSel={highlight[0]}, StopSel={highlight[1]}, MaxWords={SNIPPET_WORDS + 4},"
        f' MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
    )
    headline = func.ts_headline(TS_CONFIG, Story.body, _tsquery(parsed), options)
    rows = session.execute(select(Story.id, headline).where(Story.id.in_(list(scores))))
    snippets: dict[int, str] = {story_id: text for story_id, text in rows}
    return _hits(session, scores, snippets)


@contextmanager
def _planner_settings(session: Session, settings: dict[str, str]) -> Iterator[int | None]:
    """Apply ``settings`` for the length of the block, then put them back as they were; yield
    the newest story id (None in an empty archive). One round trip each way.

    Windows: the planner prices ``@@`` as cheap, but each test reads and decompresses a
    TOASTed tsvector: as a filter on an index scan of the id range it would test every story
    of a window. Bitmap scans AND the GIN and id ranges first: index scans are turned off.
    All searches: ``work_mem`` is raised so that the bitmap of a common word (or two OR-ed)
    over the whole archive stays exact: past ``work_mem`` it goes lossy and every story of
    its pages is rechecked from TOAST (measured: an OR of two common words in one site of 20,
    1.5-2.1 s at 1M stories with the default 4 MB). And each statement is planned for its own
    words and id range: psycopg prepares a statement run five times, and PostgreSQL may then
    reuse one generic plan for all words and windows (measured at 1M stories: two-word
    searches 14 ms planned each time, 23 ms with the generic plans).
    """
    names = tuple(settings)
    row = session.execute(
        select(
            func.max(Story.id),
            *(func.current_setting(name) for name in names),
            *(func.set_config(name, value, True) for name, value in settings.items()),
        )
    ).one()
    top, previous = row[0], row[1 : 1 + len(names)]
    try:
        yield top
    finally:
        session.execute(
            select(
                *(
                    func.set_config(name, value, True)
                    for name, value in zip(names, previous, strict=True)
                )
            )
        )


def _ranked_newest(
    session: Session,
    matching: _Matching,
    filters: StoryFilters,
    wanted: int,
    ids: tuple[int | None, int | None] = (None, None),
    *,
    checked: bool = True,
) -> list[tuple[int, float]]:
    """(id, score) of the newest ``wanted`` matches passing ``filters`` (with an id above
    ``ids[0]`` and at most ``ids[1]``), ranked from ``story_fts_rank``: the headline and lead
    kept in the row (migration 0010), so ranking reads nothing more than finding did."""
    found = matching.select(filters, *ids, checked=checked).subquery("found")
    newest = (
        select(found.c.id, found.c.rank_vector)
        .order_by(found.c.id.desc())
        .limit(wanted)
        .subquery("newest")
    )
    rank = func.ts_rank(newest.c.rank_vector, matching.tsquery)
    return [
        (story_id, float(score)) for story_id, score in session.execute(select(newest.c.id, rank))
    ]


def _postgresql_candidates(
    session: Session,
    matching: _Matching,
    filters: StoryFilters,
    wanted: int,
    top: int,
    checked: bool = True,
) -> list[tuple[int, float]]:
    """(id, score) of the newest ``wanted`` matches that pass ``filters``.

    Looked for among the newest ``PG_WINDOW`` stories, then in the older stories next to them,
    as many as the share of matches found so far suggests, and so on: finding a match needs
    its heap row, so the windows bound those reads; no tsvector is checked twice. A window that
    found nothing (a filter such as ``since`` that older stories fail) makes the next one the
    rest of the archive: each round builds the words' whole GIN bitmap again.
    """
    found: list[tuple[int, float]] = []
    upper, lower = top, max(top - PG_WINDOW, 0)
    while True:
        more = _ranked_newest(
            session,
            matching,
            filters,
            wanted - len(found),
            (lower or None, upper),
            checked=checked,
        )
        found += more
        if len(found) >= wanted or lower == 0:
            return found
        span = top - lower
        if not more or len(found) * lower / span <= PG_FEW:
            # Nothing in the last window, or so few matches expected in all the older stories
            # that reading their rows costs less than a bitmap of the ids of another window
            # (measured: ~17 ms for 300,000 ids; a phrase's 1,800 candidates in 1M, ~16 ms).
            step = lower
        else:
            # Aim to need no other round, but read at most 15 times what was read so far.
            needed = math.ceil(1.5 * (wanted - len(found)) * span / len(found))
            step = min(15 * span, max(span, needed))
        upper, lower = lower, max(lower - step, 0)


def _check(
    session: Session, matching: _Matching, ranked: list[tuple[int, float]], limit: int
) -> list[tuple[int, float]]:
    """The first ``limit`` of ``ranked`` that match the query, checked from their tsvectors
    in batches, best first."""
    kept: list[tuple[int, float]] = []
    start, size = 0, limit + 10
    while len(kept) < limit and start < len(ranked):
        batch = ranked[start : start + size]
        # OFFSET 0: the test must read these rows' tsvectors, not the words' whole index.
        rows = select(Story.id, _VECTOR.label("vector")).where(
            Story.id.in_([story_id for story_id, _score in batch])
        )
        candidate = rows.offset(0).subquery("candidate")
        passed = set(
            session.scalars(
                select(candidate.c.id).where(candidate.c.vector.op("@@")(matching.tsquery))
            )
        )
        kept += [pair for pair in batch if pair[0] in passed]
        start += size
        size *= 4
    return kept[:limit]


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
