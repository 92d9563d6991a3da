"""desktop install/uninstall: the menu entry, icon and file type for this user (Linux)."""

from __future__ import annotations

import argparse
from typing import Any

from configurator.commands.output import EXIT_OK, out
from configurator.text.i18n import _


def cmd_desktop(args: argparse.Namespace) -> int:
    from configurator import desktop

    if args.desktop_command == "install":
        paths = desktop.install()
        out(_('メニューに登録しました(アイコン・注文ファイルの種類 *.iij-order.json を含む):'))
    else:
        paths = desktop.uninstall()
        out(_('メニューへの登録を取り消しました:') if paths else _('メニューに登録されていません。'))
    for path in paths:
        out(f"  {path}")
    return EXIT_OK


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    de = sub.add_parser(
        "desktop",
        help=_('デスクトップのメニュー・アイコン・注文ファイルの関連付けを登録する(Linux、利用者ごと)'),
    )
    des = de.add_subparsers(
        dest="desktop_command",
        metavar="ACTION",
        parser_class=parser_class,
        required=True,
        help=_('操作(下の一覧から)'),
    )
    des.add_parser("install", help=_('利用者のデータフォルダ(~/.local/share)に登録する'))
    des.add_parser("uninstall", help=_('登録したファイルを削除する'))
    de.set_defaults(func=cmd_desktop)
