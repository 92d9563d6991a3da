"""The command line: `python -m configurator` (GUI) or `python -m configurator SUBCOMMAND` (headless).

Exit codes follow order-format.md: validate 0 valid / 1 errors / 2 malformed input or bad usage.
A known problem is told in Japanese on stderr; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from configurator.errors import KnownError

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_BUG = 70


class _Parser(argparse.ArgumentParser):
    """argparse with Japanese errors, exit 2 on bad usage."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        ja = (
            message.replace("the following arguments are required", "次の引数が必要です")
            .replace("unrecognized arguments", "不明な引数")
            .replace("invalid choice", "選べない値")
            .replace("argument", "引数")
            .replace("expected one argument", "値が1つ必要です")
        )
        sys.stderr.write(f"{self.prog}: エラー: {ja}\n")
        sys.exit(EXIT_USAGE)


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _json_out(obj: Any) -> None:
    _out(json.dumps(obj, ensure_ascii=False, indent=2))


# --- validate ---------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from configurator.order import load
    from configurator.pricebook import sample_price_book
    from configurator.rules import has_errors, validate

    doc = load(args.file)
    book = _price_book(args) if args.price_book else sample_price_book()
    issues = validate(doc, price_book=book)
    valid = not has_errors(issues)
    if args.json:
        _json_out({"valid": valid, "issues": [i.to_json() for i in issues]})
    else:
        _print_issues(doc, issues)
    return EXIT_OK if valid else EXIT_ERRORS


_SEVERITY_JA = {"error": "エラー", "warning": "警告"}


def _print_issues(doc: dict[str, Any], issues: list[Any]) -> None:
    title = doc.get("title") or "(件名なし)"
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    lines = [f"注文: {title}"]
    if not issues:
        lines.append("問題はありません。見積書・申込書を作成できます。")
    else:
        lines.append(f"エラー {errors}件、警告 {warnings}件" + ("(エラーがあるため見積書・申込書は作成できません)" if errors else ""))
    for i in issues:
        lines.append("")
        lines.append(f"[{_SEVERITY_JA[i.severity]}] {i.rule}  {i.path or '/'}")
        lines.append(f"  {i.message}")
        lines.append(f"  根拠: {i.cite()}")
        for s in i.suggestions:
            lines.append(f"  修正案: {s.label}")
    _out("\n".join(lines))


# --- choices ----------------------------------------------------------------------------------


def cmd_choices(args: argparse.Namespace) -> int:
    from configurator.choices import NoChoices, choices
    from configurator.order import load

    doc = load(args.file)
    try:
        result = choices(doc, args.pointer)
    except NoChoices:
        raise KnownError(
            f"{args.pointer} は選択肢のある項目ではありません。",
            f"{args.pointer} has no list of choices.",
        ) from None
    if args.json:
        _json_out([c.to_json() for c in result])
    else:
        for c in result:
            mark = "○" if c.allowed else "×"
            line = f"{mark} {json.dumps(c.value, ensure_ascii=False)}  {c.label}"
            if not c.allowed:
                line += f"  … {c.reason}({c.rule} {c.citation})"
            for q in c.consequences:
                line += f"\n     ※ 選ぶと: {q.message}"
            _out(line)
    return EXIT_OK


def _price_book(args: argparse.Namespace) -> Any:
    from configurator.pricebook import read_price_book

    return read_price_book(args.price_book)


# --- the parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="iij-configurator",
        description="IIJマネージドVPN PRO / IIJ認証アウトソース 注文構成ツール。"
        "引数なしでデスクトップアプリを開き、サブコマンドでヘッドレスに動きます。",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    v = sub.add_parser("validate", help="注文ファイルを規程の全ルールで検査する (0 正常 / 1 エラーあり / 2 読めない)")
    v.add_argument("file", help="注文ファイル(.iij-order.json)、- で標準入力")
    v.add_argument("--json", action="store_true", help="結果をJSONで出力する")
    v.add_argument("--price-book", metavar="FILE", help="価格表ファイル(省略時はサンプル価格)")
    v.set_defaults(func=cmd_validate)

    c = sub.add_parser("choices", help="項目の選択肢と、選べない値の理由を表示する")
    c.add_argument("file")
    c.add_argument("pointer", help="項目のJSONポインタ(例 /vpn_networks/0/parent/device)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_choices)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return p


#: Further subcommands register themselves here (price, calc, pricebook, drafts, quote, form, import).
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def _load_extra_commands() -> None:
    import importlib

    for mod in ("configurator.cli_price",):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        from ui.app import run  # the desktop app; Qt is imported only here

        return run()
    _load_extra_commands()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
        return code
    except KnownError as exc:
        sys.stderr.write(f"エラー: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("中断しました。\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        sys.stderr.write(
            f"予期しないエラーが発生しました(アプリの不具合です): {type(exc).__name__}: {exc}\n"
            "この注文ファイルを添えて開発担当にご連絡ください。\n"
        )
        return EXIT_BUG
