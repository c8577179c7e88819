"""What a search finds, as the person (or the public) sees it on the results page."""

from django.urls import reverse


def results(client, q, **filters):
    response = client.get(reverse("search:results"), {"q": q, **filters})
    assert response.status_code == 200
    return response.context["results"]


def titles(client, q, **filters) -> list[str]:
    return [result.document.title for result in results(client, q, **filters)]


def public_titles(client, slug, q) -> list[str]:
    response = client.get(reverse("public:search", args=[slug]), {"q": q})
    assert response.status_code == 200
    return [result.document.title for result in response.context["results"]]
