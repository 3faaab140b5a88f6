"""Word lists the demo site's prose, headlines and taxonomy are drawn from.

Data only: :mod:`demosite.text` turns these into sentences. Names are invented; places,
institutions and publications are real so the copy reads like wire copy. Some entries carry ``&``
and curly quotes on purpose, so that escaping is exercised end to end.
"""

from __future__ import annotations

from dataclasses import dataclass

SITE_NAME = "Demo Daily"


@dataclass(frozen=True)
class Topic:
    """The vocabulary of one section of the site."""

    section: str
    orgs: tuple[str, ...]
    issues: tuple[str, ...]
    places: tuple[str, ...]
    tags: tuple[str, ...]
    roles: tuple[str, ...]
    events: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        section="News",
        orgs=(
            "the Home Office",
            "Network Rail",
            "the Met Office",
            "the RSPCA",
            "Marks & Spencer",
            "the Environment Agency",
            "Transport for London",
        ),
        issues=(
            "rail strikes",
            "the cost of living crisis",
            "flooding",
            "knife crime",
            "energy bills",
            "a shortage of lorry drivers",
            "the heatwave",
        ),
        places=(
            "Manchester",
            "Birmingham",
            "Leeds",
            "Glasgow",
            "Cardiff",
            "Bristol",
            "Newcastle",
            "Norwich",
        ),
        tags=(
            "Cost of living",
            "Energy bills",
            "Rail strikes",
            "Weather",
            "Crime",
            "Marks & Spencer",
            "Royal Family",
            "Platinum Jubilee",
        ),
        roles=(
            "a spokesperson for the council",
            "the chief constable",
            "a local councillor",
            "the union’s general secretary",
            "a senior forecaster",
        ),
        events=("travel chaos", "a week of disruption", "a hosepipe ban", "fresh walkouts"),
    ),
    Topic(
        section="Politics",
        orgs=(
            "Downing Street",
            "the Treasury",
            "the Labour Party",
            "the Conservative Party",
            "the Electoral Commission",
            "the Institute for Fiscal Studies",
        ),
        issues=(
            "the Northern Ireland Protocol",
            "the windfall tax",
            "the spring statement",
            "immigration policy",
            "the levelling up agenda",
            "the partygate report",
        ),
        places=("Westminster", "Stormont", "Holyrood", "Wakefield", "Tiverton", "Whitehall"),
        tags=(
            "Boris Johnson",
            "Keir Starmer",
            "Rishi Sunak",
            "Brexit",
            "Northern Ireland",
            "Partygate",
            "Local elections",
        ),
        roles=(
            "the shadow chancellor",
            "a Cabinet minister",
            "a senior Tory backbencher",
            "the Liberal Democrat leader",
            "a former party chairman",
        ),
        events=("a confidence vote", "a by-election", "a Cabinet reshuffle", "a Commons revolt"),
    ),
    Topic(
        section="World",
        orgs=(
            "the United Nations",
            "NATO",
            "the European Commission",
            "the Kremlin",
            "the Atlantic Council",
            "the Red Cross",
        ),
        issues=(
            "the war in Ukraine",
            "grain exports",
            "sanctions on Moscow",
            "the refugee crisis",
            "the gas supply",
            "NATO enlargement",
        ),
        places=(
            "Kyiv",
            "Moscow",
            "Brussels",
            "Almaty",
            "Warsaw",
            "Helsinki",
            "Stockholm",
            "Washington DC",
        ),
        tags=(
            "Ukraine",
            "Vladimir Putin",
            "Russia",
            "NATO",
            "Kazakhstan",
            "Joe Biden",
            "European Union",
            "Finland",
        ),
        roles=(
            "the foreign minister",
            "a senior diplomat",
            "a professor of political science",
            "the deputy chief of staff",
            "a military analyst",
        ),
        events=(
            "a fresh offensive",
            "emergency talks",
            "a Victory Day parade",
            "a prisoner exchange",
        ),
    ),
    Topic(
        section="Business",
        orgs=(
            "the Bank of England",
            "the Office for National Statistics",
            "Rolls-Royce",
            "AT&T",
            "Procter & Gamble",
            "the Confederation of British Industry",
        ),
        issues=(
            "inflation",
            "interest rates",
            "supply chain disruption",
            "the chip shortage",
            "wage growth",
            "the housing market",
        ),
        places=(
            "the City of London",
            "Frankfurt",
            "New York",
            "Shanghai",
            "Canary Wharf",
            "Edinburgh",
        ),
        tags=(
            "Inflation",
            "Bank of England",
            "Interest rates",
            "FTSE 100",
            "Housing market",
            "Jobs",
            "Retail",
        ),
        roles=(
            "the chief economist",
            "the chief executive",
            "an analyst at a City broker",
            "the finance director",
            "a senior fund manager",
        ),
        events=("a rate rise", "a profit warning", "a wave of job cuts", "a takeover bid"),
    ),
    Topic(
        section="Sport",
        orgs=(
            "the Football Association",
            "UEFA",
            "the England and Wales Cricket Board",
            "Manchester City",
            "Liverpool",
            "the Lawn Tennis Association",
        ),
        issues=(
            "the transfer window",
            "the Champions League final",
            "ticketing chaos",
            "VAR decisions",
            "the title race",
            "player welfare",
        ),
        places=("Wembley", "Paris", "Anfield", "Lord’s", "Wimbledon", "the Etihad"),
        tags=(
            "Premier League",
            "Champions League",
            "England",
            "Cricket",
            "Tennis",
            "Transfer news",
        ),
        roles=(
            "the head coach",
            "the club captain",
            "a former England international",
            "the sporting director",
            "the team doctor",
        ),
        events=(
            "a dramatic comeback",
            "a penalty shootout",
            "a record-breaking innings",
            "a shock defeat",
        ),
    ),
    Topic(
        section="Science",
        orgs=(
            "NASA",
            "the European Space Agency",
            "the Royal Society",
            "the University of Oxford",
            "the Natural History Museum",
            "the Met Office Hadley Centre",
        ),
        issues=(
            "climate change",
            "the James Webb Space Telescope",
            "gene editing",
            "plastic pollution",
            "sea level rise",
            "biodiversity loss",
        ),
        places=(
            "Antarctica",
            "Cape Canaveral",
            "the Great Barrier Reef",
            "Greenland",
            "the Amazon",
            "Cambridge",
        ),
        tags=("Climate change", "NASA", "Space", "Environment", "Wildlife", "Archaeology"),
        roles=(
            "the lead author of the study",
            "a climate scientist",
            "a senior researcher",
            "the mission’s project manager",
            "a marine biologist",
        ),
        events=("a rocket launch", "a record melt", "a landmark discovery", "a coral bleaching"),
    ),
    Topic(
        section="Health",
        orgs=(
            "the NHS",
            "the UK Health Security Agency",
            "the World Health Organization",
            "the British Medical Association",
            "Cancer Research UK",
            "NHS England",
        ),
        issues=(
            "monkeypox",
            "waiting lists",
            "COVID-19 boosters",
            "obesity",
            "ambulance response times",
            "long COVID",
        ),
        places=("London", "Liverpool", "Belfast", "Leicester", "Southampton", "Sheffield"),
        tags=("NHS", "COVID-19", "Monkeypox", "Cancer", "Mental health", "Diet"),
        roles=(
            "the chief medical officer",
            "a consultant epidemiologist",
            "a GP",
            "the health secretary",
            "the chair of the royal college",
        ),
        events=(
            "a winter crisis",
            "a new outbreak",
            "a vaccine rollout",
            "a junior doctors’ strike",
        ),
    ),
    Topic(
        section="Entertainment",
        orgs=(
            "the BBC",
            "Netflix",
            "the Eurovision Song Contest",
            "the Cannes Film Festival",
            "ITV",
            "the Royal Albert Hall",
        ),
        issues=(
            "streaming price rises",
            "the Platinum Jubilee concert",
            "the festival season",
            "a much-delayed sequel",
            "falling cinema attendance",
            "ticket resale",
        ),
        places=("Cannes", "Turin", "Glastonbury", "Hollywood", "the West End", "Edinburgh"),
        tags=("Eurovision", "Netflix", "BBC", "Film", "Music", "Television"),
        roles=(
            "the show’s executive producer",
            "a veteran presenter",
            "the festival director",
            "a film critic",
            "the band’s manager",
        ),
        events=(
            "a surprise reunion",
            "a red carpet premiere",
            "a record-breaking tour",
            "an on-air gaffe",
        ),
    ),
    Topic(
        section="Travel",
        orgs=(
            "easyJet",
            "British Airways",
            "Heathrow Airport",
            "the Foreign Office",
            "the Passport Office",
            "P&O Ferries",
        ),
        issues=(
            "airport queues",
            "flight cancellations",
            "passport delays",
            "staff shortages",
            "rising fuel costs",
            "new entry rules",
        ),
        places=("Gatwick", "Malaga", "Dover", "Palma", "Faro", "Manchester Airport"),
        tags=("Holidays", "Flights", "Spain", "Heathrow", "Cruises", "Travel advice"),
        roles=(
            "a travel expert",
            "the airline’s chief executive",
            "a consumer champion",
            "an airport spokesperson",
            "the trade body’s director",
        ),
        events=("half-term chaos", "a summer getaway", "a baggage meltdown", "a border strike"),
    ),
)

# Tags any section may carry, so that tag listings mix sections.
GENERAL_TAGS: tuple[str, ...] = ("UK", "Analysis", "Breaking news", "Explainer")

FIRST_NAMES: tuple[str, ...] = (
    "Amelia",
    "Oliver",
    "Priya",
    "Tomasz",
    "Grace",
    "Daniel",
    "Fatima",
    "Liam",
    "Sofia",
    "James",
    "Chloe",
    "Marcus",
    "Hannah",
    "Kwame",
    "Isabel",
    "Rhys",
    "Yasmin",
    "Connor",
    "Elena",
    "Samuel",
    "Niamh",
    "Arjun",
    "Harriet",
    "Mateo",
    "Zara",
    "Callum",
    "Ingrid",
    "Ravi",
    "Lucy",
    "Owen",
)
LAST_NAMES: tuple[str, ...] = (
    "Thornton",
    "Okafor",
    "Kowalski",
    "Patel",
    "MacLeod",
    "Fernandes",
    "Whitaker",
    "Lindqvist",
    "O’Brien",
    "Hughes",
    "Achebe",
    "Moreau",
    "Nakamura",
    "Castellano",
    "Brennan",
    "Sinclair",
    "Kuznetsova",
    "Abernathy",
    "Rahman",
    "Delacroix",
    "Fitzgerald",
    "Haddad",
    "Wójcik",
    "Pemberton",
)

PUBLICATIONS: tuple[str, ...] = (
    "The Times",
    "The Telegraph",
    "the Financial Times",
    "The Guardian",
    "Sky News",
    "the BBC",
)
AGENCIES: tuple[str, ...] = ("Reuters", "the Associated Press", "AFP", "the PA news agency")
IMAGE_CREDITS: tuple[str, ...] = ("Reuters", "Getty Images", "PA", "AFP", "EPA", "Shutterstock")

WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

ADJECTIVES: tuple[str, ...] = (
    "unprecedented",
    "deeply worrying",
    "long overdue",
    "hugely significant",
    "reckless",
    "a step in the right direction",
    "a missed opportunity",
    "extraordinary",
)
CLAIMS: tuple[str, ...] = (
    "the current approach was no longer sustainable",
    "{org} had failed to act quickly enough",
    "the situation could worsen considerably over the coming months",
    "ordinary families would bear the brunt of the changes",
    "there was still time to avoid the worst outcome",
    "lessons had not been learned from previous mistakes",
    "the figures painted a far more complicated picture than ministers suggested",
    "the decision had been taken without proper consultation",
)
QUOTES: tuple[str, ...] = (
    "We are deeply concerned about {issue} and will continue to monitor the situation closely.",
    "This is a defining moment for {place}, and we simply cannot afford to get it wrong.",
    "Nobody should be under any illusion about how serious {issue} has become.",
    "We have been warning about this for years and nobody listened.",
    "People are understandably angry, and they deserve straight answers.",
    "It is far too early to say what this will mean in the long run.",
    "We will not be taking any decisions until we have looked at all of the evidence.",
    "Frankly, the response so far has been nowhere near good enough.",
)
METRICS: tuple[str, ...] = (
    "average household spending",
    "the number of complaints",
    "demand",
    "overall costs",
    "the waiting time",
    "public support",
    "the number of incidents",
    "sales",
)
UNITS: tuple[str, ...] = ("people", "families", "workers", "households", "passengers", "residents")
STATES: tuple[str, ...] = (
    "out of pocket",
    "without support",
    "facing delays",
    "at risk",
    "in limbo",
    "unable to plan ahead",
)
ACTIONS: tuple[str, ...] = (
    "review",
    "tackle",
    "overhaul",
    "investigate",
    "scale back",
    "set out new plans on",
)
SUBHEADINGS: tuple[str, ...] = (
    "What happens next?",
    "Reaction in {place}",
    "Calls for an inquiry",
    "The numbers behind it",
    "A growing row",
    "What the experts say",
    "How we got here",
    "Pressure mounts on {org_short}",
)
FIGURE_CAPTIONS: tuple[str, ...] = (
    "Crowds gathered in {place} on {weekday}",
    "Officials at a briefing in {place}",
    "A file photo of {place}",
    "The scene in {place} earlier this week",
)
