"""The command line: `python -m configurator` (GUI) or `python -m configurator SUBCOMMAND` (headless).

Exit codes follow order-format.md: validate 0 valid / 1 errors / 2 malformed input or bad usage.
A known problem is told in Japanese on stderr; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from configurator.commands.output import EXIT_BUG, EXIT_ERRORS, EXIT_OK, EXIT_USAGE, json_out, out, price_book
from configurator.errors import KnownError
from configurator.text.i18n import _, error_detail, error_text, issue_message, ngettext, pick, severity_label

__all__ = [
    "COMMANDS",
    "EXIT_BUG",
    "EXIT_ERRORS",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "version_text",
]


#: The subcommands (the launcher opens a lone argument in the app when it is a file, not one of these).
COMMANDS = (
    "validate",
    "choices",
    "price",
    "pricebook",
    "calc",
    "quote",
    "form",
    "change",
    "cancel",
    "change-form",
    "cancel-form",
    "cancel-quote",
    "about",
    "import",
    "drafts",
    "sites",
    "quote-xlsx",
    "desktop",
    "team",
    "issuer",
)


def examples_text() -> str:
    """The examples at the end of `--help`: what a salesperson does first (tests/test_cli_hostile.py
    runs each of them)."""
    order, pdf = _('注文.iij-order.json'), _('御見積書.pdf')
    lines = [
        _('例:'),
        f"  iij-configurator validate {order}",
        f"  iij-configurator price {order}",
        f"  iij-configurator quote {order} -o {pdf}",
        f"  iij-configurator import {pdf} -o {order}",
        f"  iij-configurator sites import {_('拠点一覧.xlsx')} {order} -o {order}",
        "  iij-configurator drafts list",
        "  iij-configurator COMMAND --help",
    ]
    return "\n".join(lines)


class _Formatter(argparse.HelpFormatter):
    """argparse's help with its own words ("usage:") in the UI language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _('使い方: ') if prefix is None else prefix)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """A description or epilog of several lines (the examples) keeps its lines; one paragraph is
        wrapped as argparse does."""
        blocks = []
        for block in text.split("\n\n"):
            if "\n" in block:
                blocks.append("\n".join(indent + line for line in block.splitlines()))
            else:
                blocks.append(super()._fill_text(block, width, indent))
        return "\n\n".join(blocks)


class _Parser(argparse.ArgumentParser):
    """argparse with its headings and errors in the UI language (Japanese by default), exit 2 on bad usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _('位置引数')
        self._optionals.title = _('オプション')
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help=_('このヘルプを表示して終了する')
        )

    def _print_message(self, message: str, file: Any = None) -> None:
        """Help and version on standard output through the guard of every command's output (argparse
        itself drops an error to write, and the help then ended with exit 0 on a full device)."""
        if message and file is sys.stdout:
            from configurator.commands.output import emit

            emit(message)
            return
        super()._print_message(message, file)

    def error(self, message: str) -> NoReturn:
        from configurator.text.i18n import current

        self.print_usage(sys.stderr)
        ja = (
            message
            if current() == "en"
            else (
                message.replace("the following arguments are required", _('次の引数が必要です'))
                .replace("unrecognized arguments", _('不明な引数'))
                .replace("invalid choice", _('選べない値'))
                .replace("choose from", _('選べるのは'))
                .replace("invalid int value", _('整数ではない値'))
                .replace("expected one argument", _('値が1つ必要です'))
                .replace("expected at least one argument", _('値が1つ以上必要です'))
                .replace("ambiguous option", _('あいまいなオプション'))
                .replace("argument", _('引数'))
            )
        )
        sys.stderr.write(_('{prog}: エラー: {ja}\n').format(prog=self.prog, ja=ja))
        sys.exit(EXIT_USAGE)


def version_text() -> str:
    """`--version`: the app, the catalogue and the tariffs' dates, and the active price book."""
    from configurator import __version__
    from configurator.tariff.catalogue import catalogue

    cat = catalogue()
    lines = [f"iij-configurator {__version__}", _('カタログ {version}').format(version=cat.version)]
    for service in ("vpn", "auth"):
        t = cat.tariff(service)
        lines.append(
            _('{title} {effective_date} 現在').format(
                title=pick(t["title"], t.get("service_name_en", "")), effective_date=t["effective_date"]
            )
        )
    try:
        from configurator.pricing.books import active_price_book

        book = active_price_book()
        lines.append(
            _('価格表 {version}(適用開始 {effective_date}){sample}').format(
                version=book.version,
                effective_date=book.effective_date,
                sample=_('・サンプル価格') if book.sample else "",
            )
        )
    except KnownError as exc:
        lines.append(_('価格表: 読めません({exc})').format(exc=error_text(exc)))
    return "\n".join(lines)


class _Version(argparse.Action):
    """--version, computed only when asked (it reads the catalogue and the price book)."""

    def __init__(
        self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None
    ) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if getattr(namespace, "data_dir", None):  # --data-dir DIR --version: the price book of DIR
            from configurator.store.settings import set_data_dir

            set_data_dir(namespace.data_dir)
        out(version_text())
        parser.exit(EXIT_OK)


# --- validate ---------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from configurator.gcpause import age_survivors, gc_paused

    # Reading and checking make no reference cycles. The collector stays paused until the order is
    # freed (when _validate returns), so that no collection ever walks its objects: resumed earlier,
    # the first collection after the read walked every one of them (3-4 ms at 5,000 sites). What is
    # left then (the modules, the rules' caches) is counted as old, for the same reason.
    with gc_paused():
        try:
            return _validate(args)
        finally:
            age_survivors()


def _validate(args: argparse.Namespace) -> int:
    from configurator.order.document import parse, read_bytes
    from configurator.pricing.books import sample_price_book
    from configurator.tariff.rules import form_issues, has_errors, validate

    data, label = read_bytes(args.file)
    doc = parse(data, source=label)
    book = price_book(args) if args.price_book else sample_price_book()
    issues = validate(doc, price_book=book, source=data)
    lacking = form_issues(doc)  # what the application form needs filled in: told, never invalid
    valid = not has_errors(issues)
    if args.json:
        json_out(
            {
                "valid": valid,
                "issues": [i.to_json() for i in issues],
                "form_issues": [i.to_json() for i in lacking],
            }
        )
    else:
        _print_issues(doc, issues, lacking)
    return EXIT_OK if valid else EXIT_ERRORS


def _print_issues(doc: dict[str, Any], issues: list[Any], lacking: Sequence[Any] = ()) -> None:
    from configurator.order.places import describe

    title = doc.get("title") or _('(件名なし)')
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    lines = [_('注文: {title}').format(title=title)]
    if not issues:
        lines.append(_('問題はありません。見積書・申込書を作成できます。'))
    else:
        lines.append(
            _('{errors}、{warnings}').format(
                errors=ngettext('エラー {n}件', 'エラー {n}件', errors).format(n=errors),
                warnings=ngettext('警告 {n}件', '警告 {n}件', warnings).format(n=warnings),
            )
            + (_('(エラーがあるため見積書・申込書は作成できません)') if errors else "")
        )
    for i in issues:
        lines.append("")
        lines.append(f"[{severity_label(i)}] {describe(doc, i.path)}  ({i.rule})")
        lines.append(f"  {issue_message(i)}")
        lines.append(_('  根拠: {v0}').format(v0=i.cite()))
        for s in i.suggestions:
            lines.append(_('  修正案: {label}').format(label=pick(s.label, s.label_en)))
    if lacking:
        lines.append("")
        lines.append(_('申込書に必要な記入が{v0}件足りません(規程の確認とは別です):').format(v0=len(lacking)))
        for i in lacking:
            lines.append(f"  [{severity_label(i)}] {describe(doc, i.path)}: {issue_message(i)}")
    out("\n".join(lines))


# --- choices ----------------------------------------------------------------------------------


def cmd_choices(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.tariff.choices import NoChoices, NoPlace, choices

    doc = load(args.file)
    pointer = args.pointer if args.pointer.startswith("/") else "/" + args.pointer  # as the example reads
    try:
        result = choices(doc, pointer)
    except NoPlace as exc:
        raise KnownError(
            _(
                '注文に {scope} がありません(拠点・VPN網・認証ユニットの番号は0から数えます)。'
                '今の注文は {where} までです。'
            ).format(scope=exc.scope, where=_last_places(doc)),
            f"The order has no {exc.scope} (sites, networks and units are counted from 0). "
            f"The order has {_last_places(doc)}.",
        ) from None
    except NoChoices:
        raise KnownError(
            _(
                '{pointer} は選択肢のある項目ではありません。機器・品目・期間・オプションなど、'
                '選択肢のある項目のJSONポインタを指定してください(例 /vpn_networks/0/parent/device)。'
            ).format(pointer=pointer),
            f"{pointer} has no list of choices. Give the JSON pointer of a field with choices (a device, "
            "item, term, option...), e.g. /vpn_networks/0/parent/device.",
        ) from None
    if args.json:
        json_out([c.to_json() for c in result])
    else:
        for c in result:
            mark = "○" if c.allowed else "×"
            line = f"{mark} {json.dumps(c.value, ensure_ascii=False)}  {pick(c.label, c.label_en)}"
            if not c.allowed:
                line += f"  … {pick(c.reason or '', c.reason_en or '')}({c.rule} {c.citation})"
            for q in c.consequences:
                line += _('\n     ※ 選ぶと: {message}').format(message=issue_message(q))
            out(line)
    return EXIT_OK


def _last_places(doc: dict[str, Any]) -> str:
    """The last network, child site and unit the order has, as JSON pointers
    ("/vpn_networks/0/children/3")."""
    places = []
    nets = doc.get("vpn_networks") or []
    for n, net in enumerate(nets):
        children = net.get("children") or [] if isinstance(net, dict) else []
        places.append(
            f"/vpn_networks/{n}/children/{len(children) - 1}" if children else f"/vpn_networks/{n}/parent"
        )
    units = doc.get("auth_units") or []
    if units:
        places.append(f"/auth_units/{len(units) - 1}")
    return ", ".join(places) or "-"


# --- price ------------------------------------------------------------------------------------


def cmd_price(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.text.i18n import current
    from configurator.text.jpformat import display_yen as format_yen
    from configurator.text.jpformat import format_number

    english = current() == "en"
    from configurator.pricing.quote import price_order

    doc = load(args.file)
    quote = price_order(doc, price_book(args))
    if args.json:
        json_out(quote.to_json())
        return EXIT_OK
    pb = quote.price_book
    lines = [
        _('注文: {v0}').format(v0=doc.get('title') or _('(件名なし)')),
        _('価格表: {label} 適用開始 {effective_date}').format(
            label=pb.label, effective_date=pb.effective_date
        ),
    ]
    if quote.sample:
        lines.append(_('※ サンプル価格です。実際の価格ではありません。'))
    for g in quote.groups.values():
        lines.append("")
        lines.append(f"■ {_(g.label)}")
        if not g.lines:
            lines.append(_('  該当なし'))
            continue
        for n, ln in enumerate(g.lines, 1):
            name, unit = (ln.name_en, " " + ln.unit_en) if english else (ln.name, ln.unit)
            lines.append(
                f"  {n:>3}. {name}  {format_number(ln.quantity)}{unit} × {format_yen(ln.unit_price or 0)}"
                f" = {format_yen(ln.amount or 0)}"
            )
        lines.append(
            _('  小計 {v0}  消費税(10%) {v1}  合計 {v2}').format(
                v0=format_yen(g.subtotal), v1=format_yen(g.tax), v2=format_yen(g.total)
            )
        )
    lines.append("")
    lines.append(
        _('最低利用期間の総額(初期費用+月額費用×最低利用期間、税抜): {v0}').format(
            v0=format_yen(quote.commitment)
        )
    )
    from configurator.order.places import name_pointers

    for u in quote.unpriced:
        lines.append(_('※ 価格を付けられません: {u}').format(u=name_pointers(doc, u)))
    for note in quote.notes:
        lines.append(f"※ {_(note)}")
    out("\n".join(lines))
    return EXIT_OK


# --- price books ------------------------------------------------------------------------------


def cmd_pricebook_import(args: argparse.Namespace) -> int:
    from configurator.pricing.books import import_price_book, same_prices_as_sample

    book = import_price_book(args.file, activate=not args.no_activate)
    if same_prices_as_sample(book):
        sys.stderr.write(
            _(
                '警告: 価格表「{name}」は "sample": false ですが、価格がサンプル価格と同じです。'
                '当社の正式な価格か確かめてください。'
            ).format(name=book.name)
            + "\n"
        )
    out(
        _('価格表「{name}」(版 {version}、適用開始 {effective_date}、{v3}行)を取り込みました。').format(
            name=book.name, version=book.version, effective_date=book.effective_date, v3=len(book.prices)
        )
        + ("" if args.no_activate else _('この価格表が有効になりました。'))
    )
    return EXIT_OK


def cmd_pricebook_list(args: argparse.Namespace) -> int:
    from configurator.pricing.books import active_version, damaged_price_books, installed_price_books

    active = active_version()
    books = installed_price_books()
    for path, reason in damaged_price_books():
        sys.stderr.write(
            _('警告: 価格表 {path} を読めません(一覧にありません): {reason}').format(
                path=path, reason=" ".join(reason.split())
            )
            + "\n"
        )
    if active not in {b.version for b in books}:
        sys.stderr.write(
            _(
                '警告: 有効な価格表(版 {version})を読めません。取り込み直すか `pricebook use` '
                'で選び直してください。'
            ).format(version=active)
            + "\n"
        )
    if args.json:
        json_out(
            [
                {
                    "version": b.version,
                    "name": b.name,
                    "effective_date": b.effective_date,
                    "sample": b.sample,
                    "active": b.version == active,
                    "rows": len(b.prices),
                }
                for b in books
            ]
        )
        return EXIT_OK
    for b in books:
        mark = "*" if b.version == active else " "
        out(
            _('{mark} {version:<20} {effective_date}  {name}{v4}  {v5}行').format(
                mark=mark,
                version=b.version,
                effective_date=b.effective_date,
                name=b.name,
                v4=_('(サンプル価格)') if b.sample else '',
                v5=len(b.prices),
            )
        )
    out(_('(* が有効な価格表)'))
    return EXIT_OK


def cmd_pricebook_use(args: argparse.Namespace) -> int:
    from configurator.pricing.books import use_price_book

    book = use_price_book(args.version)
    out(_('価格表「{name}」(版 {version})を有効にしました。').format(name=book.name, version=book.version))
    return EXIT_OK


# --- calc -------------------------------------------------------------------------------------


def cmd_calc(args: argparse.Namespace) -> int:
    from decimal import Decimal, InvalidOperation

    from configurator.tariff import calc
    from configurator.text.jpformat import display_date as format_date
    from configurator.text.jpformat import display_wareki as format_wareki
    from configurator.text.jpformat import display_yen as format_yen

    which = args.calc_command
    result: dict[str, Any]
    if which == "cancellation":
        notice = calc.parse_date(args.notice, _('到達日 --notice'))
        requested = calc.parse_date(args.requested, _('指定日 --requested')) if args.requested else None
        d = calc.cancellation_date(notice, requested)
        result = {"effective_date": d.isoformat()}
        text = _('解除の効力発生日: {v0}({v1})').format(v0=format_date(d), v1=format_wareki(d))
        reading = calc.reading("cancellation_date")
    elif which == "early-termination":
        fee = calc.parse_yen(args.monthly_fee, _('月額費用 --monthly-fee'))
        months = calc.parse_count(args.term_months, _('最低利用期間の月数 --term-months'), 1201)
        start = calc.parse_date(args.billing_start, _('課金開始日 --billing-start'))
        eff = calc.parse_date(args.effective, _('解除の効力発生日 --effective'))
        r = calc.early_termination(fee, months, start, eff)
        result = {
            "remaining_months": r.remaining_months,
            "amount": r.amount,
            "term_end": r.term_end.isoformat(),
        }
        text = _(
            '最低利用期間の満了日: {v0}\n残余期間: {remaining_months}か月\n最低利用期間内解除調定金: '
            '{v2}(税抜)'
        ).format(v0=format_date(r.term_end), remaining_months=r.remaining_months, v2=format_yen(r.amount))
        reading = calc.reading("minimum_term") + " " + calc.reading("early_termination")
    elif which == "reduction":
        fee = calc.parse_yen(args.monthly_fee, _('月額費用 --monthly-fee'))
        try:
            hours = Decimal(args.outage_hours.strip())
            if not hours.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise calc.CalcError(
                _('利用不能時間「{outage_hours}」は数値で指定してください(例 49.5)。').format(
                    outage_hours=args.outage_hours
                ),
                "Outage hours must be a number.",
            ) from None
        if hours >= calc.MAX_INPUT:  # 1e100000 ended in exit 70 (a number of 100,000 digits to print)
            raise calc.CalcError(
                _('利用不能時間「{outage_hours}」が大きすぎます(時間で指定してください。例 49.5)。').format(
                    outage_hours=args.outage_hours
                ),
                "Outage hours too large (give hours, e.g. 49.5).",
            )
        amount = calc.reduction(fee, hours)
        result = {"amount": amount}
        text = _('減額: {v0}').format(v0=format_yen(amount))
        reading = calc.reading("reduction")
    elif which == "settings-change-fee":
        start_min = calc.parse_time(args.start, _('開始時刻 --start'))
        end_min = calc.parse_time(args.end, _('終了時刻 --end'))
        devices = calc.parse_count(args.devices, _('台数 --devices'), 1_000_001)
        amount, inside = calc.settings_change_fee(start_min, end_min, devices)
        result = {"amount": amount, "inside_business_hours": inside}
        text = _('設定変更費用: {v0}({v1}、{devices}台)').format(
            v0=format_yen(amount), v1=_('営業時間内') if inside else _('営業時間外'), devices=devices
        )
        reading = calc.reading("settings_change_fee")
    else:
        end_d = calc.parse_date(args.end, _('終了日 --end'))
        d = calc.device_return_deadline(end_d)
        result = {"deadline": d.isoformat()}
        text = _('返還期限: {v0}({v1})').format(v0=format_date(d), v1=format_wareki(d))
        reading = calc.reading("device_return")
    if args.json:
        json_out({**result, "reading": reading})
    else:
        out(text + "\n" + _('(計算の読み方: {reading})').format(reading=reading))
    return EXIT_OK


# --- documents --------------------------------------------------------------------------------


def cmd_about(args: argparse.Namespace) -> int:
    from configurator import __version__
    from configurator.documents.fonts import japanese_font
    from configurator.paths import resources_dir
    from configurator.pricing.books import active_version
    from configurator.store.settings import check_data_dir, data_dir, load_settings
    from configurator.tariff.catalogue import catalogue

    settings = load_settings()
    font = japanese_font(settings.get("pdf_font"), int(settings.get("pdf_font_index") or 0))
    info: dict[str, Any] = {
        "version": __version__,
        "catalogue": catalogue().version,
        "resources": str(resources_dir()),
        "data_dir": str(data_dir()),
        "price_book": active_version(),
        "pdf_font": {"path": font.path, "source": font.source, "embedded": font.embedded},
    }
    try:
        check_data_dir(write=False)  # told here too: about is where one looks for the data folder
    except KnownError as exc:
        info["data_dir_problem"] = error_text(exc)
    if args.json:
        json_out(info)
    else:
        out(
            "\n".join(
                [
                    _('IIJ 注文構成ツール {v0}(カタログ {v1})').format(
                        v0=info['version'], v1=info['catalogue']
                    ),
                    _('データフォルダ: {v0}').format(v0=info['data_dir'])
                    + ("\n  " + info["data_dir_problem"] if "data_dir_problem" in info else ""),
                    _('リソース: {v0}').format(v0=info['resources']),
                    _('有効な価格表: {v0}').format(v0=info['price_book']),
                    _('PDFのフォント: {v0}({source}{v2})').format(
                        v0=font.path or font.name,
                        source=font.source,
                        v2='' if font.embedded else _(_('・埋め込みなし')),
                    ),
                ]
            )
        )
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------


class _Skipped:
    """What add_parser gives for a command not being run (build_parser(only=...)): every call is
    accepted and ignored, so the commands' parsers are declared by the same code either way."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


class _OnlyOne:
    """The subcommands action, adding the parser of one command only."""

    def __init__(self, sub: Any, only: str) -> None:
        self._sub, self._only = sub, only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self._sub.add_parser(name, **kwargs) if name == self._only else _Skipped()


def command_of(args: Sequence[str]) -> str | None:
    """The subcommand `args` run when nothing before it asks for the whole parser (help, --version,
    an option argparse would complete or refuse): only its parser need be built (~7 ms of every
    command). None when the whole parser is needed."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--data-dir":
            skip = True
        elif arg.startswith("--data-dir="):
            continue
        else:
            return arg if arg in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, the parser of that subcommand alone under the same
    top-level parser (the subcommand's usage, help and errors are the same: see command_of)."""
    order_file = _('注文ファイル(.iij-order.json)、- で標準入力')
    as_json = _('結果をJSONで出力する')
    p = _Parser(
        prog="iij-configurator",
        epilog=_(
            'iij-configurator FILE で、注文ファイル(.iij-order.json)'
            'かこのアプリで作ったPDFをアプリで開きます。'
        )
        + "\n\n"
        + examples_text(),
        description=_(
            'IIJマネージドVPN PRO / IIJ認証アウトソース 注文構成ツール。'
            '引数なしでデスクトップアプリを開き、サブコマンドでヘッドレスに動きます。'
        ),
    )
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_('データフォルダ(下書き・価格表)。省略時は $IIJ_CONFIGURATOR_DATA か利用者のデータフォルダ'),
    )
    p.add_argument(
        "--version",
        action=_Version,
        help=_('版(アプリ・カタログと規程の日付・有効な価格表)を表示して終了する'),
    )
    from configurator.commands import desktop, documents, drafts, issuer, sheets, team

    sub: Any = p.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, help=_('コマンド(下の一覧から)')
    )
    if only is not None:
        sub = _OnlyOne(sub, only)

    v = sub.add_parser(
        "validate", help=_('注文ファイルを規程の全ルールで検査する (0 正常 / 1 エラーあり / 2 読めない)')
    )
    v.add_argument("file", help=order_file)
    v.add_argument("--json", action="store_true", help=as_json)
    v.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時はサンプル価格)'))
    v.set_defaults(func=cmd_validate)

    c = sub.add_parser("choices", help=_('項目の選択肢と、選べない値の理由を表示する'))
    c.add_argument("file", help=order_file)
    c.add_argument("pointer", help=_('項目のJSONポインタ(例 /vpn_networks/0/parent/device)'))
    c.add_argument("--json", action="store_true", help=as_json)
    c.set_defaults(func=cmd_choices)

    pr = sub.add_parser("price", help=_('見積の計算(明細・小計・消費税・合計・最低利用期間の総額)'))
    pr.add_argument("file", help=order_file)
    pr.add_argument("--json", action="store_true", help=as_json)
    pr.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))
    pr.set_defaults(func=cmd_price)

    pb = sub.add_parser("pricebook", help=_('価格表の取り込み・一覧・切り替え'))
    pbs = pb.add_subparsers(
        dest="pb_command", metavar="ACTION", parser_class=_Parser, required=True, help=_('操作(下の一覧から)')
    )
    imp = pbs.add_parser(
        "import", help=_('価格表を検査して取り込み、有効にする(1件でも問題があれば何も取り込まない)')
    )
    imp.add_argument("file", help=_('価格表ファイル(iij-pricebook/1 の JSON)'))
    imp.add_argument("--no-activate", action="store_true", help=_('取り込むだけで有効にしない'))
    imp.set_defaults(func=cmd_pricebook_import)
    ls = pbs.add_parser("list", help=_('取り込み済みの価格表と有効な価格表を表示する'))
    ls.add_argument("--json", action="store_true", help=as_json)
    ls.set_defaults(func=cmd_pricebook_list)
    use = pbs.add_parser("use", help=_('有効にする価格表を版で選ぶ'))
    use.add_argument("version", help=_('価格表の版(pricebook list で表示)'))
    use.set_defaults(func=cmd_pricebook_use)

    ca = sub.add_parser(
        "calc", help=_('規程の計算(解約日・最低利用期間内解除調定金・減額・設定変更費用・返還期限)')
    )
    cas = ca.add_subparsers(
        dest="calc_command", metavar="CALC", parser_class=_Parser, required=True, help=_('計算(下の一覧から)')
    )
    c1 = cas.add_parser("cancellation", help=_('解除の効力発生日'))
    c1.add_argument("--notice", required=True, metavar="DATE", help=_('解約申込書が当社に到達した日'))
    c1.add_argument("--requested", metavar="DATE", help=_('お客様が指定した解除日'))
    c2 = cas.add_parser("early-termination", help=_('最低利用期間内解除調定金'))
    c2.add_argument("--monthly-fee", required=True, metavar="YEN", help=_('月額費用(円、税抜)'))
    c2.add_argument("--term-months", required=True, metavar="N", help=_('最低利用期間の月数'))
    c2.add_argument("--billing-start", required=True, metavar="DATE", help=_('課金開始日'))
    c2.add_argument("--effective", required=True, metavar="DATE", help=_('解除の効力発生日'))
    c3 = cas.add_parser("reduction", help=_('料金の減額'))
    c3.add_argument("--monthly-fee", required=True, metavar="YEN", help=_('月額費用(円、税抜)'))
    c3.add_argument("--outage-hours", required=True, metavar="H", help=_('利用不能時間(時間、例 49.5)'))
    c4 = cas.add_parser("settings-change-fee", help=_('設定変更費用(VPN機器1台・1作業あたり)'))
    c4.add_argument("--start", required=True, metavar="HH:MM", help=_('作業の開始時刻'))
    c4.add_argument("--end", required=True, metavar="HH:MM", help=_('作業の終了時刻'))
    c4.add_argument("--devices", required=True, metavar="N", help=_('VPN機器の台数'))
    c5 = cas.add_parser("device-return", help=_('VPN機器等の返還期限'))
    c5.add_argument("--end", required=True, metavar="DATE", help=_('契約の終了日または機器種別の変更日'))
    for c_ in (c1, c2, c3, c4, c5):
        c_.add_argument("--json", action="store_true", help=as_json)
        c_.set_defaults(func=cmd_calc)

    documents.add_parsers(sub, _Parser)
    ab = sub.add_parser("about", help=_('版、データの場所、PDFに使うフォントを表示する'))
    ab.add_argument("--json", action="store_true", help=as_json)
    ab.set_defaults(func=cmd_about)
    documents.add_import_parser(sub, _Parser)

    for group in (drafts, sheets, desktop, team, issuer):
        group.add_parsers(sub, _Parser)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """The headless command line. Without a subcommand it only prints help: the desktop app is started
    by the launcher (configurator/__main__.py), which sits above both the core and ui/.

    Whatever a command left buffered on standard output (argparse's help and usage included) is
    flushed here under the guard of output.emit: a full device is exit 2 with one line, never exit 70
    or Python's own message at exit."""
    from configurator.commands.output import flush_stdout

    try:
        code = _main(argv)
    except SystemExit:  # argparse: --help, --version, a usage error
        try:
            flush_stdout()
        except KnownError as exc:
            sys.stderr.write(_('エラー: {exc}\n').format(exc=error_text(exc)))
            return exc.exit_code
        raise
    try:
        flush_stdout()
    except KnownError as exc:
        sys.stderr.write(_('エラー: {exc}\n').format(exc=error_text(exc)))
        return exc.exit_code
    except BrokenPipeError:
        return code
    return code


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    from configurator.store.settings import chosen_language
    from configurator.text import i18n

    i18n.install(chosen_language())
    parser = build_parser(only=command_of(args_list))
    try:
        args = parser.parse_args(args_list)  # inside the try: --version reads the catalogue and price book
        if args.data_dir:
            from configurator.store.settings import set_data_dir

            set_data_dir(args.data_dir)
        if not getattr(args, "func", None):
            build_parser().print_help()  # the whole parser's help, every command listed
            return EXIT_USAGE
        code: int = args.func(args)
        return code
    except KnownError as exc:
        sys.stderr.write(_('エラー: {exc}\n').format(exc=error_text(exc)))
        if exc.detail:  # the technical reason (SQLite's words) under the message, never in it
            sys.stderr.write(error_detail(exc) + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(_('中断しました。\n'))
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        import traceback

        from configurator.store.errorlog import write_error_log

        log = write_error_log(f"iij-configurator {' '.join(args_list)}\n\n{traceback.format_exc()}")
        sys.stderr.write(
            _(
                '予期しないエラーが発生しました(アプリの不具合です): {__name__}: '
                '{exc}\n実行したコマンドと入力ファイルを添えて開発担当にご連絡ください。\n'
            ).format(__name__=type(exc).__name__, exc=exc)
        )
        if log:
            sys.stderr.write(
                _('詳しい記録: {path}(開発担当へのご連絡に添えてください)').format(path=log) + "\n"
            )
        return EXIT_BUG


# --- spreadsheets: site lists in and out, the quote's line items out (issue 20) --------------------
