"""The command line's own texts: every argument explained, argparse's headings in the UI language,
--version, and an unexpected error kept in a log whose path is told."""

from __future__ import annotations

import argparse
import io
import json
import os
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli


def _parsers(
    parser: argparse.ArgumentParser, name: str = "iij-configurator"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def _parser(lang: str) -> argparse.ArgumentParser:
    from configurator.cli import build_parser
    from configurator.text import i18n

    i18n.install(lang)
    try:
        return build_parser()
    finally:
        i18n.install("ja")


def test_every_argument_of_every_command_has_help() -> None:
    missing = [
        f"{name}: {action.option_strings or action.dest}"
        for name, parser in _parsers(_parser("ja"))
        for action in parser._actions
        if action.help != argparse.SUPPRESS and not (action.help or "").strip()
    ]
    assert missing == []


def test_the_subcommand_list_of_the_launcher_is_the_parsers() -> None:
    from configurator.cli import COMMANDS

    top = next(a for a in _parser("ja")._actions if isinstance(a, argparse._SubParsersAction))
    assert set(COMMANDS) == set(top.choices)


def test_help_headings_are_japanese() -> None:
    r = run_cli("validate", "--help", env={"IIJ_CONFIGURATOR_LANG": "ja"})
    out = r.stdout.decode()
    assert r.returncode == 0
    assert "使い方: iij-configurator validate" in out and "位置引数:" in out and "オプション:" in out
    assert "このヘルプを表示して終了する" in out
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in out


def test_help_headings_are_english_in_english() -> None:
    r = run_cli("--help", env={"IIJ_CONFIGURATOR_LANG": "en"})
    out = r.stdout.decode()
    assert r.returncode == 0
    assert (
        "usage: iij-configurator" in out
        and "options:" in out.lower()
        and "show this help message and exit" in out
    )
    assert "--version" in out and "使い方" not in out


def test_version_names_the_app_the_tariffs_and_the_price_book(tmp_path: Path) -> None:
    from configurator import __version__

    r = run_cli("--version", env={"IIJ_CONFIGURATOR_DATA": str(tmp_path)})
    out = r.stdout.decode()
    assert r.returncode == 0
    assert f"iij-configurator {__version__}" in out
    assert "2024-08-01" in out and "2024-07-04" in out  # the effective dates of both tariffs
    assert "SAMPLE-2026.11" in out and "サンプル価格" in out
    english = run_cli(
        "--version", env={"IIJ_CONFIGURATOR_DATA": str(tmp_path), "IIJ_CONFIGURATOR_LANG": "en"}
    )
    assert "IIJ Managed VPN PRO Service as of 2024-08-01" in english.stdout.decode()


def test_a_bad_int_is_told_in_japanese() -> None:
    r = run_cli("drafts", "history", "abc")
    err = r.stderr.decode()
    assert r.returncode == 2 and "整数ではない値" in err and "使い方:" in err


def test_an_unexpected_error_is_logged_and_its_path_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import configurator.cli as cli

    def broken(args: argparse.Namespace) -> int:
        raise RuntimeError("simulated bug")

    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path))
    monkeypatch.setattr(cli, "cmd_validate", broken)
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = cli.main(["validate", str(EXAMPLES / "vpn.iij-order.json")])
    assert code == cli.EXIT_BUG
    text = err.getvalue()
    assert "予期しないエラー" in text and "Traceback" not in text
    logs = sorted((tmp_path / "logs").glob("error-*.txt"))
    assert len(logs) == 1 and str(logs[0]) in text
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: simulated bug" in log and "validate" in log


def test_a_file_that_is_not_there_is_told_not_opened(tmp_path: Path) -> None:
    r = run_cli(str(tmp_path / "nosuch.iij-order.json"), env={"IIJ_CONFIGURATOR_DATA": str(tmp_path)})
    err = r.stderr.decode()
    assert r.returncode == 2 and "nosuch.iij-order.json" in err and "見つかりません" in err


def test_no_display_is_said_instead_of_an_invisible_app(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["IIJ_CONFIGURATOR_DATA"] = str(tmp_path)
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux (X11 or Wayland)")
    for extra in ({}, {"QT_QPA_PLATFORM": "offscreen"}):
        r = subprocess.run(
            [sys.executable, "-m", "configurator"],
            capture_output=True,
            cwd=ROOT,
            env={**env, **extra},
            timeout=120,
        )
        assert r.returncode == 2 and "画面(ディスプレイ)がない" in r.stderr.decode()
    assert not (tmp_path / "drafts.sqlite3").exists()  # nothing was started


def test_the_about_command_still_answers_in_json(tmp_path: Path) -> None:
    r = run_cli("about", "--json", env={"IIJ_CONFIGURATOR_DATA": str(tmp_path)})
    assert r.returncode == 0 and json.loads(r.stdout)["version"]


def test_the_parser_of_one_command_is_that_command_s_part_of_the_whole() -> None:
    """main() builds the parser of the command run only (build_parser(only=...)): its help, usage,
    defaults and parsed arguments are those of the whole parser, for every command and subcommand."""
    from configurator.cli import COMMANDS, build_parser, command_of

    whole = dict(_parsers(build_parser()))
    for command in COMMANDS:
        one = dict(_parsers(build_parser(only=command)))
        prefix = f"iij-configurator {command}"
        mine = {n for n in whole if n == prefix or n.startswith(prefix + " ")}
        assert set(one) == {"iij-configurator", *mine}, command
        for name in one:  # the top-level help lists one command: main() prints the whole parser's
            if name != "iij-configurator":
                assert one[name].format_help() == whole[name].format_help(), name
            assert one[name].format_usage() == whole[name].format_usage(), name
    args = ["--data-dir", "d", "quote", "--draft", "x.json", "-o", "q.pdf", "--date", "2026-11-22"]
    assert command_of(args) == "quote"
    assert vars(build_parser(only="quote").parse_args(args)) == vars(build_parser().parse_args(args))
    for asks_for_the_whole in (["--help", "quote"], ["--version"], ["--data", "d", "quote"], ["quot"], []):
        assert command_of(asks_for_the_whole) is None
    assert command_of(["--data-dir=d", "calc", "reduction"]) == "calc"
