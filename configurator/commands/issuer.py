"""issuer show / issuer set: the 発行元 (issuer block) of the quote from the command line, checked as the
app's dialog checks it (configurator.store.issuer.save_issuer). Without it a quote is not issued, and a
headless back office had only settings.json to edit by hand."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from configurator.commands.output import EXIT_OK, json_out, out
from configurator.text.i18n import _, pick

#: option name → field of the issuer block
OPTIONS = {
    "company": "company",
    "address": "address",
    "phone": "phone",
    "person": "person",
    "registration_number": "registration_number",
    "seal": "seal_image",
}


def cmd_issuer(args: argparse.Namespace) -> int:
    from configurator.documents.quote import ISSUER_FIELDS
    from configurator.store.issuer import FIELD_NAMES, Issuer, save_issuer
    from configurator.store.settings import check_data_dir

    # the issuer is kept in the data folder: one that is a file is told (show gave the defaults as stored)
    check_data_dir(write=args.issuer_command == "set")
    if args.issuer_command == "set":
        values = asdict(Issuer.load_unchecked())
        for option, field in OPTIONS.items():
            given = getattr(args, option)
            if given is not None:
                values[field] = given
        if args.no_seal:
            values["seal_image"] = ""
        issuer = save_issuer(values)
    else:
        issuer = Issuer.load_unchecked()
    block = asdict(issuer)
    missing = [pick(*FIELD_NAMES[key]) for key, _label in ISSUER_FIELDS if not block[key].strip()]
    if args.json:
        json_out({**block, "complete": not missing})
        return EXIT_OK
    if args.issuer_command == "set":
        out(_('発行元を保存しました。'))
    for field, value in block.items():
        out(
            f"{pick(*FIELD_NAMES[field])}: {value or '-'}"
        )  # not padded: a Japanese label is 2 columns a character
    if missing:
        out(
            _('御見積書の発行に足りない項目: {missing}(issuer set で設定してください)').format(
                missing=_('、').join(missing)
            )
        )
    return EXIT_OK


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    iss = sub.add_parser("issuer", help=_('御見積書の発行元(自社)を表示・設定する'))
    isss = iss.add_subparsers(
        dest="issuer_command",
        metavar="ACTION",
        parser_class=parser_class,
        required=True,
        help=_('操作(下の一覧から)'),
    )
    show = isss.add_parser("show", help=_('今の発行元と、御見積書の発行に足りない項目を表示する'))
    show.add_argument("--json", action="store_true", help=_('結果をJSONで出力する'))
    st = isss.add_parser(
        "set",
        help=_('発行元を設定する(指定した項目だけ変え、ほかは今のまま。アプリの発行元の設定と同じ検査)'),
        epilog=_('例:') + '\n  iij-configurator issuer set --company "株式会社インターネットイニシアティブ" '
        '--address "東京都千代田区富士見2-10-2" --phone 03-5205-6500 --person "営業部 佐藤 花子" '
        "--registration-number T7000012050002",
    )
    st.add_argument("--company", metavar="TEXT", help=_('会社名'))
    st.add_argument("--address", metavar="TEXT", help=_('住所'))
    st.add_argument("--phone", metavar="TEXT", help=_('電話番号'))
    st.add_argument("--person", metavar="TEXT", help=_('担当者'))
    st.add_argument(
        "--registration-number", metavar="T0000000000000", help=_('登録番号(適格請求書発行事業者、T と13桁)')
    )
    st.add_argument("--seal", metavar="PNG", help=_('角印の画像(PNG・JPEG、データフォルダにコピーされます)'))
    st.add_argument("--no-seal", action="store_true", help=_('角印を使わない'))
    st.add_argument("--json", action="store_true", help=_('結果をJSONで出力する'))
    iss.set_defaults(func=cmd_issuer)
