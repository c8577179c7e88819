"""Login accounts for the people of a partnership."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils.text import slugify

from .models import Person


def _free_username(email: str) -> str:
    User = get_user_model()
    base = slugify(email.split("@")[0]).replace("-", ".") or "user"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def person_login_create(*, person: Person, request) -> None:
    """Give a person a login and e-mail them a link to choose their password."""
    User = get_user_model()
    with transaction.atomic():
        first, _, last = person.name.partition(" ")
        user = User.objects.create_user(
            username=_free_username(person.email),
            email=person.email,
            password=secrets.token_urlsafe(32),
            first_name=first,
            last_name=last,
        )
        person.user = user
        person.save(update_fields=["user"])
    reset = PasswordResetForm({"email": person.email})
    if reset.is_valid():
        transaction.on_commit(
            lambda: reset.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="registration/welcome_subject.txt",
                email_template_name="registration/welcome_email.txt",
            )
        )
