"""Reading pasted reference lists: the sample page's list, and the other styles editors paste."""

import json
import re

import pytest

from editorial.bibliography.parser import is_doi, parse_reference, parse_reference_list, split_references
from editorial.demo.loader import DEFAULT_FIXTURE, load_demo
from tests.support.references import printed_reference_list


def fixture_references() -> dict[int, dict]:
    data = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    return {entry["position"]: entry for entry in data["published_article"]["references"]}


def test_sample_page_list_gives_fifty_references_numbered_as_printed(sample_references, sample_text):
    assert [ref.position for ref in sample_references] == list(range(1, 51))
    lines = set(sample_text.splitlines())
    assert all(f"{ref.position}. {ref.raw_text}" in lines for ref in sample_references)  # raw text untouched


def test_sample_page_dois_are_the_thirty_seven_printed(sample_references, sample_text):
    printed = [doi.rstrip(".") for doi in re.findall(r"DOI: (\S+)", printed_reference_list(sample_text))]
    assert len(printed) == 37
    assert [ref.doi for ref in sample_references if ref.doi] == printed
    assert all(is_doi(ref.doi) for ref in sample_references if ref.doi)
    assert not any(ref.malformed_doi for ref in sample_references)


def test_sample_page_years_are_read_with_their_letters(sample_references):
    years = {ref.position: (ref.year, ref.year_suffix) for ref in sample_references}
    assert years[1] == (2020, "")
    assert years[21] == (2019, "a")  # "Korolev A. 2019a."
    assert years[22] == (2019, "b")
    assert years[46] == (1979, "")
    assert years[10] == (1997, "")  # not 1816 or 1984 from the title "... duration, 1816-1984"
    assert all(ref.year for ref in sample_references)


def test_parser_reproduces_every_field_the_demo_fixture_spells_out(sample_references):
    expected = fixture_references()
    fields = ("first_author", "authors", "year", "doi", "volume", "issue", "pages", "url")
    differences = [
        (ref.position, name, expected[ref.position].get(name), getattr(ref, name))
        for ref in sample_references
        for name in fields
        if expected[ref.position].get(name, None if name == "year" else "") != getattr(ref, name)
    ]
    assert differences == []


def test_every_sample_reference_has_a_title_and_journal_articles_their_journal(sample_references):
    assert all(ref.title for ref in sample_references)
    kinds = {ref.position: ref.kind for ref in sample_references}
    assert [p for p, kind in kinds.items() if kind == "book"] == [8, 11, 13, 29, 33, 36, 44, 46, 47]
    assert [p for p, kind in kinds.items() if kind == "chapter"] == [14, 15, 17, 20, 31, 43, 49]
    assert all(ref.container for ref in sample_references if ref.kind in ("article", "chapter"))


def test_transliterated_russian_title_is_kept_apart_from_its_bracketed_translation(sample_references):
    first = sample_references[0]
    assert first.title == "Rossiya kak derzhava status-kvo"
    assert first.translated_title == "Russia as a status-quo power"
    assert first.container == "Russia in Global Affairs"
    assert (first.volume, first.issue, first.pages) == ("18", "1", "30-38")
    assert first.language_note == "Russ"
    assert first.printed_title == "Rossiya kak derzhava status-kvo [Russia as a status-quo power]"


def test_a_question_inside_a_title_or_its_translation_does_not_end_it(sample_references):
    refs = {ref.position: ref for ref in sample_references}
    assert refs[6].title == (
        "Naskol’ko blizki Rossiya i Kitai? Voenno-strategicheskoe sotrudnichestvo v mezhdunarodnykh otnosheniyakh"
    )
    assert refs[6].translated_title.startswith("How close are Russia and China? Assessing")
    assert refs[6].container == "Russia and the Pacific"
    assert refs[28].title.startswith("Do alliances deter aggression? The influence of military alliances")
    assert refs[28].container == "American Journal of Political Science"
    assert refs[18].title == "Defense pacts: A prescription for peace?"  # the journal follows the question
    assert refs[18].container == "Foreign Policy Analysis"


def test_initials_inside_a_title_do_not_end_it(sample_references):
    refs = {ref.position: ref for ref in sample_references}
    assert refs[49].title == "U. S. strategy in a unipolar world"
    assert refs[40].title == "Chinese leadership and elite responses to the U. S. Pacific pivot"
    assert refs[40].container == "China Leadership Monitor"
    assert refs[40].issue == "38"


def test_in_ed_chapter_reads_the_book_as_its_container(sample_references):
    refs = {ref.position: ref for ref in sample_references}
    chapter = refs[49]
    assert chapter.kind == "chapter"
    assert chapter.container == "America unrivalled: The future of the balance of power"
    assert chapter.editors == "Ikenberry G. J."
    assert (chapter.place, chapter.publisher, chapter.pages) == ("New York", "Cornell University Press", "98-120")
    assert refs[20].pages == "211-239"  # printed with Cyrillic "рр."
    assert refs[14].editors == "Cheung T. M., Mahnken T. G."


def test_multi_word_and_cyrillic_initialled_surnames(sample_references):
    refs = {ref.position: ref for ref in sample_references}
    assert refs[32].first_author == "Puthan Purayil"
    assert refs[41].first_author == "Van Evera"
    assert refs[3].authors == "Istomin I. A., Baykov А. А."  # Cyrillic А in the printed initials
    assert refs[9].authors == "Fomin I. V., Silaev N. Yu., Makarycheva A. V. et al."


@pytest.mark.parametrize(
    "printed",
    [
        "DOI: 10.1177/0022002709339046.",
        "doi:10.1177/0022002709339046",
        "DOI 10.1177/0022002709339046",
        "https://doi.org/10.1177/0022002709339046",
        "(http://dx.doi.org/10.1177/0022002709339046).",
        "https://doi.org/10.1177%2F0022002709339046",
    ],
)
def test_a_doi_is_read_in_every_printed_form(printed):
    ref = parse_reference(f"Yuen A. 2009. Target concessions. Journal of Conflict Resolution, vol. 53. {printed}")
    assert ref.doi == "10.1177/0022002709339046"
    assert ref.malformed_doi == ""


def test_doi_with_parentheses_and_colons_keeps_them():
    ref = parse_reference("Ripsman N. M. 2016. Theory. New York, OUP. DOI: 10.1093/acprof:oso/9780199899234.001.0001.")
    assert ref.doi == "10.1093/acprof:oso/9780199899234.001.0001"
    ref = parse_reference(
        "Smith A. 2001. Title. Journal. doi:10.1002/(SICI)1097-0258(19980815)17:15<1661::AID>3.0.CO;2-2"
    )
    assert ref.doi == ""
    assert ref.malformed_doi.startswith("10.1002/(SICI)")


@pytest.mark.parametrize(
    ("printed", "malformed"),
    [
        ("DOI: 10.230/2600800.", "10.230/2600800"),  # a three-digit registrant
        ("DOI: 10.2307/ 2600800.", "10.2307/"),  # a space inside the DOI
        ("DOI: 2600800.", "2600800"),
    ],
)
def test_a_doi_label_followed_by_no_doi_is_reported_as_malformed(printed, malformed):
    ref = parse_reference(f"Smith A. 1995. Alliance formation and war. International Studies Quarterly. {printed}")
    assert (ref.doi, ref.malformed_doi) == ("", malformed)


def test_other_citation_styles_are_read():
    apa = parse_reference(
        "Istomin, I. A., & Baykov, A. A. (2020). Alliances at the service of hegemony. "
        "Polis. Political Studies, 6(6), 8–25. https://doi.org/10.17976/jpps/2020.06.02"
    )
    assert (apa.first_author, apa.year, apa.title) == ("Istomin", 2020, "Alliances at the service of hegemony")
    assert (apa.container, apa.volume, apa.issue, apa.pages) == ("Polis. Political Studies", "6", "6", "8-25")
    elpub = parse_reference(
        "Korolev A.N. Balances of Power, Threat, and Interests. Lomonosov World Politics Journal. "
        "2021;13(3):75-111. (In Russ.) https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
    )
    assert (elpub.first_author, elpub.year, elpub.container) == ("Korolev", 2021, "Lomonosov World Politics Journal")
    assert (elpub.volume, elpub.issue, elpub.pages) == ("13", "3", "75-111")
    gost = parse_reference(
        "Истомин И. А. Россия как держава статус-кво // Россия в глобальной политике. 2020. Т. 18, № 1. С. 30–38."
    )
    assert (gost.first_author, gost.year, gost.title) == ("Истомин", 2020, "Россия как держава статус-кво")
    assert (gost.container, gost.volume, gost.issue, gost.pages) == ("Россия в глобальной политике", "18", "1", "30-38")
    chicago = parse_reference(
        "Walt, Stephen M. 1985. “Alliance Formation and the Balance of World Power.” "
        "International Security 9 (4): 3–43."
    )
    assert (chicago.first_author, chicago.title) == ("Walt", "Alliance Formation and the Balance of World Power")
    assert (chicago.container, chicago.volume, chicago.issue, chicago.pages) == (
        "International Security",
        "9",
        "4",
        "3-43",
    )


def test_numbered_lists_keep_numbers_join_wrapped_lines_and_skip_the_heading():
    text = (
        "References\n\n"
        "[1] Smith A. 1995. Alliance formation\nand war. International Studies Quarterly, vol. 39.\n"
        "[2] Jones B. 2001. A title that wraps onto a line starting with a year:\n"
        "1999 revisited. Journal, vol. 2.\n"
        "[4] Brown C. 2003. The third one printed, numbered four.\n"
    )
    assert split_references(text) == [
        (1, "Smith A. 1995. Alliance formation and war. International Studies Quarterly, vol. 39."),
        (2, "Jones B. 2001. A title that wraps onto a line starting with a year: 1999 revisited. Journal, vol. 2."),
        (4, "Brown C. 2003. The third one printed, numbered four."),
    ]


def test_unnumbered_lists_are_numbered_by_line_or_by_paragraph():
    assert split_references("Smith A. 1995. One.\n\nJones B. 2001. Two\ncontinued.\n") == [
        (1, "Smith A. 1995. One."),
        (2, "Jones B. 2001. Two continued."),
    ]
    assert split_references("Smith A. 1995. One.\nJones B. 2001. Two.\n") == [
        (1, "Smith A. 1995. One."),
        (2, "Jones B. 2001. Two."),
    ]
    assert parse_reference_list("\n \n") == []


def test_what_cannot_be_read_stays_blank_rather_than_guessed():
    ref = parse_reference("Some notes the author pasted by mistake")
    assert (ref.doi, ref.year, ref.first_author) == ("", None, "")
    assert ref.raw_text == "Some notes the author pasted by mistake"


@pytest.mark.django_db
def test_load_demo_fills_title_and_journal_from_the_parser():
    article = load_demo(password="demo-pass").article
    refs = {ref.position: ref for ref in article.submission.references.all()}
    assert refs[1].title == "Rossiya kak derzhava status-kvo [Russia as a status-quo power]"
    assert refs[1].container == "Russia in Global Affairs"
    assert refs[49].container == "America unrivalled: The future of the balance of power"
    assert refs[46].container == ""  # a book is not in anything
    assert all(ref.title for ref in refs.values())
    assert refs[21].year == 2019  # the fixture's own value, kept
