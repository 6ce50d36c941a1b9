"""Reference lists: parsing pasted text, and checking each reference against Crossref.

Plain Python: nothing here imports Django models, so the parts can be tested and benchmarked alone.
"""
