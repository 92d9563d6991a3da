"""通信の暗号化 in チームの接続設定, against the PostgreSQL with TLS the tests start (tests/helpers/pg.py
tls_server): the choice and the CA file are saved in settings.json "team", a CA file that does not sign the
server's certificate is told in the dialog and the status bar, and the right one connects."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from configurator.text import i18n
from tests.helpers import pg
from tests.helpers.pg import TlsServer
from tests.ui.test_access_keys import clashes, keys_of
from tests.ui.test_team_ui import memory_keyring  # noqa: F401  (autouse: a keyring in memory)

tls_server = pg.tls_server


def _saved(data_dir: Path) -> dict[str, Any]:
    team = json.loads((data_dir / "settings.json").read_text(encoding="utf-8")).get("team")
    return dict(team) if team else {}


def test_verify_the_server_certificate_with_the_ca_file_chosen(
    qtbot: Any, window: Any, data_dir: Path, tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from configurator.team.connection import TLS_PREFER, TLS_VERIFY

    certs = tls_server.certs
    with pg.team_db_on(tls_server.server) as db:
        db.member("alice", "east", "sales", "佐藤")
        dialog = window.team.edit_settings()
        assert dialog.tls.currentData() == TLS_PREFER  # no setting yet: the old behaviour
        assert not dialog.ca_file.isEnabled() and not dialog.ca_pick.isEnabled()
        assert "確かめません" in dialog.tls_meaning.text()
        for edit, value in (
            (dialog.host, "127.0.0.1"),
            (dialog.port, str(tls_server.server.port)),
            (dialog.dbname, db.dbname),
            (dialog.user, "alice"),
        ):
            edit.setText(value)
        dialog.tls.setCurrentIndex(dialog.tls.findData(TLS_VERIFY))
        assert dialog.ca_file.isEnabled() and dialog.ca_pick.isEnabled()
        assert "偽のサーバー" in dialog.tls_meaning.text()
        dialog.save_btn.click()  # no CA file: told, nothing saved
        assert "CA ファイルが必要" in dialog.message.text() and _saved(data_dir) == {}
        monkeypatch.setattr("ui.team.settings.ask_open_file", lambda *a, **k: str(certs.other_ca))
        dialog.ca_pick.click()
        assert dialog.ca_file.text() == str(certs.other_ca)
        with qtbot.waitSignal(window.team.team.synced, timeout=60_000):
            dialog.save_btn.click()
        assert "署名したものではない" in dialog.message.text(), dialog.message.text()
        assert "「CA ファイル」" in dialog.message.text()
        assert window.team.status.label.text().startswith("チーム: エラー — ")
        team = window.team.team  # a period set in settings.json by hand is not in the dialog: kept
        monkeypatch.setattr(team, "connection", dataclasses.replace(team.connection, every_s=600))
        monkeypatch.setattr("ui.team.settings.ask_open_file", lambda *a, **k: str(certs.ca))
        dialog.ca_pick.click()
        with qtbot.waitSignal(window.team.team.synced, timeout=60_000):
            dialog.save_btn.click()
        assert "接続できました" in dialog.message.text(), dialog.message.text()
        assert window.team.status.label.text().startswith("チーム: 同期済み ")
        saved = _saved(data_dir)
        assert (saved["tls"], saved["ca_file"], saved["every_s"]) == ("verify", str(certs.ca), 600)
        dialog.close()
        again = window.team.edit_settings()  # what was saved is shown
        assert again.tls.currentData() == TLS_VERIFY and again.ca_file.text() == str(certs.ca)
        again.close()
        window.team.team.set_connection(None)  # the sync machinery lets go of the database


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_settings_dialog_has_one_letter_per_control(qtbot: Any, window: Any, lang: str) -> None:
    from configurator.team.connection import TLS_VERIFY

    i18n.install(lang)
    dialog = window.team.edit_settings()
    dialog.tls.setCurrentIndex(dialog.tls.findData(TLS_VERIFY))
    found = keys_of(dialog)
    assert {"E", "A", "B"} <= {k for k, _t in found}, found  # 通信の暗号化, CA ファイル, 選ぶ
    assert not clashes(found), found
    dialog.close()
