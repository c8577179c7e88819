"""Forms by resource: plans and their governance (`plans`), highlight reports (`reports`),
indicators and their values (`indicators`). They validate; the services write."""
