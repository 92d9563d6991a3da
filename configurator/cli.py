"""The command line: `python -m configurator` (GUI) or `python -m configurator SUBCOMMAND` (headless).

Exit codes follow order-format.md: validate 0 valid / 1 errors / 2 malformed input or bad usage.
A known problem is told in Japanese on stderr; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from configurator.errors import KnownError
from configurator.text.i18n import _, error_text, issue_message, pick, severity_label

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_BUG = 70


#: The subcommands (the launcher opens a lone argument in the app when it is a file, not one of these).
COMMANDS = ("validate", "choices", "price", "pricebook", "calc", "quote", "form", "change", "cancel", "change-form",
            "cancel-form", "cancel-quote", "about", "import", "drafts", "sites", "quote-xlsx", "desktop",
            "team")


class _Formatter(argparse.HelpFormatter):
    """argparse's help with its own words ("usage:") in the UI language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _('使い方: ') if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its headings and errors in the UI language (Japanese by default), exit 2 on bad usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _('位置引数')
        self._optionals.title = _('オプション')
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_('このヘルプを表示して終了する'))

    def error(self, message: str) -> NoReturn:
        from configurator.text.i18n import current

        self.print_usage(sys.stderr)
        ja = message if current() == "en" else (
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
        lines.append(_('{title} {effective_date} 現在').format(title=pick(t["title"], t.get("service_name_en", "")),
                                                              effective_date=t["effective_date"]))
    try:
        from configurator.pricing.books import active_price_book

        book = active_price_book()
        lines.append(_('価格表 {version}(適用開始 {effective_date}){sample}').format(
            version=book.version, effective_date=book.effective_date, sample=_('・サンプル価格') if book.sample else ""))
    except KnownError as exc:
        lines.append(_('価格表: 読めません({exc})').format(exc=error_text(exc)))
    return "\n".join(lines)


class _Version(argparse.Action):
    """--version, computed only when asked (it reads the catalogue and the price book)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if getattr(namespace, "data_dir", None):  # --data-dir DIR --version: the price book of DIR
            from configurator.store.settings import set_data_dir

            set_data_dir(namespace.data_dir)
        _out(version_text())
        parser.exit(EXIT_OK)


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _json_out(obj: Any) -> None:
    _out(json.dumps(obj, ensure_ascii=False, indent=2))


# --- validate ---------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.pricing.books import sample_price_book
    from configurator.tariff.rules import has_errors, validate

    doc = load(args.file)
    book = _price_book(args) if args.price_book else sample_price_book()
    issues = validate(doc, price_book=book)
    valid = not has_errors(issues)
    if args.json:
        _json_out({"valid": valid, "issues": [i.to_json() for i in issues]})
    else:
        _print_issues(doc, issues)
    return EXIT_OK if valid else EXIT_ERRORS


def _print_issues(doc: dict[str, Any], issues: list[Any]) -> None:
    title = doc.get("title") or _('(件名なし)')
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    lines = [_('注文: {title}').format(title=title)]
    if not issues:
        lines.append(_('問題はありません。見積書・申込書を作成できます。'))
    else:
        lines.append(_('エラー {errors}件、警告 {warnings}件').format(errors=errors, warnings=warnings) + (_('(エラーがあるため見積書・申込書は作成できません)') if errors else ""))
    for i in issues:
        lines.append("")
        lines.append(f"[{severity_label(i)}] {i.rule}  {i.path or '/'}")
        lines.append(f"  {issue_message(i)}")
        lines.append(_('  根拠: {v0}').format(v0=i.cite()))
        for s in i.suggestions:
            lines.append(_('  修正案: {label}').format(label=pick(s.label, s.label_en)))
    _out("\n".join(lines))


# --- choices ----------------------------------------------------------------------------------


def cmd_choices(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.tariff.choices import NoChoices, choices

    doc = load(args.file)
    try:
        result = choices(doc, args.pointer)
    except NoChoices:
        raise KnownError(
            _('{pointer} は選択肢のある項目ではありません。').format(pointer=args.pointer),
            f"{args.pointer} has no list of choices.",
        ) from None
    if args.json:
        _json_out([c.to_json() for c in result])
    else:
        for c in result:
            mark = "○" if c.allowed else "×"
            line = f"{mark} {json.dumps(c.value, ensure_ascii=False)}  {pick(c.label, c.label_en)}"
            if not c.allowed:
                line += f"  … {pick(c.reason or '', c.reason_en or '')}({c.rule} {c.citation})"
            for q in c.consequences:
                line += _('\n     ※ 選ぶと: {message}').format(message=issue_message(q))
            _out(line)
    return EXIT_OK


def _price_book(args: argparse.Namespace) -> Any:
    from configurator.pricing.books import active_price_book, read_price_book

    return read_price_book(args.price_book) if args.price_book else active_price_book()


# --- price ------------------------------------------------------------------------------------


def cmd_price(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.text.i18n import current
    from configurator.text.jpformat import display_yen as format_yen
    from configurator.text.jpformat import format_number

    english = current() == "en"
    from configurator.pricing.quote import price_order

    doc = load(args.file)
    quote = price_order(doc, _price_book(args))
    if args.json:
        _json_out(quote.to_json())
        return EXIT_OK
    pb = quote.price_book
    lines = [_('注文: {v0}').format(v0=doc.get('title') or _('(件名なし)')), _('価格表: {label} 適用開始 {effective_date}').format(label=pb.label, effective_date=pb.effective_date)]
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
            lines.append(f"  {n:>3}. {name}  {format_number(ln.quantity)}{unit} × {format_yen(ln.unit_price or 0)}"
                         f" = {format_yen(ln.amount or 0)}")
        lines.append(_('  小計 {v0}  消費税(10%) {v1}  合計 {v2}').format(v0=format_yen(g.subtotal), v1=format_yen(g.tax), v2=format_yen(g.total)))
    lines.append("")
    lines.append(_('最低利用期間の総額(初期費用+月額費用×最低利用期間、税抜): {v0}').format(v0=format_yen(quote.commitment)))
    for u in quote.unpriced:
        lines.append(_('※ 価格を付けられません: {u}').format(u=u))
    for note in quote.notes:
        lines.append(f"※ {_(note)}")
    _out("\n".join(lines))
    return EXIT_OK


# --- price books ------------------------------------------------------------------------------


def cmd_pricebook_import(args: argparse.Namespace) -> int:
    from configurator.pricing.books import import_price_book

    book = import_price_book(args.file, activate=not args.no_activate)
    _out(_('価格表「{name}」(版 {version}、適用開始 {effective_date}、{v3}行)を取り込みました。').format(name=book.name, version=book.version, effective_date=book.effective_date, v3=len(book.prices))
         + ("" if args.no_activate else _('この価格表が有効になりました。')))
    return EXIT_OK


def cmd_pricebook_list(args: argparse.Namespace) -> int:
    from configurator.pricing.books import active_version, installed_price_books

    active = active_version()
    books = installed_price_books()
    if args.json:
        _json_out([{"version": b.version, "name": b.name, "effective_date": b.effective_date, "sample": b.sample,
                    "active": b.version == active, "rows": len(b.prices)} for b in books])
        return EXIT_OK
    for b in books:
        mark = "*" if b.version == active else " "
        _out(_('{mark} {version:<20} {effective_date}  {name}{v4}  {v5}行').format(mark=mark, version=b.version, effective_date=b.effective_date, name=b.name, v4=_('(サンプル価格)') if b.sample else '', v5=len(b.prices)))
    _out(_('(* が有効な価格表)'))
    return EXIT_OK


def cmd_pricebook_use(args: argparse.Namespace) -> int:
    from configurator.pricing.books import use_price_book

    book = use_price_book(args.version)
    _out(_('価格表「{name}」(版 {version})を有効にしました。').format(name=book.name, version=book.version))
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
        months = calc.parse_yen(args.term_months, _('最低利用期間の月数 --term-months'))
        start = calc.parse_date(args.billing_start, _('課金開始日 --billing-start'))
        eff = calc.parse_date(args.effective, _('解除の効力発生日 --effective'))
        r = calc.early_termination(fee, months, start, eff)
        result = {"remaining_months": r.remaining_months, "amount": r.amount, "term_end": r.term_end.isoformat()}
        text = (_('最低利用期間の満了日: {v0}\n残余期間: {remaining_months}か月\n最低利用期間内解除調定金: {v2}(税抜)').format(v0=format_date(r.term_end), remaining_months=r.remaining_months, v2=format_yen(r.amount)))
        reading = calc.reading("minimum_term") + " " + calc.reading("early_termination")
    elif which == "reduction":
        fee = calc.parse_yen(args.monthly_fee, _('月額費用 --monthly-fee'))
        try:
            hours = Decimal(args.outage_hours.strip())
            if not hours.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise calc.CalcError(_('利用不能時間「{outage_hours}」は数値で指定してください(例 49.5)。').format(outage_hours=args.outage_hours),
                                 "Outage hours must be a number.") from None
        amount = calc.reduction(fee, hours)
        result = {"amount": amount}
        text = _('減額: {v0}').format(v0=format_yen(amount))
        reading = calc.reading("reduction")
    elif which == "settings-change-fee":
        start_min = calc.parse_time(args.start, _('開始時刻 --start'))
        end_min = calc.parse_time(args.end, _('終了時刻 --end'))
        devices = calc.parse_yen(args.devices, _('台数 --devices'))
        amount, inside = calc.settings_change_fee(start_min, end_min, devices)
        result = {"amount": amount, "inside_business_hours": inside}
        text = _('設定変更費用: {v0}({v1}、{devices}台)').format(v0=format_yen(amount), v1=_('営業時間内') if inside else _('営業時間外'), devices=devices)
        reading = calc.reading("settings_change_fee")
    else:
        end_d = calc.parse_date(args.end, _('終了日 --end'))
        d = calc.device_return_deadline(end_d)
        result = {"deadline": d.isoformat()}
        text = _('返還期限: {v0}({v1})').format(v0=format_date(d), v1=format_wareki(d))
        reading = calc.reading("device_return")
    if args.json:
        _json_out({**result, "reading": reading})
    else:
        _out(text + "\n" + _('(計算の読み方: {reading})').format(reading=reading))
    return EXIT_OK


# --- documents --------------------------------------------------------------------------------


def _doc_options(args: argparse.Namespace, number: str) -> Any:
    """The options of a PDF from the command line: --date, --draft, --wareki and --font over the
    settings (configurator.documents.export.options), for the five documents alike."""
    from configurator.documents import export
    from configurator.tariff.calc import parse_date

    return export.options(issue_date=parse_date(args.date, _('発行日 --date')) if args.date else None,
                          draft=args.draft, wareki=args.wareki, number=number,
                          font_path=getattr(args, "font", None))


def _warn_font(options: Any) -> None:
    from configurator.documents import export

    warning = export.font_warning(options)
    if warning:
        sys.stderr.write(_('警告: {warning}\n').format(warning=warning))


def cmd_document(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.tariff.rules import validate

    doc = load(args.file)
    book = _price_book(args)
    issues = validate(doc, price_book=book)
    errors = [i for i in issues if i.is_error]
    if errors and not args.draft:
        what = _('見積書') if args.kind == 'quote' else _('申込書')
        lines = [_('注文にエラーが{v0}件あるため、{v1}を作成しません'
                   '(エラーを直すか、--draft で下書きとして作成してください):').format(
                       v0=len(errors), v1=what)]
        lines.extend(f"  - [{e.rule}] {e.path}: {e.message}" for e in errors[:10])
        if len(errors) > 10:
            lines.append(_('  ほか{v0}件(validate で全件を表示)').format(v0=len(errors) - 10))
        sys.stderr.write("\n".join(lines) + "\n")
        return EXIT_ERRORS
    from configurator.documents import export

    options = _doc_options(args, number=args.number or str(doc.get("quote_number") or ""))
    export.export(args.kind, doc, args.output, options, book)
    _warn_font(options)
    _say_made(args)
    return EXIT_OK


def _say_made(args: argparse.Namespace) -> None:
    draft = _('(下書き)') if args.draft else ""
    _out(_('{output} を作成しました').format(output=args.output) + draft + _('。'))


def cmd_lifecycle(args: argparse.Namespace) -> int:
    from configurator import lifecycle
    from configurator.order.document import parse, read_bytes

    data, label = read_bytes(args.file)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        parse(data, source=label)  # raises the detailed message for bad JSON
        raise KnownError(str(exc)) from None
    book = _price_book(args)
    is_change = args.kind.startswith("change")
    analyse = lifecycle.analyse_change if is_change else lifecycle.analyse_cancel
    result: Any = analyse(doc, book, source=label)
    if args.output is None:
        if args.json:
            _json_out(result.to_json())
        else:
            _print_lifecycle(result, is_change)
        return EXIT_OK if result.valid else EXIT_ERRORS
    if not result.valid and not args.draft:
        errors = [f"  - [{i.rule}] {i.path}: {issue_message(i)}" for i in result.issues if i.is_error]
        sys.stderr.write(_('規程上のエラーがあるため作成しません'
                           '(直すか --draft で下書きとして作成してください):\n')
                         + "\n".join(errors) + "\n")
        return EXIT_ERRORS
    from configurator.documents import export

    options = _doc_options(args, number=args.number or "")
    export.export(args.kind, result, args.output, options)
    _warn_font(options)
    _say_made(args)
    return EXIT_OK


def _print_lifecycle(result: Any, is_change: bool) -> None:
    from configurator import lifecycle

    lines = lifecycle.change_texts(result) if is_change else lifecycle.cancel_texts(result)
    for i in result.issues:
        lines.append(f"[{severity_label(i)}] {i.rule} {i.path}: {issue_message(i)}({i.cite()})")
    _out("\n".join(lines))


def cmd_about(args: argparse.Namespace) -> int:
    from configurator import __version__
    from configurator.documents.fonts import japanese_font
    from configurator.paths import resources_dir
    from configurator.pricing.books import active_version
    from configurator.store.settings import data_dir, load_settings
    from configurator.tariff.catalogue import catalogue

    settings = load_settings()
    font = japanese_font(settings.get("pdf_font"), int(settings.get("pdf_font_index") or 0))
    info = {"version": __version__, "catalogue": catalogue().version, "resources": str(resources_dir()),
            "data_dir": str(data_dir()), "price_book": active_version(),
            "pdf_font": {"path": font.path, "source": font.source, "embedded": font.embedded}}
    if args.json:
        _json_out(info)
    else:
        _out("\n".join([_('IIJ 注文構成ツール {v0}(カタログ {v1})').format(v0=info['version'], v1=info['catalogue']),
                         _('データフォルダ: {v0}').format(v0=info['data_dir']), _('リソース: {v0}').format(v0=info['resources']),
                         _('有効な価格表: {v0}').format(v0=info['price_book']),
                         _('PDFのフォント: {v0}({source}{v2})').format(v0=font.path or font.name, source=font.source, v2='' if font.embedded else _(_('・埋め込みなし')))]))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from configurator.documents.pdfimport import extract_document, read_pdf
    from configurator.order.document import dumps, save

    doc = extract_document(read_pdf(args.pdf), source=args.pdf)
    if args.output:
        save(doc, args.output)
        _out(_('{pdf} から注文を取り出し、{output} に保存しました。').format(pdf=args.pdf, output=args.output))
    else:
        sys.stdout.write(dumps(doc))
    return EXIT_OK


# --- drafts -----------------------------------------------------------------------------------


def _emit(text: str) -> None:
    """Standard output for the drafts commands, flushed at once: a full device or a failed pipe is told
    in one line (exit 2), not as an internal error, and nothing is left to fail again at exit."""
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        import errno
        import os

        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere
        full = exc.errno == errno.ENOSPC
        raise KnownError(
            _('標準出力に書き込めません({reason})。出力先を変えるか、-o でファイルに書き出してください。').format(
                reason=_('ディスクがいっぱいです') if full else (exc.strerror or str(exc))),
            f"Cannot write to standard output ({'the disk is full' if full else exc.strerror or exc}).") from None


def _emit_json(obj: Any) -> None:
    _emit(json.dumps(obj, ensure_ascii=False, indent=2))


def cmd_drafts(args: argparse.Namespace) -> int:
    from configurator.store import backups, drafts, layout
    from configurator.store.settings import data_dir

    action = args.drafts_command
    if action == "backups":
        for b in layout.list_backups(data_dir()):
            _emit(f"{b.name}  {b.stat().st_size:,} bytes")
        return EXIT_OK
    if action == "restore-backup":
        done = backups.restore_backup(data_dir(), args.backup)
        _emit(_('バックアップ {name} から復元しました。').format(name=done.backup.name)
             + (_('復元前のファイルは {moved} として残しています。').format(moved=done.moved_to.name) if done.moved_to else ""))
        return EXIT_OK
    with drafts.DraftStore.open() as store:
        try:
            _drafts_action(args, store)
        finally:
            for notice in store.take_notices():  # damage found and set aside or mended on the way
                sys.stderr.write(_('注意: {notice}\n').format(notice=error_text(notice)))
    return EXIT_OK


def _drafts_action(args: argparse.Namespace, store: Any) -> None:
    from configurator.order.document import dumps, load, save
    from configurator.store import drafts, faults

    action = args.drafts_command
    if action == "list":
        if args.status and args.status not in drafts.STATUSES:
            raise faults.StoreError(_('状態「{status}」はありません({v1})。').format(status=args.status, v1=', '.join(drafts.STATUSES)), "Unknown status.")
        page = max(args.page, 1)
        if not 1 <= args.per_page <= 10_000 or page > 10**12:
            raise faults.StoreError(_('--per-page は1から10000、--page は1以上の数にしてください。'),
                                    "--per-page must be 1 to 10000 and --page at least 1.")
        rows = store.list(args.search, args.status, args.trash, args.sort, not args.asc,
                          limit=args.per_page, offset=(page - 1) * args.per_page)
        if args.json:
            _emit_json([r.to_json() for r in rows])
        else:
            total = store.count(trash=args.trash)
            _emit(_('{v0} {total}件(ページ {page})').format(v0=_('ごみ箱') if args.trash else _('下書き'), total=total, page=page))
            for r in rows:
                _emit(f"{r.id:>6}  {r.quote_number:<20} {_(r.status_label):<6} {drafts.local_time(r.updated_at)}  {r.title}"
                     f"{'  / ' + r.customer if r.customer else ''}")
    elif action == "export":
        info, doc = store.load(args.id, args.rev)
        if args.output:
            save(doc, args.output)
            _emit(_('{quote_number} を {output} に書き出しました。').format(quote_number=info.quote_number, output=args.output))
        else:
            _emit(dumps(doc))
    elif action == "import":
        for f in args.files:
            doc = load(f)
            res = store.create(doc, note=_('{f} から取り込み').format(f=f))
            _emit(_('{f} を下書き {quote_number}(ID {draft_id})として取り込みました。').format(f=f, quote_number=store.info(res.draft_id).quote_number, draft_id=res.draft_id))
    elif action == "history":
        info = store.info(args.id)
        _emit(f"{info.quote_number} {info.title}")
        for h in store.history(args.id):
            _emit(f"  R{h['rev']:<5} {drafts.local_time(h['saved_at'])}  {_('出力済 ') if h['issued'] else ''}{h['note']}")
    elif action == "restore":
        res = store.restore_revision(args.id, args.rev)
        _emit(_('リビジョン {rev} を復元し、リビジョン {rev1} として保存しました。').format(rev=args.rev, rev1=res.rev))
    elif action == "trash":
        store.trash(args.id)
        _emit(_('下書き {id} をごみ箱に移しました(`drafts untrash {id}` で戻せます)。').format(id=args.id))
    elif action == "untrash":
        store.untrash(args.id)
        _emit(_('下書き {id} をごみ箱から戻しました。').format(id=args.id))
    elif action == "purge":
        store.purge(args.id)
        _emit(_('下書き {id} を完全に削除しました。').format(id=args.id))
    elif action == "duplicate":
        res = store.duplicate(args.id)
        _emit(_('複製しました: {quote_number}(ID {draft_id})').format(quote_number=store.info(res.draft_id).quote_number, draft_id=res.draft_id))
    elif action == "status":
        store.set_status(args.id, args.status)
        _emit(_('下書き {id} の状態を「{v1}」にしました。').format(id=args.id, v1=drafts.STATUSES[args.status]))


# --- desktop integration ------------------------------------------------------------------------


def cmd_desktop(args: argparse.Namespace) -> int:
    from configurator import desktop

    if args.desktop_command == "install":
        paths = desktop.install()
        _out(_('メニューに登録しました(アイコン・注文ファイルの種類 *.iij-order.json を含む):'))
    else:
        paths = desktop.uninstall()
        _out(_('メニューへの登録を取り消しました:') if paths else _('メニューに登録されていません。'))
    for path in paths:
        _out(f"  {path}")
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    order_file = _('注文ファイル(.iij-order.json)、- で標準入力')
    as_json = _('結果をJSONで出力する')
    draft_id = _('下書きのID(drafts list で表示)')
    p = _Parser(
        prog="iij-configurator",
        epilog=_('iij-configurator FILE で、注文ファイル(.iij-order.json)かこのアプリで作ったPDFをアプリで開きます。'),
        description=_('IIJマネージドVPN PRO / IIJ認証アウトソース 注文構成ツール。引数なしでデスクトップアプリを開き、サブコマンドでヘッドレスに動きます。'),
    )
    p.add_argument("--data-dir", metavar="DIR",
                   help=_('データフォルダ(下書き・価格表)。省略時は $IIJ_CONFIGURATOR_DATA か利用者のデータフォルダ'))
    p.add_argument("--version", action=_Version, help=_('版(アプリ・カタログと規程の日付・有効な価格表)を表示して終了する'))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, help=_('コマンド(下の一覧から)'))

    v = sub.add_parser("validate", help=_('注文ファイルを規程の全ルールで検査する (0 正常 / 1 エラーあり / 2 読めない)'))
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
    pbs = pb.add_subparsers(dest="pb_command", metavar="ACTION", parser_class=_Parser, required=True,
                            help=_('操作(下の一覧から)'))
    imp = pbs.add_parser("import", help=_('価格表を検査して取り込み、有効にする(1件でも問題があれば何も取り込まない)'))
    imp.add_argument("file", help=_('価格表ファイル(iij-pricebook/1 の JSON)'))
    imp.add_argument("--no-activate", action="store_true", help=_('取り込むだけで有効にしない'))
    imp.set_defaults(func=cmd_pricebook_import)
    ls = pbs.add_parser("list", help=_('取り込み済みの価格表と有効な価格表を表示する'))
    ls.add_argument("--json", action="store_true", help=as_json)
    ls.set_defaults(func=cmd_pricebook_list)
    use = pbs.add_parser("use", help=_('有効にする価格表を版で選ぶ'))
    use.add_argument("version", help=_('価格表の版(pricebook list で表示)'))
    use.set_defaults(func=cmd_pricebook_use)

    ca = sub.add_parser("calc", help=_('規程の計算(解約日・最低利用期間内解除調定金・減額・設定変更費用・返還期限)'))
    cas = ca.add_subparsers(dest="calc_command", metavar="CALC", parser_class=_Parser, required=True,
                            help=_('計算(下の一覧から)'))
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

    for kind, label in (("quote", _('御見積書')), ("form", _('申込書'))):
        q = sub.add_parser(kind, help=_('{label}のPDFを作る(エラーのある注文は --draft のときだけ、下書き表示つきで作成)').format(label=label))
        q.add_argument("file", help=order_file)
        q.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help=_('書き出すPDFファイル'))
        q.add_argument("--draft", action="store_true", help=_('エラーがあっても作る(全ページに「下書き」と表示)'))
        q.add_argument("--date", metavar="YYYY-MM-DD", help=_('発行日(省略時は今日)'))
        q.add_argument("--wareki", action="store_true", help=_('日付を和暦で表示する'))
        q.add_argument("--number", metavar=_('見積番号'), help=_('見積番号(例 Q-2026-000123-R2)'))
        q.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))
        q.add_argument("--font", metavar="TTF", help=_('日本語TrueTypeフォント(省略時は設定・同梱・システムの順に探す)'))
        q.set_defaults(func=cmd_document, kind=kind)
    for kind, label in (("change", _('変更申込(iij-change/1)')), ("cancel", _('解約申込(iij-cancel/1)'))):
        a = sub.add_parser(kind, help=_('{label}を規程で検査し、日付と費用を計算する (0 正常 / 1 エラーあり / 2 読めない)').format(label=label))
        a.add_argument("file", help=_('{label}のファイル、- で標準入力').format(label=label))
        a.add_argument("--json", action="store_true", help=as_json)
        a.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))
        a.set_defaults(func=cmd_lifecycle, kind=kind, output=None)
    for kind, label in (("change-form", _('変更申込書')), ("cancel-form", _('解約申込書')), ("cancel-quote", _('解約に伴う費用のお見積り'))):
        a = sub.add_parser(kind, help=_('{label}のPDFを作る(エラーがあれば --draft のときだけ)').format(label=label))
        a.add_argument("file", help=_('変更申込(.iij-change.json)か解約申込(.iij-cancel.json)のファイル、- で標準入力'))
        a.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help=_('書き出すPDFファイル'))
        a.add_argument("--draft", action="store_true", help=_('エラーがあっても作る(全ページに「下書き」と表示)'))
        a.add_argument("--date", metavar="YYYY-MM-DD", help=_('発行日(省略時は今日)'))
        a.add_argument("--wareki", action="store_true", help=_('日付を和暦で表示する'))
        a.add_argument("--number", metavar=_('見積番号'), help=_('見積番号(例 Q-2026-000123-R2)'))
        a.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))
        a.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
        a.set_defaults(func=cmd_lifecycle, kind=kind)
    ab = sub.add_parser("about", help=_('版、データの場所、PDFに使うフォントを表示する'))
    ab.add_argument("--json", action="store_true", help=as_json)
    ab.set_defaults(func=cmd_about)
    im = sub.add_parser("import", help=_('このアプリで作ったPDFから注文(変更・解約申込を含む)を取り出す'))
    im.add_argument("pdf", help=_('このアプリで作った見積書・申込書などのPDF'))
    im.add_argument("-o", "--output", metavar="FILE", help=_('書き出し先(省略時は標準出力)'))
    im.set_defaults(func=cmd_import)

    dr = sub.add_parser("drafts", help=_('下書きの一覧・書き出し・取り込み・履歴・ごみ箱・バックアップ'))
    drs = dr.add_subparsers(dest="drafts_command", metavar="ACTION", parser_class=_Parser, required=True,
                            help=_('操作(下の一覧から)'))
    d_list = drs.add_parser("list", help=_('下書きの一覧(検索・並べ替え・ページ)'))
    d_list.add_argument("--search", metavar="TEXT", help=_('件名・お客様名・見積番号・状態で検索'))
    d_list.add_argument("--status", help=_('状態で絞り込む: drafting, approval_requested, approved, submitted, won, lost'))
    d_list.add_argument("--trash", action="store_true", help=_('ごみ箱の中を表示'))
    d_list.add_argument("--sort", default="updated", choices=["updated", "created", "title", "customer", "number", "status"],
                        help=_('並べ替えの基準(既定 updated: 更新日時)'))
    d_list.add_argument("--asc", action="store_true", help=_('昇順'))
    d_list.add_argument("--page", type=int, default=1, help=_('表示するページ(1から)'))
    d_list.add_argument("--per-page", type=int, default=50, help=_('1ページの件数(既定 50)'))
    d_list.add_argument("--json", action="store_true", help=as_json)
    d_exp = drs.add_parser("export", help=_('下書きを注文ファイル(.iij-order.json)に書き出す'))
    d_exp.add_argument("id", type=int, help=draft_id)
    d_exp.add_argument("-o", "--output", metavar="FILE", help=_('書き出し先(省略時は標準出力)'))
    d_exp.add_argument("--rev", type=int, help=_('書き出すリビジョン(省略時は最新)'))
    d_imp = drs.add_parser("import", help=_('注文ファイルを新しい下書きとして取り込む'))
    d_imp.add_argument("files", nargs="+", help=_('注文ファイル(.iij-order.json、いくつでも)'))
    d_his = drs.add_parser("history", help=_('下書きの保存履歴'))
    d_his.add_argument("id", type=int, help=draft_id)
    d_res = drs.add_parser("restore", help=_('以前のリビジョンを最新に戻す(新しいリビジョンとして保存)'))
    d_res.add_argument("id", type=int, help=draft_id)
    d_res.add_argument("--rev", type=int, required=True, help=_('戻すリビジョン(drafts history で表示)'))
    d_tr = drs.add_parser("trash", help=_('ごみ箱に移す'))
    d_tr.add_argument("id", type=int, help=draft_id)
    d_un = drs.add_parser("untrash", help=_('ごみ箱から戻す'))
    d_un.add_argument("id", type=int, help=draft_id)
    d_pu = drs.add_parser("purge", help=_('ごみ箱の下書きを完全に削除する'))
    d_pu.add_argument("id", type=int, help=draft_id)
    d_dup = drs.add_parser("duplicate", help=_('下書きを複製する(新しい見積番号)'))
    d_dup.add_argument("id", type=int, help=draft_id)
    d_st = drs.add_parser("status", help=_('状態を変える'))
    d_st.add_argument("id", type=int, help=draft_id)
    d_st.add_argument("status", help=_('drafting(作成中), approval_requested(承認依頼中), approved(承認済), submitted(提出済), won(受注), lost(失注)'))
    drs.add_parser("backups", help=_('バックアップの一覧'))
    d_rb = drs.add_parser("restore-backup", help=_('バックアップから復元する(今のファイルは別名で残す)'))
    d_rb.add_argument("backup", nargs="?", help=_('バックアップファイル(省略時は最新)'))
    dr.set_defaults(func=cmd_drafts)
    _add_sheet_parsers(sub)

    de = sub.add_parser("desktop", help=_('デスクトップのメニュー・アイコン・注文ファイルの関連付けを登録する(Linux、利用者ごと)'))
    des = de.add_subparsers(dest="desktop_command", metavar="ACTION", parser_class=_Parser, required=True,
                            help=_('操作(下の一覧から)'))
    des.add_parser("install", help=_('利用者のデータフォルダ(~/.local/share)に登録する'))
    des.add_parser("uninstall", help=_('登録したファイルを削除する'))
    de.set_defaults(func=cmd_desktop)

    # --- team (issue 19): the team database on PostgreSQL ---
    tm = sub.add_parser("team", help=_('チームのデータベース(PostgreSQL)との同期・承認・価格表の公開'))
    tms = tm.add_subparsers(dest="team_command", metavar="ACTION", parser_class=_Parser, required=True,
                            help=_('操作(下の一覧から)'))
    dsn_help = _('接続先(例 "host=db.example.co.jp dbname=iij user=yamada")。省略時は $IIJ_TEAM_DSN か前回の接続先。'
                 'パスワードは PGPASSWORD か pgpass ファイルで渡す')
    t_init = tms.add_parser("init", help=_('チームのデータベースにこのアプリの表を作る・更新する(データベースの所有者が実行)'))
    t_init.add_argument("dsn", metavar="DSN", help=_('データベースの所有者としての接続先'))
    t_sync = tms.add_parser("sync", help=_('下書きを送信し、チームの下書き・承認・価格表を受信する'))
    t_stat = tms.add_parser("status", help=_('最終同期、未送信の件数、承認待ちの一覧'))
    t_stat.add_argument("--json", action="store_true", help=as_json)
    t_sub = tms.add_parser("submit", help=_('下書きの承認を依頼する'))
    t_app = tms.add_parser("approve", help=_('承認する(承認者)'))
    t_rej = tms.add_parser("reject", help=_('差戻す(承認者、コメントが必要)'))
    for t_ in (t_sub, t_app, t_rej):
        t_.add_argument("id", type=int, help=_('下書きのID(`drafts list` で確認)'))
        t_.add_argument("--comment", default="", required=t_ is t_rej, help=_('コメント'))
    t_pb = tms.add_parser("pricebook", help=_('価格表をチームに公開する(管理者)'))
    t_pbs = t_pb.add_subparsers(dest="team_pb_command", metavar="ACTION", parser_class=_Parser, required=True,
                                help=_('操作(下の一覧から)'))
    t_pub = t_pbs.add_parser("publish", help=_('価格表を検査してチームに公開する。次の同期で全員の有効な価格表になる'))
    t_pub.add_argument("file", help=_('価格表ファイル(iij-pricebook/1 の JSON)'))
    for t_ in (t_sync, t_stat, t_sub, t_app, t_rej, t_pub):
        t_.add_argument("--dsn", metavar="DSN", help=dsn_help)
    tm.set_defaults(func=cmd_team)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """The headless command line. Without a subcommand it only prints help: the desktop app is started
    by the launcher (configurator/__main__.py), which sits above both the core and ui/."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    from configurator.store.settings import chosen_language
    from configurator.text import i18n

    i18n.install(chosen_language())
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)  # inside the try: --version reads the catalogue and price book
        if args.data_dir:
            from configurator.store.settings import set_data_dir

            set_data_dir(args.data_dir)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        code: int = args.func(args)
        return code
    except KnownError as exc:
        sys.stderr.write(_('エラー: {exc}\n').format(exc=error_text(exc)))
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
            _('予期しないエラーが発生しました(アプリの不具合です): {__name__}: {exc}\n実行したコマンドと入力ファイルを添えて開発担当にご連絡ください。\n').format(__name__=type(exc).__name__, exc=exc)
        )
        if log:
            sys.stderr.write(_('詳しい記録: {path}(開発担当へのご連絡に添えてください)').format(path=log) + "\n")
        return EXIT_BUG


# --- spreadsheets: site lists in and out, the quote's line items out (issue 20) --------------------


def cmd_sites_import(args: argparse.Namespace) -> int:
    from configurator.order.document import load, save
    from configurator.session.order_session import all_ids
    from configurator.session.sheets import order_sites, read_site_file

    doc = load(args.order) if args.order else None
    if doc is not None and not args.output:
        sys.stderr.write(_('エラー: 注文に拠点を加えるときは -o で書き出し先を指定してください。\n'))
        return EXIT_USAGE
    if doc is not None:
        order_sites(doc, args.network - 1)  # says so when there is no such network
    result = read_site_file(args.sheet, all_ids(doc) if doc is not None else None)
    refused = bool(result.errors)
    if args.json:
        _json_out({"sites": result.sites, "errors": result.errors, "warnings": result.warnings,
                   "header_row": result.header_row, "source": result.source,
                   "columns": [{"column": c.letter, "header": c.header, "field": c.field, "note": c.note}
                               for c in result.columns]})
    else:
        _out("\n".join(result.report()))
    if doc is not None and result.sites:
        doc["vpn_networks"][args.network - 1].setdefault("children", []).extend(result.sites)
        save(doc, args.output)
        if not args.json:
            _out(_('{n}拠点をVPN網 {net} に加え、{output} に保存しました。').format(
                n=len(result.sites), net=args.network, output=args.output))
    return EXIT_ERRORS if refused else EXIT_OK


def cmd_sites_export(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.session.sheets import order_sites, sites_xlsx, write_file

    doc = load(args.order)
    sites = order_sites(doc, args.network - 1, parent=args.with_parent)
    write_file(args.output, sites_xlsx(sites))
    _out(_('{n}拠点を {output} に書き出しました。').format(n=len(sites), output=args.output))
    return EXIT_OK


def cmd_quote_xlsx(args: argparse.Namespace) -> int:
    from configurator.order.document import load
    from configurator.pricing.quote import price_order
    from configurator.session.sheets import quote_xlsx, write_file

    doc = load(args.order)
    quote = price_order(doc, _price_book(args))
    write_file(args.output, quote_xlsx(quote, doc))
    lines = sum(len(g.lines) for g in quote.groups.values())
    _out(_('見積明細 {n}行を {output} に書き出しました。').format(n=lines, output=args.output))
    return EXIT_OK


def _add_sheet_parsers(sub: Any) -> None:
    si = sub.add_parser("sites", help=_('拠点の表(.xlsx・.ods・.csv)の取り込みと書き出し'))
    sis = si.add_subparsers(dest="sites_command", metavar="ACTION", parser_class=_Parser, required=True,
                            help=_('操作(下の一覧から)'))
    s_imp = sis.add_parser("import", help=_('拠点の表を読み、列の対応と取り込めない行を表示する。注文を指定すれば拠点を加える'
                                           ' (0 全行取り込める / 1 取り込めない行あり / 2 読めない)'))
    s_imp.add_argument("sheet", help=_('拠点の表(.xlsx .xlsm .xls .ods .csv .txt .tsv)'))
    s_imp.add_argument("order", nargs="?", help=_('拠点を加える注文ファイル(省略時は確認だけ)'))
    s_imp.add_argument("-o", "--output", metavar="FILE", help=_('拠点を加えた注文の書き出し先'))
    s_imp.add_argument("--network", type=int, default=1, metavar="N", help=_('拠点を加えるVPN網の番号(1から、省略時は1)'))
    s_imp.add_argument("--json", action="store_true", help=_('結果をJSONで出力する'))
    s_imp.set_defaults(func=cmd_sites_import)
    s_exp = sis.add_parser("export", help=_('VPN網の子拠点を、取り込みと同じ列の .xlsx に書き出す'))
    s_exp.add_argument("order", help=_('注文ファイル(.iij-order.json)、- で標準入力'))
    s_exp.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help=_('書き出す .xlsx ファイル'))
    s_exp.add_argument("--network", type=int, default=1, metavar="N", help=_('VPN網の番号(1から、省略時は1)'))
    s_exp.add_argument("--with-parent", action="store_true", help=_('親拠点も先頭に書き出す'))
    s_exp.set_defaults(func=cmd_sites_export)
    qx = sub.add_parser("quote-xlsx", help=_('見積の明細(品名・数量・単位・単価・金額・小計・消費税)を .xlsx に書き出す'))
    qx.add_argument("order", help=_('注文ファイル(.iij-order.json)、- で標準入力'))
    qx.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help=_('書き出す .xlsx ファイル'))
    qx.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))
    qx.set_defaults(func=cmd_quote_xlsx)


# --- team (issue 19) --------------------------------------------------------------------------


def _team_dsn(args: argparse.Namespace, local: Any) -> str:
    import os

    dsn = args.dsn or os.environ.get("IIJ_TEAM_DSN") or (local.get("dsn") if local is not None else None)
    if not dsn:
        raise KnownError(_('チームの接続先がありません。--dsn か環境変数 IIJ_TEAM_DSN で指定してください。'),
                         "No team database given: use --dsn or IIJ_TEAM_DSN.")
    return str(dsn)


def cmd_team(args: argparse.Namespace) -> int:
    action = args.team_command
    if action == "init":
        from configurator.team.schema import init

        before, after = init(args.dsn)
        _out(_('チームのデータベースを形式 {after} にしました(以前は {before})。').format(after=after, before=before)
             if before != after else _('チームのデータベースは最新の形式 {after} です。').format(after=after))
        return EXIT_OK
    from configurator.store.drafts import DraftStore, local_time
    from configurator.team import approvals
    from configurator.team.local import TeamLocal

    with DraftStore.open() as store:
        local = TeamLocal(store)
        if action == "status":
            info = local.status()
            queue = [d.to_json() for d in local.drafts("requested")]
            if args.json:
                _json_out({**info, "approval_queue": queue})
                return EXIT_OK
            last = local_time(info["last_sync"]) if info["last_sync"] else _('未同期')
            _out(_('接続先: {dsn}').format(dsn=info["dsn"] or _('(未設定)')))
            _out(_('チーム: {team}  ユーザー: {role}  見積番号の記号: {code}').format(
                team=info["team"] or "-", role=info["role"] or "-", code=info["client_code"] or "-"))
            _out(_('最終同期: {last}  未送信: {n}件').format(last=last, n=info["unsent"]))
            if info["last_error"]:
                _out(_('前回の同期のエラー: {error}').format(error=info["last_error"]))
            _out(_('承認待ち: {n}件').format(n=len(queue)))
            for d in queue:
                _out(f"{d['id']:>6}  {d['number']:<20} {d['owner']:<12} {d['title']}")
            return EXIT_OK
        dsn = _team_dsn(args, local)
        if action == "sync":
            from configurator.team.sync import sync

            for line in sync(store, dsn).lines():
                _out(line)
        elif action == "submit":
            level = approvals.submit(store, dsn, args.id, args.comment)
            _out(_('下書き {id} の承認を依頼しました(必要な承認: {level})。').format(
                id=args.id, level=approvals.LEVEL_LABELS.get(level, level)))
        elif action == "approve":
            approvals.approve(store, dsn, args.id, args.comment)
            _out(_('下書き {id} を承認しました。').format(id=args.id))
        elif action == "reject":
            approvals.reject(store, dsn, args.id, args.comment)
            _out(_('下書き {id} を差戻しました。').format(id=args.id))
        elif action == "pricebook":
            from configurator.team.pricebooks import publish

            version = publish(dsn, args.file)
            _out(_('価格表 版 {version} をチームに公開しました。各自の次の同期で有効になります。').format(version=version))
    return EXIT_OK
