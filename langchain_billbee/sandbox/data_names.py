"""Word lists for the demo shop: a small German coffee roastery (all names invented).

Pure data, no logic. Addresses pair real German towns with their postcodes so the records look
right, but every person, street number, e-mail address and phone number is made up; e-mail
addresses use the reserved ``example.*`` domains.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Anna Lena Julia Laura Sarah Lisa Katharina Johanna Sophie Marie Hannah Lea Clara Emma "
    "Sabine Petra Claudia Monika Birgit Ute Andrea Susanne Maximilian Lukas Jonas Felix Leon "
    "Paul Tim Jan Niklas David Thomas Michael Stefan Andreas Markus Frank Jürgen Klaus Uwe "
    "Matthias Tobias Florian Sebastian Christian Martin Ralf Bernd Jörg"
)

LAST_NAMES = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König "
    "Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Vogel Friedrich"
)

STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Gartenweg",
    "Lindenallee",
    "Schulstraße",
    "Kirchgasse",
    "Am Markt",
    "Bergstraße",
    "Ringstraße",
    "Waldweg",
    "Rosenstraße",
    "Mühlenweg",
    "Goethestraße",
    "Schillerstraße",
    "Feldstraße",
    "Wiesenweg",
    "Birkenweg",
    "Eichendorffstraße",
    "Am Hafen",
    "Parkstraße",
    "Friedhofstraße",
    "Talstraße",
    "Kastanienallee",
    "Brunnenstraße",
)

# (postcode, town, ISO country) — real postcode/town pairs, invented street numbers.
TOWNS = (
    ("10115", "Berlin", "DE"),
    ("10437", "Berlin", "DE"),
    ("12043", "Berlin", "DE"),
    ("20095", "Hamburg", "DE"),
    ("22765", "Hamburg", "DE"),
    ("80331", "München", "DE"),
    ("81667", "München", "DE"),
    ("50667", "Köln", "DE"),
    ("60311", "Frankfurt am Main", "DE"),
    ("70173", "Stuttgart", "DE"),
    ("40213", "Düsseldorf", "DE"),
    ("04109", "Leipzig", "DE"),
    ("44135", "Dortmund", "DE"),
    ("45127", "Essen", "DE"),
    ("28195", "Bremen", "DE"),
    ("01067", "Dresden", "DE"),
    ("30159", "Hannover", "DE"),
    ("90402", "Nürnberg", "DE"),
    ("48143", "Münster", "DE"),
    ("79098", "Freiburg im Breisgau", "DE"),
    ("53111", "Bonn", "DE"),
    ("68161", "Mannheim", "DE"),
    ("86150", "Augsburg", "DE"),
    ("24103", "Kiel", "DE"),
    ("93047", "Regensburg", "DE"),
    ("97070", "Würzburg", "DE"),
    ("14467", "Potsdam", "DE"),
    ("99084", "Erfurt", "DE"),
    ("59423", "Unna", "DE"),
    ("37073", "Göttingen", "DE"),
    ("1010", "Wien", "AT"),
    ("5020", "Salzburg", "AT"),
)

COMPANY_KINDS = (
    "Café {}",
    "Büro {} GmbH",
    "Bäckerei {}",
    "Praxis Dr. {}",
    "Kanzlei {} & Partner",
    "{} Bistro",
    "Autohaus {} KG",
)

# (name, Billbee-style VatIndex: 2 = reduced 7 % for coffee, 1 = regular 19 %)
COFFEES = (
    "Espresso Napoli",
    "Espresso Milano",
    "Café Crema Klassik",
    "Filterkaffee Hausmischung",
    "Äthiopien Yirgacheffe",
    "Kolumbien Huila",
    "Brasilien Santos",
    "Guatemala Antigua",
    "Entkoffeiniert Mild",
    "Kenia AA",
    "Peru Bio",
    "Sumatra Mandheling",
)
COFFEE_SIZES = (("250 g", "250", "7.90", 260), ("500 g", "500", "14.50", 520),
                ("1 kg", "1000", "26.90", 1030))  # fmt: skip

ACCESSORIES = (
    ("Handmühle Keramikmahlwerk", "39.90"),
    ("Elektrische Kaffeemühle", "129.00"),
    ("Porzellanfilter Größe 4", "19.90"),
    ("Filtertüten Größe 4 (100 Stück)", "3.49"),
    ("Glaskaraffe 600 ml", "24.90"),
    ("Milchkännchen 350 ml", "17.90"),
    ("Tamper 58 mm Edelstahl", "34.90"),
    ("Reinigungstabletten für Siebträger", "9.90"),
    ("Entkalker 500 ml", "11.90"),
    ("Thermobecher 350 ml", "22.90"),
    ("Espressotassen-Set (2 Stück)", "19.90"),
    ("Cappuccinotassen-Set (2 Stück)", "24.90"),
    ("French Press 1 l", "32.90"),
    ("Vorratsdose 500 g", "16.90"),
    ("Geschenkbox Probierset", "29.90"),
    ("Kaffeewaage mit Timer", "44.90"),
    ("Wasserkessel mit Schwanenhals", "59.90"),
    ("Cold-Brew-Flasche 1 l", "27.90"),
    ("Barista-Schürze Canvas", "36.00"),
    ("Siebträger-Abklopfbox", "21.90"),
)

ORDER_TAGS = ("Geschenk", "Express", "Stammkunde", "B2B", "Abo", "Gutschein")
