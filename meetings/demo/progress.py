"""A progress bar for long commands: counts, rate and time left, on one line.

On a terminal the line is redrawn in place a few times a second; in a log (not a
terminal) a line is written every tenth of the way, so the log stays short.
"""

import datetime
import time

from django.core.management.base import OutputWrapper


class Progress:
    def __init__(self, stream, label="items", width=30, interval=0.25):
        self.stream = stream
        self.label = label
        self.width = width
        self.interval = interval
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.total = self.done = self.created = 0
        self.started = self.drawn_at = None
        self.logged_tenths = 0

    def start(self, total):
        self.total = max(total, 1)
        self.done = self.created = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.logged_tenths = 0

    def advance(self, n, created=0):
        """`n` more items dealt with, `created` of them new (the rest were already there)."""
        self.done += n
        self.created += created
        now = time.monotonic()
        if self.tty:
            if now - self.drawn_at >= self.interval:
                self.drawn_at = now
                self._write("\r" + self.line(now))
        else:
            tenths = min(10, self.done * 10 // self.total)
            if tenths > self.logged_tenths:
                self.logged_tenths = tenths
                self._write(self.line(now) + "\n")

    def finish(self):
        if self.started is None:
            return
        line = self.line(time.monotonic())
        self._write("\r" + line + "\n" if self.tty else "")

    def line(self, now):
        elapsed = max(now - self.started, 1e-9)
        share = min(self.done / self.total, 1.0)
        filled = round(self.width * share)
        bar = "#" * filled + "-" * (self.width - filled)
        rate = self.created / elapsed
        left = (self.total - self.done) / (self.done / elapsed) if self.done else 0
        existing = self.done - self.created
        return (
            f"[{bar}] {self.done:,}/{self.total:,} {self.label} ({share:.0%})"
            + (f", {existing:,} already there" if existing else "")
            + f", {rate:,.0f} new/s, {clock(elapsed)} elapsed, {clock(left)} left"
        )

    def _write(self, text):
        if not text:
            return
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")  # it would add a newline
        else:
            self.stream.write(text)
        self.stream.flush()


def clock(seconds):
    return str(datetime.timedelta(seconds=round(seconds)))
