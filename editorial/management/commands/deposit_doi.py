"""``manage.py deposit_doi <DOI> [--wait]``: deposit one DOI with Crossref from this process."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.deposits.models import DoiRegistration
from editorial.deposits.services import deposit_in_foreground
from editorial.errors import DomainError

Reg = DoiRegistration.State


class Command(BaseCommand):
    help = (
        "Deposit the article with this DOI with Crossref now, in the foreground (retrying when Crossref is "
        "busy). With --wait, follow the batch to Crossref's verdict, polling every CROSSREF_POLL_SECONDS, "
        "and print the final state: 'registered', or 'failed: <Crossref's message>'. Exits non-zero unless "
        "the DOI is registered (without --wait: unless Crossref took the batch)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("doi", help="e.g. 10.48015/2076-7404-2021-13-3-75-111")
        parser.add_argument("--wait", action="store_true", help="Follow the batch until Crossref has judged it.")
        parser.add_argument(
            "--timeout", type=float, default=1800.0, help="With --wait, stop waiting after this many seconds."
        )

    def handle(self, *args, doi: str, wait: bool, timeout: float, **options) -> None:
        try:
            result = deposit_in_foreground(doi=doi, wait=wait, timeout=timeout)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if result.state == Reg.REGISTERED:
            self.stdout.write("registered")
            return
        if result.state == Reg.SUBMITTED:
            self.stdout.write(f"submitted: batch {result.batch.batch_id}; {result.batch.message}")
            if not wait:
                return
        else:
            self.stdout.write(f"{result.state}: {result.message}")
        raise CommandError(f"{doi} is not registered ({result.state}).")
