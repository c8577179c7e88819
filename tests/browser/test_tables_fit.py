"""Every list page fits its main column, on a desktop at 1280 px and on a phone at 390 px: no
table runs past the column, and the risk register, attendance and action log read as labelled
rows on the phone rather than scrolling sideways."""

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)

# How far the main column scrolls sideways past its own width, beyond what GOV.UK's grid rows and
# button groups reach by design (their negative margins stop where their children's spacing
# does), and which tables end to the right of it. Tables inside a closed <details> are not on
# screen and not measured.
OVERFLOW = """() => {
  const main = document.querySelector("main");
  const right = main.getBoundingClientRect().right;
  const rows = [...main.querySelectorAll(".govuk-grid-row, .govuk-button-group")].map(
    (row) => row.getBoundingClientRect().right - right);
  const allowed = Math.max(0, ...rows);
  const tables = [...main.querySelectorAll("table")]
    .filter((table) => table.checkVisibility())
    .map((table) => ({
      table: table.className || table.querySelector("caption")?.textContent.trim() || "table",
      past: Math.round(table.getBoundingClientRect().right - right),
    }))
    .filter((table) => table.past > 0);
  return {scrolls: main.scrollWidth - main.clientWidth - Math.ceil(allowed), tables};
}"""


@pytest.fixture
def list_pages(demo):
    from boards.models import Meeting
    from boards.services.attendance import attendance_prefill
    from boards.services.meetings import standing_items_add
    from boards.services.minutes import minutes_of
    from strategy.models import Indicator, Plan

    meeting = Meeting.objects.filter(board__short_name="SSPB").order_by("-date").first()
    standing_items_add(meeting=meeting)
    minutes_of(meeting)
    attendance_prefill(meeting=meeting)
    plan = Plan.objects.order_by("pk").first()
    return {
        "boards": "/p/southend/",
        "board": "/p/southend/b/sspb/",
        "meetings": "/p/southend/b/sspb/meetings/",
        "forward-plan": "/p/southend/b/sspb/forward-plan/",
        "board-history": "/p/southend/b/sspb/history/",
        "meeting": f"/meetings/{meeting.pk}/",
        "attendance": f"/meetings/{meeting.pk}/attendance/",
        "meeting-action-log": f"/meetings/{meeting.pk}/action-log/",
        "meeting-risk-log": f"/meetings/{meeting.pk}/risk-log/",
        "highlight-reports": f"/meetings/{meeting.pk}/highlight-reports/",
        "action-log": "/p/southend/b/sspb/actions/",
        "partnership-action-log": "/p/southend/actions/",
        "my-actions": "/my-actions/",
        "risk-register": "/p/southend/b/sspb/risks/",
        "partnership-risk-register": "/p/southend/risks/",
        "plans": "/p/southend/plans/",
        "plan": f"/plans/{plan.pk}/",
        "plan-governance": f"/plans/{plan.pk}/governance/",
        "priority": f"/priorities/{plan.priorities.order_by('number').first().pk}/",
        "dashboard": "/p/southend/dashboard/",
        "indicator": f"/indicators/{Indicator.objects.order_by('pk').first().pk}/",
        "plan-checklist": "/p/southend/plan-checklist/",
        "people": "/p/southend/people/",
        "organisations": "/p/southend/organisations/",
        "your-work": "/your-work/",
        "your-actions": "/your-work/actions/",
    }


def test_every_list_page_fits_its_main_column_at_1280_and_390_pixels(page, list_pages):
    sign_in(page, "secretary")
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in list_pages.items():
            assert page.goto(path).ok, path
            found = page.evaluate(OVERFLOW)
            if found["scrolls"] > 0:
                failures.append(f"{width}px {name}: main scrolls {found['scrolls']}px sideways")
            failures += [
                f"{width}px {name}: {table['table']} runs {table['past']}px past main"
                for table in found["tables"]
            ]
    assert not failures, "\n".join(failures)


STACKED = {
    "risk-register": "Next review",
    "attendance": "Left early at",
    "action-log": "Due",
}


def test_register_attendance_and_action_log_read_as_labelled_rows_on_a_phone(page, list_pages):
    sign_in(page, "secretary")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, last_label in STACKED.items():
            page.goto(list_pages[name])
            table = page.locator("table.app-table--stack").first
            cell = table.locator(f"tbody td[data-label='{last_label}']").first
            # The column's name is shown beside each value on a phone, and only there.
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            if width == 390:
                assert label == f'"{last_label}"', (name, label)
                header = table.locator("thead")
                assert header.evaluate("head => head.getBoundingClientRect().height") <= 1
            else:
                assert label in ("none", "normal"), (name, label)
            assert cell.is_visible(), name
            box, main = cell.bounding_box(), page.locator("main").bounding_box()
            assert box["x"] + box["width"] <= main["x"] + main["width"] + 1, (name, width)
            assert_accessible(page, f"table-{name}-{width}")


def test_the_sort_arrow_stays_beside_its_column_name(page):
    sign_in(page, "secretary")
    page.goto("/p/southend/b/sspb/actions/?sort=ref")
    header = page.locator("th[aria-sort]")
    assert header.get_by_role("link").inner_text().startswith("Ref")
    # The name and the arrow are on one line: every piece of text in the header has the same top.
    tops = header.evaluate("""th => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return [...range.getClientRects()].filter((r) => r.width > 1).map((r) => Math.round(r.top));
    }""")
    assert "▲" in header.inner_text()
    assert max(tops) - min(tops) <= 2, tops
