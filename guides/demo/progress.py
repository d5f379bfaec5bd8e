"""What the demo load tells the person running it, as it goes: one line per step, naming the
city, the language and the step, with its counts and the seconds it took.

A step prints when it ends, and no step of the demo takes more than a few seconds, so the
output never stalls for long.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TextIO


class Progress:
    """Writes to stdout (a management command's, or any text stream); silent without one."""

    def __init__(self, stdout: TextIO | None = None):
        self.stdout = stdout
        self.started = time.monotonic()

    def say(self, message: str) -> None:
        if self.stdout is None:
            return
        self.stdout.write(message + "\n")
        flush = getattr(self.stdout, "flush", None)
        if flush is not None:
            flush()

    @contextmanager
    def step(self, where: str):
        """Times a step; the block sets `report.message` (what was done, translated) and the
        line is written when the block ends: "Augsburg › ar: 38 pages translated (4.2 s)"."""
        report = _Report()
        started = time.monotonic()
        yield report
        if report.message:
            self.done(where, report.message, started)

    def done(self, where: str, message: str, started: float) -> None:
        """The line of a step that began at `started` (time.monotonic())."""
        self.say(f"{where}: {message} ({time.monotonic() - started:.1f} s)")

    def seconds(self) -> float:
        return time.monotonic() - self.started


class _Report:
    message = ""
