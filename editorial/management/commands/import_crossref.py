"""``manage.py import_crossref DOI [DOI ...] [--user NAME]``: published articles from Crossref's metadata."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.interop.record import ImportRejected
from editorial.interop.services.crossref_import import import_from_crossref


class Command(BaseCommand):
    help = (
        "Create (or update) published articles from their Crossref records, reference lists included, "
        "reading CROSSREF_API_URL. The journal must exist here with the ISSN Crossref gives."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dois", nargs="+", metavar="DOI", help="One or more DOIs (10.xxxx/...).")
        parser.add_argument("--user", help="Act as this user (recorded in the events; must manage the journal).")

    def handle(self, *args, dois: list[str], user: str | None, **options) -> None:
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user).first()
            if acting is None:
                raise CommandError(f"There is no user {user!r}.")
        failures = []
        for doi in dois:
            try:
                result = import_from_crossref(user=acting, doi=doi)
            except (ImportRejected, PermissionDenied) as exc:
                failures.append(str(exc))
                self.stderr.write(str(exc))
                continue
            article = result.article
            verb = "Created" if result.created else "Updated"
            references = article.submission.references.count()
            title = article.submission.display_title
            self.stdout.write(f"{verb} article #{article.pk} {article.doi}: {title} ({references} references)")
            for item in result.unmapped:
                self.stdout.write(f"  not mapped: {item}")
        if failures:
            raise CommandError(failures[0] if len(failures) == 1 else f"{len(failures)} of {len(dois)} DOIs failed.")
