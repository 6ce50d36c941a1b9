"""Model validation: identifiers with check digits, ordering rules, derived labels."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from editorial.models import Contributor, Journal
from editorial.validators import normalize_doi, normalize_orcid, validate_doi, validate_issn, validate_orcid
from tests.support.factories import (
    ArticleFactory,
    ContributorFactory,
    IssueFactory,
    JournalFactory,
    SubmissionFactory,
)


def refusal(validate, value) -> list[str] | None:
    """The validator's messages for ``value``, or None when it accepts it."""
    try:
        validate(value)
    except ValidationError as exc:
        return exc.messages
    return None


@pytest.mark.parametrize("issn", ["2076-7404", "0317-8471", "2049-3630", "1000-002X", "0378-5955"])
def test_valid_issns_pass_their_check_digit(issn):
    assert refusal(validate_issn, issn) is None


@pytest.mark.parametrize("issn", ["2076-7405", "1234-5678", "2076-740", "abcd-efgh", ""])
def test_issn_with_wrong_check_digit_or_shape_is_refused_with_an_explanation(issn):
    with pytest.raises(ValidationError, match="not a valid ISSN"):
        validate_issn(issn)


def test_orcid_with_correct_check_digit_passes():
    assert refusal(validate_orcid, "0000-0002-1825-0097") is None
    assert refusal(validate_orcid, "0000-0002-1694-233X") is None


def test_orcid_with_wrong_check_digit_names_the_check_digit():
    with pytest.raises(ValidationError, match="check digit") as excinfo:
        validate_orcid("0000-0002-1825-0096")
    assert excinfo.value.code == "invalid_orcid_checksum"


def test_orcid_in_the_wrong_shape_shows_an_example():
    with pytest.raises(ValidationError, match="0000-0002-1825-0097") as excinfo:
        validate_orcid("0000000218250097")
    assert excinfo.value.code == "invalid_orcid_format"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
    ],
)
def test_orcid_is_normalized_from_common_forms(raw, expected):
    assert normalize_orcid(raw) == expected


@pytest.mark.parametrize(
    "doi",
    ["10.48015/2076-7404-2021-13-3-75-111", "10.1093/acprof:oso/9780199899234.001.0001", "10.1162/ISEC_a_00190"],
)
def test_dois_from_the_sample_page_are_valid(doi):
    assert refusal(validate_doi, doi) is None


@pytest.mark.parametrize("doi", ["11.1000/abc", "10.12/abc", "10.48015/", "10.48015/with space", "doi:10.1/x"])
def test_malformed_doi_is_refused(doi):
    with pytest.raises(ValidationError, match="is not a DOI"):
        validate_doi(doi)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://doi.org/10.2307/2111677", "10.2307/2111677"),
        ("DOI: 10.2307/2111677.", "10.2307/2111677"),
        ("doi:10.2307/2111677", "10.2307/2111677"),
        ("http://dx.doi.org/10.2307/2111677", "10.2307/2111677"),
    ],
)
def test_doi_is_normalized_from_the_forms_references_use(raw, expected):
    assert normalize_doi(raw) == expected


@pytest.mark.django_db
def test_journal_full_clean_normalizes_issn_and_refuses_a_bad_one():
    journal = JournalFactory.build(issn_print="20767404", issn_online="")
    journal.full_clean()
    assert journal.issn_print == "2076-7404"
    journal.issn_online = "2076-7405"
    with pytest.raises(ValidationError) as excinfo:
        journal.full_clean()
    assert "issn_online" in excinfo.value.message_dict


@pytest.mark.django_db
def test_journal_that_registers_dois_must_have_an_issn():
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalFactory(issn_print="", issn_online="", doi_prefix="10.48015")
    assert not Journal.objects.exists()
    JournalFactory(issn_print="", issn_online="", doi_prefix="")  # no DOIs, no ISSN needed
    assert Journal.objects.count() == 1


@pytest.mark.django_db
def test_doi_suffix_pattern_with_an_unknown_placeholder_is_refused():
    journal = JournalFactory.build(doi_suffix_pattern="{issn}-{colour}")
    with pytest.raises(ValidationError, match="colour"):
        journal.full_clean()


@pytest.mark.django_db
def test_two_contributors_cannot_share_a_position():
    first = ContributorFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributorFactory(submission=first.submission, position=1)
    assert Contributor.objects.filter(submission=first.submission).count() == 1


@pytest.mark.django_db
def test_contributor_positions_start_at_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributorFactory(position=0)


@pytest.mark.django_db
def test_a_submission_has_at_most_one_corresponding_author():
    first = ContributorFactory(position=1, is_corresponding=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributorFactory(submission=first.submission, position=2, is_corresponding=True)


@pytest.mark.django_db
def test_contributors_come_back_in_printed_order():
    submission = SubmissionFactory()
    for position, name in [(3, "Third"), (1, "First"), (2, "Second")]:
        ContributorFactory(submission=submission, position=position, family_name=name)
    assert [c.family_name for c in submission.contributors.all()] == ["First", "Second", "Third"]


@pytest.mark.parametrize(
    ("given", "printed"),
    [("Alexander N.", "A. N. Korolev"), ("A.N.", "A. N. Korolev"), ("Jean-Paul", "J.-P. Korolev"), ("", "Korolev")],
)
def test_printed_name_uses_initials_as_the_author_block_does(given, printed):
    assert Contributor(given_names=given, family_name="Korolev").printed_name == printed


def test_english_name_is_printed_when_the_original_differs():
    contributor = Contributor(given_names="Александр Н.", family_name="Королев", given_names_en="Alexander N.")
    contributor.family_name_en = "Korolev"
    assert contributor.printed_name == "A. N. Korolev"


@pytest.mark.django_db
def test_contributor_orcid_is_checked_on_full_clean():
    contributor = ContributorFactory.build(submission=SubmissionFactory(), orcid="0000-0002-1825-0096")
    with pytest.raises(ValidationError) as excinfo:
        contributor.full_clean()
    assert "orcid" in excinfo.value.message_dict


@pytest.mark.django_db
def test_issue_label_and_article_pages_read_as_in_the_citation_line():
    article = ArticleFactory(issue=IssueFactory(volume=13, number="3", year=2021), first_page="75", last_page="111")
    assert article.issue.citation_label == "2021;13(3)"
    assert article.pages == "75-111"
    article.last_page = ""
    assert article.pages == "75"
    article.first_page, article.article_number = "", "e1234"
    assert article.pages == "e1234"


@pytest.mark.django_db
def test_two_articles_cannot_share_a_doi():
    ArticleFactory(doi="10.48015/x-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(doi="10.48015/x-1")
    ArticleFactory(doi="")
    ArticleFactory(doi="")  # unassigned DOIs do not collide


@pytest.mark.django_db
def test_a_journal_slug_may_not_shadow_the_sites_own_addresses():
    journal = JournalFactory.build(slug="admin")
    with pytest.raises(ValidationError, match="site's own addresses"):
        journal.full_clean()
