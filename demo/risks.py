"""The risk registers of the Southend boards, from the seed papers. Safe to load twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from boards.models import Board, Partnership, Person
from risks import services
from risks.models import Risk

# board, priority area, title, owner, category, description, cause, effect, controls,
# (inherent L, I), (current L, I) when raised, (target L, I), two reviews [(L, I, commentary)].
RISKS = [
    (
        "SENDOPS",
        "Recommendation 3: EHC plans and annual reviews",
        "Statutory EHC timescales missed for lack of educational psychologist capacity",
        "GB",
        Risk.Category.STATUTORY,
        "New EHC needs assessments are not completed within 20 weeks because psychological "
        "advice is late.",
        "Shortage of educational psychologists nationally; vacancies in the EP Service; "
        "rising demand for EHC needs assessments.",
        "Fewer plans issued within 20 weeks; complaints and tribunal appeals; children wait "
        "longer for provision.",
        "EPS recovery plan in place. PEP and SEPs recruited. EP locum and backlog recovery "
        "team in place. Recruitment and retention scheme revised.",
        (5, 5),
        (5, 4),
        (2, 3),
        [
            (4, 4, "Locum team in place; backlog of advice falling slowly."),
            (4, 4, "Locum funding ends at year end: escalated to SSPB for a funding decision."),
        ],
    ),
    (
        "SENDOPS",
        "Recommendation 3: EHC plans and annual reviews",
        "Annual review backlog",
        "GB",
        Risk.Category.STATUTORY,
        "Annual reviews of EHC plans are overdue, so plans do not reflect children's current "
        "needs.",
        "Caseloads of SEN officers; late advice from schools and health.",
        "Provision no longer meets needs; Year 9 reviews miss preparation for adulthood.",
        "Recovery Programme Plan and Annual Review Programme Tracker shared with the "
        "Operations Group. 7 of 8 additional SEN Recovery Officers appointed.",
        (5, 4),
        (4, 4),
        (2, 2),
        [
            (4, 3, "Recovery officers appointed; tracker reviewed monthly."),
            (3, 3, "Backlog down by a third since the recovery plan started."),
        ],
    ),
    (
        "SENDOPS",
        "Recommendation 4: shared data and joint commissioning",
        "Health data not shared in time for the joint SEND dashboard",
        "HF",
        Risk.Category.DATA,
        "Data from specialist community and mental health services does not reach the joint "
        "dashboard on a monthly basis.",
        "No automated feeds from health providers; data quality not yet assured.",
        "Self-evaluation and joint commissioning rest on partial data.",
        "Health dashboard developer instructed, starting with data already reported. BI leads "
        "across the health system sharing through a central repository.",
        (4, 4),
        (4, 3),
        (2, 2),
        [
            (4, 3, "Digital lead developing dashboards for Southend, Essex and Thurrock."),
            (3, 3, "Data Quality Improvement Plans agreed with two providers."),
        ],
    ),
    (
        "SENDOPS",
        "Recommendation 5: support while waiting for health assessments",
        "ASD assessment waiting times",
        "CMc",
        Risk.Category.QUALITY,
        "Children and young people wait about 52 weeks for an autism assessment.",
        "Demand rising faster than neurodevelopmental assessment capacity.",
        "Needs escalate while families wait; confidence in health services falls.",
        "All-age neurodiversity demand and capacity review complete. Pre and post-diagnosis "
        "support through the Lighthouse ASD team. Information on waiting on service pages.",
        (5, 4),
        (4, 4),
        (3, 3),
        [
            (4, 4, "Waiting times stable at about 52 weeks despite higher demand."),
            (4, 4, "Post-diagnosis support groups running in community venues."),
        ],
    ),
    (
        "SENDOPS",
        "Recommendation 6: clear information for families",
        "Parent carer confidence in the local offer",
        "CC",
        Risk.Category.REPUTATION,
        "Parents and carers do not find clear, reliable information on how to get support.",
        "Information spread across services; local offer pages incomplete.",
        "Families turn to statutory routes; trust in the partnership falls.",
        "Livewell local offer live since June 2023. Your Local Offer Your Way sessions. SEND "
        "surgeries. Partnership newsletter (1,834 subscribers).",
        (4, 3),
        (3, 3),
        (2, 2),
        [
            (3, 3, "Local offer feedback survey shows greater satisfaction."),
            (2, 3, "All surgery attendees who answered found the surgery helpful."),
        ],
    ),
    (
        "SSPB",
        "Sufficiency of specialist provision",
        "Special school place sufficiency",
        "BM",
        Risk.Category.OPERATIONAL,
        "Demand for special school and resourced provision places outstrips what the city has.",
        "52 requests for reception places at The St Christopher School and 40 at Kingsdown; "
        "tribunals direct schools to admit beyond capacity; RACC at Kingsdown holds back "
        "expansion.",
        "Children placed out of area or in settings that cannot meet their needs; high "
        "transport and independent placement costs.",
        "Primary specialist placement panel with heads. £2.5 million additional inclusion "
        "funding for mainstream schools. Expansion options under review.",
        (5, 5),
        (5, 4),
        (3, 3),
        [
            (5, 4, "Demand recognised to outstrip availability; capture wider partnership risk."),
            (4, 4, "Inclusion support funding allocated; expansion paper due next meeting."),
        ],
    ),
    (
        "SSPB",
        "Leadership and governance",
        "High needs funding block overspend",
        "MM",
        Risk.Category.FINANCIAL,
        "Spending on high needs exceeds the dedicated schools grant allocation.",
        "Growth in EHC plans and independent placements.",
        "Deficit carried forward; less to invest in early intervention.",
        "Monthly budget monitoring; invest-to-save in early intervention and SEND education.",
        (5, 4),
        (4, 4),
        (3, 3),
        [
            (4, 4, "Forecast overspend reported to the board."),
            (4, 3, "Savings plan agreed with schools forum."),
        ],
    ),
    (
        "SSPB",
        "Leadership and governance",
        "Readiness for the new area SEND inspection framework",
        "GB",
        Risk.Category.STRATEGIC,
        "The partnership cannot show the impact of its work when inspected.",
        "Self-evaluation framework still being written; evidence spread across partners.",
        "A poor inspection outcome and a Priority Action Plan.",
        "SEND Scrum inspection preparation meetings; evidence checklist; SEF being written.",
        (4, 5),
        (3, 4),
        (2, 3),
        [
            (3, 4, "Inspection preparation meetings booked; evidence checklist reviewed."),
            (2, 4, "Iterative SEF design reflecting the SEND and AP system."),
        ],
    ),
]

ESCALATED = "Statutory EHC timescales missed for lack of educational psychologist capacity"


def _scores(inherent, current, target) -> dict:
    return {
        "inherent_likelihood": inherent[0],
        "inherent_impact": inherent[1],
        "current_likelihood": current[0],
        "current_impact": current[1],
        "target_likelihood": target[0],
        "target_impact": target[1],
    }


@transaction.atomic
def load(partnership: Partnership) -> None:
    boards = {board.short_name: board for board in Board.objects.filter(partnership=partnership)}
    people = {person.initials: person for person in Person.objects.filter(partnership=partnership)}
    today = timezone.localdate()
    for number, row in enumerate(RISKS):
        short, area, title, owner, category, description, cause, effect, controls = row[:9]
        inherent, current, target, reviews = row[9:]
        board = boards.get(short)
        if board is None or Risk.objects.filter(board=board, title=title).exists():
            continue
        risk = services.risk_create(
            board=board,
            by=None,
            fields={
                "priority_area": area,
                "title": title,
                "owner": people.get(owner),
                "category": category,
                "description": description,
                "cause": cause,
                "effect": effect,
                "controls": controls,
                "raised_on": today - datetime.timedelta(days=120),
                **_scores(inherent, current, target),
            },
        )
        for step, (likelihood, impact, commentary) in enumerate(reviews):
            reviewed_on = today - datetime.timedelta(days=56 - 28 * step)
            # One review left overdue, so the register shows what that looks like.
            next_review = reviewed_on + datetime.timedelta(days=21 if number == 3 else 35)
            services.risk_review(
                risk=risk,
                by=None,
                scores=_scores(inherent, (likelihood, impact), target),
                reviewed_on=reviewed_on,
                reviewer=people.get(owner),
                commentary=commentary,
                next_review=next_review,
            )
        if title == ESCALATED and board.parent is not None:
            services.risk_escalate(
                risk=risk,
                by=None,
                reason="Locum EP funding ends at year end; a partnership funding decision is "
                "needed to keep statutory timescales.",
                on=today - datetime.timedelta(days=27),
            )
