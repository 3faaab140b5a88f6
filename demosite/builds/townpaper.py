"""townpaper: The Millbrook Gazette, a small-town paper on a hand-written PHP CMS.

What makes it unlike the WordPress build, as such sites are:

* table layout with ``<font>`` and ``<center>``, served as ISO-8859-1 (header and
  ``<meta http-equiv>``; the bytes are latin-1, characters outside it are numeric references);
* no JSON-LD, no OpenGraph, no microdata, no ``<time>``, no canonical links;
* stories at ``/news/story.php?id=N``, sections at ``section.php?s=KEY`` paged by offset
  (``&start=4``), month archives at ``archive.php?m=YYYY-MM`` paged by number (``&page=2``, and
  ``&page=1`` as well as the bare address for the first page), tags at ``tag.php?t=SLUG``;
* ``<title>`` is "The Millbrook Gazette - <headline>"; the headline is a ``<font size="+2"><b>``
  on the story page and an ``<h2>`` on its printer-friendly view;
* bylines and dates as plain text ("By Zoë Brontë, Staff Writer", "By Gazette Staff",
  "By The Associated Press"; "Posted: Tuesday, March 12, 2024 4:15 PM" or "Mar. 8, 2024"), in
  the site's time zone, America/Chicago, with today's date in every page's header;
* a printer-friendly view of every story at ``/news/print.php?id=N`` with no canonical link:
  an alias of the story;
* boilerplate around the story: navigation column, weather, classifieds and letters boxes, a
  photo caption, "More ... news" links, reader comments, a copyright and address footer.

Everything is rendered from :data:`STORIES` and the pages' text below, and the ground truth is
read from the same data and the same table of pages, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import quote

from demosite.builds import Page, SiteTruth, StaticBuild, TruthStory

SITE_NAME = "The Millbrook Gazette"
#: The site's time zone: every time it prints is local to it, without saying so.
TIMEZONE = "America/Chicago"
CONTENT_TYPE = "text/html; charset=ISO-8859-1"
#: The day the site is served on, as the header prints it on every page.
TODAY = datetime(2024, 3, 14, 4, 0)
SECTION_PAGE_SIZE = 4
ARCHIVE_PAGE_SIZE = 5
HOME_TEASERS = 6
TEASER_WORDS = 30


@dataclass(frozen=True)
class Comment:
    name: str
    posted: datetime
    text: str


@dataclass(frozen=True)
class Photo:
    caption: str
    credit: str


@dataclass(frozen=True)
class Story:
    """One story as the CMS keeps it; :attr:`posted` is local time (America/Chicago)."""

    id: int
    section: str  # a key of SECTIONS
    headline: str
    byline: str  # as printed
    authors: tuple[str, ...]  # the people in the byline (none for staff or an agency)
    posted: datetime
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    short_date: bool = False  # printed "Mar. 8, 2024" instead of "Posted: Friday, ..."
    updated: datetime | None = None
    deck: str | None = None
    photo: Photo | None = None
    comments: tuple[Comment, ...] = ()


SECTIONS = {
    "local": "Local News",
    "schools": "Schools",
    "sports": "Sports",
    "business": "Business",
    "community": "Community",
}

ZOE = "Zoë Brontë"
TOM = "Tom Reilly"
ANA = "Ana Costa"
DALE = "Dale Hendricks"

# Newest first, as the CMS lists them. Ids are not contiguous: drafts that never ran took some.
STORIES: tuple[Story, ...] = (
    Story(
        id=1044,
        section="local",
        headline="Council Approves Main Street Repaving After Two-Hour Debate",
        byline=f"By {ZOE}, Staff Writer",
        authors=(ZOE,),
        posted=datetime(2024, 3, 13, 21, 40),
        tags=("city council", "Main Street", "roads"),
        photo=Photo(
            "Traffic moves along the 300 block of Main Street on Wednesday, one of six blocks "
            "to be repaved this summer.",
            f"Gazette photo by {ZOE}",
        ),
        paragraphs=(
            "The Millbrook City Council voted 5-2 Wednesday night to repave six blocks of Main "
            "Street this summer, ending a debate that stretched past two hours and filled the "
            "council chambers with business owners worried about losing customers during "
            "construction.",
            "The $1.4 million project will replace the cracked asphalt between First and Sixth "
            "streets, rebuild the curbs and add two mid-block crosswalks near the post office. "
            "Work is scheduled to begin June 3 and wrap up before the Harvest Days festival in "
            "mid-September.",
            '"We have patched that road every spring for eleven years," said Mayor Linda '
            'Okafor. "At some point the patches are holding up other patches. It is time to do '
            'it right."',
            "Several merchants asked the council to delay the work until fall. Renée Dubois, "
            "who is preparing to open a café in the former Hadley Hardware building, said a "
            "summer of detours could sink a new business before it finds its footing.",
            '"I am not naïve about it \u2014 the street needs the work," Dubois said. "I only '
            "ask that you keep at least one lane open and the sidewalks clear, so people can "
            'still walk in the door."',
            "City Engineer Mark Castellano said the contractor, Prairie Paving of Ottawa, will "
            "work one block at a time and keep sidewalks open on at least one side of the "
            "street. Parking will move to the municipal lot behind City Hall, which will be "
            "free for the length of the project.",
            "Aldermen Greg Patterson and Sue Lindqvist voted against the plan. Patterson said "
            "the city should have sought a state grant that could have covered up to half the "
            "cost; Castellano answered that the next grant round would not pay out until 2026.",
            "The repaving will be paid for from the city's road fund and a short-term loan "
            "that the council expects to repay from motor fuel tax receipts over four years. A "
            "public meeting on the construction schedule is planned for April 17 at 6 p.m. at "
            "City Hall.",
        ),
        comments=(
            Comment(
                "millbrookmom",
                datetime(2024, 3, 13, 22, 2),
                "About time. I have lost two hubcaps to the pothole in front of the bank.",
            ),
            Comment(
                "Jim P.",
                datetime(2024, 3, 13, 22, 31),
                "Why not wait until after Harvest Days? Every summer project in this town runs "
                "long.",
            ),
            Comment(
                "RiverRat62",
                datetime(2024, 3, 14, 0, 48),
                "Glad they are keeping the sidewalks open. Good luck to the new café!",
            ),
        ),
    ),
    Story(
        id=1043,
        section="schools",
        headline="School Board Weighs Four-Day Week as Bus Driver Shortage Deepens",
        byline=f"By {TOM} and {ANA}",
        authors=(TOM, ANA),
        posted=datetime(2024, 3, 12, 16, 15),
        updated=datetime(2024, 3, 13, 9, 2),
        deck="District has seven routes and four full-time drivers; parents split on the idea",
        tags=("school board", "buses"),
        paragraphs=(
            "Millbrook Community Unit School District 212 could move to a four-day school week "
            "as early as next fall, board members said Monday, as the district struggles to "
            "find enough drivers to run its buses.",
            "The district has seven bus routes and only four full-time drivers. Transportation "
            "Director Karen Whitfield said she, two mechanics and a retired principal have been "
            "driving routes since January, and that the arrangement cannot last through "
            "another winter.",
            '"Some mornings I drive a route, then go back to the garage and drive another '
            'one," Whitfield told the board. "Our kids are getting to school, but we are one '
            'flu season away from cancelling routes."',
            "Under the plan presented Monday, students would attend Tuesday through Friday, "
            "with school days lengthened by about 70 minutes to meet the state's instructional "
            "time requirements. Mondays would be used for staff training, tutoring and make-up "
            "days.",
            "Superintendent José Núñez said more than two dozen Illinois districts, most of "
            "them rural, have tried a four-day week, and that some report lower costs and "
            "easier hiring. He cautioned that the research on student achievement is mixed.",
            "Parents who spoke at the meeting were divided. Megan Sørensen, who has two "
            "children at Millbrook Elementary, said a free Monday would mean paying for day "
            "care she cannot afford. Others said they would welcome a longer weekend for family "
            "and farm work.",
            "Board President Dale Kowalski said no decision would be made before a series of "
            "public forums in April. The board must approve next year's calendar by its May 20 "
            "meeting.",
            "The district is also raising its starting pay for drivers to $24 an hour from "
            "$19.50 and will pay for the commercial driver's license training that new hires "
            "need, Núñez said.",
            "Forums are scheduled for April 2 at Millbrook High School and April 9 at Ashby "
            "Grade School, both at 7 p.m. A survey for parents is available at the district "
            "office and at the public library.",
        ),
    ),
    Story(
        id=1041,
        section="sports",
        headline="Lady Millers Punch Ticket to State With 58-51 Win Over Ottawa",
        byline=f"By {DALE}, Sports Editor",
        authors=(DALE,),
        # Filed after a late game: past midnight, local time.
        posted=datetime(2024, 3, 11, 0, 40),
        tags=("basketball", "Millbrook High"),
        paragraphs=(
            "PEORIA \u2014 The Millbrook girls basketball team is going back to the state "
            "finals for the first time since 1998 after a 58-51 win over Ottawa in the "
            "supersectional Sunday night at Carver Arena.",
            "Senior guard Abby Lindqvist scored 21 points, including four free throws in the "
            "final 40 seconds, as the Lady Millers (29-4) held off a late Ottawa run that cut "
            "a 13-point lead to three.",
            '"We talked all week about not flinching," coach Tasha Greene said. "They came at '
            'us hard in the fourth quarter and our girls just kept making the next play."',
            "Junior forward Noor Haddad added 14 points and 11 rebounds, and sophomore Ellie "
            "Brandt hit three 3-pointers in the first half, when Millbrook built a 31-22 lead.",
            "Ottawa (26-7) got within 52-49 on a layup by Kayla Simmons with 1:12 to play, but "
            "Lindqvist answered with a drive to the basket and Haddad blocked a shot at the "
            "other end.",
            "Millbrook will face Rockford Lutheran in a Class 2A semifinal at 1:30 p.m. Friday "
            "in Normal.",
            "Fan buses will leave the high school at 9 a.m. Friday. Tickets are $12 and are "
            "sold at the athletic office through Thursday afternoon.",
        ),
        comments=(
            Comment(
                "GoMillers",
                datetime(2024, 3, 11, 7, 15),
                "What a game! So proud of these girls.",
            ),
            Comment(
                "Coach K (ret.)",
                datetime(2024, 3, 11, 8, 40),
                "Lindqvist at the line with the game on it, ice in her veins. Best team this "
                "town has had in 25 years.",
            ),
        ),
    ),
    Story(
        id=1040,
        section="business",
        headline="Café Lumière to Open in Former Hadley Hardware Building",
        byline=f"By {ZOE}",
        authors=(ZOE,),
        posted=datetime(2024, 3, 8, 10, 0),
        short_date=True,
        tags=("Main Street", "local business"),
        paragraphs=(
            "A French-style café will move into the former Hadley Hardware building at 312 "
            "Main St. this spring, bringing coffee, pastries and a light lunch menu to a block "
            "that has sat mostly empty since the hardware store closed in 2021.",
            "Owner Renée Dubois, who grew up in Millbrook and spent 12 years as a pastry chef "
            "in Chicago, said she plans to open Café Lumière in late April. The menu will "
            'include croissants, quiche, soups and a crème brûlée she described as "my '
            "grandmother's, and not up for debate.\"",
            "Dubois bought the building in December for $145,000. She is restoring the 1904 "
            "façade, including the original pressed-tin cornice, with help from a $20,000 "
            "grant from the city's downtown improvement fund.",
            '"Every time I came home I walked past these windows and thought somebody should '
            'do something with them," she said. "Eventually I realized the somebody was going '
            'to have to be me."',
            "The café will seat about 30 and will be open 7 a.m. to 3 p.m. Tuesday through "
            "Saturday. Dubois said she is hiring four part-time staff and will take "
            "applications at the building on Saturdays in March.",
        ),
    ),
    Story(
        id=1039,
        section="local",
        headline="Ice Storm Leaves 2,300 Without Power",
        byline="By Gazette Staff",
        authors=(),
        posted=datetime(2024, 3, 6, 7, 5),
        tags=("weather", "power outage"),
        paragraphs=(
            "About 2,300 homes and businesses in Millbrook and Ashby Township were without "
            "electricity early Wednesday after freezing rain brought down tree limbs and power "
            "lines overnight.",
            "Central Prairie Electric said crews from three neighboring cooperatives were "
            "helping with repairs and that most customers should have power back by Thursday "
            "evening. The Millbrook Community Center on Oak Street is open as a warming "
            "shelter.",
            "Millbrook and Ashby schools are closed Wednesday. Residents are asked to report "
            "downed lines at (815) 555-0199 and to stay at least 30 feet away from them.",
        ),
    ),
    Story(
        id=1038,
        section="community",
        headline="English Sister City Delegation Brings £2,500 Gift for Library",
        byline=f"By {ANA}, Staff Writer",
        authors=(ANA,),
        posted=datetime(2024, 3, 4, 15, 30),
        tags=("sister city", "library"),
        paragraphs=(
            "Visitors from Millbrook's sister city of Thornbury, England, presented the "
            "Millbrook Public Library with a check for £2,500 on Monday, money raised over the "
            "winter by a village bake sale, a quiz night and a charity football match.",
            "The gift, worth about $3,150, will go toward the library's local history room, "
            "which holds the Gazette's bound volumes going back to 1887 and the only complete "
            "set of Millbrook High yearbooks.",
            '"We arrived with cake and left with far too much of your pie," said Margaret '
            'Ellison, chair of the Thornbury Twinning Association. "The money is the least of '
            'it. It is the friendships that matter."',
            "The two towns have exchanged visits every other year since 1994, when a Millbrook "
            "farmer and a Thornbury dairyman met at an agricultural show and, as the story "
            "goes, argued about cattle for three days.",
            "Library Director Ingrid Halvorsen said the money will pay to digitize the earliest "
            'volumes of the Gazette, which are too fragile to handle. "It would have been '
            'naïve to think we could do it on our own budget this decade," she said.',
            "The eight visitors are staying with host families through Saturday. A public "
            "reception is planned for Thursday at 5 p.m. at the library, 101 Oak St.",
        ),
    ),
    Story(
        id=1037,
        section="local",
        headline="Illinois House Panel Advances Bill to Cap Ambulance Charges",
        byline="By The Associated Press",
        authors=(),
        posted=datetime(2024, 3, 1, 6, 0),
        short_date=True,
        tags=("state government", "health care"),
        paragraphs=(
            "SPRINGFIELD, Ill. (AP) \u2014 A bill that would limit what patients pay for "
            "ground ambulance rides advanced in the Illinois House on Thursday, after "
            "lawmakers heard from families who received bills of several thousand dollars for "
            "trips of a few miles.",
            "The measure would bar ambulance providers from billing insured patients more than "
            "their plan's in-network cost-sharing amount, and would require insurers to pay "
            "providers a rate set by local governments or, where none exists, a state-set "
            "amount.",
            '"Nobody calling 911 is in a position to ask whether the ambulance is in their '
            "network,\" said the bill's sponsor, Rep. Angela Morrison, a Democrat from "
            "Champaign.",
            "Ambulance providers, especially rural volunteer services, warned that capping "
            "what they can collect could force some to close. A statewide association of fire "
            "chiefs said it was neutral on the bill but wanted changes to the payment formula.",
            "The House Health Care Availability Committee approved the measure 11-4. It now "
            "goes to the full House.",
            "At least 20 states have passed some form of protection against surprise "
            "ambulance bills, according to the National Conference of State Legislatures.",
        ),
    ),
    Story(
        id=1036,
        section="sports",
        headline="Millers' Season Ends in Regional Semifinal Loss to Seneca",
        byline=f"By {DALE}, Sports Editor",
        authors=(DALE,),
        posted=datetime(2024, 2, 28, 21, 55),
        tags=("basketball", "Millbrook High"),
        paragraphs=(
            "SENECA \u2014 The Millbrook boys basketball team's season ended Wednesday night "
            "with a 61-47 loss to top-seeded Seneca in the Class 2A regional semifinals.",
            "Seneca opened the second half on a 14-2 run to turn a two-point halftime lead "
            "into a comfortable margin. Senior Marcus Bell led Millbrook with 17 points in his "
            "final high school game, and junior Owen Pietrowski added 11.",
            "The Millers finish 15-14, their first winning season in five years. Coach Rick "
            "Delgado loses four seniors but returns three starters.",
        ),
    ),
    Story(
        id=1035,
        section="sports",
        headline="Müller Wins Second State Wrestling Title",
        byline=f"By {DALE}, Sports Editor",
        authors=(DALE,),
        # Late Sunday evening in Illinois is already Monday in UTC.
        posted=datetime(2024, 2, 25, 22, 15),
        tags=("wrestling", "Millbrook High"),
        paragraphs=(
            "CHAMPAIGN \u2014 Millbrook senior Luka Müller won his second straight state "
            "wrestling championship Saturday night, pinning Dwight's Caleb Frey in 3 minutes, "
            "41 seconds in the Class 1A 157-pound final.",
            "Müller (44-1) finishes his career with a 161-12 record, the most wins by a "
            "Millbrook wrestler. His only loss this season came in the finals of the Ottawa "
            "Invitational in December, a defeat he avenged at sectionals.",
            '"I have thought about that loss every day since," Müller said. "It is the best '
            'thing that happened to me all year."',
            "Sophomore Diego Ramírez placed fifth at 120 pounds, and the Millers finished 11th "
            "in the team standings, their best finish since 2011.",
            "Müller, whose family owns Müller's Bakery on Elm Street, will wrestle at Northern "
            "Illinois University next season.",
        ),
    ),
    Story(
        id=1033,
        section="schools",
        headline="Millbrook Students Earn Honors at Regional Science Fair",
        byline="By Gazette Staff",
        authors=(),
        posted=datetime(2024, 2, 21, 9, 0),
        short_date=True,
        tags=("Millbrook High", "science fair"),
        paragraphs=(
            "Five Millbrook High School students won awards at the Illinois Valley Regional "
            "Science Fair on Saturday in Peru. Seniors Hana Kobayashi and Aaron Fitch took "
            "first place in environmental science for a study of nitrate levels in the "
            "Vermilion River, and junior Chloé Martin won second place in chemistry.",
            "Sophomores Ben Arnaud and Lucia Ferreira received honorable mentions. Kobayashi, "
            "Fitch and Martin advance to the state fair in Champaign on May 3 and 4.",
        ),
    ),
    Story(
        id=1032,
        section="business",
        headline="Müller's Bakery Marks 50 Years on Elm Street",
        byline=f"By {TOM}, Staff Writer",
        authors=(TOM,),
        posted=datetime(2024, 2, 15, 11, 20),
        tags=("local business", "anniversaries"),
        photo=Photo(
            "Hans Müller, 81, shapes pretzels at Müller's Bakery on Tuesday.",
            f"Gazette photo by {TOM}",
        ),
        paragraphs=(
            "When Hans Müller opened his bakery on Elm Street in February 1974, he had one "
            "oven, a recipe book from his mother in Stuttgart and, by his own count, about $600 "
            "to his name.",
            "Fifty years later, Müller's Bakery turns out some 400 loaves a day, supplies "
            "bread to three restaurants and two school cafeterias, and still opens its doors "
            "at 5:30 every morning but Sunday.",
            "Hans Müller, now 81, comes in most days to shape the pretzels. His son Peter runs "
            "the business, and his granddaughter Greta, who studied at a baking school in "
            "Kansas City, has added sourdough and a gluten-free line.",
            '"My father thinks sourdough is a fad," Peter Müller said, laughing. "We have been '
            'selling it for six years. He still calls it a fad."',
            "The bakery survived a fire in 1989, the opening of a supermarket bakery on the "
            "edge of town in 2003 and the pandemic, when it sold bread through a window on the "
            "alley for five months.",
            "Longtime customers say the draw is as much the room as the rye. Retired teacher "
            "Dolores Peña has stopped in for coffee and a kolache every weekday morning since "
            '1985. "You come for the bread and you stay for the argument about the Cubs," she '
            "said.",
            "The bakery will celebrate its anniversary Saturday with free coffee, 1974 prices "
            "on doughnuts \u2014 15 cents apiece \u2014 and a cake Hans Müller says he will "
            "decorate himself.",
        ),
        comments=(
            Comment(
                "Elm St. neighbor",
                datetime(2024, 2, 15, 13, 2),
                "Best rye bread in the state. Congratulations to the whole Müller family!",
            ),
            Comment("dpena", datetime(2024, 2, 15, 15, 47), "Go Cubs."),
            Comment(
                "anon",
                datetime(2024, 2, 16, 8, 10),
                "The kolaches are better than the ones in Chicago. There, I said it.",
            ),
            Comment(
                "MHS '79",
                datetime(2024, 2, 17, 9, 25),
                "I worked the counter there in high school. Mr. Müller taught me to make "
                "change without a calculator.",
            ),
        ),
    ),
    Story(
        id=1030,
        section="local",
        headline="County Board Sets Hearing on Proposed Wind Farm",
        byline=f"By {TOM}, Staff Writer",
        authors=(TOM,),
        posted=datetime(2024, 2, 9, 14, 5),
        tags=("county board", "wind farm"),
        paragraphs=(
            "The Tillman County Board will hold a public hearing March 21 on a proposal to "
            "build up to 48 wind turbines on farmland north and west of Millbrook, the board "
            "decided Thursday.",
            "Chicago-based Northwind Renewables has signed leases with 31 landowners for the "
            "project, which it calls Prairie Gate Wind. The company says the turbines would "
            "produce enough electricity for about 60,000 homes and pay roughly $2.1 million a "
            "year in property taxes, much of it to the Millbrook and Ashby school districts.",
            "Opponents, organized as Tillman County Neighbors for Responsible Energy, say the "
            "turbines \u2014 each about 600 feet tall at the tip of the blade \u2014 would "
            "spoil the view, disturb sleep with noise and flickering shadows, and lower "
            "property values.",
            '"Nobody asked the people who live out here," said Carla Jensen, whose farmhouse '
            'would sit about a half-mile from the nearest planned turbine. "They asked the '
            'people who own the ground."',
            "A state law adopted last year limits how strictly counties can regulate wind "
            "projects, and County Board Chairman Roy Albers said the board's role is to decide "
            "whether Northwind's plan meets those standards, not whether the county wants wind "
            "power.",
            "The hearing will be at 6 p.m. in the Millbrook High School auditorium, which holds "
            "600 people. Written comments may be sent to the county clerk until March 15.",
        ),
    ),
    Story(
        id=1028,
        section="community",
        headline="Restored Depot Mural Returns to Public View",
        byline=f"By {ZOE}, Staff Writer",
        authors=(ZOE,),
        posted=datetime(2024, 1, 27, 10, 0),
        tags=("history",),
        paragraphs=(
            "A 1912 mural that once hung in the waiting room of Millbrook's Rock Island depot "
            "is back on display after a two-year restoration, the Millbrook Historical Society "
            "announced this week.",
            "The painting, eight feet wide, shows a threshing crew at work on the Albers farm "
            "east of town. It was rolled up and stored in the depot's attic when passenger "
            "service ended in 1958 and was not rediscovered until the building was sold in "
            "2019.",
            "Conservator Isabelle Fournier of Springfield removed decades of grime and repaired "
            'a tear across the lower corner. "Whoever rolled it up did it carefully," she said. '
            '"That is the only reason it survived."',
            "The mural hangs in the Historical Society's museum at 18 Depot St., open Saturdays "
            "and Sundays from 1 to 4 p.m. Admission is free.",
        ),
    ),
    Story(
        id=1027,
        section="schools",
        headline="Board Picks José Núñez as Next Superintendent",
        byline=f"By {ANA}, Staff Writer",
        authors=(ANA,),
        posted=datetime(2024, 1, 16, 20, 30),
        tags=("school board", "superintendent"),
        paragraphs=(
            "The Millbrook school board on Tuesday named José Núñez, an assistant "
            "superintendent in Rock Falls, as the district's next superintendent, choosing him "
            "from three finalists after a four-month search.",
            "Núñez, 46, grew up in Aurora and began his career as a Spanish teacher. He will "
            "be paid $168,000 a year under a three-year contract approved 6-1.",
            '"Millbrook has the kind of community support that most districts only talk '
            'about," Núñez said after the vote. "I want to spend my first months listening, '
            "especially to teachers and to the families who drive our buses and coach our "
            'teams."',
            "Board member Tom Whitcomb cast the lone no vote, saying he objected to the size "
            "of the contract, not to the candidate.",
            "Núñez will take over Feb. 1 from interim Superintendent Carol Baines, who has led "
            "the district since Paul Brennan retired in August.",
        ),
    ),
    Story(
        id=1025,
        section="local",
        headline="Police Warn of Phone Scam Targeting Seniors",
        byline="By Gazette Staff",
        authors=(),
        posted=datetime(2024, 1, 9, 8, 0),
        short_date=True,
        tags=("police", "scams"),
        paragraphs=(
            "Millbrook police are warning residents about callers who pretend to be a "
            "grandchild in trouble and ask for money to be sent by gift card or wire transfer.",
            "Chief Raymond Okonkwo said three older residents reported such calls last week, "
            "and one lost $4,000. In each case the caller said he had been arrested and begged "
            "the grandparent not to tell his parents.",
            "Police will never ask for payment by gift card, Okonkwo said. Anyone who receives "
            "a suspicious call is asked to hang up and call the department at (815) 555-0110.",
        ),
    ),
)

# --- The pages that are not stories: their text, written once -------------------------------

ABOUT = (
    "About the Gazette",
    (
        "The Millbrook Gazette has covered Millbrook, Ashby Township and the rest of northern "
        "Tillman County since 1887, when printer Elias Vance hauled a hand press from Ottawa "
        "and put out a four-page weekly from a room above the feed store.",
        "Today the Gazette prints on Wednesdays and Saturdays and posts local news on this "
        "site every day. We cover the city council, the county board, our schools and our "
        "teams, and we print every obituary, wedding and anniversary announcement our "
        "readers send us.",
        "The Gazette has been owned by the Kaminski family since 1962. Our newsroom is at 214 "
        "Main Street, across from the post office; stop in any weekday between 8 a.m. and "
        "5 p.m.",
    ),
)
PRIVACY = (
    "Privacy Policy",
    (
        "This site does not ask for your name or e-mail address unless you post a comment, "
        "subscribe or place a classified ad. We use what you give us only for that purpose, "
        "and we do not sell or rent it to anyone.",
        "Our web server keeps a log of the addresses that visit the site and the pages they "
        "read. We use it to count our readers and to keep the site running, and we delete it "
        "after 90 days.",
        "The site sets one cookie, which remembers your name in the comment form. You may "
        "turn cookies off in your browser and still read every page.",
        "Questions about this policy may be sent to the publisher at the address at the "
        "bottom of every page. This policy was last changed on Jan. 2, 2024.",
    ),
)
ADVERTISE = (
    "Advertise With Us",
    (
        "The Gazette reaches more than 6,000 households in print every week and about 20,000 "
        "readers a month online. Local businesses have advertised with us for more than a "
        "century.",
        "Display ads start at $9.50 per column inch. Web banners on every page of this site "
        "are $150 a month. Ask about our rates for inserts, the Harvest Days special section "
        "and the annual Progress edition.",
        "Call Pat Nguyen at (815) 555-0142, extension 3, or stop by the office to see sample "
        "ads and our rate card.",
    ),
)
SUBSCRIBE = (
    "Subscribe to the Gazette",
    (
        "Home delivery of both editions costs $39 a year in Tillman County and $52 a year "
        "elsewhere in Illinois. Students away at college pay $28 for the school year.",
        "To subscribe, call the circulation desk at (815) 555-0142, extension 1, or mail a "
        "check to the address below. New subscribers get a free Gazette calendar.",
    ),
)
CLASSIFIEDS = (
    "Classifieds",
    (
        "FOR SALE: Oak dining table with six chairs, good condition, $250 or best offer. Call "
        "555-0187 after 5 p.m.",
        "HELP WANTED: Part-time counter help at Müller's Bakery, early mornings. Apply in "
        "person, 407 Elm St.",
        "GARAGE SALE: Saturday 8 a.m. to 2 p.m., 1120 Prairie Ave. Tools, baby clothes, "
        "canning jars, a piano that needs tuning.",
        "FOR RENT: Two-bedroom apartment above 220 Main St., heat included, $675 a month. No "
        "pets. Call 555-0133.",
        "LOST: Gray tabby cat, answers to Biscuit, near Depot Street. Reward. Call 555-0161.",
        "To place an ad, call (815) 555-0142, extension 2. Ads are $6 for 20 words and run "
        "in both print editions and on this page for one week.",
    ),
)
STAFF = (
    ("Walter Kaminski", "Editor and Publisher", "wkaminski"),
    (ZOE, "Staff Writer", "zbronte"),
    (TOM, "Staff Writer", "treilly"),
    (ANA, "Staff Writer", "acosta"),
    (DALE, "Sports Editor", "sports"),
    ("Pat Nguyen", "Advertising", "ads"),
)
MAIL_DOMAIN = "millbrookgazette.example"
ADDRESS = "214 Main Street, P.O. Box 118, Millbrook, IL 61350"
PHONE = "(815) 555-0142"
EXTERNAL_LINKS = (
    ("City of Millbrook", "http://www.ci.millbrook.il.example/"),
    ("Millbrook Public Library", "http://www.millbrooklibrary.example/"),
    ("CUSD 212", "http://www.cusd212.example/"),
)
# The site's other pages: path, title, the ground truth's name for what they are.
INFO_PAGES = (
    ("/about.php", ABOUT, "about"),
    ("/privacy.php", PRIVACY, "privacy"),
    ("/advertise.php", ADVERTISE, "advertise"),
    ("/subscribe.php", SUBSCRIBE, "subscribe"),
    ("/classifieds.php", CLASSIFIEDS, "classifieds"),
)

# A 1x1 transparent GIF: the masthead and the photos (what they show is of no matter here).
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
ROBOTS = b"User-agent: *\nDisallow: /admin/\nDisallow: /news/comment.php\n"

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


# --- Addresses -------------------------------------------------------------------------------


def story_path(story: Story) -> str:
    return f"/news/story.php?id={story.id}"


def print_path(story: Story) -> str:
    return f"/news/print.php?id={story.id}"


def tag_slug(tag: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in tag.lower()).split())


def tag_path(tag: str) -> str:
    return f"/news/tag.php?t={tag_slug(tag)}"


def section_path(key: str, start: int = 0) -> str:
    return f"/news/section.php?s={key}" + (f"&start={start}" if start else "")


def month_key(story: Story) -> str:
    return f"{story.posted.year:04d}-{story.posted.month:02d}"


def archive_path(month: str, page: int | None = None) -> str:
    return f"/news/archive.php?m={month}" + (f"&page={page}" if page else "")


def _href(path: str, here: str) -> str:
    """How the CMS writes a link to *path* on the page at *here*: pages in /news/ link to each
    other relatively (``story.php?id=12``), everything else by absolute path."""
    if here.startswith("/news/") and path.startswith("/news/"):
        path = path.removeprefix("/news/")
    return escape(path)


# --- Text ------------------------------------------------------------------------------------


def _text(value: str) -> str:
    return escape(value, quote=False)


def _clock(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def long_date(moment: datetime) -> str:
    """ "Tuesday, March 12, 2024" """
    return f"{_DAYS[moment.weekday()]}, {_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def short_date(moment: datetime) -> str:
    """ "Mar. 12, 2024" """
    return f"{_MONTHS[moment.month - 1][:3]}. {moment.day}, {moment.year}"


def dateline(story: Story) -> str:
    """The date line under the byline, as printed."""
    if story.short_date:
        return short_date(story.posted)
    line = f"Posted: {long_date(story.posted)} {_clock(story.posted)}"
    if story.updated is not None:
        line += f" | Updated: {long_date(story.updated)} {_clock(story.updated)}"
    return line


def month_name(month: str) -> str:
    year, number = month.split("-")
    return f"{_MONTHS[int(number) - 1]} {year}"


def teaser(story: Story) -> str:
    words = story.paragraphs[0].split()
    return " ".join(words[:TEASER_WORDS]) + (" ..." if len(words) > TEASER_WORDS else "")


def _encode(document: str) -> bytes:
    # The CMS stores latin-1; what that cannot hold (dashes, curly quotes pasted from a word
    # processor) it keeps as numeric character references.
    return document.encode("iso-8859-1", "xmlcharrefreplace")


# --- Layout ----------------------------------------------------------------------------------


def _months() -> list[str]:
    return sorted({month_key(story) for story in STORIES}, reverse=True)


def _left_column() -> str:
    rows = ['<font face="Arial, Helvetica" size="2">', "<b>SECTIONS</b><br>"]
    rows.append('<a href="/index.php">Home</a><br>')
    rows += [f'<a href="{escape(section_path(k))}">{_text(v)}</a><br>' for k, v in SECTIONS.items()]
    rows.append("<br><b>ARCHIVES</b><br>")
    rows += [f'<a href="{escape(archive_path(m))}">{month_name(m)}</a><br>' for m in _months()]
    rows.append("<br><b>THE GAZETTE</b><br>")
    rows += [
        '<a href="/about.php">About Us</a><br>',
        '<a href="/contact.php">Contact Us</a><br>',
        '<a href="/subscribe.php">Subscribe</a><br>',
        '<a href="/advertise.php">Advertise With Us</a><br>',
        '<a href="/classifieds.php">Classifieds</a><br>',
        '<a href="/privacy.php">Privacy Policy</a><br>',
        "<br><b>LOCAL LINKS</b><br>",
    ]
    rows += [f'<a href="{url}" target="_blank">{_text(n)}</a><br>' for n, url in EXTERNAL_LINKS]
    rows += [
        '<br><form action="/search.php" method="get"><b>SEARCH</b><br>',
        '<input type="text" name="q" size="12"> <input type="submit" value="Go"></form>',
        "</font>",
    ]
    return "\n".join(rows)


def _right_column() -> str:
    return f"""<table width="100%" border="1" cellpadding="4" cellspacing="0" bordercolor="#99AABB" bgcolor="#E6EEF5">
<tr><td><font face="Arial, Helvetica" size="2"><b>MILLBROOK WEATHER</b><br>
Today: Partly cloudy, high 54°F<br>
Tonight: Clear, low 31°F<br>
Friday: Rain likely, high 48°F</font></td></tr></table>
<br>
<table width="100%" border="1" cellpadding="4" cellspacing="0" bordercolor="#BBAA77" bgcolor="#FFF8DC">
<tr><td><font face="Arial, Helvetica" size="2"><b>CLASSIFIEDS</b><br>
Garage sales, help wanted, homes for rent. <a href="/classifieds.php">Browse this week's ads</a>
or call {PHONE} to place yours.</font></td></tr></table>
<br>
<table width="100%" border="1" cellpadding="4" cellspacing="0" bordercolor="#999999" bgcolor="#F2F2F2">
<tr><td><font face="Arial, Helvetica" size="2"><b>LETTERS TO THE EDITOR</b><br>
Have something to say? Letters of 300 words or fewer may be sent to
<a href="mailto:letters@{MAIL_DOMAIN}">letters@{MAIL_DOMAIN}</a>. Include your name, town and
daytime phone. <a href="/contact.php">More ways to reach us</a></font></td></tr></table>
<br>
<center><font face="Arial, Helvetica" size="1">Get the Gazette delivered!<br>
<a href="/subscribe.php">Subscribe for $39 a year</a></font></center>"""  # noqa: E501


def _document(title: str, content: str, *, right_column: bool = True) -> bytes:
    right = (
        f'<td width="160" valign="top" bgcolor="#FFFFFF">{_right_column()}</td>'
        if right_column
        else ""
    )
    return _encode(f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>{_text(title)}</title>
<meta name="keywords" content="Millbrook, Illinois, news, Tillman County, Millbrook Gazette">
</head>
<body bgcolor="#FFFFFF" text="#000000" link="#003366" vlink="#663366" topmargin="0" leftmargin="0" marginheight="0" marginwidth="0">
<center>
<table width="770" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3"><a name="top"></a>
<table width="100%" border="0" cellpadding="4" cellspacing="0"><tr>
<td><a href="/"><img src="/images/masthead.gif" width="468" height="60" border="0" alt="{SITE_NAME}"></a><br>
<font face="Georgia, Times" size="2"><i>Serving Millbrook and Ashby Township since 1887</i></font></td>
<td align="right" valign="bottom"><font face="Arial, Helvetica" size="1">{long_date(TODAY)}<br>Millbrook, Illinois</font></td>
</tr></table></td></tr>
<tr><td colspan="3" bgcolor="#003366" height="4"></td></tr>
<tr>
<td width="150" valign="top" bgcolor="#EFEBD8">{_left_column()}</td>
<td width="460" valign="top" style="padding: 8px">
{content}
</td>
{right}
</tr>
<tr><td colspan="3" bgcolor="#003366" height="2"></td></tr>
<tr><td colspan="3" align="center"><font face="Arial, Helvetica" size="1">
Copyright © 2024 {SITE_NAME}. All rights reserved.<br>
{ADDRESS} · {PHONE}<br>
<a href="/privacy.php">Privacy Policy</a> | <a href="/contact.php">Contact</a> |
<a href="/advertise.php">Advertise</a> | <a href="#top">Top of page</a>
</font></td></tr>
</table>
</center>
</body>
</html>
""")  # noqa: E501


def _title(headline: str) -> str:
    return f"{SITE_NAME} - {headline}"


def _teasers(stories: list[Story], here: str) -> str:
    items = []
    for story in stories:
        href = _href(story_path(story), here)
        items.append(
            f'<p><a href="{href}"><b>{_text(story.headline)}</b></a><br>\n'
            f'<font size="1" color="#666666">{short_date(story.posted)} | '
            f"{_text(SECTIONS[story.section])}</font><br>\n"
            f'<font size="2">{_text(teaser(story))} <a href="{href}">more &raquo;</a></font></p>'
        )
    return "\n".join(items)


def _pager(pages: list[str], current: int, here: str) -> str:
    """ "Page 1 of 2: [1] 2 Next »"; *pages* are the addresses of pages 1, 2, ... as linked."""
    if len(pages) < 2:
        return ""
    parts = [f"Page {current + 1} of {len(pages)}:"]
    if current > 0:
        parts.append(f'<a href="{_href(pages[current - 1], here)}">&laquo; Prev</a>')
    for number, path in enumerate(pages):
        parts.append(
            f"[{number + 1}]"
            if number == current
            else f'<a href="{_href(path, here)}">{number + 1}</a>'
        )
    if current < len(pages) - 1:
        parts.append(f'<a href="{_href(pages[current + 1], here)}">Next &raquo;</a>')
    return f'<p align="center"><font size="2">{" ".join(parts)}</font></p>'


def _heading(text: str) -> str:
    return (
        f'<font face="Georgia, Times" size="+1" color="#003366"><b>{_text(text)}</b></font>'
        '<hr size="1" noshade>'
    )


# --- Pages -----------------------------------------------------------------------------------


def _story_page(story: Story) -> bytes:
    here = story_path(story)
    section = SECTIONS[story.section]
    parts = [
        '<table width="100%" border="0" cellpadding="4" cellspacing="0"><tr><td>',
        '<font face="Arial, Helvetica" size="1">'
        f'<a href="{_href(section_path(story.section), here)}">{_text(section.upper())}</a>'
        "</font><br>",
        f'<font face="Georgia, Times" size="+2"><b>{_text(story.headline)}</b></font><br>',
    ]
    if story.deck:
        parts.append(f'<font face="Georgia, Times" size="3"><i>{_text(story.deck)}</i></font><br>')
    parts += [
        f'<font face="Arial, Helvetica" size="2"><b>{_text(story.byline)}</b><br>',
        f"{_text(dateline(story))}<br>",
        f'<a href="#comments">Comments ({len(story.comments)})</a></font><br><br>',
    ]
    if story.photo is not None:
        parts.append(
            '<table align="right" width="210" border="0" cellpadding="4" cellspacing="0"><tr><td>'
            f'<img src="/images/photos/{story.id}.gif" width="200" height="150" border="1" '
            f'alt="{escape(story.photo.caption)}"><br>'
            f'<font size="1"><i>{_text(story.photo.caption)} ({_text(story.photo.credit)})</i>'
            "</font></td></tr></table>"
        )
    parts += [f"<p>{_text(paragraph)}</p>" for paragraph in story.paragraphs]
    tags = ", ".join(f"<a href={_href(tag_path(t), here)}>{_text(t)}</a>" for t in story.tags)
    parts += [
        f'<p><font size="2">Tags: {tags}</font></p>',
        f'<p><font size="2"><a href="{_href(print_path(story), here)}">Printer-friendly version</a>'
        f' | <a href="mailto:?subject={quote(story.headline)}">E-mail this story</a></font></p>',
        "</td></tr></table>",
        '<a name="comments"></a>',
        '<table width="100%" border="0" cellpadding="4" cellspacing="0">',
        f'<tr><td bgcolor="#EEEEEE"><font size="2"><b>Comments ({len(story.comments)})</b>'
        "</font></td></tr>",
    ]
    for comment in story.comments:
        when = f"{comment.posted.month}/{comment.posted.day}/{comment.posted.year}"
        parts.append(
            f'<tr><td><font size="2"><b>{_text(comment.name)}</b> wrote on {when} '
            f"{_clock(comment.posted)}:<br>{_text(comment.text)}</font></td></tr>"
        )
    if not story.comments:
        parts.append('<tr><td><font size="2">Be the first to comment.</font></td></tr>')
    parts += [
        '<tr><td><form method="post" action="/news/comment.php"><font size="2">'
        f'<input type="hidden" name="id" value="{story.id}">'
        'Name: <input type="text" name="name" size="20"><br>'
        '<textarea name="comment" rows="4" cols="40"></textarea><br>'
        '<input type="submit" value="Post comment"> Comments are reviewed before they appear.'
        "</font></form></td></tr></table>",
    ]
    others = [s for s in STORIES if s.section == story.section and s is not story][:3]
    if others:
        links = "".join(
            f'<li><a href="{_href(story_path(s), here)}">{_text(s.headline)}</a></li>'
            for s in others
        )
        parts.append(f'<br><font size="2"><b>More {_text(section)}</b><ul>{links}</ul></font>')
    return _document(_title(story.headline), "\n".join(parts))


def _print_page(story: Story, origin: str) -> bytes:
    here = print_path(story)
    paragraphs = "<br><br>\n".join(_text(p) for p in story.paragraphs)
    deck = f"<i>{_text(story.deck)}</i><br><br>\n" if story.deck else ""
    return _encode(f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>{_text(_title(story.headline))}</title>
</head>
<body bgcolor="#FFFFFF">
<font face="Times New Roman" size="3">
<font size="+1"><b>{SITE_NAME}</b></font><br>
<font size="2"><a href="javascript:window.print()">Print this page</a> |
<a href="{_href(story_path(story), here)}">Return to story</a></font>
<hr>
<h2>{_text(story.headline)}</h2>
{deck}<b>{_text(story.byline)}</b><br>
{_text(dateline(story))}<br><br>
{paragraphs}
<hr>
<font size="2">This story was printed from {SITE_NAME}: {origin}{story_path(story)}<br>
Copyright © 2024 {SITE_NAME}, {ADDRESS}.</font>
</font>
</body>
</html>
""")


def _home_page(here: str) -> bytes:
    top, latest = STORIES[0], list(STORIES[1:HOME_TEASERS])
    href = _href(story_path(top), here)
    photo = (
        f'<img src="/images/photos/{top.id}.gif" width="200" height="150" align="right" '
        f'border="1" alt="{escape(top.photo.caption)}">'
        if top.photo
        else ""
    )
    sports = [s for s in STORIES if s.section == "sports"][:3]
    content = "\n".join(
        [
            _heading("Top Story"),
            f'{photo}<font face="Georgia, Times" size="+1"><a href="{href}"><b>'
            f"{_text(top.headline)}</b></a></font><br>",
            f'<font size="1" color="#666666">{_text(top.byline)} | {short_date(top.posted)}</font>',
            f'<p><font size="2">{_text(top.paragraphs[0])} <a href="{href}">Full story &raquo;'
            "</a></font></p>",
            '<br clear="all">',
            _heading("Latest News"),
            _teasers(latest, here),
            '<p><font size="2"><a href="'
            f'{escape(archive_path(month_key(STORIES[0])))}">More news in the archive &raquo;'
            "</a></font></p>",
            _heading("Sports Headlines"),
            "<ul>"
            + "".join(
                f'<li><font size="2"><a href="{_href(story_path(s), here)}">{_text(s.headline)}'
                f"</a> ({short_date(s.posted)})</font></li>"
                for s in sports
            )
            + "</ul>",
        ]
    )
    return _document(f"{SITE_NAME} - Millbrook, Illinois News, Sports and Community", content)


def _listing_page(title: str, intro: str, stories: list[Story], pager: str, here: str) -> bytes:
    content = "\n".join([_heading(title), intro, _teasers(stories, here), pager])
    return _document(_title(title), content)


def _info_page(title: str, paragraphs: tuple[str, ...]) -> bytes:
    body = "\n".join(f"<p>{_text(p)}</p>" for p in paragraphs)
    return _document(_title(title), f"{_heading(title)}\n{body}")


def _contact_page() -> bytes:
    rows = "\n".join(
        f'<tr><td><font size="2">{_text(name)}</font></td><td><font size="2">{_text(role)}'
        f'</font></td><td><font size="2"><a href="mailto:{box}@{MAIL_DOMAIN}">{box}@{MAIL_DOMAIN}'
        "</a></font></td></tr>"
        for name, role, box in STAFF
    )
    content = f"""{_heading("Contact Us")}
<p>{SITE_NAME}<br>{ADDRESS}<br>Phone {PHONE} · Fax (815) 555-0143</p>
<p>Office hours are 8 a.m. to 5 p.m., Monday through Friday. News tips are welcome at any hour
at <a href="mailto:news@{MAIL_DOMAIN}">news@{MAIL_DOMAIN}</a>.</p>
<table border="0" cellpadding="3" cellspacing="0">
<tr bgcolor="#EEEEEE"><td><b>Name</b></td><td><b>Position</b></td><td><b>E-mail</b></td></tr>
{rows}
</table>"""
    return _document(_title("Contact Us"), content)


@dataclass(frozen=True)
class _Entry:
    page: Page
    # What the ground truth calls the page ("home", "listing", "archive"...); None for a
    # story, its printer-friendly view and what is not an HTML page.
    truth_kind: str | None


def _chunks(stories: list[Story], size: int) -> list[list[Story]]:
    return [stories[i : i + size] for i in range(0, len(stories), size)] or [[]]


def _site(origin: str) -> dict[str, _Entry]:
    """Every address of the site: the one table both the pages and the ground truth read."""
    site: dict[str, _Entry] = {}

    def html(path: str, kind: str, body: bytes, truth_kind: str | None) -> None:
        site[path] = _Entry(Page(kind, body, content_type=CONTENT_TYPE), truth_kind)

    for path in ("/", "/index.php"):
        html(path, "listing", _home_page(path), "home")
    for story in STORIES:
        html(story_path(story), "article", _story_page(story), None)
        html(print_path(story), "view", _print_page(story, origin), None)

    for key, name in SECTIONS.items():
        chunks = _chunks([s for s in STORIES if s.section == key], SECTION_PAGE_SIZE)
        linked = [section_path(key, i * SECTION_PAGE_SIZE) for i in range(len(chunks))]
        for number, chunk in enumerate(chunks):
            here = linked[number]
            intro = (
                f'<p><font size="2">The latest {_text(name.lower())} from the Gazette.</font></p>'
            )
            body = _listing_page(name, intro, chunk, _pager(linked, number, here), here)
            html(here, "listing", body, "listing")

    for month in _months():
        chunks = _chunks([s for s in STORIES if month_key(s) == month], ARCHIVE_PAGE_SIZE)
        # Page 1 is linked bare from the navigation, and as "&page=1" from the other pages of
        # a month that has several.
        linked = [archive_path(month, n + 1) for n in range(len(chunks))]
        if len(chunks) == 1:
            linked = [archive_path(month)]
        for number, chunk in enumerate(chunks):
            paths = [archive_path(month)] if number == 0 and len(chunks) > 1 else []
            for here in [*paths, linked[number]]:
                title = f"Archive: {month_name(month)}"
                if len(chunks) > 1:
                    title += f" (Page {number + 1})"
                intro = f'<p><font size="2">Stories posted in {month_name(month)}.</font></p>'
                body = _listing_page(title, intro, chunk, _pager(linked, number, here), here)
                html(here, "listing", body, "archive")

    for tag in dict.fromkeys(t for s in STORIES for t in s.tags):
        here = tag_path(tag)
        tagged = [s for s in STORIES if tag in s.tags]
        intro = f'<p><font size="2">{len(tagged)} stories tagged "{_text(tag)}".</font></p>'
        html(here, "listing", _listing_page(f"Tag: {tag}", intro, tagged, "", here), "tag")

    for path, (title, paragraphs), truth_kind in INFO_PAGES:
        html(path, "other", _info_page(title, paragraphs), truth_kind)
    html("/contact.php", "other", _contact_page(), "contact")

    site["/images/masthead.gif"] = _Entry(Page("other", GIF, content_type="image/gif"), None)
    for story in STORIES:
        if story.photo is not None:
            page = Page("other", GIF, content_type="image/gif")
            site[f"/images/photos/{story.id}.gif"] = _Entry(page, None)
    site["/robots.txt"] = _Entry(Page("other", ROBOTS, content_type="text/plain"), None)
    return site


class Build(StaticBuild):
    """The Millbrook Gazette (see the module's docstring)."""

    timezone = TIMEZONE

    def pages(self, origin: str) -> dict[str, Page]:
        return {path: entry.page for path, entry in _site(origin).items()}

    def ground_truth(self, origin: str) -> SiteTruth:
        site = _site(origin)
        stories = tuple(
            TruthStory(
                url=origin + story_path(story),
                title=story.headline,
                published=story.posted.date().isoformat(),
                authors=story.authors,
                tags=story.tags,
                body="\n\n".join(story.paragraphs),
                aliases=(origin + print_path(story),),
                section=SECTIONS[story.section],
            )
            for story in STORIES
        )
        others = {
            origin + path: entry.truth_kind
            for path, entry in site.items()
            if entry.truth_kind is not None
        }
        return SiteTruth(stories=stories, others=others)
