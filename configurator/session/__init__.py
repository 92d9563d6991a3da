"""The layer the desktop app drives, without Qt: the wizard's pages (flow), the order being edited
with undo and live checks (order_session), and site lists read from a spreadsheet (sitecsv)."""
