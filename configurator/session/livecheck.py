"""validate() of an order kept up to date edit by edit, for the screens that judge an order again after
every keystroke (the wizard's OrderSession, the contract screen's proposed order).

`LiveChecks.validate(doc, book, touched)` returns exactly what `tariff.rules.validate(doc, book)` returns
(tests/test_livecheck.py compares them over random edits), but works again only on what an edit can
have changed. The two costs of validate on a large order are per site: the rules of one site (scope
SITE, which see nothing but the site) and the search for characters no font prints (a walk of every
string). Both are kept per site pointer together with the site object they were found on, and reused
when the same object is at the same pointer and no edit touched it (`touched`: the JSON pointers the
edits since the last call wrote to). Everything else — the network, topology and order-wide rules
(LAN overlaps, counts, …) — runs in full every time. Without `touched` (a new order, another price
book) everything is checked again."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from configurator.gcpause import gc_paused
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.checks.printing import fields_outside, issues_outside, printable_table
from configurator.tariff.checks.registry import ORDER, SiteMemo
from configurator.tariff.rules import Issue, check_scope

_NO_BOOK = object()


def touched_by(ops: Iterable[dict[str, Any]]) -> list[str]:
    """The pointers JSON-patch operations write to (a move or copy also reads "from": a move empties it)."""
    out: list[str] = []
    for op in ops:
        out.append(str(op.get("path", "")))
        if "from" in op:
            out.append(str(op["from"]))
    return out


def site_of(ptr: str) -> str | None:
    """The site pointer `ptr` is at or under (/vpn_networks/0/children/7/lan/0 → /vpn_networks/0/children/7),
    None when it is above the sites or beside them."""
    parts = ptr.split("/")
    if len(parts) >= 4 and parts[1] == "vpn_networks" and parts[3] == "parent":
        return "/".join(parts[:4])
    if len(parts) >= 5 and parts[1] == "vpn_networks" and parts[3] == "children" and parts[4] != "-":
        return "/".join(parts[:5])
    return None


def _prefixes(ptr: str) -> Iterator[str]:
    """The pointer and every pointer above it, but the root."""
    while ptr:
        yield ptr
        ptr = ptr.rsplit("/", 1)[0]


class LiveChecks:
    """The findings of one order being edited, per site where they can be (see the module)."""

    def __init__(self) -> None:
        self._rules = SiteMemo()
        self._printing: dict[str, tuple[Any, list[Issue]]] = {}
        self._book: Any = _NO_BOOK
        self._cat: Catalogue | None = None

    def forget(self) -> None:
        self._rules = SiteMemo()
        self._printing = {}

    def _drop(self, touched: Iterable[str]) -> None:
        """Forget the sites an edit wrote in, or above. An edit of a field drops its site alone (no scan
        of the 10,000 kept); a site appended ("…/children/-") is at a new pointer, in no memo; a site
        removed or inserted moves the ones after it, which the identity check then finds changed."""
        memos = (self._rules.after, self._printing)
        above: set[str] = set()
        for t in touched:
            if t == "":
                self.forget()
                return
            if t.endswith("/-"):
                continue
            site = site_of(t)
            if site is not None:
                for memo in memos:
                    memo.pop(site, None)
            else:
                above.add(t)
        if above:
            for memo in memos:
                for key in [k for k in memo if any(p in above for p in _prefixes(k))]:
                    del memo[key]

    def validate(
        self,
        doc: dict[str, Any],
        price_book: Any = None,
        touched: Iterable[str] | None = None,
        cat: Catalogue | None = None,
    ) -> list[Issue]:
        """validate(doc, price_book): every issue of the order, in document order. `touched`: the pointers
        the edits since the last call wrote to (None: check everything again)."""
        cat = cat or catalogue()
        if touched is None or price_book is not self._book or cat is not self._cat:
            self.forget()
        else:
            self._drop(touched)
        self._book, self._cat = price_book, cat
        memo = SiteMemo(before=self._rules.after)
        with gc_paused():
            issues = check_scope(ORDER, doc, "", cat, price_book, memo=memo)
            printing = self._unprintable(doc)
        self._rules = memo
        return issues + printing

    # --- characters no font prints, per site ------------------------------------------------------

    def _unprintable(self, doc: dict[str, Any]) -> list[Issue]:
        """unprintable_issues(doc), walked in the same order, a site's findings reused (see validate)."""
        parts: list[list[Issue] | tuple[str, Any]] = []  # findings, or a site to look at again
        seen: dict[str, tuple[Any, list[Issue]]] = {}
        codes = printable_table()  # the fonts looked up once, not once a site (a file read and stats)

        def unprintable_issues(value: Any, prefix: str) -> list[Issue]:
            return issues_outside(value, codes, prefix)

        def site(obj: Any, p: str) -> None:
            hit = self._printing.get(p)
            if hit is None or hit[0] is not obj:
                parts.append((p, obj))
            else:
                seen[p] = hit
                parts.append(hit[1])

        for key, value in doc.items():
            if key != "vpn_networks" or not isinstance(value, list):
                parts.append(unprintable_issues(value, prefix=f"/{key}"))
                continue
            for i, net in enumerate(value):
                np = f"/vpn_networks/{i}"
                if not isinstance(net, dict):
                    parts.append(unprintable_issues(net, prefix=np))
                    continue
                for nkey, nvalue in net.items():
                    if nkey == "parent" and isinstance(nvalue, dict):
                        site(nvalue, f"{np}/parent")
                    elif nkey == "children" and isinstance(nvalue, list):
                        for j, child in enumerate(nvalue):
                            site(child, f"{np}/children/{j}")
                    else:
                        parts.append(unprintable_issues(nvalue, prefix=f"{np}/{nkey}"))
        # the sites to look at again, looked at together first: when all of them print (the usual
        # case: a new order, a whole check) each is clean, found with one look at their few distinct
        # characters instead of one a site; else each is walked alone to name its fields
        fresh = [part[1] for part in parts if isinstance(part, tuple)]
        clean = len(fresh) > 1 and not fields_outside(fresh, codes)
        out: list[Issue] = []
        for part in parts:
            if isinstance(part, tuple):
                p, obj = part
                found = [] if clean else unprintable_issues(obj, prefix=p)
                seen[p] = (obj, found)
                out.extend(found)
            else:
                out.extend(part)
        self._printing = seen
        return out
