"""JATS import: a typesetter's hand-written file, the round trip, the command, the API, and refusals."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from editorial.interop.jats_export import jats_bytes
from editorial.interop.record import ImportRejected
from editorial.interop.selectors import article_for_export
from editorial.interop.services.jats_import import import_jats
from editorial.models import Article, Contributor, Event, Issue, Reference, Role, Section, Submission
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.factories import JournalFactory
from tests.support.interop import HANDWRITTEN, russian_article


@pytest.fixture
def vestnik(db, site):
    return JournalFactory(
        title="Вестник международных организаций", slug="vestnik-mo", issn_print="", issn_online="2500-0047"
    )


def _counts():
    return tuple(
        model.objects.count() for model in (Article, Submission, Contributor, Reference, Section, Issue, Event)
    )


def snapshot(article: Article) -> dict:
    """Everything the journal's record says about an article, independent of row ids."""
    article = Article.objects.select_related("submission", "issue", "section").get(pk=article.pk)
    s = article.submission
    return {
        "journal": s.journal_id,
        "submission": {
            name: getattr(s, name)
            for name in ("language", "title", "title_en", "abstract", "abstract_en", "keywords", "keywords_en", "state")
        },
        "received": s.submitted_at.date() if s.submitted_at else None,
        "section": article.section.title if article.section else None,
        "issue": (article.issue.year, article.issue.volume, article.issue.number) if article.issue else None,
        "article": {
            name: getattr(article, name)
            for name in ("doi", "first_page", "last_page", "article_number", "published_on", "status")
        },
        "contributors": [
            (
                c.position,
                c.role,
                c.given_names,
                c.family_name,
                c.given_names_en,
                c.family_name_en,
                c.email,
                c.orcid,
                c.is_corresponding,
                [(a.institution, a.department, a.address, str(a.country), a.ror_id) for a in c.affiliations.all()],
            )
            for c in s.contributors.order_by("position")
        ],
        "references": list(s.references.order_by("position").values_list("position", "raw_text", "doi")),
    }


def _jats_of(article) -> bytes:
    return jats_bytes(article_for_export(article_id=article.pk))


# --- The hand-written file -------------------------------------------------------------------------


def test_handwritten_file_becomes_a_published_article_with_everything_it_says(vestnik):
    result = import_jats(user=None, data=HANDWRITTEN.read_bytes())
    article = result.article
    submission = article.submission
    assert result.created
    assert submission.journal == vestnik
    assert submission.state == State.PUBLISHED
    assert article.status == Article.Status.PUBLISHED
    assert article.doi == "10.17323/1996-7845-2022-01-05"
    assert (article.issue.year, article.issue.volume, article.issue.number) == (2022, 17, "1")
    assert article.section.title == "Международное сотрудничество"
    assert (article.first_page, article.last_page, article.published_on) == ("98", "124", datetime.date(2022, 3, 28))
    assert submission.language == "ru"
    assert submission.title == "Многосторонние институты и кризис глобального управления"
    assert submission.title_en == "Multilateral Institutions and the Crisis of Global Governance"
    assert submission.abstract == (
        "<p>Статья рассматривает <i>кризис</i> многостороннего управления.</p><p>Второй абзац аннотации.</p>"
    )
    assert submission.abstract_en == "The article examines the crisis of multilateral governance."
    assert submission.keywords == ["глобальное управление", "G20"]
    assert submission.keywords_en == ["global governance", "G20"]
    assert submission.submitted_at.date() == datetime.date(2021, 11, 15)


def test_handwritten_file_keeps_authors_in_order_with_one_corresponding_and_their_affiliations(vestnik):
    submission = import_jats(user=None, data=HANDWRITTEN.read_bytes()).article.submission
    larionova, shelepov, kirton = submission.contributors.order_by("position")
    assert (larionova.family_name, larionova.given_names) == ("Ларионова", "Марина Владимировна")
    assert (larionova.family_name_en, larionova.given_names_en) == ("Larionova", "Marina V.")
    assert larionova.orcid == "0000-0002-1825-0097"
    assert larionova.email == "mlarionova@example.org"
    assert [c.is_corresponding for c in (larionova, shelepov, kirton)] == [True, False, False]
    hse = larionova.affiliations.get()
    assert (hse.institution, hse.department, hse.address, hse.country.code, hse.ror_id) == (
        "HSE University",
        "Centre for International Institutions Research",
        "Moscow",
        "RU",
        "https://ror.org/055f7t516",
    )
    assert [a.institution for a in shelepov.affiliations.order_by("position")] == [
        "HSE University",
        "University of Toronto",
    ]
    assert kirton.affiliations.get().country.code == "CA"
    assert (kirton.family_name, kirton.family_name_en) == ("Kirton", "")


def test_handwritten_references_keep_their_order_text_and_dois(vestnik):
    submission = import_jats(user=None, data=HANDWRITTEN.read_bytes()).article.submission
    references = list(submission.references.order_by("position"))
    assert [r.position for r in references] == [1, 2, 3]
    assert references[0].raw_text.startswith(
        "Keohane R.O. The Demand for International Regimes. International Organization."
    )
    assert references[0].doi == "10.1017/S002081830001897X"
    assert references[1].doi == ""
    assert references[1].raw_text == "Ruggie J.G. Multilateralism Matters. New York: Columbia University Press; 1993."
    assert references[2].doi == "10.17323/1996-7845-2018-04-01"


def test_import_reports_the_elements_it_could_not_map(vestnik):
    result = import_jats(user=None, data=HANDWRITTEN.read_bytes())
    assert "/article/body" in result.unmapped
    assert "/article/front/article-meta/funding-group" in result.unmapped
    assert not any("contrib-group" in path or "ref-list" in path for path in result.unmapped)
    event = result.article.submission.events.get(action=Event.Action.IMPORTED)
    assert event.data["unmapped"] == result.unmapped
    assert event.data["accepted_on"] == "2022-01-20"


def test_importing_the_same_doi_again_updates_the_article_instead_of_adding_one(vestnik):
    first = import_jats(user=None, data=HANDWRITTEN.read_bytes())
    changed = HANDWRITTEN.read_bytes().replace(b"<fpage>98</fpage>", b"<fpage>99</fpage>")
    second = import_jats(user=None, data=changed)
    assert not second.created
    assert second.article.pk == first.article.pk
    assert Article.objects.get(pk=first.article.pk).first_page == "99"
    assert Contributor.objects.filter(submission=first.article.submission).count() == 3


# --- Round trip ------------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_article_back(db, site):
    article = russian_article()
    before = snapshot(article)
    data = _jats_of(article)
    # Spoil the record, then restore it from its own export.
    Submission.objects.filter(pk=article.submission_id).update(title="Spoilt", keywords=[])
    article.submission.contributors.filter(position=2).delete()
    article.submission.references.all().delete()
    result = import_jats(user=None, data=data)
    assert not result.created
    assert result.unmapped == []
    assert snapshot(result.article) == before


def test_export_then_import_into_an_empty_journal_recreates_the_article(db, site):
    article = russian_article()
    before = snapshot(article)
    data = _jats_of(article)
    submission = article.submission
    article.delete()
    submission.delete()
    result = import_jats(user=None, data=data)
    assert result.created
    assert snapshot(result.article) == before


def test_an_english_article_round_trips_too(db, site):
    from tests.support.factories import published_article

    article = published_article(doi="10.48015/en-1", contributors=2, references=3)
    Submission.objects.filter(pk=article.submission_id).update(state=State.PUBLISHED)
    before = snapshot(article)
    result = import_jats(user=None, data=_jats_of(article))
    assert snapshot(result.article) == before


# --- Refusals: nothing saved -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<article><front><journal-meta>", "not well-formed XML"),
        (b"", "not well-formed XML"),
        (b'<doi_batch xmlns="http://www.crossref.org/schema/5.3.1"/>', "not a JATS article"),
        (b"<html><body>Hello</body></html>", "not a JATS article"),
        (b"<article><front><journal-meta><issn>2500-0047</issn></journal-meta></front></article>", "article-meta"),
    ],
)
def test_malformed_or_non_jats_files_are_refused_with_a_clear_error(vestnik, data, words):
    before = _counts()
    with pytest.raises(ImportRejected, match=words):
        import_jats(user=None, data=data)
    assert _counts() == before


def test_a_bad_orcid_on_the_second_author_leaves_nothing_half_saved(vestnik):
    before = _counts()
    data = HANDWRITTEN.read_bytes().replace(
        b"<name><surname>Kirton",
        b'<contrib-id contrib-id-type="orcid">0000-0002-1825-0098</contrib-id><name><surname>Kirton',
    )
    with pytest.raises(ImportRejected, match=r"author 3 \(Kirton\).*ORCID"):
        import_jats(user=None, data=data)
    assert _counts() == before


def test_a_file_for_a_journal_that_is_not_here_is_refused(db, site):
    with pytest.raises(ImportRejected, match="No journal here has the ISSN 1811-0037 or 2500-0047"):
        import_jats(user=None, data=HANDWRITTEN.read_bytes())
    assert Article.objects.count() == 0


def test_entities_are_not_expanded(vestnik):
    evil = (
        HANDWRITTEN.read_bytes()
        .replace(
            b"<!DOCTYPE article PUBLIC", b'<!DOCTYPE article [<!ENTITY x SYSTEM "file:///etc/passwd">]><!-- PUBLIC'
        )
        .replace(b'"JATS-journalpublishing1-3.dtd">', b'"JATS-journalpublishing1-3.dtd" -->', 1)
    )
    evil = evil.replace(b"<fpage>98</fpage>", b"<fpage>&x;</fpage>")
    result = import_jats(user=None, data=evil)
    assert "root:" not in result.article.first_page


# --- The command -----------------------------------------------------------------------------------


def test_import_jats_command_creates_the_article_and_lists_what_it_left_out(vestnik, capsys):
    call_command("import_jats", str(HANDWRITTEN))
    out = capsys.readouterr().out
    assert "Created article" in out
    assert "10.17323/1996-7845-2022-01-05" in out
    assert "/article/body" in out
    assert Article.objects.filter(doi="10.17323/1996-7845-2022-01-05").exists()


def test_import_jats_command_fails_clearly_on_a_malformed_file(vestnik, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<article><front>")
    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("import_jats", str(broken))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_jats", str(tmp_path / "missing.xml"))
    assert Article.objects.count() == 0


# --- The API ---------------------------------------------------------------------------------------


def _post(client, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("article.xml", data, content_type="application/xml")
    return client.post("/api/jats-imports/", {"file": upload}, format="multipart")


def test_managing_editor_imports_through_the_api_201_then_200(cast, site):
    cast.journal.issn_print, cast.journal.issn_online = "", "2500-0047"
    cast.journal.save()
    client = api_for(cast.managing_editor)
    created = _post(client, HANDWRITTEN.read_bytes())
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["created"] is True
    assert body["doi"] == "10.17323/1996-7845-2022-01-05"
    assert "/article/body" in body["unmapped"]
    updated = _post(client, HANDWRITTEN.read_bytes())
    assert updated.status_code == 200
    assert updated.json()["article"] == body["article"]


@pytest.mark.parametrize(("role", "status"), [("author", 403), ("other_editor", 403), ("handling_editor", 403)])
def test_only_managing_editors_of_the_journal_may_import(cast, site, role, status):
    cast.journal.issn_print, cast.journal.issn_online = "", "2500-0047"
    cast.journal.save()
    response = _post(api_for(cast.user(role)), HANDWRITTEN.read_bytes())
    assert response.status_code == status
    assert Article.objects.count() == 0


def test_anonymous_import_is_401(db):
    assert _post(APIClient(), HANDWRITTEN.read_bytes()).status_code == 401


def test_api_answers_400_with_the_reason_for_a_malformed_file(cast, site):
    Role.objects.get_or_create(person=cast.managing_editor.person, journal=cast.journal, kind="managing_editor")
    response = _post(api_for(cast.managing_editor), b"<article><front>")
    assert response.status_code == 400
    assert "not well-formed XML" in response.json()["detail"]


def test_jats_import_endpoint_is_in_the_openapi_schema(cast):
    schema = api_for(cast.managing_editor).get("/api/schema/").content.decode()
    assert "/api/jats-imports/" in schema
    assert "JatsImportResult" in schema


# --- The demo article: a real published article with fifty references ---------------------------


def test_the_demo_article_exports_as_valid_jats_and_round_trips(db, site, settings):
    from editorial.demo.loader import load_demo
    from editorial.interop import jats_schema
    from editorial.interop.jats_export import jats_element

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    article = load_demo(password="demo-pass").article
    exported = article_for_export(article_id=article.pk)
    assert jats_schema.schema_errors(jats_element(exported)) == []
    before = snapshot(article)
    assert len(before["references"]) == 50
    result = import_jats(user=None, data=_jats_of(article))
    assert result.unmapped == []
    assert snapshot(result.article) == before


def test_a_namespaced_jats_record_from_oai_pmh_imports_too(db, site):
    from lxml import etree

    from editorial.interop.jats_export import jats_element
    from editorial.interop.jats_schema import namespaced

    article = russian_article()
    before = snapshot(article)
    record = etree.tostring(namespaced(jats_element(article_for_export(article_id=article.pk))))
    assert b'xmlns="http://www.ncbi.nlm.nih.gov/JATS1"' in record
    Submission.objects.filter(pk=article.submission_id).update(title="Spoilt")
    assert snapshot(import_jats(user=None, data=record).article) == before


def test_a_correction_of_a_deposited_article_is_deposited_again(vestnik, settings):
    from editorial.deposits.services import request_deposit
    from editorial.models import DepositBatch

    settings.CROSSREF_DEPOSITOR_NAME, settings.CROSSREF_DEPOSITOR_EMAIL = "Depositor", "deposits@example.org"
    vestnik.publisher = "HSE"
    vestnik.save()
    article = import_jats(user=None, data=HANDWRITTEN.read_bytes()).article
    assert not DepositBatch.objects.exists()  # a new import deposits nothing
    request_deposit(article_id=article.pk, reason=DepositBatch.Reason.MANUAL, dispatch=False)
    import_jats(user=None, data=HANDWRITTEN.read_bytes())  # nothing changed: nothing to send
    assert DepositBatch.objects.count() == 1
    corrected = HANDWRITTEN.read_bytes().replace(b"<lpage>124</lpage>", b"<lpage>125</lpage>")
    import_jats(user=None, data=corrected)
    latest = DepositBatch.objects.order_by("pk").last()
    assert DepositBatch.objects.count() == 2
    assert latest.reason == DepositBatch.Reason.METADATA_CHANGE
    assert "<last_page>125</last_page>" in latest.xml
