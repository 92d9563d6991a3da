"""Change orders (変更申込) against a contracted order: what changes, what it is judged by, what it costs.

iij-change/1: {"format", "title", "requested_by", "request_date", "change_date", "base", "proposed",
"settings_jobs": [{"site": id, "start": "HH:MM", "end": "HH:MM"}]} — the contracted order and the order
as it should become. The engine finds the changes, judges the change rules (configurator.lifecycle.rules)
and every rule on the proposed order, and works out the new minimum terms, return deadlines and charges.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from configurator.errors import MalformedOrder
from configurator.lifecycle.cancel import LOST_DEVICE_NOTICE
from configurator.lifecycle.common import (
    CHANGE_FORMAT,
    check_envelope,
    devices_at,
    read_date,
    sites_by_id,
    under,
)
from configurator.lifecycle.dates import change_date_issues
from configurator.lifecycle.rules import SitePair, settings_changed, site_pairs
from configurator.order.document import check as check_order
from configurator.pricing.books import PriceBook, sample_price_book
from configurator.tariff import calc
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.checks.registry import CHANGE
from configurator.tariff.rules import Issue, check_scope, validate
from configurator.text.i18n import N_, _, pick

FIELD_LABELS = {
    "lan": "LAN",
    "internet": N_("インターネット接続"),
    "options": N_("オプション"),
    "name": N_("拠点名"),
    "address": N_("設置場所の住所"),
    "postal_code": N_("郵便番号"),
}


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

    def changed_sites(self) -> list[str]:
        """The ids of the contracted sites the change changes (device, settings, options, settings jobs)."""
        changes: list[Any] = [*self.device_changes, *self.settings_changes, *self.option_changes]
        sites = [c.site for c in changes] + [str(f["site"]) for f in self.settings_fees]
        return list(dict.fromkeys(sites))

    def to_json(self) -> dict[str, Any]:
        def d(x: dt.date | None) -> str | None:
            return x.isoformat() if x else None

        return {
            "valid": self.valid,
            "issues": [i.to_json() for i in self.issues],
            "device_changes": [
                {
                    "site": c.site,
                    "path": c.pointer,
                    "kind": c.kind,
                    "before": c.before,
                    "after": c.after,
                    "devices": c.devices,
                    "new_minimum_term_start": d(c.new_term_start),
                    "new_minimum_term_end": d(c.new_term_end),
                    "return_deadline": d(c.return_deadline),
                    "fee": c.fee,
                }
                for c in self.device_changes
            ],
            "settings_changes": [
                {"site": c.site, "path": c.pointer, "fields": c.fields} for c in self.settings_changes
            ],
            "settings_fees": self.settings_fees,
            "option_changes": [
                {
                    "site": c.site,
                    "path": c.pointer,
                    "option": c.option,
                    "action": c.action,
                    "before": c.before,
                    "after": c.after,
                    "quantity": c.quantity,
                    "minimum_term_start": d(c.term_start),
                    "minimum_term_end": d(c.term_end),
                    "initial_fee": c.initial_fee,
                    "monthly_fee": c.monthly_fee,
                }
                for c in self.option_changes
            ],
            "one_time_total": self.one_time_total,
            "initial_total": self.initial_total,
            "monthly_increase": self.monthly_increase,
        }


def analyse_change(
    doc: dict[str, Any],
    book: PriceBook | None = None,
    cat: Catalogue | None = None,
    source: str | None = None,
    schema: bool = True,
    proposed_issues: list[Issue] | None = None,
) -> ChangeResult:
    """The change order judged and costed. `schema=False` skips the JSON Schema check of the two
    orders, for a caller whose documents come from the draft store and its own edits (the app, on
    every edit: the check is most of the time on a large order); files are always checked.
    `proposed_issues`: validate(proposed, book) when the caller has it already (the contract screen keeps
    it up to date edit by edit, configurator/session/livecheck.py)."""
    cat = cat or catalogue()
    book = book or sample_price_book()
    check_envelope(doc, CHANGE_FORMAT, source, schema)
    proposed = doc.get("proposed")
    if not isinstance(proposed, dict):
        raise MalformedOrder(
            "変更後の注文 \"proposed\" がありません。",
            '"proposed" is missing.',
            pointer="/proposed",
            source=source,
        )
    if schema:
        check_order(proposed, source=source)
    change_date = read_date(doc, "change_date", "変更日 change_date", "change date")
    result = ChangeResult(doc)
    if proposed_issues is None:
        proposed_issues = validate(proposed, price_book=book, cat=cat)
    result.issues.extend(under("/proposed", i) for i in proposed_issues)
    result.issues.extend(check_scope(CHANGE, doc, "", cat, book, {"requested_by": doc.get("requested_by")}))
    for pair, p in site_pairs(doc):
        if pair.before.site != pair.after.site:  # a site as contracted changes nothing (most of them)
            _site_changes(result, pair, p, change_date, book, cat)
    result.settings_fees.extend(_settings_fees(doc, sites_by_id(proposed), cat, source))
    result.issues.extend(change_date_issues(doc, result.changed_sites()))
    result.one_time_total = sum(c.fee or 0 for c in result.device_changes) + sum(
        f["amount"] for f in result.settings_fees
    )
    return result


def _site_changes(
    result: ChangeResult, pair: SitePair, p: str, change_date: dt.date | None, book: PriceBook, cat: Catalogue
) -> None:
    """What changes at one contracted site: its device, its private switch, its options, its settings."""
    old_site, site = pair.before.site, pair.after.site
    count = devices_at(pair.after, cat)
    if old_site.get("device") != site.get("device"):
        result.device_changes.append(
            _device_change(
                pair.id,
                p,
                "device",
                old_site.get("device"),
                site.get("device"),
                count,
                change_date,
                site.get("term_years"),
                book,
                cat,
            )
        )
    old_sw = (old_site.get("options") or {}).get("private_switch")
    new_sw = (site.get("options") or {}).get("private_switch")
    if old_sw and new_sw and old_sw != new_sw:
        result.device_changes.append(
            _device_change(pair.id, p, "private_switch", old_sw, new_sw, 1, change_date, None, book, cat)
        )
    if isinstance(site.get("device"), str) and site.get("device") in cat.devices:
        result.option_changes.extend(
            _option_changes(pair.id, p, old_site, site, count, change_date, book, cat)
        )
    changed = settings_changed(pair)
    if changed:
        result.settings_changes.append(SettingsChange(pair.id, p, changed))


def _settings_fees(
    doc: dict[str, Any], after_sites: dict[str, Any], cat: Catalogue, source: str | None
) -> list[dict[str, Any]]:
    """The settings change work, charged per device and job by time window (別紙1 3(3))."""
    out = []
    for k, job in enumerate(doc.get("settings_jobs") or []):
        sid = str(job.get("site") or "")
        if sid not in after_sites:
            raise MalformedOrder(
                f"設定変更作業の拠点「{sid}」が変更後の注文にありません。",
                "Unknown site in settings_jobs.",
                pointer=f"/settings_jobs/{k}/site",
                source=source,
            )
        devices = devices_at(after_sites[sid], cat, default=1)
        amount, inside = calc.settings_change_fee(
            calc.parse_time(str(job.get("start")), "開始時刻"),
            calc.parse_time(str(job.get("end")), "終了時刻"),
            devices,
        )
        out.append(
            {
                "site": sid,
                "start": job.get("start"),
                "end": job.get("end"),
                "devices": devices,
                "inside_business_hours": inside,
                "amount": amount,
                "payer": fee_payer(after_sites[sid].network, doc.get("base") or {}),
            }
        )
    return out


def fee_payer(network: dict[str, Any], base: dict[str, Any]) -> str | None:
    """Who pays a settings change (VPN 第10条第4項): the parent contract's contractor of the network,
    as contracted (else as proposed); None when the order names no contractor."""
    contracted = next((n for n in base.get("vpn_networks") or [] if n.get("id") == network.get("id")), None)
    for net in (contracted, network):
        name = str(((net or {}).get("parent") or {}).get("contractor") or "").strip()
        if name:
            return name
    return None


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


def _option_changes(
    sid: str,
    p: str,
    old_site: dict[str, Any],
    site: dict[str, Any],
    count: int,
    change_date: dt.date | None,
    book: PriceBook,
    cat: Catalogue,
) -> list[OptionChange]:
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
            out.append(
                OptionChange(sid, ptr, key, "removed", before, after, old_n - new_n, None, None, None, None)
            )
            continue
        months = int(spec["min_term_months"])
        start = change_date
        end = calc.term_end(start, months) if start and months else None
        price = book.find(service="vpn", option=key, device=str(after) if key == "private_switch" else dev)
        qty = new_n - old_n
        initial = (price.initial or 0) * qty if price else None
        monthly = (price.monthly or 0) * qty if price else None
        out.append(
            OptionChange(
                sid, ptr, key, "added", before, after, qty, start if months else None, end, initial, monthly
            )
        )
    return out


#: the ids the app gives the sites it adds (site-3; site-00003 in generated orders): never what the user
#: knows a site by, unlike an id imported from the 拠点ID/拠点番号 column of a site list (sitecsv)
_APP_SITE_ID = re.compile(r"site-[0-9]+")


def site_labels(doc: dict[str, Any]) -> dict[str, str]:
    """How the user knows each site of a change order, by id: its 拠点名 (as proposed, else as contracted)
    with its 拠点番号 in brackets (the id, when the user gave it), the name alone when the id is one the
    app made, and the id only where the site has no name."""
    names: dict[str, str] = {}
    for order in (doc.get("base"), doc.get("proposed")):  # the proposed name wins
        if isinstance(order, dict):
            for sid, at in sites_by_id(order).items():
                name = str(at.site.get("name") or "").strip()
                if name:
                    names[str(sid)] = name
    out = {}
    for sid, name in names.items():
        out[sid] = name if _APP_SITE_ID.fullmatch(sid) else pick(f"{name}({sid})", f"{name} ({sid})")
    return out


def change_texts(result: ChangeResult, cat: Catalogue | None = None) -> list[str]:
    """What a change order changes and costs, in words, in the UI language: for the command line and
    the app (each adds the issues in its own form)."""
    from configurator.text.jpformat import display_date, display_yen

    cat = cat or catalogue()

    def day(d: dt.date | None) -> str:
        return display_date(d) if d else "—"

    site = _site_label(result)
    lines = []
    for c in result.device_changes:
        lines.append(
            _(
                '機器種別の変更 {site}: {v1} → {v2}(×{devices}台) 新しい最低利用期間 {v4}〜{v5}、'
                '旧機器の返還期限 {v6}、一時費用 {v7}'
            ).format(
                site=site(c.site),
                v1=cat.device_name(c.before),
                v2=cat.device_name(c.after),
                devices=c.devices,
                v4=day(c.new_term_start),
                v5=day(c.new_term_end),
                v6=day(c.return_deadline),
                v7=display_yen(c.fee) if c.fee is not None else "—",
            )
        )
    for s in result.settings_changes:
        lines.append(
            _('設定の変更 {site}: ').format(site=site(s.site))
            + _('、').join(_(FIELD_LABELS.get(f, f)) for f in s.fields)
        )
    for f in result.settings_fees:
        lines.append(
            _('設定変更作業 {v0} {v1}〜{v2}(×{v3}台、{v4}): {v5}').format(
                v0=site(f["site"]),
                v1=f["start"],
                v2=f["end"],
                v3=f["devices"],
                v4=_('営業時間内') if f["inside_business_hours"] else _('営業時間外'),
                v5=display_yen(f["amount"]),
            )
        )
    payers = sorted({f["payer"] or _('親たる契約の契約者') for f in result.settings_fees})
    if payers:
        lines.append(
            _('設定変更費用の支払者: {payer}(親たる契約の契約者、第10条第4項)').format(
                payer=_('、').join(payers)
            )
        )
    lines.append(_('一時費用の合計(税抜): {v0}').format(v0=display_yen(result.one_time_total)))
    if any(c.return_deadline for c in result.device_changes):
        lines.append(_(LOST_DEVICE_NOTICE))
    return lines + option_change_texts(result, cat)


def option_change_texts(result: ChangeResult, cat: Catalogue | None = None) -> list[str]:
    """The option changes in words, in the UI language: for the command line and the app."""
    from configurator.text.jpformat import display_date, display_yen

    cat = cat or catalogue()
    site = _site_label(result)
    lines = []
    for c in result.options_added:
        spec = cat.vpn_options[c.option]
        name = pick(spec["name"], spec["name_en"] + " option")
        if c.option == "private_switch":
            name += f" {cat.device_name(c.after)}"
        term = (
            _('最低利用期間 {v0}〜{v1}').format(v0=display_date(c.term_start), v1=display_date(c.term_end))
            if c.term_start and c.term_end
            else _('最低利用期間なし')
        )
        lines.append(
            _('オプションの追加 {site}: {name} ×{qty}  {term}  初期費用 {initial}  月額 +{monthly}').format(
                site=site(c.site),
                name=name,
                qty=c.quantity,
                term=term,
                initial=display_yen(c.initial_fee) if c.initial_fee is not None else "—",
                monthly=display_yen(c.monthly_fee) if c.monthly_fee is not None else "—",
            )
        )
    if result.options_added:
        lines.append(
            _('追加オプションの初期費用の合計(税抜): {v0}、月額の増加(税抜): {v1}').format(
                v0=display_yen(result.initial_total), v1=display_yen(result.monthly_increase)
            )
        )
    for c in result.options_removed:
        spec = cat.vpn_options[c.option]
        lines.append(
            _(
                'オプションの利用停止 {site}: {name} ×{qty} — 利用停止は解約申込書で申し込みます(第17条第4項'
                ')。「解約」で手続きしてください。'
            ).format(site=site(c.site), name=pick(spec["name"], spec["name_en"] + " option"), qty=c.quantity)
        )
    return lines


def _site_label(result: ChangeResult) -> Any:
    """A site id -> how the user knows the site (site_labels), the labels made only when a line needs one."""
    labels: dict[str, str] | None = None

    def label(sid: str) -> str:
        nonlocal labels
        if labels is None:
            labels = site_labels(result.document)
        return labels.get(sid, sid)

    return label


def _device_change(
    site: str,
    ptr: str,
    kind: str,
    before: Any,
    after: Any,
    count: int,
    change_date: dt.date | None,
    term_years: Any,
    book: PriceBook,
    cat: Catalogue,
) -> DeviceChange:
    months = int(term_years) * 12 if kind == "device" and term_years in cat.term_years else 12
    start = change_date
    end = calc.term_end(start, months) if start else None
    price = book.find(service="vpn", charge="device_change", device=str(after))
    fee = (price.one_time or 0) * count if price else None
    return DeviceChange(
        site,
        ptr,
        kind,
        before,
        after,
        count,
        start,
        end,
        calc.device_return_deadline(change_date) if change_date else None,
        fee,
    )
