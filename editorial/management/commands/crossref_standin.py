"""``manage.py crossref_standin``: a local stand-in for Crossref's deposit system, for the offline demo."""

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run a stand-in for Crossref's deposit system on 127.0.0.1 (see crossref_standin/deposit.py): point "
        "CROSSREF_DEPOSIT_URL at it to deposit DOIs offline. Every DOI succeeds unless told otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8099)
        parser.add_argument("--login-id", default="demo")
        parser.add_argument("--password", default="demo")
        parser.add_argument("--outcome", choices=["success", "warning", "failure"], default="success")
        parser.add_argument("--doi", action="append", default=[], metavar="DOI=OUTCOME")
        parser.add_argument("--queued-polls", type=int, default=2)
        parser.add_argument("--seconds", type=float, default=0, help="Stop after this long (default: Ctrl-C).")

    def handle(self, *args, **options) -> None:
        from crossref_standin.deposit import main

        argv = ["--port", str(options["port"]), "--login-id", options["login_id"], "--password", options["password"]]
        argv += ["--outcome", options["outcome"], "--queued-polls", str(options["queued_polls"])]
        argv += ["--seconds", str(options["seconds"])]
        for entry in options["doi"]:
            argv += ["--doi", entry]
        main(argv)
