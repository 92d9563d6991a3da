"""The rule registry: every rule is one function, declared with its id, severity, scope and article.

    @rule("vpn.term.valid", ERROR, scope=SITE, tariff="vpn", article="第5条第1項")
    def term_valid(c: Check, site: dict[str, Any], p: str) -> None:
        # the docstring says the rule: "Each contract's minimum term is 1 or 3 years."
        if site.get("term_years") not in c.cat.term_years:
            c.report(p + "/term_years", "…", "…")

A scope names what a rule looks at: the whole order, one VPN network, one site, one LAN entry, one
auth unit, one VPDN, a change order's site… `run(scope, obj, p, check)` calls the scope's entries in
the order they were declared; an entry is a rule or a `visit`, which runs another scope on each part
of the object (a network's sites, a site's LAN entries), so the order of the issues follows the
document as it is read. A rule may be declared once and checked in several scopes (the same id
`@rule(id, scope=…)` again, without the metadata). A scope may sort its issues (`sort_scope`).

A scope whose objects are nearly always in order (a site of a valid order) may also declare a quiet
check (`quiet`): one function that tells, cheaply and for certain, that none of the scope's rules (nor
those of the scopes it visits) would report anything on an object, so that they need not run one by
one. It names the rule functions it answers for; when the scope's rules are not exactly those (a rule
was added and the check not told), it is not used: slower, never different.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import islice, takewhile
from typing import Any

from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.text.i18n import N_

ERROR = "error"
WARNING = "warning"
#: Shown in place of an article for the rules no tariff article states (LAN overlap, empty order).
NO_ARTICLE = N_("技術上・書式上の確認。規程の条項なし")

# --- scopes: what a rule is given -------------------------------------------------------------------
ORDER = "order"  # the whole order (iij-order/1)
VPN_NETWORK = "vpn_network"  # one VPN network with its sites
NETWORK = "network"  # one VPN network's own fields (item, maintenance, closed monitoring, site counts)
SITE = "site"  # one VPN site
LAN = "lan"  # one LAN subnet of a site (the text)
OPTIONS = "options"  # the options of a site that has any set (the site)
TOPOLOGY = "topology"  # every VPN network of the order (the list)
UNIT = "unit"  # one auth unit with its children
PROXY = "proxy"  # one proxy child contract
VPDN = "vpdn"  # one VPDN child contract, with its unit: (unit, vpdn)
AUTH_UNITS = "auth_units"  # every auth unit of the order (the list)
CHANGE = "change"  # a change order (iij-change/1)
CHANGE_SITE = "change_site"  # one contracted site in a change order: (base site, proposed site, …)
CANCEL = "cancel"  # a cancellation order (iij-cancel/1)
#: what the application form needs filled in (checks/form.py): run by form_issues(), not by validate(),
#: and kept out of ALL_RULES (the tariff rules of tariff-rules.md)
FORM = "form"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    tariff: str | None  # "vpn", "auth" or None (whole order / technical rule)
    citation: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A repair the user can apply: a label and JSON-patch operations on the order."""

    label: str
    label_en: str
    patch: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "label_en": self.label_en, "patch": list(self.patch)}


@dataclass(frozen=True, slots=True)
class Issue:
    rule: str
    severity: str
    path: str
    message: str
    message_en: str
    citation: str
    tariff: str | None
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def cite(self) -> str:
        """The citation with its tariff, e.g. '個別規程 IIJマネージドVPN PROサービス 第17条第2項第7号'."""
        from configurator.text.i18n import _, pick

        if not self.tariff:
            return _(NO_ARTICLE) if self.citation == "—" else self.citation
        from configurator.text.jpformat import article_en

        t = catalogue().tariff(self.tariff)
        return pick(
            f"{t['title']} {self.citation}", f"{t['service_name_en']} tariff {article_en(self.citation)}"
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "citation": self.citation,
            "message_en": self.message_en,
            "tariff": self.tariff,
        }
        if self.suggestions:
            out["suggestions"] = [s.to_json() for s in self.suggestions]
        return out


def shown(v: object) -> str:
    """A user value shown inside a message, shortened."""
    s = str(v)
    return s if len(s) <= 60 else s[:57] + "…"


def fix(label: str, label_en: str, *ops: tuple[str, str, Any]) -> Suggestion:
    """A suggestion from (op, path, value) operations."""
    return Suggestion(label, label_en, tuple({"op": op, "path": p, "value": v} for op, p, v in ops))


@dataclass(slots=True)
class Check:
    """What a rule function is given besides its object: the catalogue, the price book (or None),
    free-form context of the caller (a change order's documents), and `report`, which records an
    issue under the rule being run."""

    cat: Catalogue
    price_book: Any = None
    context: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    rule: Rule | None = None
    #: the findings of each site from the run before, to reuse where the site is the same object and
    #: was not edited since (configurator/session/livecheck.py); None: every site checked
    memo: SiteMemo | None = None
    #: run every rule on every object, the quiet checks unused (the tests compare the two ways)
    thorough: bool = False

    def report(self, path: str, ja: str, en: str, suggestions: Iterable[Suggestion] = ()) -> None:
        r = self.rule
        assert r is not None, "report() outside a rule"
        self.issues.append(Issue(r.id, r.severity, path, ja, en, r.citation, r.tariff, tuple(suggestions)))


@dataclass(slots=True)
class SiteMemo:
    """What the SITE scope found at each pointer, with the site object it was found on: `before` is read
    (the caller has dropped the sites edited since), `after` is what this run found, for the next one."""

    before: dict[str, tuple[Any, tuple[Issue, ...]]] = field(default_factory=dict)
    after: dict[str, tuple[Any, tuple[Issue, ...]]] = field(default_factory=dict)


RuleFn = Callable[[Check, Any, str], None]
#: What a visit runs its scope on: (object, JSON pointer) pairs of the parts of an object.
Parts = Callable[[Any, str], Iterable[tuple[Any, str]]]
#: The same parts without their pointers, for a first look by the inner scope's quiet check.
Objects = Callable[[Any], Sequence[Any]]


#: One step of a scope: a rule (rule, function, None, None) or a visit (None, None, inner scope, parts).
_Step = tuple[Rule | None, RuleFn | None, str | None, Parts | None]


#: Every rule, keyed by the stable id of tariff-rules.md, in the order of declaration.
ALL_RULES: dict[str, Rule] = {}
#: The checks of what the application form needs filled in (scope FORM), keyed by their "form." ids.
FORM_RULES: dict[str, Rule] = {}
_SCOPES: dict[str, list[_Step]] = {}
_SORT: dict[str, Callable[[Issue], Any]] = {}
#: A quiet check: True only when no rule of its scope reports anything on the object.
QuietFn = Callable[["Check", Any], bool]
#: scope -> (quiet check, the rule functions it answers for)
_QUIET: dict[str, tuple[QuietFn, frozenset[RuleFn]]] = {}
#: a visit's parts -> the same parts without pointers (visit(objects=...))
_OBJECTS: dict[Parts, Objects] = {}


def rule(
    rid: str,
    severity: str | None = None,
    *,
    scope: str,
    tariff: str | None = None,
    article: str | None = None,
) -> Callable[[RuleFn], RuleFn]:
    """Declare the decorated function as a check of rule `rid` in `scope` (its docstring says the rule).

    The first declaration of an id gives its severity, tariff and article; a later one (the same rule
    checked in another scope) gives only the id."""
    table = FORM_RULES if scope == FORM else ALL_RULES
    known = table.get(rid)
    if known is None:
        if severity is None or article is None:
            raise ValueError(f"rule {rid}: the first declaration gives severity and article")
        known = Rule(rid, severity, tariff, article)
    elif severity is not None and (severity, tariff, article) != (
        known.severity,
        known.tariff,
        known.citation,
    ):
        raise ValueError(f"rule {rid} declared twice with different metadata")
    declared = Rule(known.id, known.severity, known.tariff, known.citation, (*known.scopes, scope))

    def register(fn: RuleFn) -> RuleFn:
        table[rid] = declared
        _SCOPES.setdefault(scope, []).append((declared, fn, None, None))
        _forget_plans()
        return fn

    return register


def visit(scope: str, inner: str, parts: Parts, objects: Objects | None = None) -> None:
    """At this point of `scope`, run every rule of `inner` on each part `parts(obj, p)` gives.
    `objects(obj)`, the same parts in the same order without their pointers, lets the quiet check of
    `inner` look at all of them first (no pointer is made when all are quiet)."""
    _SCOPES.setdefault(scope, []).append((None, None, inner, parts))
    if objects is not None:
        _OBJECTS[parts] = objects
    _forget_plans()


def sort_scope(scope: str, key: Callable[[Issue], Any]) -> None:
    """Report the issues of one run of `scope` sorted (stably) by `key`."""
    _SORT[scope] = key
    _forget_plans()


def quiet(scope: str, covers: Iterable[RuleFn]) -> Callable[[QuietFn], QuietFn]:
    """Declare the decorated function `fn(check, obj) -> bool` the quiet check of `scope`: it returns
    True only when no rule of `scope`, nor of the scopes it visits, would report anything on `obj`
    (False when in doubt: the rules then run one by one). `covers` names those rule functions; the
    check is used only while they are exactly the scope's rules (quiet_in_use)."""

    def register(fn: QuietFn) -> QuietFn:
        _QUIET[scope] = (fn, frozenset(covers))
        _forget_plans()
        return fn

    return register


def rule_functions(scope: str) -> frozenset[RuleFn]:
    """Every rule function `scope` runs, its visits followed."""
    found: set[RuleFn] = set()
    todo, seen = [scope], set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for _rule, fn, inner, _parts in _SCOPES.get(s, ()):
            if fn is not None:
                found.add(fn)
            elif inner is not None:
                todo.append(inner)
    return frozenset(found)


def quiet_in_use(scope: str) -> QuietFn | None:
    """The quiet check of `scope`, if it has one that answers for exactly the scope's rules."""
    entry = _QUIET.get(scope)
    if entry is None or entry[1] != rule_functions(scope):
        return None
    return entry[0]


def run(scope: str, obj: Any, p: str, check: Check) -> None:
    """Run every rule (and visit) of `scope` on `obj` at pointer `p`, in declaration order."""
    memo = check.memo if scope == SITE else None
    if memo is not None:  # a site's rules see only the site: the same object, not edited, finds the same
        hit = memo.before.get(p)
        if hit is not None and hit[0] is obj:
            check.issues.extend(hit[1])
            memo.after[p] = hit
            return
    plan = _PLANS.get(scope)
    if plan is None:
        plan = _PLANS[scope] = _plan(scope)
    if not check.thorough:
        silent = _silent(scope)
        if silent is not None and silent(check, obj):
            if memo is not None:
                memo.after[p] = (obj, ())
            return
    start = len(check.issues)
    for rule_, fn in plan:
        check.rule = rule_
        fn(check, obj, p)
    if scope in _SORT:
        check.issues[start:] = sorted(check.issues[start:], key=_SORT[scope])
    if memo is not None:
        memo.after[p] = (obj, tuple(check.issues[start:]))


#: What `run` calls for each scope: (rule, function) pairs, a visit being a function of its own
#: (rule None) that runs its scope on each part. Made on first use, forgotten on every declaration
#: (with the quiet checks found in use).
_PLANS: dict[str, tuple[tuple[Rule | None, RuleFn], ...]] = {}
_QUIET_USED: dict[str, QuietFn] = {}


def _forget_plans() -> None:
    _PLANS.clear()
    _QUIET_USED.clear()


def _never_quiet(check: Check, obj: Any) -> bool:
    return False


def _silent(scope: str) -> QuietFn | None:
    """quiet_in_use(scope), found once per declaration of anything."""
    found = _QUIET_USED.get(scope)
    if found is None:
        found = _QUIET_USED[scope] = quiet_in_use(scope) or _never_quiet
    return None if found is _never_quiet else found


def _plan(scope: str) -> tuple[tuple[Rule | None, RuleFn], ...]:
    out: list[tuple[Rule | None, RuleFn]] = []
    for rule_, fn, inner, parts in _SCOPES.get(scope, ()):
        if fn is not None:
            out.append((rule_, fn))
        else:
            out.append((None, _visitor(scope, inner, parts)))  # type: ignore[arg-type]
    return tuple(out)


def _visitor(scope: str, inner: str, parts: Parts) -> RuleFn:
    if inner in _SORT:

        def visit_each(check: Check, obj: Any, p: str) -> None:
            for part, q in parts(obj, p):
                run(inner, part, q, check)

        return visit_each
    objects = _OBJECTS.get(parts)
    if inner in _QUIET or not all(fn is not None for _r, fn, _i, _p in _SCOPES.get(inner, ())):

        def visit_inline(check: Check, obj: Any, p: str) -> None:  # run() without its per-part lookups
            if inner == SITE and check.memo is not None:
                for part, q in parts(obj, p):
                    run(inner, part, q, check)
                return
            plan = _PLANS.get(inner)
            if plan is None:
                plan = _PLANS[inner] = _plan(inner)
            silent = None if check.thorough else _silent(inner)
            if silent is not None:
                pending = parts(obj, p)
                if objects is not None:  # the parts looked at in C's loop first, no pointer made
                    every = objects(obj)
                    quiet_ones = len(list(takewhile(partial(silent, check), every)))
                    if quiet_ones == len(every):
                        return
                    pending = islice(pending, quiet_ones, None)  # from the first part that may be at fault
                for part, q in pending:
                    if silent(check, part):
                        continue
                    for rule_, fn in plan:
                        check.rule = rule_
                        fn(check, part, q)
                return
            for part, q in parts(obj, p):
                for rule_, fn in plan:
                    check.rule = rule_
                    fn(check, part, q)

        return visit_inline
    steps = tuple((r, fn) for r, fn, _i, _p in _SCOPES.get(inner, ()))

    def visit_flat(check: Check, obj: Any, p: str) -> None:  # a scope of rules only: its loop inlined
        for part, q in parts(obj, p):
            for rule_, fn in steps:
                check.rule = rule_
                fn(check, part, q)  # type: ignore[misc]

    return visit_flat


def check_scope(
    scope: str,
    obj: Any,
    p: str,
    cat: Catalogue | None = None,
    price_book: Any = None,
    context: dict[str, Any] | None = None,
    memo: SiteMemo | None = None,
    thorough: bool = False,
) -> list[Issue]:
    """The issues the rules of `scope` find in `obj` (at pointer `p`), in the order they are declared;
    `memo` reuses the findings of the sites not edited since the last run (see SiteMemo); `thorough`
    runs every rule on every object, leaving the quiet checks unused (the same issues, slower)."""
    check = Check(cat or catalogue(), price_book, context or {}, memo=memo, thorough=thorough)
    run(scope, obj, p, check)
    return check.issues


def scopes() -> list[str]:
    return list(_SCOPES)
