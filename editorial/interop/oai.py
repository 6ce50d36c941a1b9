"""OAI-PMH 2.0: the protocol's arguments, errors, resumption tokens and envelope. No queries here.

The view (``views.oai``) reads the request through ``parse_request``, which either returns a
``Request`` or raises ``OaiError`` with the protocol's code; it then builds the answer with the
helpers below. Resumption tokens are signed (a harvester cannot forge one) and carry the whole
query plus the last id sent, so each page is a keyset query whatever its depth.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from lxml import etree

from editorial.richtext import xml_safe

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
RESUMPTION_SIGNER = "editorial.oai.resumption"

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
RESUMABLE = {"ListIdentifiers", "ListRecords", "ListSets"}
_PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
_SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class Request:
    verb: str
    arguments: dict[str, str]  # as received, echoed in <request>
    metadata_prefix: str = ""
    identifier: str = ""
    since: datetime.datetime | None = None  # inclusive
    before: datetime.datetime | None = None  # exclusive: the end of `until`'s second or day
    from_text: str = ""
    until_text: str = ""
    set_spec: str = ""
    after_id: int = 0
    cursor: int = 0


def parse_request(query) -> Request:
    """``query``: a QueryDict (GET or POST). Raises OaiError(badVerb | badArgument | badResumptionToken)."""
    verbs = query.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "The verb is missing, repeated or not one of OAI-PMH's six.")
    verb = verbs[0]
    arguments = {}
    for name, values in query.lists():
        if name == "verb":
            continue
        if len(values) != 1:
            raise OaiError("badArgument", f"The argument {name} is repeated.")
        arguments[name] = values[0]
    if "resumptionToken" in arguments:
        return _resume(verb, arguments)
    required, optional = VERBS[verb]
    illegal = sorted(set(arguments) - required - optional)
    if illegal:
        raise OaiError("badArgument", f"{verb} does not take {', '.join(illegal)}.")
    missing = sorted(required - set(arguments))
    if missing:
        raise OaiError("badArgument", f"{verb} needs {', '.join(missing)}.")
    if "metadataPrefix" in arguments and not _PREFIX.match(arguments["metadataPrefix"]):
        raise OaiError("badArgument", "metadataPrefix is not a metadata prefix.")
    if "set" in arguments and not _SET_SPEC.match(arguments["set"]):
        raise OaiError("badArgument", "set is not a setSpec (letters, digits and -_.!~*'() separated by colons).")
    request = Request(
        verb=verb,
        arguments=arguments,
        metadata_prefix=arguments.get("metadataPrefix", ""),
        identifier=arguments.get("identifier", ""),
        set_spec=arguments.get("set", ""),
    )
    return _with_dates(request, arguments.get("from", ""), arguments.get("until", ""))


def _with_dates(request: Request, from_text: str, until_text: str) -> Request:
    since = _moment(from_text, "from", end=False) if from_text else None
    before = _moment(until_text, "until", end=True) if until_text else None
    if from_text and until_text and len(from_text) != len(until_text):
        raise OaiError("badArgument", "from and until must have the same granularity.")
    if since and before and since >= before:
        raise OaiError("badArgument", "from is later than until.")
    return replace(request, since=since, before=before, from_text=from_text, until_text=until_text)


def _moment(text: str, name: str, *, end: bool) -> datetime.datetime:
    try:
        if _DAY.match(text):
            day = datetime.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=datetime.UTC)
            return day + datetime.timedelta(days=1) if end else day
        if _SECOND.match(text):
            moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
            return moment + datetime.timedelta(seconds=1) if end else moment
    except ValueError:
        pass
    raise OaiError("badArgument", f"{name} must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ).")


def _resume(verb: str, arguments: dict[str, str]) -> Request:
    if set(arguments) != {"resumptionToken"}:
        raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
    if verb not in RESUMABLE:
        raise OaiError("badArgument", f"{verb} takes no resumptionToken.")
    try:
        state = signing.loads(arguments["resumptionToken"], salt=RESUMPTION_SIGNER)
        if state["verb"] != verb:
            raise ValueError("another verb's token")
        request = Request(
            verb=verb,
            arguments=arguments,
            metadata_prefix=state["prefix"],
            set_spec=state["set"],
            after_id=int(state["after"]),
            cursor=int(state["cursor"]),
        )
        return _with_dates(request, state["from"], state["until"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, OaiError) as exc:
        raise OaiError("badResumptionToken", "The resumption token is not one this repository issued.") from exc


def resumption_token(request: Request, *, after_id: int, cursor: int) -> str:
    return signing.dumps(
        {
            "verb": request.verb,
            "prefix": request.metadata_prefix,
            "from": request.from_text,
            "until": request.until_text,
            "set": request.set_spec,
            "after": after_id,
            "cursor": cursor,
        },
        salt=RESUMPTION_SIGNER,
        compress=True,
    )


# --- Identifiers, datestamps and the envelope ----------------------------------------------------------


def repository_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


# The OAI-PMH schema's emailType (an XSD pattern matches the whole value): a domain with a dot.
ADMIN_EMAIL_PATTERN = re.compile(r"\S+@(\S+\.)+\S+")
# When no configured address fits: reserved for examples (RFC 2606), so a harvester's mail bounces
# visibly instead of reaching a stranger; the system check editorial.W001 says to set a real one.
FALLBACK_ADMIN_EMAIL = "editor@journal.example"


def is_admin_email(address: str | None) -> bool:
    return bool(address) and ADMIN_EMAIL_PATTERN.fullmatch(address) is not None


def admin_email(candidates) -> str:
    """The first address among ``candidates`` (an iterable, read lazily) that the schema accepts."""
    return next((address for address in candidates if is_admin_email(address)), FALLBACK_ADMIN_EMAIL)


def base_url() -> str:
    return f"{settings.SITE_URL}/oai"


def identifier_for(article_id: int) -> str:
    return f"oai:{repository_host()}:article/{article_id}"


def article_id_from(identifier: str) -> int | None:
    match = re.fullmatch(rf"oai:{re.escape(repository_host())}:article/(\d+)", identifier)
    return int(match.group(1)) if match else None


def datestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(request: Request | None, *, now: datetime.datetime) -> etree._Element:
    """<OAI-PMH> with responseDate and request; a request that failed badVerb/badArgument echoes no arguments."""
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    sub(root, "responseDate", datestamp(now))
    echoed = sub(root, "request", base_url())
    if request is not None:
        echoed.set("verb", request.verb)
        for name, value in sorted(request.arguments.items()):
            echoed.set(name, value)
    return root


def sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(
        parent, f"{{{OAI_NS}}}{name}", {key: xml_safe(value) for key, value in attributes.items()}
    )
    if text is not None:
        element.text = xml_safe(text)
    return element


def error_element(root: etree._Element, error: OaiError) -> None:
    sub(root, "error", error.message, code=error.code)


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
