import datetime

import pytest

from actions.capture import parse_action, parse_action_lines, parse_date, resolve_initials

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


def test_a_lowercase_description_stays_lowercase_but_a_name_keeps_its_capital():
    assert parse_action("GB to Produce a paper", KNOWN).description == "produce a paper"
    assert parse_action("GB to SEF draft", KNOWN).description == "SEF draft"
