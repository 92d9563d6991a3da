"""The collector pause is counted across threads and restores what it found."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest

from configurator import gcpause


def test_nested_pauses_enable_the_collector_only_after_the_last() -> None:
    assert gc.isenabled()
    gcpause.pause()
    with gcpause.gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the outer pause still holds
    t = threading.Thread(target=gcpause.resume)  # the app resumes on another thread than it paused
    t.start()
    t.join()
    assert gc.isenabled()


def test_a_collector_the_user_disabled_stays_disabled() -> None:
    gc.disable()
    try:
        with gcpause.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_resume_without_pause_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        gcpause.resume()
    assert gc.isenabled()


def test_what_lives_through_a_pause_is_counted_old_and_stays_collectable() -> None:
    gc.collect()
    with gcpause.gc_paused():
        made = [[k] for k in range(2000)]
        gcpause.age_survivors()
        assert gc.get_count()[0] < 100
        young = {id(o) for o in gc.get_objects(0)}
        assert not any(id(o) in young for o in made)
        oldest = {id(o) for o in gc.get_objects(2)}
        assert all(id(o) in oldest for o in made)
    assert gc.get_freeze_count() == 0  # nothing is left out of the collections
    cycle: list[object] = []
    cycle.append(cycle)
    with gcpause.gc_paused():
        gcpause.age_survivors()
    del cycle
    assert gc.collect() >= 1  # a cycle that lived through the pause is still collected


def test_validate_counts_what_is_left_as_old(monkeypatch: pytest.MonkeyPatch) -> None:
    from configurator import cli
    from tests.conftest import EXAMPLES

    calls: list[bool] = []
    monkeypatch.setattr(gcpause, "age_survivors", lambda: calls.append(gc.isenabled()))
    assert cli.main(["validate", str(EXAMPLES / "mixed.iij-order.json")]) == 0
    assert calls == [False]  # once, while the collector is still paused


def test_large_blocks_are_kept_apart_on_glibc_and_nothing_is_done_elsewhere(monkeypatch: Any) -> None:
    """configurator.memory.keep_large_blocks_apart: glibc accepts the threshold (mallopt returns 1);
    on Windows or macOS nothing is called."""
    import ctypes
    import platform
    import sys

    from configurator import memory

    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert memory.keep_large_blocks_apart() is True
        libc = ctypes.CDLL(None)
        assert libc.mallopt(memory._M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD) == 1
    monkeypatch.setattr(sys, "platform", "win32")
    assert memory.keep_large_blocks_apart() is False
