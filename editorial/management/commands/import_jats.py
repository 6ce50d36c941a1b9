"""``manage.py import_jats FILE.xml [--user NAME]``: create or update a published article from JATS."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.interop.record import ImportRejected
from editorial.interop.services.jats_import import import_jats


class Command(BaseCommand):
    help = (
        "Import a JATS article: the journal is found by its ISSN, the article by its DOI (created when new, "
        "updated otherwise). Elements that could not be mapped are listed. Malformed or non-JATS files change nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JATS XML file.")
        parser.add_argument("--user", help="Act as this user (recorded in the events; must manage the journal).")

    def handle(self, *args, file: str, user: str | None, **options) -> None:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from exc
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user).first()
            if acting is None:
                raise CommandError(f"There is no user {user!r}.")
        try:
            result = import_jats(user=acting, data=data)
        except (ImportRejected, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        article = result.article
        verb = "Created" if result.created else "Updated"
        self.stdout.write(
            f"{verb} article #{article.pk} {article.doi or '(no DOI)'}: {article.submission.display_title}"
        )
        if result.unmapped:
            self.stdout.write("Not mapped (left out of the journal's record):")
            for path in result.unmapped:
                self.stdout.write(f"  {path}")
