"""The budget: refused up front, top-ups, renewal, and two jobs racing for the last
characters on PostgreSQL."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import translation
from wagtail.models import Locale

from localization.mt import budget
from localization.mt.models import TranslationBudget
from localization.mt.service import plan_job, translate_pages
from localization.status import Status
from localization.tracking import get_status
from tests.conftest import make_page
from tests.mt.conftest import set_up_mt

WAIT = 20


def en():
    return Locale.objects.get(language_code="en")


@pytest.mark.django_db
def test_a_job_over_the_budget_is_refused_up_front_and_sends_nothing(
    augsburg, deepl_server, settings, in_english
):
    settings.CITYGUIDE_MT_BACKENDS = {
        "deepl": {
            "CLASS": "localization.mt.backends.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": "test-key", "SERVER_URL": deepl_server.url},
        }
    }
    page = make_page(augsburg, "Wohnungssuche")
    set_up_mt(augsburg, backend="deepl", characters=10)

    with pytest.raises(budget.BudgetExceeded) as refused:
        translate_pages(augsburg, en(), [page])

    needed = plan_job(augsburg, en(), [page]).characters
    assert f"needs {needed} characters" in str(refused.value)
    assert "only 10 left" in str(refused.value)
    assert deepl_server.requests == []
    assert TranslationBudget.objects.get(city=augsburg).used_characters == 0
    assert get_status(page, en()) == Status.MISSING


@pytest.mark.django_db
def test_a_city_without_a_budget_is_refused_with_a_message(augsburg, in_english):
    page = make_page(augsburg, "Kita")
    set_up_mt(augsburg)
    TranslationBudget.objects.filter(city=augsburg).delete()

    with pytest.raises(budget.BudgetExceeded, match="has no machine translation budget"):
        translate_pages(augsburg, en(), [page])


@pytest.mark.django_db
def test_usage_is_taken_from_the_month_then_from_top_ups(augsburg):
    set_up_mt(augsburg, characters=100)
    budget.add_top_up(augsburg, 50)
    today = datetime.date(2026, 11, 20)

    budget.reserve(augsburg, 120, today=today)

    stored = TranslationBudget.objects.get(city=augsburg)
    assert (stored.used_characters, stored.top_up_characters) == (100, 30)
    with pytest.raises(budget.BudgetExceeded):
        budget.reserve(augsburg, 31, today=today)
    budget.reserve(augsburg, 30, today=today)
    assert TranslationBudget.objects.get(city=augsburg).remaining == 0


@pytest.mark.django_db
def test_the_month_renews_on_its_renewal_day_and_top_ups_carry_over(augsburg):
    set_up_mt(augsburg, characters=100, top_up=10)
    TranslationBudget.objects.filter(city=augsburg).update(renewal_day=15)
    budget.reserve(augsburg, 105, today=datetime.date(2026, 11, 14))  # period from Oct 15

    assert budget.usage_for(augsburg, today=datetime.date(2026, 11, 14)).remaining == 5
    renewed = budget.usage_for(augsburg, today=datetime.date(2026, 11, 15))
    assert (renewed.used, renewed.remaining) == (0, 105)
    assert renewed.renews_on == datetime.date(2026, 12, 15)
    budget.reserve(augsburg, 100, today=datetime.date(2026, 11, 15))
    assert TranslationBudget.objects.get(city=augsburg).top_up_characters == 5


@pytest.mark.django_db
def test_a_top_up_must_be_positive(augsburg, in_english):
    with pytest.raises(ValueError, match="positive"):
        budget.add_top_up(augsburg, 0)


class PauseAfterBudgetRead:
    """Holds a thread after it read the budget row, so that the other thread reads it too
    before this one writes: without a row lock both would see the same characters left."""

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("SELECT") and "mt_translationbudget" in sql:
            time.sleep(0.5)
        return result


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_jobs_racing_for_the_budget_cannot_overspend(augsburg):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions are tested on PostgreSQL")
    pages = [make_page(augsburg, "Bürgeramt"), make_page(augsburg, "Jobcenter")]
    costs = [plan_job(augsburg, en(), [page]).characters for page in pages]
    set_up_mt(augsburg, characters=max(costs) + min(costs) - 1)
    barrier = threading.Barrier(2)
    results, errors = {}, []

    def job(index):
        try:
            with translation.override("en"):
                barrier.wait(timeout=WAIT)
                with connection.execute_wrapper(PauseAfterBudgetRead()):
                    translate_pages(augsburg, en(), [pages[index]])
                results[index] = "done"
        except budget.BudgetExceeded as error:
            results[index] = str(error)
        except BaseException as error:  # noqa: BLE001 - any failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=job, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=4 * WAIT)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]

    done = [index for index, result in results.items() if result == "done"]
    assert len(done) == 1, results
    refused = 1 - done[0]
    assert "Nothing was translated" in results[refused]
    stored = TranslationBudget.objects.get(city=augsburg)
    assert stored.used_characters == costs[done[0]]
    assert get_status(pages[done[0]], en()) == Status.MACHINE_TRANSLATED
    assert get_status(pages[refused], en()) == Status.MISSING
