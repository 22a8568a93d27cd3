"""Invented name stock for the synthetic authority: common given names and surnames, made-up places.

Nothing here describes a real person or a real address. The town is the fictional "Northbridge"; its
postcodes use the area "NB", which is not a UK postcode area; telephone numbers come from Ofcom's ranges
reserved for drama (01632 960xxx, 07700 900xxx); e-mail domains are under example.org.
"""

from __future__ import annotations

import random

from safeguard.codelists import Ethnicity

TOWN = "Northbridge"
POLICE_FORCE = "Northbridge Police"
HOSPITAL = "Northbridge General Hospital"
LOCALITIES = ["Riverside", "Eastfield", "Highmoor", "Westgate", "Southmere", "Old Town"]

_BRITISH_BOYS = """Oliver George Harry Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas Henry William Freddie
Alfie Theo Archie Joshua James Isaac Lucas Ethan Teddy Finley Max Logan Dylan Riley Mason Reggie Tommy Louie Joseph
Ronnie Albie Jaxon Harrison Elijah Toby Tyler Jayden Kai Callum Connor Liam Kyle Ryan Lewis Jamie Reece Ben""".split()
_BRITISH_GIRLS = """Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy Sienna
Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Maya Sophie Alice Emilia Isabelle Ruby
Luna Maisie Aria Chloe Jessica Holly Megan Lacey Kayla Courtney Chelsea Paige Leah Amber Jade Shannon Demi""".split()
_BRITISH_SURNAMES = """Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
White Roberts Green Hall Wood Jackson Clarke Harrison Cooper Ward Turner Hill Moore Parker Carter Morris Mitchell
Shaw Lee Bennett Cook Price Bailey Richardson Hughes Edwards Collins Stewart Marshall Murphy Kelly Kennedy Doyle
Fletcher Gibson Holmes Lloyd Barker Dixon Kershaw Atkinson Pearson Naylor Brennan Quinn Lowe Gallagher Sutcliffe
Armitage Hartley Ackroyd Bradshaw Whitworth Greenwood Haigh Crowther Holroyd Metcalfe""".split()

_EUROPEAN_BOYS = (
    "Jakub Kacper Filip Szymon Antoni Mateusz Andrei Luca Matei David Tomas Lukas Marek Ionut Darius".split()
)
_EUROPEAN_GIRLS = "Zuzanna Julia Maja Lena Hanna Alicja Maria Elena Ioana Natalia Oliwia Daria Emilia Karina".split()
_EUROPEAN_SURNAMES = """Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Popescu Ionescu Dumitru Stan Novak
Horvath Kazlauskas Petrov Balogh Marin Zielinski Szymanski Rusu Lungu""".split()

_SOUTH_ASIAN_BOYS = "Muhammad Ibrahim Yusuf Ayaan Zayn Hamza Adam Ali Rayyan Zakariya Bilal Haris Usman Imran".split()
_SOUTH_ASIAN_GIRLS = "Aisha Maryam Zara Hafsa Safa Inaaya Amira Fatima Zainab Sana Iqra Hania Eman Anaya".split()
_SOUTH_ASIAN_SURNAMES = """Khan Hussain Ahmed Ali Akhtar Begum Rahman Iqbal Mahmood Hassan Bibi Miah Uddin Islam
Chowdhury Shah Butt Rashid Mirza Aslam""".split()

_INDIAN_BOYS = "Arjun Aarav Rohan Dev Krish Vihaan Ishaan Arav Jai Karan Nikhil Sahil Harjeet Gurpreet".split()
_INDIAN_GIRLS = "Anaya Priya Aanya Diya Isha Kavya Riya Simran Navneet Jasleen Asha Meera Pooja Nisha".split()
_INDIAN_SURNAMES = "Patel Sharma Singh Kaur Gill Mistry Shah Kumar Sandhu Bains Chauhan Desai Joshi Parmar".split()

_AFRICAN_BOYS = "Daniel David Emmanuel Samuel Joshua Tobi Kwame Chidi Femi Kofi Abdi Mohamed Tariq Yonas".split()
_AFRICAN_GIRLS = "Grace Favour Precious Blessing Ama Chioma Esther Adaeze Ayan Hodan Ruth Mercy Zainab Abena".split()
_AFRICAN_SURNAMES = """Okafor Adeyemi Mensah Osei Okonkwo Adebayo Nwosu Boateng Asante Abdullahi Mohamud Tesfaye
Okeke Ogunleye Bello Yusuf Owusu Kamara""".split()

_CARIBBEAN_SURNAMES = "Campbell Francis Grant Baptiste Gordon Henry Thomas Clarke Reid Brown Morgan Samuels".split()

_CHINESE_BOYS = "Wei Jun Hao Ming Chen Yi Kai Jian Zihan Ryan".split()
_CHINESE_GIRLS = "Mei Xin Ying Li Hui Yan Jing Ling Ruby Chloe".split()
_CHINESE_SURNAMES = "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Lin Wong".split()

_OTHER_BOYS = "Omar Ahmad Karim Mustafa Hassan Ali Reza Dariusz Samir Yousef Elias Amir Kian Sami".split()
_OTHER_GIRLS = "Layla Noor Yasmin Sara Leila Hana Rania Dalia Mariam Aya Nadia Farah Dina Salma".split()
_OTHER_SURNAMES = """Hassan Ahmadi Karimi Rahimi Mohammadi Haddad Nasser Saleh Mansour Aziz Hosseini Jaber Said
Abdi Farah Mahmoud""".split()

# (boys, girls, surnames) per naming tradition; ethnicities map onto one or two traditions.
_TRADITIONS = {
    "british": (_BRITISH_BOYS, _BRITISH_GIRLS, _BRITISH_SURNAMES),
    "european": (_EUROPEAN_BOYS, _EUROPEAN_GIRLS, _EUROPEAN_SURNAMES),
    "south_asian": (_SOUTH_ASIAN_BOYS, _SOUTH_ASIAN_GIRLS, _SOUTH_ASIAN_SURNAMES),
    "indian": (_INDIAN_BOYS, _INDIAN_GIRLS, _INDIAN_SURNAMES),
    "african": (_AFRICAN_BOYS, _AFRICAN_GIRLS, _AFRICAN_SURNAMES),
    "caribbean": (_BRITISH_BOYS, _BRITISH_GIRLS, _CARIBBEAN_SURNAMES),
    "chinese": (_CHINESE_BOYS, _CHINESE_GIRLS, _CHINESE_SURNAMES),
    "other": (_OTHER_BOYS, _OTHER_GIRLS, _OTHER_SURNAMES),
}
E = Ethnicity
_TRADITION_BY_ETHNICITY = {
    E.WBRI: "british", E.WIRI: "british", E.WIRT: "british", E.WOTH: "european", E.WROM: "european",
    E.MWBC: "caribbean", E.MWBA: "african", E.MWAS: "south_asian", E.MOTH: "british",
    E.AIND: "indian", E.APKN: "south_asian", E.ABAN: "south_asian", E.AOTH: "other",
    E.BCRB: "caribbean", E.BAFR: "african", E.BOTH: "african", E.CHNE: "chinese",
    E.OOTH: "other", E.REFU: "british", E.NOBT: "british",
}  # fmt: skip
# Mixed-heritage families often carry a British first name or surname.
_BRITISH_MIX = {E.MWBC: 0.5, E.MWBA: 0.5, E.MWAS: 0.5, E.MOTH: 0.3, E.AOTH: 0.2, E.OOTH: 0.2}


def tradition_for(ethnicity: str, rng: random.Random) -> str:
    if rng.random() < _BRITISH_MIX.get(ethnicity, 0):
        return "british"
    return _TRADITION_BY_ETHNICITY.get(ethnicity, "british")


def surname(tradition: str, rng: random.Random) -> str:
    return rng.choice(_TRADITIONS[tradition][2])


def given_name(tradition: str, sex: str, rng: random.Random) -> str:
    boys, girls, _ = _TRADITIONS[tradition]
    if sex == "U":
        sex = rng.choice("MF")
    return rng.choice(boys if sex == "M" else girls)


# Street names are compounds of invented roots, so no street is a real address in a real town.
_STREET_ROOTS = """Alder Ash Beck Birch Bramble Brook Cinder Clover Copper Crane Dale Elm Fern Fold Foxglove Gorse
Hare Hazel Heron Holly Ings Juniper Kestrel Lark Linden Maple Marsh Mill Moss Nettle Oak Otter Pike Plover Quarry
Rowan Rush Sedge Sorrel Spindle Teasel Thorn Wagtail Weir Willow Wren Yarrow""".split()
_STREET_ENDS = "brook field gate holme ley mere side wood croft lea bank dale".split()
_STREET_KINDS = "Road Street Close Avenue Way Lane Drive Crescent Terrace Grove Walk Court".split()
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use


def street(rng: random.Random) -> str:
    return f"{rng.choice(_STREET_ROOTS)}{rng.choice(_STREET_ENDS)} {rng.choice(_STREET_KINDS)}"


def address_line(rng: random.Random) -> tuple[str, str]:
    """(line 1, line 2): a house number, or a flat in a named house."""
    if rng.random() < 0.22:
        return f"Flat {rng.randint(1, 40)}", f"{rng.choice(_STREET_ROOTS)} House, {street(rng)}"
    return f"{rng.randint(1, 220)} {street(rng)}", ""


def postcode(locality: int, rng: random.Random) -> str:
    district = 1 + locality * 3 + rng.randint(0, 2)
    letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
    return f"NB{district} {rng.randint(1, 9)}{letters}"


def drama_phone(rng: random.Random, mobile: bool = False) -> str:
    return f"07700 900{rng.randint(0, 999):03d}" if mobile else f"01632 960{rng.randint(0, 999):03d}"


def gp_practice(rng: random.Random) -> str:
    return f"{rng.choice(_STREET_ROOTS)}{rng.choice(_STREET_ENDS)} {rng.choice(['Medical Practice', 'Surgery', 'Health Centre'])}"


def school(phase: str, rng: random.Random) -> str:
    root = f"{rng.choice(_STREET_ROOTS)}{rng.choice(_STREET_ENDS)}"
    if phase == "primary":
        return f"{root} {rng.choice(['Primary School', 'Primary Academy', 'Junior and Infant School'])}"
    if phase == "secondary":
        return f"{root} {rng.choice(['Academy', 'High School', 'School'])}"
    return f"{TOWN} College"


def slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())[:24]
