"""Issue 22 item 1: memory after a day of use. The PDFs are built on worker threads; glibc keeps what
such a job freed in that thread's heap, scattered between the blocks still in use, and the resident
memory of the app crept up job after job. When a job ends, the free pages go back to the system."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from tests.ui.monkey import rss_mb
from ui.jobs import Jobs

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="glibc's allocator; others return memory their own way"
)


def test_what_a_background_job_freed_goes_back_to_the_system(qtbot: Any) -> None:
    jobs = Jobs()
    before = rss_mb()

    def work() -> list[bytes]:
        blocks = [bytes(16 * 1024) for _ in range(8 * 1024)]  # 128 MB, as a large PDF build uses
        return blocks[::16]  # 8 MB kept (the result), the rest freed in holes between them

    kept: list[list[bytes]] = []
    with qtbot.waitSignal(jobs.finished, timeout=60_000):
        jobs.run(work, success=kept.append)
    assert len(kept[0]) == 512
    grown = rss_mb() - before
    assert grown < 32, f"{grown:.0f} MB more resident after a job that kept 8 MB"
