"""`python -m configurator validate`: output, JSON shape and exit codes of order-format.md."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES, run_cli


def test_valid_order_exits_0() -> None:
    r = run_cli("validate", str(EXAMPLES / "mixed.iij-order.json"))
    assert r.returncode == 0, r.stderr.decode()
    assert "問題はありません" in r.stdout.decode()


def test_order_with_errors_exits_1_and_lists_every_issue() -> None:
    r = run_cli("validate", str(EXAMPLES / "invalid" / "rule-errors.iij-order.json"))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert "エラー 6件、警告 1件" in out
    assert "根拠: 個別規程 IIJマネージドVPN PROサービス 第17条第2項第7号" in out
    assert "修正案: 機器を Cisco C1121-8P に変更する" in out


def test_json_output_has_the_contract_fields() -> None:
    r = run_cli("validate", "--json", str(EXAMPLES / "invalid" / "rule-errors.iij-order.json"))
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["valid"] is False
    for issue in data["issues"]:
        assert {"rule", "severity", "path", "message", "citation"} <= set(issue)
        assert issue["severity"] in ("error", "warning")
        assert issue["path"].startswith("/")
    warn = [i for i in data["issues"] if i["severity"] == "warning"]
    assert [w["rule"] for w in warn] == ["auth.setup.acknowledged"]


def test_warnings_only_is_valid_and_exits_0() -> None:
    doc = json.loads((EXAMPLES / "auth.iij-order.json").read_text(encoding="utf-8"))
    doc["auth_units"][0]["setup_acknowledged"] = False
    r = run_cli("validate", "--json", "-", stdin=json.dumps(doc).encode())
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert data["valid"] is True and len(data["issues"]) == 1


def test_stdin_is_read_with_a_dash() -> None:
    r = run_cli("validate", "-", stdin=(EXAMPLES / "vpn.iij-order.json").read_bytes())
    assert r.returncode == 0


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("not-json.iij-order.json", "JSONとして読めません"),
        ("wrong-type.iij-order.json", "/vpn_networks/0/children/1/term_years"),
        ("unknown-format.iij-order.json", "iij-order/9"),
    ],
)
def test_malformed_input_exits_2_with_a_japanese_message(name: str, words: str) -> None:
    r = run_cli("validate", str(EXAMPLES / "invalid" / name))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert words in err and "行目" in err
    assert "Traceback" not in err and r.stdout == b""


def test_nul_bytes_and_huge_input_on_stdin_exit_2() -> None:
    r = run_cli("validate", "-", stdin=b'{"format": "iij-order/1"}\x00')
    assert r.returncode == 2 and "NUL" in r.stderr.decode()
    r = run_cli("validate", "-", stdin=b" " * (50 * 1024 * 1024))
    assert r.returncode == 2 and "大きすぎます" in r.stderr.decode()
    assert "Traceback" not in r.stderr.decode()


def test_bad_usage_exits_2_in_japanese() -> None:
    r = run_cli("validate")
    assert r.returncode == 2 and "次の引数が必要です" in r.stderr.decode()
    r = run_cli("frobnicate")
    assert r.returncode == 2


def test_missing_file_exits_2() -> None:
    r = run_cli("validate", "/nonexistent/o.json")
    assert r.returncode == 2 and "見つかりません" in r.stderr.decode()


def test_choices_command_explains_disabled_values() -> None:
    r = run_cli(
        "choices",
        str(EXAMPLES / "vpn.iij-order.json"),
        "/vpn_networks/0/children/1/options/additional_license",
    )
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "× true" in out and "第17条第2項第7号" in out


def test_validate_path_imports_neither_qt_nor_reportlab() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from configurator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['validate', r'{EXAMPLES / 'mixed.iij-order.json'}'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'reportlab', 'ui')]\n"
        "print(bad)\n"
    )
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
