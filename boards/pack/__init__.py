"""The chair's meeting pack: requested in a page, built by a background worker.

The pack is rendered section by section (cover, agenda, then each item's content) and merged
with pikepdf (qpdf, see pdf.py): WeasyPrint's cost per page grows with the length of a
document and the memory it takes is not handed back, so short renders in the worker keep both
down. The agenda's page numbers are known once the sections are rendered; the running footer
"page X of Y" is stamped on afterwards from one footer-only render.

A pack is identified by a fingerprint of everything that goes into it, so it is reused until
something in it changes, and two requests (or two workers) for the same pack build it once.

The worker building a pack holds a lease on it, renewed before each section, in the database (the
workers may run on several machines). A worker that dies stops renewing: once its lease has run
out, the next look at the pack queues it for another worker, or shows it failed with Retry once it
has stopped this way twice. A worker whose lease was taken over stops without writing.
"""
