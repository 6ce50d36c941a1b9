"""Template filters for the public site."""

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from editorial.bibliography.parser import find_doi
from editorial.richtext import safe_html

register = template.Library()


@register.filter
def richtext(value: str) -> str:
    """Sanitized rich text; plain line breaks become paragraphs, as printed."""
    if not value:
        return ""
    cleaned = safe_html(value)
    if "<p" not in cleaned:
        cleaned = linebreaks(cleaned, autoescape=False)
    return mark_safe(cleaned)  # noqa: S308  (nh3 has removed everything outside the allow-list)


@register.simple_tag
def reference_text(reference) -> str:
    """The reference exactly as printed, its DOI made a link to https://doi.org/ where it stands."""
    text = reference.raw_text
    # A reference saved before its DOI was parsed out still prints one: link what is printed.
    doi = reference.doi or find_doi(text)
    if not doi:
        return format_html("{}", text)
    link = format_html('<a class="ref-doi" href="https://doi.org/{}">{}</a>', doi, doi)
    start = text.lower().find(doi.lower())
    if start < 0:
        return format_html("{} {}", text, link)
    end = start + len(doi)
    link = format_html('<a class="ref-doi" href="https://doi.org/{}">{}</a>', doi, text[start:end])
    return format_html("{}{}{}", text[:start], link, text[end:])
