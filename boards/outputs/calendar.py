"""Meetings as calendar entries (iCalendar, RFC 5545): a meeting's .ics file and a board's feed."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from ..models import Meeting


def _event(meeting: Meeting, *, host: str, url: str, include_link: bool) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    starts = datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=zone)
    if meeting.ends_at:
        ends = datetime.datetime.combine(meeting.date, meeting.ends_at, tzinfo=zone)
    else:
        ends = starts + datetime.timedelta(hours=2)
    location = meeting.venue or ("Online" if meeting.online_link else "")
    description = f"{meeting.board.name} meeting."
    if include_link and meeting.online_link:
        description += f"\nJoin online: {meeting.online_link}"
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    # In UTC, which every calendar reads without the rules of a time zone sent alongside.
    event.add("dtstart", starts.astimezone(datetime.UTC))
    event.add("dtend", ends.astimezone(datetime.UTC))
    event.add("summary", meeting.board.name)
    event.add("description", description)
    event.add("sequence", meeting.version)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    return event


def calendar(meetings, *, name: str, host: str, url_for=None, include_link: bool) -> str:
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//Partnership boards//Meetings//EN")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))  # a text value, escaped as SUMMARY is
    for meeting in meetings:
        url = url_for(meeting) if url_for else ""
        cal.add_component(_event(meeting, host=host, url=url, include_link=include_link))
    return cal.to_ical().decode()
