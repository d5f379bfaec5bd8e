"""The code's structure: each idea in one place, and no import cycles between the apps.

These read the source (no Django needed): the import graph of `guides` and `localization`
built from module-level imports, the function-level imports that could hide a cycle, and the
places that may know how deep a city sits in the page tree.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("guides", "localization")

#: Imports inside functions are allowed only where Django wants them: in AppConfig.ready(),
#: which runs once every app's models are loaded; and here, for a reason other than a cycle.
ALLOWED_FUNCTION_IMPORTS = {"ready"}
ALLOWED_LAZY_IMPORTS = {
    # WeasyPrint needs Pango at import time; the site runs without it (no PDFs then).
    ("guides.pdf.document", "render_pdf"),
}
#: Demo content is being rewritten (as YAML) apart from this work; its loader is not checked.
UNCHECKED_FOR_LAZY_IMPORTS = ("guides.demo",)

#: The only module that knows the city depth and finds an object's city from its tree path.
TENANCY = "guides.tenancy"
CITY_LOOKUP_NAMES = {
    "city_for_page",
    "city_path",
    "city_path_for",
    "city_of",
    "city_slug_for_path",
    "cities_by_path",
}


def _modules():
    """{dotted name: parsed module} for every module of the apps, migrations aside."""
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = ast.parse(path.read_text(), filename=str(path))
    return modules


MODULES = _modules()


def _is_type_checking(node):
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree):
    """Import statements run when the module is imported (not those under TYPE_CHECKING)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node):
                pending.extend(node.body)
            pending.extend(node.orelse)
        elif isinstance(node, ast.Try):
            pending.extend([*node.body, *node.orelse, *node.finalbody])
            for handler in node.handlers:
                pending.extend(handler.body)
        elif isinstance(node, ast.With):
            pending.extend(node.body)


def _targets(node):
    """The project modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        names = [f"{base}.{alias.name}" for alias in node.names]
        names.append(base)
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return found


def import_graph():
    return {
        name: {target for node in _module_level_imports(tree) for target in _targets(node)} - {name}
        for name, tree in MODULES.items()
    }


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    graph = {"guides.models": {"localization.panel"}, "localization.panel": {"guides.models"}}
    assert cycles(graph) == [["guides.models", "localization.panel"]]


def test_localization_reaches_guides_only_through_tenancy():
    """Localization asks `guides.tenancy` which city an object is in; the city model and the
    translatable kinds come from `localization.registry`, filled in by the apps' ready()."""
    reached = {
        (name, target)
        for name, targets in import_graph().items()
        if name.startswith("localization")
        for target in targets
        if target.split(".")[0] == "guides" and target != TENANCY
    }
    assert reached == set()


def test_no_function_level_imports_of_the_apps():
    """A project import inside a function is how a cycle hides; only ready() may have one."""
    lazy = []
    for name, tree in MODULES.items():
        if name.startswith(UNCHECKED_FOR_LAZY_IMPORTS):
            continue
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name in ALLOWED_FUNCTION_IMPORTS:
                continue
            if (name, function.name) in ALLOWED_LAZY_IMPORTS:
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom) and _targets(node):
                    lazy.append(f"{name}.{function.name}: {ast.unparse(node)}")
    assert lazy == []


def test_one_city_depth_and_one_city_lookup():
    """Only guides.tenancy defines the city depth or a function finding an object's city."""
    strays = []
    for name, tree in MODULES.items():
        if name == TENANCY:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for leaf in ast.walk(target):
                        label = getattr(leaf, "id", None) or getattr(leaf, "attr", None)
                        if label and "CITY_DEPTH" in label:
                            strays.append(f"{name}: assigns {label}")
            elif isinstance(node, ast.FunctionDef) and node.name in CITY_LOOKUP_NAMES:
                strays.append(f"{name}: defines {node.name}()")
    assert strays == []


def test_tenancy_imports_no_model_of_the_project():
    """So that guides.models and every module of localization can import it."""
    assert import_graph()[TENANCY] <= {"localization.registry"}
    assert import_graph()["localization.registry"] == set()


def test_wagtail_localize_internals_sit_behind_the_adapter():
    """Only the adapter's own modules import its parts; everyone else imports the adapter."""
    adapter = "localization.xliff.adapter"
    reached = {
        (name, target)
        for name, targets in import_graph().items()
        if not name.startswith(adapter)
        for target in targets
        if target.startswith(f"{adapter}.")
    }
    assert reached == set()
