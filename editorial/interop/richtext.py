"""Abstracts between the stored form (plain text or sanitized HTML) and JATS paragraphs.

Plain text goes out as one <p> per blank-line-separated block and comes back the same way; HTML
keeps italics, bold, sub- and superscripts as their JATS elements, and comes back as HTML.
"""

from __future__ import annotations

from lxml import etree

from editorial.richtext import copy_inline, html_paragraphs

__all__ = ["append_jats_paragraphs", "copy_inline", "html_paragraphs", "inline_html", "plain_text", "stored_abstract"]

FROM_JATS = {"italic": "i", "bold": "b", "sub": "sub", "sup": "sup"}


def append_jats_paragraphs(parent: etree._Element, text: str) -> None:
    """One <p> per paragraph of ``text``, emphasis kept."""
    for paragraph in html_paragraphs(text):
        copy_inline(paragraph, etree.SubElement(parent, "p"))


def stored_abstract(paragraphs: list[etree._Element]) -> str:
    """JATS <p> elements back to the stored form: plain text when there is no emphasis, else HTML."""
    if not any(len(paragraph) for paragraph in paragraphs):
        return "\n\n".join(" ".join("".join(p.itertext()).split()) for p in paragraphs if "".join(p.itertext()).strip())
    return "".join(f"<p>{inline_html(paragraph)}</p>" for paragraph in paragraphs)


def inline_html(element: etree._Element) -> str:
    """The content of a JATS element as escaped HTML, emphasis kept, other elements reduced to text."""
    parts = [html_escape(element.text or "")]
    for child in element:
        name = FROM_JATS.get(etree.QName(child).localname) if isinstance(child.tag, str) else None
        if name:
            parts.append(f"<{name}>{inline_html(child)}</{name}>")
        elif isinstance(child.tag, str):
            parts.append(html_escape("".join(child.itertext())))
        parts.append(html_escape(child.tail or ""))
    return "".join(parts)


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_text(text: str) -> str:
    """The abstract without markup, paragraphs joined by a blank line (for Dublin Core and feeds)."""
    return "\n\n".join(" ".join(p.text_content().split()) for p in html_paragraphs(text))
