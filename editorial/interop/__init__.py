"""Interoperability: JATS export and import, import from Crossref, OAI-PMH, sitemaps and feeds.

The XML here is built and read with lxml. JATS is written without a namespace, as typesetters and
PubMed Central exchange it; where a container demands a namespace (an OAI-PMH record) the same
tree is moved into Crossref's JATS namespace, for which the full JATS 1.3 schema is on disk.
"""
