"""The editorial app: every model and every use case of the journal system."""
