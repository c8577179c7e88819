# Members' replies to a meeting's invitation: attending, apologies or a deputy.

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0006_attendance_as_recorded_with_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalMeetingReply",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "answer",
                    models.CharField(
                        choices=[
                            ("attending", "Attending"),
                            ("apologies", "Apologies"),
                            ("deputy", "Sending a deputy"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "deputy_name",
                    models.CharField(
                        blank=True,
                        help_text="The deputy's name, if not on the list",
                        max_length=200,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("replied_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical meeting reply",
                "verbose_name_plural": "historical meeting replies",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MeetingReply",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "answer",
                    models.CharField(
                        choices=[
                            ("attending", "Attending"),
                            ("apologies", "Apologies"),
                            ("deputy", "Sending a deputy"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "deputy_name",
                    models.CharField(
                        blank=True,
                        help_text="The deputy's name, if not on the list",
                        max_length=200,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("replied_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name_plural": "meeting replies",
                "ordering": ["meeting", "person__name"],
            },
        ),
        migrations.AddField(
            model_name="historicalmeetingreply",
            name="deputy",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The deputy, if one of the partnership's people",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="boards.person",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeetingreply",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalmeetingreply",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="boards.meeting",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeetingreply",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="boards.person",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeetingreply",
            name="replied_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Who sent it signed in; empty when sent through the invitation's link",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="meetingreply",
            name="deputy",
            field=models.ForeignKey(
                blank=True,
                help_text="The deputy, if one of the partnership's people",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="boards.person",
            ),
        ),
        migrations.AddField(
            model_name="meetingreply",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="replies",
                to="boards.meeting",
            ),
        ),
        migrations.AddField(
            model_name="meetingreply",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="meeting_replies",
                to="boards.person",
            ),
        ),
        migrations.AddField(
            model_name="meetingreply",
            name="replied_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who sent it signed in; empty when sent through the invitation's link",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingreply",
            constraint=models.UniqueConstraint(
                fields=("meeting", "person"), name="meeting_reply_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingreply",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("answer", "deputy"), _negated=True),
                    ("deputy__isnull", False),
                    models.Q(("deputy_name", ""), _negated=True),
                    _connector="OR",
                ),
                name="meeting_reply_names_deputy",
                violation_error_message="Name the deputy.",
            ),
        ),
    ]
