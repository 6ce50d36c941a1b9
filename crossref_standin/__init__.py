"""A local HTTP server that behaves like Crossref, for tests and the offline demo.

It answers on 127.0.0.1 only. Nothing here is imported by the application.
"""
