"""Output types, registered once: how a run collects each kind of output
(in the worker) and what the build derives from it (in the build process).

A type has a name, a ``collect`` step that turns what a snippet hands over
into a raw :class:`~snippet_engine.records.Output`, and a ``derive`` step
that turns the raw output into what pages show. Adding a type means adding
a class here and registering it in :data:`OUTPUT_TYPES`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from snippet_engine.records import Output, RunRecord, Scalar

_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_STRING = 1000
"""The longest string a value may be (values are numbers or short text)."""
FIGURE_LIMIT = 8 * 2**20
"""The largest figure, in bytes of SVG."""


class OutputError(RuntimeError):
    """A snippet handed over an output the engine cannot take."""


@dataclass(frozen=True)
class Derived:
    """What a page can place: files by variant, or a value."""

    files: dict[str, Path] = field(default_factory=dict)
    value: Scalar | None = None
    text: str | None = None


class DeriveContext(Protocol):
    """What the build process offers output types while deriving."""

    def dark_variant(self, light: Path) -> Path:
        """The figure recoloured for the dark palette (cached)."""
        ...


class OutputType(Protocol):
    """One kind of output a run can produce."""

    name: ClassVar[str]

    def files(self, output: Output, raw_dir: Path) -> list[str]:
        """The files of the run that belong to this output."""
        ...

    def derive(
        self, output: Output, raw_dir: Path, ctx: DeriveContext
    ) -> Derived:
        """Turn a raw output into what pages place."""
        ...


def check_name(name: object, used: dict[str, Any], kind: str) -> str:
    """A valid, new output name, or :class:`OutputError`."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise OutputError(
            f"{kind} name {name!r}: use letters, digits, '_' and '-'"
        )
    if name in used:
        raise OutputError(f"{kind} {name!r} is published twice")
    return name


class _OneFile:
    """An output type whose raw output is at most the one file it names."""

    def files(self, output: Output, raw_dir: Path) -> list[str]:
        return [output.file] if output.file else []


class Figure(_OneFile):
    """A matplotlib figure: drawn once, in the light palette."""

    name: ClassVar[str] = "figure"

    @staticmethod
    def collect(fig: Any, name: str, out: Path) -> Output:
        """Draw ``fig`` to ``<name>.svg`` in ``out`` (worker side)."""
        from snippet_engine.svg import to_svg

        svg = to_svg(fig)
        if len(svg) > FIGURE_LIMIT:
            raise OutputError(
                f"figure {name!r} is {len(svg) / 2**20:.0f} MB of SVG (the "
                f"limit is {FIGURE_LIMIT // 2**20} MB): pass rasterized=True "
                "to artists with many points (imshow, scatter, pcolormesh), "
                "or draw fewer"
            )
        (out / f"{name}.svg").write_text(svg)
        return Output(Figure.name, name, file=f"{name}.svg")

    def derive(
        self, output: Output, raw_dir: Path, ctx: DeriveContext
    ) -> Derived:
        assert output.file is not None
        light = raw_dir / output.file
        return Derived({"light": light, "dark": ctx.dark_variant(light)})


class Frames:
    """A figure the reader can move: one drawing per value of a parameter,
    shown with a slider (both palettes of every frame, drawn at build
    time)."""

    name: ClassVar[str] = "frames"
    LIMIT: ClassVar[int] = 60

    @staticmethod
    def collect(
        draw: Callable[[Any], Any],
        name: str,
        values: list[Any],
        label: str,
        default: int,
        fmt: str,
        out: Path,
    ) -> Output:
        """Draw every frame (worker side) and describe them."""
        import matplotlib.pyplot as plt

        if not 1 <= len(values) <= Frames.LIMIT:
            raise OutputError(
                f"frames {name!r}: {len(values)} values; give 1 to "
                f"{Frames.LIMIT}"
            )
        shown = [fmt.format(v) for v in values]
        if any(len(text) > 80 for text in (*shown, label)):
            raise OutputError(f"frames {name!r}: label or value too long")
        files = []
        for index, value in enumerate(values):
            fig = draw(value)
            files.append(Figure.collect(fig, f"{name}.f{index}", out).file)
            plt.close(fig)
        meta = {
            "label": label,
            "values": shown,
            "default": default,
            "files": files,
        }
        (out / f"{name}.frames.json").write_text(json.dumps(meta))
        return Output(Frames.name, name, file=f"{name}.frames.json")

    def files(self, output: Output, raw_dir: Path) -> list[str]:
        assert output.file is not None
        try:
            meta = json.loads((raw_dir / output.file).read_text())
            frames = [str(f) for f in meta["files"]]
        except (OSError, ValueError, KeyError, TypeError):
            raise OutputError(
                f"frames {output.name!r}: no frame list"
            ) from None
        return [output.file, *frames]

    def derive(
        self, output: Output, raw_dir: Path, ctx: DeriveContext
    ) -> Derived:
        assert output.file is not None
        meta = json.loads((raw_dir / output.file).read_text())
        files: dict[str, Path] = {}
        for index, file in enumerate(meta["files"]):
            light = raw_dir / file
            files[f"{index}.light"] = light
            files[f"{index}.dark"] = ctx.dark_variant(light)
        return Derived(files, text=json.dumps(meta))


class Value(_OneFile):
    """A number or a short string that the prose quotes."""

    name: ClassVar[str] = "value"

    @staticmethod
    def collect(name: str, value: object) -> Output:
        """Check a published value (worker side)."""
        if hasattr(value, "item") and callable(value.item):
            value = value.item()  # numpy and torch scalars
        if isinstance(value, float) and not math.isfinite(value):
            raise OutputError(f"value {name!r} is {value}")
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise OutputError(
                f"value {name!r} is a string of {len(value)} characters; "
                f"values are numbers or short strings (<= {MAX_STRING})"
            )
        if not isinstance(value, (bool, int, float, str)):
            raise OutputError(
                f"value {name!r} is a {type(value).__name__}; values are "
                "numbers or short strings"
            )
        return Output(Value.name, name, value=value)

    def derive(
        self, output: Output, raw_dir: Path, ctx: DeriveContext
    ) -> Derived:
        return Derived(value=output.value)


class Check(_OneFile):
    """A named, deterministic claim the snippet evaluated: a page shows the
    passage it guards only while it passes."""

    name: ClassVar[str] = "check"

    @staticmethod
    def collect(name: str, passed: object, detail: object) -> Output:
        """Check what ``fdl.check`` was given (worker side)."""
        if hasattr(passed, "item") and callable(passed.item):
            passed = passed.item()
        if not isinstance(passed, bool):
            raise OutputError(
                f"check {name!r}: passed is a {type(passed).__name__}; "
                "give True or False"
            )
        text = str(detail)
        if len(text) > MAX_STRING:
            raise OutputError(
                f"check {name!r}: its detail is {len(text)} characters "
                f"(at most {MAX_STRING})"
            )
        return Output(Check.name, name, value=passed, text=text)

    def derive(
        self, output: Output, raw_dir: Path, ctx: DeriveContext
    ) -> Derived:
        return Derived(value=output.value, text=output.text)


class ExecutedNotebook(_OneFile):
    """A notebook with its cells' outputs (its figures are figures)."""

    name: ClassVar[str] = "notebook"

    @staticmethod
    def collect(file: str) -> Output:
        """The executed notebook, written beside the record."""
        return Output(ExecutedNotebook.name, "notebook", file=file)

    def derive(
        self, output: Output, raw_dir: Path, ctx: DeriveContext
    ) -> Derived:
        assert output.file is not None
        return Derived({"executed": raw_dir / output.file})


class Artefact(_OneFile):
    """A pickled result shared between snippets (``fdl.cached``)."""

    name: ClassVar[str] = "artefact"

    @staticmethod
    def collect(file: str) -> Output:
        """The pickled result, written beside the record."""
        return Output(Artefact.name, "artefact", file=file)

    def derive(
        self, output: Output, raw_dir: Path, ctx: DeriveContext
    ) -> Derived:
        assert output.file is not None
        return Derived({"pickle": raw_dir / output.file})


OUTPUT_TYPES: dict[str, OutputType] = {
    t.name: t
    for t in (
        Figure(),
        Frames(),
        Value(),
        Check(),
        ExecutedNotebook(),
        Artefact(),
    )
}
"""Every output type, by name."""


def derive_all(
    record: RunRecord, raw_dir: Path, ctx: DeriveContext
) -> dict[str, dict[str, Derived]]:
    """Derive every output of a record: type -> name -> derived."""
    derived: dict[str, dict[str, Derived]] = {}
    for output in record.outputs:
        kind = OUTPUT_TYPES.get(output.type)
        if kind is None:
            raise OutputError(f"unknown output type {output.type!r}")
        derived.setdefault(output.type, {})[output.name] = kind.derive(
            output, raw_dir, ctx
        )
    return derived
