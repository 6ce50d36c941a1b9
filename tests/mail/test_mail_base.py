"""Every e-mail is written on one plain-text base (templates/mail/base.txt): its kind's text, then
the journal's signature."""

from pathlib import Path

import pytest

from editorial.mail import catalogue
from editorial.mail.render import render_email

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("kind", sorted(catalogue.kinds()))
def test_every_email_extends_the_mail_base(kind):
    source = (TEMPLATES / f"{catalogue.template_base(kind)}.txt").read_text()
    assert source.startswith('{% extends "mail/base.txt" %}')


def test_an_email_ends_with_the_journals_signature():
    class Journal:
        title = "Lomonosov World Politics Journal"

    _subject, body = render_email("withdrawal_notice", {"journal": Journal(), "submission": None, "editor_url": "x"})
    assert body.endswith("\n-- \nLomonosov World Politics Journal\n")
    assert body.count("-- \n") == 1
