"""``manage.py crossref_xml <DOI>``: print the deposit XML an article's next deposit would send."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.crossref.deposit_xml import DepositNotValid
from editorial.deposits.services import preview_deposit_xml
from editorial.errors import DomainError


class Command(BaseCommand):
    help = (
        "Print the Crossref deposit XML (schema 5.3.1) of the article with this DOI, as its next deposit "
        "would send it, and check it against the schema. Sends and records nothing. Exits non-zero, "
        "with what to fix, when the deposit would be refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("doi", help="e.g. 10.48015/2076-7404-2021-13-3-75-111")

    def handle(self, *args, doi: str, **options) -> None:
        try:
            xml, problems = preview_deposit_xml(doi=doi)
        except (DomainError, DepositNotValid) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(xml.decode(), ending="")
        if problems:
            raise CommandError("The XML does not satisfy Crossref's schema:\n" + "\n".join(problems))
