import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(member):
    response = member.get(reverse("boards:partnership", args=["southend"]))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _html_templates():
    return [p for p in TEMPLATES.rglob("*.html") if "/pdf/" not in str(p)]


def test_no_template_has_inline_script_style_or_event_handler():
    offenders = []
    for path in _html_templates():
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.name}: inline script {match.group(0)}")
        for match in re.finditer(r"\s(style|on[a-z]+)=\"", text):
            offenders.append(f"{path.name}: {match.group(1)} attribute")
        if "<style" in text:
            offenders.append(f"{path.name}: <style> element")
    assert not offenders, "\n".join(offenders)
