"""The team database schema, as versioned migrations applied by `iij-configurator team init DSN`.

Who may do what is decided by PostgreSQL itself, so it holds for raw SQL too:
- every member is a LOGIN role in the group role iij_member, listed in iij_team.members with a team
  and a kind: sales, approver, manager (an approver for the larger deals) or admin;
- row-level security on drafts, revisions, approvals and price books shows and accepts only rows of
  the member's own team; another team's rows can be neither read nor written;
- revisions are append-only (no UPDATE/DELETE privilege and a trigger): an approved revision is frozen;
- the approval columns of a draft can't be written directly (column privileges); they change only through
  an approval row, which a trigger checks (an approver of the same team with the level the rules ask for);
- price books can be inserted only by an admin of the team (policy), and never changed.

The version is in iij_team.meta; a client refuses a schema newer than SCHEMA_VERSION.
"""

from __future__ import annotations

from typing import Any

from configurator.team.server import SchemaMissing, SchemaTooNew, TeamError, connect, explain, server_errors

SCHEMA = "iij_team"
MEMBER_ROLE = "iij_member"

_M001 = r"""
CREATE SCHEMA iij_team;
CREATE TABLE iij_team.meta (key text PRIMARY KEY, value text NOT NULL);
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'iij_member') THEN CREATE ROLE iij_member NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA iij_team TO iij_member;
GRANT SELECT ON iij_team.meta TO iij_member;

CREATE TABLE iij_team.teams (id serial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE iij_team.members (
  role name PRIMARY KEY,
  team_id int NOT NULL REFERENCES iij_team.teams,
  kind text NOT NULL CHECK (kind IN ('sales', 'approver', 'manager', 'admin')),
  display_name text NOT NULL DEFAULT ''
);
GRANT SELECT ON iij_team.teams, iij_team.members TO iij_member;

-- team_of/kind_of read members as the owner (no RLS recursion); my_team/my_kind pass the caller's name
CREATE FUNCTION iij_team.team_of(name) RETURNS int LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = iij_team, pg_temp AS $$ SELECT team_id FROM iij_team.members WHERE role = $1 $$;
CREATE FUNCTION iij_team.kind_of(name) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = iij_team, pg_temp AS $$ SELECT kind FROM iij_team.members WHERE role = $1 $$;
CREATE FUNCTION iij_team.my_team() RETURNS int LANGUAGE sql STABLE AS $$ SELECT
  iij_team.team_of(current_user) $$;
CREATE FUNCTION iij_team.my_kind() RETURNS text LANGUAGE sql STABLE AS $$ SELECT
  iij_team.kind_of(current_user) $$;
REVOKE ALL ON FUNCTION iij_team.team_of(name), iij_team.kind_of(name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION iij_team.team_of(name), iij_team.kind_of(name) TO iij_member;
ALTER TABLE iij_team.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE iij_team.teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY team ON iij_team.members FOR SELECT USING (team_id = iij_team.my_team());
CREATE POLICY team ON iij_team.teams FOR SELECT USING (id = iij_team.my_team());
CREATE FUNCTION iij_team.level_rank(text) RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE $1 WHEN 'approver' THEN 1 WHEN 'manager' THEN 2 WHEN 'admin' THEN 2 ELSE 0 END $$;

-- one row per installation of the app: its code is the middle part of its quote numbers
CREATE SEQUENCE iij_team.client_code;
CREATE TABLE iij_team.clients (
  id uuid PRIMARY KEY,
  role name NOT NULL DEFAULT current_user,
  code text NOT NULL UNIQUE DEFAULT lpad(nextval('iij_team.client_code')::text, 3, '0'),
  registered_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE iij_team.clients ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON iij_team.clients USING (role = current_user) WITH CHECK (role = current_user);
GRANT SELECT, INSERT (id) ON iij_team.clients TO iij_member;
GRANT USAGE ON SEQUENCE iij_team.client_code TO iij_member;

CREATE TABLE iij_team.drafts (
  id uuid PRIMARY KEY,
  team_id int NOT NULL DEFAULT iij_team.my_team() REFERENCES iij_team.teams,
  number text NOT NULL,
  owner name NOT NULL DEFAULT current_user,
  title text NOT NULL DEFAULT '',
  customer text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'drafting',
  head uuid,
  head_rev int NOT NULL DEFAULT 0,
  approval text NOT NULL DEFAULT 'none' CHECK (approval IN ('none', 'requested', 'approved', 'rejected')),
  approval_rev uuid,
  approval_level text,
  approval_by name,
  approval_at timestamptz,
  approval_comment text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (team_id, number)
);
CREATE INDEX ON iij_team.drafts (xid);
CREATE INDEX ON iij_team.drafts (team_id, approval);

CREATE TABLE iij_team.revisions (
  id uuid PRIMARY KEY,
  draft_id uuid NOT NULL REFERENCES iij_team.drafts,
  team_id int NOT NULL DEFAULT iij_team.my_team() REFERENCES iij_team.teams,
  parent uuid REFERENCES iij_team.revisions,
  rev int NOT NULL,
  author name NOT NULL DEFAULT current_user,
  client_id uuid,
  saved_at timestamptz NOT NULL,
  document json NOT NULL,
  note text NOT NULL DEFAULT '',
  pricebook text,
  received_at timestamptz NOT NULL DEFAULT now(),
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (draft_id, rev)
);
CREATE INDEX ON iij_team.revisions (xid);

CREATE TABLE iij_team.approval_rules (
  id serial PRIMARY KEY,
  team_id int REFERENCES iij_team.teams,          -- NULL: every team
  fact text NOT NULL,                              -- e.g. commitment (最低利用期間の総額), discount
  op text NOT NULL CHECK (op IN ('>', '>=')),
  threshold numeric NOT NULL,
  level text NOT NULL CHECK (level IN ('approver', 'manager')),
  label text NOT NULL DEFAULT ''
);
GRANT SELECT ON iij_team.approval_rules TO iij_member;
ALTER TABLE iij_team.approval_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY team ON iij_team.approval_rules FOR SELECT USING (team_id IS NULL OR team_id =
  iij_team.my_team());

CREATE TABLE iij_team.approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  draft_id uuid NOT NULL REFERENCES iij_team.drafts,
  team_id int NOT NULL DEFAULT iij_team.my_team() REFERENCES iij_team.teams,
  revision_id uuid NOT NULL REFERENCES iij_team.revisions,
  action text NOT NULL CHECK (action IN ('request', 'approve', 'reject')),
  actor name NOT NULL DEFAULT current_user,
  comment text NOT NULL DEFAULT '',
  facts jsonb NOT NULL DEFAULT '{}',
  level text,
  at timestamptz NOT NULL DEFAULT now(),
  xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX ON iij_team.approvals (xid);
CREATE INDEX ON iij_team.approvals (draft_id);

CREATE TABLE iij_team.pricebooks (
  team_id int NOT NULL DEFAULT iij_team.my_team() REFERENCES iij_team.teams,
  version text NOT NULL,
  content json NOT NULL,
  published_by name NOT NULL DEFAULT current_user,
  published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (team_id, version)
);

-- row-level security: own team only, for reading and for writing
ALTER TABLE iij_team.drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE iij_team.revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE iij_team.approvals ENABLE ROW LEVEL SECURITY;
ALTER TABLE iij_team.pricebooks ENABLE ROW LEVEL SECURITY;
CREATE POLICY team ON iij_team.drafts USING (team_id = iij_team.my_team()) WITH CHECK (team_id =
  iij_team.my_team());
CREATE POLICY team ON iij_team.revisions USING (team_id = iij_team.my_team())
  WITH CHECK (team_id = iij_team.my_team() AND author = current_user
              AND EXISTS (SELECT 1 FROM iij_team.drafts d WHERE d.id = draft_id));
CREATE POLICY team ON iij_team.approvals USING (team_id = iij_team.my_team())
  WITH CHECK (team_id = iij_team.my_team() AND actor = current_user);
CREATE POLICY team_read ON iij_team.pricebooks FOR SELECT USING (team_id = iij_team.my_team());
CREATE POLICY admin_publish ON iij_team.pricebooks FOR INSERT
  WITH CHECK (team_id = iij_team.my_team() AND iij_team.my_kind() = 'admin' AND published_by = current_user);

GRANT SELECT, INSERT (id, number, title, customer, status, head, head_rev), UPDATE (title, customer, status,
  head, head_rev)
  ON iij_team.drafts TO iij_member;
GRANT SELECT, INSERT (id, draft_id, parent, rev, client_id, saved_at, document, note, pricebook)
  ON iij_team.revisions TO iij_member;
GRANT SELECT, INSERT (draft_id, revision_id, action, comment, facts) ON iij_team.approvals TO iij_member;
GRANT SELECT, INSERT (version, content) ON iij_team.pricebooks TO iij_member;

-- a draft's head moves only from its known head to a revision of that draft whose parent it is;
-- moving the head (an edit) ends any approval: the new revision needs approval again
CREATE FUNCTION iij_team.drafts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.head IS DISTINCT FROM OLD.head THEN
    IF NEW.head_rev <= OLD.head_rev OR NOT EXISTS (
        SELECT 1 FROM iij_team.revisions r WHERE r.id = NEW.head AND r.draft_id = NEW.id AND r.rev =
          NEW.head_rev) THEN
      RAISE EXCEPTION '下書き % の最新リビジョンは、その後のリビジョンにしか進められません', OLD.number;
    END IF;
    IF OLD.approval IN ('requested', 'approved') AND NEW.approval = OLD.approval THEN
      NEW.approval := 'none';
      IF NEW.status IN ('approval_requested', 'approved') THEN NEW.status := 'drafting'; END IF;
    END IF;
  END IF;
  IF NEW.status IN ('approval_requested', 'approved') AND NEW.status IS DISTINCT FROM OLD.status
     AND NEW.approval <> (CASE NEW.status WHEN 'approved' THEN 'approved' ELSE 'requested' END) THEN
    RAISE EXCEPTION '状態「%」は承認の手続きでしか設定できません', NEW.status;
  END IF;
  NEW.updated_at := now();
  NEW.xid := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER drafts_guard BEFORE UPDATE ON iij_team.drafts FOR EACH ROW EXECUTE FUNCTION
  iij_team.drafts_guard();

-- the revisions of a draft form one line: rev 1 has no parent, rev n has rev n-1 of the same draft
CREATE FUNCTION iij_team.revisions_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent IS NULL AND NEW.rev <> 1 OR NEW.parent IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM iij_team.revisions p WHERE p.id = NEW.parent AND p.draft_id = NEW.draft_id AND p.rev =
        NEW.rev - 1) THEN
    RAISE EXCEPTION 'リビジョン % の親が正しくありません(下書きの履歴は1本の列です)', NEW.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER revisions_chain BEFORE INSERT ON iij_team.revisions
  FOR EACH ROW EXECUTE FUNCTION iij_team.revisions_chain();

CREATE FUNCTION iij_team.frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% は変更できません(履歴は追記のみ。承認済みのリビジョンは凍結されています)', TG_TABLE_NAME;
END $$;
CREATE TRIGGER revisions_frozen BEFORE UPDATE OR DELETE ON iij_team.revisions
  FOR EACH ROW EXECUTE FUNCTION iij_team.frozen();
CREATE TRIGGER approvals_frozen BEFORE UPDATE OR DELETE ON iij_team.approvals
  FOR EACH ROW EXECUTE FUNCTION iij_team.frozen();
CREATE TRIGGER pricebooks_frozen BEFORE UPDATE OR DELETE ON iij_team.pricebooks
  FOR EACH ROW EXECUTE FUNCTION iij_team.frozen();

-- an approval row is checked here and sets the draft's approval state. It runs as the schema owner
-- (to write the approval columns); NEW.actor is the caller because the policy checks actor = current_user
-- after this trigger, as the caller.
CREATE FUNCTION iij_team.approvals_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = iij_team, pg_temp AS $$
DECLARE
  d iij_team.drafts;
  who iij_team.members;
  needed text;
BEGIN
  SELECT * INTO d FROM iij_team.drafts WHERE id = NEW.draft_id FOR UPDATE;
  SELECT * INTO who FROM iij_team.members WHERE role = NEW.actor;
  IF d.id IS NULL OR who.role IS NULL OR d.team_id <> who.team_id OR NEW.team_id <> who.team_id THEN
    RAISE EXCEPTION 'この下書きはあなたのチームのものではありません' USING ERRCODE = '42501';
  END IF;
  IF d.head IS DISTINCT FROM NEW.revision_id THEN
    RAISE EXCEPTION '下書き % は更新されています'
      '(承認依頼・承認は最新のリビジョンにだけできます)。同期してからやり直してください', d.number;
  END IF;
  IF NEW.action = 'request' THEN
    IF d.approval = 'approved' THEN
      RAISE EXCEPTION '下書き % のこのリビジョンは承認済みです', d.number;
    END IF;
    SELECT coalesce(max(r.level) FILTER (WHERE r.level = 'manager'), 'approver') INTO needed
      FROM iij_team.approval_rules r
     WHERE (r.team_id IS NULL OR r.team_id = d.team_id) AND NEW.facts ? r.fact
       AND (CASE r.op WHEN '>' THEN (NEW.facts->>r.fact)::numeric > r.threshold
                      ELSE (NEW.facts->>r.fact)::numeric >= r.threshold END);
    NEW.level := needed;
    UPDATE iij_team.drafts SET approval = 'requested', approval_rev = NEW.revision_id, approval_level =
      needed,
      approval_by = NULL, approval_at = NEW.at, approval_comment = NEW.comment, status = 'approval_requested'
     WHERE id = d.id;
  ELSE
    IF d.approval <> 'requested' OR d.approval_rev IS DISTINCT FROM NEW.revision_id THEN
      RAISE EXCEPTION '下書き % には承認依頼が出ていません', d.number;
    END IF;
    IF iij_team.level_rank(who.kind) < iij_team.level_rank(d.approval_level) THEN
      RAISE EXCEPTION '下書き % の承認には「%」の権限が必要です(承認ルールによる)', d.number, d.approval_level
        USING ERRCODE = '42501';
    END IF;
    IF NEW.action = 'reject' AND btrim(NEW.comment) = '' THEN
      RAISE EXCEPTION '差戻しにはコメントが必要です';
    END IF;
    NEW.level := d.approval_level;
    UPDATE iij_team.drafts SET approval = CASE NEW.action WHEN 'approve' THEN 'approved' ELSE 'rejected' END,
      approval_by = NEW.actor, approval_at = NEW.at, approval_comment = NEW.comment,
      status = CASE NEW.action WHEN 'approve' THEN 'approved' ELSE 'drafting' END
     WHERE id = d.id;
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION iij_team.approvals_apply() FROM PUBLIC;
CREATE TRIGGER approvals_apply BEFORE INSERT ON iij_team.approvals
  FOR EACH ROW EXECUTE FUNCTION iij_team.approvals_apply();

-- for the database owner: teams and members (the login role itself is made with CREATE ROLE)
CREATE FUNCTION iij_team.add_team(p_code text, p_name text) RETURNS int LANGUAGE sql AS $$
  INSERT INTO iij_team.teams(code, name) VALUES (p_code, p_name)
  ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id $$;
CREATE FUNCTION iij_team.add_member(p_role name, p_team text, p_kind text, p_display text DEFAULT '')
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO iij_team.members(role, team_id, kind, display_name)
  VALUES (p_role, (SELECT id FROM iij_team.teams WHERE code = p_team), p_kind, p_display)
  ON CONFLICT (role) DO UPDATE SET team_id = excluded.team_id, kind = excluded.kind, display_name =
    excluded.display_name;
  EXECUTE format('GRANT iij_member TO %I', p_role);
END $$;
REVOKE ALL ON FUNCTION iij_team.add_team(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION iij_team.add_member(name, text, text, text) FROM PUBLIC;
"""

#: (version, SQL). Append only: a released migration is never edited.
MIGRATIONS: list[tuple[int, str]] = [(1, _M001)]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def server_version(conn: Any) -> int:
    """The schema version on the server; 0 when there is none yet."""
    row = conn.execute("SELECT to_regclass('iij_team.meta') IS NOT NULL").fetchone()
    if not row[0]:
        return 0
    got = conn.execute("SELECT value FROM iij_team.meta WHERE key = 'schema_version'").fetchone()
    return int(got[0]) if got else 0


def _too_new(version: int, dsn: str) -> SchemaTooNew:
    from configurator.team.server import redact

    return SchemaTooNew(
        f"チームのデータベース({redact(dsn)})は新しい版のアプリで作られています(形式 {version}、この版は "
        f"{SCHEMA_VERSION} まで)。"
        "データを守るため何もせずに止めました。アプリを更新してください。"
        "下書きはオフラインで使い続けられます。",
        f"The team database schema ({version}) is newer than this app knows ({SCHEMA_VERSION}); update the "
        "app.",
    )


def check_version(conn: Any, dsn: str = "") -> int:
    with server_errors(dsn):
        version = server_version(conn)
        conn.rollback()
    if version > SCHEMA_VERSION:
        raise _too_new(version, dsn)
    if version == 0:  # an empty database, or another one than the team's
        from configurator.team.server import _psycopg

        try:
            db = str(_psycopg().conninfo.conninfo_to_dict(dsn).get("dbname") or "") if dsn else ""
        except Exception:
            db = ""
        raise SchemaMissing(
            f"データベース「{db}」にはこのアプリのチームの表がありません。接続の設定の「データベース」が"
            "管理者から受け取った名前か確かめてください。合っていれば、管理者が "
            "`iij-configurator team init DSN` を実行してください。",
            f"The database \"{db}\" holds no team tables of this app. Check the database name in the "
            "connection settings; if it is right, the administrator runs `iij-configurator team init DSN`.",
        )
    if version < SCHEMA_VERSION:
        raise SchemaMissing(
            f"チームのデータベースの形式が古いか、まだ作られていません(形式 {version}、この版は "
            f"{SCHEMA_VERSION})。"
            "管理者が `iij-configurator team init DSN` を実行してください。",
            "The team database needs `team init`.",
        )
    return version


def open_team(dsn: str) -> Any:
    """A connection to the team database whose schema this app knows (else SchemaTooNew or
    SchemaMissing)."""
    conn = connect(dsn)
    try:
        check_version(conn, dsn)
    except BaseException:
        conn.close()
        raise
    return conn


def init(dsn: str) -> tuple[int, int]:
    """Create or migrate the schema; returns (version before, version after). Run by the database owner.
    A schema newer than this app is refused untouched. All pending migrations commit together or not
    at all."""
    conn = connect(dsn)
    try:
        with server_errors(dsn):
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('iij_team.migrate'))")
            before = server_version(conn)
            if before > SCHEMA_VERSION:
                conn.rollback()
                raise _too_new(before, dsn)
            for version, sql in MIGRATIONS:
                if version > before:
                    conn.execute(sql)
            conn.execute(
                "INSERT INTO iij_team.meta(key, value) VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(SCHEMA_VERSION)],
            )
            conn.commit()
        return before, SCHEMA_VERSION
    except TeamError:
        raise
    except Exception as exc:
        raise explain(exc, dsn) from None
    finally:
        conn.close()


def add_team(conn: Any, code: str, name: str) -> int:
    return int(conn.execute("SELECT iij_team.add_team(%s, %s)", [code, name]).fetchone()[0])


def add_member(conn: Any, role: str, team: str, kind: str, display_name: str = "") -> None:
    conn.execute("SELECT iij_team.add_member(%s, %s, %s, %s)", [role, team, kind, display_name])
