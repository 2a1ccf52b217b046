"""Keys by construction: which engine modules shape a run, which shape
what the build derives, and the planner's view of ``fdl.cached``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from snippet_engine import kinds, worker
from snippet_engine.errors import SnippetError
from snippet_engine.keys import (
    DERIVE_ENTRY,
    ENGINE_DIR,
    RUN_ENTRY,
    code_digest,
)
from snippet_engine.kinds import find_cached_calls

# Which keys an edit of each engine module changes: run keys (every
# snippet reruns), derived keys (dark figures and downloads are remade,
# nothing reruns), or none. Editing a module not in this table fails the
# test below, so a new module gets a line here.
EXPECTED = {
    "__init__": (False, False),
    "_warm": (False, False),  # preloads; what runs is the worker's code
    "artefacts": (True, True),
    "bundles": (False, True),
    "cache": (False, True),
    "derive": (False, True),
    "dists": (False, False),
    "engine": (False, False),
    "errors": (True, False),
    "job": (True, False),
    "keys": (False, False),
    "kinds": (False, False),
    "machine": (False, False),
    "mkdocs_plugin": (False, False),
    "notebooks": (True, False),
    "outputs": (True, True),
    "pages": (False, False),
    "palette": (False, True),
    "pool": (False, False),
    "records": (True, True),
    "report": (False, False),
    "runtime": (True, False),
    "sandbox": (True, False),
    "settings": (False, False),
    "svg": (True, True),
    "worker": (True, False),
}


@pytest.fixture
def engine_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "snippet_engine"
    shutil.copytree(ENGINE_DIR, copy, ignore=shutil.ignore_patterns("*.pyc"))
    return copy


def _digests(package: Path) -> tuple[str, str]:
    return code_digest(RUN_ENTRY, package), code_digest(DERIVE_ENTRY, package)


def test_the_table_names_every_engine_module() -> None:
    modules = {p.stem for p in ENGINE_DIR.glob("*.py")}
    assert modules == set(EXPECTED)


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_an_edit_changes_exactly_the_keys_it_should(
    engine_copy: Path, module: str
) -> None:
    run, derived = _digests(engine_copy)
    path = engine_copy / f"{module}.py"
    path.write_text(path.read_text() + "\n# an edit\n")
    new_run, new_derived = _digests(engine_copy)
    assert (new_run != run, new_derived != derived) == EXPECTED[module]


def test_a_new_module_the_worker_imports_changes_run_keys(
    engine_copy: Path,
) -> None:
    run, derived = _digests(engine_copy)
    (engine_copy / "limits.py").write_text("CAP = 1\n")
    assert _digests(engine_copy) == (run, derived), "not imported yet"
    path = engine_copy / "worker.py"
    text = path.read_text().replace(
        "from snippet_engine import artefacts, sandbox\n",
        "from snippet_engine import artefacts, limits, sandbox\n",
    )
    path.write_text(text)
    new_run, new_derived = _digests(engine_copy)
    assert new_run != run and new_derived == derived
    (engine_copy / "limits.py").write_text("CAP = 2\n")
    assert _digests(engine_copy)[0] != new_run


def test_every_kind_has_a_runner() -> None:
    assert set(kinds.KINDS) == set(worker.RUNNERS)


# -- the planner finds fdl.cached calls before anything runs -----------------

GOOD = """\
import fdl
import ch._model as model
import ch._other
from ch._model import train, train as fit
from fdl import cached

a = fdl.cached(train)
b = fdl.cached(fit, 3, "x", None, 0.5, True)
c = fdl.cached(model.train, -1)
d = cached(ch._other.make)
"""


def test_planner_reads_the_literal_forms() -> None:
    calls = find_cached_calls(GOOD, Path("ch/s.py"))
    assert [c.signature for c in calls] == [
        "ch._model:train()",
        "ch._model:train(3, 'x', None, 0.5, True)",
        "ch._model:train(-1,)",
        "ch._other:make()",
    ]


@pytest.mark.parametrize(
    "call, why",
    [
        ("fdl.cached(lambda: 1)", "must be named"),
        ("fdl.cached(local)", "is not imported"),
        ("fdl.cached(train, n)", "must be literals"),
        ("fdl.cached(train, [1, 2])", "simple literals"),
        ("fdl.cached(train, size=3)", "positional arguments only"),
        ("fdl.cached(pick()[0])", "must be named"),
        ("fdl.cached(model)", "is a module"),
    ],
)
def test_planner_rejects_other_forms_with_file_and_line(
    call: str, why: str
) -> None:
    source = (
        "import fdl\nimport ch._model as model\n"
        "from ch._model import train\n\n"
        "def local():\n    return 1\n\nn = 3\n"
        f"x = {call}\n"
    )
    with pytest.raises(SnippetError, match=why) as info:
        find_cached_calls(source, Path("ch/s.py"))
    assert info.value.line == 9
    assert str(info.value).startswith("ch/s.py:9: fdl.cached: ")
