"""The reference check: requesting and running a check of a submission's references against Crossref,
its results, the editor's report and suggested DOIs.

Reading and matching the references themselves is plain Python in ``editorial.bibliography``.
"""
