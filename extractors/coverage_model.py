"""How much of a table's printed arithmetic the checks prove: the data kept in document.json.
`checks/coverage.py` computes it from the checks' cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Coverage:
    """A table's (or a document's) printed non-zero amounts, how many of them take part in
    an evaluated sum identity, and why the others do not: `uncovered` maps a reason
    (`no identity declared for the column: col3`) to its number of cells."""

    amounts: int = 0
    covered: int = 0
    uncovered: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: 94.9% must not read as 95%. 100 when nothing is printed."""
        return self.covered * 100 // self.amounts if self.amounts else 100

    def add(self, other: Coverage) -> None:
        self.amounts += other.amounts
        self.covered += other.covered
        for reason, cells in other.uncovered.items():
            self.uncovered[reason] = self.uncovered.get(reason, 0) + cells

    def to_dict(self) -> dict[str, Any]:
        return {
            "amounts": self.amounts,
            "covered": self.covered,
            "percent": self.percent,
            "uncovered": dict(sorted(self.uncovered.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Coverage:
        return cls(data["amounts"], data["covered"], dict(data.get("uncovered", {})))
