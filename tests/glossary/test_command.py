"""`glossary import PATH (--city SLUG | --shared)` and
`glossary export (--city SLUG | --shared) --format csv|tbx --output PATH`."""

import pytest
from django.core.management import CommandError, call_command

from localization.glossary.models import Term
from tests.glossary.conftest import make_term
from tests.glossary.test_exchange import snapshot

pytestmark = pytest.mark.usefixtures("in_english")


def test_export_then_import_into_the_shared_glossary(augsburg, tmp_path, capsys):
    make_term("Kita", city=augsburg, note="Kindertagesstätte", en="nursery", ar="حضانة")
    output = tmp_path / "out" / "augsburg.tbx"

    call_command("glossary", "export", "--city", "augsburg", "--format", "tbx", "--output", output)
    call_command("glossary", "import", str(output), "--shared")

    assert snapshot(None) == snapshot(augsburg) != {}
    assert "Imported augsburg.tbx: 1 added, 0 updated, 0 unchanged." in capsys.readouterr().out


def test_import_prints_every_replaced_value(augsburg, tmp_path, capsys):
    make_term("Kita", city=augsburg, en="nursery")
    path = tmp_path / "g.csv"
    path.write_text("source,en\nKita,day care\n", encoding="utf-8")

    call_command("glossary", "import", str(path), "--city", "augsburg")

    out = capsys.readouterr().out
    assert "Replaced: g.csv, line 2: Kita (en) 'nursery' → 'day care'" in out
    assert "1 updated" in out


def test_export_of_the_shared_glossary_as_csv(augsburg, tmp_path):
    make_term("Jobcenter", do_not_translate=True)
    make_term("Kita", city=augsburg, en="nursery")
    output = tmp_path / "shared.csv"

    call_command("glossary", "export", "--shared", "--format", "csv", "--output", output)

    assert output.read_text(encoding="utf-8").splitlines() == [
        "source,source_language,note,do_not_translate",
        "Jobcenter,de,,yes",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "missing.csv", "--city", "augsburg"], "No such file: missing.csv"),
        (["import", "x.csv", "--city", "ulm"], "There is no city 'ulm'"),
        (["export", "--city", "augsburg", "--format", "xml", "--output", "x"], "invalid choice"),
        (["import", "x.csv", "--city", "augsburg", "--shared"], "not allowed with argument"),
        (["import", "x.csv"], "one of the arguments --city --shared is required"),
    ],
)
def test_bad_arguments_are_named(augsburg, in_english, args, message):
    with pytest.raises(CommandError) as error:
        call_command("glossary", *args)
    assert message in str(error.value)


def test_a_bad_file_is_a_command_error_and_writes_nothing(augsburg, in_english, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("source,en\nKita,nursery\n,empty\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"bad\.csv, line 3: the term is empty\."):
        call_command("glossary", "import", str(path), "--city", "augsburg")
    assert not Term.objects.exists()
