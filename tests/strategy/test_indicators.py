import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_init
from django.urls import reverse

from boards.models import Person
from strategy.models import Indicator, IndicatorValue, Rag
from strategy.models.indicators import period_start
from strategy.services import indicator_values_import

from .factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("polarity", "target", "value", "rag"),
    [
        ("higher", "80", "85", Rag.GREEN),
        ("higher", "80", "80", Rag.GREEN),
        ("higher", "80", "73", Rag.AMBER),
        ("higher", "80", "71", Rag.RED),
        ("lower", "18", "18", Rag.GREEN),
        ("lower", "18", "19.5", Rag.AMBER),
        ("lower", "18", "52", Rag.RED),
    ],
)
def test_rag_against_target_follows_polarity(polarity, target, value, rag):
    indicator = Indicator(target=Decimal(target), polarity=polarity, tolerance=10)
    assert indicator.rag_for(Decimal(value)) == rag


def test_no_target_means_not_rated():
    assert Indicator(target=None).rag_for(Decimal(5)) == ""


def _csv(text):
    return SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")


@pytest.fixture
def waiting(partnership):
    return IndicatorFactory(
        partnership=partnership,
        name="ASD assessment waiting time",
        unit="weeks",
        target=Decimal(18),
        polarity="lower",
    )


@pytest.fixture
def subscribers(partnership):
    return IndicatorFactory(
        partnership=partnership, name="Newsletter subscribers", unit="", target=Decimal(1500)
    )


GOOD_AND_BAD = (
    "Indicator,Period,Value,Narrative\n"
    "ASD assessment waiting time,Q3 2023/24,52,Reduced despite demand\n"
    "Newsletter subscribers,2023-12-01,lots,\n"
    "Unknown measure,2023-12-01,4,\n"
    "Newsletter subscribers,Q3 2023/24,1834,\n"
)


def test_import_reports_each_bad_row_and_imports_nothing(partnership, waiting, subscribers):
    result = indicator_values_import(
        partnership=partnership, upload=_csv(GOOD_AND_BAD), skip_bad=False, user=None
    )
    assert not result.imported
    problems = {row.number: " ".join(row.errors) for row in result.bad_rows}
    assert problems == {
        3: '"lots" is not a number.',
        4: 'No indicator is called "Unknown measure".',
    }
    assert not IndicatorValue.objects.exists()


def test_import_skipping_bad_rows_is_idempotent(partnership, waiting, subscribers):
    first = indicator_values_import(
        partnership=partnership, upload=_csv(GOOD_AND_BAD), skip_bad=True, user=None
    )
    assert (first.counts.created, first.counts.updated) == (2, 0)
    value = IndicatorValue.objects.get(indicator=waiting)
    assert value.period == datetime.date(2023, 10, 1) and value.value == Decimal(52)
    again = indicator_values_import(
        partnership=partnership, upload=_csv(GOOD_AND_BAD), skip_bad=True, user=None
    )
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    assert IndicatorValue.objects.count() == 2


def test_import_refuses_a_repeated_period_and_a_file_without_columns(partnership, subscribers):
    text = (
        "Indicator,Period,Value\n"
        "Newsletter subscribers,2023-10-01,1700\n"
        "Newsletter subscribers,2023-11-15,1834\n"
    )
    result = indicator_values_import(
        partnership=partnership, upload=_csv(text), skip_bad=False, user=None
    )
    assert [row.errors for row in result.bad_rows] == [
        ["Repeats row 2 for the same indicator and period."]
    ]
    bad = indicator_values_import(
        partnership=partnership, upload=_csv("Name,When\nx,y\n"), skip_bad=False, user=None
    )
    assert "missing: indicator, period, value" in bad.file_error


def test_import_reads_excel(partnership, subscribers):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indicator", "Period", "Value", "Narrative"])
    sheet.append(["Newsletter subscribers", datetime.datetime(2024, 1, 1), 1834, "Up"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("values.xlsx", buffer.getvalue())
    result = indicator_values_import(
        partnership=partnership, upload=upload, skip_bad=False, user=None
    )
    assert result.counts.created == 1
    assert IndicatorValue.objects.get().period == datetime.date(2024, 1, 1)


def test_import_view_shows_row_numbers_and_reasons(secretary, waiting, subscribers):
    url = reverse("strategy:values_import", args=["southend"])
    assert secretary.get(url).status_code == 200
    response = secretary.post(url, {"file": _csv(GOOD_AND_BAD)})
    page = response.content.decode()
    assert "Nothing was imported: 2 rows to fix" in page
    assert "Row 3" in page and "&quot;lots&quot; is not a number." in page
    assert not IndicatorValue.objects.exists()


def test_members_may_not_import_or_add_and_outsiders_get_404(member, outsider, waiting):
    for url in [
        reverse("strategy:values_import", args=["southend"]),
        reverse("strategy:indicator_add", args=["southend"]),
        reverse("strategy:values_grid", args=["southend"]),
        reverse("strategy:indicator_edit", args=[waiting.pk]),
    ]:
        assert member.post(url).status_code == 403, url
        assert outsider.get(url).status_code == 404, url
    assert member.get(reverse("strategy:dashboard", args=["southend"])).status_code == 200
    assert outsider.get(reverse("strategy:dashboard", args=["southend"])).status_code == 404


def test_indicator_owner_enters_values_in_the_grid(member, waiting, subscribers):
    person = Person.objects.get(user=member.user)
    waiting.owner = person
    waiting.save()
    url = reverse("strategy:values_grid", args=["southend"])
    page = member.get(url, {"period": "2099-01-01"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "ASD assessment waiting time" in body and "Newsletter subscribers" not in body
    periods = page.context["choices"]
    chosen = periods[1][0]
    data = {
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "1",
        "values-0-indicator": str(waiting.pk),
        "values-0-value": "52",
        "values-0-narrative": "Reduced despite increasing demand",
    }
    response = member.post(f"{url}?period={chosen}", data)
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=waiting)
    assert value.value == Decimal(52) and value.entered_by == member.user
    month = datetime.date.fromisoformat(chosen)
    assert value.period == datetime.date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)


def test_grid_shows_errors_next_to_the_row(secretary, waiting):
    url = reverse("strategy:values_grid", args=["southend"])
    data = {
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "1",
        "values-0-indicator": str(waiting.pk),
        "values-0-value": "",
        "values-0-narrative": "Explains nothing",
    }
    response = secretary.post(url, data)
    assert response.status_code == 200
    assert "Give the value the narrative explains" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def _grid_as_shown(page):
    """What the browser sends back for the grid as shown, and each indicator's row prefix."""
    formset = page.context["formset"]
    data = {"values-TOTAL_FORMS": str(len(formset.forms)), "values-INITIAL_FORMS": "0"}
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else str(value)
    return data, {form.indicator: form.prefix for form in formset.forms}


@pytest.fixture
def grid_url(secretary):
    """The grid for this month; the test indicators are quarterly, so for its quarter."""
    url = reverse("strategy:values_grid", args=["southend"])
    chosen = secretary.get(url).context["chosen"]
    quarter = period_start(datetime.date.fromisoformat(chosen), Indicator.Frequency.QUARTERLY)
    return f"{url}?period={chosen}", quarter


def test_saving_the_grid_keeps_a_value_someone_else_saved_in_a_row_left_alone(
    secretary, waiting, subscribers, grid_url
):
    url, quarter = grid_url
    IndicatorValueFactory(indicator=waiting, period=quarter, value=52)
    IndicatorValueFactory(indicator=subscribers, period=quarter, value=1500)
    data, rows = _grid_as_shown(secretary.get(url))
    IndicatorValue.objects.filter(indicator=subscribers).update(value=1834)
    data[f"{rows[waiting]}-value"] = "50"
    assert secretary.post(url, data).status_code == 302
    assert IndicatorValue.objects.get(indicator=waiting).value == Decimal(50)
    assert IndicatorValue.objects.get(indicator=subscribers).value == Decimal(1834)


def test_grid_rows_are_saved_against_their_indicator_after_the_list_is_reordered(
    secretary, waiting, subscribers, grid_url
):
    url, quarter = grid_url
    data, rows = _grid_as_shown(secretary.get(url))
    assert list(rows) == [waiting, subscribers]
    waiting.position = 5
    waiting.save()
    data[f"{rows[waiting]}-value"] = "52"
    data[f"{rows[subscribers]}-value"] = "1834"
    assert secretary.post(url, data).status_code == 302
    assert IndicatorValue.objects.get(indicator=waiting).value == Decimal(52)
    assert IndicatorValue.objects.get(indicator=subscribers).value == Decimal(1834)


def test_a_row_someone_else_saved_meanwhile_is_marked_and_nothing_in_the_grid_is_saved(
    secretary, waiting, subscribers, grid_url
):
    url, quarter = grid_url
    IndicatorValueFactory(indicator=subscribers, period=quarter, value=1500)
    data, rows = _grid_as_shown(secretary.get(url))
    IndicatorValue.objects.filter(indicator=subscribers).update(value=1834, narrative="Audited")
    data[f"{rows[waiting]}-value"] = "52"
    data[f"{rows[subscribers]}-value"] = "1700"
    response = secretary.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was saved" in page
    assert "Someone else saved 1834 here with the narrative &quot;Audited&quot;." in page
    assert 'value="1700"' in page and 'value="52"' in page
    assert f'name="{rows[subscribers]}-shown_value" value="1834.00"' in page
    assert not IndicatorValue.objects.filter(indicator=waiting).exists()
    assert IndicatorValue.objects.get(indicator=subscribers).value == Decimal(1834)
    # The row now carries their value as the one shown: saving again keeps what was typed.
    again, _ = _grid_as_shown(response)
    assert secretary.post(url, again).status_code == 302
    assert IndicatorValue.objects.get(indicator=waiting).value == Decimal(52)
    assert IndicatorValue.objects.get(indicator=subscribers).value == Decimal(1700)


def test_a_value_someone_else_adds_at_the_same_moment_is_shown_as_theirs_not_an_error(
    secretary, waiting, subscribers, grid_url
):
    url, quarter = grid_url
    data, rows = _grid_as_shown(secretary.get(url))
    data[f"{rows[waiting]}-value"] = "52"
    data[f"{rows[subscribers]}-value"] = "1834"

    def theirs_lands_first(sender, instance, **kwargs):
        # Someone else stores a value in the same empty row once this grid has found it empty
        # and before it writes its own: there was no row to lock, as when two people save at
        # once on PostgreSQL. (Made on this test's one connection, theirs is rolled back too.)
        if instance.pk is None and instance.indicator_id == waiting.pk:
            post_init.disconnect(theirs_lands_first, sender=IndicatorValue)
            IndicatorValueFactory(indicator=waiting, period=quarter, value=40)

    post_init.connect(theirs_lands_first, sender=IndicatorValue)
    try:
        response = secretary.post(url, data)
    finally:
        post_init.disconnect(theirs_lands_first, sender=IndicatorValue)
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was saved" in page and "Someone else saved 40 weeks here." in page
    assert 'value="52"' in page and 'value="1834"' in page
    assert f'name="{rows[waiting]}-shown_value" value="40.00"' in page
    assert not IndicatorValue.objects.filter(entered_by=secretary.user).exists()


def test_dashboard_shows_latest_value_rag_words_chart_and_table(
    member, waiting, django_assert_max_num_queries
):
    IndicatorValueFactory(indicator=waiting, period=datetime.date(2023, 7, 1), value=60)
    IndicatorValueFactory(
        indicator=waiting, period=datetime.date(2023, 10, 1), value=52, narrative="Reduced"
    )
    url = reverse("strategy:dashboard", args=["southend"])
    with django_assert_max_num_queries(20) as few:
        page = member.get(url).content.decode()
    assert "52 weeks" in page and "Off track" in page and "Improving" in page
    assert "<svg" in page and "Q3 2023/24" in page and "Reduced" in page
    for n in range(5):
        indicator = IndicatorFactory(partnership=waiting.partnership)
        IndicatorValueFactory(indicator=indicator, value=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        member.get(url)


def test_quarterly_dashboard_pdf(member, waiting):
    IndicatorValueFactory(indicator=waiting, period=datetime.date(2023, 10, 1), value=52)
    response = member.get(reverse("strategy:dashboard_pdf", args=["southend"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_grid_sent_without_its_initial_rows_is_saved_the_same(secretary, waiting, subscribers):
    # Rows the formset counts as new (a hand-made or truncated form) are still each
    # indicator's row, saved or left alone as the grid's own rows are, never an error page.
    url = reverse("strategy:values_grid", args=["southend"])
    rows = {waiting.pk: "52", subscribers.pk: ""}  # the second left empty
    data = {"values-TOTAL_FORMS": "2", "values-INITIAL_FORMS": "0"}
    for n, (pk, value) in enumerate(rows.items()):
        data |= {f"values-{n}-indicator": str(pk), f"values-{n}-value": value}
        data |= {f"values-{n}-narrative": ""}
    assert secretary.post(url, data).status_code == 302
    assert IndicatorValue.objects.get().value == Decimal(52)
    assert IndicatorValue.objects.get().indicator == waiting
