"""Production settings refuse to start unsafe, and the README documents what they require.

Each case imports the settings module in a fresh interpreter with exactly the environment given,
as gunicorn would.
"""

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import clear_url_caches

import cityguide.urls

ROOT = Path(__file__).resolve().parents[2]
FULL_ENV = {
    "SECRET_KEY": "x" * 60,
    "DATABASE_URL": "postgres://cityguide@db.internal:5432/cityguide",
    "ALLOWED_HOSTS": "cityguide.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/8",
    "PUBLIC_URL": "https://cityguide.example.org/",
}
READ_SETTINGS = """
import importlib, json
s = importlib.import_module("cityguide.settings.production")
db = s.DATABASES["default"]
print(json.dumps({
    "required": sorted(s.REQUIRED_ENV),
    "health_checks": db.get("CONN_HEALTH_CHECKS"),
    "options": db.get("OPTIONS", {}).get("options"),
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"].get("LOCATION"),
    "tasks": s.TASKS["default"]["BACKEND"],
    "public_url": s.CITYGUIDE_PUBLIC_URL,
    "api_base_url": s.WAGTAILAPI_BASE_URL,
    "admin_base_url": s.WAGTAILADMIN_BASE_URL,
    "task_app": "django_tasks_db" in s.INSTALLED_APPS,
    "middleware": s.MIDDLEWARE,
    "serve_media": s.SERVE_MEDIA,
}))
"""


def load_production(env):
    """(returncode, stdout, stderr) of importing the production settings with `env` only."""
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    completed = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return completed.returncode, completed.stdout, completed.stderr


def test_production_settings_with_every_variable_are_safe():
    code, out, err = load_production(FULL_ENV)
    assert code == 0, err
    loaded = json.loads(out)
    assert loaded["health_checks"] is True
    assert loaded["options"] == "-c statement_timeout=20000 -c lock_timeout=5000"
    assert loaded["cache"] == "guides.api.cache.FaultTolerantRedisCache"
    assert loaded["cache_location"] == "redis://127.0.0.1:6379/8"
    assert loaded["tasks"] == "django_tasks_db.DatabaseBackend"
    assert loaded["task_app"] is True
    assert loaded["public_url"] == "https://cityguide.example.org"
    assert loaded["api_base_url"] == "https://cityguide.example.org"
    assert loaded["admin_base_url"] == "https://cityguide.example.org"
    assert loaded["middleware"][-1] == "cityguide.db_timeouts.DatabaseTimeoutMiddleware"
    assert loaded["serve_media"] is False


def test_database_timeouts_and_media_serving_come_from_the_environment():
    env = {
        **FULL_ENV,
        "DB_STATEMENT_TIMEOUT_MS": "15000",
        "DB_LOCK_TIMEOUT_MS": "750",
        "SERVE_MEDIA": "true",
    }
    code, out, err = load_production(env)
    assert code == 0, err
    loaded = json.loads(out)
    assert loaded["options"] == "-c statement_timeout=15000 -c lock_timeout=750"
    assert loaded["serve_media"] is True


@pytest.mark.parametrize(
    "name", ["REDIS_URL", "PUBLIC_URL", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"]
)
def test_production_refuses_to_start_without_a_required_variable(name):
    env = {k: v for k, v in FULL_ENV.items() if k != name}
    code, out, err = load_production(env)
    assert code == 1
    assert out == ""
    last_line = err.strip().splitlines()[-1]
    assert last_line.startswith(
        "django.core.exceptions.ImproperlyConfigured: "
        "Production settings need these environment variables: "
    )
    assert f"{name} (" in last_line


def test_production_refuses_an_empty_variable_as_unset():
    code, _out, err = load_production({**FULL_ENV, "REDIS_URL": "  "})
    assert code == 1
    assert "environment variables: REDIS_URL (" in err


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"PUBLIC_URL": "cityguide.example.org"},
            "PUBLIC_URL must be an http(s) address such as https://cityguide.example.org, "
            "not 'cityguide.example.org'.",
        ),
        (
            {"DB_LOCK_TIMEOUT_MS": "5s"},
            "DB_LOCK_TIMEOUT_MS must be a positive number of milliseconds, not '5s'.",
        ),
        (
            {"DB_STATEMENT_TIMEOUT_MS": "0"},
            "DB_STATEMENT_TIMEOUT_MS must be a positive number of milliseconds, not '0'.",
        ),
        ({"DEBUG": "true"}, "DEBUG must be off in production settings."),
    ],
)
def test_production_refuses_bad_values_with_a_clear_message(env, message):
    code, _out, err = load_production({**FULL_ENV, **env})
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: {message}"
    )


def readme_required_variables():
    """The backticked names in the README's 'Required environment variables' list."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(
        r"^### Required environment variables\n(.*?)(?=^#)", text, re.MULTILINE | re.DOTALL
    )
    assert section, "README.md has no '### Required environment variables' section"
    return sorted(re.findall(r"^- `([A-Z_]+)`", section.group(1), re.MULTILINE))


def test_readme_documents_exactly_the_variables_production_requires():
    code, out, err = load_production(FULL_ENV)
    assert code == 0, err
    assert readme_required_variables() == json.loads(out)["required"]


def test_readme_production_section_covers_collectstatic_media_and_the_worker():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Production\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '## Production' section"
    body = section.group(1)
    assert "manage.py collectstatic --noinput" in body
    assert "manage.py migrate" in body
    assert "manage.py db_worker" in body
    assert "location /media/" in body
    assert "SERVE_MEDIA" in body


@pytest.fixture
def media_urls(settings, tmp_path):
    """The URLconf rebuilt for settings.SERVE_MEDIA (the test sets it), with a file in media."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "plan.txt").write_bytes(b"Stadtplan")

    def build(serve_media):
        settings.SERVE_MEDIA = serve_media
        importlib.reload(cityguide.urls)
        clear_url_caches()

    yield build
    settings.SERVE_MEDIA = False
    importlib.reload(cityguide.urls)
    clear_url_caches()


def test_serve_media_makes_django_serve_uploaded_files(media_urls, client):
    media_urls(True)
    response = client.get("/media/original_images/plan.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Stadtplan"


def test_without_serve_media_django_leaves_media_to_the_web_server(media_urls, client):
    media_urls(False)
    response = client.get("/media/original_images/plan.txt")
    assert response.status_code == 404
