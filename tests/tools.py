"""System tools some tests need (Chromium, Pango, pdftotext, axe-core, OmegaT): skipped where
missing, with the reason, unless a CITYGUIDE_REQUIRE_… variable says this machine must have them
(CI sets them), in which case a missing tool is a failure."""

import os
import shutil
from pathlib import Path

import pytest


def unavailable(reason, *, required_by):
    """Skip, or fail where the environment variable `required_by` is "1"."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{required_by}=1, but {reason}.", pytrace=False)
    pytest.skip(reason)


def weasyprint_error():
    """Why WeasyPrint cannot render here (Pango is a system library), or None."""
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        return str(error)
    return None


def require_pdf_rendering():
    error = weasyprint_error()
    if error:
        unavailable(
            f"WeasyPrint cannot load Pango (apt-get install libpango-1.0-0): {error}",
            required_by="CITYGUIDE_REQUIRE_PDF",
        )


def require_pdftotext():
    path = shutil.which("pdftotext")
    if not path:
        unavailable(
            "pdftotext is missing (apt-get install poppler-utils)",
            required_by="CITYGUIDE_REQUIRE_PDF",
        )
    return path


AXE_SCRIPT = (
    Path(__file__).resolve().parent / "e2e" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
)


def require_axe():
    """The path of axe-core's script (npm, tests/e2e/axe), which `.ci/run` installs."""
    if not AXE_SCRIPT.is_file():
        unavailable(
            "axe-core is missing (npm ci --prefix tests/e2e/axe)",
            required_by="CITYGUIDE_REQUIRE_AXE",
        )
    return AXE_SCRIPT


def require_gettext():
    """xgettext, msgmerge and msgfmt (makemessages and compilemessages run them)."""
    missing = [tool for tool in ("xgettext", "msgmerge", "msgfmt") if not shutil.which(tool)]
    if missing:
        unavailable(
            f"{', '.join(missing)} missing (apt-get install gettext)",
            required_by="CITYGUIDE_REQUIRE_GETTEXT",
        )


def require_omegat():
    path = shutil.which("omegat")
    if not path:
        unavailable(
            "OmegaT is missing (apt-get install omegat)", required_by="CITYGUIDE_REQUIRE_OMEGAT"
        )
    return path


def require_python_module(name, *, required_by, install):
    """A test-only Python package (translate-toolkit is GPL: never a runtime dependency)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        unavailable(f"{name} is not installed (pip install {install})", required_by=required_by)
