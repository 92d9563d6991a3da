"""The collector pause is counted across threads and restores what it found."""

from __future__ import annotations

import gc
import threading

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
