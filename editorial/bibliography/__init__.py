"""Reading and checking reference lists: plain Python (no models, no services).

The parser splits and reads a printed list, matching compares a cited work with a registered one
(across scripts and transliterations), the checker looks a list up in Crossref through a REST client
it is given. Submissions parse references as they are saved; the references domain runs checks.
"""
