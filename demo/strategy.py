"""Demo plans, highlight reports and indicators, from the scrutiny update (February 2024) and
the SEND Strategy report (October 2021) in the seed papers. Safe to load twice."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from boards.models import Board, Meeting, Partnership, Person
from strategy.models import (
    ChecklistItem,
    HighlightReport,
    Indicator,
    IndicatorValue,
    NextStep,
    Plan,
    PlanAction,
    PlanChecklistItem,
    Priority,
    ProgressUpdate,
    Rag,
    RagChange,
    SignOffStep,
    Slippage,
    StrategyVersion,
)

from .strategy_seed import (
    ACTIONS,
    CHECKLIST,
    INDICATORS,
    PUBLISHED,
    RECOMMENDATIONS,
    SLIPPED,
    TIMETABLE,
    UPDATED,
)

d = datetime.date


def _checklist(partnership):
    for position, (title, guidance) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={"guidance": guidance, "position": position},
        )


def _give_checklist(plan, done_titles, on):
    for item in ChecklistItem.objects.filter(partnership=plan.partnership_id):
        done = item.title in done_titles
        PlanChecklistItem.objects.get_or_create(
            plan=plan,
            item=item,
            defaults={"done_on": on if done else None, "evidence": done_titles.get(item.title, "")},
        )


def _action_plan(partnership, boards, people) -> Plan:
    plan, created = Plan.objects.get_or_create(
        partnership=partnership,
        title="Post-Inspection Strategic Action Plan",
        defaults={
            "kind": Plan.Kind.STRATEGIC_ACTION_PLAN,
            "owner_board": boards["SSPB"],
            "period_start": PUBLISHED,
            "period_end": d(2025, 7, 31),
            "published_on": PUBLISHED,
            "signed_off_on": d(2023, 7, 20),
        },
    )
    if not created:
        return plan
    _give_checklist(
        plan,
        {
            "Co-produced with parents, carers and young people": "SSIF and SEND Network",
            "Public consultation completed": "Shared across the Southend community",
            "Equality impact assessment": "EIA July 2023",
            "Accessible formats": "Easy read and young people's versions",
        },
        d(2023, 7, 14),
    )
    priorities = {}
    for number, title, text, sro, group, rag, bullets in RECOMMENDATIONS:
        user = people[sro].user
        priority = Priority.objects.create(
            plan=plan,
            number=number,
            title=title,
            text=text,
            sro=people[sro],
            working_group=boards[group],
            rag=rag,
        )
        priorities[number] = priority
        for bullet in bullets:
            ProgressUpdate.objects.create(
                priority=priority, text=bullet, written_on=UPDATED, author=user
            )
        RagChange.objects.create(
            priority=priority,
            old_rag="",
            new_rag=Rag.GREEN,
            reason="First rating at publication",
            author=user,
            changed_at=timezone.make_aware(datetime.datetime(2023, 7, 21, 9)),
        )
        if rag != Rag.GREEN:
            RagChange.objects.create(
                priority=priority,
                old_rag=Rag.GREEN,
                new_rag=rag,
                reason=bullets[0],
                author=user,
                changed_at=timezone.make_aware(datetime.datetime(2024, 1, 18, 11)),
            )
    counters: dict[int, int] = {}
    for number, text, lead, milestone, due, rag in ACTIONS:
        counters[number] = counters.get(number, 0) + 1
        action = PlanAction.objects.create(
            priority=priorities[number],
            number=counters[number],
            text=text,
            lead=people[lead],
            milestone=milestone,
            due_date=due,
            original_due_date=due,
            rag=rag,
        )
        if (number, text) == SLIPPED[:2]:
            Slippage.objects.create(
                action=action,
                old_date=due,
                new_date=SLIPPED[2],
                reason=SLIPPED[3],
                changed_by=people[lead].user,
                changed_at=timezone.make_aware(datetime.datetime(2023, 11, 16, 10)),
            )
            action.due_date = SLIPPED[2]
            action.save(update_fields=["due_date"])
    return plan


def _strategy(partnership, boards):
    plan, created = Plan.objects.get_or_create(
        partnership=partnership,
        title="SEND Strategy 2021-24",
        defaults={
            "kind": Plan.Kind.STRATEGY,
            "owner_board": boards["SSPB"],
            "period_start": d(2021, 9, 1),
            "period_end": d(2024, 8, 31),
        },
    )
    if not created:
        return plan
    _give_checklist(
        plan,
        {
            "Co-produced with parents, carers and young people": "SEND Summit, 22 April 2021: "
            "46 attended including 5 members of SSIF"
        },
        d(2021, 4, 22),
    )
    StrategyVersion.objects.create(
        plan=plan,
        number=11,
        issued_on=d(2021, 9, 15),
        change_summary="Draft strategic priorities and high-level actions, shared with JCB, "
        "SENDOPS and SSPB for final feedback.",
    )
    StrategyVersion.objects.create(
        plan=plan,
        number=12,
        issued_on=d(2021, 12, 17),
        change_summary="Incorporates the boards' feedback on version 11 and the recommendations "
        "of the peer review.",
    )
    for position, (activity, board, planned, text, actual, outcome) in enumerate(
        TIMETABLE, start=1
    ):
        SignOffStep.objects.create(
            plan=plan,
            position=position,
            activity=activity,
            board=boards.get(board),
            planned_on=planned,
            planned_text=text,
            actual_on=actual,
            outcome=outcome,
        )
    return plan


def _next_meeting(board) -> Meeting:
    today = timezone.localdate()
    upcoming = board.meetings.filter(date__gte=today + datetime.timedelta(days=7)).order_by("date")
    meeting = upcoming.filter(status=Meeting.Status.SCHEDULED).first()
    if meeting is None:
        # Boards meet on a weekday: the first Thursday four weeks or more away, clear of the
        # Christmas break.
        date = today + datetime.timedelta(days=28)
        while date.weekday() != 3 or (date.month, date.day) >= (12, 22):
            date += datetime.timedelta(days=1)
        meeting = Meeting.objects.create(
            board=board,
            date=date,
            venue="Via MS Teams",
            starts_at=datetime.time(10, 0),
            ends_at=datetime.time(12, 0),
        )
    return meeting


def _report(priority, meeting, *, rag, summary, achievements, steps, risks, decisions, status):
    report, created = HighlightReport.objects.get_or_create(
        priority=priority,
        meeting=meeting,
        defaults={
            "rag": rag,
            "summary": summary,
            "achievements": achievements,
            "risks_and_issues": risks,
            "decisions_required": decisions,
            "status": status,
            "deadline": meeting.date - datetime.timedelta(days=7),
            "submitted_at": timezone.now() if status == HighlightReport.Status.SUBMITTED else None,
            "author": priority.sro.user if priority.sro else None,
        },
    )
    if created:
        NextStep.objects.bulk_create(
            NextStep(report=report, activity=activity, by_when=by_when)
            for activity, by_when in steps
        )


def _highlight_reports(plan, boards):
    priorities = {p.number: p for p in plan.priorities.select_related("sro__user")}
    past, _ = Meeting.objects.get_or_create(
        board=boards["SSPB"],
        date=d(2024, 2, 29),
        defaults={"status": Meeting.Status.HELD, "venue": "Via MS Teams"},
    )
    _report(
        priorities[3],
        past,
        rag=Rag.AMBER,
        summary="Statutory timescales for new assessments significantly impacted by EPS "
        "staffing. Recovery Programme Plan and Annual Review Programme Tracker produced and "
        "shared with SENDAP Operations Group.",
        achievements="Recruited PEP and SEPs. EP locum and backlog recovery team in place. "
        "7 of 8 additional SEN Recovery Officers appointed.",
        steps=[
            ("Additional recruitment of Assistants and Trainees", d(2024, 4, 30)),
            ("EHC multi-agency quality assurance framework adapted and agreed", d(2024, 6, 30)),
        ],
        risks="Shortage of educational psychologists (risk register: EP capacity).",
        decisions="To note the recovery plan and the revised date for the annual review "
        "recovery milestone.",
        status=HighlightReport.Status.SUBMITTED,
    )
    _report(
        priorities[1],
        past,
        rag=Rag.GREEN,
        summary="Revised governance arrangements in place with clearer functions for reporting "
        "and tracking progress.",
        achievements="Area Partnership Board membership revised.",
        steps=[("Biannual report to the Health and Wellbeing Board", d(2024, 3, 7))],
        risks="",
        decisions="None.",
        status=HighlightReport.Status.SUBMITTED,
    )
    upcoming = _next_meeting(boards["SSPB"])
    _report(
        priorities[6],
        upcoming,
        rag=Rag.GREEN,
        summary="The SEND Network launched: 29 organisations have joined. The Local Offer "
        "feedback survey reported greater satisfaction.",
        achievements="1834 newsletter subscribers; 14 SEND surgeries held.",
        steps=[("First 3 roadmaps published with SSIF", upcoming.date + datetime.timedelta(90))],
        risks="",
        decisions="To note.",
        status=HighlightReport.Status.DRAFT,
    )


def _indicators(partnership, plan, people):
    priorities = {p.number: p for p in plan.priorities.all()}
    for position, (name, unit, target, polarity, owner, number, values) in enumerate(
        INDICATORS, start=1
    ):
        indicator, _ = Indicator.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={
                "unit": unit,
                "target": Decimal(target),
                "polarity": polarity,
                "owner": people[owner],
                "priority": priorities.get(number),
                "frequency": Indicator.Frequency.QUARTERLY,
                "position": position,
            },
        )
        for period, value, narrative in values:
            IndicatorValue.objects.get_or_create(
                indicator=indicator,
                period=period,
                defaults={"value": Decimal(value), "narrative": narrative},
            )


@transaction.atomic
def load_strategy_demo(partnership: Partnership) -> None:
    boards = {b.short_name: b for b in Board.objects.filter(partnership=partnership)}
    people = {p.initials: p for p in Person.objects.filter(partnership=partnership)}
    _checklist(partnership)
    plan = _action_plan(partnership, boards, people)
    _strategy(partnership, boards)
    _highlight_reports(plan, boards)
    _indicators(partnership, plan, people)
