"""Cancellation orders (解約申込) against a contracted order: the effective date, the auth cascade, early
termination charges and device return deadlines.

iij-cancel/1: {"format", "title", "notice_date", "requested_date", "base", "targets": [pointer, …]} —
whole networks, sites, auth units / management, auth child contracts, or options.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from configurator.errors import MalformedOrder
from configurator.lifecycle.common import CANCEL_FORMAT, check_envelope, read_date
from configurator.lifecycle.dates import cancel_date_issues
from configurator.order.patch import get
from configurator.pricing.books import PriceBook, sample_price_book
from configurator.pricing.quote import price_order
from configurator.tariff import calc
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.rules import Issue, validate
from configurator.text.i18n import N_, _, pick

#: 一般規程第28条第2項・第3項: a cancellation under them owes no early termination charge for the
#: contract itself (VPN 第20条第1項, 認証 第10条第1項). Options ending early stay charged: the exception
#: is written in the first paragraph only (VPN 第20条第2項, 認証 第10条第2項).
EXEMPTIONS = {"general_28_2": "一般規程第28条第2項", "general_28_3": "一般規程第28条第3項"}
EXEMPTION_ARTICLE = {"vpn": "第20条第1項", "auth": "第10条第1項"}
#: VPN 第16条第2項: a device not returned by the 第14条第3項 deadline is treated as lost.
LOST_DEVICE_NOTICE = N_(
    "返還期限までに返還されないVPN機器等は亡失品として扱われ、回復に要する費用が亡失負担金として"
    "請求されます(第16条第2項)。"
)


@dataclass
class LostDevice:
    """A device recorded as not returned by its deadline (第14条第3項): charged as lost (第16条第2項)."""

    pointer: str
    name: str
    device: str | None
    return_deadline: dt.date
    charge: int | None  # from the price book; None: the company states the amount (to be confirmed)


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
    exemption: str | None = (
        None  # the article that waives the charge (一般規程第28条第2項・第3項), if one does
    )


@dataclass
class CancelResult:
    document: dict[str, Any]
    effective_date: dt.date
    items: list[Cancelled]
    cascade: list[str]
    issues: list[Issue]
    exemption: str | None = None  # "general_28_2" or "general_28_3" as the order states
    lost_devices: list[LostDevice] = field(default_factory=list)

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
            "items": [
                {
                    "path": c.pointer,
                    "name": c.name,
                    "component": c.component,
                    "monthly_fee": c.monthly_fee,
                    "billing_start": c.billing_start.isoformat() if c.billing_start else None,
                    "min_term_months": c.min_term_months,
                    "remaining_months": c.remaining_months,
                    "early_termination_charge": c.charge,
                    "return_deadline": c.return_deadline.isoformat() if c.return_deadline else None,
                    "reason": c.reason,
                    "exemption": c.exemption,
                }
                for c in self.items
            ],
            "total_early_termination_charge": self.total_charge,
            "exemption": self.exemption,
            "lost_device_notice": LOST_DEVICE_NOTICE if any(c.return_deadline for c in self.items) else None,
            "lost_devices": [
                {
                    "path": d.pointer,
                    "name": d.name,
                    "device": d.device,
                    "return_deadline": d.return_deadline.isoformat(),
                    "charge": d.charge,
                }
                for d in self.lost_devices
            ],
            "issues": [i.to_json() for i in self.issues],
        }


_DEVICE_OPTIONS = ("cold_standby", "private_switch", "rack_mount_kit", "sfp_module", "vpn_module")


def analyse_cancel(
    doc: dict[str, Any],
    book: PriceBook | None = None,
    cat: Catalogue | None = None,
    source: str | None = None,
    schema: bool = True,
) -> CancelResult:
    """The cancellation judged and costed; `schema` as for analyse_change."""
    cat = cat or catalogue()
    book = book or sample_price_book()
    check_envelope(doc, CANCEL_FORMAT, source, schema)
    base = doc["base"]
    notice = read_date(doc, "notice_date", "解約申込書の到達日 notice_date", "arrival date of the notice")
    if notice is None:
        raise MalformedOrder(
            "解約申込書が当社に到達した日 \"notice_date\" がありません。",
            '"notice_date" is missing.',
            pointer="/notice_date",
            source=source,
        )
    requested = read_date(doc, "requested_date", "指定日 requested_date", "requested cancellation date")
    effective = calc.cancellation_date(notice, requested)
    targets = doc.get("targets")
    if not isinstance(targets, list) or not targets:
        raise MalformedOrder(
            "解約する対象 \"targets\" がありません。",
            '"targets" is missing.',
            pointer="/targets",
            source=source,
        )
    exemption = doc.get("exemption")
    if exemption is not None and exemption not in EXEMPTIONS:
        raise MalformedOrder(
            f"免除の理由 \"exemption\" は {' か '.join(EXEMPTIONS)} です(一般規程第28条第2項・第3項)。",
            f'"exemption" must be one of {", ".join(EXEMPTIONS)}.',
            pointer="/exemption",
            source=source,
        )
    quote = price_order(base, book, cat)
    fees = quote.contracts
    chosen: dict[str, str] = {}  # contract pointer (or pointer/options/x) -> reason
    cascade: list[str] = []
    for k, target in enumerate(targets):
        if not isinstance(target, str) or get(base, target) is None:
            raise MalformedOrder(
                f"解約対象「{target}」は契約中の注文にありません。",
                f"Unknown target {target!r}.",
                pointer=f"/targets/{k}",
                source=source,
            )
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
        items.extend(_exempt(c, exemption) for c in _cancel_items(base, ptr, reason, fees, effective, cat))
    remaining = _remaining_order(base, chosen)
    # what is left must still be an order the tariffs allow: a parent for every network and at least one
    # child (VPN 第8条第1項), a management for every auth unit and its children (認証 第5条第1項)
    issues = [
        i
        for i in validate(remaining, cat=cat)
        if i.rule
        in ("vpn.parent.required", "vpn.child.required", "auth.parent.required", "auth.child.combination")
    ]
    # a requested date that does not take effect, said with the date that does (第18条, 第8条第1項)
    issues += cancel_date_issues(notice, requested, targets, base, cat)
    lost = _lost_devices(doc, items, book, source)
    return CancelResult(doc, effective, items, cascade, issues, exemption, lost)


def _exempt(item: Cancelled, exemption: str | None) -> Cancelled:
    """The contract's charge waived when the cancellation falls under 一般規程第28条第2項・第3項."""
    if exemption is None or item.component != "base":
        return item
    service = "vpn" if item.pointer.startswith("/vpn_networks") else "auth"
    item.charge = 0
    item.exemption = f"{EXEMPTIONS[exemption]}({service.upper()} {EXEMPTION_ARTICLE[service]})"
    return item


def _lost_devices(
    doc: dict[str, Any], items: list[Cancelled], book: PriceBook, source: str | None
) -> list[LostDevice]:
    """The devices the order records as not returned ("unreturned": pointers of cancelled sites), each
    charged as lost from the price book (charge "lost_device"), or None when the book has no price."""
    out = []
    by_ptr = {c.pointer: c for c in items if c.return_deadline and c.component == "base"}
    for k, ptr in enumerate(doc.get("unreturned") or []):
        item = by_ptr.get(ptr)
        if item is None or item.return_deadline is None:
            raise MalformedOrder(
                f"返還されていない機器の拠点「{ptr}」は、この解約の対象の拠点ではありません。",
                f"Unreturned {ptr!r} is not a cancelled site.",
                pointer=f"/unreturned/{k}",
                source=source,
            )
        device = (get(doc["base"], ptr) or {}).get("device")
        price = book.find(service="vpn", charge="lost_device", device=device)
        out.append(
            LostDevice(
                ptr,
                item.name,
                device,
                item.return_deadline,
                price.one_time if price and price.one_time is not None else None,
            )
        )
    return out


def _cancel_items(
    base: dict[str, Any],
    ptr: str,
    reason: str,
    fees: dict[str, dict[str, dict[str, int]]],
    effective: dt.date,
    cat: Catalogue,
) -> list[Cancelled]:
    parts = ptr.strip("/").split("/")
    option = None
    if "options" in parts:
        option = parts[parts.index("options") + 1]
        contract_ptr = "/" + "/".join(parts[: parts.index("options")])
    elif parts[-1] == "load_balancing":
        option = "load_balancing"
        contract_ptr = "/" + "/".join(parts[:-1])
    else:
        contract_ptr = ptr
    contract = get(base, contract_ptr) or {}
    if parts[-1] == "closed_monitoring":  # billed with the parent site's contract
        contract = {
            **(get(base, contract_ptr.rsplit("/", 1)[0] + "/parent") or {}),
            "name": "クローズドモニタリング",
        }
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
            start_text = (contract.get("options_billing_start") or {}).get(comp) or contract.get(
                "billing_start"
            )
        months = int(f.get("min_term_months", 0))
        if not start_text and months:
            raise MalformedOrder(
                f"「{name}」に課金開始日(billing_start)がありません。"
                "契約済みの注文には契約ごとの課金開始日が必要です。",
                "A contract has no billing start date.",
                pointer=f"/base{contract_ptr}/billing_start",
            )
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
        out.append(
            Cancelled(
                ptr if option else contract_ptr,
                label,
                comp,
                int(f.get("monthly", 0)),
                start,
                months,
                remaining,
                charge,
                calc.device_return_deadline(effective) if device else None,
                reason,
                label_en,
            )
        )
    return out


def _remaining_order(base: dict[str, Any], chosen: dict[str, str]) -> dict[str, Any]:
    """The contracted order without the cancelled contracts (to see what would be left broken)."""
    doc = copy.deepcopy(base)
    removals = sorted(
        (p for p in chosen if "/options/" not in p and not p.endswith("/load_balancing")),
        key=lambda p: [int(x) if x.isdigit() else x for x in p.split("/")],
        reverse=True,
    )
    for p in removals:
        parent_ptr, last = p.rsplit("/", 1)
        container = get(doc, parent_ptr)
        if isinstance(container, list):
            del container[int(last)]
        elif isinstance(container, dict):
            container[last] = None
    doc["vpn_networks"] = [n for n in doc.get("vpn_networks") or [] if n.get("parent") or n.get("children")]
    doc["auth_units"] = [
        u
        for u in doc.get("auth_units") or []
        if u.get("management") or u.get("clients") or u.get("proxies") or u.get("vpdns")
    ]
    return doc


def cancel_texts(result: CancelResult) -> list[str]:
    """The cancellation's date, cascade, charges and return deadlines in words (command line and app)."""
    from configurator.text.jpformat import display_date, display_yen

    lines = [_('解除の効力が生じる日: {v0}').format(v0=display_date(result.effective_date))]
    cascade = [
        pick(c.name, c.name_en) for c in result.items if c.reason == "cascade" and c.component == "base"
    ]
    if cascade:
        lines.append(
            _('マネージメントを解約すると、次の子たる契約も同じ日に解除されます: ') + _('、').join(cascade)
        )
    for c in result.items:
        lines.append(
            _('・{name}: 残余 {remaining_months}か月、解除調定金 {v2}').format(
                name=pick(c.name, c.name_en), remaining_months=c.remaining_months, v2=display_yen(c.charge)
            )
            + (
                _('、機器の返還期限 {v0}').format(v0=display_date(c.return_deadline))
                if c.return_deadline
                else ""
            )
        )
    lines.append(_('最低利用期間内解除調定金の合計(税抜): {v0}').format(v0=display_yen(result.total_charge)))
    if result.exemption:
        lines.append(
            _(
                '{article}による解除のため、契約の最低利用期間内解除調定金は0円です(VPN 第20条第1項、認証 '
                '第10条第1項)。'
                'オプションの解除調定金は免除されません(VPN 第20条第2項、認証 第10条第2項)。'
            ).format(article=EXEMPTIONS[result.exemption])
        )
    if any(c.return_deadline for c in result.items):
        lines.append(_(LOST_DEVICE_NOTICE))
    for d in result.lost_devices:
        lines.append(
            _('・亡失負担金 {name}(返還期限 {deadline} までに返還なし、第16条第2項): {amount}').format(
                name=d.name,
                deadline=display_date(d.return_deadline),
                amount=display_yen(d.charge)
                if d.charge is not None
                else _('金額は当社が別途示します(要確認)'),
            )
        )
    return lines
