"""PostgreSQL: an index of adjacent word pairs, so that phrases of common words are quick.

``story_phrase_pairs(tsvector)`` gives the pairs of lexemes at adjacent positions of a tsvector
(``'harbour' 'bridg'``), each hashed to one of ``PAIR_BUCKETS`` integers;
``story_fts_phrase_pairs`` is a GIN index over it for ``story.search_vector`` (named with the
``story_fts`` prefix that ``archive.db.include_object`` leaves out of autogenerate, like the
other full-text objects the models do not describe). A story matching the phrase
``"harbour bridges"`` (``'harbour' <-> 'bridg'``) has that pair, so the index finds a phrase's
few stories (and those sharing its bucket) where the words' own index would offer every story
holding both words, each to be rechecked from its TOASTed tsvector (``archive.search``).

The pairs are computed from the stored tsvector itself, so they follow its positions exactly
(stop words leave gaps; positions past 16,383 share the last one). Nothing is stored in the
table: the index holds the pairs. Creating it computes them for the existing stories: about
0.3 ms a story on a quiet machine, then the index build. SQLite needs nothing: FTS5 indexes
positions.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Pairs are hashed into this many buckets. Fewer distinct keys make the GIN index quicker to
# build and to keep (measured on 20,000 stories: text pairs 79 s, 2**32 buckets 38 s, 2**20
# buckets 25 s, 2**16 10.7 s); a bucket shared by other pairs only adds stories to the check
# (at 2**20, about 120 a million stories for a phrase of two words).
PAIR_BUCKETS = 2**20  # the function masks with 2**20 - 1 = 1048575

# A loop over the positions is about twice as fast as a self-join of unnest(). Two lexemes at
# one position (a dictionary giving several, or words past position 16,383) take the set-based
# path, which pairs every lexeme of a position with every lexeme of the next.
PG_PAIRS_FUNCTION = """
CREATE FUNCTION story_phrase_pairs(vector tsvector) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    at_position text[] := '{}';
    entry record;
    n integer;
    pairs integer[] := '{}';
    i integer;
BEGIN
    FOR entry IN SELECT lexeme, positions FROM unnest(vector) LOOP
        FOREACH n IN ARRAY coalesce(entry.positions, '{}') LOOP
            IF at_position[n] IS NOT NULL THEN
                RETURN ARRAY(
                    SELECT DISTINCT hashtext(a.lexeme || ' ' || b.lexeme) & 1048575
                    FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(vector)) AS a
                    JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(vector)) AS b
                        ON b.pos = a.pos + 1
                );
            END IF;
            at_position[n] := entry.lexeme;
        END LOOP;
    END LOOP;
    FOR i IN coalesce(array_lower(at_position, 1), 1)
            .. coalesce(array_upper(at_position, 1), 0) - 1 LOOP
        IF at_position[i] IS NOT NULL AND at_position[i + 1] IS NOT NULL THEN
            pairs := pairs || (hashtext(at_position[i] || ' ' || at_position[i + 1]) & 1048575);
        END IF;
    END LOOP;
    RETURN pairs;
END
$$
"""

PG_PAIRS_INDEX = (
    "CREATE INDEX story_fts_phrase_pairs ON story USING gin (story_phrase_pairs(search_vector))"
)
# The index build keeps its pairs in memory up to this much before writing them out: at the
# default (64 MB) a large archive's build writes the index many times over.
PG_BUILD_MEMORY = "SET LOCAL maintenance_work_mem = '512MB'"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PG_PAIRS_FUNCTION)
    op.execute(PG_BUILD_MEMORY)
    op.execute(PG_PAIRS_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS story_fts_phrase_pairs")
    op.execute("DROP FUNCTION IF EXISTS story_phrase_pairs(tsvector)")
