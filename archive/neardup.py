"""Near-duplicate stories: exact body hashes, and MinHash signatures with LSH bands in the archive.

Syndicated wire copies and lightly edited republications appear at other URLs, often under other
headlines. Each story's body becomes a set of word 5-shingles; its MinHash (128 values, from
datasketch) estimates the Jaccard similarity of two such sets. The signature is cut into 32 bands
of 4 values; each band is hashed and stored in ``story_band`` with an index, so the candidates
for a new story are found by 32 index searches however large the archive is. A candidate whose
estimated similarity reaches :data:`THRESHOLD` is a near-duplicate: the new story joins its
cluster. An identical normalised body (``body_hash``) is a duplicate at similarity 1.0.

The threshold, 0.5: a wire story republished under another headline with a sentence added or
changed keeps well above it (typically 0.8-0.95 on news-length bodies), while two different
stories on one topic that share a few boilerplate sentences stay well below (0.05-0.3);
``benchmarks/dedup.py`` measures precision and recall on labelled pairs. With 32 bands of 4
rows, a pair at similarity 0.5 becomes a candidate with probability 1-(1-0.5^4)^32 = 0.87, and
at 0.7 with probability 0.9996.

Bodies shorter than :data:`MIN_WORDS` words are matched exactly only: a few shingles say
little.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash
from sqlalchemy import and_, delete, insert, or_, select

from archive.models import Cluster, ClusterMember, Story, StoryBand, StorySignature

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 5
THRESHOLD = 0.5
MIN_WORDS = 40
# Candidates checked per story, most shared bands first: a story matching hundreds of others
# (a boilerplate-only body) must not cost hundreds of signature reads.
MAX_CANDIDATES = 20

_WORD = re.compile(r"\w+")
_SEED = 1
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme="affine32")


@dataclass(frozen=True)
class Signature:
    body_hash: str
    minhash: np.ndarray | None  # uint32[NUM_PERM]; None for a body too short to compare

    def bands(self) -> list[tuple[int, int]]:
        if self.minhash is None:
            return []
        raw = self.minhash.astype("<u4").tobytes()
        width = ROWS * 4
        return [(band, _int64(raw[band * width : (band + 1) * width])) for band in range(BANDS)]


@dataclass(frozen=True)
class Match:
    story_id: int
    similarity: float


def body_hash(body: str) -> str:
    return hashlib.sha256(" ".join(body.split()).encode()).hexdigest()


def signature(body: str) -> Signature:
    words = _WORD.findall(body.lower())
    if len(words) < MIN_WORDS:
        return Signature(body_hash(body), None)
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    # Reusing the template's permutations skips drawing them again for every story.
    minhash = MinHash(
        num_perm=NUM_PERM, seed=_SEED, permutations=_TEMPLATE.permutations, scheme="affine32"
    )
    minhash.update_batch(list(shingles))
    return Signature(body_hash(body), minhash.hashvalues.astype(np.uint32))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two MinHashes."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def find_match(session: Session, story_id: int, sig: Signature) -> Match | None:
    """The archived story most like ``sig``, if it reaches the threshold."""
    exact = session.scalar(
        select(StorySignature.story_id)
        .where(StorySignature.body_hash == sig.body_hash, StorySignature.story_id != story_id)
        .order_by(StorySignature.story_id)
        .limit(1)
    )
    if exact is not None:
        return Match(exact, 1.0)
    if sig.minhash is None:
        return None
    hits: dict[int, int] = {}
    # One equality pair per band, OR-ed: both SQLite and PostgreSQL answer each from the
    # primary-key index (SQLite does not use an index for a row-value IN list).
    rows = session.execute(
        select(StoryBand.story_id).where(
            or_(*(and_(StoryBand.band == b, StoryBand.hash == h) for b, h in sig.bands())),
            StoryBand.story_id != story_id,
        )
    )
    for (candidate,) in rows:
        hits[candidate] = hits.get(candidate, 0) + 1
    if not hits:
        return None
    best = sorted(hits, key=lambda c: (-hits[c], c))[:MAX_CANDIDATES]
    found: Match | None = None
    for candidate, raw in session.execute(
        select(StorySignature.story_id, StorySignature.minhash).where(
            StorySignature.story_id.in_(best)
        )
    ):
        if not raw:
            continue
        score = similarity(sig.minhash, np.frombuffer(raw, dtype="<u4"))
        if score >= THRESHOLD and (found is None or score > found.similarity):
            found = Match(candidate, score)
    return found


def index_story(session: Session, story_id: int, sig: Signature) -> None:
    """Store (or replace) a story's signature and bands."""
    session.execute(delete(StoryBand).where(StoryBand.story_id == story_id))
    session.execute(delete(StorySignature).where(StorySignature.story_id == story_id))
    raw = b"" if sig.minhash is None else sig.minhash.astype("<u4").tobytes()
    session.add(StorySignature(story_id=story_id, body_hash=sig.body_hash, minhash=raw))
    bands = sig.bands()
    if bands:
        session.execute(
            insert(StoryBand),
            [{"band": b, "hash": h, "story_id": story_id} for b, h in bands],
        )
    session.flush()


def join_cluster(session: Session, story_id: int, match: Match, now: datetime) -> int:
    """Put ``story_id`` in ``match``'s cluster (made if needed); return the cluster id.

    The cluster's canonical member is its earliest published story (first seen, if undated).
    """
    cluster_id = session.scalar(
        select(ClusterMember.cluster_id).where(ClusterMember.story_id == match.story_id)
    )
    if cluster_id is None:
        cluster = Cluster(canonical_story_id=match.story_id, created_at=now)
        session.add(cluster)
        session.flush()
        cluster_id = cluster.id
        session.add(
            ClusterMember(
                story_id=match.story_id, cluster_id=cluster_id, similarity=1.0, detected_at=now
            )
        )
    session.add(
        ClusterMember(
            story_id=story_id, cluster_id=cluster_id, similarity=match.similarity, detected_at=now
        )
    )
    session.flush()
    _elect_canonical(session, cluster_id)
    return cluster_id


def _elect_canonical(session: Session, cluster_id: int) -> None:
    members = session.execute(
        select(Story.id, Story.published_at, Story.first_seen_at)
        .join(ClusterMember, ClusterMember.story_id == Story.id)
        .where(ClusterMember.cluster_id == cluster_id)
    ).all()
    earliest = min(members, key=lambda m: (m.published_at or m.first_seen_at, m.id))
    cluster = session.get(Cluster, cluster_id)
    assert cluster is not None
    cluster.canonical_story_id = earliest.id


def detect(session: Session, stories: list[tuple[int, str]], now: datetime) -> int:
    """Index ``(story_id, body)`` pairs and cluster those that match an archived story.

    A story already in a cluster stays there (its signature is refreshed). Returns how many
    stories joined a cluster.
    """
    members = set(
        session.scalars(
            select(ClusterMember.story_id).where(
                ClusterMember.story_id.in_([story_id for story_id, _ in stories])
            )
        )
    )
    clustered = 0
    for story_id, body in stories:
        sig = signature(body)
        if story_id not in members:
            match = find_match(session, story_id, sig)
            if match is not None:
                join_cluster(session, story_id, match, now)
                clustered += 1
        index_story(session, story_id, sig)
    return clustered


def _int64(data: bytes) -> int:
    """A signed 64-bit hash of a band: fits BIGINT on every backend."""
    digest = hashlib.blake2b(data, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)
