"""Progress on the terminal (a bar per stage) or, when stderr is a log, a plain line now
and then."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from tqdm import tqdm


class LogProgress:
    """Progress for a log file rather than a terminal: a plain line every ``every``
    seconds ("wiretrace: aligning 250/1,027 pairs (24%), 0:31"), and one when a stage
    that took that long is done. Short runs print nothing."""

    def __init__(self, total: int, desc: str, unit: str, every: float = 30.0) -> None:
        self.total, self.desc, self.unit, self.every = total, desc, unit, every
        self.n = 0
        self.start = self.last = time.monotonic()

    def update(self, k: int = 1) -> None:
        self.n += k
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._line(now)

    def close(self) -> None:
        now = time.monotonic()
        if self.n and now - self.start >= self.every:
            self._line(now, done=True)
        self.n = 0

    def _line(self, now: float, done: bool = False) -> None:
        seconds = int(now - self.start)
        clock = f"{seconds // 60}:{seconds % 60:02d}"
        of = f"/{self.total:,}" if self.total else ""
        share = f" ({self.n / self.total:.0%})" if self.total and not done else ""
        state = " done" if done else ""
        print(f"wiretrace: {self.desc}{state} {self.n:,}{of} {self.unit}s{share}, {clock}",
              file=sys.stderr, flush=True)


def progress_bar(total: int, desc: str, enabled: bool, unit: str = "pair") -> tqdm | LogProgress:
    """A progress bar on a terminal; plain lines now and then when stderr is a log."""
    if enabled and not sys.stderr.isatty():
        return LogProgress(total, desc, unit)
    return tqdm(total=total or None, desc=desc, unit=unit, disable=not enabled,
                file=sys.stderr, leave=False)


class Stages:
    """One progress bar at a time: each stage's bar replaces the last one's. Called as
    ``stages(stage, total, unit)`` it opens a stage and returns its step callback (the
    :data:`wiretrace.api.StageProgress` contract)."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.desc = ""
        self.bar: tqdm | LogProgress | None = None

    def __call__(self, desc: str, total: int, unit: str) -> Callable[[int], None]:
        self.close()
        self.desc, self.bar = desc, progress_bar(total, desc, self.show, unit)
        bar = self.bar
        return lambda k: bar.update(k)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.desc, self.bar = "", None
