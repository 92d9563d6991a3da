"""The team database: one PostgreSQL server shared by a sales team (issue 19). No Qt here.

- schema.py: the server schema as versioned migrations (`iij-configurator team init DSN`); a schema
  newer than this app knows is refused. Roles and row-level security decide who sees and changes what.
- server.py: connecting (psycopg 3) and turning every server error into a Japanese TeamError.
- local.py: the client's bookkeeping beside the draft store (team_* tables in drafts.sqlite3): global
  revision ids, parents, what was pushed, the pull cursor, team quote numbers.
- sync.py: local-first sync: push local revisions, pull the team's, conflicts become conflict copies.
- approvals.py: 承認依頼 -> 承認 / 差戻し, with approval rules as data on the server.
- pricebooks.py: price books published by an admin, pulled by every client.

Quote numbers (team-unique, online or offline): Q-YYYY-CCC-NNNNN. CCC is this installation's client
code, handed out once by the server from a sequence when the client first registers (the first sync);
NNNNN is a per-year sequence kept in the local SQLite file. Two clients never share CCC and one client
never repeats NNNNN, so numbers are unique without asking the server again; the server also holds a
UNIQUE (team, number) constraint as a backstop.
"""
