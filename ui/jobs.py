"""One helper for every long operation of the app (building PDFs for export and preview): the work runs
on a worker thread, its result or its failure comes back on the UI thread. In the manner of Anki's
CollectionOp/QueryOp:

    jobs.run(lambda: export.export(kind, order, path, options), success=done, failure=failed, name="export")

`work` must not touch Qt (no widgets, no Qt objects): it gets plain data captured from the UI beforehand.
`success(result)` and `failure(message)` are called on the UI thread, after the worker thread has ended.

A job that can be stopped and tells how far it is (printing) gets a Step: `run_steps(work, ...)` calls
`work(step)`; the work calls `step.report(done, total)` (delivered as `progress(token, done, total)` on the
UI thread) and `step.check()` between its parts, which raises Cancelled once `cancel(token)` was called.
A cancelled job calls its `cancelled` callback instead of success or failure.

Qt objects must be destroyed on the thread that owns them. Two things could destroy one on a worker
thread, and both are ruled out here (the fix first made in the wizard's ExportWorker):
- a cyclic garbage collection started by the worker's allocations, which may free Qt wrappers left in
  cycles by the UI: the collector is paused on the UI thread before the worker starts and resumed on
  the UI thread after it has ended (configurator.gcpause);
- the worker thread dropping the last reference to something: the Jobs object is kept in _RUNNING
  while a job runs; the work, its result and its exception are held by the job's record, which only
  the UI thread lets go of (after joining the thread).
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from configurator import gcpause, memory
from configurator.errors import KnownError
from configurator.text.i18n import _, error_text


class Cancelled(Exception):
    """Raised by Step.check() in a job the user stopped."""


class Step:
    """What a worker sees of its job: whether it was stopped, and where to say how far it is. Plain
    Python: the stop flag is a threading.Event, the report goes out through the job's signal."""

    def __init__(self, token: int, emit: Callable[[int, int, int], object]) -> None:
        self.token = token
        self.stop = threading.Event()
        self._emit = emit

    def check(self) -> None:
        if self.stop.is_set():
            raise Cancelled()

    def report(self, done: int, total: int) -> None:
        self.check()
        self._emit(self.token, done, total)


@dataclass
class _Job:
    name: str
    work: Callable[[], None]
    success: Callable[[Any], object] | None
    failure: Callable[[str], object] | None
    cancelled: Callable[[], object] | None = None
    step: Step | None = None
    thread: threading.Thread | None = None
    result: list[Any] = field(default_factory=list)  # filled on the worker thread, read on the UI thread
    error: list[BaseException] = field(default_factory=list)


_RUNNING: set[Jobs] = set()


def failure_text(exc: BaseException) -> str:
    """What the user reads when a job failed: the known problem in words, or a bug with its name (the
    details go to the error log in the data folder)."""
    if isinstance(exc, KnownError):
        return error_text(exc)
    from configurator.store.errorlog import write_error_log

    write_error_log("".join(traceback.format_exception(exc)))
    return _('作成できませんでした(アプリの不具合): {__name__}: {exc}').format(
        __name__=type(exc).__name__, exc=exc
    )


class Jobs(QObject):
    """Runs jobs on worker threads for one screen. `started(token)` when one starts, `finished(token)`
    after its success or failure callback has run (on the UI thread)."""

    started = Signal(int)
    finished = Signal(int)
    progress = Signal(int, int, int)  # token, done, total (run_steps jobs)
    _done = Signal(int)  # emitted on the worker thread, delivered on the UI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[int, _Job] = {}
        self._next = 0
        self._done.connect(self._on_done)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def running(self, name: str) -> bool:
        return any(job.name == name for job in self._jobs.values())

    def run(
        self,
        work: Callable[[], Any],
        success: Callable[[Any], object] | None = None,
        failure: Callable[[str], object] | None = None,
        name: str = "job",
    ) -> int:
        """Start `work` on a worker thread; returns the job's token."""
        return self._start(lambda _step: work(), success, failure, None, name)

    def run_steps(
        self,
        work: Callable[[Step], Any],
        success: Callable[[Any], object] | None = None,
        failure: Callable[[str], object] | None = None,
        cancelled: Callable[[], object] | None = None,
        name: str = "job",
    ) -> int:
        """Start `work(step)` on a worker thread: it can report progress and be cancelled (cancel(token))."""
        return self._start(work, success, failure, cancelled, name)

    def cancel(self, token: int) -> bool:
        """Ask a run_steps job to stop at its next step.check(); False when it is not running."""
        job = self._jobs.get(token)
        if job is None or job.step is None:
            return False
        job.step.stop.set()
        return True

    def _start(
        self,
        work: Callable[[Step], Any],
        success: Callable[[Any], object] | None,
        failure: Callable[[str], object] | None,
        cancelled: Callable[[], object] | None,
        name: str,
    ) -> int:
        self._next += 1
        token = self._next
        done = self._done
        job = _Job(name, lambda: None, success, failure, cancelled, Step(token, self.progress.emit))
        step = job.step
        assert step is not None

        def body() -> None:
            try:
                job.result.append(work(step))
            except BaseException as exc:  # every failure is told on the UI thread
                job.error.append(exc)
            # "Signal source has been deleted": the app quit while the job ran, there is nobody to tell
            with contextlib.suppress(RuntimeError):
                done.emit(token)

        job.work = body
        job.thread = threading.Thread(target=body, daemon=True, name=f"job-{name}-{token}")
        self._jobs[token] = job
        _RUNNING.add(self)
        gcpause.pause()
        try:
            job.thread.start()
        except BaseException:
            gcpause.resume()
            del self._jobs[token]
            if not self._jobs:
                _RUNNING.discard(self)
            raise
        self.started.emit(token)
        return token

    def _on_done(self, token: int) -> None:
        job = self._jobs.pop(token, None)
        if job is None:
            return
        if job.thread is not None:
            job.thread.join()  # it only returns after emitting
        gcpause.resume()
        if not self._jobs:
            _RUNNING.discard(self)
            memory.release_free_memory()  # what the job freed, given back to the system (glibc)
        try:
            if job.error and isinstance(job.error[0], Cancelled):
                if job.cancelled is not None:
                    job.cancelled()
            elif job.error:
                message = failure_text(job.error[0])
                if job.failure is not None:
                    job.failure(message)
            elif job.success is not None:
                job.success(job.result[0])
        finally:
            self.finished.emit(token)
