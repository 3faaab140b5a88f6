"""The duplicate cases: one story under several addresses, one wire story on several pages.

On top of the content :func:`demosite.model.build` generates, with random sources of
their own (so the other articles stay exactly as they were):

- wire stories: an agency story carried by two or three articles, the later ones with another
  headline and a light edit of the body (a new opening sentence, an agency's closing line, a
  dropped paragraph);
- topic groups: distinct stories on one topic that share standard sentences (a background
  paragraph, an "approached for comment" line) and nothing else;
- variant links: READ MORE promos that point at a story's AMP page, related links that point at
  an old slug (which redirects) or at the legacy origin (which redirects);
- weeks: the same site one or more weeks later, with new stories, among them a new copy of an
  earlier wire story and a new member of an earlier topic group.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta
from typing import TYPE_CHECKING

from demosite import vocabulary as voc
from demosite.model import (
    SITE_NOW,
    SPREAD,
    Author,
    Block,
    SiteModel,
    TopicGroup,
    WireStory,
    add_promos,
    build,
    new_article,
    unique_slug,
    unique_title,
)
from demosite.text import Fragment, Prose, join, plain

if TYPE_CHECKING:
    from demosite.model import Article, Vocabulary

WEEK = timedelta(days=7)

# Wire copies must stay this close to every other copy of their story, distinct stories on one
# topic this far apart, in Jaccard similarity of 4-word shingles (the tests check 0.8 and 0.4).
# Any two stories of one section share ~0.1-0.25 through the sentence templates' fixed words.
WIRE_MIN_JACCARD = 0.85
TOPIC_MAX_JACCARD = 0.3

# Agencies as bylines, with the line each adds at the end of a copy.
WIRE_AGENCIES: tuple[tuple[str, str], ...] = (
    ("Reuters", "(Reporting by {a}; Editing by {b})"),
    ("AP", "Associated Press writer {a} contributed to this report."),
    ("AFP", "Additional reporting by {a} and {b} for AFP."),
    ("PA Media", "Reporting by {a}, PA Media; additional reporting by {b}."),
)

BACKGROUND = (
    "{Issue} has dominated the agenda in {place} for weeks, and {org} is now under growing "
    "pressure to respond.",
    "Last {month}, {org} warned that {issue} could lead to {event} if nothing was done.",
)
NO_COMMENT = "{Org} has been approached for comment but has yet to respond to the latest claims."


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    """The set of *size*-word shingles of *text*, lower-cased, punctuation dropped."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: str, b: str) -> float:
    first, second = shingles(a), shingles(b)
    return len(first & second) / max(1, len(first | second))


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(("demosite", str(seed), *map(str, parts))))


def _count(articles: int) -> int:
    """How many instances of each case a site of *articles* stories gets: two from 16
    stories on, more on big sites, and few on tiny ones, which stay mostly plain."""
    return min(max(2, articles // 30), articles // 8)


def _topic(article: Article, vocab: Vocabulary) -> int:
    return vocab.sections.index(article.section)


def _blocks(paragraphs: list[list[Fragment]]) -> list[Block]:
    return [Block("p", join(sentences)) for sentences in paragraphs]


def _set_body(article: Article, blocks: list[Block]) -> None:
    article.blocks = blocks
    article.description = blocks[0].content.text


def _retitle(article: Article, vocab: Vocabulary, prose: Prose) -> None:
    article.title = unique_title(prose, vocab.titles)
    article.slug = unique_slug(article.title, vocab.slugs)


# -- wire stories ------------------------------------------------------------------------------


def _wire_copy(
    story: WireStory, edit: str, rng: random.Random, prose: Prose
) -> list[list[Fragment]]:
    """The body of a later copy of *story*: the original with one light *edit*."""
    paragraphs = [list(sentences) for sentences in story.paragraphs]
    if edit == "first":
        paragraphs[0][0] = prose.sentence()
    elif edit == "drop":
        middle = range(2, len(paragraphs) - 1)
        shortest = min(middle, key=lambda i: len(join(paragraphs[i]).text))
        del paragraphs[shortest]
    else:
        template = dict(WIRE_AGENCIES)[story.agency.name]
        names = [f"{rng.choice(voc.FIRST_NAMES)} {rng.choice(voc.LAST_NAMES)}" for _ in "ab"]
        paragraphs.append([plain(template.format(a=names[0], b=names[1]))])
    return paragraphs


def _add_copy(
    site: SiteModel,
    vocab: Vocabulary,
    rng: random.Random,
    story: WireStory,
    index: int,
    edits: list[str],
    *,
    own_section: bool,
) -> None:
    """Make article *index* a later copy of *story*, with the first of *edits* that keeps it
    close to every other copy."""
    article = site.articles[index]
    topic = voc.TOPICS[story.topic]
    prose = Prose(rng, topic)
    _retitle(article, vocab, prose)
    others = [site.articles[m].body for m in story.members]
    best: tuple[float, list[Block]] | None = None
    for edit in [*edits, "closing"]:
        blocks = _blocks(_wire_copy(story, edit, rng, prose))
        candidate = "\n\n".join(" ".join(b.content.text.split()) for b in blocks)
        closest = min(jaccard(candidate, other) for other in others)
        if best is None or closest > best[0]:
            best = closest, blocks
        if closest >= WIRE_MIN_JACCARD:
            break
    assert best is not None
    _set_body(article, best[1])
    if not own_section:
        article.section = vocab.sections[story.topic]
    article.tags = [vocab.tags_by_name[n] for n in rng.sample(topic.tags, rng.randint(1, 3))]
    article.authors = [story.agency]
    article.cluster = story.key
    story.members.append(index)


def _agency(site: SiteModel, name: str) -> Author:
    """The agency as a WordPress user; not staff, so new stories never draw it as author."""
    author = Author(re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), name, agency=True)
    if author not in site.all_authors:
        site.all_authors.append(author)
    return author


def _add_wires(
    site: SiteModel, vocab: Vocabulary, rng: random.Random, free: list[int], count: int
) -> None:
    for number in range(count):
        size = 3 if number == 0 else 2
        originals = [i for i in free if len([j for j in free if i < j <= i + 20]) >= size - 1]
        if not originals:
            return
        first = rng.choice(originals[: max(1, len(originals) * 2 // 3)])
        later = [
            j
            for j in free
            if first < j <= first + 20
            and site.articles[j].published > site.articles[first].published
        ]
        if len(later) < size - 1:
            continue
        # Agencies' clients run the story soon after it moves: the next free slots.
        copies = later[: size - 1]
        original = site.articles[first]
        topic_index = _topic(original, vocab)
        prose = Prose(rng, voc.TOPICS[topic_index])
        paragraphs = [
            [prose.sentence() for _ in range(rng.choice((2, 2, 3)))]
            for _ in range(rng.randint(8, 10))
        ]
        agency = _agency(site, WIRE_AGENCIES[number % len(WIRE_AGENCIES)][0])
        story = WireStory(f"wire-{original.post_id}", topic_index, agency, paragraphs, [first])
        _set_body(original, _blocks(paragraphs))
        original.authors = [agency]
        original.cluster = story.key
        kinds = ("first", "closing", "drop")
        for n, index in enumerate(copies):
            edit = kinds[(number + n) % len(kinds)]
            _add_copy(site, vocab, rng, story, index, [edit], own_section=n == 1)
        for index in (first, *copies):
            free.remove(index)
        site.wires.append(story)


# -- distinct stories on one topic -------------------------------------------------------------


def _group_body(group: TopicGroup, rng: random.Random) -> list[Block]:
    prose = Prose(rng, voc.TOPICS[group.topic])
    paragraphs = [prose.paragraph() for _ in range(3)]
    paragraphs.append(group.shared[0])
    paragraphs += [prose.paragraph() for _ in range(rng.randint(4, 6))]
    paragraphs.append(group.shared[1])
    return [Block("p", p) for p in paragraphs]


def _add_member(site: SiteModel, rng: random.Random, group: TopicGroup, index: int) -> None:
    article = site.articles[index]
    others = [site.articles[m].body for m in group.members]
    for _ in range(10):
        blocks = _group_body(group, rng)
        candidate = "\n\n".join(" ".join(b.content.text.split()) for b in blocks)
        if all(jaccard(candidate, other) < TOPIC_MAX_JACCARD for other in others):
            break
    _set_body(article, blocks)
    article.topic_group = group.key
    group.members.append(index)


def _shared(rng: random.Random, topic: int) -> list[Fragment]:
    prose = Prose(rng, voc.TOPICS[topic])
    return [join([prose.fill(t) for t in BACKGROUND]), prose.fill(NO_COMMENT)]


def _add_topic_groups(
    site: SiteModel, vocab: Vocabulary, rng: random.Random, free: list[int], count: int
) -> None:
    for number in range(count):
        by_topic: dict[int, list[int]] = {}
        for i in free:
            by_topic.setdefault(_topic(site.articles[i], vocab), []).append(i)
        topics = sorted(t for t, members in by_topic.items() if len(members) >= 2)
        if not topics:
            return
        topic = rng.choice(topics)
        pair = sorted(rng.sample(by_topic[topic], 2))
        group = TopicGroup(f"topic-{number + 1}", topic, _shared(rng, topic), [])
        for index in pair:
            _add_member(site, rng, group, index)
            free.remove(index)
        site.topic_groups.append(group)


# -- links to other addresses of a story -------------------------------------------------------


def _add_variant_links(site: SiteModel, vocab: Vocabulary, rng: random.Random, count: int) -> None:
    promos = [(s, "read_more", t) for s, a in enumerate(site.articles) for t in a.read_more]
    related = [(s, "related", t) for s, a in enumerate(site.articles) for t in a.related]
    rng.shuffle(promos)
    rng.shuffle(related)

    def pick(candidates: list[tuple[int, str, int]], kind: str) -> list[int]:
        targets: list[int] = []
        for source, place, target in candidates:
            if len(targets) == count:
                break
            links = site.articles[source].variant_links
            if target in targets or (place, target) in links:
                continue
            links[place, target] = kind
            targets.append(target)
        return targets

    pick(promos, "amp")
    for target in pick(related, "old"):
        article = site.articles[target]
        draft = Prose(rng, voc.TOPICS[_topic(article, vocab)]).headline()
        article.old_slug = unique_slug(draft, vocab.slugs)
    pick(related, "legacy")


# -- the site a week later ---------------------------------------------------------------------


def _add_week(site: SiteModel, vocab: Vocabulary, seed: int, week: int, articles: int) -> None:
    rng = _rng(seed, "week", week)
    now = SITE_NOW + week * WEEK
    start = now - WEEK
    count = max(4, round(articles * WEEK / SPREAD))
    seconds = sorted(rng.randrange(1, int(WEEK.total_seconds())) for _ in range(count))
    first = len(site.articles)
    site.articles += [
        new_article(rng, vocab, first + n, start + timedelta(seconds=offset), now)
        for n, offset in enumerate(seconds)
    ]
    site.now = now
    new = list(range(first, len(site.articles)))
    chosen = rng.sample(new, 2)
    if site.wires:
        story = rng.choice(site.wires)
        _add_copy(site, vocab, rng, story, chosen[0], ["first"], own_section=False)
    if site.topic_groups:
        group = rng.choice(site.topic_groups)
        article = site.articles[chosen[1]]
        topic = voc.TOPICS[group.topic]
        _retitle(article, vocab, Prose(rng, topic))
        article.section = vocab.sections[group.topic]
        article.tags = [vocab.tags_by_name[n] for n in rng.sample(topic.tags, rng.randint(1, 3))]
        _add_member(site, rng, group, chosen[1])
    site.reindex()
    add_promos(site, rng, new)


def build_site(articles: int, seed: int, week: int = 0) -> SiteModel:
    """The site of *articles* stories from *seed* with the duplicate cases, *week* weeks on."""
    if week < 0:
        raise ValueError("week must be 0 (the site as generated) or more")
    site, vocab = build(articles, seed)
    rng = _rng(seed, "duplicates")
    count = _count(articles)
    free = list(range(len(site.articles)))
    _add_wires(site, vocab, rng, free, count)
    _add_topic_groups(site, vocab, rng, free, count)
    site.reindex()
    _add_variant_links(site, vocab, rng, count)
    site.reindex()
    for number in range(1, week + 1):
        _add_week(site, vocab, seed, number, articles)
    site.reindex()
    return site
