"""The message-catalog script, shared by test_catalogs and test_reader_catalogs."""

from pathlib import Path

import pytest

from tests.foundation.test_catalogs import ROOT, load_update_catalogs
from tests.tools import require_gettext


@pytest.fixture(scope="session")
def catalogs():
    """scripts/update_catalogs as a module, one for the session, which
    finds the public msgids of this repository's packages (a makemessages run each) once: the
    repository's check and the reader-catalog tests both read them. Copies made by a test are
    searched afresh."""
    require_gettext()
    module = load_update_catalogs()
    search = module.public_msgids
    found = {}

    def public_msgids(repo, package, python):
        if Path(repo) != ROOT:
            return search(repo, package, python)
        if (package, python) not in found:
            found[package, python] = frozenset(search(repo, package, python))
        return set(found[package, python])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "public_msgids", public_msgids)
        yield module
