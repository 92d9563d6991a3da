"""The spreadsheet commands: sites import/export (.csv, .xlsx, .ods) and quote-xlsx (the line items)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from configurator.commands.output import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    json_out,
    out,
    price_book,
    refuse_same_file,
)
from configurator.text.i18n import _


def cmd_sites_import(args: argparse.Namespace) -> int:
    from configurator.order.document import load, save
    from configurator.session.order_session import all_ids
    from configurator.session.sheets import order_sites, read_site_file

    refuse_same_file(args.output, args.sheet)  # the order itself may be written back with its sites
    doc = load(args.order) if args.order else None
    if doc is not None and not args.output:
        sys.stderr.write(_('エラー: 注文に拠点を加えるときは -o で書き出し先を指定してください。\n'))
        return EXIT_USAGE
    if doc is not None:
        order_sites(doc, args.network - 1)  # says so when there is no such network
    result = read_site_file(args.sheet, all_ids(doc) if doc is not None else None)
    refused = bool(result.errors)
    if args.json:
        json_out(
            {
                "sites": result.sites,
                "errors": result.errors,
                "warnings": result.warnings,
                "header_row": result.header_row,
                "source": result.source,
                "columns": [
                    {"column": c.letter, "header": c.header, "field": c.field, "note": c.note}
                    for c in result.columns
                ],
            }
        )
    else:
        out("\n".join(result.report()))
    if doc is not None and result.sites:
        doc["vpn_networks"][args.network - 1].setdefault("children", []).extend(result.sites)
        save(doc, args.output)
        if not args.json:
            out(
                _('{n}拠点をVPN網 {net} に加え、{output} に保存しました。').format(
                    n=len(result.sites), net=args.network, output=args.output
                )
            )
    return EXIT_ERRORS if refused else EXIT_OK


def cmd_sites_export(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.session.sheets import order_sites, sites_xlsx, write_file

    refuse_same_file(args.output, args.order)
    doc = load(args.order)
    sites = order_sites(doc, args.network - 1, parent=args.with_parent)
    write_file(args.output, sites_xlsx(sites))
    out(_('{n}拠点を {output} に書き出しました。').format(n=len(sites), output=args.output))
    return EXIT_OK


def cmd_quote_xlsx(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.pricing.quote import price_order
    from configurator.session.sheets import quote_xlsx, write_file

    refuse_same_file(args.output, args.order, args.price_book)
    doc = load(args.order)
    quote = price_order(doc, price_book(args))
    write_file(args.output, quote_xlsx(quote, doc))
    lines = sum(len(g.lines) for g in quote.groups.values())
    out(_('見積明細 {n}行を {output} に書き出しました。').format(n=lines, output=args.output))
    return EXIT_OK


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    si = sub.add_parser("sites", help=_('拠点の表(.xlsx・.ods・.csv)の取り込みと書き出し'))
    sis = si.add_subparsers(
        dest="sites_command",
        metavar="ACTION",
        parser_class=parser_class,
        required=True,
        help=_('操作(下の一覧から)'),
    )
    s_imp = sis.add_parser(
        "import",
        help=_(
            '拠点の表を読み、列の対応と取り込めない行を表示する。注文を指定すれば拠点を加える'
            ' (0 全行取り込める / 1 取り込めない行あり / 2 読めない)'
        ),
    )
    s_imp.add_argument("sheet", help=_('拠点の表(.xlsx .xlsm .xls .ods .csv .txt .tsv)'))
    s_imp.add_argument("order", nargs="?", help=_('拠点を加える注文ファイル(省略時は確認だけ)'))
    s_imp.add_argument("-o", "--output", metavar="FILE", help=_('拠点を加えた注文の書き出し先'))
    s_imp.add_argument(
        "--network", type=int, default=1, metavar="N", help=_('拠点を加えるVPN網の番号(1から、省略時は1)')
    )
    s_imp.add_argument("--json", action="store_true", help=_('結果をJSONで出力する'))
    s_imp.set_defaults(func=cmd_sites_import)
    s_exp = sis.add_parser("export", help=_('VPN網の子拠点を、取り込みと同じ列の .xlsx に書き出す'))
    s_exp.add_argument("order", help=_('注文ファイル(.iij-order.json)、- で標準入力'))
    s_exp.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help=_('書き出す .xlsx ファイル'))
    s_exp.add_argument("--network", type=int, default=1, metavar="N", help=_('VPN網の番号(1から、省略時は1)'))
    s_exp.add_argument("--with-parent", action="store_true", help=_('親拠点も先頭に書き出す'))
    s_exp.set_defaults(func=cmd_sites_export)
    qx = sub.add_parser(
        "quote-xlsx", help=_('見積の明細(品名・数量・単位・単価・金額・小計・消費税)を .xlsx に書き出す')
    )
    qx.add_argument("order", help=_('注文ファイル(.iij-order.json)、- で標準入力'))
    qx.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help=_('書き出す .xlsx ファイル'))
    qx.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))
    qx.set_defaults(func=cmd_quote_xlsx)
