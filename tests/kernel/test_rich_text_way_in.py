"""Rich text is sanitized on its way in, through the API and the services behind the forms: what is
stored is plain text as typed or the allow-listed HTML, never a comment or stray markup that could
swallow the text after it or break an export."""

from __future__ import annotations

import pytest

from editorial import richtext
from editorial.models import Contributor, Submission
from tests.support.api import api_for


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("War & Peace", "War & Peace"),
        ("x < y", "x < y"),
        ("n<N and p<0.05", "n<N and p<0.05"),
        ("<!-- draft", "<!-- draft"),
        ("<![CDATA[ raw", "<![CDATA[ raw"),
        ("<b>unclosed", "<b>unclosed</b>"),
        ("<i>Homo</i> <script>alert(1)</script>sapiens", "<i>Homo</i> sapiens"),
        ("<i>War</i> & Peace > 2", "<i>War</i> & Peace > 2"),
        ("<i>x</i> &amp;amp; &lt;y", "<i>x</i> &amp;amp; &lt;y"),
        ("bell\x07 rings", "bell rings"),
    ],
)
def test_clean_keeps_plain_text_as_typed_and_sanitizes_markup(typed, stored):
    assert richtext.clean(typed) == stored
    assert richtext.clean(stored) == stored


def test_title_abstract_and_bio_posted_through_the_api_are_stored_sanitized(cast):
    author = api_for(cast.author)
    created = author.post(
        "/api/submissions/",
        {
            "journal": cast.journal.pk,
            "section": cast.section.pk,
            "language": "en",
            "title": "Hedging <!-- draft",
            "abstract": "<p>Small & <i>states</i><script>alert(1)</script> <b>hedge",
            "keywords": ["hedging"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    submission = Submission.objects.get(pk=created.json()["id"])
    assert submission.title == "Hedging <!-- draft"
    assert submission.abstract == "<p>Small & <i>states</i> <b>hedge</b></p>"
    added = author.post(
        "/api/contributors/",
        {
            "submission": submission.pk,
            "given_names": "Pavel",
            "family_name": "Primerov",
            "bio": "Professor <img src=x onerror=alert(1)><!-- note",
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert Contributor.objects.get(pk=added.json()["id"]).bio == "Professor <!-- note"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("n<N and p<0.05", "<p>n&lt;N and p&lt;0.05</p>"),
        ("<!-- draft", "<p>&lt;!-- draft</p>"),
        ("<i>Homo</i> & co<script>alert(1)</script>", "<p><i>Homo</i> &amp; co</p>"),
    ],
)
def test_the_page_shows_stored_rich_text_as_typed_and_sanitized(stored, shown):
    from editorial.templatetags.editorial import richtext as richtext_filter

    assert richtext_filter(stored) == shown
