"""Plumbing every app shares and no area owns. It imports no app of the project."""
