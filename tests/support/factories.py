"""factory_boy factories: the smallest valid rows, overridden where a test cares."""

import datetime

import factory
from django.contrib.auth import get_user_model

from editorial import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


class JournalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Journal

    title = factory.Sequence(lambda n: f"Journal of Tests {n}")
    abbreviation = factory.Sequence(lambda n: f"J. Tests {n}")
    slug = factory.Sequence(lambda n: f"journal-{n}")
    issn_print = "2076-7404"
    doi_prefix = "10.48015"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Section

    journal = factory.SubFactory(JournalFactory)
    title = factory.Sequence(lambda n: f"Section {n}")


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Issue

    journal = factory.SubFactory(JournalFactory)
    volume = 13
    number = factory.Sequence(lambda n: str(n + 1))
    year = 2021
    is_published = True


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Submission

    journal = factory.SubFactory(JournalFactory)
    title_en = factory.Sequence(lambda n: f"A study of things, part {n}")
    abstract_en = "We studied things."


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contributor

    submission = factory.SubFactory(SubmissionFactory)
    position = factory.Sequence(lambda n: n + 1)
    given_names = "Alexander N."
    family_name = factory.Sequence(lambda n: f"Author{n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Affiliation

    contributor = factory.SubFactory(ContributorFactory)
    institution = "University of New South Wales"
    country = "AU"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Reference

    submission = factory.SubFactory(SubmissionFactory)
    position = factory.Sequence(lambda n: n + 1)
    raw_text = factory.Sequence(lambda n: f"Author A. 2000. Title {n}. Journal, vol. 1, pp. 1-2.")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    submission = factory.SubFactory(SubmissionFactory)
    issue = factory.SubFactory(IssueFactory, journal=factory.SelfAttribute("..submission.journal"))
    status = models.Article.Status.PUBLISHED
    first_page = "75"
    last_page = "111"


class GalleyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Galley

    article = factory.SubFactory(ArticleFactory)
    label = "PDF"
    file = factory.django.FileField(filename="article.pdf", data=b"%PDF-1.4\n% a test galley\n%%EOF\n")
    content_type = "application/pdf"
    is_primary = True


def published_article(*, doi: str, journal=None, issue=None, contributors: int = 1, references: int = 3, **fields):
    """A published article with a DOI, authors (with an affiliation) and references: something to deposit."""
    journal = journal or (issue.journal if issue else JournalFactory())
    issue = issue or IssueFactory(journal=journal, publication_date=datetime.date(2021, 9, 30))
    submission = SubmissionFactory(journal=journal)
    for position in range(1, contributors + 1):
        AffiliationFactory(contributor=ContributorFactory(submission=submission, position=position))
    for position in range(1, references + 1):
        doi_of_reference = f"10.5555/ref.{position}" if position % 2 else ""
        ReferenceFactory(submission=submission, position=position, doi=doi_of_reference)
    values = {"published_on": datetime.date(2021, 9, 30)} | fields
    return ArticleFactory(submission=submission, issue=issue, doi=doi, **values)
