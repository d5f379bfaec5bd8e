"""A clone anywhere must work: nothing in the project reads files from outside the repository."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"\.\./shared|[\"']shared[\"'] */|/ *[\"']shared[\"']|parents\[\d\]\.parent")


def tracked_files():
    listed = subprocess.run(
        ["git", "ls-files", "*.py", "*.toml", "*.cfg", "*.ini", ".ci/*", "*.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed]


def test_no_project_file_reads_the_shared_folder_beside_the_repository():
    files = tracked_files()
    assert any(path.name == "validation.py" for path in files)  # the listing really lists
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_the_xliff_schemas_the_tests_validate_against_are_in_the_repository():
    from tests.xliff import validation

    assert validation.SCHEMAS.is_relative_to(ROOT)
    assert (validation.SCHEMAS / "1.2" / "xliff-core-1.2-strict.xsd").is_file()
    assert (validation.SCHEMAS / "2.0" / "xliff_core_2.0.xsd").is_file()
    assert (validation.SCHEMAS / "NOTICE.md").is_file()
