"""Rich text that authors may write (abstracts, bios): a small allow-list, sanitized by nh3."""

import nh3

ALLOWED_TAGS = {"i", "em", "b", "strong", "sub", "sup", "a", "br", "p", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """Keep italics, sub/superscripts and links; drop everything else, scripts included."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
    )
