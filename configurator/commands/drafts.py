"""The drafts commands: list, export, import, history, restore, trash, backups and restore-backup."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from configurator.commands.output import EXIT_OK, emit, emit_json
from configurator.text.i18n import _, error_text


def cmd_drafts(args: argparse.Namespace) -> int:
    from configurator.store import backups, drafts, layout
    from configurator.store.settings import check_data_dir, data_dir

    action = args.drafts_command
    if action in ("backups", "restore-backup"):  # a data folder that is a file: which setting to change
        check_data_dir(write=action == "restore-backup")
    if action == "backups":
        found = layout.list_backups(data_dir())
        for b in found:
            emit(f"{b.name}  {b.stat().st_size:,} bytes")
        if not found:  # nothing printed at all left the user guessing whether it had worked
            emit(
                _('バックアップはまだありません(下書きを保存すると、1日1回と保存中は1時間ごとに作られます)。')
            )
        return EXIT_OK
    if action == "restore-backup":
        done = backups.restore_backup(data_dir(), args.backup)
        emit(
            _('バックアップ {name} から復元しました。').format(name=done.backup.name)
            + (
                _('復元前のファイルは {moved} として残しています。').format(moved=done.moved_to.name)
                if done.moved_to
                else ""
            )
        )
        return EXIT_OK
    with drafts.DraftStore.open(fresh=False) as store:  # never an empty store beside backups
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
            raise faults.StoreError(
                _('状態「{status}」はありません({v1})。').format(
                    status=args.status, v1=', '.join(drafts.STATUSES)
                ),
                "Unknown status.",
            )
        page = max(args.page, 1)
        if not 1 <= args.per_page <= 10_000 or page > 10**12:
            raise faults.StoreError(
                _('--per-page は1から10000、--page は1以上の数にしてください。'),
                "--per-page must be 1 to 10000 and --page at least 1.",
            )
        rows = store.list(
            args.search,
            args.status,
            args.trash,
            args.sort,
            not args.asc,
            limit=args.per_page,
            offset=(page - 1) * args.per_page,
        )
        if args.json:
            emit_json([r.to_json() for r in rows])
        else:
            total = store.count(trash=args.trash)
            emit(
                _('{v0} {total}件(ページ {page})').format(
                    v0=_('ごみ箱') if args.trash else _('下書き'), total=total, page=page
                )
            )
            for r in rows:
                emit(
                    f"{r.id:>6}  {r.quote_number:<20} {_(r.status_label):<6} "
                    f"{drafts.local_time(r.updated_at)}  {r.title}"
                    f"{'  / ' + r.customer if r.customer else ''}"
                )
    elif action == "export":
        info, doc = store.load(args.id, args.rev)
        if args.output:
            save(doc, args.output)
            emit(
                _('{quote_number} を {output} に書き出しました。').format(
                    quote_number=info.quote_number, output=args.output
                )
            )
        else:
            emit(dumps(doc))
    elif action == "import":
        docs = _load_all(args.files, load)  # all or nothing: a rerun after a fault made duplicates
        for f, doc in zip(args.files, docs, strict=True):
            res = store.create(doc, status=drafts.initial_status(doc), note=_('{f} から取り込み').format(f=f))
            emit(
                _('{f} を下書き {quote_number}(ID {draft_id})として取り込みました。').format(
                    f=f, quote_number=store.info(res.draft_id).quote_number, draft_id=res.draft_id
                )
            )
    elif action == "history":
        info = store.info(args.id)
        emit(f"{info.quote_number} {info.title}")
        for h in store.history(args.id):
            emit(
                f"  R{h['rev']:<5} {drafts.local_time(h['saved_at'])}  "
                f"{_('出力済 ') if h['issued'] else ''}{h['note']}"
            )
    elif action == "restore":
        res = store.restore_revision(args.id, args.rev)
        emit(
            _('リビジョン {rev} を復元し、リビジョン {rev1} として保存しました。').format(
                rev=args.rev, rev1=res.rev
            )
        )
    elif action == "trash":
        store.trash(args.id)
        emit(_('下書き {id} をごみ箱に移しました(`drafts untrash {id}` で戻せます)。').format(id=args.id))
    elif action == "untrash":
        store.untrash(args.id)
        emit(_('下書き {id} をごみ箱から戻しました。').format(id=args.id))
    elif action == "purge":
        store.purge(args.id)
        emit(_('下書き {id} を完全に削除しました。').format(id=args.id))
    elif action == "duplicate":
        res = store.duplicate(args.id)
        emit(
            _('複製しました: {quote_number}(ID {draft_id})').format(
                quote_number=store.info(res.draft_id).quote_number, draft_id=res.draft_id
            )
        )
    elif action == "status":
        store.set_status(args.id, args.status)
        emit(
            _('下書き {id} の状態を「{v1}」にしました。').format(id=args.id, v1=drafts.STATUSES[args.status])
        )


def _load_all(files: list[str], load: Any) -> list[Any]:
    """Every file read and checked before any is imported; the faults of all of them told at once."""
    from configurator.errors import KnownError

    if len(files) == 1:
        return [load(files[0])]  # its own message, in one line
    docs, faults = [], []
    for f in files:
        try:
            docs.append(load(f))
        except KnownError as exc:
            faults.append(error_text(exc))
    if faults:
        raise KnownError(
            _(
                '{n}件のファイルを取り込めないため、どれも取り込んでいません(直してから、もう一度全部を指定してください):'
            ).format(n=len(faults))
            + "".join("\n  - " + f for f in faults),
            f"{len(faults)} of the files cannot be imported; none was imported:"
            + "".join("\n  - " + f for f in faults),
        )
    return docs


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    as_json = _('結果をJSONで出力する')
    draft_id = _('下書きのID(drafts list で表示)')
    dr = sub.add_parser("drafts", help=_('下書きの一覧・書き出し・取り込み・履歴・ごみ箱・バックアップ'))
    drs = dr.add_subparsers(
        dest="drafts_command",
        metavar="ACTION",
        parser_class=parser_class,
        required=True,
        help=_('操作(下の一覧から)'),
    )
    d_list = drs.add_parser("list", help=_('下書きの一覧(検索・並べ替え・ページ)'))
    d_list.add_argument("--search", metavar="TEXT", help=_('件名・お客様名・見積番号・状態で検索'))
    from configurator.store.drafts import STATUSES

    statuses = ", ".join(f"{k}({_(v)})" for k, v in STATUSES.items())  # contracted (契約済) included
    d_list.add_argument(
        "--status", metavar="STATUS", help=_('状態で絞り込む: {statuses}').format(statuses=statuses)
    )
    d_list.add_argument("--trash", action="store_true", help=_('ごみ箱の中を表示'))
    d_list.add_argument(
        "--sort",
        default="updated",
        choices=["updated", "created", "title", "customer", "number", "status"],
        help=_('並べ替えの基準(既定 updated: 更新日時)'),
    )
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
    d_st.add_argument("status", help=statuses)
    drs.add_parser("backups", help=_('バックアップの一覧'))
    d_rb = drs.add_parser("restore-backup", help=_('バックアップから復元する(今のファイルは別名で残す)'))
    d_rb.add_argument("backup", nargs="?", help=_('バックアップファイル(省略時は最新)'))
    dr.set_defaults(func=cmd_drafts)
