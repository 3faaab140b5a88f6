"""The "publisher" build: a large national publisher's site, *The National Ledger*.

Modelled on the layout of the big British national titles: HTML5 pages with a JSON-LD
``NewsArticle`` (a top-level array, dates with their offset, a list of ``Person`` authors),
OpenGraph and canonical links, addresses such as ``/world/2024/mar/12/slug``, section fronts
paged with ``?page=2``, tag pages (``/environment/climate-crisis``, ``/tone/explainers``) and
contributor pages (``/profile/name``). An article's body carries the furniture such sites put in
it: image captions with credits, a newsletter promotion between paragraphs ("after newsletter
promotion"), a "Related:" line, and after it a reader-donation appeal, the "Explore more on
these topics" block (where the tags are), share buttons, a comment count and the onward rails
("More from this section", "Most viewed"). The standfirst, the summary under the headline,
has its own element and is not part of the body.

Besides articles: one live blog (a ``LiveBlogPosting`` whose body is its updates, with "Key
events" and a page of them only at ``?filterKeyEvents=true``, canonical to the blog), one story
that moved from ``/uk-news/`` to ``/politics/`` (its old address answers ``301``; an older day
archive and an older story still link it), bylines of several people, an agency's and a
"staff and agencies" one, and the footer's about, help, contact, privacy, terms, newsletters
and support pages. RSS feeds per front and a Google News sitemap (in robots.txt), as such
sites have. Times are Europe/London's, GMT then BST from 31 March 2024.

Every page comes from the data in this module, and so does :meth:`Build.ground_truth`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from demosite.builds import Page, SiteTruth, StaticBuild, TruthStory

TIMEZONE = "Europe/London"
ZONE = ZoneInfo(TIMEZONE)
SITE_NAME = "The National Ledger"
MEDIA = "https://media.nationalledger.example/images"
#: Stories per page of a front, tag, archive or contributor page (20 on the real thing; the
#: build is small, and its listings must still run to a second page).
PAGE_SIZE = 3
HTML = "text/html; charset=UTF-8"


def _london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


# --- The content --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    role: str
    bio: str


@dataclass(frozen=True)
class Topic:
    path: str  # the tag page, e.g. "/environment/climate-crisis"
    name: str
    description: str


@dataclass(frozen=True)
class Figure:
    """A picture with its caption and credit; never part of a story's text."""

    file: str
    caption: str
    credit: str


@dataclass(frozen=True)
class Related:
    """A "Related:" line in a story's body, to another story."""

    slug: str
    old_address: bool = False  # linked before that story moved, by the address it had then


#: A body block: a paragraph ("[text](target)" marks a link; a target is "/path", a full URL
#: or "@slug" for a story), a subheading ("## ..."), a picture or a related-story line.
Block = str | Figure | Related


@dataclass(frozen=True)
class Update:
    """One post of a live blog."""

    time: datetime
    heading: str | None
    paragraphs: tuple[str, ...]
    key_event: bool = False
    figure: Figure | None = None

    @property
    def block_id(self) -> str:
        return f"block-{self.time:%m%d%H%M}"


@dataclass(frozen=True)
class Story:
    section: str
    published: datetime
    slug: str
    headline: str
    standfirst: str
    byline: str  # "{profile-slug}" marks a person: "{a} and {b} in Brussels"
    topics: tuple[str, ...]  # tag page paths, in the order the topics block shows them
    image: Figure
    body: tuple[Block, ...] = ()
    updates: tuple[Update, ...] = ()  # a live blog's, newest first
    modified: datetime | None = None
    tone: str | None = None  # a tone tag ("/tone/explainers"), shown as the kicker
    comments: int | None = None
    moved_from: str | None = None  # the section the story was first published in

    @property
    def live(self) -> bool:
        return bool(self.updates)

    def path(self, section: str | None = None) -> str:
        day = self.published
        live = "/live" if self.live else ""
        date = f"{day.year}/{day.strftime('%b').lower()}/{day.day:02d}"
        return f"/{section or self.section}{live}/{date}/{self.slug}"

    @property
    def last_modified(self) -> datetime:
        if self.updates:
            return self.updates[0].time
        return self.modified or self.published


SECTIONS = {
    "world": "World news",
    "uk-news": "UK news",
    "politics": "Politics",
    "business": "Business",
    "environment": "Environment",
}

SECTION_DESCRIPTIONS = {
    "world": "Latest news, analysis and reporting from our correspondents around the world",
    "uk-news": "News from around the UK: weather, transport, crime, communities",
    "politics": "Westminster and beyond: politics news, analysis and comment",
    "business": "The economy, markets, companies and the people who run them",
    "environment": "Climate, wildlife, pollution and the energy transition",
}

PEOPLE = {
    person.slug: person
    for person in (
        Person(
            "helena-marsh",
            "Helena Marsh",
            "Brussels bureau chief",
            "Helena Marsh is the National Ledger’s Brussels bureau chief. She previously "
            "reported on European politics from Paris and Berlin.",
        ),
        Person(
            "tomasz-wojcik",
            "Tomasz Wójcik",
            "Europe correspondent",
            "Tomasz Wójcik covers the European Union, migration and central Europe.",
        ),
        Person(
            "wanjiru-kamau",
            "Wanjiru Kamau",
            "East Africa correspondent",
            "Wanjiru Kamau is the National Ledger’s East Africa correspondent, based in Nairobi.",
        ),
        Person(
            "liam-gorman",
            "Liam Gorman",
            "Australia correspondent",
            "Liam Gorman reports for the National Ledger from Sydney.",
        ),
        Person(
            "dominic-ashby",
            "Dominic Ashby",
            "Social affairs correspondent",
            "Dominic Ashby writes about housing, welfare and local government.",
        ),
        Person(
            "joe-whitlock",
            "Joe Whitlock",
            "Political correspondent",
            "Joe Whitlock is a political correspondent in the National Ledger’s Westminster team.",
        ),
        Person(
            "priya-natarajan",
            "Priya Natarajan",
            "Economics editor",
            "Priya Natarajan is the National Ledger’s economics editor.",
        ),
        Person(
            "owen-fairley",
            "Owen Fairley",
            "Energy correspondent",
            "Owen Fairley covers the energy industry, utilities and household bills.",
        ),
        Person(
            "ellie-brandt",
            "Ellie Brandt",
            "Retail correspondent",
            "Ellie Brandt writes about shops, shopping and the high street.",
        ),
        Person(
            "sandra-okafor",
            "Sandra Okafor",
            "Environment correspondent",
            "Sandra Okafor covers water, pollution and the climate crisis.",
        ),
        Person(
            "matthew-greenhalgh",
            "Matthew Greenhalgh",
            "Science correspondent",
            "Matthew Greenhalgh writes about climate science, space and physics.",
        ),
        Person(
            "ruth-kavanagh",
            "Ruth Kavanagh",
            "News reporter",
            "Ruth Kavanagh is a reporter on the National Ledger’s live news desk.",
        ),
        Person(
            "sam-ellery",
            "Sam Ellery",
            "News reporter",
            "Sam Ellery is a reporter on the National Ledger’s live news desk.",
        ),
    )
}

TOPICS = {
    topic.path: topic
    for topic in (
        Topic("/world/eu", "European Union", "News and analysis about the European Union"),
        Topic("/world/europe-news", "Europe", "News from across Europe"),
        Topic("/environment/fishing", "Fishing industry", "Fishing, fleets and fish stocks"),
        Topic("/world/portugal", "Portugal", "News from Portugal"),
        Topic("/environment/flooding", "Flooding", "Floods, flood defences and their victims"),
        Topic("/world/extreme-weather", "Extreme weather", "Storms, heatwaves, floods, drought"),
        Topic("/travel/travel", "Travel", "Travel news, advice and ideas"),
        Topic("/world/kenya", "Kenya", "News from Kenya"),
        Topic("/world/africa", "Africa", "News from across Africa"),
        Topic("/technology/automation", "Automation", "Machines, robots and the future of work"),
        Topic("/australia-news/queensland", "Queensland", "News from Queensland"),
        Topic("/australia-news/australia-news", "Australia news", "News from Australia"),
        Topic("/society/housing", "Housing", "Housing policy, homelessness and renting"),
        Topic("/society/local-government", "Local government", "Councils and their money"),
        Topic("/society/homelessness", "Homelessness", "Homelessness in the UK"),
        Topic("/money/leasehold", "Leasehold", "Leasehold, ground rent and service charges"),
        Topic("/politics/house-of-commons", "House of Commons", "The Commons and its MPs"),
        Topic("/politics/by-elections", "By-elections", "By-elections across the UK"),
        Topic("/business/interest-rates", "Interest rates", "Interest rates and borrowing"),
        Topic("/business/inflation", "Inflation", "Prices and the cost of living"),
        Topic("/business/bankofengland", "Bank of England", "The Bank of England"),
        Topic("/business/economics", "Economics", "Economic news and analysis"),
        Topic("/business/energy-industry", "Energy industry", "Gas, electricity, suppliers"),
        Topic("/money/energy-bills", "Energy bills", "Household energy bills"),
        Topic(
            "/business/cost-of-living-crisis",
            "Cost of living crisis",
            "Rising prices and household finances",
        ),
        Topic("/business/retail", "Retail industry", "Shops, shopping and retailers"),
        Topic("/business/high-streets", "High streets", "The state of Britain’s high streets"),
        Topic("/environment/water", "Water", "Water companies, supply and pollution"),
        Topic("/environment/pollution", "Pollution", "Air, water and soil pollution"),
        Topic("/environment/rivers", "Rivers", "Rivers and their health"),
        Topic("/environment/climate-crisis", "Climate crisis", "The climate emergency"),
        Topic("/science/science", "Science", "Science news"),
        Topic("/uk-news/weather", "UK weather", "Weather news from around the UK"),
        Topic("/uk-news/rail-transport", "Rail transport", "Railways, trains and passengers"),
        Topic("/tone/explainers", "Explainers", "Our explainers: the background to the news"),
    )
}

_FIRST_EDITION = (
    "First Edition",
    "Our morning email breaks down the key stories of the day, telling you what’s happening "
    "and why it matters",
)
NEWSLETTERS = {
    "first-edition": _FIRST_EDITION,
    "business-today": (
        "Business Today",
        "Get set for the working day – we’ll point you to all the business news and analysis "
        "you need every morning",
    ),
    "down-to-earth": (
        "Down to Earth",
        "The planet’s most important stories. Get all the week’s environment news – the "
        "good, the bad and the essential",
    ),
}
SECTION_NEWSLETTER = {"business": "business-today", "environment": "down-to-earth"}

STORIES: tuple[Story, ...] = (
    Story(
        section="world",
        published=_london(2024, 3, 12, 6, 0),
        modified=_london(2024, 3, 12, 9, 41),
        slug="eu-ministers-late-night-deal-north-sea-fishing-quotas",
        headline="EU ministers strike late-night deal on North Sea fishing quotas",
        standfirst="Agreement cuts cod catches by 12% but spares herring fleets after 19 "
        "hours of talks in Brussels",
        byline="{helena-marsh} and {tomasz-wojcik} in Brussels",
        topics=("/world/eu", "/environment/fishing", "/world/europe-news"),
        comments=214,
        image=Figure(
            "2024/03/12/fishing-fleet.jpg",
            "Fishing boats in the harbour at Urk, in the Netherlands.",
            "Photograph: Koen van Weel/ANP/AFP/Getty Images",
        ),
        body=(
            "European fisheries ministers agreed new catch limits for the North Sea in the "
            "early hours of Tuesday, ending a marathon negotiation that had threatened to "
            "spill into a second week and leave fleets from Denmark to Brittany without "
            "quotas for the spring season.",
            "The deal, struck shortly before 3am after 19 hours of talks, cuts the permitted "
            "catch of North Sea cod by 12% and of whiting by 8%, while leaving herring and "
            "mackerel quotas broadly unchanged. Scientists advising the European Commission "
            "had called for cod catches to fall by almost a third.",
            "“Nobody leaves this room entirely happy, which is usually the sign of a fair "
            "compromise,” said Belgium’s fisheries minister, who chaired the talks. “We have "
            "protected the stocks that need protecting and we have protected the livelihoods "
            "of the people who depend on them.”",
            "Environmental groups were less generous. A lawyer for the Marine Futures "
            "Network said ministers had “once again set limits above the scientific advice” "
            "and warned that the commission could face legal action if the cod quota "
            "breached the bloc’s own rules on sustainable fishing.",
            Figure(
                "2024/03/12/hirtshals.jpg",
                "Trawlers moored at Hirtshals, Denmark. The Danish fleet had warned of "
                "layoffs without a deal.",
                "Photograph: Mads Lund/Ritzau Scanpix",
            ),
            "The negotiations were complicated by the need to coordinate with the UK and "
            "Norway, which share the North Sea stocks and set their own catch limits in "
            "parallel talks. British officials said they would study the EU figures before "
            "confirming the UK’s position later this week.",
            "Denmark and the Netherlands had pushed hardest against deeper cuts, arguing that "
            "their fleets had already shrunk by a fifth since 2020 and that further "
            "reductions would force vessels to be scrapped. France secured a separate "
            "arrangement for small inshore boats that fish within 12 nautical miles of its "
            "coast.",
            "Under the agreement, the commission will review the cod quota in September if "
            "new survey data shows the stock recovering faster than expected – a clause "
            "diplomats described as the key that unlocked the deal.",
            "The ministers also agreed to fund a €40m scheme to help fishing communities "
            "switch to more selective nets, which allow young fish to escape. Applications "
            "will open in June.",
        ),
    ),
    Story(
        section="world",
        published=_london(2024, 3, 13, 14, 20),
        slug="floods-cut-off-villages-northern-portugal-record-rainfall",
        headline="Floods cut off dozens of villages in northern Portugal after record rainfall",
        standfirst="Hundreds evacuated in the Minho region as rivers burst their banks",
        byline="Agence France-Presse",
        topics=(
            "/world/portugal",
            "/environment/flooding",
            "/world/extreme-weather",
            "/world/europe-news",
        ),
        image=Figure(
            "2024/03/13/minho-floods.jpg",
            "A flooded street in Ponte de Lima on Wednesday.",
            "Photograph: Miguel Riopa/AFP/Getty Images",
        ),
        body=(
            "Dozens of villages in northern Portugal were cut off on Wednesday after three "
            "days of torrential rain caused rivers to burst their banks, the country’s civil "
            "protection agency said.",
            "More than 600 people were evacuated from their homes in the Minho region, near "
            "the border with Spain, where some areas recorded more rain in 72 hours than they "
            "usually receive in a month. No deaths have been reported, but two people were "
            "treated in hospital after their car was swept off a road near Ponte de Lima.",
            "Portugal’s weather service has kept an orange warning in place for the districts "
            "of Viana do Castelo and Braga until Thursday evening, with a further 80mm of "
            "rain forecast.",
        ),
    ),
    Story(
        section="world",
        published=_london(2024, 3, 8, 11, 30),
        slug="eu-entry-exit-system-explained-travellers-border-checks",
        headline="What is the EU’s new entry-exit system and how will it affect travellers?",
        standfirst="Biometric checks at the Schengen area’s borders are due to start this "
        "autumn. Here is what British visitors need to know",
        byline="{tomasz-wojcik}",
        topics=("/world/eu", "/travel/travel", "/world/europe-news"),
        tone="/tone/explainers",
        comments=96,
        image=Figure(
            "2024/03/08/passport-control.jpg",
            "Passengers queue at passport control at a Channel port.",
            "Photograph: Gareth Fuller/PA",
        ),
        body=(
            "## What is the entry-exit system?",
            "The entry-exit system, known as EES, is a digital register that will replace "
            "the stamping of passports at the external borders of the Schengen area. Instead "
            "of an officer inking a date into a passport, travellers from outside the EU will "
            "have their fingerprints and a facial image recorded the first time they cross, "
            "along with their name and passport details.",
            "On later trips, the system will check those records automatically and "
            "calculate how long a visitor has spent in the zone. Non-EU nationals, including "
            "British citizens, may stay for up to 90 days in any 180-day period without a "
            "visa.",
            "## When does it start?",
            "The European Commission has said the system should begin operating in the "
            "autumn, after several delays caused by problems with the IT systems of member "
            "states. Officials in Brussels have declined to give a firm date, and diplomats "
            "say a phased introduction over several months is increasingly likely.",
            "## What will change at the border?",
            "For most travellers, the first crossing after the launch will take longer, "
            "because their biometric data has to be captured. Ports and railway terminals "
            "where French border checks take place on British soil, such as Dover and St "
            "Pancras, have warned of queues at peak times and are installing kiosks so that "
            "passengers can register before they reach a border officer.",
            "Children under 12 will not have to give fingerprints, but their photographs "
            "will be taken. People who already hold residence permits in an EU country will "
            "be exempt.",
            "## Will I need to pay anything?",
            "Not for EES itself. A separate scheme, the European travel information and "
            "authorisation system, or Etias, will require visitors to apply online and pay a "
            "€7 fee before travelling, but it will not begin until at least six months after "
            "EES is running. The commission publishes its timetable on the [Etias "
            "website](https://travel-europe.europa.eu/etias_en).",
        ),
    ),
    Story(
        section="world",
        published=_london(2024, 3, 5, 9, 15),
        slug="kenya-tea-pickers-fear-for-jobs-estates-turn-to-machines",
        headline="Kenya’s tea pickers fear for their jobs as estates turn to machines",
        standfirst="Plantation owners in Kericho say mechanical harvesters are the only way to "
        "compete, but unions warn of 30,000 lost livelihoods",
        byline="{wanjiru-kamau} in Kericho",
        topics=("/world/kenya", "/world/africa", "/technology/automation"),
        comments=87,
        image=Figure(
            "2024/03/05/kericho-pickers.jpg",
            "Tea pickers at work on an estate near Kericho.",
            "Photograph: Brian Otieno/The National Ledger",
        ),
        body=(
            "On the green hills around Kericho, in Kenya’s western highlands, Mercy Chebet "
            "has picked tea by hand for 22 years. She can fill a 15kg basket in under two "
            "hours, plucking only the top two leaves and a bud, the way the estate managers "
            "taught her when she was 19.",
            "“Now they tell us the machine does the work of 100 women,” she said, pointing "
            "across the valley to a tractor-drawn harvester moving slowly between the rows. "
            "“Where will the 100 women go?”",
            "Large estates in the region, most of them owned by multinational companies, "
            "have been replacing pickers with machines for a decade, but the pace has "
            "quickened since 2022, when a fall in global tea prices squeezed their margins. "
            "Industry figures suggest that about 60% of the crop on the biggest plantations "
            "is now harvested mechanically.",
            Figure(
                "2024/03/05/harvester.jpg",
                "A mechanical harvester on an estate near Kericho. Each machine can replace "
                "dozens of pickers.",
                "Photograph: Brian Otieno/The National Ledger",
            ),
            "Managers say they have little choice. Kenyan tea competes with cheaper leaf "
            "from India and Sri Lanka, and labour accounts for more than half of the cost of "
            "production on a hand-picked estate. “If we do not mechanise, we close, and then "
            "everybody loses their job, not just the pickers,” said the general manager of "
            "one plantation, who asked not to be named.",
            "The plantation workers’ union estimates that 30,000 jobs have been lost in the "
            "sector since 2015 and says the government should tax the machines to fund "
            "retraining. Attempts by county authorities to limit their use have been "
            "overturned in the courts.",
            "Some smallholders, who grow most of Kenya’s tea on plots of a few acres, see an "
            "opportunity. Cooperatives in Nandi and Bomet counties are hiring out handheld "
            "shears and training former estate workers to use them, promising higher wages "
            "for faster picking.",
            "For Chebet, who supports three children and her elderly mother, retraining "
            "sounds like a distant promise. “I know tea,” she said. “I do not know anything "
            "else.”",
        ),
    ),
    Story(
        section="world",
        # Past midnight in London: 1 April in UTC, 2 April on the site.
        published=_london(2024, 4, 2, 0, 40),
        modified=_london(2024, 4, 2, 2, 15),
        slug="queensland-orders-evacuations-cyclone-nears-coast",
        headline="Queensland orders evacuations as cyclone nears coast",
        standfirst="Residents of low-lying towns between Cairns and Cooktown told to leave "
        "before Tropical Cyclone Mirri makes landfall",
        byline="{liam-gorman} and agencies",
        topics=(
            "/australia-news/queensland",
            "/australia-news/australia-news",
            "/world/extreme-weather",
        ),
        image=Figure(
            "2024/04/02/cairns-esplanade.jpg",
            "Waves break over the esplanade in Cairns as the cyclone approaches.",
            "Photograph: Brian Cassey/AAP",
        ),
        body=(
            "Authorities in Queensland have ordered the evacuation of several low-lying "
            "coastal communities north of Cairns as Tropical Cyclone Mirri strengthened to a "
            "category three system and tracked towards the far north of the state.",
            "The Bureau of Meteorology said the cyclone was expected to cross the coast "
            "between Port Douglas and Cooktown on Tuesday evening local time, bringing "
            "destructive winds with gusts of up to 200km/h, heavy rain and a dangerous storm "
            "tide.",
            "The state’s premier urged residents in evacuation zones to leave while roads "
            "remained open. “If you are told to go, go now,” she told reporters in Brisbane. "
            "“Do not wait to see how bad it gets.”",
            "Evacuation centres have opened in Cairns and Mareeba, and the defence force has "
            "moved helicopters and supplies to the region. Schools in the warning area will "
            "be closed on Wednesday.",
            "Forecasters warned that flooding could continue for days after landfall, as the "
            "remnants of the system move inland over catchments already saturated by a wet "
            "summer. Parts of the region were cut off for more than a week in December after "
            "record rainfall from a previous cyclone.",
        ),
    ),
    Story(
        section="politics",
        moved_from="uk-news",
        published=_london(2024, 3, 10, 8, 0),
        modified=_london(2024, 3, 11, 10, 20),
        slug="councils-warn-cliff-edge-temporary-accommodation-costs-soar",
        headline="Councils warn of ‘cliff edge’ as temporary accommodation costs soar",
        standfirst="Spending on emergency housing for homeless families in England has "
        "doubled in five years, leaving some authorities close to effective bankruptcy",
        byline="{dominic-ashby}",
        topics=("/society/housing", "/society/local-government", "/society/homelessness"),
        comments=503,
        image=Figure(
            "2024/03/10/temporary-housing.jpg",
            "A converted office block in Essex used as temporary accommodation.",
            "Photograph: Sarah Lee/The National Ledger",
        ),
        body=(
            "Councils in England spent £2.1bn on temporary accommodation for homeless "
            "households last year, double the figure of five years ago, according to an "
            "analysis that local government leaders say shows the system is approaching a "
            "“cliff edge”.",
            "The figures, compiled by a network of district councils from official returns, "
            "show that more than 112,000 households, including 145,000 children, were living "
            "in temporary accommodation at the end of September. Many are housed in bed and "
            "breakfasts or converted office blocks far from their schools and jobs.",
            "Because the housing benefit councils can claim back is capped at 2011 rent "
            "levels, authorities must cover the gap from their own budgets. In some coastal "
            "and commuter-belt districts, the shortfall now exceeds the entire amount raised "
            "in council tax for other services.",
            "“We are being asked to run an emergency service on a budget set for a different "
            "decade,” said the leader of one Kent council, which expects to spend a third of "
            "its net budget on temporary housing this year. “Without a change in the subsidy "
            "rules, several councils will have to issue section 114 notices.”",
            "## Calls for reform",
            "Housing charities said the figures reflected a long-term shortage of social "
            "homes rather than a sudden crisis. Fewer than 10,000 homes for social rent were "
            "built in England last year, compared with more than 30,000 a year in the early "
            "1990s.",
            "The government said it had provided an extra £220m for homelessness prevention "
            "and that councils should make full use of it. Opposition MPs said they would "
            "press ministers in the Commons this week to lift the subsidy cap, a change that "
            "would cost an estimated £300m a year.",
        ),
    ),
    Story(
        section="politics",
        published=_london(2024, 3, 11, 17, 45),
        slug="ministers-consult-leasehold-ground-rent-cap-backbench-pressure",
        headline="Ministers to consult on ground rent cap after backbench pressure",
        standfirst="Leaseholders could see annual charges limited to £250 under plans put "
        "forward by the housing secretary",
        byline="{joe-whitlock} and {dominic-ashby}",
        topics=("/society/housing", "/money/leasehold", "/politics/house-of-commons"),
        comments=341,
        image=Figure(
            "2024/03/11/flats.jpg",
            "A block of leasehold flats in south London.",
            "Photograph: Andy Hall/The National Ledger",
        ),
        body=(
            "Ministers will consult on capping ground rents for existing leaseholders in "
            "England at £250 a year, the housing secretary announced on Monday, after more "
            "than 40 backbench MPs threatened to rebel over the government’s leasehold "
            "reform bill.",
            Related("councils-warn-cliff-edge-temporary-accommodation-costs-soar", True),
            "Ground rents on new leases were effectively abolished in 2022, but about 5m "
            "existing leaseholders still pay them, and some contracts allow the charge to "
            "double every 10 or 15 years. Campaigners say the clauses have left thousands of "
            "flat owners unable to sell or remortgage.",
            "The housing secretary told the Commons that a cap was “the fair and "
            "proportionate way forward” and that the consultation would close in May. "
            "Freeholders’ representatives said a cap would amount to the confiscation of "
            "property and warned of legal challenges from pension funds that own ground rent "
            "portfolios.",
            "The opposition’s housing spokesperson called the announcement “a welcome "
            "U-turn” but accused the government of delaying a decision that could have been "
            "written into the bill. The bill returns to the Commons for its report stage "
            "next week.",
            "Leaseholders in blocks with unsafe cladding will be exempt from the cap’s "
            "transitional rules, a change the government said would stop freeholders from "
            "recouping the cost of repairs through ground rents. Details are in the "
            "[consultation paper](https://www.gov.uk/government/consultations).",
        ),
    ),
    Story(
        section="politics",
        published=_london(2024, 3, 14, 7, 30),
        slug="harrowfield-by-election-date-set-after-mp-resignation",
        headline="By-election date set for Harrowfield after MP’s resignation",
        standfirst="Voters in the West Yorkshire seat will go to the polls on 2 May, the same "
        "day as local elections",
        byline="National Ledger staff and agencies",
        topics=("/politics/by-elections", "/politics/house-of-commons"),
        image=Figure(
            "2024/03/14/polling-station.jpg",
            "A polling station sign. The contest will coincide with local elections.",
            "Photograph: Danny Lawson/PA",
        ),
        body=(
            "A by-election in the West Yorkshire constituency of Harrowfield will be held on "
            "2 May, after the writ was moved in the Commons on Wednesday evening following "
            "the resignation of its MP last month on health grounds.",
            "The seat was held with a majority of 4,312 at the last general election. "
            "Holding the contest on the same day as local and mayoral elections is expected "
            "to raise turnout, which fell below 30% in several by-elections last year.",
        ),
    ),
    Story(
        section="business",
        published=_london(2024, 3, 7, 12, 10),
        modified=_london(2024, 3, 7, 15, 40),
        slug="bank-of-england-rate-cuts-in-play-inflation-falls",
        headline="Bank of England says rate cuts are ‘in play’ as inflation falls faster than "
        "expected",
        standfirst="Deputy governor signals first reduction could come by summer, but warns "
        "wage growth remains too strong",
        byline="{priya-natarajan}",
        topics=(
            "/business/interest-rates",
            "/business/inflation",
            "/business/bankofengland",
            "/business/economics",
        ),
        comments=1287,
        image=Figure(
            "2024/03/07/threadneedle-street.jpg",
            "The Bank of England in the City of London.",
            "Photograph: Harriet Cole/Reuters",
        ),
        body=(
            "A cut in interest rates is now “in play” at the Bank of England’s coming "
            "meetings, one of its deputy governors has said, in the clearest signal yet that "
            "borrowing costs have peaked after the fastest series of rises in three decades.",
            "Speaking at a conference in London on Thursday, the deputy governor said "
            "inflation had fallen “faster and further than we expected in November”, and that "
            "the monetary policy committee would need to judge how long rates should stay at "
            "their current level of 5.25%.",
            "Financial markets moved quickly to price in a first cut by June. The pound fell "
            "by half a cent against the dollar and the yield on two-year government bonds, "
            "which is sensitive to expectations about interest rates, dropped to its lowest "
            "level since last May.",
            "## Wages still a worry",
            "The deputy governor stressed that the decision had not yet been made and that "
            "pay growth, running at more than 6% a year, remained too strong to be consistent "
            "with inflation returning sustainably to the Bank’s 2% target. Services "
            "inflation, which is driven largely by wages, was 6.1% in January.",
            Figure(
                "2024/03/07/mpc.jpg",
                "The monetary policy committee meets next on 21 March.",
                "Photograph: Harriet Cole/Reuters",
            ),
            "“We are not in the business of declaring victory,” the deputy governor said. "
            "“But the question in front of the committee has changed from how high rates need "
            "to go to how long they need to stay there.”",
            "Economists said the comments suggested a split was opening on the nine-member "
            "committee. Two members voted to raise rates again at the last meeting, while one "
            "voted for a cut.",
            "Mortgage lenders have already begun to reduce the rates on fixed-rate deals in "
            "anticipation. The average two-year fix fell to 5.6% this week, according to a "
            "financial data provider, down from a peak of 6.9% last summer.",
            "Business groups welcomed the shift in tone. The chief economist of one of the "
            "largest lobby groups said firms had been “holding their breath” on investment "
            "and would welcome any sign that borrowing costs would soon fall.",
        ),
    ),
    Story(
        section="business",
        published=_london(2024, 3, 13, 7, 0),
        slug="energy-firms-profits-under-fire-millions-in-debt-to-suppliers",
        headline="Energy firms’ profits under fire as millions remain in debt to suppliers",
        standfirst="Household arrears reach a record £3.1bn while the biggest suppliers "
        "report combined profits of £1.9bn",
        byline="{owen-fairley}",
        topics=(
            "/business/energy-industry",
            "/money/energy-bills",
            "/business/cost-of-living-crisis",
        ),
        comments=412,
        image=Figure(
            "2024/03/13/smart-meter.jpg",
            "A smart meter display. Arrears have risen for three years running.",
            "Photograph: Jonathan Brady/PA",
        ),
        body=(
            "Energy suppliers are facing calls to write off customers’ debts after figures "
            "showed household arrears on gas and electricity bills had reached a record "
            "£3.1bn, even as the largest companies reported bumper profits.",
            "Data published by the regulator on Wednesday shows that more than 2 million "
            "households are in debt to their supplier with no repayment plan in place, up "
            "from 1.4 million a year earlier. The average debt of customers in arrears on "
            "both fuels has risen to £1,400.",
            "Over the same period the five largest suppliers reported combined profits of "
            "£1.9bn, after losses during the 2022 price spike when dozens of smaller rivals "
            "collapsed.",
            "Anti-poverty groups said the gap showed the need for a debt relief scheme "
            "funded by the industry. “These are not people who won’t pay, they are people "
            "who can’t,” said the director of one fuel poverty charity. “Chasing them through "
            "the courts will cost more than it ever recovers.”",
            "Suppliers said their profits were needed to rebuild the financial buffers that "
            "the regulator itself had required after the 2022 crisis. The industry’s trade "
            "body said companies were already offering payment holidays and hardship funds "
            "worth more than £100m.",
            "The regulator said it was considering a one-off debt relief measure and would "
            "set out options in the spring. Ministers have so far ruled out using public "
            "money. Last week [the Bank of England signalled](@bank-of-england-rate-cuts-"
            "in-play-inflation-falls) that interest rates may soon fall.",
        ),
    ),
    Story(
        section="business",
        published=_london(2024, 3, 28, 16, 5),
        slug="parkers-lowe-administrators-jobs-at-risk",
        headline="Parkers & Lowe calls in administrators, putting 2,300 jobs at risk",
        standfirst="The 96-year-old department store chain blames high rents and weak "
        "spending for its collapse",
        byline="{ellie-brandt}",
        topics=("/business/retail", "/business/high-streets"),
        comments=158,
        image=Figure(
            "2024/03/28/parkers-lowe.jpg",
            "The Parkers & Lowe store in Shrewsbury, where the business began in 1928.",
            "Photograph: Christopher Furlong/Getty Images",
        ),
        body=(
            "The department store chain Parkers & Lowe has called in administrators, "
            "putting 2,300 jobs at risk across its 31 shops in England and Wales.",
            "The 96-year-old business, which began as a draper’s shop in Shrewsbury, said a "
            "sharp rise in rents at several of its largest stores and a weak Christmas had "
            "left it unable to meet its debts. All shops will continue to trade while the "
            "administrators look for a buyer.",
            "Retail analysts said the collapse was the latest sign of the pressure on "
            "mid-market chains squeezed between online rivals and discount retailers. More "
            "than 40 high street chains have entered administration since the start of 2020.",
            "Staff were told of the decision in a video call on Thursday afternoon. One "
            "employee at the Chester store said colleagues had learned of the news “from a "
            "post on social media before anyone told us anything”.",
        ),
    ),
    Story(
        section="environment",
        published=_london(2024, 3, 6, 6, 0),
        slug="water-companies-sewage-spills-rivers-data",
        headline="Water companies spilled sewage into rivers for 3.2m hours last year, data shows",
        standfirst="Figures from the Environment Agency show discharges rose by more than "
        "half despite promises of investment",
        byline="{sandra-okafor}",
        topics=("/environment/water", "/environment/pollution", "/environment/rivers"),
        comments=642,
        image=Figure(
            "2024/03/06/storm-overflow.jpg",
            "A storm overflow pipe on the River Thames near Oxford.",
            "Photograph: Adrian Beaumont/Alamy",
        ),
        body=(
            "Water companies in England released raw sewage into rivers and seas for more "
            "than 3.2m hours last year, an increase of 54% on the year before, according to "
            "official figures.",
            "Data published by the Environment Agency on Wednesday shows there were 464,000 "
            "spills from storm overflows in 2023. Overflows are meant to be used only during "
            "exceptionally heavy rain, to stop sewers backing up into homes. The agency said "
            "a wet year explained part of the rise but not all of it.",
            "Campaigners said the figures showed that the companies were still using "
            "overflows routinely. “This is not a weather story, it is an infrastructure "
            "story,” said the founder of a campaign group that tests river water in the "
            "Cotswolds. “Wet years are going to be normal years.”",
            Figure(
                "2024/03/06/river-testing.jpg",
                "Volunteers test water quality on the River Windrush. Campaigners take "
                "samples every week.",
                "Photograph: Adrian Beaumont/Alamy",
            ),
            "The industry’s trade body said companies planned to invest £10bn by 2030 in "
            "reducing spills, the largest programme of its kind in the history of the "
            "sewers, and that every overflow was now monitored.",
            "## Bonuses and fines",
            "The figures are likely to renew pressure over executive pay. Three companies "
            "that were among the worst performers paid bonuses to their chief executives "
            "last year, despite a government pledge that bosses of polluting companies would "
            "lose them.",
            "The environment secretary said the government had quadrupled inspections and "
            "lifted the cap on the fines that the regulator could impose. “Water companies "
            "must clean up their act,” she said.",
            "Opposition parties said the rules should go further and called for the "
            "regulator to be given powers to block dividend payments at companies that break "
            "their permits.",
        ),
    ),
    Story(
        section="environment",
        published=_london(2024, 3, 19, 10, 0),
        slug="february-warmest-on-record-ninth-month-in-a-row",
        headline="February was world’s warmest on record, ninth month in a row to break the mark",
        standfirst="Scientists say El Niño explains only part of a streak that has surprised "
        "climate researchers",
        byline="{sandra-okafor} and {matthew-greenhalgh}",
        topics=("/environment/climate-crisis", "/world/extreme-weather", "/science/science"),
        comments=733,
        image=Figure(
            "2024/03/19/heat.jpg",
            "Sunbathers in Rio de Janeiro, where temperatures passed 40C in February.",
            "Photograph: Tércio Teixeira/AFP/Getty Images",
        ),
        body=(
            "Last month was the warmest February in the global record, making it the ninth "
            "month in a row to set a new high, the EU’s climate monitoring service has said.",
            "The average surface air temperature was 1.77C above the level of the late 19th "
            "century, before large-scale burning of fossil fuels began. The 12 months to the "
            "end of February were the hottest such period on record, at 1.56C above "
            "pre-industrial levels.",
            "Sea surface temperatures also reached a record for any month, at 21.06C. Marine "
            "heatwaves have been recorded across large parts of the Atlantic since last "
            "spring, bleaching corals and disrupting fisheries.",
            "Scientists said the natural El Niño pattern in the Pacific, which pushes up "
            "global temperatures, accounted for some of the heat but that the scale of the "
            "records had been unexpected. “El Niño is the spark, but the fuel is our "
            "emissions,” said one climate scientist at a British university.",
            "Forecasters expect El Niño to fade by early summer, which would usually bring a "
            "slight cooling. Some researchers warn that 2024 could nonetheless end up warmer "
            "than 2023, the hottest year on record.",
        ),
    ),
    Story(
        section="uk-news",
        published=_london(2024, 4, 1, 7, 2),
        slug="storm-orla-weather-warnings-trains-power-cuts-live",
        headline="Storm Orla: trains cancelled and thousands without power as 90mph gusts hit "
        "– live",
        standfirst="Amber warnings for wind across Wales, north-west England and southern "
        "Scotland; speed limits on the west coast main line",
        byline="{ruth-kavanagh} (now) and {sam-ellery} (earlier)",
        topics=("/uk-news/weather", "/world/extreme-weather", "/uk-news/rail-transport"),
        image=Figure(
            "2024/04/01/blackpool-waves.jpg",
            "Waves crash over the sea wall at Blackpool.",
            "Photograph: Peter Byrne/PA",
        ),
        updates=(
            Update(
                _london(2024, 4, 1, 16, 45),
                None,
                (
                    "The main west coast ferry operator says most of its routes will restart "
                    "from 7am on Tuesday, although crossings to Barra and Coll remain under "
                    "review. Passengers are advised to check before travelling.",
                    "That is all from us today. Thanks for following – our news story on the "
                    "storm will be updated through the evening.",
                ),
            ),
            Update(
                _london(2024, 4, 1, 15, 58),
                "Wind warning lifted for Wales",
                (
                    "The Met Office has lifted its amber wind warning for Wales an hour "
                    "early, as the centre of the storm moves north-east towards the North "
                    "Sea. A yellow warning remains in place across northern England and "
                    "Scotland until midnight.",
                ),
                key_event=True,
            ),
            Update(
                _london(2024, 4, 1, 14, 20),
                "More than 40,000 homes still without power",
                (
                    "The regional network operator says 27,000 of its customers are still "
                    "without power, mostly in Cumbria and Lancashire, and that some may not be "
                    "reconnected until Tuesday evening. Across the UK, more than 40,000 "
                    "properties remain cut off.",
                    "Engineers are being hampered by fallen trees on rural roads, the company "
                    "said, and it has opened welfare centres in Kendal and Ulverston offering "
                    "hot food and phone charging.",
                ),
                key_event=True,
            ),
            Update(
                _london(2024, 4, 1, 12, 31),
                None,
                (
                    "Here are some of the pictures coming in from the Lancashire coast, where "
                    "waves have been breaking over the promenade at Blackpool since "
                    "mid-morning.",
                ),
                figure=Figure(
                    "2024/04/01/promenade.jpg",
                    "Spray over the promenade at Blackpool on Monday.",
                    "Photograph: Peter Byrne/PA",
                ),
            ),
            Update(
                _london(2024, 4, 1, 11, 5),
                "West coast main line: speed limits and cancellations",
                (
                    "Rail operators have imposed a 50mph speed limit on the west coast main "
                    "line north of Preston and cancelled about a third of services between "
                    "Glasgow and London. Passengers with tickets for Monday can use them on "
                    "Tuesday instead.",
                    "A tree on the line near Oxenholme blocked both tracks for more than an "
                    "hour this morning, the operator said.",
                ),
                key_event=True,
            ),
            Update(
                _london(2024, 4, 1, 9, 12),
                "Gust of 92mph recorded in Snowdonia",
                (
                    "The strongest gust so far has been recorded at Capel Curig in "
                    "Snowdonia, where the Met Office’s weather station measured 92mph shortly "
                    "before 9am.",
                ),
                key_event=True,
            ),
            Update(
                _london(2024, 4, 1, 7, 2),
                None,
                (
                    "Good morning and welcome to our live coverage of Storm Orla, which is "
                    "bringing gales and heavy rain to western parts of the UK today. The Met "
                    "Office has issued amber warnings for wind covering Wales, north-west "
                    "England and southern Scotland, meaning there is a risk to life from "
                    "flying debris and large waves.",
                    "I’m Sam Ellery and I’ll be bringing you the latest on travel disruption, "
                    "power cuts and the storm’s path this morning. Do get in touch if you are "
                    "affected.",
                ),
            ),
        ),
    ),
)

#: The "Most viewed" rail, the same on every page.
MOST_VIEWED = (
    "bank-of-england-rate-cuts-in-play-inflation-falls",
    "water-companies-sewage-spills-rivers-data",
    "councils-warn-cliff-edge-temporary-accommodation-costs-soar",
    "storm-orla-weather-warnings-trains-power-cuts-live",
    "eu-ministers-late-night-deal-north-sea-fishing-quotas",
)

BY_SLUG = {story.slug: story for story in STORIES}

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_PERSON = re.compile(r"\{([a-z-]+)\}")


def plain(text: str) -> str:
    """A paragraph's text, its link marks dropped."""
    return _LINK.sub(r"\1", text)


def authors(story: Story) -> tuple[str, ...]:
    """The people in a byline, in its order."""
    return tuple(PEOPLE[slug].name for slug in _PERSON.findall(story.byline))


def byline_text(story: Story) -> str:
    return _PERSON.sub(lambda match: PEOPLE[match.group(1)].name, story.byline)


def text_blocks(story: Story) -> Iterator[str]:
    """The story's text as the truth has it: paragraphs and subheadings; for a live blog,
    each update's heading and paragraphs, newest first as the page shows them."""
    if story.updates:
        for update in story.updates:
            if update.heading:
                yield update.heading
            yield from map(plain, update.paragraphs)
        return
    for block in story.body:
        if isinstance(block, str):
            yield plain(block.removeprefix("## "))


def newest_first(stories: tuple[Story, ...] | list[Story]) -> list[Story]:
    return sorted(stories, key=lambda story: story.published, reverse=True)


# --- Rendering ----------------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _dateline(moment: datetime) -> str:
    """``Tue 12 Mar 2024 06.00 GMT``, as the site prints times."""
    return f"{moment:%a} {moment.day} {moment:%b %Y %H.%M %Z}"


def _month_path(moment: datetime) -> str:
    return f"{moment.year}/{moment.strftime('%b').lower()}/{moment.day:02d}"


def _jsonld(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


class _Site:
    """Every page of the site for one origin, and what the truth calls each."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.pages: dict[str, Page] = {}
        self.others: dict[str, str] = {}

    # Addresses -------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.origin + path

    def story_url(self, story: Story) -> str:
        return self.url(story.path())

    def target(self, target: str) -> str:
        if target.startswith("@"):
            return self.story_url(BY_SLUG[target[1:]])
        if target.startswith("/"):
            return self.url(target)
        return target

    def add(self, path: str, page: Page, truth_kind: str | None = None) -> None:
        assert path not in self.pages, path
        self.pages[path] = page
        if truth_kind is not None:
            self.others[self.url(path)] = truth_kind

    # Chrome ---------------------------------------------------------------------------------

    def document(
        self,
        *,
        title: str,
        canonical: str,
        description: str,
        main: str,
        og_type: str = "website",
        og_title: str | None = None,
        head_extra: str = "",
        body_class: str = "",
    ) -> bytes:
        head = (
            "<!DOCTYPE html>\n"
            '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)}</title>\n"
            '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
            f'<meta name="description" content="{esc(description)}">\n'
            f'<link rel="canonical" href="{esc(canonical)}">\n'
            f'<meta property="og:url" content="{esc(canonical)}">\n'
            f'<meta property="og:type" content="{og_type}">\n'
            f'<meta property="og:title" content="{esc(og_title or title)}">\n'
            f'<meta property="og:description" content="{esc(description)}">\n'
            f'<meta property="og:site_name" content="{SITE_NAME}">\n'
            '<meta name="twitter:site" content="@nationalledger">\n'
            f'<link rel="icon" href="{MEDIA}/favicon-32x32.ico">\n'
            '<link rel="stylesheet" href="https://assets.nationalledger.example/ledger.9f3c2a.css">\n'
            f"{head_extra}"
            "</head>\n"
        )
        return (
            head
            + f'<body class="{body_class}">\n'
            + '<a class="skip-link" href="#maincontent">Skip to main content</a>\n'
            + self.header()
            + f"<main>\n{main}\n</main>\n"
            + self.footer()
            + "</body>\n</html>\n"
        ).encode()

    def header(self) -> str:
        nav = "".join(
            f'<li><a href="{self.url("/" + key)}">{esc(name.removesuffix(" news"))}</a></li>'
            for key, name in SECTIONS.items()
        )
        return (
            '<header class="site-header">\n'
            '<div class="header-top">'
            f'<a class="support-cta" href="{self.url("/contribute")}">Support us</a> '
            '<a href="https://profile.nationalledger.example/signin">Sign in</a> '
            '<a href="https://www.google.co.uk/advanced_search?q=site:nationalledger.example">'
            "Search</a></div>\n"
            f'<a class="logo" href="{self.url("/")}" aria-label="{SITE_NAME} – Back to home">'
            f"<span>{SITE_NAME}</span></a>\n"
            '<nav aria-label="Sections"><ul class="pillars">'
            f'<li><a href="{self.url("/")}">News</a></li>{nav}'
            "</ul></nav>\n</header>\n"
        )

    def footer(self) -> str:
        links = (
            ("/about", "About us"),
            ("/help/contact-us", "Contact us"),
            ("/help", "Help"),
            ("/help/privacy-policy", "Privacy policy"),
            ("/help/terms-of-service", "Terms & conditions"),
            ("/newsletters", "Newsletters"),
            ("/index/subjects", "All topics"),
            ("/index/contributors", "All writers"),
            ("/contribute", "Support the National Ledger"),
        )
        items = "".join(
            f'<li><a href="{self.url(path)}">{esc(label)}</a></li>' for path, label in links
        )
        return (
            '<footer class="site-footer">\n'
            '<section class="footer-newsletter"><h2>Sign up for the Ledger’s daily email</h2>'
            f'<p>The day’s headlines, every morning. <a href="{self.url("/newsletters")}">'
            "See all our newsletters</a></p></section>\n"
            f'<ul class="footer-links">{items}</ul>\n'
            '<ul class="social"><li><a href="https://www.facebook.com/nationalledger">'
            'Facebook</a></li><li><a href="https://x.com/nationalledger">X</a></li>'
            '<li><a href="https://www.instagram.com/nationalledger">Instagram</a></li></ul>\n'
            "<p>© 2024 National Ledger Media Ltd. All rights reserved.</p>\n"
            "</footer>\n"
        )

    def picture(self, figure: Figure, *, main: bool = False) -> str:
        cls = "main-media" if main else "element-image"
        return (
            f'<figure class="{cls}"><picture>'
            f'<source media="(min-width: 660px)" srcset="{MEDIA}/{figure.file}?width=620 620w">'
            f'<img src="{MEDIA}/{figure.file}?width=460" alt="{esc(figure.caption)}" '
            'width="460" height="276" loading="lazy"></picture>'
            f'<figcaption><span class="caption">{esc(figure.caption)}</span> '
            f'<span class="credit">{esc(figure.credit)}</span></figcaption></figure>'
        )

    def rich(self, text: str) -> str:
        """A paragraph's HTML: its text escaped, its link marks made links."""
        out: list[str] = []
        last = 0
        for match in _LINK.finditer(text):
            out.append(esc(text[last : match.start()]))
            href = self.target(match.group(2))
            out.append(f'<a href="{esc(href)}">{esc(match.group(1))}</a>')
            last = match.end()
        out.append(esc(text[last:]))
        return "".join(out)

    def byline(self, story: Story) -> str:
        out: list[str] = []
        last = 0
        for match in _PERSON.finditer(story.byline):
            person = PEOPLE[match.group(1)]
            out.append(esc(story.byline[last : match.start()]))
            out.append(
                f'<a rel="author" href="{self.url("/profile/" + person.slug)}">'
                f"{esc(person.name)}</a>"
            )
            last = match.end()
        out.append(esc(story.byline[last:]))
        role = ""
        people = _PERSON.findall(story.byline)
        if len(people) == 1 and story.byline == "{" + people[0] + "}":
            role = f'<span class="byline-role">{esc(PEOPLE[people[0]].role)}</span>'
        return f'<div class="byline" aria-label="Contributor info">{"".join(out)}{role}</div>'

    def card(self, story: Story, *, address: str | None = None, standfirst: bool = True) -> str:
        kicker = '<span class="card-kicker live">Live</span> ' if story.live else ""
        teaser = f'<div class="card-standfirst">{esc(story.standfirst)}</div>' if standfirst else ""
        return (
            f'<li class="card"><a class="card-link" href="{esc(address or self.story_url(story))}">'
            f'{kicker}<span class="card-headline">{esc(story.headline)}</span></a>{teaser}'
            f'<time datetime="{_iso(story.published)}">{story.published:%a} '
            f"{story.published.day} {story.published:%b %Y}</time></li>"
        )

    def most_viewed(self) -> str:
        items = "".join(
            f'<li><span class="rank">{n}</span><a href="{self.story_url(BY_SLUG[slug])}">'
            f"{esc(BY_SLUG[slug].headline)}</a></li>"
            for n, slug in enumerate(MOST_VIEWED, 1)
        )
        return (
            '<section class="most-viewed" aria-label="Most viewed"><h2>Most viewed</h2>'
            f"<ol>{items}</ol></section>"
        )

    # Articles -------------------------------------------------------------------------------

    def newsletter_promo(self, story: Story, n: int) -> str:
        key = SECTION_NEWSLETTER.get(story.section, "first-edition")
        name, blurb = NEWSLETTERS[key]
        skip = f"EmailSignup-skip-link-{n}"
        return (
            f'<a class="skip-promo" href="#{skip}">skip past newsletter promotion</a>'
            '<aside class="email-signup" aria-label="newsletter promotion">'
            f'<p class="email-signup-title">Sign up to <span>{esc(name)}</span></p>'
            f"<p>{esc(blurb)}</p>"
            '<p class="email-signup-privacy">Privacy Notice: Newsletters may contain info about '
            "charities, online ads, and content funded by outside parties. For more information "
            f'see our <a href="{self.url("/help/privacy-policy")}">Privacy Policy</a>. We use '
            "Google reCaptcha to protect our website and the Google "
            '<a href="https://policies.google.com/privacy">Privacy Policy</a> and '
            '<a href="https://policies.google.com/terms">Terms of Service</a> apply.</p>'
            f'<form action="/email/form/footer/{key}" method="post">'
            '<label>Enter your email address <input type="email" name="email" required></label>'
            '<button type="submit">Sign up</button></form></aside>'
            f'<p id="{skip}" class="after-promo">after newsletter promotion</p>'
        )

    def related(self, related: Related) -> str:
        story = BY_SLUG[related.slug]
        section = story.moved_from if related.old_address else None
        href = self.url(story.path(section))
        return (
            '<aside class="rich-link"><p><span class="rich-link-label">Related: </span>'
            f'<a href="{href}">{esc(story.headline)}</a></p></aside>'
        )

    def article_body(self, story: Story) -> str:
        paragraphs = sum(
            1 for block in story.body if isinstance(block, str) and not block.startswith("## ")
        )
        promo_after = 3 if paragraphs >= 5 else None
        out: list[str] = []
        seen = 0
        for block in story.body:
            if isinstance(block, Figure):
                out.append(self.picture(block))
            elif isinstance(block, Related):
                out.append(self.related(block))
            elif block.startswith("## "):
                out.append(f"<h2>{esc(block[3:])}</h2>")
            else:
                out.append(f"<p>{self.rich(block)}</p>")
                seen += 1
                if seen == promo_after:
                    out.append(self.newsletter_promo(story, seen))
        return "\n".join(out)

    def epic(self) -> str:
        return (
            '<aside class="contributions-epic" aria-label="Support the National Ledger">'
            "<h2>Before you move on…</h2>"
            f"<p>Millions of readers turn to {SITE_NAME} every month for independent, "
            "fact-checked reporting. We have no shareholders and no billionaire owner, so "
            "our journalism is free from commercial and political influence.</p>"
            "<p>We keep our reporting open for everyone to read, whatever they can afford to "
            "pay. If you can, please support our journalism with a monthly or single "
            "contribution. It takes less than a minute.</p>"
            f'<p><a class="epic-button" href="{self.url("/contribute")}">Support us</a></p>'
            "</aside>"
        )

    def share(self, story: Story, url: str) -> str:
        quoted = quote(url, safe="")
        title = quote(story.headline, safe="")
        comments = ""
        if story.comments is not None:
            comments = (
                f'<a class="comment-count" href="#comments" '
                f'aria-label="{story.comments} comments">{story.comments:,}</a>'
            )
        return (
            '<div class="share" aria-label="Share">'
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={quoted}">'
            "Share on Facebook</a> "
            f'<a href="https://x.com/intent/post?text={title}&amp;url={quoted}">Share on X</a> '
            f'<a href="mailto:?subject={title}&amp;body={quoted}">Share via Email</a>'
            f"{comments}</div>"
        )

    def topics_block(self, story: Story, url: str) -> str:
        items = "".join(
            f'<li><a href="{self.url(path)}">{esc(TOPICS[path].name)}</a></li>'
            for path in story.topics
        )
        return (
            '<div class="submeta"><h2 class="submeta-title">Explore more on these topics</h2>'
            f'<ul class="submeta-keywords">{items}</ul>'
            f"{self.share(story, url)}"
            '<a class="reuse" href="https://syndication.nationalledger.example/content?url='
            f'{quote(url, safe="")}">Reuse this content</a></div>'
        )

    def onward(self, story: Story) -> str:
        others = [s for s in newest_first(STORIES) if s.section == story.section and s != story]
        items = "".join(self.card(other) for other in others[:3])
        more = ""
        if items:
            more = (
                '<section class="onward" aria-label="More from this section">'
                f"<h2>More from {esc(SECTIONS[story.section])}</h2><ul>{items}</ul></section>"
            )
        return more + self.most_viewed()

    def comments(self, story: Story) -> str:
        if story.comments is None:
            return ""
        return (
            '<section id="comments" class="discussion">'
            f"<h2>Comments <span>({story.comments:,})</span></h2>"
            "<p>Comments on this piece are premoderated to ensure discussion remains on the "
            "topics raised by the article.</p>"
            '<button type="button">View comments</button></section>'
        )

    def publisher_node(self) -> dict[str, Any]:
        return {
            "@type": "Organization",
            "name": SITE_NAME,
            "url": self.url("/"),
            "logo": {
                "@type": "ImageObject",
                "url": f"{MEDIA}/logo-ledger.png",
                "width": 300,
                "height": 60,
            },
        }

    def author_nodes(self, story: Story) -> list[dict[str, Any]]:
        people = _PERSON.findall(story.byline)
        if not people:
            return [{"@type": "Organization", "name": story.byline}]
        return [
            {
                "@type": "Person",
                "name": PEOPLE[slug].name,
                "sameAs": self.url("/profile/" + slug),
            }
            for slug in people
        ]

    def article_head(self, story: Story, url: str, schema: dict[str, Any]) -> str:
        image = f"{MEDIA}/{story.image.file}?width=1200"
        tags = ",".join(TOPICS[path].name for path in story.topics)
        authors_meta = "".join(
            f'<meta property="article:author" content="{self.url("/profile/" + slug)}">\n'
            for slug in _PERSON.findall(story.byline)
        )
        return (
            f'<meta property="og:image" content="{image}">\n'
            f'<meta property="article:published_time" content="{_iso(story.published)}">\n'
            f'<meta property="article:modified_time" content="{_iso(story.last_modified)}">\n'
            f'<meta property="article:section" content="{esc(SECTIONS[story.section])}">\n'
            f'<meta property="article:tag" content="{esc(tags)}">\n'
            f"{authors_meta}"
            '<meta name="twitter:card" content="summary_large_image">\n'
            + _jsonld(
                [
                    schema,
                    {
                        "@context": "https://schema.org",
                        "@type": "WebPage",
                        "@id": url,
                        "potentialAction": {
                            "@type": "ViewAction",
                            "target": "android-app://com.nationalledger/https/"
                            + url.split("://", 1)[1],
                        },
                    },
                ]
            )
            + "\n"
        )

    def schema(self, story: Story, url: str, kind: str) -> dict[str, Any]:
        return {
            "@context": "https://schema.org",
            "@type": kind,
            "@id": url,
            "mainEntityOfPage": url,
            "headline": story.headline,
            "description": story.standfirst,
            "datePublished": _iso(story.published),
            "dateModified": _iso(story.last_modified),
            "author": self.author_nodes(story),
            "publisher": self.publisher_node(),
            "image": [f"{MEDIA}/{story.image.file}?width=1200"],
            "articleSection": SECTIONS[story.section],
            "isAccessibleForFree": True,
        }

    def kicker(self, story: Story) -> str:
        if story.tone is not None:
            return (
                f'<a class="kicker" href="{self.url(story.tone)}">'
                f"{esc(TOPICS[story.tone].name.removesuffix('s'))}</a>"
            )
        live = '<span class="kicker live">Live</span> ' if story.live else ""
        return (
            f'{live}<a class="kicker" href="{self.url("/" + story.section)}">'
            f"{esc(SECTIONS[story.section])}</a>"
        )

    def dates(self, story: Story) -> str:
        modified = ""
        if story.last_modified != story.published:
            modified = (
                f'<p class="last-modified">Last modified on {_dateline(story.last_modified)}</p>'
            )
        return (
            f'<details class="dateline"><summary>{_dateline(story.published)}</summary>'
            f"{modified}</details>"
        )

    def article(self, story: Story) -> None:
        url = self.story_url(story)
        main = (
            f'<article class="content content--article">\n'
            f'<div class="article-meta">{self.kicker(story)}</div>\n'
            f'<h1 class="headline">{esc(story.headline)}</h1>\n'
            f'<div class="standfirst" data-component="standfirst"><p>{esc(story.standfirst)}'
            "</p></div>\n"
            f"{self.picture(story.image, main=True)}\n"
            f"{self.byline(story)}\n{self.dates(story)}\n{self.share(story, url)}\n"
            f'<div id="maincontent" class="article-body">\n{self.article_body(story)}\n</div>\n'
            f"{self.epic()}\n{self.topics_block(story, url)}\n{self.comments(story)}\n"
            f"</article>\n{self.onward(story)}"
        )
        section = SECTIONS[story.section]
        body = self.document(
            title=f"{story.headline} | {section} | {SITE_NAME}",
            canonical=url,
            description=story.standfirst,
            main=main,
            og_type="article",
            og_title=story.headline,
            head_extra=self.article_head(story, url, self.schema(story, url, "NewsArticle")),
            body_class="article",
        )
        self.add(story.path(), Page("article", body))
        if story.moved_from is not None:
            self.add(
                story.path(story.moved_from),
                Page("other", b"", status=301, location=url),
            )

    def live_blog(self, story: Story) -> None:
        url = self.story_url(story)
        schema = self.schema(story, url, "LiveBlogPosting")
        schema["coverageStartTime"] = _iso(story.published)
        schema["coverageEndTime"] = _iso(story.last_modified)
        schema["liveBlogUpdate"] = [
            {
                "@type": "BlogPosting",
                "@id": f"{url}#{update.block_id}",
                "url": f"{url}#{update.block_id}",
                "headline": update.heading or plain(update.paragraphs[0])[:100],
                "datePublished": _iso(update.time),
                "articleBody": "\n\n".join(map(plain, update.paragraphs)),
            }
            for update in story.updates
        ]
        head = self.article_head(story, url, schema) + (
            '<noscript><meta http-equiv="refresh" content="60"></noscript>\n'
        )
        key_events = "".join(
            f'<li><a href="#{update.block_id}"><time datetime="{_iso(update.time)}">'
            f"{update.time:%H.%M %Z}</time> {esc(update.heading or '')}</a></li>"
            for update in story.updates
            if update.key_event
        )
        section = SECTIONS[story.section]
        for key_events_only in (False, True):
            blocks = "\n".join(
                self.live_update(update)
                for update in story.updates
                if update.key_event or not key_events_only
            )
            toggle = (
                f'<a class="filter-toggle" href="{url}">Show all updates</a>'
                if key_events_only
                else f'<a class="filter-toggle" href="{url}?filterKeyEvents=true">'
                "Show key events only</a>"
            )
            main = (
                '<article class="content content--liveblog">\n'
                f'<div class="article-meta">{self.kicker(story)}</div>\n'
                f'<h1 class="headline">{esc(story.headline)}</h1>\n'
                f'<div class="standfirst" data-component="standfirst"><p>'
                f"{esc(story.standfirst)}</p></div>\n"
                f"{self.picture(story.image, main=True)}\n"
                f"{self.byline(story)}\n{self.dates(story)}\n{self.share(story, url)}\n"
                '<div class="key-events" aria-label="Key events"><h2>Key events</h2>'
                f"<ul>{key_events}</ul></div>\n{toggle}\n"
                f'<div id="maincontent" class="liveblog-body" data-last-update="'
                f'{story.updates[0].block_id}">\n{blocks}\n</div>\n'
                f"{self.epic()}\n{self.topics_block(story, url)}\n</article>\n"
                f"{self.onward(story)}\n"
                "<script>window.liveblog = {pollUrl: location.pathname + '.json', "
                "interval: 60000, lastUpdate: document.getElementById('maincontent')"
                ".dataset.lastUpdate}; setInterval(function () { fetch(window.liveblog.pollUrl"
                " + '?lastUpdate=' + window.liveblog.lastUpdate); }, 60000);</script>"
            )
            body = self.document(
                title=f"{story.headline} | {section} | {SITE_NAME}",
                canonical=url,
                description=story.standfirst,
                main=main,
                og_type="article",
                og_title=story.headline,
                head_extra=head,
                body_class="liveblog",
            )
            if key_events_only:
                self.add(story.path() + "?filterKeyEvents=true", Page("view", body))
            else:
                self.add(story.path(), Page("article", body))

    def live_update(self, update: Update) -> str:
        heading = f"<h2>{esc(update.heading)}</h2>" if update.heading else ""
        label = '<span class="key-event-label">Key event</span>' if update.key_event else ""
        paragraphs = "".join(f"<p>{self.rich(p)}</p>" for p in update.paragraphs)
        figure = self.picture(update.figure) if update.figure else ""
        return (
            f'<article id="{update.block_id}" class="block" '
            f'data-key-event="{str(update.key_event).lower()}">'
            f'<header><a href="#{update.block_id}"><time datetime="{_iso(update.time)}">'
            f"{update.time:%H.%M %Z}</time></a>{label}{heading}</header>"
            f"{paragraphs}{figure}</article>"
        )

    # Listings -------------------------------------------------------------------------------

    def listing(
        self,
        path: str,
        heading: str,
        stories: list[Story],
        truth_kind: str,
        *,
        intro: str = "",
        extra: str = "",
        feed: str | None = None,
        addresses: dict[str, str] | None = None,
    ) -> None:
        """A listing and its pages (``?page=2``...), :data:`PAGE_SIZE` stories each."""
        chunks = [stories[i : i + PAGE_SIZE] for i in range(0, len(stories), PAGE_SIZE)] or [[]]
        last = len(chunks)

        def address(n: int) -> str:
            return path if n == 1 else f"{path}?page={n}"

        for n, chunk in enumerate(chunks, 1):
            links = "".join(
                f'<a href="{self.url(address(k))}">{k}</a> '
                if k != n
                else f'<span aria-current="page">{k}</span> '
                for k in range(1, last + 1)
            )
            rel = ""
            if n > 1:
                rel += f'<link rel="prev" href="{self.url(address(n - 1))}">\n'
                links = f'<a href="{self.url(address(n - 1))}">Previous</a> ' + links
            if n < last:
                rel += f'<link rel="next" href="{self.url(address(n + 1))}">\n'
                links += f'<a href="{self.url(address(n + 1))}">Next</a>'
            pagination = (
                f'<nav class="pagination" aria-label="Pagination">{links}</nav>' if last > 1 else ""
            )
            cards = "".join(
                self.card(story, address=(addresses or {}).get(story.slug)) for story in chunk
            )
            page_note = f" | page {n} of {last}" if n > 1 else ""
            feed_link = ""
            if feed is not None:
                feed_link = (
                    f'<link rel="alternate" type="application/rss+xml" '
                    f'title="{esc(heading)} | {SITE_NAME}" href="{self.url(feed)}">\n'
                )
            main = (
                f'<div class="front-header"><h1>{esc(heading)}</h1>{intro}</div>\n'
                f'<ul class="items">{cards}</ul>\n{pagination}\n{extra}\n{self.most_viewed()}'
            )
            body = self.document(
                title=f"{heading}{page_note} | {SITE_NAME}",
                canonical=self.url(address(n)),
                description=f"{heading}: the latest from {SITE_NAME}",
                main=main,
                head_extra=rel + feed_link,
                body_class="front",
            )
            self.add(address(n), Page("listing", body), truth_kind)

    def home(self) -> None:
        latest = newest_first(STORIES)
        headlines = "".join(self.card(story) for story in latest[:5])
        containers = []
        for key, name in SECTIONS.items():
            stories = [s for s in latest if s.section == key][:3]
            cards = "".join(self.card(story, standfirst=False) for story in stories)
            containers.append(
                f'<section class="container" aria-label="{esc(name)}"><h2>'
                f'<a href="{self.url("/" + key)}">{esc(name)}</a></h2><ul>{cards}</ul>'
                f'<a class="more" href="{self.url("/" + key)}">More {esc(name)}</a></section>'
            )
        main = (
            '<h1 class="visually-hidden">News, sport and opinion from The National Ledger</h1>\n'
            f'<section class="container" aria-label="Headlines"><h2>Headlines</h2><ul>'
            f"{headlines}</ul></section>\n" + "\n".join(containers) + "\n" + self.most_viewed()
        )
        site_schema = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": self.url("/"),
            "publisher": self.publisher_node(),
        }
        body = self.document(
            title=f"Latest news, sport and opinion from {SITE_NAME}",
            canonical=self.url("/"),
            description=f"Latest news, sport and opinion from {SITE_NAME}",
            main=main,
            head_extra=(
                '<link rel="alternate" type="application/rss+xml" '
                f'title="{SITE_NAME}" href="{self.url("/rss")}">\n' + _jsonld(site_schema) + "\n"
            ),
            body_class="front home",
        )
        self.add("/", Page("listing", body), "home")

    def fronts(self) -> None:
        for key, name in SECTIONS.items():
            current = newest_first([s for s in STORIES if s.section == key])
            # The day archives include what was first published here, at its address then.
            days = sorted(
                {s.published.date(): s for s in STORIES if key in (s.section, s.moved_from)},
                reverse=True,
            )
            browse = "".join(
                f'<li><a href="{self.url(f"/{key}/{_month_path(self._at(day))}/all")}">'
                f"{day.day} {day:%B %Y}</a></li>"
                for day in days
            )
            extra = (
                f'<section class="archive-browse"><h2>Browse {esc(name)} by date</h2>'
                f"<ul>{browse}</ul></section>"
            )
            intro = f"<p>{esc(SECTION_DESCRIPTIONS[key])}</p>"
            self.listing(
                "/" + key, name, current, "listing", intro=intro, extra=extra, feed=f"/{key}/rss"
            )
            for day in days:
                stories = [
                    s
                    for s in STORIES
                    if key in (s.section, s.moved_from) and s.published.date() == day
                ]
                addresses = {s.slug: self.url(s.path(key)) for s in stories}
                self.listing(
                    f"/{key}/{_month_path(self._at(day))}/all",
                    f"{name}: {day.day} {day:%B %Y}",
                    newest_first(stories),
                    "archive",
                    addresses=addresses,
                )

    @staticmethod
    def _at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=ZONE)

    def tags(self) -> None:
        for path, topic in TOPICS.items():
            stories = newest_first([s for s in STORIES if path in s.topics or s.tone == path])
            self.listing(path, topic.name, stories, "tag", intro=f"<p>{esc(topic.description)}</p>")

    def profiles(self) -> None:
        for slug, person in PEOPLE.items():
            stories = newest_first([s for s in STORIES if slug in _PERSON.findall(s.byline)])
            intro = (
                f'<p class="profile-role">{esc(person.role)}</p><p>{esc(person.bio)}</p>'
                f'<img src="{MEDIA}/contributors/{slug}.png" alt="{esc(person.name)}">'
            )
            self.listing(f"/profile/{slug}", person.name, stories, "author", intro=intro)

    def indexes(self) -> None:
        topics = "".join(
            f'<li><a href="{self.url(path)}">{esc(topic.name)}</a></li>'
            for path, topic in sorted(TOPICS.items(), key=lambda item: item[1].name)
        )
        self.static("/index/subjects", "All topics", f'<ul class="index">{topics}</ul>', "index")
        people = "".join(
            f'<li><a href="{self.url("/profile/" + slug)}">{esc(person.name)}</a> – '
            f"{esc(person.role)}</li>"
            for slug, person in sorted(PEOPLE.items(), key=lambda item: item[1].name)
        )
        self.static(
            "/index/contributors", "All writers", f'<ul class="index">{people}</ul>', "index"
        )

    # Other pages ----------------------------------------------------------------------------

    def static(self, path: str, title: str, content: str, truth_kind: str) -> None:
        main = f'<div class="static-page"><h1>{esc(title)}</h1>\n{content}\n</div>'
        body = self.document(
            title=f"{title} | {SITE_NAME}",
            canonical=self.url(path),
            description=f"{title} – {SITE_NAME}",
            main=main,
            body_class="static",
        )
        self.add(path, Page("other", body), truth_kind)

    def static_pages(self) -> None:
        help_links = "".join(
            f'<li><a href="{self.url(path)}">{label}</a></li>'
            for path, label in (
                ("/help/contact-us", "Contact us"),
                ("/help/privacy-policy", "Privacy policy"),
                ("/help/terms-of-service", "Terms and conditions"),
                ("/newsletters", "Managing your newsletters"),
            )
        )
        self.static(
            "/about",
            "About us",
            f"<p>{SITE_NAME} has been published in London since 1887. It is owned by the Ledger "
            "Foundation, a trust whose only purpose is to keep the paper independent, and every "
            "penny of profit is reinvested in journalism.</p>"
            "<p>Our newsroom of more than 600 journalists works from London, Manchester, "
            "Edinburgh and Cardiff and from bureaux in Brussels, Washington, Nairobi and "
            "Sydney. We publish around the clock and our reporting is free for everyone to "
            "read.</p><p>Our editorial code, our corrections policy and the names of our "
            f'editors are published on this site. <a href="{self.url("/help/contact-us")}">'
            "Get in touch</a> if you think we have got something wrong.</p>",
            "about",
        )
        self.static(
            "/help",
            "Help",
            "<p>Answers to common questions about your account, our newsletters and how to "
            f"reach us.</p><ul>{help_links}</ul>",
            "help",
        )
        self.static(
            "/help/contact-us",
            "Contact us",
            "<p>For news tips, email newsdesk@nationalledger.example or call 020 7946 0100. "
            "For corrections, write to the readers’ editor at "
            "readers@nationalledger.example.</p>"
            "<p>Our postal address is National Ledger Media Ltd, 90 York Way, London N1 9GU.</p>",
            "contact",
        )
        self.static(
            "/help/privacy-policy",
            "Privacy policy",
            "<p>This policy explains what personal information we collect when you use our "
            "website and apps, why we collect it and how we use it.</p>"
            "<h2>What we collect</h2><p>When you register, subscribe to a newsletter or make "
            "a contribution we ask for your name and email address. We also use cookies and "
            "similar technologies to understand how our site is used.</p>"
            "<h2>Your rights</h2><p>You can ask for a copy of the information we hold about "
            "you, or ask us to delete it, at any time.</p>",
            "privacy",
        )
        self.static(
            "/help/terms-of-service",
            "Terms and conditions",
            "<p>By using this website you agree to these terms. The content of the site is "
            "protected by copyright and may not be republished without permission.</p>"
            "<p>Comments must follow our community standards; we may remove any that do "
            "not.</p>",
            "terms",
        )
        newsletters = "".join(
            f'<section class="newsletter"><h2>{esc(name)}</h2><p>{esc(blurb)}</p>'
            f'<form action="/email/form/newsletters/{key}" method="post"><input type="email" '
            'name="email" aria-label="Email address"><button type="submit">Sign up</button>'
            "</form></section>"
            for key, (name, blurb) in NEWSLETTERS.items()
        )
        self.static(
            "/newsletters",
            "Newsletters",
            "<p>Choose from our free newsletters and get the best of the National Ledger in "
            f"your inbox.</p>{newsletters}",
            "newsletters",
        )
        self.static(
            "/contribute",
            "Support the National Ledger",
            "<p>Fearless, independent journalism, free for everyone. Make a single or monthly "
            'contribution from £2.</p><form action="/contribute/checkout" method="post">'
            '<button name="amount" value="5">£5</button><button name="amount" value="10">£10'
            "</button></form>",
            "support",
        )

    # Feeds ----------------------------------------------------------------------------------

    def feed(self, path: str, title: str, link: str, stories: list[Story]) -> None:
        items = []
        for story in stories:
            url = self.story_url(story)
            categories = "".join(
                f'<category domain="{self.url(topic)}">{esc(TOPICS[topic].name)}</category>'
                for topic in story.topics
            )
            items.append(
                f"<item><title>{esc(story.headline)}</title><link>{url}</link>"
                f"<description>{esc(story.standfirst)}</description>{categories}"
                f"<pubDate>{format_datetime(story.published)}</pubDate>"
                f'<guid isPermaLink="true">{url}</guid>'
                f"<dc:creator>{esc(byline_text(story))}</dc:creator></item>"
            )
        newest = max((s.last_modified for s in stories), default=self.built())
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
            f"<title>{esc(title)}</title><link>{link}</link>"
            f"<description>Latest news from {SITE_NAME}</description><language>en-gb</language>"
            f"<copyright>National Ledger Media Ltd</copyright>"
            f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>\n"
            + "\n".join(items)
            + "\n</channel>\n</rss>\n"
        )
        self.add(path, Page("feed", body.encode(), "application/rss+xml; charset=UTF-8"))

    @staticmethod
    def built() -> datetime:
        return Build.modified

    def feeds(self) -> None:
        self.feed("/rss", SITE_NAME, self.url("/"), newest_first(STORIES))
        for key, name in SECTIONS.items():
            stories = newest_first([s for s in STORIES if s.section == key])
            self.feed(f"/{key}/rss", f"{name} | {SITE_NAME}", self.url("/" + key), stories)
        urls = "".join(
            f"<url><loc>{self.story_url(story)}</loc>"
            f"<lastmod>{_iso(story.last_modified)}</lastmod><news:news><news:publication>"
            f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>{_iso(story.published)}"
            f"</news:publication_date><news:title>{esc(story.headline)}</news:title>"
            f"<news:keywords>{esc(', '.join(TOPICS[t].name for t in story.topics))}"
            "</news:keywords></news:news></url>\n"
            for story in newest_first(STORIES)
        )
        sitemap = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{urls}</urlset>\n"
        )
        self.add("/sitemaps/news.xml", Page("sitemap", sitemap.encode(), "application/xml"))
        robots = (
            "User-agent: *\nDisallow: /email/\nDisallow: /contribute/checkout\n\n"
            f"Sitemap: {self.url('/sitemaps/news.xml')}\n"
        )
        self.add("/robots.txt", Page("other", robots.encode(), "text/plain; charset=UTF-8"))

    def build(self) -> _Site:
        for story in STORIES:
            if story.live:
                self.live_blog(story)
            else:
                self.article(story)
        self.home()
        self.fronts()
        self.tags()
        self.profiles()
        self.indexes()
        self.static_pages()
        self.feeds()
        return self


class Build(StaticBuild):
    """*The National Ledger*: a large national publisher's site (see the module's docstring)."""

    #: Last-Modified of every page: the morning after the newest story.
    modified = datetime(2024, 4, 2, 9, 0, tzinfo=UTC)
    timezone = TIMEZONE

    def pages(self, origin: str) -> dict[str, Page]:
        return _Site(origin).build().pages

    def ground_truth(self, origin: str) -> SiteTruth:
        site = _Site(origin).build()
        stories = []
        for story in STORIES:
            url = site.story_url(story)
            aliases: list[str] = []
            if story.moved_from is not None:
                aliases.append(site.url(story.path(story.moved_from)))
            if story.live:
                aliases.append(url + "?filterKeyEvents=true")
            stories.append(
                TruthStory(
                    url=url,
                    title=story.headline,
                    published=story.published.date().isoformat(),
                    authors=authors(story),
                    tags=tuple(TOPICS[path].name for path in story.topics),
                    body="\n\n".join(text_blocks(story)),
                    aliases=tuple(aliases),
                    section=SECTIONS[story.section],
                )
            )
        return SiteTruth(stories=tuple(stories), others=dict(site.others))
