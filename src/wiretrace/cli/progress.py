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


_BAR = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}"
_SETTLED = _BAR + "<{remaining}, {rate_fmt}]"
_SETTLING = _BAR + ", estimating…]"


class _Bar(tqdm):  # type: ignore[misc, type-arg]
    """tqdm that shows no time left until the estimate can mean something: the first
    results of a pool arrive a whole chunk at once, after the workers have loaded the
    lexicon, and a rate taken then promised hours for a minute's work. The estimate
    appears from the third update and 2% done."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, bar_format=_SETTLING if kwargs.get("total") else None,
                         **kwargs)
        self._updates = 0

    def update(self, n: float | None = 1) -> bool | None:
        if self.disable:
            return super().update(n)  # type: ignore[no-any-return]
        self._updates += 1
        if self._updates == 1:
            # The rate is measured from the first result on, over the results after it
            # (tqdm's ``initial``): the first chunk's work happened before the clock.
            self.start_t = self.last_print_t = self._time()
            self.initial = self.n + (n or 0)
        if (self.bar_format == _SETTLING and self._updates >= 3 and self.total
                and self.n + (n or 0) >= 0.02 * self.total):
            self.bar_format = _SETTLED
        return super().update(n)  # type: ignore[no-any-return]


def progress_bar(total: int, desc: str, enabled: bool, unit: str = "pair") -> tqdm | LogProgress:
    """A progress bar on a terminal; plain lines now and then when stderr is a log."""
    if enabled and not sys.stderr.isatty():
        return LogProgress(total, desc, unit)
    return _Bar(total=total or None, desc=desc, unit=unit, disable=not enabled,
                file=sys.stderr, leave=False, smoothing=0)


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
