"""The words and figures of the seed papers used by the strategy demo: the scrutiny update of
February 2024 and the SEND Strategy report of October 2021."""

import datetime

from strategy.models import Rag, SignOffStep

d = datetime.date

CHECKLIST = [
    ("Co-produced with parents, carers and young people", "With SSIF and the SEND Network"),
    ("Public consultation completed", "At least one month, results reported to the board"),
    ("Equality impact assessment", "Completed and attached to the board report"),
    ("Accessible formats", "Easy read, young people's version and plain-text web page"),
]

PUBLISHED = d(2023, 7, 21)
FOUR_MONTH, EIGHT_MONTH, YEARLY = d(2023, 11, 21), d(2024, 3, 21), d(2024, 7, 21)
UPDATED = d(2024, 2, 1)

# number, title, recommendation, SRO, working group, RAG, progress bullets (scrutiny update).
RECOMMENDATIONS = [
    (
        1,
        "Leadership and governance",
        "Leaders in education, health and social care are empowered to drive forward "
        "improvements at pace so that the Southend SEND Partnership strategy impacts positively "
        "on the experiences and outcomes of all children and young and people with SEND.",
        "MM",
        "SSPB",
        Rag.GREEN,
        [
            "Revised governance arrangements in place with clearer functions for reporting and "
            "tracking progress",
            "Area Partnership Board Membership revised to ensure leaders in Health, Education and "
            "Social Care are held to account and track progress",
            "Biannual reporting to Health and Well-Being Board with greater stakeholder "
            "engagements through SEND Forum, SEND Network and Educational Strategy Group",
            "Iterative design of the partnership SEF developed to reflect SEND and AP integrated "
            "system",
            "ICB review complete and restructure in progress. Maintained ICB roles with SEND and "
            "children's agenda identified.",
        ],
    ),
    (
        2,
        "Evaluating quality and impact",
        "The local area partnership should evaluate the quality and impact of services and "
        "joint working more effectively, to inform improvements that lead to better outcomes "
        "and experiences for children and young people with SEND.",
        "BM",
        "SENDOPS",
        Rag.GREEN,
        [
            "Data Analysis on educational outcomes in place",
            "Relational Practice training offer provided to all schools, parents and carers and "
            "professionals in Childrens Services. 50% (26) of Southend schools have engaged "
            "since September 2023.",
            "3 Alternative Provision (AP) Pilots commissioned",
            "8 additional Southend Schools with Mental Health Support Teams (MHSTs), "
            "(phase 2 Wave 11)",
            "Better quality information in Yr9 Annual Reviews provided by schools, supporting "
            "effective Preparation for Adulthood planning",
        ],
    ),
    (
        3,
        "EHC plans and annual reviews",
        "Local area partnership leaders should improve the effectiveness of joint working to "
        "support the co-production of EHC plans and annual reviews so that at each stage the "
        "provision that is planned takes full account of children's and young people's current "
        "and changing needs.",
        "GB",
        "SENDOPS",
        Rag.AMBER,
        [
            "Statutory timescales for new assessments significantly impacted by EPS staffing.",
            "Recovery Programme Plan and Annual Review Programme Tracker produced and shared "
            "with SENDAP Operations Group.",
            "Recruitment and retention scheme for EP Service revised and implemented. Recruited "
            "PEP and SEPs. Additional recruitment of Assistants and Trainees in progress.",
            "EP locum and backlog recovery team in place",
            "Two rounds of recruitment of SEN Recovery Officers complete – 7 of 8 additional "
            "officers appointed to deliver annual review recovery plan",
        ],
    ),
    (
        4,
        "Shared data and joint commissioning",
        "Local area partnership leaders should ensure that they share accurate data across "
        "health, education and social care to support rigorous and effective self-evaluation "
        "and inform joint commissioning.",
        "CMc",
        "JCB",
        Rag.AMBER,
        [
            "The development of a joint dashboard needs further work at pace.",
            "JSNA on track with phase 1 draft scheduled by feb.",
            "Health dashboard developer instructed and commencing build, initially focused on "
            "data already reported",
            "Gaps and further metrics identified. Data Quality Improvement Plans (DQUIP) will be "
            "required to ensure timely and accurate reporting from health providers",
        ],
    ),
    (
        5,
        "Support while awaiting health assessments",
        "The local area partnership should ensure that appropriate support is in place from "
        "health services for children and young people who are awaiting health needs "
        "assessments, so that early intervention reduces the risk of any escalation of concern.",
        "HF",
        "SENDOPS",
        Rag.GREEN,
        [
            "An all-age Neurodiversity demand and capacity review has been completed",
            "Waiting times for ASD assessment have reduced to approximately 52 weeks despite "
            "increasing demand",
            "The Lighthouse ASD team are now hosting a series of post-diagnosis support group "
            "sessions across a wide range of community venues",
            "MSE Health SEND Champions forum formed and beginning work on training needs analysis",
        ],
    ),
    (
        6,
        "Clear information for families",
        "The local area partnership should make sure that parents and carers and professionals "
        "receive clear and reliable information about how to access the range of support and "
        "services that are available.",
        "CC",
        "SENDOPS",
        Rag.GREEN,
        [
            "1834 Subscribers to the SEND Partnership newsletter",
            "New Livewell platform (Local Offer) went live in June 2023. 3 feedback and co-design "
            "sessions held.",
            "Of 85 aspects of the Local Offer, 76% were rated as either developed or well "
            "developed with 24% requiring more development.",
            "14 SEND Surgeries held. 64 parent-carers have attended; of the 47 people who "
            "answered, 100% said the surgery was helpful.",
            "The first 3 roadmaps are being developed with SSIF between February and June 2024, "
            "on track for 30% overall roadmap completion by July.",
        ],
    ),
]

# recommendation, text, lead, milestone, due, RAG
ACTIONS = [
    (
        1,
        "Revise the membership of the Area Partnership Board",
        "MM",
        "4_month",
        FOUR_MONTH,
        Rag.COMPLETE,
    ),
    (
        1,
        "Report progress to the Health and Wellbeing Board twice a year",
        "MM",
        "yearly",
        YEARLY,
        Rag.GREEN,
    ),
    (
        2,
        "Offer relational practice training to every school",
        "BM",
        "8_month",
        EIGHT_MONTH,
        Rag.GREEN,
    ),
    (
        2,
        "Commission and evaluate three Alternative Provision pilots",
        "BM",
        "yearly",
        YEARLY,
        Rag.GREEN,
    ),
    (3, "Deliver the annual review recovery plan", "GB", "4_month", FOUR_MONTH, Rag.AMBER),
    (
        3,
        "Set up the EHC multi-agency quality assurance group",
        "GB",
        "8_month",
        EIGHT_MONTH,
        Rag.GREEN,
    ),
    (
        4,
        "Build a joint health, education and care dashboard",
        "CMc",
        "8_month",
        EIGHT_MONTH,
        Rag.RED,
    ),
    (
        5,
        "Publish referral routes and waiting-well support on service web pages",
        "HF",
        "4_month",
        FOUR_MONTH,
        Rag.COMPLETE,
    ),
    (6, "Develop 11 roadmaps with parents and carers", "CC", "yearly", YEARLY, Rag.GREEN),
]

SLIPPED = (
    3,
    "Deliver the annual review recovery plan",
    d(2024, 3, 31),
    "Two rounds of recruitment of SEN Recovery Officers were needed: 7 of 8 officers are "
    "now appointed.",
)

# The timetable of the SEND Strategy report to SSPB, 5 October 2021.
TIMETABLE = [
    (
        "Version 11 of SEND Strategy shared with Joint Commissioning Board",
        "JCB",
        d(2021, 9, 15),
        "",
        d(2021, 9, 15),
        SignOffStep.Outcome.NOTED,
    ),
    (
        "Version 11 of SEND Strategy shared with SENDOPS",
        "SENDOPS",
        d(2021, 9, 21),
        "",
        d(2021, 9, 21),
        SignOffStep.Outcome.NOTED,
    ),
    (
        "Version 11 of SEND Strategy shared with SSPB",
        "SSPB",
        d(2021, 10, 6),
        "",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    (
        "Members of all 3 boards invited to seek and provide final feedback on Version 11 which "
        "will be incorporated into Version 12",
        None,
        None,
        "October 21 half term deadline",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    (
        "Action planning sessions to be arranged to agree detailed actions to form the action "
        "plan to accompany the published SEND Strategy",
        None,
        None,
        "October/November 21",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    (
        "Peer Review undertaken and outcome shared",
        None,
        None,
        "November/December 21",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    (
        "Detailed work around presentation of Strategy",
        None,
        None,
        "October 21 to December 21",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    (
        "Strategy updated to reflect recommendations of Peer Review",
        None,
        None,
        "December 21",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    (
        "Potential sign off of final draft Strategy at the 6 January SSPB",
        "SSPB",
        d(2022, 1, 6),
        "",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    (
        "Wider public consultation on final draft Strategy",
        None,
        None,
        "One month Jan/Feb 22",
        None,
        SignOffStep.Outcome.PENDING,
    ),
    ("SSPB final version", "SSPB", d(2022, 3, 1), "", None, SignOffStep.Outcome.PENDING),
    ("Education Board", None, None, "TBC March 22", None, SignOffStep.Outcome.PENDING),
    ("Scrutiny", None, d(2022, 3, 15), "", None, SignOffStep.Outcome.PENDING),
    ("Improvement Board", None, None, "TBC", None, SignOffStep.Outcome.PENDING),
    ("Cabinet", None, None, "TBC", None, SignOffStep.Outcome.PENDING),
    ("HWBB sign off", "HWBB", d(2022, 3, 7), "", None, SignOffStep.Outcome.PENDING),
]

Q1, Q2, Q3 = d(2023, 4, 1), d(2023, 7, 1), d(2023, 10, 1)
# name, unit, target, polarity, owner, recommendation, [(quarter, value, narrative)]
INDICATORS = [
    (
        "Newsletter subscribers",
        "",
        2000,
        "higher",
        "CC",
        6,
        [
            (Q1, 1420, ""),
            (Q2, 1610, ""),
            (Q3, 1834, "1834 subscribers to the SEND Partnership newsletter"),
        ],
    ),
    (
        "ASD assessment waiting time",
        "weeks",
        18,
        "lower",
        "HF",
        5,
        [
            (Q1, 68, ""),
            (Q2, 60, ""),
            (Q3, 52, "Reduced to approximately 52 weeks despite increasing demand"),
        ],
    ),
    (
        "EHC plans issued within 20 weeks",
        "%",
        60,
        "higher",
        "GB",
        3,
        [
            (Q1, 48, ""),
            (Q2, 39, ""),
            (
                Q3,
                31,
                "Statutory timescales challenged by the shortage of educational psychologists",
            ),
        ],
    ),
    (
        "SEND surgeries held",
        "",
        4,
        "higher",
        "CC",
        6,
        [
            (Q1, 4, ""),
            (Q2, 5, ""),
            (
                Q3,
                5,
                "64 parent-carers have attended; 100% of the 47 who "
                "answered said the surgery was helpful",
            ),
        ],
    ),
    (
        "Local Offer completeness (SE7 framework)",
        "%",
        85,
        "higher",
        "CC",
        6,
        [(Q2, 70, ""), (Q3, 76, "Of 85 aspects, 76% rated developed or well developed")],
    ),
]
