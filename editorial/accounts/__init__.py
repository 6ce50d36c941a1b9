"""Accounts: sign-up with a confirmed e-mail address, sign-in by user name or address, password
reset, e-mail change and sign-out, all django-allauth's flows fitted to this site (its pages, its
e-mail on the outbox with links on ``SITE_URL``, the journal's sign-up switch and privacy consent)."""
