"""The quote calculation: line items from an order and a price book, subtotals, tax, totals, commitment.

Lines are grouped as 初期費用 (initial), 月額費用 (monthly) and 一時費用 (one-time). Identical
lines (same service, kind, item, device, option and minimum term) are summed into one line with its
quantity; the application form lists every site. Money is integer yen throughout.

Tax (インボイス制度): consumption tax is computed once per fee group and rate on the group's
subtotal, never per line, and rounded down to the yen (TAX_ROUNDING).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from configurator.pricing.books import PriceBook, sample_price_book
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.text.i18n import N_

GROUPS = ("initial", "monthly", "one_time")
GROUP_LABELS = {"initial": N_("初期費用"), "monthly": N_("月額費用"), "one_time": N_("一時費用")}
TAX_ROUNDING = "floor"
TAX_RULE = N_(
    "消費税は費用区分ごとの小計に税率10%を乗じ、1円未満を切り捨てて計算しています(明細行ごとには計算しません)。"
)
UNITS_EN = {"台": "units", "拠点": "sites", "契約": "contracts", "個": "pcs", "式": "set"}


def english_name(service: str, key: dict[str, str | None], term_months: int, cat: Catalogue) -> str:
    """The English name of a quote line, for the English interface (documents stay Japanese)."""
    device = cat.device_name(key["device"]) if key.get("device") else ""
    option = key.get("option")
    if option:
        spec = cat.vpn_options.get(option) or cat.auth["options"][option]
        return f"{spec['name_en']} option" + (f" ({device})" if device else "")
    if service == "vpn":
        if key.get("item") == cat.vpn["closed_monitoring"]["id"]:
            return "Closed monitoring"
        kind = cat.vpn["kinds"][key["kind"] or ""]["name_en"]
        item = cat.vpn_items[key["item"] or ""]["name_en"]
        return f"{kind}, {item}, {device} ({term_months // 12}-year term)"
    kind = cat.auth["kinds"][key["kind"] or ""]["name_en"]
    vpdn_item = key.get("item")
    item = cat.vpdn_items[vpdn_item]["name_en"] if vpdn_item else ""
    return f"Authentication Outsourcing {kind}" + (f" {item}" if item else "")


#: The reading taken for closed monitoring, which the order records per network.
CLOSED_MONITORING_READING = N_(
    "クローズドモニタリングは親拠点のVPN機器の台数分を計上しています(閉域網回線は親拠点で終端するものとして見積)。"
)
SAMPLE_NOTE = N_(
    "サンプル価格: この金額は実際の価格ではありません。正式なお見積りには当社の価格表をお使いください。"
)


@dataclass
class Line:
    group: str
    service: str
    name: str
    quantity: int
    unit: str
    unit_price: int | None
    min_term_months: int
    key: tuple[Any, ...]
    refs: list[str] = field(default_factory=list)
    name_en: str = ""

    @property
    def unit_en(self) -> str:
        return UNITS_EN.get(self.unit, self.unit)

    @property
    def amount(self) -> int | None:
        return None if self.unit_price is None else self.unit_price * self.quantity

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "service": self.service,
            "name": self.name,
            "name_en": self.name_en,
            "quantity": self.quantity,
            "unit": self.unit,
            "unit_price": self.unit_price,
            "amount": self.amount,
            "min_term_months": self.min_term_months,
            "sites": len(self.refs),
        }


@dataclass
class Group:
    key: str
    lines: list[Line]
    subtotal: int
    tax: int
    total: int

    @property
    def label(self) -> str:
        return GROUP_LABELS[self.key]


@dataclass
class Quote:
    groups: dict[str, Group]
    price_book: PriceBook
    tax_rate: Decimal
    commitment: int
    commitment_lines: list[dict[str, Any]]
    unpriced: list[str]
    notes: list[str]
    #: fees per contract pointer and component (base service, each option): for change and cancellation
    contracts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    @property
    def sample(self) -> bool:
        return self.price_book.sample

    def to_json(self) -> dict[str, Any]:
        pb = self.price_book
        return {
            "price_book": {
                "version": pb.version,
                "name": pb.name,
                "effective_date": pb.effective_date,
                "sample": pb.sample,
                "label": pb.label,
            },
            "sample": pb.sample,
            "currency": "JPY",
            "tax_rate": str(self.tax_rate),
            "tax_rounding": TAX_ROUNDING,
            "tax_rule": TAX_RULE,
            "groups": {
                k: {
                    "label": g.label,
                    "lines": [ln.to_json() for ln in g.lines],
                    "subtotal": g.subtotal,
                    "tax": g.tax,
                    "total": g.total,
                }
                for k, g in self.groups.items()
            },
            "commitment": {"total": self.commitment, "lines": self.commitment_lines},
            "unpriced": self.unpriced,
            "notes": self.notes,
        }


def _at(order: Any, value: Any) -> int:
    """The position of `value` in the catalogue's `order` (a dict's keys or a list); unknown: last."""
    keys = list(order)
    return keys.index(value) if value in keys else len(keys)


def tariff_order(line: Line, cat: Catalogue) -> tuple[Any, ...]:
    """Where a line stands in the tariff (別紙1): the service (VPN, then auth), its base service
    before its options; the base service by kind (親拠点, 子拠点; auth 第2条: マネージメント,
    クライアント, VPDN, プロキシ), item (第2条, クローズドモニタリング after the three), device (第3条)
    and minimum term; the options in the catalogue's order (第17条第2項: オンサイト設置 …
    追加ライセンス), then by device. The name last, so the order never depends on the order the
    sites met the lines in."""
    key = dict(line.key[4])
    option = key.get("option")
    if line.service == "vpn":
        devices = cat.devices
        if option:
            return (0, 1, _at(cat.vpn_options, option), _at(devices, key.get("device")), 0, 0, line.name)
        item = key.get("item")
        item_at = (
            len(cat.vpn_items) if item == cat.vpn["closed_monitoring"]["id"] else _at(cat.vpn_items, item)
        )
        kind = _at(cat.vpn["kinds"], key.get("kind"))
        return (0, 0, kind, item_at, _at(devices, key.get("device")), line.min_term_months, line.name)
    if line.service == "auth":
        if option:
            return (1, 1, _at(cat.auth["options"], option), 0, 0, 0, line.name)
        kind = _at(cat.auth["kinds"], key.get("kind"))
        return (1, 0, kind, _at(cat.vpdn_items, key.get("item")), 0, 0, line.name)
    return (2, 0, 0, 0, 0, 0, line.name)


def tax_of(subtotal: int, rate: Decimal) -> int:
    return int((Decimal(subtotal) * rate).to_integral_value(rounding=ROUND_FLOOR))


class _Builder:
    """Collects line items; a line is looked up in the price book once and then only counted."""

    def __init__(self, book: PriceBook, cat: Catalogue) -> None:
        self.book = book
        self.cat = cat
        self.lines: dict[tuple[Any, ...], Line] = {}
        self.unpriced: list[str] = []
        self._memo: dict[tuple[Any, ...], list[Line] | None] = {}
        #: per contract (pointer) and component ("base", an option id, "closed_monitoring"): its fees
        self.contracts: dict[str, dict[str, dict[str, int]]] = {}

    def add(
        self, service: str, name: str, qty: int, unit_hint: str, term: int, ref: str, **key: str | None
    ) -> None:
        found, component = self.resolve(service, name, unit_hint, term, **key)
        self.apply(found, component, name + "(", ")", qty, term, ref)

    def resolve(
        self, service: str, name: str, unit_hint: str, term: int, **key: str | None
    ) -> tuple[list[Line] | None, str]:
        """The lines a fee comes to (None: the price book has no price) and its contract component."""
        memo_key = (service, name, term, tuple(key.items()))
        if memo_key in self._memo:
            found = self._memo[memo_key]
        else:
            found = self._memo[memo_key] = self._lines_for(service, name, unit_hint, term, key)
        component = key.get("option") or (
            "closed_monitoring" if key.get("item") == "closed_monitoring" else "base"
        )
        return found, component

    def apply(
        self, found: list[Line] | None, component: str, before: str, after: str, qty: int, term: int, ref: str
    ) -> None:
        """Count `qty` of a resolved fee for the contract at `ref`; unpriced: before + ref + after."""
        if qty <= 0:
            return
        if found is None:
            self.unpriced.append(before + ref + after)
            return
        per_ref = self.contracts.get(ref)
        if per_ref is None:
            per_ref = self.contracts[ref] = {}
        fees = per_ref.get(component)
        if fees is None:
            fees = per_ref[component] = {"initial": 0, "monthly": 0, "one_time": 0, "min_term_months": term}
        for line in found:
            line.quantity += qty
            line.refs.append(ref)
            fees[line.group] += (line.unit_price or 0) * qty

    def _lines_for(
        self, service: str, name: str, unit_hint: str, term: int, key: dict[str, str | None]
    ) -> list[Line] | None:
        price = self.book.find(service=service, **key)
        if price is None:
            return None
        out = []
        for group in GROUPS:
            unit_price = getattr(price, group)
            if unit_price is None or (
                group == "monthly" and unit_price == 0 and key.get("kind") != "management"
            ):
                continue
            k = (group, service, name, term, tuple(sorted(key.items(), key=lambda kv: kv[0])))
            line = self.lines.get(k)
            if line is None:
                line = Line(
                    group,
                    service,
                    name,
                    0,
                    price.unit or unit_hint,
                    unit_price,
                    term,
                    k,
                    name_en=english_name(service, key, term, self.cat),
                )
                self.lines[k] = line
            out.append(line)
        return out


#: One fee of a site, resolved: lines, contract component, unpriced label around the ref, quantity, term.
_Step = tuple[list[Line] | None, str, str, str, int, int]


def _site_plan(
    b: _Builder, cat: Catalogue, site: dict[str, Any], kind: str, item: str, dev: Any, opts: dict[str, Any]
) -> list[_Step]:
    """The fees of one VPN site (its device and options), resolved against the price book."""
    vpn = cat.vpn
    items = cat.vpn_items
    devices = cat.devices
    plan: list[_Step] = []

    def step(name: str, qty: int, unit: str, term: int, **key: str | None) -> None:
        found, component = b.resolve("vpn", name, unit, term, **key)
        plan.append((found, component, name + "(", ")", qty, term))

    item_name = items[item]["name"]
    count = int(items[item]["devices_at_parent" if kind == "parent_site" else "devices_at_child"])
    term = site.get("term_years")
    months = int(term) * 12 if isinstance(term, int) and term in cat.term_years else 0
    kind_name = vpn["kinds"][kind]["name"]
    step(
        f"{kind_name} {item_name} {dev.name}(最低利用期間{term}年)",
        count,
        "台",
        months,
        kind=kind,
        item=item,
        device=dev.id,
    )
    for key, spec in cat.vpn_options.items():
        val = opts.get(key)
        if not val:
            continue
        oname = spec["name"]
        oterm = int(spec["min_term_months"])
        if key == "private_switch":
            sw = devices.get(val) if isinstance(val, str) else None
            if sw is None or sw.role != "switch":
                plan.append((None, key, oname + " ", "", 1, oterm))
                continue
            step(f"{oname} {sw.name}", 1, "台", oterm, option=key, device=sw.id)
        elif key == "onsite_installation":
            step(f"{oname}({dev.name})", 1, "拠点", oterm, option=key, device=dev.id)
        elif key == "cold_standby":
            step(f"{oname}({dev.name})", 1, "台", oterm, option=key, device=dev.id)
        elif key == "sfp_module":
            step(f"{oname}({dev.name})", int(val), "個", oterm, option=key, device=dev.id)
        else:  # per device of the site: rack mount kit, VPN module, additional license
            step(f"{oname}({dev.name})", count, "台", oterm, option=key, device=dev.id)
    return plan


def price_order(
    order: dict[str, Any], book: PriceBook | None = None, cat: Catalogue | None = None, per_site: bool = True
) -> Quote:
    """The whole quote of an order. Parts the price book cannot price are listed in `unpriced`.

    `per_site=False` gives the same lines, amounts and totals for less work (what the wizard's status
    line shows after every edit): the sites priced alike are counted together, so the lines name no
    contract (`refs`), `contracts` is empty for them and an unpriced part is listed once."""
    book = book or sample_price_book()
    cat = cat or catalogue()
    b = _Builder(book, cat)
    vpn = cat.vpn
    items = cat.vpn_items
    devices = cat.devices
    option_keys = tuple(cat.vpn_options)
    plans: dict[Any, list[_Step]] = {}
    alike: dict[Any, int] = {}  # per_site=False: how many sites each plan prices
    for i, net in enumerate(order.get("vpn_networks") or []):
        item = net.get("item")
        if item not in items:
            b.unpriced.append(f"VPN網 {net.get('name') or net.get('id')} (品目未選択)")
            continue
        item_name = items[item]["name"]
        # each site with its kind and its index among the children (None: the parent); its pointer, the
        # lines' reference, is made only where a line names it (per_site)
        sites: list[tuple[Any, str, int | None]] = []
        if net.get("parent"):
            sites.append((net["parent"], "parent_site", None))
        sites.extend((c, "child_site", j) for j, c in enumerate(net.get("children") or []))
        for site, kind, j in sites:
            dev_id = site.get("device")
            dev = devices.get(dev_id) if isinstance(dev_id, str) else None
            if dev is None or dev.role != "router":
                kind_name = vpn["kinds"][kind]["name"]
                b.unpriced.append(f"{kind_name} {site.get('name') or site.get('id')} (機器種別未選択)")
                continue
            opts = site.get("options") or {}
            # sites with the same device, term and options cost the same: plan once, count per site
            plan_key: Any = (
                kind,
                item,
                dev.id,
                site.get("term_years"),
                tuple(map(opts.get, option_keys)),
            )
            try:
                plan = plans.get(plan_key)
            except TypeError:  # an unhashable option value: a malformed draft, priced without the plan cache
                plan, plan_key = None, None
            if plan is None:
                plan = _site_plan(b, cat, site, kind, item, dev, opts)
                if plan_key is not None:
                    plans[plan_key] = plan
            if not per_site and plan_key is not None:
                alike[plan_key] = alike.get(plan_key, 0) + 1
                continue
            ref = f"/vpn_networks/{i}/parent" if j is None else f"/vpn_networks/{i}/children/{j}"
            for found, component, before, after, qty, term in plan:
                b.apply(found, component, before, after, qty, term, ref)
        cm = net.get("closed_monitoring") or {}
        if cm.get("enabled") and net.get("parent"):
            parent_count = int(items[item]["devices_at_parent"])
            parent = net["parent"]
            term = parent.get("term_years")
            months = int(term) * 12 if isinstance(term, int) and term in cat.term_years else 0
            b.add(
                "vpn",
                f"{vpn['closed_monitoring']['name']}({item_name})",
                parent_count,
                "台",
                months,
                f"/vpn_networks/{i}/closed_monitoring",
                kind="parent_site",
                item=vpn["closed_monitoring"]["id"],
            )

    for plan_key, sites_alike in alike.items():
        for found, component, before, after, qty, term in plans[plan_key]:
            b.apply(found, component, before, after, qty * sites_alike, term, "")

    auth = cat.auth
    for i, unit in enumerate(order.get("auth_units") or []):
        p = f"/auth_units/{i}"
        kinds = auth["kinds"]
        if unit.get("management"):
            b.add("auth", kinds["management"]["name"], 1, "契約", 0, p + "/management", kind="management")
        for key, kind in (("clients", "client"), ("proxies", "proxy")):
            for j, _child in enumerate(unit.get(key) or []):
                b.add(
                    "auth",
                    kinds[kind]["name"],
                    1,
                    "契約",
                    cat.auth_min_term_months(kind),
                    f"{p}/{key}/{j}",
                    kind=kind,
                )
        for j, v in enumerate(unit.get("vpdns") or []):
            item = v.get("item")
            if item not in cat.vpdn_items:
                b.unpriced.append(f"VPDN {v.get('name') or v.get('id')} (品目未選択)")
                continue
            b.add(
                "auth",
                f"{kinds['vpdn']['name']} {cat.vpdn_items[item]['name']}",
                1,
                "契約",
                cat.auth_min_term_months("vpdn"),
                f"{p}/vpdns/{j}",
                kind="vpdn",
                item=item,
            )
            if v.get("load_balancing"):
                lb = auth["options"]["load_balancing"]
                b.add(
                    "auth",
                    lb["name"],
                    1,
                    "契約",
                    int(lb["min_term_months"]),
                    f"{p}/vpdns/{j}/load_balancing",
                    option="load_balancing",
                )

    rate = book.tax_rate
    groups: dict[str, Group] = {}
    for g in GROUPS:
        lines = sorted((ln for ln in b.lines.values() if ln.group == g), key=lambda ln: tariff_order(ln, cat))
        subtotal = sum(ln.amount or 0 for ln in lines)
        tax = tax_of(subtotal, rate)
        groups[g] = Group(g, lines, subtotal, tax, subtotal + tax)

    # commitment over each contract's minimum term: initial + monthly × months (tax excluded)
    commitment_lines = []
    total = 0
    initial_by_key = {ln.key[1:]: ln for ln in groups["initial"].lines}
    monthly_by_key = {ln.key[1:]: ln for ln in groups["monthly"].lines}
    in_order = sorted({**monthly_by_key, **initial_by_key}.items(), key=lambda kv: tariff_order(kv[1], cat))
    for line_key, _line in in_order:
        ini = initial_by_key.get(line_key)
        mon = monthly_by_key.get(line_key)
        first = ini or mon
        assert first is not None
        months = first.min_term_months
        initial_amount = (ini.amount or 0) if ini else 0
        monthly_amount = (mon.amount or 0) if mon else 0
        amount = initial_amount + monthly_amount * months
        total += amount
        commitment_lines.append(
            {
                "name": first.name,
                "quantity": first.quantity,
                "min_term_months": months,
                "initial": initial_amount,
                "monthly": monthly_amount,
                "amount": amount,
            }
        )
    notes = [TAX_RULE]
    if any(ln.name.startswith(vpn["closed_monitoring"]["name"]) for ln in b.lines.values()):
        notes.append(CLOSED_MONITORING_READING)
    if book.sample:
        notes.insert(0, SAMPLE_NOTE)
    return Quote(groups, book, rate, total, commitment_lines, b.unpriced, notes, b.contracts)
