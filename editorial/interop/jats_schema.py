"""JATS 1.3 Journal Publishing, as a namespaced tree and checked against the schema on disk.

Crossref's schema bundle carries the full JATS 1.3 Journal Publishing XSD in the namespace
Crossref uses for JATS (``http://www.ncbi.nlm.nih.gov/JATS1``). JATS files themselves have no
namespace; moving the elements into that namespace lets the same schema check an export, and is
the form an OAI-PMH record needs (its metadata must be namespaced). The namespaced copy drops
``dtd-version``: the bundled schema is the last draft of 1.3 (the same model), whose list of
versions predates the final "1.3", and the namespace already says what the tree is.
"""

from __future__ import annotations

import copy
import functools
import threading

from lxml import etree

from editorial.crossref.schema import SCHEMA_DIR

JATS_NS = "http://www.ncbi.nlm.nih.gov/JATS1"
JATS_SCHEMA = SCHEMA_DIR / "JATS-journalpublishing1-3d2-mathml3.xsd"
# Where Crossref publishes the same schema (beside crossref5.3.1.xsd, which imports it by this name).
JATS_SCHEMA_URL = "https://www.crossref.org/schemas/JATS-journalpublishing1-3d2-mathml3.xsd"
_lock = threading.Lock()


def namespaced(article: etree._Element) -> etree._Element:
    """A copy of a JATS tree whose unqualified elements are in the JATS namespace."""
    result = copy.deepcopy(article)
    for element in result.iter():
        if isinstance(element.tag, str) and not etree.QName(element).namespace:
            element.tag = f"{{{JATS_NS}}}{element.tag}"
    nsmap = {None: JATS_NS, **{k: v for k, v in (article.nsmap or {}).items() if k}}
    rebuilt = etree.Element(result.tag, result.attrib, nsmap=nsmap)
    rebuilt.attrib.pop("dtd-version", None)  # the namespace and schema location say which model it is
    rebuilt.text = result.text
    rebuilt.extend(list(result))
    etree.cleanup_namespaces(rebuilt)
    return rebuilt


@functools.cache
def compiled_schema() -> etree.XMLSchema:
    """Compiled once per process: it takes a few seconds."""
    return etree.XMLSchema(etree.parse(str(JATS_SCHEMA), etree.XMLParser(no_network=True)))


def schema_errors(article: etree._Element) -> list[str]:
    """What the JATS 1.3 schema finds wrong with an (unnamespaced) export; empty when valid."""
    document = namespaced(article)
    schema = compiled_schema()
    with _lock:
        if schema.validate(document):
            return []
        return [f"line {entry.line}: {entry.message}" for entry in schema.error_log]
