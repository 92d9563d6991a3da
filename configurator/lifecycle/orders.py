"""Change orders (変更申込) and cancellation orders (解約申込) against a contracted order.

A contracted order is an iij-order/1 document with `"contracted": true` and, on each contract, its
billing start date (課金開始日, `billing_start`); a site may name its contractor (`contractor`) and the
billing start of each option (`options_billing_start`); a VPDN the billing start of its load balancing
(`load_balancing_billing_start`).

- iij-change/1: {"format", "title", "requested_by", "request_date", "change_date", "base", "proposed",
  "settings_jobs": [{"site": id, "start": "HH:MM", "end": "HH:MM"}]} — the contracted order and the
  order as it should become. The engine finds the changes, judges vpn.change.* and every rule on the
  proposed order, and works out the new minimum terms, return deadlines and charges.
- iij-cancel/1: {"format", "title", "notice_date", "requested_date", "base", "targets": [pointer, …]} —
  whole networks, sites, auth units / management, auth child contracts, or options. The engine works out
  the effective date, the auth cascade, early termination charges and device return deadlines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from configurator.errors import MalformedOrder
from configurator.order.document import check as check_order
from configurator.order.patch import get
from configurator.pricing.books import PriceBook, sample_price_book
from configurator.pricing.quote import price_order
from configurator.tariff import calc
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.rules import RULES, Issue, Suggestion, validate
from configurator.text.i18n import N_, _, pick

CHANGE_FORMAT = "iij-change/1"
CANCEL_FORMAT = "iij-cancel/1"

#: the change rules, kept beside the new-order rules of configurator.tariff.rules
CHANGE_RULES = {
    "vpn.change.device_matrix": ("error", "vpn", "第9条第1項, 別紙4"),
    "vpn.change.immutable": ("error", "vpn", "第9条第2項"),
    "vpn.change.authority": ("error", "vpn", "第10条第1項, 第2項"),
}
#: site fields whose change is a settings change (第10条) rather than a device change (第9条); options
#: are contracts of their own (第17条): added ones are new option contracts, removed ones are cancelled
SETTINGS_FIELDS = ("lan", "internet", "name", "address", "postal_code")
FIELD_LABELS = {"lan": "LAN", "internet": N_("インターネット接続"), "options": N_("オプション"), "name": N_("拠点名"),
                "address": N_("設置場所の住所"), "postal_code": N_("郵便番号")}


def _issue(rule: str, path: str, ja: str, en: str, suggestions: tuple[Suggestion, ...] = ()) -> Issue:
    severity, tariff, citation = CHANGE_RULES[rule]
    return Issue(rule, severity, path, ja, en, citation, tariff, suggestions)


def _date(doc: dict[str, Any], key: str, where: str) -> dt.date | None:
    value = doc.get(key)
    if value in (None, ""):
        return None
    try:
        return calc.parse_date(str(value), where)
    except calc.CalcError as exc:
        raise MalformedOrder(exc.message, exc.message_en, pointer=f"/{key}") from None


def _check_envelope(doc: Any, fmt: str, source: str | None, schema: bool = True) -> dict[str, Any]:
    if not isinstance(doc, dict) or doc.get("format") != fmt:
        raise MalformedOrder(f'"format" が "{fmt}" ではありません。', f'"format" must be "{fmt}".',
                             pointer="/format", source=source)
    base = doc.get("base")
    if not isinstance(base, dict):
        raise MalformedOrder("契約中の注文 \"base\" がありません。", '"base" (the contracted order) is missing.',
                             pointer="/base", source=source)
    if schema:
        check_order(base, source=source)
    if not base.get("contracted"):
        raise MalformedOrder("\"base\" は契約済みの注文ではありません(\"contracted\": true と課金開始日が必要です)。",
                             "The base order is not marked as contracted.", pointer="/base/contracted", source=source)
    return doc


def _sites(order: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any], dict[str, Any], str]]:
    """Every VPN site by id: (pointer, site, network, kind)."""
    out: dict[str, tuple[str, dict[str, Any], dict[str, Any], str]] = {}
    for i, net in enumerate(order.get("vpn_networks") or []):
        if net.get("parent"):
            out[net["parent"]["id"]] = (f"/vpn_networks/{i}/parent", net["parent"], net, "parent_site")
        for j, child in enumerate(net.get("children") or []):
            out[child["id"]] = (f"/vpn_networks/{i}/children/{j}", child, net, "child_site")
    return out


# --- change orders --------------------------------------------------------------------------------


@dataclass
class DeviceChange:
    site: str
    pointer: str
    kind: str  # "device" or "private_switch"
    before: str | None
    after: str | None
    devices: int
    new_term_start: dt.date | None
    new_term_end: dt.date | None
    return_deadline: dt.date | None
    fee: int | None


@dataclass
class SettingsChange:
    site: str
    pointer: str
    fields: list[str]


@dataclass
class OptionChange:
    """An option added to a contracted site (a new option contract, 第17条第1項) or taken away (its
    cancellation, which the tariff wants on the cancellation form: 第17条第4項)."""

    site: str
    pointer: str
    option: str
    action: str  # "added" or "removed"
    before: Any
    after: Any
    quantity: int  # units added or removed (devices, modules, switches)
    term_start: dt.date | None  # the new option's minimum term (第17条第3項); None without one
    term_end: dt.date | None
    initial_fee: int | None  # from the price book, × quantity; None when it has no price
    monthly_fee: int | None


@dataclass
class ChangeResult:
    document: dict[str, Any]
    device_changes: list[DeviceChange] = field(default_factory=list)
    settings_changes: list[SettingsChange] = field(default_factory=list)
    settings_fees: list[dict[str, Any]] = field(default_factory=list)
    option_changes: list[OptionChange] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    one_time_total: int = 0

    @property
    def options_added(self) -> list[OptionChange]:
        return [c for c in self.option_changes if c.action == "added"]

    @property
    def options_removed(self) -> list[OptionChange]:
        return [c for c in self.option_changes if c.action == "removed"]

    @property
    def initial_total(self) -> int:
        """The initial fees of the added options (tax excluded)."""
        return sum(c.initial_fee or 0 for c in self.options_added)

    @property
    def monthly_increase(self) -> int:
        """What the added options add to the monthly fees (tax excluded)."""
        return sum(c.monthly_fee or 0 for c in self.options_added)

    @property
    def valid(self) -> bool:
        return not any(i.is_error for i in self.issues)

    def to_json(self) -> dict[str, Any]:
        def d(x: dt.date | None) -> str | None:
            return x.isoformat() if x else None

        return {
            "valid": self.valid,
            "issues": [i.to_json() for i in self.issues],
            "device_changes": [{"site": c.site, "path": c.pointer, "kind": c.kind, "before": c.before, "after": c.after,
                                "devices": c.devices, "new_minimum_term_start": d(c.new_term_start),
                                "new_minimum_term_end": d(c.new_term_end), "return_deadline": d(c.return_deadline),
                                "fee": c.fee} for c in self.device_changes],
            "settings_changes": [{"site": c.site, "path": c.pointer, "fields": c.fields} for c in self.settings_changes],
            "settings_fees": self.settings_fees,
            "option_changes": [{"site": c.site, "path": c.pointer, "option": c.option, "action": c.action,
                                "before": c.before, "after": c.after, "quantity": c.quantity,
                                "minimum_term_start": d(c.term_start), "minimum_term_end": d(c.term_end),
                                "initial_fee": c.initial_fee, "monthly_fee": c.monthly_fee}
                               for c in self.option_changes],
            "one_time_total": self.one_time_total,
            "initial_total": self.initial_total,
            "monthly_increase": self.monthly_increase,
        }


def _pairs(cat: Catalogue, role: str) -> set[tuple[str, str]]:
    return {(a, b) for a, b in cat.vpn["device_change_pairs"][role]}


def analyse_change(doc: dict[str, Any], book: PriceBook | None = None, cat: Catalogue | None = None,
                   source: str | None = None, schema: bool = True) -> ChangeResult:
    """The change order judged and costed. `schema=False` skips the JSON Schema check of the two
    orders, for a caller whose documents come from the draft store and its own edits (the app, on
    every edit: the check is most of the time on a large order); files are always checked."""
    cat = cat or catalogue()
    book = book or sample_price_book()
    _check_envelope(doc, CHANGE_FORMAT, source, schema)
    base = doc["base"]
    proposed = doc.get("proposed")
    if not isinstance(proposed, dict):
        raise MalformedOrder("変更後の注文 \"proposed\" がありません。", '"proposed" is missing.', pointer="/proposed",
                             source=source)
    if schema:
        check_order(proposed, source=source)
    change_date = _date(doc, "change_date", "変更日 change_date")
    result = ChangeResult(doc)
    result.issues.extend(Issue(i.rule, i.severity, "/proposed" + i.path, i.message, i.message_en, i.citation, i.tariff,
                               tuple(Suggestion(s.label, s.label_en, tuple({**op, "path": "/proposed" + op["path"]}
                                                                              for op in s.patch)) for s in i.suggestions))
                         for i in validate(proposed, price_book=book, cat=cat))
    before_sites = _sites(base)
    after_sites = _sites(proposed)
    items = cat.vpn_items
    router_pairs, switch_pairs = _pairs(cat, "router"), _pairs(cat, "switch")
    requested_by = str(doc.get("requested_by") or "").strip()

    # the network's own contract terms: item and maintenance never change (第9条第2項)
    base_nets = {n["id"]: n for n in base.get("vpn_networks") or []}
    for i, net in enumerate(proposed.get("vpn_networks") or []):
        old = base_nets.get(net["id"])
        if old is None:
            continue
        for key, label in (("item", "品目"), ("maintenance", "保守種別")):
            if old.get(key) != net.get(key):
                result.issues.append(_issue(
                    "vpn.change.immutable", f"/proposed/vpn_networks/{i}/{key}",
                    f"契約中のVPN網の{label}は変更できません(「{old.get(key)}」→「{net.get(key)}」)。"
                    f"{label}を変えるには解約して新しく申し込んでください。",
                    f"The {key} of a contracted network cannot be changed.",
                    (Suggestion(f"{label}を元に戻す", f"Restore the {key}",
                                ({"op": "replace", "path": f"/proposed/vpn_networks/{i}/{key}", "value": old.get(key)},)),)))

    for sid, (ptr, site, net, kind) in after_sites.items():
        prior = before_sites.get(sid)
        if prior is None:
            continue  # a new site is a new contract, judged by the new-order rules
        _old_ptr, old_site, old_net, old_kind = prior
        p = "/proposed" + ptr
        if old_kind != kind:
            result.issues.append(_issue(
                "vpn.change.immutable", p + "/id",
                f"拠点「{site.get('name') or sid}」の種類(親拠点/子拠点)は変更できません。解約して新しく申し込んでください。",
                "The kind (parent/child) of a contracted site cannot be changed."))
        count = int(items[net["item"]]["devices_at_parent" if kind == "parent_site" else "devices_at_child"]) \
            if net.get("item") in items else 0
        # device type change (第9条第1項, 別紙4)
        if old_site.get("device") != site.get("device"):
            pair = (str(old_site.get("device")), str(site.get("device")))
            if pair not in router_pairs:
                allowed = sorted(b for a, b in router_pairs if a == old_site.get("device"))
                names = "、".join(cat.device_name(a) for a in allowed) or "なし"
                result.issues.append(_issue(
                    "vpn.change.device_matrix", p + "/device",
                    f"{cat.device_name(old_site.get('device'))} から {cat.device_name(site.get('device'))} への機器種別の変更は"
                    f"できません(変更できる機器種別: {names})。",
                    "This device type change is not among the allowed pairs (別紙4).",
                    tuple(Suggestion(f"{cat.device_name(a)} にする", f"Use {cat.device_name(a)}",
                                     ({"op": "replace", "path": p + "/device", "value": a},)) for a in allowed)))
            result.device_changes.append(_device_change(sid, p, "device", old_site.get("device"), site.get("device"),
                                                        count, change_date, site.get("term_years"), book, cat))
        old_sw = (old_site.get("options") or {}).get("private_switch")
        new_sw = (site.get("options") or {}).get("private_switch")
        if old_sw and new_sw and old_sw != new_sw:
            if (old_sw, new_sw) not in switch_pairs:
                result.issues.append(_issue(
                    "vpn.change.device_matrix", p + "/options/private_switch",
                    f"プライベートスイッチを {cat.device_name(old_sw)} から {cat.device_name(new_sw)} に変更することはできません。",
                    "This private switch change is not among the allowed pairs (別紙4)."))
            result.device_changes.append(_device_change(sid, p, "private_switch", old_sw, new_sw, 1, change_date, None,
                                                        book, cat))
        if isinstance(site.get("device"), str) and site.get("device") in cat.devices:
            result.option_changes.extend(_option_changes(sid, p, old_site, site, count, change_date, book, cat))
        changed = [f for f in SETTINGS_FIELDS if old_site.get(f) != site.get(f)]
        if changed:
            result.settings_changes.append(SettingsChange(sid, p, changed))
            if kind == "child_site":
                parent_contractor = str((old_net.get("parent") or {}).get("contractor") or "").strip()
                if not requested_by or (parent_contractor and requested_by != parent_contractor):
                    result.issues.append(_issue(
                        "vpn.change.authority", p,
                        f"子拠点「{site.get('name') or sid}」の設定変更は、親拠点の契約者"
                        f"({parent_contractor or '未記入'})からのお申し込みに限られます(申込者: {requested_by or '未記入'})。"
                        "親拠点の契約者の名前で申し込んでください。",
                        "Settings of a child site can be changed only at the parent contractor's request."))

    # settings change work, charged per device and job by time window (別紙1 3(3))
    for k, job in enumerate(doc.get("settings_jobs") or []):
        sid = str(job.get("site") or "")
        if sid not in after_sites:
            raise MalformedOrder(f"設定変更作業の拠点「{sid}」が変更後の注文にありません。", "Unknown site in settings_jobs.",
                                 pointer=f"/settings_jobs/{k}/site", source=source)
        _ptr, _site, net, kind = after_sites[sid]
        devices = int(items[net["item"]]["devices_at_parent" if kind == "parent_site" else "devices_at_child"]) \
            if net.get("item") in items else 1
        amount, inside = calc.settings_change_fee(calc.parse_time(str(job.get("start")), "開始時刻"),
                                                  calc.parse_time(str(job.get("end")), "終了時刻"), devices)
        result.settings_fees.append({"site": sid, "start": job.get("start"), "end": job.get("end"), "devices": devices,
                                     "inside_business_hours": inside, "amount": amount})
    result.one_time_total = sum(c.fee or 0 for c in result.device_changes) + sum(f["amount"] for f in result.settings_fees)
    return result


def _option_units(key: str, value: Any, count: int) -> int:
    """How many units of an option a site has: modules by count, per-device options by the devices of
    the site's item, the rest one per site (as the quote counts them)."""
    if not value:
        return 0
    if key == "sfp_module":
        return int(value) if isinstance(value, int) and not isinstance(value, bool) else 0
    if key in ("rack_mount_kit", "vpn_module", "additional_license"):
        return count
    return 1


def _option_changes(sid: str, p: str, old_site: dict[str, Any], site: dict[str, Any], count: int,
                    change_date: dt.date | None, book: PriceBook, cat: Catalogue) -> list[OptionChange]:
    old_opts = old_site.get("options") or {}
    new_opts = site.get("options") or {}
    dev = str(site.get("device"))
    out = []
    for key, spec in cat.vpn_options.items():
        before, after = old_opts.get(key), new_opts.get(key)
        if key == "private_switch" and before and after:
            continue  # a switch for a switch is a device change (第9条第1項)
        old_n, new_n = _option_units(key, before, count), _option_units(key, after, count)
        if old_n == new_n:
            continue
        ptr = f"{p}/options/{key}"
        if new_n < old_n:
            out.append(OptionChange(sid, ptr, key, "removed", before, after, old_n - new_n, None, None, None, None))
            continue
        months = int(spec["min_term_months"])
        start = change_date
        end = calc.term_end(start, months) if start and months else None
        price = book.find(service="vpn", option=key, device=str(after) if key == "private_switch" else dev)
        qty = new_n - old_n
        initial = (price.initial or 0) * qty if price else None
        monthly = (price.monthly or 0) * qty if price else None
        out.append(OptionChange(sid, ptr, key, "added", before, after, qty, start if months else None, end,
                                initial, monthly))
    return out


def change_texts(result: ChangeResult, cat: Catalogue | None = None) -> list[str]:
    """What a change order changes and costs, in words, in the UI language: for the command line and
    the app (each adds the issues in its own form)."""
    from configurator.text.jpformat import display_date, display_yen

    cat = cat or catalogue()

    def day(d: dt.date | None) -> str:
        return display_date(d) if d else "—"

    lines = []
    for c in result.device_changes:
        lines.append(_('機器種別の変更 {site}: {v1} → {v2}(×{devices}台) 新しい最低利用期間 {v4}〜{v5}、旧機器の返還期限 {v6}、一時費用 {v7}').format(
            site=c.site, v1=cat.device_name(c.before), v2=cat.device_name(c.after), devices=c.devices,
            v4=day(c.new_term_start), v5=day(c.new_term_end), v6=day(c.return_deadline),
            v7=display_yen(c.fee) if c.fee is not None else "—"))
    for s in result.settings_changes:
        lines.append(_('設定の変更 {site}: ').format(site=s.site) + _('、').join(_(FIELD_LABELS.get(f, f)) for f in s.fields))
    for f in result.settings_fees:
        lines.append(_('設定変更作業 {v0} {v1}〜{v2}(×{v3}台、{v4}): {v5}').format(
            v0=f["site"], v1=f["start"], v2=f["end"], v3=f["devices"],
            v4=_('営業時間内') if f["inside_business_hours"] else _('営業時間外'), v5=display_yen(f["amount"])))
    lines.append(_('一時費用の合計(税抜): {v0}').format(v0=display_yen(result.one_time_total)))
    return lines + option_change_texts(result, cat)


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


def option_change_texts(result: ChangeResult, cat: Catalogue | None = None) -> list[str]:
    """The option changes in words, in the UI language: for the command line and the app."""
    from configurator.text.jpformat import display_date, display_yen

    cat = cat or catalogue()
    lines = []
    for c in result.options_added:
        spec = cat.vpn_options[c.option]
        name = pick(spec["name"], spec["name_en"] + " option")
        if c.option == "private_switch":
            name += f" {cat.device_name(c.after)}"
        term = (_('最低利用期間 {v0}〜{v1}').format(v0=display_date(c.term_start), v1=display_date(c.term_end))
                if c.term_start and c.term_end else _('最低利用期間なし'))
        lines.append(_('オプションの追加 {site}: {name} ×{qty}  {term}  初期費用 {initial}  月額 +{monthly}').format(
            site=c.site, name=name, qty=c.quantity, term=term,
            initial=display_yen(c.initial_fee) if c.initial_fee is not None else "—",
            monthly=display_yen(c.monthly_fee) if c.monthly_fee is not None else "—"))
    if result.options_added:
        lines.append(_('追加オプションの初期費用の合計(税抜): {v0}、月額の増加(税抜): {v1}').format(
            v0=display_yen(result.initial_total), v1=display_yen(result.monthly_increase)))
    for c in result.options_removed:
        spec = cat.vpn_options[c.option]
        lines.append(_('オプションの利用停止 {site}: {name} ×{qty} — 利用停止は解約申込書で申し込みます(第17条第4項)。「解約」で手続きしてください。').format(
            site=c.site, name=pick(spec["name"], spec["name_en"] + " option"), qty=c.quantity))
    return lines


def _device_change(site: str, ptr: str, kind: str, before: Any, after: Any, count: int, change_date: dt.date | None,
                   term_years: Any, book: PriceBook, cat: Catalogue) -> DeviceChange:
    months = int(term_years) * 12 if kind == "device" and term_years in cat.term_years else 12
    start = change_date
    end = calc.term_end(start, months) if start else None
    price = book.find(service="vpn", charge="device_change", device=str(after))
    fee = (price.one_time or 0) * count if price else None
    return DeviceChange(site, ptr, kind, before, after, count, start, end,
                        calc.device_return_deadline(change_date) if change_date else None, fee)


# --- cancellation orders --------------------------------------------------------------------------


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
    _check_envelope(doc, CANCEL_FORMAT, source, schema)
    base = doc["base"]
    notice = _date(doc, "notice_date", "解約申込書の到達日 notice_date")
    if notice is None:
        raise MalformedOrder("解約申込書が当社に到達した日 \"notice_date\" がありません。", '"notice_date" is missing.',
                             pointer="/notice_date", source=source)
    requested = _date(doc, "requested_date", "指定日 requested_date")
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
    import copy

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


def rule_ids() -> set[str]:
    """Every rule id judged by new orders and change orders together."""
    return set(RULES) | set(CHANGE_RULES)


# --- what the wizard's change and cancellation screens offer ------------------------------------------


@dataclass(frozen=True)
class ContractRow:
    pointer: str
    label: str
    kind: str  # "site", "management", "client", "proxy", "vpdn"
    depth: int
    options: tuple[tuple[str, str], ...]  # (pointer, label) of the options with a fee of their own


def contracts_of(order: dict[str, Any], cat: Catalogue | None = None) -> list[ContractRow]:
    """Every contract of an order, in document order, with the options that can be cancelled alone."""
    from configurator.text.i18n import pick

    cat = cat or catalogue()
    out: list[ContractRow] = []
    kinds_vpn = cat.vpn["kinds"]
    for i, net in enumerate(order.get("vpn_networks") or []):
        out.append(ContractRow(f"/vpn_networks/{i}", f"{pick('VPN網', 'VPN network')} {net.get('name') or net.get('id')}",
                               "network", 0, ()))
        parent_label = pick(kinds_vpn["parent_site"]["name"], kinds_vpn["parent_site"]["name_en"])
        child_label = pick(kinds_vpn["child_site"]["name"], kinds_vpn["child_site"]["name_en"])
        sites = ([(f"/vpn_networks/{i}/parent", net["parent"], parent_label)] if net.get("parent") else []) + [
            (f"/vpn_networks/{i}/children/{j}", c, child_label) for j, c in enumerate(net.get("children") or [])]
        for ptr, site, kind_label in sites:
            opts = tuple((f"{ptr}/options/{k}", pick(spec["name"], spec["name_en"] + " option"))
                         for k, spec in cat.vpn_options.items() if (site.get("options") or {}).get(k))
            out.append(ContractRow(ptr, f"{kind_label} {site.get('name') or site.get('id')}", "site", 1, opts))
    kinds = cat.auth["kinds"]
    for i, unit in enumerate(order.get("auth_units") or []):
        m = unit.get("management") or {}
        out.append(ContractRow(f"/auth_units/{i}/management",
                               f"{pick(kinds['management']['short'], kinds['management']['name_en'])} "
                               f"{m.get('name') or unit.get('id')}", "management", 0, ()))
        for key, kind in (("clients", "client"), ("proxies", "proxy"), ("vpdns", "vpdn")):
            for j, child in enumerate(unit.get(key) or []):
                ptr = f"/auth_units/{i}/{key}/{j}"
                lb = cat.auth["options"]["load_balancing"]
                opts = ((f"{ptr}/load_balancing", pick(lb["name"], lb["name_en"] + " option")),) \
                    if child.get("load_balancing") else ()
                out.append(ContractRow(ptr, f"{pick(kinds[kind]['short'], kinds[kind]['name_en'])} "
                                            f"{child.get('name') or child.get('id')}", kind, 1, opts))
    return out


def device_change_choices(before: str | None, role: str, cat: Catalogue | None = None) -> list[tuple[str, bool, str]]:
    """Each device of `role` a contracted device could become: (device, allowed, reason)."""
    cat = cat or catalogue()
    pairs = _pairs(cat, role)
    cite = cat.vpn["device_change_pairs"]["citation"]
    out = []
    for dev in (cat.routers() if role == "router" else cat.switches()):
        if dev == before or (str(before), dev) in pairs:
            out.append((dev, True, ""))
        else:
            from configurator.text.i18n import pick

            out.append((dev, False, pick(
                f"{cat.device_name(before)} から {cat.device_name(dev)} への変更は当社が定める範囲外です({cite})。",
                f"A change from {cat.device_name(before)} to {cat.device_name(dev)} is outside the pairs the company allows ({cite}).")))
    return out


def mark_contracted(order: dict[str, Any], billing_start: str, contractor: str | None = None) -> dict[str, Any]:
    """A copy of the order marked as contracted, every contract (and option) without a billing start
    given `billing_start`."""
    import copy

    doc = copy.deepcopy(order)
    doc["contracted"] = True
    doc.setdefault("contracted_at", billing_start)
    for net in doc.get("vpn_networks") or []:
        for site in ([net["parent"]] if net.get("parent") else []) + list(net.get("children") or []):
            site.setdefault("billing_start", billing_start)
            if contractor and not site.get("contractor"):
                site["contractor"] = contractor
            starts = site.setdefault("options_billing_start", {})
            for k, v in (site.get("options") or {}).items():
                if v:
                    starts.setdefault(k, site["billing_start"])
    for unit in doc.get("auth_units") or []:
        if unit.get("management"):
            unit["management"].setdefault("billing_start", billing_start)
        for key in ("clients", "proxies", "vpdns"):
            for child in unit.get(key) or []:
                child.setdefault("billing_start", billing_start)
                if child.get("load_balancing"):
                    child.setdefault("load_balancing_billing_start", child["billing_start"])
    return doc
