"""Whether the background work is running: workers' heartbeats, periodic jobs' last runs, the
queue and outbox, and each journal's Crossref mode, for the status page, the editors' banner and
the load balancers' /healthz and /readyz."""
