"""Harvesting /oai as a harvester does: each response checked against the OAI-PMH schema (and the
schemas of the formats it carries, kept under tests/interop/schemas/)."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "interop" / "schemas"
NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "j": "http://www.ncbi.nlm.nih.gov/JATS1",
}


@functools.cache
def harvest_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "harvest.xsd"), etree.XMLParser(no_network=True)))


def oai(client, method="get", **arguments) -> etree._Element:
    """The response to an OAI-PMH request, checked against the OAI-PMH schema (and the formats' schemas)."""
    response = getattr(client, method)("/oai", arguments)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    schema = harvest_schema()
    assert schema.validate(root), [str(error) for error in schema.error_log]
    return root


def error_code(root) -> str:
    return root.find("o:error", NS).get("code")
