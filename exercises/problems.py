"""Problems found in a pack, collected rather than raised so an author sees every one at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f" [{self.field}]" if self.field else "")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"file": str(self.file), "field": self.field, "message": self.message}


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """A ' (did you mean …?)' suffix for a misspelt name, or nothing when no choice is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
