"""The one module Django's admin autodiscovers: it brings in each domain's admin module.

Each domain registers its own models in its ``admin.py``; a domain above may extend the list of one
below it (deposits adds its "deposit now" actions to the issues and articles). The site's header
and titles are set in ``journal/urls.py``.
"""

from editorial.accounts import admin as accounts_admin  # noqa: F401
from editorial.deposits import admin as deposits_admin  # noqa: F401
from editorial.journals import admin as journals_admin  # noqa: F401
from editorial.mail import admin as mail_admin  # noqa: F401
from editorial.operations import admin as operations_admin  # noqa: F401
from editorial.outbox import admin as outbox_admin  # noqa: F401
from editorial.production import admin as production_admin  # noqa: F401
from editorial.publishing import admin as publishing_admin  # noqa: F401
from editorial.references import admin as references_admin  # noqa: F401
from editorial.review import admin as review_admin  # noqa: F401
from editorial.submissions import admin as submissions_admin  # noqa: F401
