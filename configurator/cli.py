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
    from configurator.pricebook import active_price_book, read_price_book

    return read_price_book(args.price_book) if args.price_book else active_price_book()


# --- price ------------------------------------------------------------------------------------


def cmd_price(args: argparse.Namespace) -> int:
    from configurator.jpformat import format_number, format_yen
    from configurator.order import load
    from configurator.pricing import price_order

    doc = load(args.file)
    quote = price_order(doc, _price_book(args))
    if args.json:
        _json_out(quote.to_json())
        return EXIT_OK
    pb = quote.price_book
    lines = [f"注文: {doc.get('title') or '(件名なし)'}", f"価格表: {pb.label} 適用開始 {pb.effective_date}"]
    if quote.sample:
        lines.append("※ サンプル価格です。実際の価格ではありません。")
    for g in quote.groups.values():
        lines.append("")
        lines.append(f"■ {g.label}")
        if not g.lines:
            lines.append("  該当なし")
            continue
        for n, ln in enumerate(g.lines, 1):
            lines.append(f"  {n:>3}. {ln.name}  {format_number(ln.quantity)}{ln.unit} × {format_yen(ln.unit_price or 0)}"
                         f" = {format_yen(ln.amount or 0)}")
        lines.append(f"  小計 {format_yen(g.subtotal)}  消費税(10%) {format_yen(g.tax)}  合計 {format_yen(g.total)}")
    lines.append("")
    lines.append(f"最低利用期間の総額(初期費用+月額費用×最低利用期間、税抜): {format_yen(quote.commitment)}")
    for u in quote.unpriced:
        lines.append(f"※ 価格を付けられません: {u}")
    for note in quote.notes:
        lines.append(f"※ {note}")
    _out("\n".join(lines))
    return EXIT_OK


# --- price books ------------------------------------------------------------------------------


def cmd_pricebook_import(args: argparse.Namespace) -> int:
    from configurator.pricebook import import_price_book

    book = import_price_book(args.file, activate=not args.no_activate)
    _out(f"価格表「{book.name}」(版 {book.version}、適用開始 {book.effective_date}、{len(book.prices)}行)を取り込みました。"
         + ("" if args.no_activate else "この価格表が有効になりました。"))
    return EXIT_OK


def cmd_pricebook_list(args: argparse.Namespace) -> int:
    from configurator.pricebook import active_version, installed_price_books

    active = active_version()
    books = installed_price_books()
    if args.json:
        _json_out([{"version": b.version, "name": b.name, "effective_date": b.effective_date, "sample": b.sample,
                    "active": b.version == active, "rows": len(b.prices)} for b in books])
        return EXIT_OK
    for b in books:
        mark = "*" if b.version == active else " "
        _out(f"{mark} {b.version:<20} {b.effective_date}  {b.name}{'(サンプル価格)' if b.sample else ''}  {len(b.prices)}行")
    _out("(* が有効な価格表)")
    return EXIT_OK


def cmd_pricebook_use(args: argparse.Namespace) -> int:
    from configurator.pricebook import use_price_book

    book = use_price_book(args.version)
    _out(f"価格表「{book.name}」(版 {book.version})を有効にしました。")
    return EXIT_OK


# --- calc -------------------------------------------------------------------------------------


def cmd_calc(args: argparse.Namespace) -> int:
    from decimal import Decimal, InvalidOperation

    from configurator import calc
    from configurator.jpformat import format_date, format_wareki, format_yen

    which = args.calc_command
    result: dict[str, Any]
    if which == "cancellation":
        notice = calc.parse_date(args.notice, "到達日 --notice")
        requested = calc.parse_date(args.requested, "指定日 --requested") if args.requested else None
        d = calc.cancellation_date(notice, requested)
        result = {"effective_date": d.isoformat()}
        text = f"解除の効力発生日: {format_date(d)}({format_wareki(d)})"
        reading = calc.READINGS["cancellation_date"]
    elif which == "early-termination":
        fee = calc.parse_yen(args.monthly_fee, "月額費用 --monthly-fee")
        months = calc.parse_yen(args.term_months, "最低利用期間の月数 --term-months")
        start = calc.parse_date(args.billing_start, "課金開始日 --billing-start")
        eff = calc.parse_date(args.effective, "解除の効力発生日 --effective")
        r = calc.early_termination(fee, months, start, eff)
        result = {"remaining_months": r.remaining_months, "amount": r.amount, "term_end": r.term_end.isoformat()}
        text = (f"最低利用期間の満了日: {format_date(r.term_end)}\n残余期間: {r.remaining_months}か月\n"
                f"最低利用期間内解除調定金: {format_yen(r.amount)}(税抜)")
        reading = calc.READINGS["minimum_term"] + " " + calc.READINGS["early_termination"]
    elif which == "reduction":
        fee = calc.parse_yen(args.monthly_fee, "月額費用 --monthly-fee")
        try:
            hours = Decimal(args.outage_hours.strip())
            if not hours.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise calc.CalcError(f"利用不能時間「{args.outage_hours}」は数値で指定してください(例 49.5)。",
                                 "Outage hours must be a number.") from None
        amount = calc.reduction(fee, hours)
        result = {"amount": amount}
        text = f"減額: {format_yen(amount)}"
        reading = calc.READINGS["reduction"]
    elif which == "settings-change-fee":
        start_min = calc.parse_time(args.start, "開始時刻 --start")
        end_min = calc.parse_time(args.end, "終了時刻 --end")
        devices = calc.parse_yen(args.devices, "台数 --devices")
        amount, inside = calc.settings_change_fee(start_min, end_min, devices)
        result = {"amount": amount, "inside_business_hours": inside}
        text = f"設定変更費用: {format_yen(amount)}({'営業時間内' if inside else '営業時間外'}、{devices}台)"
        reading = calc.READINGS["settings_change_fee"]
    else:
        end_d = calc.parse_date(args.end, "終了日 --end")
        d = calc.device_return_deadline(end_d)
        result = {"deadline": d.isoformat()}
        text = f"返還期限: {format_date(d)}({format_wareki(d)})"
        reading = calc.READINGS["device_return"]
    if args.json:
        _json_out({**result, "reading": reading})
    else:
        _out(text + "\n" + f"(計算の読み方: {reading})")
    return EXIT_OK


# --- documents --------------------------------------------------------------------------------


def cmd_document(args: argparse.Namespace) -> int:
    from configurator.calc import parse_date
    from configurator.documents.common import DocOptions, Issuer, write_pdf
    from configurator.jpformat import today_tokyo
    from configurator.order import load
    from configurator.rules import validate

    doc = load(args.file)
    book = _price_book(args)
    issues = validate(doc, price_book=book)
    errors = [i for i in issues if i.is_error]
    if errors and not args.draft:
        lines = [f"注文にエラーが{len(errors)}件あるため、{'見積書' if args.kind == 'quote' else '申込書'}を作成しません"
                 "(エラーを直すか、--draft で下書きとして作成してください):"]
        lines.extend(f"  - [{e.rule}] {e.path}: {e.message}" for e in errors[:10])
        if len(errors) > 10:
            lines.append(f"  ほか{len(errors) - 10}件(validate で全件を表示)")
        sys.stderr.write("\n".join(lines) + "\n")
        return EXIT_ERRORS
    from configurator.settings import load_settings

    settings = load_settings()
    options = DocOptions(
        issue_date=parse_date(args.date, "発行日 --date") if args.date else today_tokyo(),
        draft=args.draft,
        wareki=args.wareki or settings.get("date_style") == "wareki",
        number=args.number or str(doc.get("quote_number") or ""),
        issuer=Issuer.load(),
        font_path=args.font or settings.get("pdf_font"),
        font_index=int(settings.get("pdf_font_index") or 0),
    )
    if args.kind == "quote":
        from configurator.documents.quote import build_quote

        data = build_quote(doc, options, book)
    else:
        from configurator.documents.form import build_form

        data = build_form(doc, options)
    write_pdf(args.output, data)
    from configurator.documents.fonts import japanese_font

    warning = japanese_font(options.font_path, options.font_index).warning
    if warning:
        sys.stderr.write(f"警告: {warning}\n")
    _out(f"{args.output} を作成しました" + ("(下書き)" if args.draft else "") + "。")
    return EXIT_OK


def cmd_lifecycle(args: argparse.Namespace) -> int:
    from configurator import lifecycle
    from configurator.order import parse, read_bytes

    data, label = read_bytes(args.file)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        parse(data, source=label)  # raises the detailed message for bad JSON
        raise KnownError(str(exc)) from None
    book = _price_book(args)
    is_change = args.kind.startswith("change")
    result: Any = (lifecycle.analyse_change if is_change else lifecycle.analyse_cancel)(doc, book, source=label)
    if args.output is None:
        if args.json:
            _json_out(result.to_json())
        else:
            _print_lifecycle(result, is_change)
        return EXIT_OK if result.valid else EXIT_ERRORS
    if not result.valid and not args.draft:
        sys.stderr.write("規程上のエラーがあるため作成しません(直すか --draft で下書きとして作成してください):\n"
                         + "\n".join(f"  - [{i.rule}] {i.path}: {i.message}" for i in result.issues if i.is_error) + "\n")
        return EXIT_ERRORS
    from configurator.calc import parse_date
    from configurator.documents import lifecycle_docs
    from configurator.documents.common import DocOptions, Issuer, write_pdf
    from configurator.jpformat import today_tokyo

    options = DocOptions(issue_date=parse_date(args.date, "発行日 --date") if args.date else today_tokyo(),
                         draft=args.draft, wareki=args.wareki, number=args.number or "", issuer=Issuer.load())
    if args.kind == "change-form":
        data = lifecycle_docs.build_change_form(result, options)
    elif args.kind == "cancel-form":
        data = lifecycle_docs.build_cancel_form(result, options)
    else:
        data = lifecycle_docs.build_cancel_quote(result, options)
    write_pdf(args.output, data)
    _out(f"{args.output} を作成しました" + ("(下書き)" if args.draft else "") + "。")
    return EXIT_OK


def _print_lifecycle(result: Any, is_change: bool) -> None:
    from configurator import lifecycle
    from configurator.catalogue import catalogue
    from configurator.jpformat import format_date, format_yen

    cat = catalogue()
    lines = []
    if is_change:
        for c in result.device_changes:
            lines.append(f"機器種別の変更 {c.site}: {cat.device_name(c.before)} → {cat.device_name(c.after)} ×{c.devices}台"
                         f"  新しい最低利用期間 {format_date(c.new_term_start) if c.new_term_start else '—'}〜"
                         f"{format_date(c.new_term_end) if c.new_term_end else '—'}"
                         f"  旧機器の返還期限 {format_date(c.return_deadline) if c.return_deadline else '—'}"
                         f"  一時費用 {format_yen(c.fee) if c.fee is not None else '—'}")
        for s in result.settings_changes:
            lines.append(f"設定の変更 {s.site}: {'、'.join(lifecycle.FIELD_LABELS.get(f, f) for f in s.fields)}")
        for f in result.settings_fees:
            lines.append(f"設定変更作業 {f['site']} {f['start']}〜{f['end']} {f['devices']}台: {format_yen(f['amount'])}")
        lines.append(f"一時費用の合計(税抜): {format_yen(result.one_time_total)}")
    else:
        lines.append(f"解除の効力が生じる日: {format_date(result.effective_date)}")
        if result.cascade:
            names = [c.name for c in result.items if c.reason == "cascade" and c.component == "base"]
            lines.append("マネージメントの解約により同じ日に解除される子たる契約: " + "、".join(names))
        for c in result.items:
            lines.append(f"{c.name}: 月額 {format_yen(c.monthly_fee)}、残余 {c.remaining_months}か月、"
                         f"解除調定金 {format_yen(c.charge)}"
                         + (f"、返還期限 {format_date(c.return_deadline)}" if c.return_deadline else ""))
        lines.append(f"最低利用期間内解除調定金の合計(税抜): {format_yen(result.total_charge)}")
    for i in result.issues:
        lines.append(f"[{'エラー' if i.is_error else '警告'}] {i.rule} {i.path}: {i.message}({i.cite()})")
    _out("\n".join(lines))


def cmd_about(args: argparse.Namespace) -> int:
    from configurator import __version__
    from configurator.catalogue import catalogue
    from configurator.documents.fonts import japanese_font
    from configurator.paths import resources_dir
    from configurator.pricebook import active_version
    from configurator.settings import data_dir, load_settings

    settings = load_settings()
    font = japanese_font(settings.get("pdf_font"), int(settings.get("pdf_font_index") or 0))
    info = {"version": __version__, "catalogue": catalogue().version, "resources": str(resources_dir()),
            "data_dir": str(data_dir()), "price_book": active_version(),
            "pdf_font": {"path": font.path, "source": font.source, "embedded": font.embedded}}
    if args.json:
        _json_out(info)
    else:
        _out("\n".join([f"IIJ 注文構成ツール {info['version']}(カタログ {info['catalogue']})",
                         f"データフォルダ: {info['data_dir']}", f"リソース: {info['resources']}",
                         f"有効な価格表: {info['price_book']}",
                         f"PDFのフォント: {font.path or font.name}({font.source}{'' if font.embedded else '・埋め込みなし'})"]))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from configurator.documents.pdfimport import extract_document, read_pdf
    from configurator.order import dumps, save

    doc = extract_document(read_pdf(args.pdf), source=args.pdf)
    if args.output:
        save(doc, args.output)
        _out(f"{args.pdf} から注文を取り出し、{args.output} に保存しました。")
    else:
        sys.stdout.write(dumps(doc))
    return EXIT_OK


# --- drafts -----------------------------------------------------------------------------------


def cmd_drafts(args: argparse.Namespace) -> int:
    from configurator import drafts
    from configurator.order import dumps, load, save
    from configurator.settings import data_dir

    action = args.drafts_command
    if action == "backups":
        for b in drafts.list_backups(data_dir()):
            _out(f"{b.name}  {b.stat().st_size:,} bytes")
        return EXIT_OK
    if action == "restore-backup":
        src = drafts.restore_backup(data_dir(), args.backup)
        _out(f"バックアップ {src.name} から復元しました。復元前のファイルは drafts.sqlite3.before-restore-* として残しています。")
        return EXIT_OK
    with drafts.DraftStore.open() as store:
        if action == "list":
            if args.status and args.status not in drafts.STATUSES:
                raise drafts.StoreError(f"状態「{args.status}」はありません({', '.join(drafts.STATUSES)})。", "Unknown status.")
            page = max(args.page, 1)
            rows = store.list(args.search, args.status, args.trash, args.sort, not args.asc,
                              limit=args.per_page, offset=(page - 1) * args.per_page)
            if args.json:
                _json_out([r.to_json() for r in rows])
            else:
                total = store.count(trash=args.trash)
                _out(f"{'ごみ箱' if args.trash else '下書き'} {total}件(ページ {page})")
                for r in rows:
                    _out(f"{r.id:>6}  {r.quote_number:<20} {r.status_label:<6} {drafts.local_time(r.updated_at)}  {r.title}"
                         f"{'  / ' + r.customer if r.customer else ''}")
        elif action == "export":
            info, doc = store.load(args.id, args.rev)
            if args.output:
                save(doc, args.output)
                _out(f"{info.quote_number} を {args.output} に書き出しました。")
            else:
                sys.stdout.write(dumps(doc))
        elif action == "import":
            for f in args.files:
                doc = load(f)
                res = store.create(doc, note=f"{f} から取り込み")
                _out(f"{f} を下書き {store.info(res.draft_id).quote_number}(ID {res.draft_id})として取り込みました。")
        elif action == "history":
            info = store.info(args.id)
            _out(f"{info.quote_number} {info.title}")
            for h in store.history(args.id):
                _out(f"  R{h['rev']:<5} {drafts.local_time(h['saved_at'])}  {'出力済 ' if h['issued'] else ''}{h['note']}")
        elif action == "restore":
            res = store.restore_revision(args.id, args.rev)
            _out(f"リビジョン {args.rev} を復元し、リビジョン {res.rev} として保存しました。")
        elif action == "trash":
            store.trash(args.id)
            _out(f"下書き {args.id} をごみ箱に移しました(`drafts untrash {args.id}` で戻せます)。")
        elif action == "untrash":
            store.untrash(args.id)
            _out(f"下書き {args.id} をごみ箱から戻しました。")
        elif action == "purge":
            store.purge(args.id)
            _out(f"下書き {args.id} を完全に削除しました。")
        elif action == "duplicate":
            res = store.duplicate(args.id)
            _out(f"複製しました: {store.info(res.draft_id).quote_number}(ID {res.draft_id})")
        elif action == "status":
            store.set_status(args.id, args.status)
            _out(f"下書き {args.id} の状態を「{drafts.STATUSES[args.status]}」にしました。")
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="iij-configurator",
        description="IIJマネージドVPN PRO / IIJ認証アウトソース 注文構成ツール。"
        "引数なしでデスクトップアプリを開き、サブコマンドでヘッドレスに動きます。",
    )
    p.add_argument("--data-dir", metavar="DIR",
                   help="データフォルダ(下書き・価格表)。省略時は $IIJ_CONFIGURATOR_DATA か利用者のデータフォルダ")
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

    pr = sub.add_parser("price", help="見積の計算(明細・小計・消費税・合計・最低利用期間の総額)")
    pr.add_argument("file")
    pr.add_argument("--json", action="store_true")
    pr.add_argument("--price-book", metavar="FILE", help="価格表ファイル(省略時は有効な価格表)")
    pr.set_defaults(func=cmd_price)

    pb = sub.add_parser("pricebook", help="価格表の取り込み・一覧・切り替え")
    pbs = pb.add_subparsers(dest="pb_command", metavar="ACTION", parser_class=_Parser, required=True)
    imp = pbs.add_parser("import", help="価格表を検査して取り込み、有効にする(1件でも問題があれば何も取り込まない)")
    imp.add_argument("file")
    imp.add_argument("--no-activate", action="store_true", help="取り込むだけで有効にしない")
    imp.set_defaults(func=cmd_pricebook_import)
    ls = pbs.add_parser("list", help="取り込み済みの価格表と有効な価格表を表示する")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_pricebook_list)
    use = pbs.add_parser("use", help="有効にする価格表を版で選ぶ")
    use.add_argument("version")
    use.set_defaults(func=cmd_pricebook_use)

    ca = sub.add_parser("calc", help="規程の計算(解約日・最低利用期間内解除調定金・減額・設定変更費用・返還期限)")
    cas = ca.add_subparsers(dest="calc_command", metavar="CALC", parser_class=_Parser, required=True)
    c1 = cas.add_parser("cancellation", help="解除の効力発生日")
    c1.add_argument("--notice", required=True, metavar="DATE", help="解約申込書が当社に到達した日")
    c1.add_argument("--requested", metavar="DATE", help="お客様が指定した解除日")
    c2 = cas.add_parser("early-termination", help="最低利用期間内解除調定金")
    c2.add_argument("--monthly-fee", required=True, metavar="YEN")
    c2.add_argument("--term-months", required=True, metavar="N")
    c2.add_argument("--billing-start", required=True, metavar="DATE")
    c2.add_argument("--effective", required=True, metavar="DATE", help="解除の効力発生日")
    c3 = cas.add_parser("reduction", help="料金の減額")
    c3.add_argument("--monthly-fee", required=True, metavar="YEN")
    c3.add_argument("--outage-hours", required=True, metavar="H")
    c4 = cas.add_parser("settings-change-fee", help="設定変更費用(VPN機器1台・1作業あたり)")
    c4.add_argument("--start", required=True, metavar="HH:MM")
    c4.add_argument("--end", required=True, metavar="HH:MM")
    c4.add_argument("--devices", required=True, metavar="N")
    c5 = cas.add_parser("device-return", help="VPN機器等の返還期限")
    c5.add_argument("--end", required=True, metavar="DATE", help="契約の終了日または機器種別の変更日")
    for c_ in (c1, c2, c3, c4, c5):
        c_.add_argument("--json", action="store_true")
        c_.set_defaults(func=cmd_calc)

    for kind, label in (("quote", "御見積書"), ("form", "申込書")):
        q = sub.add_parser(kind, help=f"{label}のPDFを作る(エラーのある注文は --draft のときだけ、下書き表示つきで作成)")
        q.add_argument("file")
        q.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
        q.add_argument("--draft", action="store_true", help="エラーがあっても作る(全ページに「下書き」と表示)")
        q.add_argument("--date", metavar="YYYY-MM-DD", help="発行日(省略時は今日)")
        q.add_argument("--wareki", action="store_true", help="日付を和暦で表示する")
        q.add_argument("--number", metavar="見積番号", help="見積番号(例 Q-2026-000123-R2)")
        q.add_argument("--price-book", metavar="FILE", help="価格表ファイル(省略時は有効な価格表)")
        q.add_argument("--font", metavar="TTF", help="日本語TrueTypeフォント(省略時は設定・同梱・システムの順に探す)")
        q.set_defaults(func=cmd_document, kind=kind)
    for kind, label in (("change", "変更申込(iij-change/1)"), ("cancel", "解約申込(iij-cancel/1)")):
        a = sub.add_parser(kind, help=f"{label}を規程で検査し、日付と費用を計算する (0 正常 / 1 エラーあり / 2 読めない)")
        a.add_argument("file")
        a.add_argument("--json", action="store_true")
        a.add_argument("--price-book", metavar="FILE")
        a.set_defaults(func=cmd_lifecycle, kind=kind, output=None)
    for kind, label in (("change-form", "変更申込書"), ("cancel-form", "解約申込書"), ("cancel-quote", "解約に伴う費用のお見積り")):
        a = sub.add_parser(kind, help=f"{label}のPDFを作る(エラーがあれば --draft のときだけ)")
        a.add_argument("file")
        a.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
        a.add_argument("--draft", action="store_true")
        a.add_argument("--date", metavar="YYYY-MM-DD")
        a.add_argument("--wareki", action="store_true")
        a.add_argument("--number", metavar="見積番号")
        a.add_argument("--price-book", metavar="FILE")
        a.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
        a.set_defaults(func=cmd_lifecycle, kind=kind)
    ab = sub.add_parser("about", help="版、データの場所、PDFに使うフォントを表示する")
    ab.add_argument("--json", action="store_true")
    ab.set_defaults(func=cmd_about)
    im = sub.add_parser("import", help="このアプリで作ったPDFから注文(変更・解約申込を含む)を取り出す")
    im.add_argument("pdf")
    im.add_argument("-o", "--output", metavar="FILE", help="書き出し先(省略時は標準出力)")
    im.set_defaults(func=cmd_import)

    dr = sub.add_parser("drafts", help="下書きの一覧・書き出し・取り込み・履歴・ごみ箱・バックアップ")
    drs = dr.add_subparsers(dest="drafts_command", metavar="ACTION", parser_class=_Parser, required=True)
    d_list = drs.add_parser("list", help="下書きの一覧(検索・並べ替え・ページ)")
    d_list.add_argument("--search", metavar="TEXT", help="件名・お客様名・見積番号・状態で検索")
    d_list.add_argument("--status", help="drafting, approval_requested, approved, submitted, won, lost")
    d_list.add_argument("--trash", action="store_true", help="ごみ箱の中を表示")
    d_list.add_argument("--sort", default="updated", choices=["updated", "created", "title", "customer", "number", "status"])
    d_list.add_argument("--asc", action="store_true", help="昇順")
    d_list.add_argument("--page", type=int, default=1)
    d_list.add_argument("--per-page", type=int, default=50)
    d_list.add_argument("--json", action="store_true")
    d_exp = drs.add_parser("export", help="下書きを注文ファイル(.iij-order.json)に書き出す")
    d_exp.add_argument("id", type=int)
    d_exp.add_argument("-o", "--output", metavar="FILE", help="書き出し先(省略時は標準出力)")
    d_exp.add_argument("--rev", type=int, help="書き出すリビジョン(省略時は最新)")
    d_imp = drs.add_parser("import", help="注文ファイルを新しい下書きとして取り込む")
    d_imp.add_argument("files", nargs="+")
    d_his = drs.add_parser("history", help="下書きの保存履歴")
    d_his.add_argument("id", type=int)
    d_res = drs.add_parser("restore", help="以前のリビジョンを最新に戻す(新しいリビジョンとして保存)")
    d_res.add_argument("id", type=int)
    d_res.add_argument("--rev", type=int, required=True)
    d_tr = drs.add_parser("trash", help="ごみ箱に移す")
    d_tr.add_argument("id", type=int)
    d_un = drs.add_parser("untrash", help="ごみ箱から戻す")
    d_un.add_argument("id", type=int)
    d_pu = drs.add_parser("purge", help="ごみ箱の下書きを完全に削除する")
    d_pu.add_argument("id", type=int)
    d_dup = drs.add_parser("duplicate", help="下書きを複製する(新しい見積番号)")
    d_dup.add_argument("id", type=int)
    d_st = drs.add_parser("status", help="状態を変える")
    d_st.add_argument("id", type=int)
    d_st.add_argument("status", help="drafting(作成中), approval_requested(承認依頼中), approved(承認済), "
                      "submitted(提出済), won(受注), lost(失注)")
    drs.add_parser("backups", help="バックアップの一覧")
    d_rb = drs.add_parser("restore-backup", help="バックアップから復元する(今のファイルは別名で残す)")
    d_rb.add_argument("backup", nargs="?", help="バックアップファイル(省略時は最新)")
    dr.set_defaults(func=cmd_drafts)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        from ui.app import run  # the desktop app; Qt is imported only here

        return run()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.data_dir:
        from configurator.settings import set_data_dir

        set_data_dir(args.data_dir)
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
            "実行したコマンドと入力ファイルを添えて開発担当にご連絡ください。\n"
        )
        return EXIT_BUG
