"""The order document: loading, refusing malformed input with the place named, saving, patching."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from configurator.errors import MalformedOrder
from configurator.order.document import MAX_BYTES, dumps, load, parse, save
from configurator.order.patch import apply_patch, get
from tests.conftest import EXAMPLES, example


def test_examples_load_and_round_trip(tmp_path: Path) -> None:
    for name in ("vpn.iij-order.json", "auth.iij-order.json", "mixed.iij-order.json"):
        doc = load(EXAMPLES / name)
        out = tmp_path / name
        save(doc, out)
        assert load(out) == doc
        assert json.loads(out.read_text(encoding="utf-8")) == doc


def test_unknown_fields_survive_a_round_trip(tmp_path: Path) -> None:
    doc = example("mixed.iij-order.json")
    doc["x_sales_memo"] = {"note": "営業メモ"}
    doc["vpn_networks"][0]["parent"]["x_rack"] = "B-12"
    save(doc, tmp_path / "o.json")
    assert load(tmp_path / "o.json") == doc


def _refused(data: bytes | str) -> MalformedOrder:
    with pytest.raises(MalformedOrder) as info:
        parse(data, source="test.json")
    return info.value


def test_not_json_names_the_line() -> None:
    err = _refused(b'{\n  "format": "iij-order/1",\n  "title": \n}')
    assert err.line == 4
    assert "JSONとして読めません" in err.message


def test_wrong_type_names_the_pointer_and_line() -> None:
    err = _refused((EXAMPLES / "invalid" / "wrong-type.iij-order.json").read_bytes())
    assert err.pointer == "/vpn_networks/0/children/1/term_years"
    assert err.line is not None
    text = (EXAMPLES / "invalid" / "wrong-type.iij-order.json").read_text(encoding="utf-8").splitlines()
    assert '"3年"' in text[err.line - 1]
    assert "整数" in err.message


@pytest.mark.parametrize(
    ("doc", "pointer", "words"),
    [
        ({"format": "iij-order/2"}, "/format", "この版では読めません"),
        ({"format": "something"}, "/format", "IIJ注文ファイルか"),
        ({"title": "x"}, "/format", '"format" がありません'),
        ({"format": "iij-order/1", "vpn_networks": {}}, "/vpn_networks", "配列"),
        ({"format": "iij-order/1", "vpn_networks": [{"name": "x"}]}, "/vpn_networks/0", '"id"'),
        (
            {"format": "iij-order/1", "auth_units": [{"id": "u", "large_scale_private_gateway": "yes"}]},
            "/auth_units/0/large_scale_private_gateway",
            "true/false",
        ),
    ],
)
def test_malformed_documents_are_refused_with_the_place(doc: dict, pointer: str, words: str) -> None:
    err = _refused(json.dumps(doc))
    assert err.pointer == pointer
    assert words in err.message


def test_top_level_must_be_an_object() -> None:
    assert _refused(b"[1, 2]").pointer == ""


def test_nul_bytes_are_refused() -> None:
    err = _refused(b'{"format": "iij-order/1",\n "title": "a\x00b"}')
    assert "NUL" in err.message and err.line == 2


def test_invalid_utf8_is_refused() -> None:
    assert "UTF-8" in _refused('{"format": "iij-order/1", "title": "注文"}'.encode("shift_jis")).message


def test_duplicate_keys_and_nan_are_refused() -> None:
    assert "2回" in _refused(b'{"format": "iij-order/1", "title": "a", "title": "b"}').message
    assert "NaN" in _refused(b'{"format": "iij-order/1", "x": NaN}').message


def test_duplicate_ids_are_refused() -> None:
    doc = example("mixed.iij-order.json")
    doc["auth_units"][0]["proxies"][0]["id"] = "cl-1"
    err = _refused(json.dumps(doc))
    assert err.pointer == "/auth_units/0/proxies/0/id"
    doc = example("mixed.iij-order.json")
    doc["vpn_networks"][0]["children"][1]["id"] = "osaka"
    assert _refused(json.dumps(doc)).pointer == "/vpn_networks/0/children/1/id"


def test_deep_nesting_is_refused() -> None:
    assert "入れ子" in _refused(b"[" * 100000 + b"]" * 100000).message


def test_large_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.write(b'{"format": "iij-order/1", "title": "')
        fh.write(b"a" * (50 * 1024 * 1024))
        fh.write(b'"}')
    with pytest.raises(MalformedOrder) as info:
        load(big)
    assert "大きすぎます" in info.value.message
    assert MAX_BYTES < 50 * 1024 * 1024


def test_missing_file_and_folder_are_told_clearly(tmp_path: Path) -> None:
    with pytest.raises(MalformedOrder, match="見つかりません"):
        load(tmp_path / "nope.json")
    with pytest.raises(MalformedOrder, match="フォルダ"):
        load(tmp_path)


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "o.iij-order.json"
    target.write_text("old", encoding="utf-8")

    class Boom:
        pass

    with pytest.raises(TypeError):
        save({"format": "iij-order/1", "x": Boom()}, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["o.iij-order.json"]


def test_pointer_get_and_patch() -> None:
    doc = example("mixed.iij-order.json")
    assert get(doc, "/vpn_networks/0/children/0/device") == "c1121_8p"
    assert get(doc, "/vpn_networks/9/x") is None
    out = apply_patch(
        doc,
        [
            {"op": "replace", "path": "/vpn_networks/0/children/0/device", "value": "isr4351"},
            {"op": "remove", "path": "/vpn_networks/0/children/2"},
        ],
    )
    assert get(out, "/vpn_networks/0/children/0/device") == "isr4351"
    assert len(out["vpn_networks"][0]["children"]) == 2
    assert get(doc, "/vpn_networks/0/children/0/device") == "c1121_8p"  # the original is untouched


def test_dumps_keeps_japanese_readable() -> None:
    assert "株式会社サンプル" in dumps(example("mixed.iij-order.json"))


def _mutations(doc: Any, path: tuple[Any, ...] = ()) -> Any:
    """Every document made by putting a value of another kind at one place of `doc`."""
    odd: list[Any] = [None, 1, -1, 1.5, "x", "2026-13-45", True, [], {}]
    node = doc
    for p in path:
        node = node[p]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, _value in children:
        for value in odd:
            mutated = copy.deepcopy(doc)
            target = mutated
            for p in path:
                target = target[p]
            target[key] = value
            yield mutated
        yield from _mutations(doc, (*path, key))


def test_the_fast_schema_check_agrees_with_the_detailed_one() -> None:
    """The compiled validator decides; jsonschema explains. They must never disagree, or a document the
    detailed check refuses would load (or a valid one be refused with no fault to show)."""
    from configurator.order.document import _fast_validator, _validator

    fast, detailed = _fast_validator(), _validator()
    tried = refused = 0
    for name in ("mixed.iij-order.json", "auth.iij-order.json", "vpn.iij-order.json"):
        for doc in _mutations(example(name)):
            agree = fast.is_valid(doc) == (not any(detailed.iter_errors(doc)))
            assert agree, json.dumps(doc, ensure_ascii=False)[:300]
            tried += 1
            refused += not fast.is_valid(doc)
    assert tried > 1000 and refused > 300  # the mutations reach every kind of fault


def test_a_file_cut_short_is_told_as_such() -> None:
    """A file that stops mid-document (saved or copied in part) says so, not "カンマがありません" at a place
    past its last line."""
    whole = (EXAMPLES / "contracted.iij-order.json").read_bytes()
    for cut in (whole[:2000], whole[: whole.index(b'"name"') + 4]):
        err = _refused(cut)
        assert "途中で終わっています" in err.message and "カンマ" not in err.message
        assert "ends early" in err.message_en
    err = _refused(b'{\n  "format": "iij-order/1",\n  "title": \n}')  # a value missing, not a cut
    assert "途中" not in err.message


def test_an_imported_contracted_order_is_listed_as_contracted(tmp_path: Path) -> None:
    """`drafts import` of an order marked contracted listed it as 作成中 (as the app's ファイルを開く did)."""
    from tests.conftest import run_cli

    env = {"IIJ_CONFIGURATOR_DATA": str(tmp_path / "data")}
    r = run_cli("drafts", "import", str(EXAMPLES / "contracted.iij-order.json"), env=env)
    assert r.returncode == 0, r.stderr.decode()
    r = run_cli("drafts", "list", "--json", env=env)
    assert [row["status_label"] for row in json.loads(r.stdout)] == ["契約済"]
