"""A job: everything a worker needs to run one item (picklable)."""

from __future__ import annotations

from dataclasses import dataclass

Literal = bool | int | float | str | None
"""What an artefact's arguments may be (literals in the snippet)."""


@dataclass(frozen=True)
class ArtefactCall:
    """A call ``fdl.cached(module.function, *args)`` found by the planner."""

    module: str
    function: str
    args: tuple[Literal, ...] = ()

    @property
    def signature(self) -> str:
        """How the runtime recognises the call: ``module:function(args)``."""
        return f"{self.module}:{self.function}{self.args!r}"


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run one snippet, notebook or artefact."""

    item: str
    kind: str
    path: str
    build_pid: int
    root: str
    snippets_dir: str
    artefact_dir: str
    out_dir: str = ""
    device: str = "cpu"
    threads: int = 1
    memory_mb: int | None = None
    data: tuple[str, ...] = ()
    artefacts: tuple[tuple[str, str], ...] = ()
    """(signature, key) of each shared artefact the item may load."""
    call: ArtefactCall | None = None
    """For an artefact job: the call to make."""
    portable: bool = False
    unsandboxed: bool = False
    """Run without the sandbox's namespaces (``SNIPPET_ENGINE_SANDBOX=0``)."""
