"""Crossref: deposit XML, the deposit client and the REST client. Plain Python, no models."""
