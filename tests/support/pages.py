"""Helpers for reading the public pages in tests: visible text, meta tags, JSON-LD, canonical paths."""

import json

import lxml.html

from editorial.publishing.links import article_url

HUMAN = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def page_url(article) -> str:
    return article_url(article)


def parse(html: str):
    return lxml.html.fromstring(html)


def normalized(text: str) -> str:
    return " ".join(text.split())


def visible_text(html: str) -> str:
    """The body's text as a reader sees it, whitespace collapsed (list numbers are not text)."""
    body = parse(html).find("body")
    for element in body.xpath(".//script|.//style"):
        element.drop_tree()
    return normalized(body.text_content())


def meta(html: str, name: str, attribute: str = "name") -> list[str]:
    return [element.get("content") for element in parse(html).xpath(f"//meta[@{attribute}=$name]", name=name)]


def json_ld(html: str) -> dict:
    (script,) = parse(html).xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)
