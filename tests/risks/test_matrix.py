import pytest
from django.urls import reverse

from risks.models import RiskMatrix

pytestmark = pytest.mark.django_db

URL = reverse("risks:matrix", args=["southend"])


def band_data(matrix, **changes):
    data = {
        "band-TOTAL_FORMS": "4",
        "band-INITIAL_FORMS": "4",
        "band-MIN_NUM_FORMS": "0",
        "band-MAX_NUM_FORMS": "1000",
        "version": str(matrix.version),
    }
    for i, band in enumerate(matrix.bands.all()):
        values = {
            "id": band.pk,
            "label": band.label,
            "lowest": band.lowest,
            "highest": band.highest,
            "colour": band.colour,
            "text_colour": band.text_colour,
            **changes.get(band.key, {}),
        }
        data.update({f"band-{i}-{key}": str(value) for key, value in values.items()})
    return data


def test_secretary_relabels_a_band_and_the_register_uses_it(secretary, partnership):
    matrix = RiskMatrix.ensure(partnership)
    data = band_data(matrix, very_high={"label": "Critical", "colour": "#942514"})
    response = secretary.post(URL, data)
    assert response.status_code == 302
    matrix = RiskMatrix.ensure(partnership)
    assert matrix.band_for(20).label == "Critical" and matrix.version == 2


def test_overlapping_bands_are_refused(secretary, partnership):
    matrix = RiskMatrix.ensure(partnership)
    response = secretary.post(URL, band_data(matrix, medium={"highest": 9}))
    assert "Score 8 is in both Medium and High" in response.content.decode()
    assert RiskMatrix.for_partnership(partnership).band_for(8).label == "High"


def test_a_score_without_a_band_is_refused(secretary, partnership):
    matrix = RiskMatrix.ensure(partnership)
    response = secretary.post(URL, band_data(matrix, high={"lowest": 9}))
    assert "these have none: 8" in response.content.decode()


def test_a_stale_matrix_is_not_overwritten(secretary, partnership):
    matrix = RiskMatrix.ensure(partnership)
    data = band_data(matrix, low={"label": "Minor"})
    RiskMatrix.objects.filter(pk=matrix.pk).update(version=5)
    response = secretary.post(URL, data)
    assert "Someone else changed the bands" in response.content.decode()
    assert RiskMatrix.for_partnership(partnership).band_for(1).label == "Low"


def test_member_403_outsider_404(member, outsider, partnership):
    matrix = RiskMatrix.ensure(partnership)
    assert member.post(URL, band_data(matrix)).status_code == 403
    assert outsider.get(URL).status_code == 404


def test_band_labels_and_links_are_escaped_in_the_heat_map(member, partnership, board):
    from tests.risks.factories import RiskFactory

    matrix = RiskMatrix.ensure(partnership)
    matrix.bands.filter(key="very_high").update(label="<b>Severe</b>")
    RiskFactory(board=board, current_likelihood=5, current_impact=5)
    register = reverse("risks:board_register", args=["southend", board.slug])
    html = member.get(register, {"status": "open"}).content.decode()
    svg = html[html.index('<svg class="app-heat-map__svg"') :]
    svg = svg[: svg.index("</svg>")]
    assert "score 25 &lt;b&gt;Severe&lt;/b&gt;: 1 risk" in svg and "<b>Severe" not in svg
    assert '?status=open&amp;likelihood=5&amp;impact=5"' in svg  # the link's ampersands
