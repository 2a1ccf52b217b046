"""Unit tests of the cache key: what changes it, and what does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippet_engine.dists import DistTable
from snippet_engine.errors import SnippetError
from snippet_engine.keys import KeyContext, Options, parse_options

DISTS = DistTable(
    provides={"torch": ["torch"], "numpy": ["numpy"]},
    versions={"torch": "2.0", "numpy": "1.0", "filelock": "3.0"},
    requires={"torch": ["filelock"], "numpy": []},
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "snippets"
    (root / "ch" / "sub").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "fdl.py").write_text("STYLE = 1\n")
    (root / "ch" / "_model.py").write_text("from ch.sub import _deep\n")
    (root / "ch" / "sub" / "_deep.py").write_text("DEPTH = 1\n")
    (root / "data" / "table.csv").write_text("a\n1\n")
    (root / "data" / "other.csv").write_text("b\n2\n")
    (root / "ch" / "topic.py").write_text(
        "import torch\nimport fdl\nfrom ch import _model\n"
        "fdl.data_path('table.csv')\n"
    )
    (root / "ch" / "unrelated.py").write_text("import numpy\n")
    return root


def key(root: Path, **change: object) -> str:
    context = KeyContext(
        snippets_dir=root,
        device=str(change.get("device", "cpu")),
        dists=change.get("dists", DISTS),  # type: ignore[arg-type]
    )
    options = change.get("options", Options())
    return context.key(root / "ch" / "topic.py", options)[0]  # type: ignore[arg-type]


def test_same_inputs_same_key(tree: Path) -> None:
    assert key(tree) == key(tree)


@pytest.mark.parametrize(
    "path",
    [
        "ch/topic.py",
        "ch/_model.py",
        "ch/sub/_deep.py",
        "fdl.py",
        "data/table.csv",
    ],
)
def test_each_input_changes_the_key(tree: Path, path: str) -> None:
    before = key(tree)
    with (tree / path).open("a") as handle:
        handle.write("# changed\n")
    assert key(tree) != before


def test_unrelated_files_do_not_change_the_key(tree: Path) -> None:
    before = key(tree)
    (tree / "ch" / "unrelated.py").write_text("import numpy as np\n")
    (tree / "data" / "other.csv").write_text("b\n3\n")
    assert key(tree) == before


def test_versions_of_imported_distributions_and_their_requirements(
    tree: Path,
) -> None:
    before = key(tree)
    for dist, version in [("torch", "2.1"), ("filelock", "3.1")]:
        versions = {**DISTS.versions, dist: version}
        changed = DistTable(DISTS.provides, versions, DISTS.requires)
        assert key(tree, dists=changed) != before
    versions = {**DISTS.versions, "numpy": "9.9"}  # not imported
    assert (
        key(tree, dists=DistTable(DISTS.provides, versions, DISTS.requires))
        == before
    )


def test_device_and_measuring_change_the_key(tree: Path) -> None:
    assert key(tree, device="cuda") != key(tree)
    assert key(tree, options=Options(measures=True)) != key(tree)


def test_options_are_parsed_from_one_comment_line(tmp_path: Path) -> None:
    source = '"""Doc."""\n# snippet: measures, threads=2, timeout=90\n'
    options = parse_options(source, tmp_path / "s.py")
    assert options == Options(measures=True, threads=2, timeout=90.0)
    assert parse_options("x = 1\n", tmp_path / "s.py") == Options()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# snippet: fast", "unknown snippet option 'fast'"),
        ("# snippet: threads=0", "bad value '0' for snippet option 'threads'"),
        ("# snippet: timeout=soon", "bad value 'soon'"),
    ],
)
def test_bad_options_name_file_and_line(
    tmp_path: Path, line: str, message: str
) -> None:
    with pytest.raises(SnippetError) as info:
        parse_options(f'"""Doc."""\n\n{line}\n', tmp_path / "s.py")
    assert info.value.line == 3
    assert message in str(info.value)
    assert str(info.value).startswith(f"{tmp_path / 's.py'}:3:")


def test_syntax_error_names_file_and_line(tree: Path) -> None:
    (tree / "ch" / "sub" / "_deep.py").write_text("x = (\n")
    with pytest.raises(SnippetError) as info:
        key(tree)
    assert "_deep.py" in str(info.value) and "syntax error" in str(info.value)
