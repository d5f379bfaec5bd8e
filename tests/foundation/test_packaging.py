"""A non-editable install (a wheel) carries every package, template and data file."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_python_package_is_listed_for_installation():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = set()
    for name, folder in setuptools["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join((name, *relative.parts)))
    assert "guides.api" in found  # subpackages are really looked for
    assert sorted(setuptools["packages"]) == sorted(found)


def test_every_template_static_and_locale_folder_is_package_data():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {
        path.relative_to(ROOT)
        for top in set(setuptools["package-dir"].values())
        for kind in ("templates", "static", "locale")
        for path in (ROOT / top).rglob(kind)
        if path.is_dir() and kind not in path.parent.relative_to(ROOT).parts
    }
    declared = set()
    for package, patterns in setuptools["package-data"].items():
        folder = Path(setuptools["package-dir"][package.split(".")[0]], *package.split(".")[1:])
        declared |= {folder / pattern.split("/")[0] for pattern in patterns}
    assert Path("guides/pdf/templates") in folders
    assert Path("guides/locale") in folders
    assert folders <= declared
