"""A deterministic generator of wire-copy style prose: sentences, paragraphs, headlines.

Every piece of copy is produced twice at once, as plain text (the ground truth an extractor should
recover) and as HTML (what the page serves, with inline links, emphasis and WordPress-style
entities). Generating both together keeps them in step by construction.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from string import Formatter
from typing import TYPE_CHECKING

from demosite import vocabulary as voc

if TYPE_CHECKING:
    import random
    from collections.abc import Callable

MIN_WORDS = 12
MAX_WORDS = 30

# WordPress's wptexturize() serves typographic characters as numeric entities; the text an
# extractor sees after parsing is the character itself.
_ENTITIES = {"’": "&#8217;", "‘": "&#8216;", "“": "&#8220;", "”": "&#8221;", "–": "&#8211;"}


def escape_text(text: str) -> str:
    """Escape *text* for HTML element content, the way WordPress serves post content."""
    escaped = html.escape(text, quote=False)
    for char, entity in _ENTITIES.items():
        escaped = escaped.replace(char, entity)
    return escaped


@dataclass(frozen=True)
class Fragment:
    """A piece of copy as plain text and as the equivalent HTML."""

    text: str
    html: str

    def __add__(self, other: Fragment) -> Fragment:
        return Fragment(self.text + other.text, self.html + other.html)

    def rstrip_period(self, replacement: str) -> Fragment:
        if self.text.endswith(".") and self.html.endswith("."):
            return Fragment(self.text[:-1] + replacement, self.html[:-1] + replacement)
        return self


def plain(text: str) -> Fragment:
    return Fragment(text, escape_text(text))


def join(fragments: list[Fragment], sep: str = " ") -> Fragment:
    return Fragment(
        sep.join(f.text for f in fragments), escape_text(sep).join(f.html for f in fragments)
    )


def slugify(text: str) -> str:
    """The WordPress-like slug of *text*: lower case ASCII words joined by hyphens."""
    text = text.replace("’", "").replace("'", "").replace("&", " ")
    words = re.findall(r"[a-z0-9]+", text.lower().encode("ascii", "ignore").decode())
    return "-".join(words)


@dataclass
class Person:
    first: str
    last: str
    role: str
    mentioned: bool = False

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _capitalise(text: str) -> str:
    """Upper-case the first letter, past any opening quote mark."""
    for i, char in enumerate(text):
        if char.isalnum():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


@dataclass
class Prose:
    """Copy for one article: a topic, a small cast of people, and a random source.

    People are introduced with their full name and role on first mention and by surname after,
    as wire copy does.
    """

    rng: random.Random
    topic: voc.Topic
    cast: list[Person] = field(default_factory=list)
    _unused: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.cast:
            for _ in range(self.rng.randint(2, 3)):
                self.cast.append(
                    Person(
                        self.rng.choice(voc.FIRST_NAMES),
                        self.rng.choice(voc.LAST_NAMES),
                        self.rng.choice(self.topic.roles),
                    )
                )
        self._slots: dict[str, Callable[[], Fragment]] = {
            "person": self._person,
            "org": self._org,
            "Org": lambda: self._capital(self._org()),
            "org_short": lambda: plain(self._strip_article(self.rng.choice(self.topic.orgs))),
            "issue": lambda: plain(self.rng.choice(self.topic.issues)),
            "Issue": lambda: plain(_capitalise(self.rng.choice(self.topic.issues))),
            "place": lambda: plain(self.rng.choice(self.topic.places)),
            "event": lambda: plain(self.rng.choice(self.topic.events)),
            "weekday": lambda: plain(self.rng.choice(voc.WEEKDAYS)),
            "month": lambda: plain(self.rng.choice(voc.MONTHS)),
            "number": self._number,
            "count": lambda: plain(str(self.rng.randint(3, 19))),
            "percent": lambda: plain(f"{self.rng.randint(1, 19)}.{self.rng.randint(1, 9)}"),
            "money": self._money,
            "publication": self._publication,
            "agency": lambda: plain(self.rng.choice(voc.AGENCIES)),
            "claim": self._claim,
            "quote": self._quote,
            # A quote followed by its attribution ends in a comma: “We will,” she said.
            "quote_clause": lambda: self._quote().rstrip_period(","),
            "adjective": lambda: plain(self.rng.choice(voc.ADJECTIVES)),
            "metric": lambda: plain(self.rng.choice(voc.METRICS)),
            "units": lambda: plain(self.rng.choice(voc.UNITS)),
            "state": lambda: plain(self.rng.choice(voc.STATES)),
            "action": lambda: plain(self.rng.choice(voc.ACTIONS)),
            "years": lambda: plain(self.rng.choice(("two", "three", "five", "ten"))),
        }

    # -- slot fillers -----------------------------------------------------------------------

    def _person(self) -> Fragment:
        person = self.rng.choice(self.cast)
        if person.mentioned:
            return plain(person.last)
        person.mentioned = True
        return plain(f"{person.name}, {person.role},")

    @staticmethod
    def _strip_article(org: str) -> str:
        return org[4:] if org.startswith("the ") else org

    @staticmethod
    def _capital(fragment: Fragment) -> Fragment:
        return Fragment(_capitalise(fragment.text), _capitalise_html(fragment.html))

    def _org(self) -> Fragment:
        org = self.rng.choice(self.topic.orgs)
        if self.rng.random() < 0.12:
            # An inline link around the organisation, as editors add to official sites.
            name = self._strip_article(org)
            prefix = org[: len(org) - len(name)]
            href = f"https://www.{slugify(name).replace('-', '')}.example/"
            link = f'<a href="{html.escape(href)}">{escape_text(name)}</a>'
            return Fragment(org, escape_text(prefix) + link)
        return plain(org)

    def _publication(self) -> Fragment:
        name = self.rng.choice(voc.PUBLICATIONS)
        if name.startswith("the "):
            return Fragment(name, f"the <em>{escape_text(name[4:])}</em>")
        return Fragment(name, f"<em>{escape_text(name)}</em>")

    def _number(self) -> Fragment:
        kind = self.rng.random()
        if kind < 0.4:
            return plain(f"{self.rng.randint(2, 99)},{self.rng.randint(0, 999):03d}")
        if kind < 0.7:
            return plain(f"{self.rng.randint(2, 40)} million")
        return plain(str(self.rng.randint(12, 950)))

    def _money(self) -> Fragment:
        amount = self.rng.choice(("£", "$", "€")) + str(self.rng.randint(2, 90))
        return plain(amount + self.rng.choice(("m", " million", " billion", "bn")))

    def _claim(self) -> Fragment:
        return self.fill(self.rng.choice(voc.CLAIMS))

    def _quote(self) -> Fragment:
        return self.fill(self.rng.choice(voc.QUOTES))

    # -- templates --------------------------------------------------------------------------

    def fill(self, template: str) -> Fragment:
        """Fill the ``{slot}`` fields of *template*; literal text is escaped."""
        parts: list[Fragment] = []
        for literal, name, _spec, _conv in Formatter().parse(template):
            if literal:
                parts.append(plain(literal))
            if name is not None:
                parts.append(self._slots[name]())
        return join(parts, sep="")

    def sentence(self) -> Fragment:
        """One sentence of 12 to 30 words."""
        for _ in range(50):
            # Draw templates without replacement, so one story does not repeat itself.
            if not self._unused:
                self._unused = list(SENTENCES)
            template = self._unused.pop(self.rng.randrange(len(self._unused)))
            made = self._capital(self.fill(template))
            if MIN_WORDS <= len(made.text.split()) <= MAX_WORDS:
                return made
        return made  # pragma: no cover - the templates are sized to fit

    def paragraph(self) -> Fragment:
        """One to four sentences, mostly one or two, as in wire copy."""
        count = self.rng.choices((1, 2, 3, 4), weights=(4, 4, 2, 1))[0]
        return join([self.sentence() for _ in range(count)])

    def headline(self) -> str:
        return _capitalise(self.fill(self.rng.choice(HEADLINES)).text)

    def subheading(self) -> str:
        return self.fill(self.rng.choice(voc.SUBHEADINGS)).text

    def caption(self) -> str:
        return self.fill(self.rng.choice(voc.FIGURE_CAPTIONS)).text


def _capitalise_html(markup: str) -> str:
    """Capitalise the first character of text in *markup*, skipping a leading tag."""
    if markup.startswith("<"):
        end = markup.index(">") + 1
        return markup[:end] + _capitalise(markup[end:])
    return _capitalise(markup)


SENTENCES: tuple[str, ...] = (
    "{person} said {issue} had left {number} {units} {state} across {place}.",
    "According to {agency}, at least {number} {units} have been affected since {month}, "
    "with more expected by the end of the year.",
    "{Org} said in a statement on {weekday} that it would {action} {issue} “as a matter of "
    "urgency”.",
    "“{quote_clause}” {person} told {publication}.",
    "“{quote}”",
    "The figures, published by {org} on {weekday}, show {metric} rose by {percent} per cent "
    "in the year to {month}.",
    "{place} has faced mounting pressure over {issue}, with critics arguing that {claim}.",
    "Speaking at an event in {place}, {person} warned that {claim}.",
    "Officials in {place} declined to comment on the report, saying only that {claim}.",
    "It comes after {org} announced plans to {action} {issue}, a move described by one insider "
    "as {adjective}.",
    "Around {number} people gathered in {place} on {weekday} to protest against {issue}, "
    "according to local reports.",
    "The decision is expected to cost around {money} over the next {years} years, according to "
    "estimates seen by {publication}.",
    "{person} wrote on Twitter: “{quote}”",
    "{Issue} has dominated the agenda in {place} for weeks, and {org} is now under growing "
    "pressure to respond.",
    "A survey of {number} {units} by {org} found that {percent} per cent believed {claim}.",
    "{person} added that {claim}, but stopped short of calling for {event}.",
    "The row over {issue} is the latest in a series of setbacks for {org}, which has faced "
    "{count} separate investigations this year.",
    "Sources close to {org} told {publication} that {claim}.",
    "{Org} has been approached for comment but has yet to respond to the latest claims.",
    "Last {month}, {org} warned that {issue} could lead to {event} if nothing was done.",
    "{person} said: “{quote}”",
    "In {place} alone, {number} {units} were affected, nearly double the figure recorded in "
    "{month}.",
)

HEADLINES: tuple[str, ...] = (
    "{Org} warns of {issue} as {place} braces for {event}",
    "{Issue}: {count} things we know so far after {event} in {place}",
    "{Issue} fears grow as {org} prepares to {action} plans",
    "Inside the race to tackle {issue} in {place}",
    "{event} in {place} sparks fresh row over {issue}",
    "‘{adjective}’: anger in {place} as {org} responds to {issue}",
    "{Org} under fire over {issue} after {event}",
    "{count} {units} {state} after {event} hits {place}",
    "Why {issue} could change everything for {place}",
)
