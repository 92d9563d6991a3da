"""The team commands: init, sync, status, submit, approve, reject and pricebook publish."""

from __future__ import annotations

import argparse
from typing import Any

from configurator.commands.output import EXIT_OK, json_out, out
from configurator.errors import KnownError
from configurator.text.i18n import _


def _team_dsn(args: argparse.Namespace, local: Any) -> str:
    import os

    from configurator.team.connection import dsn_with_tls

    dsn = args.dsn or os.environ.get("IIJ_TEAM_DSN") or (local.get("dsn") if local is not None else None)
    if not dsn:
        raise KnownError(
            _('チームの接続先がありません。--dsn か環境変数 IIJ_TEAM_DSN で指定してください。'),
            "No team database given: use --dsn or IIJ_TEAM_DSN.",
        )
    return dsn_with_tls(str(dsn), args.tls, args.ca_file)


def cmd_team(args: argparse.Namespace) -> int:
    action = args.team_command
    if action == "init":
        from configurator.team.connection import dsn_with_tls
        from configurator.team.schema import init

        before, after = init(dsn_with_tls(args.dsn, args.tls, args.ca_file))
        out(
            _('チームのデータベースを形式 {after} にしました(以前は {before})。').format(
                after=after, before=before
            )
            if before != after
            else _('チームのデータベースは最新の形式 {after} です。').format(after=after)
        )
        return EXIT_OK
    from configurator.store.drafts import DraftStore, local_time
    from configurator.team import approvals
    from configurator.team.local import TeamLocal

    with DraftStore.open(fresh=False) as store:  # never an empty store beside backups (drafts.py)
        local = TeamLocal(store)
        if action == "status":
            info = local.status()
            # each with the revision asked about: what `team approve ID --rev N` approves and no other
            queue = [{**d.to_json(), "rev": store.info(d.draft_id).rev} for d in local.drafts("requested")]
            if args.json:
                json_out({**info, "approval_queue": queue})
                return EXIT_OK
            last = local_time(info["last_sync"]) if info["last_sync"] else _('未同期')
            out(_('接続先: {dsn}').format(dsn=info["dsn"] or _('(未設定)')))
            out(
                _('チーム: {team}  ユーザー: {role}  見積番号の記号: {code}').format(
                    team=info["team"] or "-", role=info["role"] or "-", code=info["client_code"] or "-"
                )
            )
            out(_('最終同期: {last}  未送信: {n}件').format(last=last, n=info["unsent"]))
            if info["last_error"]:
                out(_('前回の同期のエラー: {error}').format(error=info["last_error"]))
            out(_('承認待ち: {n}件').format(n=len(queue)))
            for d in queue:
                out(f"{d['id']:>6}  {d['number']:<20} rev {d['rev']:<4} {d['owner']:<12} {d['title']}")
            return EXIT_OK
        dsn = _team_dsn(args, local)
        if action == "sync":
            from configurator.team.sync import sync

            for line in sync(store, dsn).lines():
                out(line)
        elif action == "submit":
            level = approvals.submit(store, dsn, args.id, args.comment)
            out(
                _('下書き {id} の承認を依頼しました(必要な承認: {level})。').format(
                    id=args.id, level=approvals.LEVEL_LABELS.get(level, level)
                )
            )
        elif action == "approve":
            seen = approvals.revision_seen(store, args.id, args.rev) if args.rev is not None else None
            approvals.approve(store, dsn, args.id, args.comment, seen=seen)
            out(_('下書き {id} を承認しました。').format(id=args.id))
        elif action == "reject":
            seen = approvals.revision_seen(store, args.id, args.rev) if args.rev is not None else None
            approvals.reject(store, dsn, args.id, args.comment, seen=seen)
            out(_('下書き {id} を差戻しました。').format(id=args.id))
        elif action == "pricebook":
            from configurator.team.pricebooks import publish

            version = publish(dsn, args.file)
            out(
                _('価格表 版 {version} をチームに公開しました。各自の次の同期で有効になります。').format(
                    version=version
                )
            )
    return EXIT_OK


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    from configurator.team.connection import TLS_MODES

    as_json = _('結果をJSONで出力する')
    # --- team (issue 19): the team database on PostgreSQL ---
    tm = sub.add_parser("team", help=_('チームのデータベース(PostgreSQL)との同期・承認・価格表の公開'))
    tms = tm.add_subparsers(
        dest="team_command",
        metavar="ACTION",
        parser_class=parser_class,
        required=True,
        help=_('操作(下の一覧から)'),
    )
    dsn_help = _(
        '接続先(例 "host=db.example.co.jp dbname=iij user=yamada")。省略時は $IIJ_TEAM_DSN か前回の接続先。'
        'パスワードは PGPASSWORD か pgpass ファイルで渡す'
    )
    t_init = tms.add_parser(
        "init", help=_('チームのデータベースにこのアプリの表を作る・更新する(データベースの所有者が実行)')
    )
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
    for t_ in (t_app, t_rej):
        t_.add_argument(
            "--rev",
            type=int,
            metavar="N",
            help=_('確かめたリビジョン(`team status` の rev)。その後に内容が変わっていたら何も送らない'),
        )
    t_pb = tms.add_parser("pricebook", help=_('価格表をチームに公開する(管理者)'))
    t_pbs = t_pb.add_subparsers(
        dest="team_pb_command",
        metavar="ACTION",
        parser_class=parser_class,
        required=True,
        help=_('操作(下の一覧から)'),
    )
    t_pub = t_pbs.add_parser(
        "publish", help=_('価格表を検査してチームに公開する。次の同期で全員の有効な価格表になる')
    )
    t_pub.add_argument("file", help=_('価格表ファイル(iij-pricebook/1 の JSON)'))
    for t_ in (t_sync, t_stat, t_sub, t_app, t_rej, t_pub):
        t_.add_argument("--dsn", metavar="DSN", help=dsn_help)
    tls_help = _(
        '通信の暗号化: prefer 可能なら暗号化(省略時の既定) / require 必ず暗号化 / '
        'verify サーバー証明書を確認(推奨、--ca-file が必要)'
    )
    remembered = _('。接続先とともに記録され、次から省ける')
    for t_ in (t_init, t_sync, t_sub, t_app, t_rej, t_pub):
        t_.add_argument(
            "--tls", choices=TLS_MODES, help=tls_help + ("" if t_ is t_init else remembered)
        )
        t_.add_argument(
            "--ca-file",
            metavar="FILE",
            help=_('サーバー証明書を確認する CA の証明書ファイル(PEM)。管理者から受け取ったもの'),
        )
    tm.set_defaults(func=cmd_team)
