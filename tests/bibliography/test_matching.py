"""Does a Crossref record describe the cited work? Transliteration, translations, years, updates."""

import pytest

from editorial.bibliography.matching import (
    RegisteredWork,
    classify_updates,
    compare,
    same_cited_work,
    slim_work,
    surnames_agree,
)
from editorial.bibliography.parser import parse_reference
from editorial.bibliography.status import Status
from editorial.bibliography.transliteration import SCHEMES, transliterate
from tests.support.references import work

RUSSIAN = work(
    "10.17994/IT.2017.15.4.51.6",
    "Современная западная теория военно-политических альянсов: достижения и лакуны",
    "Истомин",
    2017,
    "Международные процессы",
)


def cited(text: str):
    return parse_reference(text)


def test_cyrillic_record_agrees_with_the_transliterated_citation():
    ref = cited(
        "Istomin I. A. 2017. Sovremennaya zapadnaya teoriya voenno-politicheskikh al’yansov: dostizheniya i "
        "lakuny [Western theory of international military alliances: The state of the discipline]. "
        "International Trends, vol. 15, no. 4, pp. 93-114."
    )
    comparisons = compare(ref, RegisteredWork.from_message(RUSSIAN))
    assert comparisons["title"].agrees
    assert comparisons["first_author"].agrees  # Истомин = Istomin
    assert comparisons["year"].agrees
    assert comparisons["container"].agrees is None  # "International Trends" translates "Международные процессы"


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_transliteration_scheme_of_a_title_agrees_with_the_cyrillic_record(scheme):
    title = transliterate(RUSSIAN["title"][0], scheme)
    ref = cited(f"{transliterate('Истомин', scheme)} I. A. 2017. {title}. International Trends, vol. 15.")
    comparisons = compare(ref, RegisteredWork.from_message(RUSSIAN))
    assert comparisons["title"].agrees, (scheme, title, comparisons["title"].score)
    assert comparisons["first_author"].agrees


def test_the_bracketed_translation_agrees_with_an_english_record():
    record = work(
        "10.17994/IT.2018.16.4.55.3", "Strategies of Alliances of Continental and Sea Powers", "Istomin", 2018
    )
    ref = cited(
        "Istomin I. A., Silaev N. Yu. 2018. Strategii soyuznichestva kontinental’nykh i morskikh derzhav "
        "[Strategies of alliances of continental and sea powers]. International Trends, vol. 16, no. 4."
    )
    assert compare(ref, RegisteredWork.from_message(record))["title"].agrees


def test_another_work_by_the_same_author_does_not_agree():
    record = work(
        "10.1162/016228899560031", "The Stability of a Unipolar World", "Wohlforth", 1999, "International Security"
    )
    ref = cited(
        "Wohlforth W. C. 2002. U. S. strategy in a unipolar world. In: Ikenberry G. J. (ed.). America unrivalled."
    )
    comparisons = compare(ref, RegisteredWork.from_message(record))
    assert comparisons["first_author"].agrees
    assert comparisons["title"].agrees is False
    assert comparisons["year"].agrees is False
    assert comparisons["container"].agrees is False


def test_misprinted_spacing_still_agrees():
    record = work("10.2307/2111677", "Testing Alternative Models of Alliance Duration, 1816-1984", "Bennett", 1997,
                  "American Journal of Political Science")  # fmt: skip
    ref = cited(
        "Bennett D. S. 1997. Testing alternative models of alliance duration, 1816-1984. "
        "American Journal o f Political Science, vol. 41, no. 3, pp. 846-878."
    )
    comparisons = compare(ref, RegisteredWork.from_message(record))
    assert comparisons["title"].agrees
    assert comparisons["container"].agrees


def test_a_subtitle_registered_apart_still_agrees():
    record = work("10.1017/CBO9781139225694", "Constructing International Security", "Benson", 2012, type="book")
    ref = cited("Benson B. V. 2012. Constructing international security: Alliances, deterrence, and moral hazard. "
                "New York, Cambridge University Press.")  # fmt: skip
    assert compare(ref, RegisteredWork.from_message(record))["title"].agrees


def test_the_print_year_or_the_online_year_may_be_cited():
    record = work(
        "10.1080/14799855.2018.1463991",
        "On the Verge of an Alliance",
        "Korolev",
        2018,
        **{"published-online": {"date-parts": [[2018, 4]]}, "published-print": {"date-parts": [[2019, 9]]}},
    )
    registered = RegisteredWork.from_message(record)
    assert compare(cited("Korolev A. 2019a. On the verge of an alliance. Asian Security."), registered)["year"].agrees
    assert compare(cited("Korolev A. 2018. On the verge of an alliance. Asian Security."), registered)["year"].agrees
    assert not compare(cited("Korolev A. 2020. On the verge of an alliance. Asian Security."), registered)[
        "year"
    ].agrees


@pytest.mark.parametrize(
    ("cited_name", "registered", "agrees"),
    [
        ("Puthan Purayil", "Puthan Purayil", True),
        ("Puthan Purayil", "Purayil", True),
        ("Van Evera", "Evera", True),
        ("Istomin", "Истомин", True),
        ("Kashin", "Кашин", True),
        ("Korolev", "Korolyov", True),
        ("Kireeva", "Kireyeva", True),
        ("Schweller", "Schwaller", True),  # one misprinted letter in a long name
        ("Walt", "Waltz", False),
        ("Lake", "Lai", False),
        ("Smith", "Schweller", False),
    ],
)
def test_surnames_compare_across_particles_and_scripts(cited_name, registered, agrees):
    assert surnames_agree(cited_name, registered) is agrees


def test_retraction_recorded_by_retraction_watch_is_reported_with_its_notice():
    record = work(
        "10.5555/retracted",
        "A retracted study",
        "Doe",
        2019,
        **{
            "updated-by": [
                {
                    "DOI": "10.5555/retraction-notice",
                    "type": "retraction",
                    "source": "retraction-watch",
                    "label": "Retraction",
                    "record-id": "12345",
                    "updated": {"date-parts": [[2021, 3, 4]]},
                }
            ]
        },
    )
    status, detail = classify_updates(record)
    assert status == Status.RETRACTED
    assert "10.5555/retraction-notice" in detail
    assert "2021-03-04" in detail
    assert "Retraction Watch" in detail


@pytest.mark.parametrize(
    ("field", "entry", "status"),
    [
        ("updated-by", {"type": "correction", "DOI": "10.5555/c", "source": "publisher"}, Status.CORRECTED),
        ("updated-by", {"type": "erratum", "DOI": "10.5555/e"}, Status.CORRECTED),
        ("updated-by", {"type": "expression_of_concern", "DOI": "10.5555/eoc"}, Status.CONCERN),
        ("updated-by", {"type": "withdrawal", "DOI": "10.5555/w"}, Status.RETRACTED),
        ("update-to", {"type": "retraction", "DOI": "10.5555/original"}, Status.RETRACTED),
        ("updated-by", {"type": "new_version", "DOI": "10.5555/v2"}, None),
    ],
)
def test_updates_are_classified_by_their_type(field, entry, status):
    assert classify_updates({field: [entry]})[0] == status


def test_relations_naming_a_retraction_count_too():
    record = {"relation": {"is-retracted-by": [{"id-type": "doi", "id": "10.5555/notice", "asserted-by": "subject"}]}}
    assert classify_updates(record)[0] == Status.RETRACTED


def test_the_gravest_update_wins():
    record = {"updated-by": [{"type": "correction", "DOI": "10.5555/c"}, {"type": "retraction", "DOI": "10.5555/r"}]}
    assert classify_updates(record)[0] == Status.RETRACTED


def test_duplicates_are_the_same_doi_or_the_same_author_year_and_title():
    a = cited(
        "Korolev A. 2019a. On the verge of an alliance. Asian Security, vol. 15. DOI: 10.1080/14799855.2018.1463991."
    )
    b = cited("Korolev A. 2019. On the verge of an alliance. Asian Security. doi:10.1080/14799855.2018.1463991")
    c = cited("Korolev A. 2019b. Russia in the South China Sea: Balancing and hedging. Foreign Policy Analysis.")
    d = cited(
        "Korolev A. 2019b. Russia in the South China Sea: balancing and hedging. Foreign Policy Analysis, vol. 15."
    )
    e = cited("Korolev A. 2019. On the verge of an alliance. Asian Security, vol. 15.")
    f = cited("Korolev A. 2019a. Russia in the South China Sea: Balancing and hedging. Foreign Policy Analysis.")
    assert same_cited_work(a, b)  # one DOI, printed two ways
    assert same_cited_work(c, d)  # same author, year and title; no DOI
    assert same_cited_work(b, e)  # the same work with and without its DOI
    assert same_cited_work(a, e)  # "2019a" in one place, "2019" in another
    assert not same_cited_work(a, c)
    assert not same_cited_work(c, f)  # 2019a and 2019b are two works


def test_slim_work_keeps_what_is_compared_and_drops_the_rest():
    record = work("10.5555/x", "Title", "Doe", 2000) | {"reference": [{"key": "r1"}] * 300, "abstract": "<jats:p>..."}
    slim = slim_work(record)
    assert "reference" not in slim
    assert "abstract" not in slim
    assert slim["title"] == ["Title"]
    assert slim["author"][0]["family"] == "Doe"
