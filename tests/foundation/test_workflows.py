"""The workflow of a page (guides.workflows): Wagtail's answer, in one query per page object."""

from wagtail.models import Page, Workflow, WorkflowPage

from guides.models import GuidePage
from tests.conftest import make_page


def wagtails_answer(page):
    page = Page.objects.get(pk=page.pk)  # a plain Page: Wagtail's own methods
    return page.get_workflow(), page.has_workflow


def ours(page):
    page = GuidePage.objects.get(pk=page.pk)
    return page.get_workflow(), page.has_workflow


def test_the_workflow_is_wagtails_for_every_assignment(augsburg):
    section = make_page(augsburg, "Bereich")
    page = make_page(section, "Seite")
    WorkflowPage.objects.all().delete()  # Wagtail's default on the root: set per case below
    answers = [(wagtails_answer(page), ours(page))]

    on_city = Workflow.objects.create(name="Stadt")
    WorkflowPage.objects.create(page=augsburg, workflow=on_city)
    answers.append((wagtails_answer(page), ours(page)))

    on_section = Workflow.objects.create(name="Bereich")
    WorkflowPage.objects.create(page=section, workflow=on_section)
    answers.append((wagtails_answer(page), ours(page)))

    inactive = Workflow.objects.create(name="Ruht", active=False)
    WorkflowPage.objects.create(page=page, workflow=inactive)
    answers.append((wagtails_answer(page), ours(page)))

    WorkflowPage.objects.filter(page=page).update(workflow=Workflow.objects.create(name="Seite"))
    answers.append((wagtails_answer(page), ours(page)))

    assert [theirs for theirs, _ours in answers] == [mine for _theirs, mine in answers]
    assert [mine[0].name if mine[0] else None for _theirs, mine in answers] == [
        None,
        "Stadt",
        "Bereich",
        "Bereich",
        "Seite",
    ]


def test_the_editor_asks_for_the_workflow_once(augsburg, django_assert_num_queries):
    page = GuidePage.objects.get(pk=make_page(augsburg, "Seite").pk)
    with django_assert_num_queries(1):
        assert page.has_workflow
        assert page.get_workflow().name == "Moderators approval"
        assert page.has_workflow
