# ruff: noqa: E501 - the minutes text is kept one paragraph a line, as typed.
"""The SSPB meeting of 26 January 2023, as its published minutes record it (the seed paper)."""

# time, title, kind, standing, presenter initials, minutes text (one paragraph a line)
ITEMS = [
    (
        "10.00",
        "Welcome, introductions and apologies",
        "standing",
        "welcome",
        "MM",
        "MM opened the meeting and apologies were noted from KR, SD, LMM and CC. TP also sent "
        "apologies and hoped to join the meeting later. CMc advised she had to leave the meeting "
        "early.",
    ),
    ("10.04", "Declarations of interest", "standing", "declarations", "", "None recorded"),
    (
        "10.05",
        "Minutes of the last meeting",
        "standing",
        "minutes",
        "MM",
        "Document 3a) FINAL DRAFT Minutes 24.11.22 were reviewed and recorded as an accurate "
        "reflection of the last meeting. These will now be published.",
    ),
    (
        "10.10",
        "Action log",
        "standing",
        "action_log",
        "MM",
        # Each action's line comes from the action log itself (the updates given at this
        # meeting), so the minutes and the log cannot disagree.
        "The Action Log 4a was reviewed an updated with comments:",
    ),
    (
        "10.27",
        "Risk log",
        "standing",
        "risk_log",
        "CMc",
        "CMc provided a verbal update on the risk log. Two meetings have taken place with Andrew "
        "Barnes and the SEND Scrum to work through risks and continue to shape the detail needed. "
        "There is some outstanding work on specific health risks. Winter pressures in the health "
        "system have contributed to the delay in completing this. There is a date in the diary for "
        "February to complete.\n"
        "CMc welcome input from any members willing to join the work on shaping the risk log.",
    ),
    (
        "10.30",
        "Current perspective from partners",
        "discussion",
        "",
        "MM",
        "MM invited members to share updates from their respective organisations.\n"
        "JM highlighted to Board the continued pressures for special school places across the City. An "
        "example of this pressure is today's primary specialist placement panel, where Heads and the "
        "LA will consider reception age special school/ARB admissions for September 2023 for pupils "
        "with an EHCP or undergoing EHCNA. There are 52 requests for places at The St Christopher "
        "School with a further 40 requests for Kingsdown School. The demand for places is "
        "overwhelming, but additionally those families that are not successful often appeal to "
        "Tribunal and if the school is directed to admit further pupils it causes further capacity "
        "issues. AW supported this concern; adding that it is extremely difficult to prioritise places "
        "for so many children with high needs and the added concern is for where they are admitted if "
        "not provided specialist placements. GB acknowledged and said the LA recognised that demand "
        "outstrips availability, and it is a challenge. The demand for EHC needs assessments is "
        "already recognised as a risk in terms of meeting demand, but there is a need to capture the "
        "wider partnership risks around special school capacity. The LA need to consider expansion but "
        "also the impact of the inclusion work and what capacity that may bring whilst recognising the "
        "higher-than-average percentage of pupils with EHCPs placed in Special School in Southend "
        "(particularly at Secondary age). MM and GB have had an initial discussion with JM.\n"
        "PJ stated that amongst families there is a perception that many Essex pupils are taking "
        "places in specialist provision and asked if this was a reality. JM responded that it was not; "
        "it is true that for some Essex pupils on the border of Essex/Southend that our specials "
        "schools are closest, and it is appropriate to admit those pupils but overall Southend are not "
        "experiencing significant Essex pupils. PJ agreed that families living in the "
        "Castlepoint/Rochford boarders are feeling distant from Essex provision and as a PCF they are "
        "working with Essex Family Forum to see what other solutions there may be for those families. "
        "AW confirmed that in the school's ARB there are no Essex pupils.\n"
        "GB advised that the team are liaising with Essex on special school consultations and "
        "Tribunals to support our placements.\n"
        "AW felt the Board needed to consider the causes and impact of the current placement "
        "pressures. The pupils on panel today all have similar experiences and similar needs; the "
        "Board should look closely at the common need and how we can we mitigate that, support the "
        "mainstream colleagues and have a good offer for families.\n"
        "MM suggested that a paper on this topic would be helpful for Board to consider. This should "
        "include the pressures and some clarity on actual numbers including tribunal decisions to "
        "place, what else is happening to contribute to this pressure / causes and subsequent impact "
        "on mainstream settings and some solutions for example options for expansion. Action: GB to "
        "work with AW, JM and other colleagues to produce a paper. There was a suggestion that a "
        "version of this paper is presented to Vulnerable Learners Sub Group and the Education Board "
        "so that they are also aware of the pressures and projections.\n"
        "PJ updated Board that the PCF had provided an overview of their work for the most recent SEND "
        "e-newsletter and asked if Board wished for a more detailed report. PJ advised that the team "
        "are working on a SEND Community Network idea with CJ and will report back to this Board on "
        "its development. Over the summer a PCF representative from the Eastern Region will be "
        "supporting some work in Southend on the role of the PCF.",
    ),
    (
        "10.50",
        "SEND Strategy",
        "discussion",
        "",
        "MM",
        "MM provided the Board with a verbal update on the Strategy. The draft Strategy had been "
        "called in by People's Scrutiny at the end of November and the decision was made to refer it "
        "back to full Council. However due to absences within the administration there was no lengthy "
        "debate at full council therefore Cllr Burton referred it back to Cabinet.\n"
        "In doing so he triggered a working party mechanism so that resolution of the outstanding "
        "issues could be achieved.\n"
        "The working group met on the 19th January. MM and GB attended and worked through with "
        "Councillors amendments to reword, but not change the ethos of the Strategy which they "
        "acknowledged had been developed as a result of much participation, engagement and co "
        "production over the last 18 months.\n"
        "The updated draft Strategy will be submitted to Cabinet for consideration on 21st February. "
        "MM agreed to circulate the version we are proposing to Board members for review before it is "
        "submitted.\n"
        "Key amends:\n"
        "- Councillors recognised there was some co-production of the Strategy but some elements were "
        "engagement and consultation and asked the Strategy made this clear.\n"
        "- Ensure the function and role of the SEND Partnership Board was made clear earlier in the "
        "document\n"
        "- Capture the partnership's aspiration to co-produce in the first page\n"
        "- Be clear on the commitment around resource bases and how they will be co-produced with "
        "stakeholders and parent carers\n"
        "- Ensure the detail of the graduated offer is captured in the delivery plan\n"
        "- Ensure that the detail of the current offer is updated by providing hyperlinks to "
        "services/provision\n"
        "- Detail how often the Strategy will be reviewed\n"
        "- Reinforce that accessible formats will be available\n"
        "- Challenge of our definition of SEND – will review it when strategy reviewed\n"
        "- Remove referrals to MASH\n"
        "- Reinforce commitment to coproduction and improvement going forward\n"
        "There was some discussion on the understanding of what Co Production is. It is clear the Co "
        "Production Charter needs to be agreed to ensure there is clarity for all and perhaps the "
        "Charter sits within the Strategy when it is updated at the first review. HF advised that "
        "other LA's and areas are moving away from the term Co Production and referring to 'working in "
        "partnership with' instead.\n"
        "There was discussion having hyperlinks to services from the electronic version of the "
        "Strategy but there needs to be consideration for how accessible this will be in other "
        "versions. Needs some thought on how to be accessible and keep readers updated of 'live' "
        "numbers? It was felt that it might be easier to refer to services in section 3 to local offer "
        "website which could be kept updated and 'live'.\n"
        "HF advised that the Strategy once agreed with be shared with the ICB quality committee.",
    ),
    (
        "11.20",
        "Inclusion Group update",
        "information",
        "",
        "SG",
        "Sarah Greaves (SG) advised that she is currently seconded to lead on inclusion and inclusive "
        "practice across Southend. This work was triggered by Brin Martin last summer and was borne "
        "out of the context and ambitions of the Green Paper, 'Right Support, Right Place Right "
        "Time'.\n"
        "SG shared a PowerPoint presentation on screen to provide an update on the work of the "
        "Inclusion task and finish group.\n"
        "SG confirmed that currently the work has been allocated £1million annual funding; and needs "
        "to be used in the financial year it is allocated; any underspend goes back into the "
        "Designated Schools Grant.\n"
        "HF requested to link with SG to align any joint commissioning and third sector work and "
        "agreed to arrange a call offline with them and CMc.\n"
        "HF would also like to link with SG re the counselling offer.\n"
        "SG advised that KPI's for the Alternative Provision pilots are due to be signed off by "
        "Vulnerable Learners Sub Group and will be happy to share them again once agreed. The Pilots "
        "will include a pay by performance measure.\n"
        "Consideration will be given to how the pilots can be taken forward and expanded once the "
        "pilots have completed. MM asked SG to return to Board in new financial year once pilots up "
        "and running with a further update.\n"
        "Action: add to forward plan and update on AP pilots at a future Board",
    ),
    (
        "11.40",
        "Improvement Monitoring – SEND Inspection, Accelerated Progress Plan and Member Scrutiny "
        "Project",
        "discussion",
        "",
        "GB",
        "GB spoke about the new inspection framework and agreed to share a PowerPoint with the group. "
        "The SEND Scrum are booking in regular inspection prep meetings to review the evidence "
        "checklist and to agree how the self-evaluation framework (SEF) will be undertaken.\n"
        "Action: a draft version of the SEF will be submitted to Board in the summer term.\n"
        "GB advised the DFE has offered support and to talk to Board about the new inspection "
        "framework and there is an offer to deliver staff a session. Action: GB will arrange this with "
        "the DfE rep.\n"
        "The APP monitoring visit needs to be confirmed but it likely it will take place early March. "
        "Action: GB was asked to confirm the date and set up a pre meeting towards the end of February "
        "with CC, MM LMM, HF CMc and PJ.",
    ),
    (
        "11.52",
        "Update on children's community services at the Lighthouse Child Development Centre",
        "noting",
        "",
        "HF",
        "Helen Farmer spoke to document 10a) the highlight report and the progress and developments on "
        "the community services at Lighthouse to date.\n"
        "EPUT host a Bi-Monthly Parent / Carer Network to enhance wider engagement from families "
        "currently accessing the service. This and the work in conjunction with Essex and Southend "
        "Parent Carer Forums has informed the service improvement development plan. There is good "
        "progress being made but there is still lots to achieve.\n"
        "MM noted the good progress and requested that this is communicated through the SEND "
        "Partnership e- newsletter. HF advised there are regular updates via the EPUT website and "
        "agreed this could be shared wider.\n"
        "MM also suggested that if and when parents feel the positive impact from this work it is "
        "shared through our communications. PJ agreed. The patient user group is not greatly attended "
        "but some families who felt 'lost' do think the service has improved however agrees there "
        "needs to be some hard data to back up any impact felt. HF agreed but accepts the impact is "
        "not yet felt by all service users.\n"
        "HF advised that in terms of the APP revisit the service has shifted and this shows "
        "progression, commitment and a plan.\n"
        "HF suggested that as part of the in-depth Scrutiny project Councillors are invited to visit "
        "the Lighthouse Centre.",
    ),
    (
        "12.11",
        "SEND Operations Group highlight report",
        "noting",
        "",
        "GB",
        "GB referred to document 11a) SENDOPS highlight report for noting. No comments or questions "
        "were raised.",
    ),
    (
        "12.12",
        "Any other business",
        "standing",
        "aob",
        "MM",
        "MM advised that the new Director for Education, Inclusion and Early Years, Liz Hunt would be "
        "joining the Council on 20th February. She is likely to meet members of the Board throughout "
        "her induction.\n"
        "HF advised that the ICB has appointed an interim Director for Adult Mental Health and "
        "Children's Autism who commences post mid-February.",
    ),
]
