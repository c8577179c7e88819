"""The Southend SEND partnership of the seed papers, as demo data: one module per area.

Demo data depends on every app and no app depends on it; `manage.py load_demo` loads it all.
"""
