"""``zeitung``: the *Rheinberger Anzeiger*, a German regional daily.

What sets it apart from the WordPress build, as sites of its kind do:

- German throughout (``<html lang="de">``, UTF-8), dates in German formats on the page only:
  "12. März 2024, 14:35 Uhr" or "12.03.2024, 14:35 Uhr" on the dateline, a "Stand: ..." line
  that is the last change (not the publication), relative "vor 2 Stunden" on teasers only.
- Partial structured data: OpenGraph title, description and ``og:type=article`` but no
  ``article:published_time``; JSON-LD names the organisation and the website, never the story;
  ``<meta name="author">`` on some stories only.
- A "Dachzeile" (kicker) inside the ``<h1>`` before the headline; the headline alone is the title.
- Bylines "Von Anna Müller", "Von Jonas Weber und Lea Schmitt", "Von Redaktion", "dpa",
  "Von Sven Reuter (mit dpa)": only people are authors.
- Undated article URLs (``/lokales/<slug>-a123456.html``), section listings paginated with
  ``?seite=2``, tags as "Schlagwörter" linking to ``/thema/<slug>/``, author pages, a daily
  archive, a search page, Impressum, Datenschutz, Kontakt, AGB, Abo and Newsletter pages.
- Furniture around and inside the story text: a cookie notice, "Lesen Sie auch:" promos and
  "Anzeige" slots between paragraphs, "Mehr zum Thema", "Artikel teilen", a newsletter box,
  picture captions with photo credits, a "Weiterlesen mit Plus" paywall teaser on a listing.
- Other addresses of a story: a renamed story's old address redirects (301) to its new one,
  and a story filed under two sections answers at both, the second naming the first canonical.

Everything here is rendered from :data:`STORIES` and the page texts below, and the ground truth
is derived from the same data.
"""

from __future__ import annotations

import html
import json
import re
import struct
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from demosite.builds import Page, SiteTruth, StaticBuild, TruthStory

SITE_NAME = "Rheinberger Anzeiger"
PUBLISHER = "Rheinberger Verlagsgesellschaft mbH & Co. KG"
#: The zone of every time the site prints (none says its offset).
TIMEZONE = "Europe/Berlin"
HTML = "text/html; charset=utf-8"
#: Teasers per section listing page.
PAGE_SIZE = 3
#: The moment the site is served as of, in local time: teasers say "vor 2 Stunden" from here.
#: It is :attr:`StaticBuild.modified` (09:00 UTC) on the local clock.
NOW = datetime(2024, 3, 14, 10, 0)

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

#: The sections, by their path, in the order of the navigation.
SECTIONS = {
    "lokales": ("Lokales", "Nachrichten aus Rheinberg: Rathaus, Verkehr, Schulen und Vereine."),
    "sport": ("Sport", "Fußball, Handball und Breitensport aus Rheinberg und der Region."),
    "kultur": ("Kultur", "Theater, Konzerte, Ausstellungen: das Kulturleben am Niederrhein."),
    "wirtschaft": ("Wirtschaft", "Unternehmen, Arbeitsmarkt und Verbraucher in der Region."),
}

#: Staff with an author page; other people in bylines (freelancers) have none.
STAFF = {
    "Anna Müller": (
        "anna-mueller",
        "Anna Müller leitet die Lokalredaktion des Rheinberger Anzeigers. Sie berichtet seit "
        "2011 über Kommunalpolitik, Stadtentwicklung und das Rheinberger Kulturleben.",
    ),
    "Jonas Weber": (
        "jonas-weber",
        "Jonas Weber ist Sportredakteur und berichtet über den Fußball in der Region. Wenn im "
        "Stadion am Deich gerade nicht gespielt wird, schreibt er über Verkehr und Bauprojekte.",
    ),
    "Lea Schmitt": (
        "lea-schmitt",
        "Lea Schmitt ist Redakteurin im Lokalressort. Ihre Themen sind Bildung, Familie und "
        "der Handballsport.",
    ),
    "Sven Reuter": (
        "sven-reuter",
        "Sven Reuter ist Wirtschaftsredakteur. Er beobachtet die Industrie am Niederrhein, den "
        "Arbeitsmarkt und den Einzelhandel.",
    ),
}


@dataclass(frozen=True)
class Story:
    """One story of the site, as written; pages and ground truth are both made from it.

    Paragraphs may hold links written ``[text](target)``: *target* is an address, or
    ``#a123456`` for the story with that id. The byline is ``people`` ("Von A und B"),
    else ``desk`` ("Von Redaktion"), else ``agency`` alone ("dpa"); ``note`` follows the
    people in brackets ("mit dpa").
    """

    id: int
    section: str
    slug: str
    kicker: str
    headline: str
    published: datetime  # local wall time
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]
    people: tuple[str, ...] = ()
    desk: str = ""
    agency: str = ""
    note: str = ""
    standfirst: str = ""
    teaser: str = ""  # what listings say of a story without a standfirst
    modified: datetime | None = None  # "Stand: ..."
    long_date: bool = True  # "12. März 2024, 14:35 Uhr", else "12.03.2024, 14:35 Uhr"
    figure: tuple[str, str] | None = None  # caption, photo credit
    ad_after: int = 2  # the "Anzeige" slot follows this many paragraphs
    promo: tuple[int, int] | None = None  # "Lesen Sie auch:" after N paragraphs, to story id
    promo_old_address: bool = False  # the promo was written before its target was renamed
    renamed_from: tuple[str, str] | None = None  # the old slug and headline; it redirects
    also_in: str | None = None  # another section that serves it too (canonical: this one)
    plus: bool = False  # behind the paywall: its listing teaser says "Weiterlesen mit Plus"
    meta_author: bool = False  # <meta name="author"> names its people


STORIES: tuple[Story, ...] = (
    Story(
        id=123456,
        section="lokales",
        slug="stadtrat-beschliesst-neuen-haushalt",
        kicker="Kommunalpolitik",
        headline="Stadtrat beschließt neuen Haushalt",
        published=datetime(2024, 3, 12, 14, 35),
        modified=datetime(2024, 3, 13, 9, 10),
        people=("Anna Müller",),
        meta_author=True,
        standfirst="Nach mehr als fünf Stunden Debatte hat der Rheinberger Stadtrat den "
        "Doppelhaushalt für 2024 und 2025 verabschiedet. Die Grundsteuer steigt, bei den "
        "Schulen wird nicht gespart.",
        tags=("Stadtrat", "Haushalt", "Grundsteuer"),
        ad_after=3,
        promo=(6, 123350),
        paragraphs=(
            "Es war kurz vor 22 Uhr, als Bürgermeisterin Sabine Krämer (SPD) am Dienstagabend "
            "das Ergebnis verkündete: Mit 27 Ja-Stimmen bei 14 Gegenstimmen und zwei "
            "Enthaltungen hat der Stadtrat den Doppelhaushalt für die Jahre 2024 und 2025 "
            "beschlossen. Zuvor hatten die Fraktionen mehr als fünf Stunden lang über "
            "Kürzungen, Investitionen und die Erhöhung der Grundsteuer gestritten.",
            "Das Zahlenwerk sieht für das laufende Jahr Ausgaben von rund 412 Millionen Euro "
            "vor. Dem stehen Erträge von 398 Millionen Euro gegenüber; das Defizit von 14 "
            "Millionen Euro soll aus der Ausgleichsrücklage gedeckt werden. Kämmerer Thomas "
            "Lindner sprach von einem „Haushalt der Vernunft in schwierigen Zeiten“.",
            "Am heftigsten umstritten war die Anhebung der Grundsteuer B. Der Hebesatz steigt "
            "von 545 auf 610 Prozentpunkte. Für den Eigentümer eines durchschnittlichen "
            "Einfamilienhauses bedeutet das nach Berechnungen der Verwaltung eine "
            "Mehrbelastung von etwa 60 Euro im Jahr, die über die Nebenkosten in der Regel "
            "auch an Mieterinnen und Mieter weitergegeben wird.",
            "CDU-Fraktionschef Martin Hoffmann warf der Mehrheit aus SPD und Grünen vor, die "
            "Bürger „für die Versäumnisse der vergangenen Jahre zahlen zu lassen“. Seine "
            "Fraktion hatte vorgeschlagen, stattdessen den geplanten Neubau des "
            "Verwaltungsgebäudes an der Bahnhofstraße um zwei Jahre zu verschieben. Der Antrag "
            "fand keine Mehrheit.",
            "Grünen-Sprecherin Elif Yıldız verteidigte den Kurs. Wer jetzt bei Schulen, "
            "Radwegen und dem Klimaschutz spare, lasse kommende Generationen die Rechnung "
            "bezahlen. Tatsächlich fließen in den kommenden zwei Jahren 38 Millionen Euro in "
            "die Sanierung von Schulgebäuden, darunter die Gesamtschule Nord und die "
            "Grundschule am Lindenhof.",
            "Auch die Innenstadt soll profitieren: Für die Umgestaltung des Marktplatzes sind "
            "4,2 Millionen Euro eingeplant, hinzu kommen Fördermittel des Landes. Baubeginn "
            "soll nach derzeitiger Planung im Frühjahr 2025 sein.",
            "Der Haushalt muss nun noch von der Bezirksregierung genehmigt werden. Kämmerer "
            "Lindner rechnet mit einer Entscheidung bis Ende April. Bis dahin gilt die "
            "vorläufige Haushaltsführung, neue freiwillige Ausgaben sind nur eingeschränkt "
            "möglich.",
            "Die Verwaltung will die Bürgerinnen und Bürger am 21. März um 18 Uhr im Ratssaal "
            "über die Einzelheiten informieren. Der vollständige Haushaltsplan steht auf der "
            "[Internetseite der Stadt](https://www.rheinberg.example/haushalt) zum Download "
            "bereit.",
        ),
    ),
    Story(
        id=123470,
        section="lokales",
        slug="vollsperrung-der-rheinbruecke-ab-montag",
        renamed_from=(
            "rheinbruecke-wird-ab-montag-gesperrt",
            "Rheinbrücke wird ab Montag gesperrt",
        ),
        kicker="Verkehr",
        headline="Vollsperrung der Rheinbrücke ab Montag",
        published=datetime(2024, 3, 13, 16, 10),
        modified=datetime(2024, 3, 14, 8, 45),
        long_date=False,
        people=("Jonas Weber", "Lea Schmitt"),
        standfirst="Pendler müssen sich auf lange Umwege einstellen: Die Rheinbrücke zwischen "
        "Rheinberg und Kessel wird für drei Wochen komplett gesperrt. Der Landesbetrieb "
        "erneuert die Fahrbahnübergänge.",
        figure=(
            "Die Rheinbrücke bei Rheinberg: Von Montag an geht hier drei Wochen lang nichts mehr.",
            "Jonas Weber",
        ),
        tags=("Verkehr", "Rheinbrücke", "Baustellen"),
        paragraphs=(
            "Ab Montag, 18. März, 5 Uhr, ist die Rheinbrücke der Bundesstraße 510 in beiden "
            "Richtungen gesperrt. Das hat der Landesbetrieb Straßenbau am Mittwoch mitgeteilt. "
            "Die Vollsperrung soll bis zum 8. April dauern; in dieser Zeit werden die "
            "Fahrbahnübergänge an beiden Brückenenden ausgetauscht und die Abdichtung erneuert.",
            "Täglich überqueren nach Zählungen des Landesbetriebs rund 31.000 Fahrzeuge die "
            "Brücke, darunter etwa 2.500 Lastwagen. Der Verkehr wird großräumig über die "
            "Autobahnbrücke bei Wesel umgeleitet. Autofahrer müssen je nach Ziel mit bis zu 25 "
            "Minuten längerer Fahrzeit rechnen.",
            "Fußgänger und Radfahrer können die Brücke weiterhin nutzen, allerdings nur auf der "
            "nördlichen Seite. Für Rettungsdienste bleibt eine Gasse frei, teilte ein Sprecher "
            "des Landesbetriebs mit.",
            "Die Verkehrsbetriebe Rheinberg kündigten an, die Buslinien 12 und 27 während der "
            "Sperrung umzuleiten. Die Haltestellen „Brückenkopf“ und „Am Deich“ entfallen. In "
            "den Hauptverkehrszeiten setzt das Unternehmen zusätzliche Busse auf der "
            "Umleitungsstrecke ein.",
            "Im Einzelhandel der Innenstadt wächst die Sorge. „Drei Wochen ohne die Kundschaft "
            "von der anderen Rheinseite, das spüren wir deutlich“, sagte Petra Vogel, "
            "Vorsitzende der Werbegemeinschaft. Sie fordert, auch nachts zu arbeiten, um die "
            "Sperrung zu verkürzen.",
            "Der Landesbetrieb verweist auf den Zeitplan: Schon jetzt werde an sechs Tagen pro "
            "Woche im Zweischichtbetrieb gearbeitet. Eine Verlängerung der Sperrung schließe "
            "man aus heutiger Sicht aus, sofern das Wetter mitspiele.",
        ),
    ),
    Story(
        id=123481,
        section="lokales",
        slug="neue-kita-im-nordviertel-oeffnet-im-herbst",
        kicker="Bildung",
        headline="Neue Kita im Nordviertel öffnet im Herbst",
        published=datetime(2024, 3, 11, 11, 20),
        people=("Lea Schmitt",),
        standfirst="Gute Nachricht für Familien: Die Stadt schafft 95 zusätzliche "
        "Betreuungsplätze.",
        tags=("Kita", "Nordviertel"),
        paragraphs=(
            "Die neue Kindertagesstätte an der Ahornstraße im Nordviertel soll im September "
            "ihren Betrieb aufnehmen. Das kündigte Jugenddezernentin Miriam Scholz am Montag "
            "bei einer Baustellenbesichtigung an. Der Rohbau ist fertig, derzeit laufen die "
            "Arbeiten am Innenausbau.",
            "In sechs Gruppen sollen 95 Kinder betreut werden, darunter 30 unter drei Jahren. "
            "Träger der Einrichtung wird die Arbeiterwohlfahrt. Anmeldungen sind ab sofort "
            "über das Kita-Portal der Stadt möglich.",
            "Trotz des Neubaus fehlen in Rheinberg nach Schätzung der Verwaltung weiterhin rund "
            "200 Betreuungsplätze. Zwei weitere Einrichtungen im Süden der Stadt sind in "
            "Planung.",
        ),
    ),
    Story(
        id=123502,
        section="lokales",
        slug="polizei-sucht-zeugen-nach-einbruch-in-baeckerei",
        kicker="Blaulicht",
        headline="Polizei sucht Zeugen nach Einbruch in Bäckerei",
        # Just after midnight: in UTC this is still the day before.
        published=datetime(2024, 3, 14, 0, 20),
        long_date=False,
        desk="Redaktion",
        teaser="Die Täter erbeuteten die Tageseinnahmen und eine Kaffeemaschine. Die "
        "Kriminalpolizei bittet um Hinweise.",
        tags=("Polizei", "Einbruch"),
        ad_after=1,
        paragraphs=(
            "Unbekannte sind in der Nacht zu Mittwoch in eine Bäckerei an der Hauptstraße "
            "eingebrochen. Nach Angaben der Polizei hebelten die Täter zwischen 1 und 4 Uhr die "
            "Hintertür auf und entwendeten die Tageseinnahmen sowie eine Kaffeemaschine. Der "
            "Schaden wird auf rund 3.000 Euro geschätzt.",
            "Die Kriminalpolizei bittet Zeugen, die in der Nacht verdächtige Beobachtungen "
            "gemacht haben, sich unter der Telefonnummer 02843 9200 zu melden.",
        ),
    ),
    Story(
        id=123399,
        section="lokales",
        slug="wie-das-alte-kaufhaus-behrens-wieder-zum-leben-erwachen-soll",
        kicker="Stadtentwicklung",
        headline="Wie das alte Kaufhaus Behrens wieder zum Leben erwachen soll",
        published=datetime(2024, 3, 9, 7, 0),
        people=("Karl-Heinz Österreicher",),
        plus=True,
        standfirst="Seit vier Jahren steht das frühere Kaufhaus Behrens an der Marktstraße "
        "leer. Jetzt gibt es einen Investor, einen Plan und viele offene Fragen. Ein Rundgang "
        "durch ein Haus, an dem die Erinnerungen einer ganzen Stadt hängen.",
        figure=(
            "Das frühere Kaufhaus Behrens an der Marktstraße steht seit 2020 leer.",
            "Miriam Kowalski",
        ),
        tags=("Innenstadt", "Stadtentwicklung", "Einzelhandel"),
        ad_after=4,
        promo=(6, 123350),
        paragraphs=(
            "Wenn Gerd Behrens die schwere Glastür aufschließt, riecht es nach Staub und kaltem "
            "Beton. Im Erdgeschoss, wo früher Parfüm und Lederwaren verkauft wurden, stapeln "
            "sich Regale und ausgemusterte Kassentische. „Hier habe ich als Junge samstags "
            "Kartons gefaltet“, sagt der 71-Jährige, ein Enkel des Firmengründers. Er ist heute "
            "zum ersten Mal seit Monaten wieder im Haus.",
            "Das Kaufhaus Behrens war über Jahrzehnte das Herz der Rheinberger Innenstadt. 1928 "
            "eröffnet, nach dem Krieg wieder aufgebaut und in den 1970er-Jahren um zwei Etagen "
            "erweitert, beschäftigte es zu seinen besten Zeiten mehr als 150 Menschen. Im "
            "Frühjahr 2020 schloss das Haus endgültig, die Pandemie gab dem ohnehin "
            "angeschlagenen Geschäft den Rest.",
            "Seitdem ist das Gebäude mit seiner markanten Fassade aus hellem Naturstein zu einem "
            "Symbol für den Niedergang der Einkaufsstraße geworden. Drei Interessenten sind in "
            "den vergangenen Jahren abgesprungen, zuletzt eine Hotelkette aus den Niederlanden.",
            "Nun soll es die Rheinwerk Projektentwicklung aus Duisburg richten. Das Unternehmen "
            "hat das Gebäude im Januar gekauft, über den Preis wurde Stillschweigen vereinbart. "
            "Geschäftsführer Daniel Krüger spricht von einem „Haus für alle“: Im Erdgeschoss "
            "sollen eine Markthalle mit regionalen Anbietern und ein Café entstehen, darüber "
            "Büros, eine Arztpraxis und in den oberen beiden Etagen 24 Wohnungen.",
            "„Reiner Handel funktioniert auf 9.000 Quadratmetern in einer Stadt unserer Größe "
            "nicht mehr“, sagt Krüger. „Aber ein Ort, an dem man einkauft, arbeitet, zum Arzt "
            "geht und wohnt, der belebt auch die Straße drumherum.“ Ähnliche Projekte hat sein "
            "Unternehmen bereits in Mülheim und Oberhausen umgesetzt.",
            "Bei der Stadt stößt das Konzept auf Zustimmung. Baudezernent Frank Albers nennt es "
            "„die beste Nachricht für die Innenstadt seit Jahren“. Der Bebauungsplan muss "
            "allerdings geändert werden, weil Wohnungen an dieser Stelle bisher nicht "
            "vorgesehen sind. Das Verfahren soll bis zum Herbst abgeschlossen sein.",
            "Kritische Stimmen gibt es dennoch. Die Initiative „Unsere Marktstraße“ befürchtet, "
            "dass vor allem teure Wohnungen entstehen. „Wir brauchen in der Innenstadt "
            "bezahlbaren Wohnraum, nicht noch mehr Luxusapartments“, sagt Sprecherin Hanna "
            "Berger. Krüger verspricht, ein Drittel der Wohnungen öffentlich gefördert zu bauen.",
            "Offen ist auch, was mit der denkmalgeschützten Fassade geschieht. Sie soll erhalten "
            "bleiben, die großen Schaufenster im Erdgeschoss sollen wieder geöffnet werden. "
            "Dahinter wird das Gebäude dagegen fast vollständig entkernt. Die Rolltreppen aus "
            "den 1970er-Jahren, einst die ersten der Stadt, werden ausgebaut.",
            "Für Gerd Behrens ist das kein Grund zur Wehmut. „Mein Großvater hat immer gesagt, "
            "ein Kaufhaus muss sich mit der Stadt verändern“, sagt er. Eine der alten "
            "Rolltreppenstufen will er sich trotzdem sichern, als Erinnerung.",
            "Wenn alles nach Plan läuft, beginnen die Bauarbeiten Anfang 2025. Die Eröffnung der "
            "Markthalle ist für Ende 2026 vorgesehen. Bis dahin will der Investor das "
            "Erdgeschoss für Zwischennutzungen öffnen; den Anfang macht im Mai eine Ausstellung "
            "mit historischen Fotos aus dem Kaufhaus.",
        ),
    ),
    Story(
        id=123350,
        section="lokales",
        slug="wochenmarkt-zieht-auf-den-rathausplatz",
        kicker="Innenstadt",
        headline="Wochenmarkt zieht auf den Rathausplatz",
        published=datetime(2024, 3, 5, 9, 45),
        long_date=False,
        people=("Anna Müller",),
        standfirst="Ab April finden die Markttage nicht mehr auf dem Marktplatz statt. Grund "
        "ist die geplante Umgestaltung.",
        tags=("Wochenmarkt", "Innenstadt"),
        paragraphs=(
            "Der Rheinberger Wochenmarkt bekommt für mindestens zwei Jahre einen neuen "
            "Standort. Ab dem 6. April bauen die Händlerinnen und Händler ihre Stände dienstags "
            "und samstags auf dem Rathausplatz auf, teilte das Ordnungsamt mit. Der Marktplatz "
            "wird ab Sommer umgestaltet und steht dann nicht mehr zur Verfügung.",
            "Die meisten der 34 Marktbeschicker tragen den Umzug mit. „Der Rathausplatz ist "
            "kleiner, aber er liegt näher an den Parkhäusern“, sagt Obst- und Gemüsehändler "
            "Jürgen Pohl, der seit 28 Jahren auf dem Markt steht. Einige Stände müssen "
            "allerdings auf die angrenzende Kirchstraße ausweichen.",
            "Die Marktzeiten bleiben unverändert: dienstags von 7 bis 13 Uhr, samstags von 7 bis "
            "14 Uhr. Die Stadt will den neuen Standort mit Hinweisschildern in der gesamten "
            "Innenstadt ausweisen.",
            "Nach dem Umbau soll der Markt auf den Marktplatz zurückkehren. Die Pläne sehen dort "
            "feste Stromanschlüsse und einen Trinkwasserbrunnen für die Händler vor.",
        ),
    ),
    Story(
        id=123490,
        section="sport",
        slug="sv-rheinberg-gewinnt-derby-gegen-eintracht-kessel",
        kicker="Fußball-Oberliga",
        headline="SV Rheinberg gewinnt Derby gegen Eintracht Kessel",
        published=datetime(2024, 3, 10, 18, 5),
        people=("Jonas Weber",),
        meta_author=True,
        standfirst="Vor 2.100 Zuschauern setzt sich der SV mit 3:1 durch. Der Held des Tages "
        "kommt von der Bank.",
        figure=(
            "Jubel nach dem 2:1: Niklas Brandt (Mitte) feiert mit seinen Mitspielern.",
            "Jonas Weber",
        ),
        tags=("SV Rheinberg", "Fußball", "Oberliga"),
        ad_after=3,
        paragraphs=(
            "Was für ein Nachmittag im Stadion am Deich: Der SV Rheinberg hat das Derby gegen "
            "Eintracht Kessel mit 3:1 (0:1) gewonnen und den Abstand zu den Abstiegsplätzen auf "
            "sieben Punkte vergrößert. 2.100 Zuschauer sahen am Sonntag ein Spiel, das lange auf "
            "der Kippe stand.",
            "Die Gäste erwischten den besseren Start. Nach einer Ecke köpfte Kessels Kapitän "
            "Marco Wienand in der 23. Minute zur Führung ein. Rheinberg tat sich gegen die tief "
            "stehende Eintracht schwer und kam bis zur Pause kaum zu Torchancen.",
            "Trainer Stefan Kowalczyk reagierte zur zweiten Halbzeit und brachte den erst "
            "19-jährigen Niklas Brandt. Der Wechsel zahlte sich aus: In der 58. Minute glich "
            "Brandt nach Vorarbeit von Yusuf Demir aus, nur zehn Minuten später traf er mit "
            "einem Schuss aus 18 Metern in den Winkel zum 2:1.",
            "Kessel warf danach alles nach vorn, doch in der Nachspielzeit machte Demir mit "
            "einem Konter alles klar. „Die Jungs haben nach der Pause gezeigt, was in ihnen "
            "steckt“, sagte Kowalczyk nach dem Spiel. „Und Niklas hat heute einfach ein "
            "Ausrufezeichen gesetzt.“",
            "Kessels Trainer Uwe Hartmann haderte mit der Chancenverwertung seiner Mannschaft: "
            "„Wir hätten vor der Pause das zweite Tor machen müssen. Dann läuft das Spiel "
            "anders.“",
            "Für den SV geht es am kommenden Sonntag mit dem Auswärtsspiel beim Tabellenzweiten "
            "TuS Emmerich weiter. Anstoß ist um 15 Uhr.",
        ),
    ),
    Story(
        id=123440,
        section="sport",
        slug="handballerinnen-verpassen-den-aufstieg-knapp",
        kicker="Handball",
        headline="Handballerinnen verpassen den Aufstieg knapp",
        published=datetime(2024, 3, 3, 21, 40),
        long_date=False,
        people=("Lea Schmitt",),
        standfirst="Der TV Rheinberg verliert das entscheidende Spiel in Solingen mit 27:28.",
        tags=("TV Rheinberg", "Handball"),
        paragraphs=(
            "Es fehlte am Ende ein einziges Tor. Die Handballerinnen des TV Rheinberg haben am "
            "Samstagabend das Spitzenspiel der Regionalliga beim TSV Solingen mit 27:28 (13:14) "
            "verloren und damit den Aufstieg in die 3. Liga vorzeitig verpasst.",
            "Vor 800 Zuschauern lag Rheinberg zehn Minuten vor dem Ende noch mit drei Toren "
            "vorn. Dann häuften sich die technischen Fehler, Solingen nutzte die Ballverluste "
            "zu schnellen Gegenstößen. Sieben Sekunden vor Schluss erzielte Lena Hoffmann den "
            "Siegtreffer für die Gastgeberinnen.",
            "Beste Werferin beim TV war Julia Nowak mit neun Treffern. „Das tut gerade "
            "unglaublich weh“, sagte die Rückraumspielerin. „Wir haben die ganze Saison auf "
            "dieses Spiel hingearbeitet.“",
            "Trainerin Anja Reimann wollte ihrer Mannschaft keinen Vorwurf machen. Das Team habe "
            "eine herausragende Saison gespielt. Zwei Spieltage vor Saisonende steht Rheinberg "
            "sicher auf dem zweiten Platz.",
            "Ob der Kader zusammenbleibt, ist offen. Mindestens zwei Leistungsträgerinnen sollen "
            "Angebote von Drittligisten vorliegen.",
        ),
    ),
    Story(
        id=123505,
        section="sport",
        slug="stadtlauf-anmeldung-startet-mit-rekord",
        kicker="Laufsport",
        headline="Stadtlauf: Anmeldung startet mit Rekord",
        published=datetime(2024, 3, 14, 7, 40),
        desk="Redaktion",
        teaser="Mehr als 1.200 Anmeldungen am ersten Tag: Der Jubiläumslauf im Mai bekommt "
        "erstmals eine Staffel für Firmen und Vereine.",
        tags=("Stadtlauf", "Laufsport"),
        ad_after=1,
        # Written while the bridge story still had its first headline and address.
        promo=(2, 123470),
        promo_old_address=True,
        paragraphs=(
            "Schon am ersten Tag haben sich mehr als 1.200 Läuferinnen und Läufer für den 25. "
            "Rheinberger Stadtlauf am 26. Mai angemeldet. Das ist ein neuer Rekord, teilte der "
            "Veranstalter, der Stadtsportverband, mit. Insgesamt stehen 4.000 Startplätze zur "
            "Verfügung.",
            "Zum Jubiläum gibt es neben dem Zehn-Kilometer-Lauf und dem Halbmarathon erstmals "
            "einen Staffellauf für Firmen und Vereine. Die Strecke führt wie gewohnt durch die "
            "Innenstadt und entlang des Rheinufers.",
            "Anmeldungen sind bis zum 15. Mai auf der Internetseite des Stadtsportverbands "
            "möglich. Das Startgeld beträgt für Erwachsene 18 Euro, Kinder und Jugendliche "
            "laufen kostenlos.",
        ),
    ),
    Story(
        id=123410,
        section="sport",
        slug="sportvereine-in-nrw-melden-mitgliederrekord",
        kicker="Breitensport",
        headline="Sportvereine in NRW melden Mitgliederrekord",
        published=datetime(2024, 3, 2, 13, 15),
        long_date=False,
        agency="dpa",
        standfirst="Nach den Einbrüchen in der Corona-Zeit haben die Vereine so viele "
        "Mitglieder wie nie.",
        tags=("Sportvereine", "NRW"),
        paragraphs=(
            "Duisburg (dpa/lnw) – Die Sportvereine in Nordrhein-Westfalen haben so viele "
            "Mitglieder wie nie zuvor. Zum Jahresbeginn zählten die rund 17.000 Vereine knapp "
            "5,3 Millionen Mitgliedschaften, wie der Landessportbund am Samstag in Duisburg "
            "mitteilte. Das sind etwa 180.000 mehr als im Vorjahr.",
            "Besonders stark war der Zuwachs bei Kindern und Jugendlichen. Nach den Einbrüchen "
            "während der Corona-Pandemie hätten die Vereine die Verluste inzwischen mehr als "
            "ausgeglichen, hieß es. Zu den Gewinnern zählen vor allem Fitness- und "
            "Gesundheitssport, Tennis und Turnen.",
            "Sorgen bereitet dem Verband dagegen das Ehrenamt. Immer weniger Menschen seien "
            "bereit, dauerhaft Aufgaben als Trainer oder im Vorstand zu übernehmen. Viele "
            "Vereine müssten deshalb Wartelisten führen.",
            "Der Landessportbund forderte die Landesregierung auf, mehr Geld für die Sanierung "
            "von Sporthallen und Schwimmbädern bereitzustellen. Der Investitionsstau liege "
            "landesweit bei mehreren Milliarden Euro.",
        ),
    ),
    Story(
        id=123460,
        section="kultur",
        slug="stadttheater-zeigt-der-zerbrochne-krug-als-bissige-komoedie",
        kicker="Premiere",
        headline="Stadttheater zeigt „Der zerbrochne Krug“ als bissige Komödie",
        published=datetime(2024, 3, 10, 11, 30),
        people=("Anna Müller",),
        meta_author=True,
        standfirst="Regisseurin Clara Winkler verlegt Kleists Klassiker in ein modernes "
        "Amtszimmer. Das Premierenpublikum feiert das Ensemble mit langem Applaus.",
        figure=(
            "Dorfrichter Adam (Matthias Keller) in Bedrängnis.",
            "Theater Rheinberg/Ingo Brandt",
        ),
        tags=("Stadttheater", "Theater"),
        ad_after=3,
        paragraphs=(
            "Gerichtstag in einem Amtszimmer mit Neonröhren, grauen Aktenschränken und einem "
            "Wasserspender, der im falschen Moment gluckert: Regisseurin Clara Winkler hat "
            "Heinrich von Kleists Lustspiel „Der zerbrochne Krug“ am Stadttheater Rheinberg in "
            "die Gegenwart verlegt. Bei der Premiere am Samstagabend ging die Rechnung auf.",
            "Im Mittelpunkt steht Matthias Keller als Dorfrichter Adam, der über ein Vergehen "
            "richten muss, das er selbst begangen hat. Keller spielt ihn nicht als polternden "
            "Trunkenbold, sondern als kleinen, gerissenen Verwalter seiner eigenen Macht, der "
            "sich mit jeder Lüge tiefer in Widersprüche verstrickt. Das ist komisch und "
            "zugleich beklemmend.",
            "Winkler vertraut Kleists Versen. Sie hat kaum gekürzt und den Text nicht "
            "modernisiert, was im Kontrast zu Laptop und Aktenvernichter einen eigenen Reiz "
            "entfaltet. Nur an wenigen Stellen, etwa wenn Gerichtsrat Walter per "
            "Videokonferenz zugeschaltet wird, wirkt die Aktualisierung bemüht.",
            "Stark ist das Ensemble. Sophie Lang gibt der Eve eine stille Entschlossenheit, "
            "Katrin Albrecht als Frau Marthe Rull liefert sich mit Keller herrlich giftige "
            "Wortgefechte um den zerbrochenen Krug und seine Geschichte. Jonas Feld als "
            "Schreiber Licht beobachtet das Geschehen mit einem Lächeln, das mehr verrät als "
            "jede Zeile.",
            "Die Bühne von Tobias Grün ist ein einziger, sich langsam verengender Raum: Im "
            "Verlauf des Abends rücken die Wände kaum merklich zusammen, bis Adam am Ende "
            "buchstäblich keinen Ausweg mehr hat. Ein einfacher, wirkungsvoller Einfall.",
            "Nach knapp zwei Stunden ohne Pause gab es langen Applaus und Bravorufe für Keller. "
            "Intendant Bernd Sommer zeigte sich nach der Vorstellung zufrieden: Die Premiere war "
            "ausverkauft, für die kommenden Vorstellungen gibt es nur noch Restkarten.",
            "Weitere Vorstellungen: 15., 16. und 23. März sowie 6. April, jeweils 19.30 Uhr. "
            "Karten gibt es an der Theaterkasse und unter Telefon 02843 8810.",
        ),
    ),
    Story(
        id=123420,
        section="kultur",
        slug="jazzfestival-rhein-in-blue-holt-internationale-gaeste",
        kicker="Musik",
        headline="Jazzfestival „Rhein in Blue“ holt internationale Gäste",
        published=datetime(2024, 2, 27, 10, 30),
        long_date=False,
        people=("Lea Schmitt", "Jonas Weber", "Anna Müller"),
        standfirst="Vom 14. bis 16. Juni verwandelt sich der Rheinpark wieder in eine "
        "Festivalbühne. Das Programm steht.",
        tags=("Jazzfestival", "Musik"),
        paragraphs=(
            "Das Jazzfestival „Rhein in Blue“ geht in seine zwölfte Ausgabe und wird "
            "internationaler denn je. Neben Bands aus der Region treten in diesem Jahr "
            "Musikerinnen und Musiker aus Norwegen, Frankreich und den USA auf, wie die "
            "Veranstalter am Montag bekannt gaben.",
            "Als Höhepunkt gilt der Auftritt des Trios um die norwegische Pianistin Ingrid "
            "Solberg am Samstagabend. Am Sonntag spielt traditionell die Big Band der "
            "Musikschule Rheinberg zum Frühschoppen.",
            "Der Eintritt zur Hauptbühne kostet erstmals 15 Euro pro Tag, das Festivalticket für "
            "alle drei Tage 35 Euro. Die Konzerte auf der Nebenbühne am Rheinufer bleiben "
            "kostenlos. Der Vorverkauf beginnt am 1. März.",
            "Die Organisatoren rechnen mit rund 12.000 Besucherinnen und Besuchern. Wegen der "
            "Bauarbeiten am Marktplatz fährt der Festivalbus in diesem Jahr vom Bahnhof ab.",
        ),
    ),
    Story(
        id=123495,
        section="wirtschaft",
        also_in="lokales",
        slug="chemiewerk-rheinberg-streicht-300-stellen",
        kicker="Arbeitsmarkt",
        headline="Chemiewerk Rheinberg streicht 300 Stellen",
        published=datetime(2024, 3, 13, 7, 55),
        modified=datetime(2024, 3, 13, 15, 30),
        people=("Sven Reuter",),
        note="mit dpa",
        meta_author=True,
        standfirst="Der Chemiekonzern Valtro baut am Standort Rheinberg jede vierte Stelle ab. "
        "Gewerkschaft und Stadt reagieren entsetzt.",
        figure=("Das Werksgelände von Valtro am Rheinberger Hafen.", "dpa"),
        tags=("Valtro", "Arbeitsmarkt", "Chemieindustrie"),
        promo=(5, 123456),
        paragraphs=(
            "Der Chemiekonzern Valtro will in seinem Werk in Rheinberg bis Ende 2025 rund 300 "
            "der etwa 1.200 Arbeitsplätze streichen. Das teilte das Unternehmen am "
            "Mittwochmorgen den Beschäftigten mit. Betroffen sind vor allem die Produktion von "
            "Grundchemikalien und die Verwaltung.",
            "Als Gründe nennt das Management die hohen Energiekosten in Deutschland und die "
            "schwache Nachfrage aus der Bauindustrie. Die Anlage zur Herstellung von Chlor soll "
            "im kommenden Jahr vollständig stillgelegt werden. „Wir müssen den Standort an die "
            "Marktrealitäten anpassen, um ihn langfristig zu sichern“, sagte Werkleiterin "
            "Katharina Vogt.",
            "Betriebsbedingte Kündigungen will Valtro nach eigenen Angaben möglichst vermeiden. "
            "Geplant seien Altersteilzeit, Abfindungen und Versetzungen an andere Standorte des "
            "Konzerns. Die Gespräche mit dem Betriebsrat sollen in der kommenden Woche beginnen.",
            "Die Gewerkschaft IG BCE reagierte mit scharfer Kritik. „Die Beschäftigten haben in "
            "der Energiekrise alles mitgetragen, jetzt sollen sie die Zeche zahlen“, sagte "
            "Bezirksleiter Ralf Schuster. Die Gewerkschaft kündigte für Freitag eine Kundgebung "
            "vor dem Werkstor an.",
            "Für Rheinberg ist das Werk der größte Arbeitgeber und einer der wichtigsten "
            "Gewerbesteuerzahler. Bürgermeisterin Sabine Krämer sprach von einem „schweren "
            "Schlag für die Stadt und die ganze Region“. Sie will sich mit der Landesregierung "
            "und der Unternehmensführung an einen Tisch setzen.",
            "Valtro hatte bereits im vergangenen Herbst den Abbau von bundesweit 2.000 Stellen "
            "angekündigt. Welche Standorte betroffen sind, war bislang offen. Neben Rheinberg "
            "trifft es nach Angaben aus Konzernkreisen auch Werke in Marl und Ludwigshafen.",
            "Die Aktie des Unternehmens legte nach der Ankündigung an der Frankfurter Börse um "
            "knapp zwei Prozent zu.",
        ),
    ),
    Story(
        id=123380,
        section="wirtschaft",
        slug="inflation-in-nrw-sinkt-auf-2-5-prozent",
        kicker="Verbraucherpreise",
        headline="Inflation in NRW sinkt auf 2,5 Prozent",
        published=datetime(2024, 2, 29, 11, 5),
        long_date=False,
        agency="dpa",
        teaser="Die Teuerung in Nordrhein-Westfalen lässt weiter nach. Vor allem Heizöl und "
        "Kraftstoffe sind günstiger als vor einem Jahr.",
        tags=("Inflation", "NRW"),
        paragraphs=(
            "Düsseldorf (dpa/lnw) – Die Inflation in Nordrhein-Westfalen hat sich im Februar "
            "weiter abgeschwächt. Die Verbraucherpreise lagen um 2,5 Prozent über dem Niveau "
            "des Vorjahresmonats, wie das Statistische Landesamt am Donnerstag mitteilte. Im "
            "Januar hatte die Rate noch bei 2,9 Prozent gelegen.",
            "Deutlich günstiger als vor einem Jahr waren vor allem Heizöl und Kraftstoffe. "
            "Nahrungsmittel verteuerten sich dagegen um 1,1 Prozent, Dienstleistungen sogar um "
            "3,6 Prozent.",
            "Ökonomen rechnen damit, dass sich die Teuerung im Laufe des Jahres weiter der "
            "Zielmarke der Europäischen Zentralbank von zwei Prozent annähert.",
        ),
    ),
)

#: The pages that are neither stories nor listings: path, kind in the truth, title, paragraphs
#: (``## `` starts a subheading).
SERVICE_PAGES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "/impressum/",
        "about",
        "Impressum",
        (
            f"{PUBLISHER}, Marktstraße 12, 47495 Rheinberg",
            "Telefon: 02843 8800, E-Mail: redaktion@rheinberger-anzeiger.example",
            "Vertreten durch die Geschäftsführer Peter Albrecht und Ulrike Sander. "
            "Registergericht: Amtsgericht Kleve, HRA 4711. "
            "Umsatzsteuer-Identifikationsnummer: DE 123 456 789.",
            "## Redaktion",
            "Chefredakteur: Michael Brenner. Lokales: Anna Müller. Sport: Jonas Weber. "
            "Wirtschaft: Sven Reuter. Verantwortlich für den redaktionellen Inhalt nach § 18 "
            "Abs. 2 MStV: Michael Brenner, Anschrift wie oben.",
            "## Hinweis",
            "Der Rheinberger Anzeiger erscheint montags bis samstags. Alle Rechte vorbehalten. "
            "Nachdruck und Vervielfältigung nur mit Genehmigung des Verlags. Für unverlangt "
            "eingesandte Manuskripte und Fotos wird keine Haftung übernommen.",
        ),
    ),
    (
        "/datenschutz/",
        "privacy",
        "Datenschutzerklärung",
        (
            "Der Schutz Ihrer persönlichen Daten ist uns ein besonderes Anliegen. Wir "
            "verarbeiten Ihre Daten daher ausschließlich auf Grundlage der gesetzlichen "
            "Bestimmungen, insbesondere der Datenschutz-Grundverordnung (DSGVO). In dieser "
            "Datenschutzerklärung informieren wir Sie über die wichtigsten Aspekte der "
            "Datenverarbeitung im Rahmen unseres Internetangebots.",
            "## Verantwortlicher",
            f"Verantwortlich für die Datenverarbeitung ist die {PUBLISHER}, Marktstraße 12, "
            "47495 Rheinberg. Unseren Datenschutzbeauftragten erreichen Sie unter "
            "datenschutz@rheinberger-anzeiger.example.",
            "## Cookies und Reichweitenmessung",
            "Unsere Website verwendet Cookies. Technisch notwendige Cookies setzen wir auf "
            "Grundlage von Art. 6 Abs. 1 lit. f DSGVO, alle übrigen nur mit Ihrer Einwilligung "
            "nach Art. 6 Abs. 1 lit. a DSGVO. Sie können Ihre Einwilligung jederzeit über die "
            "Cookie-Einstellungen am Ende jeder Seite mit Wirkung für die Zukunft widerrufen.",
            "## Newsletter",
            "Wenn Sie unseren Newsletter abonnieren, verwenden wir Ihre E-Mail-Adresse "
            "ausschließlich für dessen Versand. Die Anmeldung erfolgt im "
            "Double-Opt-in-Verfahren. Sie können den Newsletter jederzeit über den Link am Ende "
            "jeder Ausgabe abbestellen.",
            "## Ihre Rechte",
            "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der "
            "Verarbeitung Ihrer Daten sowie auf Datenübertragbarkeit. Wenn Sie glauben, dass "
            "die Verarbeitung Ihrer Daten gegen das Datenschutzrecht verstößt, können Sie sich "
            "bei der Landesbeauftragten für Datenschutz und Informationsfreiheit "
            "Nordrhein-Westfalen beschweren.",
        ),
    ),
    (
        "/kontakt/",
        "contact",
        "Kontakt",
        (
            "Sie haben ein Thema für uns, eine Frage zu einem Artikel oder möchten eine "
            "Veranstaltung ankündigen? Die Redaktion erreichen Sie montags bis freitags von 9 "
            "bis 18 Uhr unter 02843 8800 oder per E-Mail an "
            "redaktion@rheinberger-anzeiger.example.",
            "## Leserservice",
            "Fragen zu Ihrem Abonnement, zur Zustellung oder zu Ihrem Plus-Zugang beantwortet "
            "unser Leserservice unter 02843 8850, montags bis freitags von 7 bis 18 Uhr und "
            "samstags von 7 bis 12 Uhr.",
            "## Anzeigen",
            "Für private und gewerbliche Anzeigen erreichen Sie unsere Anzeigenabteilung unter "
            "02843 8870 oder anzeigen@rheinberger-anzeiger.example.",
        ),
    ),
    (
        "/agb/",
        "terms",
        "Allgemeine Geschäftsbedingungen",
        (
            "## § 1 Geltungsbereich",
            "Diese Allgemeinen Geschäftsbedingungen gelten für alle Verträge über den Bezug der "
            f"gedruckten Zeitung und der digitalen Angebote der {PUBLISHER}.",
            "## § 2 Vertragsschluss",
            "Der Vertrag kommt mit unserer Auftragsbestätigung zustande, spätestens jedoch mit "
            "der ersten Lieferung oder der Freischaltung des digitalen Zugangs.",
            "## § 3 Laufzeit und Kündigung",
            "Abonnements laufen auf unbestimmte Zeit und können mit einer Frist von einem Monat "
            "zum Monatsende gekündigt werden, sofern bei Vertragsschluss keine Mindestlaufzeit "
            "vereinbart wurde. Die Kündigung bedarf der Textform.",
            "## § 4 Preise und Zahlung",
            "Es gelten die zum Zeitpunkt der Bestellung ausgewiesenen Preise. Die Bezugsgebühr "
            "ist im Voraus fällig und wird per Lastschrift oder Rechnung beglichen.",
        ),
    ),
    (
        "/abo/",
        "subscribe",
        "Rheinberger Anzeiger Plus",
        (
            "Mit Plus lesen Sie alle Artikel auf rheinberger-anzeiger.example, dazu die "
            "E-Paper-Ausgabe ab 5 Uhr morgens und unsere Newsletter.",
            "Der erste Monat kostet 0,99 Euro, danach 9,90 Euro im Monat. Sie können jederzeit "
            "zum Monatsende kündigen.",
            "Abonnenten der gedruckten Zeitung erhalten Plus ohne Aufpreis. Schalten Sie Ihren "
            "Zugang mit Ihrer Kundennummer frei.",
        ),
    ),
    (
        "/newsletter/",
        "newsletter",
        "Newsletter „Rheinberg am Morgen“",
        (
            "Jeden Morgen um 6 Uhr die wichtigsten Nachrichten aus Rheinberg und der Region in "
            "Ihrem Postfach, ausgewählt von unserer Lokalredaktion.",
            "Der Newsletter ist kostenlos und jederzeit abbestellbar. Hinweise zum Datenschutz "
            "finden Sie in unserer Datenschutzerklärung.",
        ),
    ),
)

COOKIE_NOTICE = (
    "Wir verwenden Cookies und ähnliche Technologien, um Ihnen ein optimales Nutzungserlebnis "
    "zu bieten und unser journalistisches Angebot zu finanzieren. Mit einem Klick auf „Alle "
    "akzeptieren“ stimmen Sie der Verarbeitung zu."
)

_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_BY_ID = {story.id: story for story in STORIES}


def slugify(text: str) -> str:
    """``Fußball-Oberliga`` -> ``fussball-oberliga``: as German CMSs write addresses."""
    text = text.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def story_path(story: Story, section: str | None = None) -> str:
    return f"/{section or story.section}/{story.slug}-a{story.id}.html"


def old_path(story: Story) -> str | None:
    if story.renamed_from is None:
        return None
    return f"/{story.section}/{story.renamed_from[0]}-a{story.id}.html"


def tag_path(tag: str) -> str:
    return f"/thema/{slugify(tag)}/"


def author_path(person: str) -> str | None:
    staff = STAFF.get(person)
    return f"/autor/{staff[0]}/" if staff else None


def listing_path(section: str, page: int) -> str:
    return f"/{section}/" if page == 1 else f"/{section}/?seite={page}"


def archive_path(day: date) -> str:
    return f"/archiv/{day.isoformat()}/"


def image_path(story: Story) -> str:
    return f"/bilder/a{story.id}.png"


def local(moment: datetime) -> datetime:
    """*moment*, a local wall time as the site prints it, with the site's zone."""
    return moment.replace(tzinfo=ZoneInfo(TIMEZONE))


def long_date(moment: datetime) -> str:
    """``12. März 2024, 14:35 Uhr``"""
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} Uhr"


def short_date(moment: datetime) -> str:
    """``12.03.2024, 14:35 Uhr``"""
    return f"{moment:%d.%m.%Y, %H:%M} Uhr"


def day_heading(day: date) -> str:
    """``Dienstag, 12. März 2024``"""
    return f"{WEEKDAYS[day.weekday()]}, {day.day}. {MONTHS[day.month - 1]} {day.year}"


def relative_time(moment: datetime, now: datetime = NOW) -> str:
    """What a teaser says: ``vor 35 Minuten``, ``vor 2 Stunden``, ``gestern, 18:20 Uhr``,
    else the day (``12.03.2024``)."""
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 60:
        return f"vor {minutes} Minuten"
    if moment.date() == now.date():
        hours = minutes // 60
        return "vor 1 Stunde" if hours == 1 else f"vor {hours} Stunden"
    if (now.date() - moment.date()).days == 1:
        return f"gestern, {moment:%H:%M} Uhr"
    return f"{moment:%d.%m.%Y}"


def byline_text(story: Story) -> str:
    """The byline as printed: "Von Jonas Weber und Lea Schmitt", "Von Redaktion", "dpa"."""
    if story.people:
        names = story.people
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]
        return f"Von {joined}" + (f" ({story.note})" if story.note else "")
    if story.desk:
        return f"Von {story.desk}"
    return story.agency


def plain(paragraph: str) -> str:
    """A paragraph's text as a reader sees it: links reduced to their text."""
    return _LINK.sub(lambda match: match.group(1), paragraph)


def teaser_text(story: Story) -> str:
    """What listings and the description say of *story*: its standfirst, else its teaser."""
    return story.standfirst or story.teaser


def sections_of(story: Story) -> tuple[str, ...]:
    return (story.section,) if story.also_in is None else (story.section, story.also_in)


def newest_first(stories: tuple[Story, ...] | list[Story]) -> list[Story]:
    return sorted(stories, key=lambda story: story.published, reverse=True)


def related(story: Story, limit: int = 3) -> list[Story]:
    """ "Mehr zum Thema": stories sharing a tag, then the section's newest."""
    others = [other for other in newest_first(STORIES) if other.id != story.id]
    by_tag = [other for other in others if set(other.tags) & set(story.tags)]
    same_section = [o for o in others if o.section == story.section and o not in by_tag]
    return (by_tag + same_section)[:limit]


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small one-colour PNG: the site's pictures (the crawler never needs their pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class _Renderer:
    """Every page of the site for one origin, and what each page is."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.pages: dict[str, Page] = {}
        self.others: dict[str, str] = {}  # absolute URL -> kind, for the ground truth

    def url(self, path: str) -> str:
        return self.origin + path

    # -- building blocks ------------------------------------------------------------------

    def _jsonld(self) -> str:
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsMediaOrganization",
                    "@id": self.url("/#organization"),
                    "name": SITE_NAME,
                    "url": self.url("/"),
                    "logo": {"@type": "ImageObject", "url": self.url("/bilder/logo.png")},
                },
                {
                    "@type": "WebSite",
                    "@id": self.url("/#website"),
                    "url": self.url("/"),
                    "name": SITE_NAME,
                    "inLanguage": "de-DE",
                    "publisher": {"@id": self.url("/#organization")},
                    "potentialAction": {
                        "@type": "SearchAction",
                        "target": self.url("/suche/?q={search_term_string}"),
                        "query-input": "required name=search_term_string",
                    },
                },
            ],
        }
        return json.dumps(graph, ensure_ascii=False)

    def _document(
        self,
        *,
        title: str,
        canonical: str,
        description: str,
        main: str,
        og_type: str = "website",
        og_title: str | None = None,
        meta_author: str = "",
        head: str = "",
    ) -> bytes:
        full_title = title if title == SITE_NAME else f"{title} | {SITE_NAME}"
        author = f'<meta name="author" content="{_e(meta_author)}">\n' if meta_author else ""
        nav = "".join(
            f'<li><a href="{listing_path(path, 1)}">{_e(name)}</a></li>'
            for path, (name, _) in SECTIONS.items()
        )
        document = f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(full_title)}</title>
<meta name="description" content="{_e(description)}">
{author}<link rel="canonical" href="{_e(self.url(canonical))}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:locale" content="de_DE">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{_e(og_title or title)}">
<meta property="og:description" content="{_e(description)}">
<meta property="og:url" content="{_e(self.url(canonical))}">
{head}<link rel="stylesheet" href="/static/anzeiger.css">
<script type="application/ld+json">{self._jsonld()}</script>
</head>
<body>
<div class="cookie-hinweis" id="cookie-consent" role="dialog" aria-label="Cookie-Hinweis">
<p>{_e(COOKIE_NOTICE)} Details finden Sie in unserer
<a href="/datenschutz/">Datenschutzerklärung</a>.</p>
<button type="button">Alle akzeptieren</button>
<button type="button">Einstellungen</button>
</div>
<header class="kopf">
<a class="logo" href="/">{SITE_NAME}</a>
<nav class="hauptnavigation" aria-label="Ressorts"><ul>
<li><a href="/">Startseite</a></li>{nav}
</ul></nav>
<div class="service">
<a class="suche" href="/suche/">Suche</a>
<a class="abo" href="/abo/">Plus abonnieren</a>
</div>
</header>
<main id="inhalt">
{main}
</main>
<footer class="fuss">
<nav aria-label="Service"><ul>
<li><a href="/impressum/">Impressum</a></li>
<li><a href="/datenschutz/">Datenschutz</a></li>
<li><a href="/kontakt/">Kontakt</a></li>
<li><a href="/agb/">AGB</a></li>
<li><a href="/archiv/">Archiv</a></li>
</ul></nav>
<p>© 2024 {_e(PUBLISHER)}</p>
</footer>
</body>
</html>
"""
        return document.encode("utf-8")

    def _add(self, path: str, kind: str, truth_kind: str | None, body: bytes) -> None:
        self.pages[path] = Page(kind=kind, body=body, content_type=HTML)
        if truth_kind is not None:
            self.others[self.url(path)] = truth_kind

    @staticmethod
    def _ad(slot: int) -> str:
        return (
            f'<div class="anzeige" id="ad-slot-{slot}"><span class="anzeige-label">Anzeige</span>'
            f'<div class="ad-container" data-format="medium-rectangle"></div></div>'
        )

    @staticmethod
    def _newsletter_box() -> str:
        return (
            '<aside class="newsletter-box">\n<h2>Rheinberg am Morgen</h2>\n'
            "<p>Die wichtigsten Nachrichten aus Ihrer Stadt, jeden Morgen um 6 Uhr in Ihrem "
            "Postfach. Kostenlos und jederzeit abbestellbar.</p>\n"
            '<a class="button" href="/newsletter/">Jetzt abonnieren</a>\n</aside>'
        )

    def _paragraph(self, text: str) -> str:
        parts: list[str] = []
        position = 0
        for match in _LINK.finditer(text):
            parts.append(_e(text[position : match.start()]))
            target = match.group(2)
            if target.startswith("#a"):
                target = story_path(_BY_ID[int(target[2:])])
            parts.append(f'<a href="{_e(target)}">{_e(match.group(1))}</a>')
            position = match.end()
        parts.append(_e(text[position:]))
        return "<p>" + "".join(parts) + "</p>"

    def _byline(self, story: Story) -> str:
        if not story.people:
            return _e(byline_text(story))

        def person(name: str) -> str:
            path = author_path(name)
            return f'<a href="{path}">{_e(name)}</a>' if path else _e(name)

        names = [person(name) for name in story.people]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]
        return f"Von {joined}" + (f" ({_e(story.note)})" if story.note else "")

    def _share(self, story: Story) -> str:
        address = quote(self.url(story_path(story)), safe="")
        title = quote(story.headline, safe="")
        return (
            '<div class="teilen"><span>Artikel teilen:</span>\n'
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={address}" '
            'rel="noopener" target="_blank">Facebook</a>\n'
            f'<a href="https://twitter.com/intent/tweet?url={address}&amp;text={title}" '
            'rel="noopener" target="_blank">X</a>\n'
            f'<a href="https://api.whatsapp.com/send?text={title}%20{address}" '
            'rel="noopener" target="_blank">WhatsApp</a>\n'
            f'<a href="mailto:?subject={title}&amp;body={address}">E-Mail</a>\n</div>'
        )

    def _teaser(self, story: Story, *, section: str | None = None, when: str = "") -> str:
        """A listing's teaser; *section* picks which of the story's addresses it links to."""
        path = story_path(story, section)
        when = when or relative_time(story.published)
        text = teaser_text(story)
        plus_label = plus_link = ""
        if story.plus:
            # The paywall teaser: the text breaks off, a button leads to the (full) story.
            text = text.split(". ")[0] + " …"
            plus_label = '<span class="plus-label">Plus</span>\n'
            plus_link = f'\n<a class="plus-weiterlesen" href="{path}">Weiterlesen mit Plus</a>'
        picture = (
            f'<img src="{image_path(story)}" alt="" width="320" height="180" loading="lazy">\n'
            if story.figure
            else ""
        )
        return (
            f'<article class="teaser">\n{plus_label}{picture}<a class="teaser-link" href="{path}">'
            f'<span class="dachzeile">{_e(story.kicker)}</span>\n'
            f'<h2 class="teaser-titel">{_e(story.headline)}</h2></a>\n'
            f'<p class="teaser-text">{_e(text)}</p>\n'
            f'<span class="teaser-zeit">{_e(when)}</span>{plus_link}\n</article>'
        )

    def _teasers(self, stories: list[Story], *, dated: bool = False) -> str:
        """Teasers with an ad after every second; *dated*: the day, never relative."""
        items: list[str] = []
        for number, story in enumerate(stories, 1):
            when = f"{story.published:%d.%m.%Y}" if dated else ""
            items.append(self._teaser(story, when=when))
            if number % 2 == 0 and number < len(stories):
                items.append(self._ad(number))
        return '<div class="teaser-liste">\n' + "\n".join(items) + "\n</div>"

    # -- pages ----------------------------------------------------------------------------

    def story_page(self, story: Story, section: str) -> bytes:
        """The story as served under *section* (its own, or the one it is also filed in)."""
        items: list[str] = []
        for number, paragraph in enumerate(story.paragraphs, 1):
            items.append(self._paragraph(paragraph))
            if number == story.ad_after and number < len(story.paragraphs):
                items.append(self._ad(1))
            if story.promo is not None and number == story.promo[0]:
                target = _BY_ID[story.promo[1]]
                path, headline = story_path(target), target.headline
                if story.promo_old_address and target.renamed_from is not None:
                    path, headline = old_path(target) or path, target.renamed_from[1]
                items.append(
                    '<p class="lesen-sie-auch"><strong>Lesen Sie auch:</strong> '
                    f'<a href="{path}">{_e(headline)}</a></p>'
                )
        text = "\n".join(items)
        dateline = long_date(story.published) if story.long_date else short_date(story.published)
        updated = (
            f'\n<span class="aktualisiert">Stand: {short_date(story.modified)}</span>'
            if story.modified
            else ""
        )
        standfirst = (
            f'<p class="vorspann"><strong>{_e(story.standfirst)}</strong></p>\n'
            if story.standfirst
            else ""
        )
        figure = ""
        if story.figure is not None:
            caption, credit = story.figure
            figure = (
                f'<figure class="artikel-bild">\n<img src="{image_path(story)}" '
                f'alt="{_e(caption)}" width="960" height="540">\n'
                f"<figcaption>{_e(caption)} "
                f'<span class="bildnachweis">Foto: {_e(credit)}</span></figcaption>\n</figure>\n'
            )
        tags = ", ".join(f'<a href="{tag_path(tag)}">{_e(tag)}</a>' for tag in story.tags)
        more = "\n".join(
            f'<li><a href="{story_path(other)}"><span class="dachzeile">{_e(other.kicker)}'
            f"</span> {_e(other.headline)}</a></li>"
            for other in related(story)
        )
        plus = '<span class="plus-label">Plus</span>\n' if story.plus else ""
        plus_note = (
            '<aside class="plus-hinweis"><p>Sie lesen einen Artikel aus unserem Angebot '
            f'{SITE_NAME} Plus. <a href="/abo/">Jetzt Plus abonnieren</a></p></aside>\n'
            if story.plus
            else ""
        )
        name = SECTIONS[section][0]
        main = f"""<nav class="brotkrumen" aria-label="Sie sind hier">
<a href="/">Startseite</a> › <a href="{listing_path(section, 1)}">{name}</a>
</nav>
<article class="artikel">
<header class="artikel-kopf">
{plus}<h1><span class="dachzeile">{_e(story.kicker)}</span>
<span class="schlagzeile">{_e(story.headline)}</span></h1>
{standfirst}<div class="artikel-info">
<span class="autor">{self._byline(story)}</span>
<span class="datum">{dateline}</span>{updated}
</div>
{self._share(story)}
</header>
{figure}<div class="artikel-text">
{text}
</div>
<div class="schlagwoerter"><span>Schlagwörter:</span> {tags}</div>
</article>
{plus_note}<section class="mehr-zum-thema">
<h2>Mehr zum Thema</h2>
<ul>
{more}
</ul>
</section>
{self._newsletter_box()}"""
        return self._document(
            title=story.headline,
            canonical=story_path(story),
            description=teaser_text(story),
            og_type="article",
            meta_author=", ".join(story.people) if story.meta_author else "",
            head=(
                f'<meta property="og:image" content="{self.url(image_path(story))}">\n'
                if story.figure
                else ""
            ),
            main=main,
        )

    def _pagination(self, section: str, page: int, pages: int) -> str:
        if pages == 1:
            return ""
        links: list[str] = []
        if page > 1:
            # The CMS writes "previous" and "next" as bare query strings.
            previous = listing_path(section, 1) if page == 2 else f"?seite={page - 1}"
            links.append(f'<a class="zurueck" href="{previous}" rel="prev">« Zurück</a>')
        for number in range(1, pages + 1):
            if number == page:
                links.append(f'<span aria-current="page">{number}</span>')
            else:
                links.append(f'<a href="{listing_path(section, number)}">{number}</a>')
        if page < pages:
            links.append(f'<a class="weiter" href="?seite={page + 1}" rel="next">Weiter »</a>')
        return (
            '<nav class="seitennavigation" aria-label="Seiten">\n' + "\n".join(links) + "\n</nav>"
        )

    def section_pages(self, section: str) -> None:
        name, description = SECTIONS[section]
        listed = newest_first([s for s in STORIES if section in sections_of(s)])
        pages = (len(listed) + PAGE_SIZE - 1) // PAGE_SIZE
        for page in range(1, pages + 1):
            chunk = listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            items: list[str] = []
            for number, story in enumerate(chunk, 1):
                items.append(self._teaser(story, section=section))
                if number == 2 and number < len(chunk):
                    items.append(self._ad(number))
            head = ""
            if page > 1:
                head += f'<link rel="prev" href="{self.url(listing_path(section, page - 1))}">\n'
            if page < pages:
                head += f'<link rel="next" href="{self.url(listing_path(section, page + 1))}">\n'
            title = name if page == 1 else f"{name} – Seite {page}"
            intro = f'<p class="ressort-intro">{_e(description)}</p>\n' if page == 1 else ""
            main = (
                f"<h1>{_e(title)}</h1>\n{intro}"
                '<div class="teaser-liste">\n' + "\n".join(items) + "\n</div>\n"
                f"{self._pagination(section, page, pages)}"
            )
            path = listing_path(section, page)
            body = self._document(
                title=title, canonical=path, description=description, main=main, head=head
            )
            self._add(path, "listing", "listing", body)

    def home(self) -> None:
        # The lead story is the one the desk picked, not simply the newest.
        lead = _BY_ID[123495]
        latest = [story for story in newest_first(STORIES) if story is not lead][:8]
        blocks: list[str] = []
        for section, (name, _) in SECTIONS.items():
            newest = newest_first([s for s in STORIES if s.section == section])[:3]
            links = "\n".join(
                f'<li><a href="{story_path(s)}">{_e(s.headline)}</a> '
                f'<span class="teaser-zeit">{_e(relative_time(s.published))}</span></li>'
                for s in newest
            )
            blocks.append(
                f'<section class="ressort-block">\n<h2><a href="{listing_path(section, 1)}">'
                f"{_e(name)}</a></h2>\n<ul>\n{links}\n</ul>\n"
                f'<a class="mehr" href="{listing_path(section, 1)}">Mehr aus {_e(name)}</a>\n'
                "</section>"
            )
        most_read = [_BY_ID[i] for i in (123456, 123399, 123470, 123490, 123460)]
        popular = "\n".join(
            f'<li><a href="{story_path(s)}">{_e(s.headline)}</a></li>' for s in most_read
        )
        main = f"""<h1 class="visually-hidden">{SITE_NAME}: Nachrichten aus Rheinberg</h1>
<section class="aufmacher">
{self._teaser(lead)}
</section>
<section class="neueste">
<h2>Neueste Nachrichten</h2>
{self._teasers(latest)}
</section>
{"".join(blocks)}
<aside class="meistgelesen">
<h2>Meistgelesen</h2>
<ol>
{popular}
</ol>
</aside>
{self._newsletter_box()}"""
        body = self._document(
            title=SITE_NAME,
            canonical="/",
            description="Aktuelle Nachrichten aus Rheinberg und der Region: Lokales, Sport, "
            "Kultur und Wirtschaft.",
            main=main,
        )
        self._add("/", "listing", "home", body)

    def tag_pages(self) -> None:
        tags: list[str] = []
        for story in STORIES:
            tags += [tag for tag in story.tags if tag not in tags]
        for tag in tags:
            tagged = newest_first([s for s in STORIES if tag in s.tags])
            main = (
                f'<h1><span class="thema-label">Thema:</span> {_e(tag)}</h1>\n'
                f"<p>Alle Artikel zum Thema {_e(tag)}.</p>\n{self._teasers(tagged, dated=True)}"
            )
            body = self._document(
                title=f"{tag}: Aktuelle Nachrichten",
                canonical=tag_path(tag),
                description=f"Aktuelle Nachrichten und Hintergründe zum Thema {tag}.",
                main=main,
            )
            self._add(tag_path(tag), "listing", "tag", body)

    def author_pages(self) -> None:
        for person, (_, biography) in STAFF.items():
            path = author_path(person)
            assert path is not None
            written = newest_first([s for s in STORIES if person in s.people])
            main = (
                f'<div class="autorenprofil">\n<h1>{_e(person)}</h1>\n'
                f"<p>{_e(biography)}</p>\n</div>\n"
                f"<h2>Artikel von {_e(person)}</h2>\n{self._teasers(written, dated=True)}"
            )
            body = self._document(
                title=f"{person} – Autorenprofil", canonical=path, description=biography, main=main
            )
            self._add(path, "listing", "author", body)

    def archive_pages(self) -> None:
        days = sorted({s.published.date() for s in STORIES}, reverse=True)
        index = "\n".join(
            f'<li><a href="{archive_path(day)}">{day_heading(day)}</a></li>' for day in days
        )
        body = self._document(
            title="Archiv",
            canonical="/archiv/",
            description="Alle Artikel des Rheinberger Anzeigers nach Erscheinungstag.",
            main=f'<h1>Archiv</h1>\n<ul class="archiv-tage">\n{index}\n</ul>',
        )
        self._add("/archiv/", "listing", "archive", body)
        for day in days:
            stories = newest_first([s for s in STORIES if s.published.date() == day])
            links = "\n".join(
                f'<li><span class="zeit">{s.published:%H:%M} Uhr</span> '
                f'<a href="{story_path(s)}">{_e(s.headline)}</a> '
                f'<span class="ressort">{_e(SECTIONS[s.section][0])}</span></li>'
                for s in stories
            )
            heading = day_heading(day)
            body = self._document(
                title=f"Archiv: {heading}",
                canonical=archive_path(day),
                description=f"Alle Artikel vom {heading}.",
                main=f'<h1>Archiv: {heading}</h1>\n<p><a href="/archiv/">Alle Tage</a></p>\n'
                f'<ul class="archiv-artikel">\n{links}\n</ul>',
            )
            self._add(archive_path(day), "listing", "archive", body)

    def service_pages(self) -> None:
        for path, kind, title, paragraphs in SERVICE_PAGES:
            text = "\n".join(
                f"<h2>{_e(p[3:])}</h2>" if p.startswith("## ") else f"<p>{_e(p)}</p>"
                for p in paragraphs
            )
            extra = ""
            if path == "/newsletter/":
                extra = (
                    '\n<form class="newsletter-anmeldung" action="/newsletter/" method="post">'
                    '<label>E-Mail-Adresse <input type="email" name="email" required></label> '
                    '<button type="submit">Jetzt abonnieren</button></form>'
                )
            body = self._document(
                title=title,
                canonical=path,
                description=paragraphs[0].removeprefix("## "),
                main=f'<div class="seite">\n<h1>{_e(title)}</h1>\n{text}{extra}\n</div>',
            )
            self._add(path, "other", kind, body)
        # A search page: a form, and (unless asked) nothing found; kept out by robots.txt.
        body = self._document(
            title="Suche",
            canonical="/suche/",
            description="Durchsuchen Sie alle Artikel des Rheinberger Anzeigers.",
            head='<meta name="robots" content="noindex, follow">\n',
            main='<h1>Suche</h1>\n<form class="suche" action="/suche/" method="get" '
            'role="search"><input type="search" name="q" value="" placeholder="Suchbegriff">'
            ' <button type="submit">Suchen</button></form>\n'
            "<p>Bitte geben Sie einen Suchbegriff ein.</p>",
        )
        self._add("/suche/", "other", "search", body)

    def stories(self) -> None:
        for story in STORIES:
            self.pages[story_path(story)] = Page(
                kind="article", body=self.story_page(story, story.section), content_type=HTML
            )
            if story.also_in is not None:
                # Filed under a second section too: served there, naming the first canonical.
                self.pages[story_path(story, story.also_in)] = Page(
                    kind="view", body=self.story_page(story, story.also_in), content_type=HTML
                )
            moved = old_path(story)
            if moved is not None:
                self.pages[moved] = Page(
                    kind="view",
                    body=b"",
                    content_type=HTML,
                    status=301,
                    location=self.url(story_path(story)),
                )
            if story.figure is not None:
                colour = (story.id % 200, (story.id // 7) % 200, (story.id // 49) % 200)
                self.pages[image_path(story)] = Page(
                    kind="other", body=_png(16, 9, colour), content_type="image/png"
                )

    def build(self) -> None:
        self.home()
        for section in SECTIONS:
            self.section_pages(section)
        self.stories()
        self.tag_pages()
        self.author_pages()
        self.archive_pages()
        self.service_pages()
        self.pages["/bilder/logo.png"] = Page(
            kind="other", body=_png(40, 10, (20, 50, 110)), content_type="image/png"
        )
        self.pages["/static/anzeiger.css"] = Page(
            kind="other",
            body=b".cookie-hinweis{position:fixed;bottom:0}.visually-hidden{position:absolute;"
            b"clip:rect(0 0 0 0)}\n",
            content_type="text/css; charset=utf-8",
        )
        self.pages["/robots.txt"] = Page(
            kind="other",
            body=b"User-agent: *\nDisallow: /suche/\n",
            content_type="text/plain; charset=utf-8",
        )


class Build(StaticBuild):
    """The *Rheinberger Anzeiger*: see the module's docstring."""

    timezone = TIMEZONE

    def pages(self, origin: str) -> dict[str, Page]:
        renderer = _Renderer(origin)
        renderer.build()
        return renderer.pages

    def ground_truth(self, origin: str) -> SiteTruth:
        renderer = _Renderer(origin)
        renderer.build()
        stories = []
        for story in STORIES:
            aliases = [story_path(story, story.also_in)] if story.also_in else []
            moved = old_path(story)
            if moved is not None:
                aliases.append(moved)
            stories.append(
                TruthStory(
                    url=origin + story_path(story),
                    title=story.headline,
                    published=story.published.date().isoformat(),
                    authors=story.people,
                    tags=story.tags,
                    body="\n\n".join(plain(p) for p in story.paragraphs),
                    aliases=tuple(origin + alias for alias in aliases),
                    section=SECTIONS[story.section][0],
                )
            )
        return SiteTruth(stories=tuple(stories), others=renderer.others)
