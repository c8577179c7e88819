"""The minutes as documents (PDF, Word, public HTML) and meetings as calendar entries.

- `minutes`: what every rendering of the minutes prints (the web page, the PDF, the Word file,
  the meeting pack), and the record kept with approved minutes.
- `minutes_pdf`: the minutes as a PDF.
- `minutes_docx`: the minutes as a Word document.
- `calendar`: meetings as iCalendar (.ics) entries, one meeting's file and a board's feed.
"""
