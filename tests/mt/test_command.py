"""`manage.py machine_translate` on the same service."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale

from localization.status import Status
from localization.tracking import get_status
from tests.conftest import make_page
from tests.mt.conftest import set_up_mt

pytestmark = pytest.mark.django_db


def en():
    return Locale.objects.get(language_code="en")


def test_command_translates_the_pages_asked_for(augsburg, capsys, in_english):
    first, second = make_page(augsburg, "Eins"), make_page(augsburg, "Zwei")
    set_up_mt(augsburg)

    call_command(
        "machine_translate", "--city", "augsburg", "--language", "en", "--pages", str(first.pk)
    )

    assert "1 of 1 page(s) translated" in capsys.readouterr().out
    assert get_status(first, en()) == Status.MACHINE_TRANSLATED
    assert get_status(second, en()) == Status.MISSING


def test_command_takes_only_the_status_asked_for(augsburg, capsys, in_english):
    page = make_page(augsburg, "Drei")
    set_up_mt(augsburg)
    call_command("machine_translate", "--city", "augsburg", "--language", "en")
    capsys.readouterr()

    call_command(
        "machine_translate", "--city", "augsburg", "--language", "en", "--status", "missing"
    )

    assert "Nothing to translate" in capsys.readouterr().out
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--city", "nowhere", "--language", "en"], "Unknown city 'nowhere'"),
        (["--city", "augsburg", "--language", "uk"], "does not offer the language “uk”"),
        (["--city", "augsburg", "--language", "en", "--pages", "x"], "--pages takes page ids"),
        (["--city", "augsburg", "--language", "en", "--pages", "999999"], "999999"),
        (["--city", "augsburg", "--language", "ar"], "no machine translation set up"),
    ],
)
def test_command_bad_input_is_a_clear_error(augsburg, arguments, message, in_english):
    make_page(augsburg, "Vier")
    set_up_mt(augsburg)

    with pytest.raises(CommandError, match=message):
        call_command("machine_translate", *arguments)


def test_command_refuses_a_job_over_the_budget(augsburg, in_english):
    page = make_page(augsburg, "Fünf")
    set_up_mt(augsburg, characters=3)

    with pytest.raises(CommandError, match="Nothing was translated"):
        call_command("machine_translate", "--city", "augsburg", "--language", "en")
    assert get_status(page, en()) == Status.MISSING
