"""The 契約・変更・解約 screen: view.py (the screen, its session and its exports) with one module a tab
(contract_tab, change_tab with change_table, cancel_tab). The edit logic is in
configurator/session/contract_session.py, without Qt."""
