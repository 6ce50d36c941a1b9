"""Abstracts between the stored form (plain text or sanitized HTML) and JATS paragraphs.

Plain text goes out as one <p> per blank-line-separated block and comes back the same way; HTML
keeps italics, bold, sub- and superscripts as their JATS elements, and comes back as HTML.
"""

from __future__ import annotations

import re

from lxml import etree, html

HTML_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
TO_JATS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "sub": "sub", "sup": "sup"}
FROM_JATS = {"italic": "i", "bold": "b", "sub": "sub", "sup": "sup"}


def html_paragraphs(text: str) -> list[etree._Element]:
    """The stored abstract's paragraphs as HTML <p> elements."""
    if "<" not in text:
        return [_paragraph(" ".join(block.split())) for block in re.split(r"\n\s*\n", text) if block.strip()]
    container = html.fragment_fromstring(text, create_parent="div")
    paragraphs, loose = [], _paragraph(container.text or "")
    for child in container:
        if isinstance(child.tag, str) and child.tag in HTML_BLOCKS:
            paragraphs += [loose, child]
            loose = _paragraph(child.tail or "")
        else:
            loose.append(_detached(child))
    paragraphs.append(loose)
    return [paragraph for paragraph in paragraphs if paragraph.text_content().strip()]


def _paragraph(text: str) -> etree._Element:
    paragraph = html.Element("p")
    paragraph.text = text
    return paragraph


def _detached(element: etree._Element) -> etree._Element:
    copy = html.fromstring(html.tostring(element))
    copy.tail = element.tail
    return copy


def append_jats_paragraphs(parent: etree._Element, text: str) -> None:
    """One <p> per paragraph of ``text``, emphasis kept."""
    for paragraph in html_paragraphs(text):
        copy_inline(paragraph, etree.SubElement(parent, "p"))


def copy_inline(source: etree._Element, target: etree._Element) -> None:
    """Text and inline emphasis of one HTML element into a JATS element; other markup keeps its text."""
    target.text = (target.text or "") + (source.text or "")
    last = None
    for child in source:
        if isinstance(child.tag, str) and child.tag in TO_JATS:
            last = etree.SubElement(target, TO_JATS[child.tag])
            copy_inline(child, last)
        elif isinstance(child.tag, str):
            _append(target, last, child.text_content())
        _append(target, last, child.tail)


def _append(target: etree._Element, last: etree._Element | None, text: str | None) -> None:
    if not text:
        return
    if last is None:
        target.text = (target.text or "") + text
    else:
        last.tail = (last.tail or "") + text


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
