"""The admin as a city editor: the explorer of a section, the page editor, and a publish.

    .venv/bin/python benchmarks/admin_pages.py [--pages 1000] [--children 49]
    .venv/bin/python benchmarks/admin_pages.py --smoke

Two generated cities whose first section has `--children` and about 40 % of that many child
pages (49 and 20 by default, 12 and 5 in smoke mode); the bigger one has `--pages` guide pages
in all (1,000), translated into two languages, with statuses, outdated pages and pages in
translation. Every request is made with Django's test client, logged in as an editor of the
city (a member of its editors group, not a superuser), after one warm-up request:

- the explorer of the section (`/admin/pages/<section>/`), with our translation badges, the
  "Print / PDF" button and wagtail-localize's row buttons;
- the page editor of one of its children (`/admin/pages/<page>/edit/`, GET);
- a publish of that page (the edit view's POST with `action-publish`, its body posted back as
  the editor's form sends it, its teaser changed: a real change).

Budgets (issue 17, part 5): explorer queries the same at both sizes and <= 30, explorer
<= 150 ms at full size; page editor <= 40 queries; publish <= 80 queries (both at each size).
A publish is counted as production runs it: the request, with production's task backend, whose
queued jobs (search and reference indexes, API fragments, bundles) wait for the worker; the
count with the jobs run inside the request (the immediate backend) is printed beside it.
`--show-queries` prints each counted request's statements with the code that issued them.
"""

import sys

import common

SMOKE_BUDGETS = {"process peak RSS": 400}  # MB, a guard
EXPLORER_QUERIES = 30
EXPLORER_MS = 150
EDITOR_QUERIES = 40
PUBLISH_QUERIES = 80
LANGUAGES = ["de", "en", "ar"]


def block_form_data(block, value):
    """The form data Wagtail's editor posts for a block's raw (JSON) value, as nested dicts for
    `wagtail.test.utils.form_data.nested_form_data`."""
    from wagtail import blocks
    from wagtail.test.utils.form_data import rich_text

    if isinstance(block, blocks.StreamBlock):
        data = {"count": str(len(value or []))}
        for n, item in enumerate(value or []):
            data[str(n)] = {
                "type": item["type"],
                "value": block_form_data(block.child_blocks[item["type"]], item["value"]),
                "deleted": "",
                "order": str(n),
                "id": item.get("id", ""),
            }
        return data
    if isinstance(block, blocks.ListBlock):
        data = {"count": str(len(value or []))}
        for n, item in enumerate(value or []):
            raw = item if isinstance(item, dict) and "value" in item else {"value": item}
            data[str(n)] = {
                "value": block_form_data(block.child_block, raw["value"]),
                "deleted": "",
                "order": str(n),
                "id": raw.get("id", ""),
            }
        return data
    if isinstance(block, blocks.StructBlock):
        value = value or {}
        return {
            name: block_form_data(child, value.get(name, child.get_default()))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value or "", features=block.features)
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    if isinstance(block, blocks.ChooserBlock):
        return "" if value in (None, "") else str(getattr(value, "pk", value))
    return "" if value is None else str(value)


def publish_form_data(page, teaser):
    """What the page editor posts to publish a guide page: its fields as they are, the teaser
    changed, "Publish" pressed."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    body_block = type(page).body.field.stream_block
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "teaser": teaser,
            "icon": page.icon_id or "",
            "organization": page.organization_id or "",
            "body": block_form_data(body_block, page.body.raw_data),
            "comments": inline_formset([]),
            "seo_title": page.seo_title,
            "search_description": page.search_description,
            "action-publish": "action-publish",
        }
    )


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--children", type=int, default=49)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="write a cProfile of the timed explorer requests to FILE (pstats format)",
    )
    parser.add_argument(
        "--show-queries",
        action="store_true",
        help="print the statements of each counted request (the larger city) to stderr",
    )
    args = parser.parse_args()
    if args.smoke:
        args.children = 12
    run = common.setup(args, title="Admin pages (city editor)")
    run.header("admin_pages")

    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings
    from django_tasks_db.models import DBTaskResult
    from generate import CitySpec, build_cities, summary

    from guides.models import GuidePage

    small_children = max(2, round(args.children * 0.4))
    sizes = (small_children, args.children)
    specs = []
    for n, children in enumerate(sizes):
        big = n == len(sizes) - 1
        sections = 2 if args.smoke else (10 if big else 5)
        pages = (
            sections + children + 8
            if args.smoke
            else max(args.pages if big else 200, sections * children + 1)
        )
        specs.append(
            CitySpec(
                f"admin-{children}",
                languages=LANGUAGES,
                pages=pages,
                sections=sections,
                fanout=children,
                revisions=2 if args.smoke else 3,
                events=2,
                locations=1,
            )
        )
    cities = build_cities(specs)
    for city in cities:
        print(summary(city))

    def show(title, counter):
        if args.show_queries:
            print(f"--- {title}: {counter.count} statements", file=sys.stderr)
            rows = zip(counter.statements, counter.origins, strict=True)
            for n, (sql, origin) in enumerate(rows, 1):
                print(f"{n:4} {sql[:160]}\n       {origin}", file=sys.stderr)

    report = run.report
    explorer, editor, publish, publish_request = {}, {}, {}, {}
    timing = {}
    for generated, children in zip(cities, sizes, strict=True):
        user = get_user_model().objects.create_user(f"editor-{children}", password="pw")
        user.groups.add(generated.city.editors_group)
        client = Client()
        client.force_login(user)
        section = generated.sections[0]
        child_ids = list(
            GuidePage.objects.child_of(GuidePage.objects.get(pk=section)).values_list(
                "pk", flat=True
            )
        )
        assert len(child_ids) == children, (children, len(child_ids))
        in_translation = set(generated.in_translation)
        page_id = next(pk for pk in child_ids if pk not in in_translation)
        label = f"{children} children"

        explore_url = f"/admin/pages/{section}/"
        client.get(explore_url)  # warm-up: content types, site root paths, templates
        with common.QueryCounter(keep=1000, origins=args.show_queries) as counter:
            response = client.get(explore_url)
        assert response.status_code == 200, response.status_code
        assert response.content.decode().count('data-object-id="') >= children
        explorer[label] = counter.count
        show(f"explorer, {label}", counter)

        edit_url = f"/admin/pages/{page_id}/edit/"
        client.get(edit_url)
        with common.QueryCounter(keep=1000, origins=args.show_queries) as counter:
            response = client.get(edit_url)
        assert response.status_code == 200, response.status_code
        editor[label] = counter.count
        show(f"page editor, {label}", counter)

        page = GuidePage.objects.get(pk=page_id)
        serial = iter(range(10**6))

        def form(page=page, serial=serial):
            """The edit form's data, built outside the counted request (reading the page's
            rich text for the form costs queries of its own)."""
            return publish_form_data(page, f"{page.teaser} ({next(serial)})")

        def post(data=None, client=client, edit_url=edit_url, form=form):
            response = client.post(edit_url, data or form())
            assert response.status_code == 302, response.content.decode()[:2000]
            return response

        post()  # warm-up
        data = form()
        with (
            override_settings(TASKS=common.PRODUCTION_TASKS),
            common.QueryCounter(keep=1000, origins=args.show_queries) as counter,
        ):
            post(data)
        DBTaskResult.objects.all().delete()  # the worker's share is not the request's
        publish_request[label] = counter.count
        show(f"publish, {label}", counter)
        data = form()
        with common.QueryCounter() as counter:
            post(data)
        publish[label] = counter.count
        timing[children] = (client, explore_url, edit_url, post, form)

    big = sizes[-1]
    client, explore_url, edit_url, post, form = timing[big]
    explorer_ms, times, _r = common.timed_ms(lambda: client.get(explore_url), args.runs)
    if args.profile:
        import cProfile

        cProfile.runctx(
            "for _ in range(runs): client.get(explore_url)",
            globals(),
            {"client": client, "explore_url": explore_url, "runs": args.runs},
            args.profile,
        )
    report.check(
        f"explorer, section with {big} children",
        explorer_ms,
        EXPLORER_MS,
        unit="ms",
        timed=True,
        note=f"median of {args.runs}, max {times[-1]:.0f} ms; {len(cities[-1].pages)}-page city",
    )
    editor_ms, times, _r = common.timed_ms(lambda: client.get(edit_url), args.runs)
    report.check(
        "page editor (GET)", editor_ms, unit="ms", timed=True, note=f"median of {args.runs}"
    )
    pending = []
    publish_ms, times, _r = common.timed_ms(
        lambda: post(pending.pop()),
        max(3, args.runs // 3),
        before=lambda: pending.append(form()),
    )
    report.check(
        "publish (POST)", publish_ms, unit="ms", timed=True, note=f"median of {len(times)}"
    )

    # Issue 17's query targets are enforced at full size; they are not reached yet, so a smoke
    # run (CI) prints them and enforces only what holds: explorer queries constant in children.
    def target(budget):
        return None if args.smoke else budget

    for label, count in explorer.items():
        report.check(f"explorer queries, {label}", count, target(EXPLORER_QUERIES), unit="queries")
    report.constant("explorer queries", explorer)
    for label, count in editor.items():
        report.check(f"page editor queries, {label}", count, target(EDITOR_QUERIES), unit="queries")
    for label, count in publish_request.items():
        report.check(
            f"publish queries, {label}",
            count,
            target(PUBLISH_QUERIES),
            unit="queries",
            note="the request, with production's task backend: the jobs it queues (search and "
            "reference indexes, API fragments, bundles) wait for the worker",
        )
    for label, count in publish.items():
        report.check(
            f"publish queries with the jobs run in the request, {label} (comparison)",
            count,
            unit="queries",
            note="the immediate task backend of development and tests",
        )
    report.check_peak_rss(SMOKE_BUDGETS["process peak RSS"])
    return report.finish()


if __name__ == "__main__":
    sys.path.insert(0, str(common.ROOT))
    common.main_wrapper(main)
