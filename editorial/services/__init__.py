"""Use cases: every write to the journal goes through a function here."""
