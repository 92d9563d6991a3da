"""ui/jobs.py: long operations on a worker thread, their outcome on the UI thread, and nothing of the UI
ever freed or collected on the worker thread."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any, ClassVar

from configurator.errors import KnownError


class Tracked:
    """Records the thread it is freed on."""

    freed_on: ClassVar[list[str]] = []

    def __del__(self) -> None:
        Tracked.freed_on.append(threading.current_thread().name)


def test_the_result_comes_back_on_the_ui_thread(qtbot: Any) -> None:
    from ui.jobs import Jobs

    jobs = Jobs()
    seen: list[Any] = []
    release = threading.Event()

    def work() -> int:
        release.wait(10)  # the UI thread is still free while the job runs
        seen.append(threading.current_thread().name)
        return 42

    with qtbot.waitSignal(jobs.finished, timeout=10000):
        jobs.run(work, success=lambda r: seen.append((r, threading.current_thread().name)), name="answer")
        assert jobs.busy and jobs.running("answer")
        release.set()
    assert seen[0].startswith("job-answer-") and seen[1] == (42, threading.main_thread().name)
    assert not jobs.busy


def test_a_known_problem_is_told_in_its_words_and_a_bug_is_logged(qtbot: Any, data_dir: Path) -> None:
    from ui.jobs import Jobs

    jobs = Jobs()
    told: list[str] = []

    def refused() -> None:
        raise KnownError("保存先のフォルダ /x がありません。", "The folder /x does not exist.")

    def broken() -> None:
        raise ZeroDivisionError("division by zero")

    with qtbot.waitSignal(jobs.finished, timeout=10000):
        jobs.run(refused, success=lambda _r: told.append("success?"), failure=told.append)
    with qtbot.waitSignal(jobs.finished, timeout=10000):
        jobs.run(broken, failure=told.append)
    assert told[0] == "保存先のフォルダ /x がありません。"
    assert "アプリの不具合" in told[1] and "ZeroDivisionError" in told[1]
    [log] = (data_dir / "logs").glob("error-*.txt")
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


def test_nothing_is_collected_or_freed_on_the_worker_thread(qtbot: Any) -> None:
    """What the work captured and what it returned are freed on the UI thread, and every cyclic
    collection during the job starts there; the collector runs again afterwards."""
    from ui.jobs import Jobs

    jobs = Jobs()
    Tracked.freed_on = []
    captured = Tracked()
    collections: list[str] = []

    def record(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            collections.append(threading.current_thread().name)

    def work(obj: Tracked = captured) -> Tracked:
        for _ in range(50000):  # garbage far past the collector's threshold
            a: list[Any] = []
            a.append(a)
        return Tracked()

    gc.callbacks.append(record)
    try:
        with qtbot.waitSignal(jobs.finished, timeout=30000):
            jobs.run(work, success=lambda _r: None)
            del work, captured
    finally:
        gc.callbacks.remove(record)
    gc.collect()
    assert len(Tracked.freed_on) == 2 and set(Tracked.freed_on) == {threading.main_thread().name}
    assert [t for t in collections if t != threading.main_thread().name] == []
    assert gc.isenabled()


def test_a_stepped_job_tells_its_progress_and_can_be_stopped(qtbot: Any) -> None:
    from ui.jobs import Jobs, Step

    jobs = Jobs()
    seen: list[Any] = []
    jobs.progress.connect(
        lambda token, done, total: seen.append((done, total, threading.current_thread().name))
    )
    gate = threading.Event()

    def work(step: Step) -> str:
        step.report(0, 3)
        gate.wait(10)  # the user presses 中止 here
        step.report(1, 3)  # raises Cancelled: nothing after this runs
        seen.append("went on")
        return "done"

    outcome: list[str] = []
    with qtbot.waitSignal(jobs.finished, timeout=10000):
        token = jobs.run_steps(
            work,
            success=lambda r: outcome.append(r),
            failure=outcome.append,
            cancelled=lambda: outcome.append("cancelled"),
            name="steps",
        )
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
        assert jobs.cancel(token)
        gate.set()
    assert outcome == ["cancelled"]  # neither a success nor an error dialog
    assert seen == [(0, 3, threading.main_thread().name)]
    assert not jobs.cancel(token)  # over


def test_a_job_whose_jobs_object_was_deleted_ends_quietly(monkeypatch: Any) -> None:
    """The app quit while a job ran (the guide's images decoding): its thread ends without a traceback."""
    import threading

    import shiboken6

    from configurator import gcpause
    from ui import jobs as jobs_module

    errors: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    go = threading.Event()
    jobs = jobs_module.Jobs()
    jobs.run(lambda: go.wait(30))
    thread = next(iter(jobs._jobs.values())).thread
    assert thread is not None
    shiboken6.delete(jobs)
    go.set()
    thread.join(30)
    assert errors == []
    gcpause.resume()  # what the UI thread would have done on the job's end
    jobs_module._RUNNING.discard(jobs)
