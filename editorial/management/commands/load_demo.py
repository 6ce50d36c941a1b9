"""``manage.py load_demo``: the demo journal, article, users and submissions, from the repo's fixture."""

import os

from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.demo.loader import DEFAULT_FIXTURE, DemoFixtureError, load_demo
from editorial.publishing.links import article_url


class Command(BaseCommand):
    help = (
        "Load the demo data (the Lomonosov World Politics Journal, vol. 13 no. 3 (2021), its published "
        "sample article, demo users and submissions in several states). Safe to run again: nothing is "
        "duplicated. Demo users get random passwords the first time, printed here; a re-run keeps them "
        "unless --reset-passwords is given. If the environment variable DEMO_PASSWORD is set, every demo "
        "user gets that password instead (handy for tests and `make run`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fixture", default=str(DEFAULT_FIXTURE), help="The demo JSON (default: %(default)s).")
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Give existing demo users new random passwords."
        )

    def handle(self, *args, fixture: str, reset_passwords: bool, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or None
        try:
            result = load_demo(fixture_path=fixture, reset_passwords=reset_passwords, password=password)
        except DemoFixtureError as exc:
            raise CommandError(str(exc)) from exc
        journal, article = result.journal, result.article
        url = article_url(article)  # the canonical, readable address
        self.stdout.write(self.style.SUCCESS(f"Demo journal: {journal.title} (/{journal.slug}/)"))
        self.stdout.write(f"Published article: {url}  DOI {article.doi}")
        self.stdout.write("Rows: " + ", ".join(f"{count} {name}" for name, count in result.counts.items()))
        for submission in result.submissions:
            self.stdout.write(f"  [{submission.state}] {submission.display_title}")
        self.stdout.write("Demo users (username / password):")
        for user in result.users:
            shown = user.password or "(unchanged; --reset-passwords sets a new one)"
            self.stdout.write(f"  {user.username} / {shown}    roles: {', '.join(user.roles)}")
        if password:
            self.stdout.write("Passwords come from DEMO_PASSWORD.")
        elif all(user.password is None for user in result.users):
            self.stdout.write("Passwords unchanged.")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
