"""Cancellation orders (解約申込) against a contracted order: the effective date, the auth cascade, early
termination charges and device return deadlines.

iij-cancel/1: {"format", "title", "notice_date", "requested_date", "base", "targets": [pointer, …]} —
whole networks, sites, auth units / management, auth child contracts, or options.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from configurator.errors import MalformedOrder
from configurator.lifecycle.common import CANCEL_FORMAT, check_envelope, read_date
from configurator.order.patch import get
from configurator.pricing.books import PriceBook, sample_price_book
from configurator.pricing.quote import price_order
from configurator.tariff import calc
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.rules import Issue, validate
from configurator.text.i18n import _, pick


@dataclass
class Cancelled:
    pointer: str
    name: str
    component: str  # "base" or an option id
    monthly_fee: int
    billing_start: dt.date | None
    min_term_months: int
    remaining_months: int
    charge: int
    return_deadline: dt.date | None
    reason: str  # "requested" or "cascade"
    name_en: str = ""


@dataclass
class CancelResult:
    document: dict[str, Any]
    effective_date: dt.date
    items: list[Cancelled]
    cascade: list[str]
    issues: list[Issue]

    @property
    def total_charge(self) -> int:
        return sum(c.charge for c in self.items)

    @property
    def valid(self) -> bool:
        return not any(i.is_error for i in self.issues)

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "effective_date": self.effective_date.isoformat(),
            "cascade": self.cascade,
            "items": [{"path": c.pointer, "name": c.name, "component": c.component, "monthly_fee": c.monthly_fee,
                       "billing_start": c.billing_start.isoformat() if c.billing_start else None,
                       "min_term_months": c.min_term_months, "remaining_months": c.remaining_months,
                       "early_termination_charge": c.charge,
                       "return_deadline": c.return_deadline.isoformat() if c.return_deadline else None,
                       "reason": c.reason} for c in self.items],
            "total_early_termination_charge": self.total_charge,
            "issues": [i.to_json() for i in self.issues],
        }


_DEVICE_OPTIONS = ("cold_standby", "private_switch", "rack_mount_kit", "sfp_module", "vpn_module")


def analyse_cancel(doc: dict[str, Any], book: PriceBook | None = None, cat: Catalogue | None = None,
                   source: str | None = None, schema: bool = True) -> CancelResult:
    """The cancellation judged and costed; `schema` as for analyse_change."""
    cat = cat or catalogue()
    book = book or sample_price_book()
    check_envelope(doc, CANCEL_FORMAT, source, schema)
    base = doc["base"]
    notice = read_date(doc, "notice_date", "解約申込書の到達日 notice_date")
    if notice is None:
        raise MalformedOrder("解約申込書が当社に到達した日 \"notice_date\" がありません。", '"notice_date" is missing.',
                             pointer="/notice_date", source=source)
    requested = read_date(doc, "requested_date", "指定日 requested_date")
    effective = calc.cancellation_date(notice, requested)
    targets = doc.get("targets")
    if not isinstance(targets, list) or not targets:
        raise MalformedOrder("解約する対象 \"targets\" がありません。", '"targets" is missing.', pointer="/targets",
                             source=source)
    quote = price_order(base, book, cat)
    fees = quote.contracts
    chosen: dict[str, str] = {}  # contract pointer (or pointer/options/x) -> reason
    cascade: list[str] = []
    for k, target in enumerate(targets):
        if not isinstance(target, str) or get(base, target) is None:
            raise MalformedOrder(f"解約対象「{target}」は契約中の注文にありません。", f"Unknown target {target!r}.",
                                 pointer=f"/targets/{k}", source=source)
        parts = target.strip("/").split("/")
        if parts[0] == "vpn_networks" and len(parts) == 2:
            net = get(base, target)
            chosen[target + "/parent"] = "requested"
            if target + "/closed_monitoring" in fees:
                chosen[target + "/closed_monitoring"] = "requested"
            for j in range(len(net.get("children") or [])):
                chosen[f"{target}/children/{j}"] = "requested"
        elif parts[0] == "auth_units" and (len(parts) == 2 or parts[2] == "management"):
            unit_ptr = "/" + "/".join(parts[:2])
            unit = get(base, unit_ptr)
            chosen[unit_ptr + "/management"] = "requested"
            for key in ("clients", "proxies", "vpdns"):
                for j in range(len(unit.get(key) or [])):
                    p = f"{unit_ptr}/{key}/{j}"
                    if p not in chosen:
                        chosen[p] = "cascade"
                        cascade.append(p)
        else:
            chosen[target] = "requested"

    items: list[Cancelled] = []
    for ptr, reason in chosen.items():
        items.extend(_cancel_items(base, ptr, reason, fees, effective, cat))
    remaining = _remaining_order(base, chosen)
    issues = [i for i in validate(remaining, cat=cat) if i.rule in ("vpn.parent.required", "auth.parent.required",
                                                                      "auth.child.combination")]
    return CancelResult(doc, effective, items, cascade, issues)


def _cancel_items(base: dict[str, Any], ptr: str, reason: str, fees: dict[str, dict[str, dict[str, int]]],
                  effective: dt.date, cat: Catalogue) -> list[Cancelled]:
    parts = ptr.strip("/").split("/")
    option = None
    if "options" in parts:
        option = parts[parts.index("options") + 1]
        contract_ptr = "/" + "/".join(parts[:parts.index("options")])
    elif parts[-1] == "load_balancing":
        option = "load_balancing"
        contract_ptr = "/" + "/".join(parts[:-1])
    else:
        contract_ptr = ptr
    contract = get(base, contract_ptr) or {}
    if parts[-1] == "closed_monitoring":  # billed with the parent site's contract
        contract = {**(get(base, contract_ptr.rsplit("/", 1)[0] + "/parent") or {}), "name": "クローズドモニタリング"}
    name = str(contract.get("name") or contract.get("id") or contract_ptr)
    components = dict(fees.get(ptr if option == "load_balancing" else contract_ptr, {}))
    if not option and "/vpdns/" in contract_ptr:  # a VPDN goes with its load balancing option
        components.update(fees.get(contract_ptr + "/load_balancing", {}))
    is_vpn_site = parts[0] == "vpn_networks"
    out = []
    wanted = [option] if option else list(components) or ["base"]
    for comp in wanted:
        f = components.get(comp, {"monthly": 0, "min_term_months": 0})
        if comp == "base":
            start_text = contract.get("billing_start")
        elif comp == "load_balancing":
            start_text = contract.get("load_balancing_billing_start") or contract.get("billing_start")
        else:
            start_text = (contract.get("options_billing_start") or {}).get(comp) or contract.get("billing_start")
        months = int(f.get("min_term_months", 0))
        if not start_text and months:
            raise MalformedOrder(f"「{name}」に課金開始日(billing_start)がありません。契約済みの注文には契約ごとの課金開始日が必要です。",
                                 "A contract has no billing start date.", pointer=f"/base{contract_ptr}/billing_start")
        start = calc.parse_date(str(start_text), "課金開始日") if start_text else None
        if start and months and effective >= start:
            et = calc.early_termination(int(f.get("monthly", 0)), months, start, effective)
            remaining, charge = et.remaining_months, et.amount
        else:
            remaining, charge = 0, 0
        device = is_vpn_site and (comp == "base" or comp in _DEVICE_OPTIONS)
        spec = cat.vpn_options.get(comp, cat.auth["options"].get(comp, {}))
        label = name if comp == "base" else f"{name} {spec.get('name', comp)}"
        label_en = name if comp == "base" else f"{name} {spec.get('name_en', comp)} option"
        out.append(Cancelled(ptr if option else contract_ptr, label, comp, int(f.get("monthly", 0)), start, months,
                             remaining, charge, calc.device_return_deadline(effective) if device else None, reason,
                             label_en))
    return out


def _remaining_order(base: dict[str, Any], chosen: dict[str, str]) -> dict[str, Any]:
    """The contracted order without the cancelled contracts (to see what would be left broken)."""
    doc = copy.deepcopy(base)
    removals = sorted((p for p in chosen if "/options/" not in p and not p.endswith("/load_balancing")),
                      key=lambda p: [int(x) if x.isdigit() else x for x in p.split("/")], reverse=True)
    for p in removals:
        parent_ptr, last = p.rsplit("/", 1)
        container = get(doc, parent_ptr)
        if isinstance(container, list):
            del container[int(last)]
        elif isinstance(container, dict):
            container[last] = None
    doc["vpn_networks"] = [n for n in doc.get("vpn_networks") or [] if n.get("parent") or n.get("children")]
    doc["auth_units"] = [u for u in doc.get("auth_units") or []
                         if u.get("management") or u.get("clients") or u.get("proxies") or u.get("vpdns")]
    return doc


def cancel_texts(result: CancelResult) -> list[str]:
    """The cancellation's date, cascade, charges and return deadlines in words (command line and app)."""
    from configurator.text.jpformat import display_date, display_yen

    lines = [_('解除の効力が生じる日: {v0}').format(v0=display_date(result.effective_date))]
    cascade = [pick(c.name, c.name_en) for c in result.items if c.reason == "cascade" and c.component == "base"]
    if cascade:
        lines.append(_('マネージメントを解約すると、次の子たる契約も同じ日に解除されます: ') + _('、').join(cascade))
    for c in result.items:
        lines.append(_('・{name}: 残余 {remaining_months}か月、解除調定金 {v2}').format(
            name=pick(c.name, c.name_en), remaining_months=c.remaining_months, v2=display_yen(c.charge))
            + (_('、機器の返還期限 {v0}').format(v0=display_date(c.return_deadline)) if c.return_deadline else ""))
    lines.append(_('最低利用期間内解除調定金の合計(税抜): {v0}').format(v0=display_yen(result.total_charge)))
    return lines
