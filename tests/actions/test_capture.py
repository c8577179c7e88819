import datetime

import pytest

from actions.capture import parse_action, parse_action_lines, parse_date, resolve_initials
from actions.models import reference_sort_key

KNOWN = {"GB", "AW", "JM", "HF", "CMc", "L-MM", "CJ", "MM", "PJ", "CC"}


def test_the_seed_line_with_a_date():
    (found,) = parse_action_lines(
        "Action: GB to work with AW and JM to produce a paper by 31/03/2023", KNOWN
    )
    assert found.owner_initials == ["GB"]
    assert found.description == "work with AW and JM to produce a paper"
    assert found.due_date == datetime.date(2023, 3, 31)
    assert found.problems == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2023", datetime.date(2023, 3, 31)),
        ("31/03/23", datetime.date(2023, 3, 31)),
        ("1.4.2023", datetime.date(2023, 4, 1)),
        ("31 March 2023", datetime.date(2023, 3, 31)),
        ("31st March 2023", datetime.date(2023, 3, 31)),
        ("2 Feb 2023", datetime.date(2023, 2, 2)),
        ("30 Sept 2023", datetime.date(2023, 9, 30)),
        ("31/02/2023", None),
        ("next week", None),
    ],
)
def test_dates_are_read_day_first(text, expected):
    assert parse_date(text) == expected


def test_a_worded_due_date():
    found = parse_action("CJ to share the link with Board members by 28 February 2023.", KNOWN)
    assert found.due_date == datetime.date(2023, 2, 28)
    assert found.description == "share the link with Board members"


def test_several_owners_and_other_verbs():
    found = parse_action("GB/HF will arrange this with the DfE rep.", KNOWN)
    assert found.owner_initials == ["GB", "HF"]
    assert found.description == "arrange this with the DfE rep"
    found = parse_action("GB was asked to confirm the date", KNOWN)
    assert (found.owner_initials, found.description) == (["GB"], "confirm the date")
    found = parse_action("CMc and L-MM to review the risk log", KNOWN)
    assert found.owner_initials == ["CMc", "L-MM"]


def test_unknown_initials_are_flagged_not_guessed():
    found = parse_action("ZQ to write the paper", KNOWN)
    assert found.owner_initials == ["ZQ"]
    assert found.problems == ['Nobody has the initials "ZQ".']


def test_an_action_without_an_owner_is_flagged():
    found = parse_action("add to forward plan and update on AP pilots at a future Board", KNOWN)
    assert found.owner_initials == []
    assert found.description == "add to forward plan and update on AP pilots at a future Board"
    assert found.problems == ["No owner named: choose who owns it."]


def test_a_bad_date_is_flagged_and_kept_in_the_text():
    found = parse_action("GB to report by 31/02/2023", KNOWN)
    assert found.due_date is None
    assert found.problems == ['"31/02/2023" is not a date.']


def test_actions_inside_a_paragraph_end_with_their_sentence():
    text = (
        "MM suggested a paper. Action: GB to work with AW, JM and other colleagues to produce a "
        "paper. There was a suggestion that a version goes to the Education Board.\n"
        "GB advised the DFE has offered support. Action: GB will arrange this with the DfE rep."
    )
    found = parse_action_lines(text, KNOWN)
    assert [f.description for f in found] == [
        "work with AW, JM and other colleagues to produce a paper",
        "arrange this with the DfE rep",
    ]
    assert found[0].source_line.startswith("GB to work with")


def test_text_without_actions_gives_nothing():
    assert parse_action_lines("Noted. The board discussed transactions: none.", KNOWN) == []
    assert parse_action_lines("", KNOWN) == []


def test_the_word_action_mid_sentence_is_not_a_marker():
    assert parse_action_lines("The action: keep it open was agreed", KNOWN) == []


def test_resolving_initials_allows_a_missing_hyphen_only_when_unambiguous():
    people = {"L-MM": "Lissa", "GB": "Gary"}
    assert resolve_initials(["LMM", "GB"], people) == (["Lissa", "Gary"], [])
    assert resolve_initials(["gb"], people) == (["Gary"], [])
    ambiguous = {"L-MM": "Lissa", "LM-M": "Other"}
    assert resolve_initials(["LMM"], ambiguous) == ([], ["LMM"])


def test_the_description_keeps_the_case_it_was_typed_in():
    assert parse_action("GB to Update the membership list", KNOWN).description == (
        "Update the membership list"
    )
    assert parse_action("GB to update the membership list", KNOWN).description == (
        "update the membership list"
    )
    assert parse_action("GB to SEF draft", KNOWN).description == "SEF draft"


NAMES = {"Gary Bloom": "GB", "Helen Farmer": "HF"}


@pytest.mark.parametrize(
    "text",
    [
        "Action: GB to share the link",
        "ACTION: GB to share the link",
        "action: GB to share the link",
        "Actions: GB to share the link",
        "ACTIONS : GB to share the link",
        "- Action: GB to share the link",
        "The board agreed. ACTION: GB to share the link",
    ],
)
def test_every_way_of_writing_the_marker_is_captured(text):
    (found,) = parse_action_lines(text, KNOWN)
    assert (found.owner_initials, found.description) == (["GB"], "share the link")


def test_an_actions_heading_over_a_list_captures_each_line_up_to_a_blank_line():
    text = "Agreed.\nActions:\n- GB to share the link\n• HF to book a room\n\nHF thanked all."
    found = parse_action_lines(text, KNOWN)
    assert [(f.owner_initials, f.description) for f in found] == [
        (["GB"], "share the link"),
        (["HF"], "book a room"),
    ]


@pytest.mark.parametrize(
    ("line", "initials", "others"),
    [
        ("GB to share the link", ["GB"], []),
        ("CMc to share the link", ["CMc"], []),
        ("L-MM to share the link", ["L-MM"], []),
        ("GB/HF to share the link", ["GB", "HF"], []),
        ("GB, HF and JM to share the link", ["GB", "HF", "JM"], []),
        ("Gary Bloom to share the link", ["GB"], []),
        ("gary bloom and HF to share the link", ["GB", "HF"], []),
        ("SROs to share the link", [], ["SROs"]),
        ("Programme Lead to share the link", [], ["Programme Lead"]),
        ("All members to share the link", [], ["All members"]),
        ("all partners to share the link", [], ["all partners"]),
        ("EF/SROs to share the link", ["EF"], ["SROs"]),
        ("GB will share the link", ["GB"], []),
        ("GB was asked to share the link", ["GB"], []),
        ("Share the link – GB/HF", ["GB", "HF"], []),
        ("Share the link (SROs)", [], ["SROs"]),
    ],
)
def test_owners_as_initials_names_joint_and_groups(line, initials, others):
    found = parse_action(line, KNOWN | {"EF"}, names=NAMES)
    assert found.owner_initials == initials
    assert found.other_owners == others
    assert found.description.lower() == "share the link"
    assert found.problems == []


def test_a_name_of_nobody_in_the_partnership_is_kept_as_an_other_owner_not_made_a_person():
    found = parse_action("Tara Poore to share the link", KNOWN, names=NAMES)
    assert (found.owner_initials, found.other_owners) == ([], ["Tara Poore"])
    assert found.problems == []
    assert "Nobody in the partnership is called" in found.notes[0]


@pytest.mark.parametrize(
    ("line", "due", "by_month"),
    [
        ("GB to report by 01.05.24", datetime.date(2024, 5, 1), False),
        ("GB to report by 1/5/2024", datetime.date(2024, 5, 1), False),
        ("GB to report by 1 May 2024", datetime.date(2024, 5, 1), False),
        ("GB to report by 1st May 2024", datetime.date(2024, 5, 1), False),
        ("GB to report 1st May 2024", datetime.date(2024, 5, 1), False),
        ("GB to report – 01.05.24", datetime.date(2024, 5, 1), False),
        ("GB to report (by 1 May 2024)", datetime.date(2024, 5, 1), False),
        ("GB to report June 2025", datetime.date(2025, 6, 30), True),
        ("GB to report by June 2025", datetime.date(2025, 6, 30), True),
        ("GB to report end of June 2025", datetime.date(2025, 6, 30), True),
        ("GB to report by the end of June 2025", datetime.date(2025, 6, 30), True),
        ("GB to report in Feb 2024", datetime.date(2024, 2, 29), True),
        ("GB to report by the next meeting", datetime.date(2023, 3, 23), False),
        ("GB to report at next meeting", datetime.date(2023, 3, 23), False),
    ],
)
def test_deadlines_in_the_forms_secretaries_write_them(line, due, by_month):
    found = parse_action(line, KNOWN, next_meeting=datetime.date(2023, 3, 23))
    assert (found.due_date, found.due_by_month) == (due, by_month)
    assert found.description == "report"
    assert found.problems == []


def test_next_meeting_without_one_scheduled_leaves_the_date_blank_with_a_note():
    found = parse_action("GB to report by the next meeting", KNOWN, next_meeting=None)
    assert found.due_date is None
    assert found.description == "report by the next meeting"  # the deadline is not lost
    assert "not scheduled yet" in found.notes[0]


def test_a_date_that_says_which_paper_is_not_a_deadline():
    found = parse_action("HF to note the minutes of 26 January 2023", KNOWN)
    assert found.due_date is None
    assert found.description == "note the minutes of 26 January 2023"


def test_the_seed_lines_without_an_owner_keep_their_words_whole():
    lines = parse_action_lines(
        "Action: a draft version of the SEF will be submitted to Board in the summer term.\n"
        "Action: add to forward plan and update on AP pilots at a future Board",
        KNOWN,
    )
    assert [(f.owner_initials, f.other_owners, f.description) for f in lines] == [
        ([], [], "a draft version of the SEF will be submitted to Board in the summer term"),
        ([], [], "add to forward plan and update on AP pilots at a future Board"),
    ]


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        (["10", "9", "105", "89"], ["9", "10", "89", "105"]),
        (["12.a", "5.f", "5.b", "10.a"], ["5.b", "5.f", "10.a", "12.a"]),
        (["8.aa", "8.b", "8.z"], ["8.b", "8.z", "8.aa"]),
    ],
)
def test_references_sort_naturally(references, expected):
    assert sorted(references, key=reference_sort_key) == expected


def test_item_letters_sort_by_the_meeting_that_raised_them_first():
    january, march = datetime.date(2023, 1, 26), datetime.date(2023, 3, 23)
    keys = {
        ("12.a", january): reference_sort_key("12.a", january),
        ("5.a", march): reference_sort_key("5.a", march),
        ("5.f", january): reference_sort_key("5.f", january),
    }
    assert sorted(keys, key=keys.get) == [("5.f", january), ("12.a", january), ("5.a", march)]
