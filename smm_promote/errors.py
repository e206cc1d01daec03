"""One exception tree for the project, and the warnings collected along the way.

    SmmPromoteError
    ├── ConfigError        a config file or plugin setting is invalid
    ├── SourceError        a post or feed could not be read
    └── PublishError       a publisher failed (see smm_promote.publish.base)

Bad input never stops the run: readers record a `Problem` and go on; the CLI prints the
problems and exits non-zero only under `--strict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class SmmPromoteError(Exception):
    """Base of every error the project raises on purpose; the CLI prints these cleanly."""


class ConfigError(SmmPromoteError):
    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid config in {origin}:\n{lines}")


class SourceError(SmmPromoteError):
    """A post or feed could not be read. `where` is a file path or URL (with line if known)."""

    def __init__(self, where: str, message: str, line: int | None = None) -> None:
        self.where = where
        self.line = line
        self.message = message
        place = f"{where}:{line}" if line else where
        super().__init__(f"{place}: {message}")


@dataclass(frozen=True)
class Problem:
    """A warning about one input: where (file or URL, line if known) and what is wrong."""

    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else self.where
        return f"{place}: {self.message}"


@dataclass
class Problems:
    """Collects warnings; passed down the pipeline so every stage can report and go on."""

    items: list[Problem] = field(default_factory=list)
    #: Things worth one line that are not wrong (e.g. a site font that is not installed, so
    #: the template's is used): printed as info, never counted as warnings.
    notes: list[Problem] = field(default_factory=list)

    def add(self, where: str, message: str, line: int | None = None) -> None:
        """Record a warning; the same warning about the same place is kept once (a stage
        that meets it again, e.g. for each variant or repost, says nothing new)."""
        problem = Problem(str(where), message, line)
        if problem not in self.items:
            self.items.append(problem)

    def note(self, where: str, message: str) -> None:
        """Record an info line (once per place and message)."""
        problem = Problem(str(where), message)
        if problem not in self.notes:
            self.notes.append(problem)

    def extend(self, other: Problems) -> None:
        for problem in other.items:
            self.add(problem.where, problem.message, problem.line)
        for problem in other.notes:
            self.note(problem.where, problem.message)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def files(self) -> set[str]:
        return {p.where for p in self.items}
