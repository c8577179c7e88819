"""Attendance as recorded, never assumed: "not recorded" until the secretary records it, and
the part each person had in the meeting (chair, member, deputy, adviser, guest, in attendance,
minute-taker) kept apart from whether they were there.

The old single status mixed the two ("deputy", "guest", "in attendance", "minute-taker" meant
present in that part). Every existing row keeps what it said: those statuses become "present"
with the matching role, and an adviser recorded "in attendance" becomes an adviser again.
Approved minutes keep printing as they were approved: their kept record (Minutes.record) gains
each row's status and role as printed then, and the rows of approved minutes approved before
that record was kept are mapped the same way.
"""

from django.db import migrations, models

_ROLE_OF_SEAT = {
    "chair": "chair",
    "vice_chair": "vice_chair",
    "member": "member",
    "adviser": "adviser",
    "guest": "guest",
    "secretary": "minute_taker",
}
_PRESENT_AS = {"deputy": "deputy", "guest": "guest", "minute_taker": "minute_taker"}
FROZEN = ("approved", "published")


def as_recorded(status, role):
    """(status, role) now, from the old status and the seat's role on the board."""
    if status in _PRESENT_AS:
        return "present", _PRESENT_AS[status]
    if status == "in_attendance":
        return "present", "adviser" if role == "adviser" else "in_attendance"
    return status, _ROLE_OF_SEAT.get(role, "member")


def as_printed(status, role):
    """(status, role) that print under the heading the row had when its minutes were approved
    (a deputy, or an adviser marked present, was listed among the members then)."""
    if status in {"present", "deputy"}:
        if status == "present" and role in {"chair", "vice_chair"}:
            return "present", role
        if role in {"guest", "secretary"}:
            return "present", _ROLE_OF_SEAT[role]
        return "present", "member"
    if status == "in_attendance":
        return "present", "in_attendance"
    return as_recorded(status, role)


def _remap(queryset, mapping):
    for status, role in set(queryset.values_list("status", "role")):
        new_status, new_role = mapping(status, role)
        if (new_status, new_role) != (status, role):
            queryset.filter(status=status, role=role).update(status=new_status, role=new_role)


def split_status_and_role(apps, schema_editor):
    Attendance = apps.get_model("boards", "Attendance")
    HistoricalAttendance = apps.get_model("boards", "HistoricalAttendance")
    Minutes = apps.get_model("boards", "Minutes")
    frozen = Minutes.objects.filter(status__in=FROZEN)
    for minutes in frozen.exclude(record__isnull=True):
        kept = minutes.record.get("attendance", {})
        rows = Attendance.objects.filter(pk__in=[int(pk) for pk in kept])
        for row in rows:
            kept[str(row.pk)]["status"], kept[str(row.pk)]["role"] = as_printed(
                row.status, row.role
            )
        minutes.save(update_fields=["record"])
    unrecorded = frozen.filter(record__isnull=True).values("meeting_id")
    _remap(Attendance.objects.filter(meeting_id__in=unrecorded), as_printed)
    _remap(Attendance.objects.exclude(meeting_id__in=unrecorded), as_recorded)
    _remap(HistoricalAttendance.objects.all(), as_recorded)


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0005_agenda_pack_publication"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="attendance",
            name="attendance_deputy_names_member",
        ),
        migrations.RunPython(split_status_and_role, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attendance",
            name="role",
            field=models.CharField(
                choices=[
                    ("chair", "Chair"),
                    ("vice_chair", "Vice-chair"),
                    ("member", "Member"),
                    ("deputy", "Deputy"),
                    ("adviser", "Adviser"),
                    ("guest", "Guest"),
                    ("in_attendance", "In attendance"),
                    ("minute_taker", "Minute-taker"),
                ],
                default="member",
                help_text="The part they had in the meeting (from the membership at first)",
                max_length=20,
                verbose_name="attended as",
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="status",
            field=models.CharField(
                choices=[
                    ("not_recorded", "Not recorded"),
                    ("present", "Present"),
                    ("apologies", "Apologies"),
                    ("absent", "Absent"),
                ],
                default="not_recorded",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalattendance",
            name="role",
            field=models.CharField(
                choices=[
                    ("chair", "Chair"),
                    ("vice_chair", "Vice-chair"),
                    ("member", "Member"),
                    ("deputy", "Deputy"),
                    ("adviser", "Adviser"),
                    ("guest", "Guest"),
                    ("in_attendance", "In attendance"),
                    ("minute_taker", "Minute-taker"),
                ],
                default="member",
                help_text="The part they had in the meeting (from the membership at first)",
                max_length=20,
                verbose_name="attended as",
            ),
        ),
        migrations.AlterField(
            model_name="historicalattendance",
            name="status",
            field=models.CharField(
                choices=[
                    ("not_recorded", "Not recorded"),
                    ("present", "Present"),
                    ("apologies", "Apologies"),
                    ("absent", "Absent"),
                ],
                default="not_recorded",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("deputy_for__isnull", False), ("role", "deputy")),
                    models.Q(("role", "deputy"), _negated=True),
                    _connector="OR",
                ),
                name="attendance_deputy_names_member",
                violation_error_message="Say whom the deputy attends for.",
            ),
        ),
    ]
