"""Run inside ``manage.py shell``: people for the soak, printed as JSON (journal, section, tokens)."""

import json

from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from editorial.models import Journal, Person, Role

journal = Journal.objects.order_by("pk").first()
section = journal.sections.order_by("pk").first()
tokens: dict[str, list[str]] = {"author": [], "editor": []}
for kind, count, role in (("author", 6, Role.Kind.AUTHOR), ("editor", 2, Role.Kind.MANAGING_EDITOR)):
    for n in range(count):
        name = f"soak-{kind}-{n}"
        user = get_user_model().objects.create_user(username=name, email=f"{name}@example.org", password=None)
        person = Person.objects.create(
            user=user, given_names="Soak", family_name=f"{kind.title()}{n}", email=user.email
        )
        Role.objects.create(person=person, journal=journal, kind=role)
        tokens[kind].append(Token.objects.create(user=user).key)
print(
    json.dumps(
        {"journal": journal.pk, "section": section.pk if section else None, "slug": journal.slug, "tokens": tokens}
    )
)
