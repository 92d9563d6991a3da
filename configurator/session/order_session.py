"""An editing session of one order: edits with undo and redo, live validation, the live quote, and
saving to the draft store. Qt-free: the wizard drives it and shows what it derives."""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from configurator.gcpause import gc_paused
from configurator.order.document import FORMAT
from configurator.order.patch import apply_in_place, get
from configurator.session.livecheck import LiveChecks, site_of, touched_by
from configurator.session.steps import Step, change, of_ops
from configurator.store.drafts import EDITING_KEY as EDITING_KEY  # crash recovery's key, kept by the store
from configurator.store.drafts import SaveResult, initial_status
from configurator.store.faults import DraftNotFound
from configurator.tariff.rules import Issue, form_issues, has_errors, issue_stoppers


def new_order(tariff_date: str | None = None) -> dict[str, Any]:
    from configurator.text.jpformat import today_tokyo

    return {
        "format": FORMAT,
        "title": "",
        "tariff_date": tariff_date or today_tokyo().isoformat(),
        "customer": {"name": "", "name_kana": "", "department": "", "contact": "", "contact_kana": "",
                     "email": "", "phone": "", "postal_code": "", "address": "", "kind": "company"},
        "services": [],
        "vpn_networks": [],
        "auth_units": [],
    }


def new_site(site_id: str, name: str = "", parent: bool = False) -> dict[str, Any]:
    return {
        "id": site_id, "name": name, "postal_code": "", "address": "", "country": "JP",
        "device": None, "term_years": None, "lan": [], "internet": {"provider": "iij"},
        "options": {"onsite_installation": False, "cold_standby": False, "private_switch": None,
                    "rack_mount_kit": False, "sfp_module": 0, "vpn_module": False,
                    "additional_license": False},
    }


#: The names the app gives what it makes, as order data: Japanese whatever the language of the UI (the
#: 御見積書 and 申込書 print them; an English UI once put "VPN network 1" and "Parent site" in them).
DEFAULT_PARENT_NAME = "親拠点"
DEFAULT_NETWORK_NAME = "VPN網{n}"


def default_network_name(n: int) -> str:
    """The name of the `n`th VPN network the app makes (1-based): VPN網1, VPN網2, …"""
    return DEFAULT_NETWORK_NAME.format(n=n)


def new_network(net_id: str, name: str = "") -> dict[str, Any]:
    return {"id": net_id, "name": name, "item": None, "closed_monitoring": {"enabled": False, "line": None},
            "maintenance": "type2", "parent": new_site(f"{net_id}-hq", DEFAULT_PARENT_NAME, parent=True),
            "children": []}


def new_unit(unit_id: str) -> dict[str, Any]:
    return {"id": unit_id, "management": {"name": "", "realm": ""}, "clients": [], "proxies": [], "vpdns": [],
            "large_scale_private_gateway": False, "setup_acknowledged": False}


@dataclass
class Edit:
    step: Step  # what it did, for 元に戻す・やり直し to say
    forward: list[dict[str, Any]]
    inverse: list[dict[str, Any]]


SitePointers = set[str]

#: How many edits 元に戻す can take back (the setting "undo_steps" changes it). Each step keeps only
#: what its edit replaced, so a bounded history bounds the memory of a long day's work.
UNDO_STEPS = 100


class OrderSession:
    def __init__(self, doc: dict[str, Any], draft_id: int | None = None, base_rev: int | None = None,
                 price_book: Any = None, undo_steps: int = UNDO_STEPS) -> None:
        self.doc = doc
        self.undo_steps = max(1, undo_steps)
        self.draft_id = draft_id
        self.base_rev = base_rev
        self.price_book = price_book
        self.undo_stack: list[Edit] = []
        self.redo_stack: list[Edit] = []
        self.dirty = False
        #: a contracted order shown in the wizard: no edit applies (changes go through a change order)
        self.read_only = False
        self.issues: list[Issue] = []
        self._by_prefix = _index([])
        self.form_issues: list[Issue] = []
        self._form_by_prefix = _index([])
        self._quote: Any = None
        self._totals: Any = None
        self.listeners: list[Callable[[OrderSession], None]] = []
        self._live = LiveChecks()  # validate(), again only where an edit wrote
        #: moves on every time the order is judged again, i.e. after every edit, undo and redo
        self.version = 0
        #: what the last judgement started from: the findings before it and the pointers the edit wrote
        #: to (None: all of it), for changed_sites
        self._before: tuple[list[Issue], list[Issue], list[str] | None] = ([], [], None)
        self.revalidate()

    # --- editing --------------------------------------------------------------------------------

    def get(self, ptr: str, default: Any = None) -> Any:
        return get(self.doc, ptr, default)

    def refusal(self, ptr: str, value: Any) -> str | None:
        """Why the field `ptr` does not take `value` as typed (jpinput.typed_refusal), or None: set() is
        asked only when it is None."""
        import re

        from configurator.order.document import field_limit
        from configurator.text.i18n import _
        from configurator.text.jpinput import tidy_typed, typed_refusal

        value = tidy_typed(ptr, value)
        limit = field_limit(re.sub(r"/\d+(?=/|$)", "/-", ptr))
        if isinstance(value, str) and limit is not None and len(value) > limit:
            # longer than the order format holds (a whole document pasted): the file saved would not open
            said = _('長すぎます({length:,}文字。{limit:,}文字までにしてください)。元のままです。')
            return said.format(length=len(value), limit=limit)
        return typed_refusal(ptr, value)

    def set(self, ptr: str, value: Any) -> None:
        """One field's new value: one undo step, told as the field changed."""
        from configurator.text.jpinput import tidy_typed

        value = tidy_typed(ptr, value)  # postal codes and LAN addresses however typed (issue 20)
        if self.get(ptr, _MISSING) == value:
            return
        self.apply([{"op": "replace", "path": ptr, "value": value}], change([ptr]))

    def apply(self, ops: list[dict[str, Any]] | tuple[dict[str, Any], ...], step: Step | None = None) -> None:
        """Operations applied as one undo step; `step` says what they do (else worked out from them)."""
        if self.read_only:
            return
        ops = [dict(op) for op in ops]
        inverse = apply_in_place(self.doc, ops)
        self.undo_stack.append(Edit(step or of_ops(ops), ops, inverse))
        del self.undo_stack[: -self.undo_steps]
        self.redo_stack.clear()
        self._changed(ops)

    @property
    def undo_step(self) -> Step | None:
        """What 元に戻す would take back (None: nothing)."""
        return self.undo_stack[-1].step if self.undo_stack else None

    @property
    def redo_step(self) -> Step | None:
        """What やり直し would do again (None: nothing)."""
        return self.redo_stack[-1].step if self.redo_stack else None

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        edit = self.undo_stack.pop()
        edit.forward = apply_in_place(self.doc, edit.inverse)
        self.redo_stack.append(edit)
        self._changed(edit.inverse)
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        edit = self.redo_stack.pop()
        edit.inverse = apply_in_place(self.doc, edit.forward)
        self.undo_stack.append(edit)
        self._changed(edit.forward)
        return True

    def _changed(self, ops: list[dict[str, Any]]) -> None:
        self.dirty = True
        self.revalidate(touched_by(ops))

    # --- derived --------------------------------------------------------------------------------

    def revalidate(self, touched: list[str] | None = None) -> None:
        """Judge the order again and tell the listeners. `touched`: the pointers the edit wrote to, so
        that only what they can change is checked again (livecheck.py); None checks everything."""
        self._before = (self.issues, self.form_issues, touched)
        self.issues = self._live.validate(self.doc, self.price_book, touched)
        #: what the application form needs filled in (not tariff rules: they never make the order invalid)
        self.form_issues = form_issues(self.doc)
        self.version += 1  # what the order derives (findings, prices, a table's cached sites) is new
        self._by_prefix = _index(self.issues)
        self._form_by_prefix = _index(self.form_issues)
        self._quote = self._totals = None
        for listener in list(self.listeners):
            listener(self)

    def changed_sites(self, since: int) -> SitePointers | None:
        """The VPN sites (their pointers) whose fields or findings may differ between version `since` and
        now: the sites the last edit wrote in and those with a finding come or gone. None when that is
        not known: more than one judgement since, or an edit at or above the sites (a network, the
        list of sites, the whole order), which a view takes as every site changed."""
        if since != self.version - 1:
            return None
        old_issues, old_form, touched = self._before
        if touched is None:
            return None
        out: SitePointers = set()
        for ptr in touched:
            site = site_of(ptr)
            if site is None or site == ptr:  # a whole site added, removed or moved: the ones after it move
                if ptr == "" or ptr.startswith("/vpn_networks") or "/vpn_networks".startswith(ptr):
                    return None
                continue  # beside the sites: the customer, the services, the auth units
            out.add(site)
        for old, new in ((old_issues, self.issues), (old_form, self.form_issues)):
            if old == new:
                continue
            for path, *_rest in _keys(old).symmetric_difference(_keys(new)):
                site = site_of(path)
                if site is not None:
                    out.add(site)
        return out

    def issues_at(self, ptr: str) -> list[Issue]:
        """Issues at the field `ptr` or anywhere under it."""
        return self._by_prefix.get(ptr, [])

    def form_issues_at(self, ptr: str) -> list[Issue]:
        """What the application form lacks at the field `ptr` or anywhere under it."""
        return self._form_by_prefix.get(ptr, [])

    @property
    def all_issues(self) -> list[Issue]:
        """The rule findings and what the form lacks: what the wizard shows and counts."""
        return [*self.issues, *self.form_issues]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.issues)

    def issue_stoppers(self, kind: str) -> list[Issue]:
        """What stops document `kind` from being issued (not a 下書き): the rule errors, and for the 申込書
        the errors of the form (configurator.tariff.rules.issue_stoppers)."""
        return issue_stoppers(kind, self.issues, self.form_issues)

    def quote(self) -> Any:
        if self._quote is None:
            from configurator.pricing.quote import price_order

            with gc_paused():  # makes no cycles; a collection would walk the whole order
                self._quote = price_order(self.doc, self.price_book)
        return self._quote

    def totals(self) -> Any:
        """The quote's totals (the status line after every edit): price_order(per_site=False), the same
        groups and totals as quote() for less work; quote() itself when it is made already."""
        if self._quote is not None:
            return self._quote
        if self._totals is None:
            from configurator.pricing.quote import price_order

            with gc_paused():
                self._totals = price_order(self.doc, self.price_book, per_site=False)
        return self._totals

    # --- storing --------------------------------------------------------------------------------

    def save(self, store: Any, note: str = "") -> Any:
        """Save to the draft store: a new draft the first time, a new revision after. On a
        conflict the work is in a new draft (a conflict copy), which this session then edits."""
        doc = json.loads(json.dumps(self.doc))
        if self.draft_id is None:
            result = store.create(doc, status=initial_status(doc), note=note)
        else:
            try:
                result = store.save(self.draft_id, doc, self.base_rev or 0, note=note)
            except DraftNotFound:  # deleted for good elsewhere while open here: the work becomes a new draft
                made = store.create(doc, status=initial_status(doc), note=note)
                result = SaveResult(made.draft_id, made.rev, recreated=True)
        self.draft_id = result.draft_id
        self.base_rev = result.rev
        self.dirty = False
        return result



_MISSING = object()


def _keys(issues: list[Issue]) -> set[tuple[str, str, str, str]]:
    """The findings as what a view shows of them (their patches are dicts: an Issue is not hashable)."""
    return {(i.path, i.severity, i.rule, i.message) for i in issues}


# --- ids, and what the wizard shows, derived from the catalogue (kept here, not in ui/) -------------
# (the edit commands are in edits.py)


#: the prefix of the ids 子拠点を追加 and a pasted table without a 拠点ID column give new sites (site-1, …)
SITE_ID_PREFIX = "site-"


def unique_id(existing: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in existing:
        n += 1
    return f"{prefix}{n}"


def all_ids(doc: dict[str, Any]) -> set[str]:
    """Every id in the order: networks, sites, auth units and their contracts (unique order-wide)."""
    ids: set[str] = set()
    for net in doc.get("vpn_networks") or []:
        ids.add(net.get("id", ""))
        if net.get("parent"):
            ids.add(net["parent"].get("id", ""))
        ids.update(c.get("id", "") for c in net.get("children") or [])
    for unit in doc.get("auth_units") or []:
        ids.add(unit.get("id", ""))
        for key in ("clients", "proxies", "vpdns"):
            ids.update(c.get("id", "") for c in unit.get(key) or [])
    return ids


def vpdn_class_pointer(doc: dict[str, Any], vpdn_ptr: str) -> str | None:
    """The pointer of the IIJモバイル contract class a VPDN's item requires (category, plan or
    network type)."""
    from configurator.tariff.catalogue import catalogue

    spec = catalogue().vpdn_items.get(get(doc, vpdn_ptr + "/item") or "")
    return f"{vpdn_ptr}/mobile/{spec['requirement_field']}" if spec else None


def auth_terms_text() -> str:
    from configurator.tariff.catalogue import catalogue
    from configurator.text.i18n import current
    from configurator.text.jpformat import article_en

    cat = catalogue()
    if current() == "en":
        lb = cat.auth["options"]["load_balancing"]
        return ("The minimum terms of IIJ Authentication Outsourcing are set by its tariff: client, VPDN "
                f"and proxy contracts {cat.auth['kinds']['client']['min_term_months']} month "
                f"({article_en(cat.auth['min_term_citation'])}), "
                f"load balancing {lb['min_term_months']} month "
                f"({article_en(cat.auth['load_balancing_min_term_citation'])}); "
                "the management contract has none.")
    kinds = cat.auth["kinds"]
    lb = cat.auth["options"]["load_balancing"]
    child = "・".join(k["short"] for k in kinds.values() if k["contract"] == "child")
    return ("IIJ認証アウトソースサービスの最低利用期間は規程で決まっています: "
            f"{child}は{kinds['client']['min_term_months']}か月"
            f"({cat.auth['min_term_citation']})、{lb['name']}は{lb['min_term_months']}か月"
            f"({cat.auth['load_balancing_min_term_citation']})、マネージメントには最低利用期間がありません。")


def order_summary(doc: dict[str, Any], price_book: Any = None) -> dict[str, Any]:
    """What a revision holds, in figures a salesperson recognises (for the history list): title,
    customer, networks and sites, auth units and their children, errors, and the quote's totals."""
    from configurator.pricing.quote import price_order
    from configurator.tariff.rules import validate

    nets = [n for n in doc.get("vpn_networks") or [] if isinstance(n, dict)]
    units = [u for u in doc.get("auth_units") or [] if isinstance(u, dict)]
    customer = doc.get("customer") if isinstance(doc.get("customer"), dict) else {}
    quote = price_order(doc, price_book)
    return {
        "title": str(doc.get("title") or ""),
        "customer": str((customer or {}).get("name") or ""),
        "networks": len(nets),
        "sites": sum((1 if n.get("parent") else 0) + len(n.get("children") or []) for n in nets),
        "auth_units": len(units),
        "auth_children": sum(len(u.get(k) or []) for u in units for k in ("clients", "proxies", "vpdns")),
        "errors": sum(1 for i in validate(doc, price_book=price_book) if i.is_error),
        "initial_total": quote.groups["initial"].total,
        "monthly_total": quote.groups["monthly"].total,
        "sample": quote.price_book.sample,
    }


class _Index:
    """Issues by pointer: `get(ptr)` gives those at `ptr` or anywhere under it (a field, its site, its
    network, the order), in the order of `issues`. Made after every edit, it only groups the issues by
    their own path and sorts those paths; the issues under a pointer are gathered (by bisection) when it
    is first asked for, i.e. only for the cells and fields in sight."""

    def __init__(self, issues: list[Issue]) -> None:
        self._issues = issues
        self._at: dict[str, list[int]] = {}
        for n, issue in enumerate(issues):
            self._at.setdefault(issue.path, []).append(n)
        self._paths = sorted(self._at)
        self._asked: dict[str, list[Issue]] = {}

    def get(self, ptr: str, default: list[Issue]) -> list[Issue]:
        found = self._asked.get(ptr)
        if found is None:
            # the paths under ptr sort together, between ptr + "/" and ptr + "0" ("0" follows "/")
            paths, below = self._paths, ptr + "/"
            lo = bisect_left(paths, below)
            own = self._at.get(ptr, [])
            if lo == len(paths) or not paths[lo].startswith(below):  # nothing under it (most cells)
                found = [self._issues[n] for n in own]
            else:
                numbers = list(own)
                for path in paths[lo : bisect_left(paths, ptr + "0", lo)]:
                    numbers.extend(self._at[path])
                numbers.sort()
                found = [self._issues[n] for n in numbers]
            self._asked[ptr] = found
        return found or default


def _index(issues: list[Issue]) -> _Index:
    return _Index(issues)
