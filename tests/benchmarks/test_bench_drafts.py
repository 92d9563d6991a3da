"""Draft store speed (issue #4): save a 1,000-site draft ≤ 30 ms; first page of 10,000 drafts ≤ 50 ms;
opening the store ≤ 50 ms (with its quick_check). Medians via `make bench`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from configurator.store.drafts import DraftStore
from tests.benchmarks.orders import big_order
from tests.conftest import example


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drafts10k")
    with DraftStore.open(folder) as s:
        s.db.execute("PRAGMA synchronous=OFF")  # setup only: the benchmarks below run with FULL
        doc = example("vpn.iij-order.json")
        for n in range(10_000):
            doc["title"] = f"案件 {n:05d}"
            doc["customer"]["name"] = f"株式会社テスト{n % 700:03d}"
            s.create(doc)
    return folder


def test_save_1000_site_draft(benchmark: Any, tmp_path: Path) -> None:
    doc = big_order(1000)
    with DraftStore.open(tmp_path) as s:
        res = s.create(doc)
        state = {"rev": res.rev}

        def save() -> None:
            state["rev"] = s.save(res.draft_id, doc, state["rev"]).rev

        benchmark.pedantic(save, rounds=30, iterations=1, warmup_rounds=2)
        assert s.info(res.draft_id).rev == state["rev"]


def test_first_page_of_10000(benchmark: Any, big_store: Path) -> None:
    with DraftStore.open(big_store) as s:
        rows = benchmark(s.list, None, None, False, "updated", True, 50, 0)
        assert len(rows) == 50 and rows[0].title == "案件 09999"


def test_search_10000(benchmark: Any, big_store: Path) -> None:
    with DraftStore.open(big_store) as s:
        rows = benchmark(s.list, "テスト123", None, False, "updated", True, 50, 0)
        assert rows and all("テスト123" in r.customer for r in rows)


def test_open_store_10000(benchmark: Any, big_store: Path) -> None:
    def open_close() -> None:
        DraftStore.open(big_store).close()

    benchmark.pedantic(open_close, rounds=15, iterations=1, warmup_rounds=1)
