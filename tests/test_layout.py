"""Dependencies point one way: demo data and shared plumbing stay where the house puts them."""

import ast
from pathlib import Path

from django.apps import apps

from core.models import Versioned

ROOT = Path(__file__).resolve().parent.parent
APPS = ["boards", "actions", "risks", "strategy"]


def _imported(package: str) -> dict[str, set[str]]:
    """The top-level packages each module of `package` imports, by file."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_no_app_imports_the_demo_data():
    for package in [*APPS, "core", "config"]:
        for path, names in _imported(package).items():
            assert "demo" not in names, path


def test_core_imports_no_app_of_the_project():
    for path, names in _imported("core").items():
        assert not names & {*APPS, "demo", "config"}, path


def test_every_model_with_a_version_takes_it_from_versioned():
    versioned = [
        model
        for model in apps.get_models()
        if model._meta.app_label in APPS
        and not hasattr(model, "instance_type")  # a history table copies the field
        and any(field.name == "version" for field in model._meta.fields)
    ]
    assert len(versioned) > 10
    for model in versioned:
        assert issubclass(model, Versioned), model.__name__
