"""The Southend SEND partnership of the seed papers, as demo data. Safe to load twice."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from boards.models import Board, Membership, Organisation, Partnership, Person, Role

ORGANISATIONS = [
    ("Southend City Council", "SCC", Organisation.Kind.COUNCIL),
    ("Mid & South Essex ICS", "MSE ICB", Organisation.Kind.ICB),
    ("Essex Partnership University NHS Foundation Trust", "EPUT", Organisation.Kind.NHS_TRUST),
    ("Blenheim Primary School", "", Organisation.Kind.SCHOOL),
    ("SEN Trust Southend", "", Organisation.Kind.SCHOOL),
    ("Southend SEND Independent Forum", "SSIF", Organisation.Kind.FORUM),
    ("Healthwatch Southend", "Healthwatch", Organisation.Kind.HEALTHWATCH),
    ("A Better Start Southend", "ABSS", Organisation.Kind.VOLUNTARY),
]

# name, initials, job title, organisation: as in the attendance table of 26 January 2023.
PEOPLE = [
    (
        "Michael Marks",
        "MM",
        "Executive Director, Public Health and Children's Services",
        "Southend City Council",
    ),
    ("Amanda Wiley", "AW", "Primary School Head Representative", "Blenheim Primary School"),
    ("Helen Farmer", "HF", "Interim Alliance Director", "Mid & South Essex ICS"),
    ("Caroline McCarron", "CMc", "Deputy Alliance Director", "Mid & South Essex ICS"),
    ("Gary Bloom", "GB", "Head of SEND", "Southend City Council"),
    ("Jackie Mullan", "JM", "Special School Representative", "SEN Trust Southend"),
    ("Philomena Johnson", "PJ", "Chair", "Southend SEND Independent Forum"),
    ("Owen Richards", "OR", "Chief Officer", "Healthwatch Southend"),
    ("Sarah Greaves", "SG", "Headteacher Virtual School", "Southend City Council"),
    ("Krishna Ramkhelawon", "KR", "Director of Public Health", "Southend City Council"),
    ("Samantha Delve", "SD", "Secretary", "Southend SEND Independent Forum"),
    ("Lissa-Marie Minnis", "L-MM", "Children's Social Work Director", "Southend City Council"),
    ("Stephan Leibrecht", "SL", "Head Adult Social Care", "Southend City Council"),
    ("Tara Poore", "TP", "Director", "A Better Start Southend"),
    (
        "Carol Compton",
        "CC",
        "Head of Service Integration, Youth and Family Services",
        "Southend City Council",
    ),
    ("Carron Jacobs", "CJ", "SEND Project Officer", "Southend City Council"),
    ("Brin Martin", "BM", "Director of Education and Early Years", "Southend City Council"),
]

BOARDS = [
    (
        "Health and Wellbeing Board",
        "HWBB",
        "hwbb",
        None,
        Board.Frequency.QUARTERLY,
        "The statutory board with strategic oversight of SEND in the area.",
    ),
    (
        "SEND Strategic Partnership Board",
        "SSPB",
        "sspb",
        "HWBB",
        Board.Frequency.EIGHT_WEEKLY,
        "Leads the local area SEND partnership and holds partners to account for improvement.",
    ),
    (
        "SEND Operations Group",
        "SENDOPS",
        "sendops",
        "SSPB",
        Board.Frequency.MONTHLY,
        "Tracks delivery of the strategic action plan and reviews the risk log each month.",
    ),
    (
        "Joint Commissioning Board",
        "JCB",
        "jcb",
        "SSPB",
        Board.Frequency.BI_MONTHLY,
        "Agrees joint commissioning across education, health and care.",
    ),
]

MEMBERSHIPS = {
    "SSPB": [
        ("MM", Role.CHAIR),
        ("AW", Role.MEMBER),
        ("HF", Role.MEMBER),
        ("CMc", Role.MEMBER),
        ("GB", Role.MEMBER),
        ("JM", Role.MEMBER),
        ("PJ", Role.MEMBER),
        ("OR", Role.MEMBER),
        ("KR", Role.MEMBER),
        ("SD", Role.MEMBER),
        ("L-MM", Role.MEMBER),
        ("SL", Role.MEMBER),
        ("TP", Role.MEMBER),
        ("CC", Role.MEMBER),
        ("SG", Role.GUEST),
        ("CJ", Role.SECRETARY),
    ],
    "SENDOPS": [
        ("GB", Role.CHAIR),
        ("CMc", Role.MEMBER),
        ("CC", Role.MEMBER),
        ("PJ", Role.MEMBER),
        ("SG", Role.MEMBER),
        ("CJ", Role.SECRETARY),
    ],
    "JCB": [("HF", Role.CHAIR), ("GB", Role.MEMBER), ("CC", Role.MEMBER), ("CJ", Role.SECRETARY)],
    "HWBB": [("KR", Role.CHAIR), ("MM", Role.MEMBER), ("HF", Role.MEMBER), ("OR", Role.MEMBER)],
}
DEPUTIES = {("SSPB", "HF"): "CMc"}

# Login accounts for the demo, each tied to a person of the partnership.
LOGINS = [
    ("secretary", "CJ", False),
    ("chair", "MM", False),
    ("sro", "GB", False),
    ("member", "PJ", False),
    ("admin", None, True),
]


@transaction.atomic
def load_structure(password: str) -> Partnership:
    partnership, _ = Partnership.objects.get_or_create(
        slug="southend",
        defaults={"name": "Southend SEND Area Partnership", "area": "Southend-on-Sea"},
    )
    organisations = {}
    for name, short, kind in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            partnership=partnership, name=name, defaults={"short_name": short, "kind": kind}
        )
    people = {}
    for name, initials, job, organisation in PEOPLE:
        people[initials], _ = Person.objects.get_or_create(
            partnership=partnership,
            initials=initials,
            defaults={
                "name": name,
                "job_title": job,
                "organisation": organisations[organisation],
                "email": f"{name.lower().replace(' ', '.').replace("'", '')}@example.org",
            },
        )
    boards = {}
    for name, short, slug, parent, frequency, purpose in BOARDS:
        boards[short], _ = Board.objects.get_or_create(
            partnership=partnership,
            short_name=short,
            defaults={
                "name": name,
                "slug": slug,
                "parent": boards.get(parent),
                "meeting_frequency": frequency,
                "purpose": purpose,
                "quorum": 4 if short == "SSPB" else 3,
            },
        )
    for short, seats in MEMBERSHIPS.items():
        for initials, role in seats:
            deputy = DEPUTIES.get((short, initials))
            Membership.objects.get_or_create(
                board=boards[short],
                person=people[initials],
                defaults={
                    "role": role,
                    "deputy": people[deputy] if deputy else None,
                    "starts_on": datetime.date(2022, 9, 1),
                },
            )
    User = get_user_model()
    for username, initials, staff in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            person = people.get(initials)
            first, _, last = (person.name if person else "Site Administrator").partition(" ")
            user = User.objects.create_user(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                email=person.email if person else "admin@example.org",
                is_staff=staff,
                is_superuser=staff,
            )
        if initials and people[initials].user_id is None:
            people[initials].user = user
            people[initials].save()
    return partnership
