"""Citation formats from plain data: the house style, CSL styles, BibTeX, RIS, CSL-JSON."""

import datetime
import json

import pytest

from editorial.publishing.citations import (
    CSL_STYLES,
    Author,
    CitationRecord,
    format_csl,
    format_elpub,
    language_marker,
    to_bibtex,
    to_csl_json,
    to_ris,
)

KOROLEV_LINE = (
    "Korolev A.N. Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic Alignment "
    "in the Post-Cold War Period. Lomonosov World Politics Journal. 2021;13(3):75-111. (In Russ.) "
    "https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
)


def korolev(**changes) -> CitationRecord:
    values = {
        "key": "article-1",
        "title": "Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic Alignment "
        "in the Post-Cold War Period",
        "journal_title": "Lomonosov World Politics Journal",
        "journal_abbreviation": "Lomonosov World Polit. J.",
        "authors": (Author("Korolev", "Alexander N."),),
        "published": datetime.date(2021, 9, 30),
        "year": 2021,
        "volume": "13",
        "issue": "3",
        "first_page": "75",
        "last_page": "111",
        "doi": "10.48015/2076-7404-2021-13-3-75-111",
        "language": "ru",
        "metadata_language": "en",
        "issn_print": "2076-7404",
        "publisher": "Lomonosov Moscow State University",
    }
    return CitationRecord(**(values | changes))


def test_house_style_line_of_the_demo_article_is_exactly_as_printed():
    assert format_elpub(korolev()) == KOROLEV_LINE


def test_house_style_lists_every_author_with_initials_without_spaces():
    authors = (Author("Korolev", "Alexander N."), Author("Portyakov", "Vladimir Ya."), Author("Sartre", "Jean-Paul"))
    line = format_elpub(korolev(authors=authors))
    assert line.startswith("Korolev A.N., Portyakov V.Ya., Sartre J.-P. Balances of Power")


def test_house_style_without_pages_ends_the_source_after_the_issue():
    line = format_elpub(korolev(first_page="", last_page=""))
    assert "Lomonosov World Politics Journal. 2021;13(3). (In Russ.) https://doi.org/" in line


def test_house_style_uses_the_article_number_when_there_are_no_pages():
    line = format_elpub(korolev(first_page="", last_page="", article_number="e1234"))
    assert "2021;13(3):e1234. (In Russ.)" in line


def test_house_style_of_an_english_article_has_no_language_marker():
    line = format_elpub(korolev(language="en", title="Why Alliances Fail?", authors=(Author("Walt", "Stephen M."),)))
    assert line == (
        "Walt S.M. Why Alliances Fail? Lomonosov World Politics Journal. 2021;13(3):75-111. "
        "https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
    )


def test_house_style_in_the_original_language_has_no_marker():
    record = korolev(title="Балансы силы", journal_title="Вестник", metadata_language="ru")
    assert format_elpub(record).endswith(
        "Вестник. 2021;13(3):75-111. https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
    )


def test_house_style_without_doi_volume_or_authors_still_reads_right():
    record = korolev(doi="", volume="", authors=())
    assert format_elpub(record) == (
        "Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic Alignment in the "
        "Post-Cold War Period. Lomonosov World Politics Journal. 2021;(3):75-111. (In Russ.)"
    )


@pytest.mark.parametrize(
    ("language", "marker"),
    [("ru", "(In Russ.)"), ("uk", "(In Ukr.)"), ("de", "(In Germ.)"), ("en", ""), ("hy", "(In Armenian)")],
)
def test_language_marker_names_the_original_language(language, marker):
    assert language_marker(language) == marker


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "apa",
            "Korolev, A. N. (2021). Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic "
            "Alignment in the Post-Cold War Period. Lomonosov World Politics Journal, 13(3), 75–111. "
            "https://doi.org/10.48015/2076-7404-2021-13-3-75-111",
        ),
        (
            "chicago-author-date",
            "Korolev, A. N. 2021. “Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic "
            "Alignment in the Post-Cold War Period”. Lomonosov World Politics Journal 13 (3): 75–111. "
            "https://doi.org/10.48015/2076-7404-2021-13-3-75-111.",
        ),
        (
            "vancouver",
            "Korolev AN. Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic Alignment "
            "in the Post-Cold War Period. Lomonosov World Polit J. 2021;13(3):75–111. "
            "doi:10.48015/2076-7404-2021-13-3-75-111",
        ),
        (
            "gost",
            "Korolev A. N. Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic Alignment "
            "in the Post-Cold War Period // Lomonosov World Polit. J. 2021. Т. 13. № 3. С. 75–111.",
        ),
    ],
)
def test_csl_styles_format_the_article_through_citeproc(style, expected):
    assert format_csl(korolev(), style, output="text") == expected


def test_csl_html_keeps_italics_and_escapes_what_the_data_says():
    record = korolev(title="<script>alert(1)</script> Power & Threat", journal_title="Journal <b>X</b>")
    for style in CSL_STYLES:
        html = format_csl(record, style)
        assert "<script>" not in html, style
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Power &amp; Threat" in html, style
    assert "<i>Journal &lt;b&gt;X&lt;/b&gt;</i>" in format_csl(record, "apa")


def test_csl_json_carries_every_field_a_reference_manager_needs():
    item = to_csl_json(korolev(keywords=("alliances", "China")))
    assert item["type"] == "article-journal"
    assert item["author"] == [{"family": "Korolev", "given": "Alexander N."}]
    assert item["issued"] == {"date-parts": [[2021, 9, 30]]}
    assert (item["volume"], item["issue"], item["page"]) == ("13", "3", "75-111")
    assert (item["DOI"], item["ISSN"], item["language"]) == ("10.48015/2076-7404-2021-13-3-75-111", "2076-7404", "ru")
    assert item["container-title"] == "Lomonosov World Politics Journal"
    assert item["keyword"] == "alliances, China"
    json.dumps(item)  # serializable as it is


def test_bibtex_entry_has_key_fields_and_escapes_tex_specials():
    bibtex = to_bibtex(korolev(title="Power & 100% {Threat}_2", keywords=("a_b",)))
    assert bibtex.startswith("@article{korolev2021power,\n")
    assert "  author = {Korolev, Alexander N.},\n" in bibtex
    assert r"  title = {{Power \& 100\% \{Threat\}\_2}}," in bibtex
    assert "  pages = {75--111},\n" in bibtex
    assert "  doi = {10.48015/2076-7404-2021-13-3-75-111},\n" in bibtex
    assert "  language = {russian},\n" in bibtex
    assert bibtex.rstrip().endswith("}")


def test_ris_record_has_one_tagged_line_per_field_and_ends_with_er():
    ris = to_ris(korolev(authors=(Author("Korolev", "Alexander N."), Author("Ivanov", "Ivan"))))
    lines = ris.split("\r\n")
    assert lines[0] == "TY  - JOUR"
    assert lines[1:3] == ["AU  - Korolev, Alexander N.", "AU  - Ivanov, Ivan"]
    for line in ("T2  - Lomonosov World Politics Journal", "PY  - 2021", "SP  - 75", "EP  - 111", "IS  - 3"):
        assert line in lines
    assert "DO  - 10.48015/2076-7404-2021-13-3-75-111" in lines
    assert lines[-2:] == ["ER  - ", ""]
