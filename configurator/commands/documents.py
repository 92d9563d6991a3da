"""The document commands: quote, form (御見積書・申込書), change and cancel (judged and costed), the
change and cancellation PDFs, and import (the order taken back out of a PDF this app made)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from configurator.commands.output import (
    EXIT_ERRORS,
    EXIT_OK,
    emit,
    json_out,
    out,
    price_book,
    refuse_same_file,
)
from configurator.errors import KnownError
from configurator.text.i18n import _, issue_message, pick, severity_label

#: What a change or cancellation order file is called in the messages of read_bytes (Japanese, English).
LIFECYCLE_FILE = (
    "変更申込(.iij-change.json)か解約申込(.iij-cancel.json)のファイル",
    "a change (.iij-change.json) or cancellation (.iij-cancel.json) order file",
)


def _doc_options(args: argparse.Namespace, number: str) -> Any:
    """The options of a PDF from the command line: --date, --draft, --wareki and --font over the
    settings (configurator.documents.export.options), for the five documents alike."""
    from configurator.documents import export
    from configurator.tariff.calc import parse_date

    font = getattr(args, "font", None)
    if font:
        _check_font(font)
    return export.options(
        issue_date=parse_date(args.date, _('発行日 --date')) if args.date else None,
        draft=args.draft,
        wareki=args.wareki,
        number=number,
        font_path=getattr(args, "font", None),
    )


def _check_font(path: str) -> None:
    """--font names a font the PDF can embed: a font missing or unusable was passed over in silence,
    and the PDF made with another one (exit 0)."""
    import os

    from configurator.documents.fonts import japanese_font

    if os.path.isdir(path):
        reason = _('フォルダです')
    elif not os.path.exists(path):
        reason = _('見つかりません')
    elif japanese_font(path).source != "user":
        reason = _('読めないか、埋め込めるTrueTypeフォント(glyf)ではありません')
    else:
        return
    raise KnownError(
        _(
            '--font のフォント {path} を使えません({reason})。日本語のTrueTypeフォント(.ttf .ttc)を'
            '指定するか、--font を省いてください(設定・同梱・システムのフォントを順に使います)。'
        ).format(path=path, reason=reason),
        f"Cannot use the --font font {path} ({reason}). Give a Japanese TrueType font (.ttf .ttc), or "
        "leave --font out (the font of the settings, the bundled one or the system's is used).",
    )


def _warn_font(options: Any, kind: str = "form", subject: Any = None) -> None:
    """The font not embedded, and each field with a character no font prints (printed as 〓)."""
    from configurator.documents import export

    for ja, en in export.warning_texts(kind, subject if subject is not None else {}, options):
        sys.stderr.write(_('警告: {warning}\n').format(warning=pick(ja, en)))


def cmd_document(args: argparse.Namespace) -> int:
    """quote / form. The order is checked against the rules only when the document is issued: a draft
    (--draft) is made whatever the rules say, so it neither imports nor runs them (~25 ms)."""
    from configurator.order.document import load

    refuse_same_file(args.output, args.file, args.price_book, getattr(args, "font", None))
    doc = load(args.file)
    book = price_book(args)
    errors = [] if args.draft else _stoppers(args.kind, doc, book)
    if errors:
        what = _('見積書') if args.kind == 'quote' else _('申込書')
        lines = [
            _(
                '注文にエラーが{v0}件あるため、{v1}を作成しません'
                '(エラーを直すか、--draft で下書きとして作成してください):'
            ).format(v0=len(errors), v1=what)
        ]
        lines.extend(f"  - [{e.rule}] {e.path}: {e.message}" for e in errors[:10])
        if len(errors) > 10:
            lines.append(_('  ほか{v0}件(validate で全件を表示)').format(v0=len(errors) - 10))
        sys.stderr.write("\n".join(lines) + "\n")
        return EXIT_ERRORS
    from configurator.documents import export

    options = _doc_options(args, number=args.number or str(doc.get("quote_number") or ""))
    export.export(args.kind, doc, args.output, options, book)
    _warn_font(options, args.kind, doc)
    _say_made(args)
    return EXIT_OK


def _stoppers(kind: str, doc: dict[str, Any], book: Any) -> list[Any]:
    """The rule errors, and for the 申込書 the errors of the form too (configurator.tariff.rules
    .issue_stoppers): what stops the document unless --draft."""
    from configurator.tariff.rules import FORM_CHECKED_KINDS, form_issues, issue_stoppers, validate

    form = form_issues(doc) if kind in FORM_CHECKED_KINDS else []
    return issue_stoppers(kind, validate(doc, price_book=book), form)


def _say_made(args: argparse.Namespace) -> None:
    draft = _('(下書き)') if args.draft else ""
    out(_('{output} を作成しました').format(output=args.output) + draft + _('。'))


def cmd_lifecycle(args: argparse.Namespace) -> int:
    from configurator import lifecycle
    from configurator.order.document import load_json, read_bytes

    refuse_same_file(args.output, args.file, args.price_book)
    data, label = read_bytes(args.file, expect=LIFECYCLE_FILE)
    doc = load_json(data, source=label, what="変更・解約申込のファイル")
    book = price_book(args)
    is_change = args.kind.startswith("change")
    analyse = lifecycle.analyse_change if is_change else lifecycle.analyse_cancel
    result: Any = analyse(doc, book, source=label)
    if args.output is None:
        if args.json:
            json_out(result.to_json())
        else:
            _print_lifecycle(result, is_change)
        return EXIT_OK if result.valid else EXIT_ERRORS
    if not result.valid and not args.draft:
        errors = [f"  - [{i.rule}] {i.path}: {issue_message(i)}" for i in result.issues if i.is_error]
        sys.stderr.write(
            _('規程上のエラーがあるため作成しません(直すか --draft で下書きとして作成してください):\n')
            + "\n".join(errors)
            + "\n"
        )
        return EXIT_ERRORS
    from configurator.documents import export

    options = _doc_options(args, number=args.number or "")
    export.export(args.kind, result, args.output, options)
    _warn_font(options, args.kind, result)
    _say_made(args)
    return EXIT_OK


def _print_lifecycle(result: Any, is_change: bool) -> None:
    from configurator import lifecycle

    lines = lifecycle.change_texts(result) if is_change else lifecycle.cancel_texts(result)
    for i in result.issues:
        lines.append(f"[{severity_label(i)}] {i.rule} {i.path}: {issue_message(i)}({i.cite()})")
    out("\n".join(lines))


def cmd_import(args: argparse.Namespace) -> int:
    from configurator.documents.pdfimport import extract_document, read_pdf
    from configurator.order.document import dumps, save

    refuse_same_file(args.output, args.pdf)
    doc = extract_document(read_pdf(args.pdf), source=args.pdf)
    if args.output:
        save(doc, args.output)
        out(_('{pdf} から注文を取り出し、{output} に保存しました。').format(pdf=args.pdf, output=args.output))
    else:
        emit(dumps(doc))
    return EXIT_OK


def _pdf_arguments(p: argparse.ArgumentParser) -> None:
    """What every command that writes a document PDF takes: the output, draft, date, era, number and
    price book."""
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help=_('書き出すPDFファイル'))
    p.add_argument("--draft", action="store_true", help=_('エラーがあっても作る(全ページに「下書き」と表示)'))
    p.add_argument("--date", metavar="YYYY-MM-DD", help=_('発行日(省略時は今日)'))
    p.add_argument("--wareki", action="store_true", help=_('日付を和暦で表示する'))
    p.add_argument("--number", metavar="NUMBER", help=_('見積番号(例 Q-2026-000123-R2)'))
    p.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    order_file = _('注文ファイル(.iij-order.json)、- で標準入力')
    as_json = _('結果をJSONで出力する')
    for kind, label in (("quote", _('御見積書')), ("form", _('申込書'))):
        q = sub.add_parser(
            kind,
            help=_('{label}のPDFを作る(エラーのある注文は --draft のときだけ、下書き表示つきで作成)').format(
                label=label
            ),
        )
        q.add_argument("file", help=order_file)
        _pdf_arguments(q)
        q.add_argument(
            "--font", metavar="TTF", help=_('日本語TrueTypeフォント(省略時は設定・同梱・システムの順に探す)')
        )
        q.set_defaults(func=cmd_document, kind=kind)
    for kind, label in (("change", _('変更申込(iij-change/1)')), ("cancel", _('解約申込(iij-cancel/1)'))):
        a = sub.add_parser(
            kind,
            help=_('{label}を規程で検査し、日付と費用を計算する (0 正常 / 1 エラーあり / 2 読めない)').format(
                label=label
            ),
        )
        a.add_argument("file", help=_('{label}のファイル、- で標準入力').format(label=label))
        a.add_argument("--json", action="store_true", help=as_json)
        a.add_argument("--price-book", metavar="FILE", help=_('価格表ファイル(省略時は有効な価格表)'))
        a.set_defaults(func=cmd_lifecycle, kind=kind, output=None)
    for kind, label in (
        ("change-form", _('変更申込書')),
        ("cancel-form", _('解約申込書')),
        ("cancel-quote", _('解約に伴う費用のお見積り')),
    ):
        a = sub.add_parser(
            kind, help=_('{label}のPDFを作る(エラーがあれば --draft のときだけ)').format(label=label)
        )
        a.add_argument(
            "file", help=_('変更申込(.iij-change.json)か解約申込(.iij-cancel.json)のファイル、- で標準入力')
        )
        _pdf_arguments(a)
        a.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
        a.set_defaults(func=cmd_lifecycle, kind=kind)


def add_import_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    im = sub.add_parser("import", help=_('このアプリで作ったPDFから注文(変更・解約申込を含む)を取り出す'))
    im.add_argument("pdf", help=_('このアプリで作った見積書・申込書などのPDF'))
    im.add_argument("-o", "--output", metavar="FILE", help=_('書き出し先(省略時は標準出力)'))
    im.set_defaults(func=cmd_import)
