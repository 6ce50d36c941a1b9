"""``manage.py check_references <DOI or submission id> [--json]``: a reference check, in the foreground."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.bibliography.parser import ParsedReference, is_doi, normalize_doi
from editorial.bibliography.status import Status
from editorial.production.models import Article
from editorial.references import services as reference_checks
from editorial.submissions.models import Submission


class Command(BaseCommand):
    help = (
        "Check references against Crossref now, in this process. Give a submission id, or the DOI of a "
        "published article, to check its reference list (the report is stored and shown to editors); give "
        "any other DOI to check that one work (is it registered, retracted, corrected?). --json prints "
        '{"references": [{"position", "status", "doi", "detail", "registered"}, ...], "summary": {...}}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="A submission id, an article's DOI, or any DOI.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the report as JSON.")

    def handle(self, *args, target: str, as_json: bool, **options) -> None:
        target = target.strip()
        report = self._check_submission(int(target)) if target.isdigit() else self._check_doi(normalize_doi(target))
        if as_json:
            self._print_json(report)
        else:
            self._print_text(report)

    def _check_submission(self, submission_id: int) -> dict:
        if not Submission.objects.filter(pk=submission_id).exists():
            raise CommandError(f"There is no submission #{submission_id}.")
        check = reference_checks.check_submission_now(submission_id=submission_id)
        results = check.results.order_by("position")
        return {
            "subject": f"submission #{submission_id}",
            "check": check.pk,
            "references": [
                _row(r.position, r.status, r.cited_doi, r.detail, r.registered, r.suggested_doi) for r in results
            ],
            "summary": check.summary,
        }

    def _check_doi(self, doi: str) -> dict:
        article = Article.objects.filter(doi__iexact=doi).first() if doi else None
        if article is not None:
            report = self._check_submission(article.submission_id)
            return report | {
                "subject": f"the references of article {article.doi} (submission #{article.submission_id})"
            }
        if not is_doi(doi):
            raise CommandError(f"{doi!r} is neither a submission id nor a DOI (10.<4-9 digits>/<suffix>).")
        outcome = reference_checks.check_parsed_references([ParsedReference(position=1, raw_text=doi, doi=doi)])
        result = outcome.results[0]
        row = _row(1, result.status, result.doi, result.detail, result.registered, result.suggested_doi)
        return {"subject": f"DOI {doi}", "check": None, "references": [row], "summary": outcome.summary}

    def _print_json(self, report: dict) -> None:
        self.stdout.write(
            json.dumps({"references": report["references"], "summary": report["summary"]}, ensure_ascii=False, indent=2)
        )

    def _print_text(self, report: dict) -> None:
        self.stdout.write(
            f"Reference check of {report['subject']}" + (f" (#{report['check']})" if report["check"] else "")
        )
        for row in report["references"]:
            style = self.style.SUCCESS if row["status"] == Status.OK else self.style.WARNING
            self.stdout.write(f"{row['position']:>4}. " + style(f"{row['status']:<14}") + f" {row['doi']}")
            if row["status"] != Status.OK:
                self.stdout.write(f"      {row['detail']}")
        counts = ", ".join(f"{count} {status}" for status, count in report["summary"].items() if status != "total")
        self.stdout.write(f"{report['summary'].get('total', 0)} checked: {counts or 'nothing to check'}")


def _row(position: int, status: str, doi: str, detail: str, registered: dict, suggested: str) -> dict:
    row = {"position": position, "status": str(status), "doi": doi, "detail": detail, "registered": registered}
    return row | ({"suggested_doi": suggested} if suggested else {})
