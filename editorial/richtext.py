"""Rich text that authors may write (abstracts, bios, titles with a species name in italics).

Stored text is either plain text, taken as typed (``x < y`` and ``War & Peace`` included), or a
small allow-list of HTML sanitized by nh3. Text is markup when it holds a tag, a comment or
declaration, or a character reference; anything else is plain. ``clean`` gives the stored form of
text on its way in; ``html_paragraphs`` and ``copy_inline`` read any stored text on its way out
to XML (JATS, a Crossref deposit) and never fail: what is not markup they can keep is escaped text.
"""

from __future__ import annotations

import copy
import html as html_lib
import re

import nh3
from lxml import etree, html

ALLOWED_TAGS = {"i", "em", "b", "strong", "sub", "sup", "a", "br", "p", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
HTML_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
TO_JATS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "sub": "sub", "sup": "sup"}

# A whole tag (<i>, </i>, <a href="...">), a comment or declaration opener, or a character reference;
# "x<y" or "a < b" in a formula is text.
_MARKUP = re.compile(r"<(?:/?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|[!?])|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_HARMLESS_ESCAPE = re.compile(r"&amp;(?!#?\w+;)|&gt;")
_TAG = re.compile(r"<[A-Za-z/]")
_DECLARATION = re.compile(r"<(?=[!?])")  # <!-- <![CDATA[ <!DOCTYPE <?pi: would swallow what follows
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sanitize(html_text: str) -> str:
    """Keep italics, sub/superscripts and links; drop everything else, scripts included."""
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
    )


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text)


def is_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def clean(text: str) -> str:
    """The stored form of rich text typed or imported: plain text as it is, markup sanitized.

    A comment or CDATA opener is kept as the characters typed, not allowed to swallow the rest;
    markup that sanitizes down to no tag at all is stored as the plain text it stands for. A bare
    ``&`` or ``>`` stays as typed (only ``<`` can open markup), so that a title read as plain text,
    in an e-mail, says "War & Peace", not "War &amp; Peace".
    """
    text = xml_safe(text)
    if not is_markup(text):
        return text
    cleaned = sanitize(_DECLARATION.sub("&lt;", text))
    if not _TAG.search(cleaned):
        return html_lib.unescape(cleaned)
    return _HARMLESS_ESCAPE.sub(lambda match: "&" if match[0] == "&amp;" else ">", cleaned)


def safe_html(text: str) -> str:
    """Stored text as HTML a page can show: plain text escaped, markup sanitized, a comment or CDATA
    opener shown as typed."""
    if not is_markup(text):
        return html_lib.escape(text, quote=False)
    return sanitize(_DECLARATION.sub("&lt;", text))


# --- Reading stored text, for XML exports ---------------------------------------------------------


def html_paragraphs(text: str) -> list[etree._Element]:
    """Stored text's paragraphs as HTML <p> elements: <p> blocks, or plain text split at blank lines."""
    text = xml_safe(text or "")
    if not is_markup(text):
        return _plain_paragraphs(text)
    cleaned = nh3.clean(_DECLARATION.sub("&lt;", text), tags=ALLOWED_TAGS | HTML_BLOCKS, attributes={}, link_rel=None)
    if not cleaned.strip():
        return []
    try:
        container = html.fragment_fromstring(cleaned, create_parent="div")
    except (etree.ParserError, ValueError):  # nh3's output is well-formed; a parser that still objects gets text
        return _plain_paragraphs(text)
    paragraphs, loose = [], _paragraph(container.text or "")
    for child in container:
        if not isinstance(child.tag, str):
            loose.append(copy.deepcopy(child))
        elif child.tag in HTML_BLOCKS:
            paragraphs += [loose, child]
            loose = _paragraph(child.tail or "")
        else:
            loose.append(copy.deepcopy(child))
    paragraphs.append(loose)
    return [paragraph for paragraph in paragraphs if paragraph.text_content().strip()]


def _plain_paragraphs(text: str) -> list[etree._Element]:
    return [_paragraph(" ".join(block.split())) for block in re.split(r"\n\s*\n", text) if block.strip()]


def _paragraph(text: str) -> etree._Element:
    paragraph = html.Element("p")
    paragraph.text = text
    return paragraph


def copy_inline(source: etree._Element, target: etree._Element, *, namespace: str = "") -> None:
    """Text and inline emphasis of one HTML element into a JATS element; other markup keeps its text.

    ``namespace``: the JATS namespace the target's emphasis elements take ('' for none).
    """
    target.text = (target.text or "") + (source.text or "")
    last = None
    for child in source:
        if isinstance(child.tag, str) and child.tag in TO_JATS:
            name = TO_JATS[child.tag]
            last = etree.SubElement(target, f"{{{namespace}}}{name}" if namespace else name)
            copy_inline(child, last, namespace=namespace)
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
