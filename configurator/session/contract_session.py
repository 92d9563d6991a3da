"""The session of the 契約・変更・解約 screen, without Qt: one contracted order (the base), the order as
it will be after a change (proposed), the inputs of a change and of a cancellation, and what
configurator.lifecycle judges of them. The screen shows it; every edit and every text it shows
comes from here, so all of it is testable without Qt (tests/test_contract_session.py)."""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from typing import Any

from configurator import lifecycle
from configurator.errors import KnownError
from configurator.gcpause import gc_paused
from configurator.lifecycle.dates import (
    CANCELLATION_DATE,
    cancel_date_issues,
    change_date_issues,
    parse_typed_date,
)
from configurator.order.patch import apply_in_place, apply_patch, get
from configurator.session.livecheck import LiveChecks
from configurator.tariff.calc import CalcError
from configurator.tariff.catalogue import catalogue
from configurator.text.i18n import _, error_text, issue_message, pick, severity_label
from configurator.text.jpformat import today_tokyo
from configurator.text.jpinput import control_character, without_control_characters


def document_label(kind: str) -> str:
    labels = {
        "change-form": _('変更申込書'),
        "cancel-form": _('解約申込書'),
        "cancel-quote": _('解約費用の見積'),
    }
    return labels[kind]


@dataclass(frozen=True)
class ContractEntry:
    """One row of the contract table as the user filled it in."""

    pointer: str
    label: str
    billing_start: str = ""
    contractor: str = ""


def site_of(ptr: str) -> str:
    """The site a pointer of the change table belongs to (/vpn_networks/0/children/2/options/x → …/2)."""
    return ptr.split("/options/")[0].removesuffix("/device").removesuffix("/lan").removesuffix("/internet")


def parse_lan(text: str) -> list[str]:
    """The LAN cell as typed: addresses separated by commas (or 、)."""
    return [p.strip() for p in text.replace("、", ",").replace(_('、'), ",").split(",") if p.strip()]


class ContractSession:
    """One contracted order being changed or cancelled. `set` edits the proposed order; the change and
    the cancellation are judged again after every edit (`change_result`, `cancel_result`)."""

    def __init__(
        self,
        doc: dict[str, Any],
        draft_id: int | None = None,
        price_book: Any = None,
        title: str = "",
        quote_number: str = "",
        judge: bool = True,
    ) -> None:
        self.base = doc
        # a deep copy: marshal copies JSON values 4x faster than a json round trip (8x deepcopy)
        self.proposed: dict[str, Any] = marshal.loads(marshal.dumps(doc))
        self.draft_id = draft_id
        self.price_book = price_book
        self.title = title
        self.quote_number = quote_number
        today = today_tokyo().isoformat()
        self.requested_by = ""  # the 申込者 of the change as typed ("" : the contract's 契約者, applicant())
        self.cancel_requested_by = ""  # the same for the cancellation
        self.change_date = today
        self.settings_jobs: list[dict[str, str]] = []
        self.notice_date = today
        self.requested_date = ""
        self.targets: list[str] = []
        self.change_result: lifecycle.ChangeResult | None = None
        self.change_report = ""
        self.cancel_result: lifecycle.CancelResult | None = None
        self.cancel_report = ""
        self._contracts: list[lifecycle.ContractRow] | None = None
        self._live = LiveChecks()  # the proposed order judged again only where it was edited
        self._touched: list[str] | None = None  # None: judge all of it
        if judge:  # the screen judges once, after putting its fields in
            self.recompute()

    @classmethod
    def open(cls, store: Any, draft_id: int, price_book: Any = None, judge: bool = True) -> ContractSession:
        info, doc = store.load(draft_id)
        return cls(doc, draft_id, price_book, str(info.title), str(info.number), judge)

    @property
    def contracted(self) -> bool:
        return bool(self.base.get("contracted"))

    # --- contract information -------------------------------------------------------------------

    def contracts(self) -> list[lifecycle.ContractRow]:
        """Every contract of the base order (lifecycle.contracts_of), worked out once: the base order of a
        session never changes (saving it as contracted opens a new session)."""
        if self._contracts is None:
            self._contracts = lifecycle.contracts_of(self.base)
        return self._contracts

    def contract_rows(self) -> list[lifecycle.ContractRow]:
        """The contracts that take a billing start date (not the VPN networks themselves)."""
        return [r for r in self.contracts() if r.kind != "network"]

    def contracted_order(
        self, default_start: str, contractor: str, entries: list[ContractEntry]
    ) -> dict[str, Any]:
        """The order marked as contracted: each entry's billing start (or `default_start`) and contractor.
        A date that is not one raises calc.CalcError saying which."""
        from configurator.tariff.calc import parse_date

        default = parse_date(default_start, _('課金開始日')).isoformat()
        _no_control(contractor, _('契約者'))
        ops: list[dict[str, Any]] = []
        for e in entries:
            _no_control(e.contractor, _('{v0} の契約者').format(v0=e.label.strip()))
            if e.billing_start.strip():
                day = parse_date(e.billing_start.strip(), _('{v0} の課金開始日').format(v0=e.label.strip()))
                ops.append({"op": "replace", "path": e.pointer + "/billing_start", "value": day.isoformat()})
            if e.contractor.strip():
                ops.append(
                    {"op": "replace", "path": e.pointer + "/contractor", "value": e.contractor.strip()}
                )
        return lifecycle.mark_contracted(apply_patch(self.base, ops), default, contractor.strip() or None)

    def save_contracted(
        self, store: Any, default_start: str, contractor: str, entries: list[ContractEntry]
    ) -> tuple[int, str]:
        """Save the order as contracted (a new revision of its draft): the draft saved, and what to tell
        the user. A date that is not one raises calc.CalcError and saves nothing."""
        doc = self.contracted_order(default_start, contractor, entries)
        info = store.info(self.draft_id)
        result = store.save(self.draft_id, doc, info.rev, note=_('契約済みにしました'))
        store.set_status(result.draft_id, "contracted")  # the start list says 契約済
        told = _('契約済みとして保存しました。変更と解約を準備できます。')
        if result.message:  # a conflict copy, or the draft taken back out of the trash: said first
            told = pick(result.message, result.message_en) + ("" if result.conflict else " " + told)
        return int(result.draft_id), str(told)

    # --- who applies -----------------------------------------------------------------------------

    def applicant(self, typed: str) -> str:
        """The 申込者 a form names: as typed (without a control character pasted with it: applicant_note
        says so), else the contract's 契約者 (lifecycle.applicant_of); "" when neither is known."""
        return without_control_characters(typed.strip())[0] or lifecycle.applicant_of(self.base)

    def applicant_note(self, typed: str) -> str:
        """What the screen says under the 申込者 field before a form is saved: whose name the form prints,
        or that it prints a blank to fill in by hand ("" when the user typed the name); a control character
        pasted with the name (unseen in the field) is said to be left out."""
        said = without_control_characters(typed)[1]
        if said:
            return said
        if typed.strip():
            return ""
        known = lifecycle.applicant_of(self.base)
        if known:
            return _('申込者が空欄のため、契約者「{name}」を申込書に記入します。').format(name=known)
        return _(
            '申込者が未入力で、契約者も登録されていません。申込書の申込者欄は空欄(手書きで記入)で印刷されます。'
            '申込者を入力するか、「契約情報」で契約者を登録してください。'
        )

    # --- change ---------------------------------------------------------------------------------

    def sites(self) -> list[tuple[str, dict[str, Any]]]:
        """(pointer, site) of every VPN site of the proposed order, parents first in each network."""
        out: list[tuple[str, dict[str, Any]]] = []
        for i, net in enumerate(self.proposed.get("vpn_networks") or []):
            if net.get("parent"):
                out.append((f"/vpn_networks/{i}/parent", net["parent"]))
            children = net.get("children") or []
            out.extend((f"/vpn_networks/{i}/children/{j}", c) for j, c in enumerate(children))
        return out

    def before(self, ptr: str) -> Any:
        return get(self.base, ptr)

    def after(self, ptr: str) -> Any:
        return get(self.proposed, ptr)

    def set(self, ptr: str, value: Any, judge: bool = True) -> str:
        """Change the proposed order and judge the change again (unless the caller judges it next, after
        more input); the pointer of the site edited."""
        apply_in_place(self.proposed, [{"op": "replace", "path": ptr, "value": value}])
        if self._touched is not None:
            self._touched.append(ptr)
        if judge:
            self.recompute_change()
        return site_of(ptr)

    def set_lan(self, ptr: str, text: str) -> str:
        return self.set(ptr, parse_lan(text))

    def set_change(
        self,
        requested_by: str | None = None,
        change_date: str | None = None,
        settings_jobs: list[dict[str, str]] | None = None,
    ) -> None:
        if requested_by is not None:
            self.requested_by = requested_by.strip()
        if change_date is not None:
            self.change_date = change_date.strip()
        if settings_jobs is not None:
            self.settings_jobs = [j for j in settings_jobs if any(v.strip() for v in j.values())]
        self.recompute_change()

    def device_choices(self, kind: str, before: str | None) -> list[tuple[Any, str, bool, str]]:
        """(value, label, allowed, reason) of a device ("device") or switch ("switch") cell: the pairs of
        the catalogue (the others with the reason), or any switch where the site had none."""
        cat = catalogue()
        same = _('(変更なし)')
        if kind == "device":
            return [
                (dev, cat.device_name(dev) + (same if dev == before else ""), allowed, reason)
                for dev, allowed, reason in lifecycle.device_change_choices(before, "router")
            ]
        if before:
            return [
                (dev, cat.device_name(dev) + (same if dev == before else ""), allowed, reason)
                for dev, allowed, reason in lifecycle.device_change_choices(before, "switch")
            ]
        none: list[tuple[Any, str, bool, str]] = [(None, _('(なし)'), True, "")]
        return none + [(dev, cat.device_name(dev), True, "") for dev in cat.switches()]

    def change_date_issues(self, change_date: str) -> list[Any]:
        """What the screen says under the 変更日 while it is typed, before it is judged or saved: a date
        before the 申込日 (today) or before the billing start of a contract the change changes (the
        contracts of the last judgement; the earliest of the order while nothing is changed); nothing
        while the text is not (yet) a whole date."""
        day = parse_typed_date(change_date)
        if day is None:
            return []
        doc = {"change_date": day, "request_date": today_tokyo(), "base": self.base}
        touched = self.change_result.changed_sites() if self.change_result is not None else None
        return change_date_issues(doc, touched)

    def change_document(self) -> dict[str, Any]:
        title = _('{v0} 変更').format(v0=self.base.get('title') or '')
        return {
            "format": lifecycle.CHANGE_FORMAT,
            "title": title,
            "requested_by": self.applicant(self.requested_by),
            "request_date": today_tokyo().isoformat(),
            "change_date": self.change_date,
            "base": self.base,
            "proposed": self.proposed,
            "settings_jobs": list(self.settings_jobs),
        }

    def recompute_change(self) -> None:
        if not self.contracted:
            return
        try:
            with gc_paused():  # makes no cycles; a collection would walk both large orders
                issues = self._live.validate(self.proposed, self.price_book, self._touched)
                self._touched = []
                r = lifecycle.analyse_change(
                    self.change_document(), self.price_book, schema=False, proposed_issues=issues
                )
        except KnownError as exc:
            self.change_report = error_text(exc)
            self.change_result = None
            return
        self.change_result = r
        lines = lifecycle.change_texts(r)
        for i in r.issues:
            lines.append(f"{severity_label(i)}: {issue_message(i)}{pick('', ' ')}({i.cite()})")
        if not r.device_changes and not r.settings_changes and not r.settings_fees and not r.option_changes:
            lines.insert(0, _('変更はまだありません。表で変更後の機器やLANを選んでください。'))
        self.change_report = "\n".join(lines)

    # --- cancellation ---------------------------------------------------------------------------

    def set_cancel(
        self,
        notice_date: str | None = None,
        requested_date: str | None = None,
        targets: list[str] | None = None,
        requested_by: str | None = None,
    ) -> None:
        if requested_by is not None:
            self.cancel_requested_by = requested_by.strip()
        if notice_date is not None:
            self.notice_date = notice_date.strip()
        if requested_date is not None:
            self.requested_date = requested_date.strip()
        if targets is not None:
            self.targets = list(targets)
        self.recompute_cancel()

    def cancel_date_issues(self, notice_date: str, requested_date: str) -> list[Any]:
        """What the screen says under the dates while they are typed, before anything is judged or saved:
        a ご指定の解除日 that does not take effect, with the date that does and the article
        (lifecycle.dates.cancel_date_issues); nothing while a date is not (yet) a whole date."""
        notice, requested = parse_typed_date(notice_date), parse_typed_date(requested_date)
        return cancel_date_issues(notice, requested, self.targets, self.base)

    def cancel_document(self) -> dict[str, Any]:
        title = _('{v0} 解約').format(v0=self.base.get('title') or '')
        return {
            "format": lifecycle.CANCEL_FORMAT,
            "title": title,
            "notice_date": self.notice_date,
            "requested_date": self.requested_date or None,
            "base": self.base,
            "targets": list(self.targets),
            **({"requested_by": who} if (who := self.applicant(self.cancel_requested_by)) else {}),
        }

    def recompute_cancel(self) -> None:
        if not self.contracted:
            return
        doc = self.cancel_document()
        if not doc["targets"]:
            self.cancel_result = None
            self.cancel_report = _('解約する契約・オプションにチェックを付けてください。')
            return
        try:
            r = lifecycle.analyse_cancel(doc, self.price_book, schema=False)
        except KnownError as exc:
            self.cancel_result = None
            self.cancel_report = error_text(exc)
            return
        self.cancel_result = r
        lines = lifecycle.cancel_texts(r)
        for i in r.issues:
            if i.rule == CANCELLATION_DATE:  # which date takes effect, and the article saying so
                lines.append(f"{severity_label(i)}: {issue_message(i)}{pick('', ' ')}({i.cite()})")
            else:
                lines.append(_('ご注意: {message}').format(message=issue_message(i)))
        self.cancel_report = "\n".join(lines)

    def recompute(self) -> None:
        self.recompute_change()
        self.recompute_cancel()

    # --- documents ------------------------------------------------------------------------------

    def result_for(self, kind: str) -> Any:
        return self.change_result if kind == "change-form" else self.cancel_result

    def refusal(self, kind: str) -> str | None:
        """Why the document `kind` cannot be made now, in words; None when it can."""
        result = self.result_for(kind)
        label = document_label(kind)
        if result is None:
            return _('{label}を作る前に、内容を入力してください。').format(label=label)
        if not result.valid:
            return _(
                '規程上のエラーがあるため{label}は作成できません。確認結果を見て直してください。'
            ).format(label=label)
        return None

    def needs_cascade_confirmation(self, kind: str) -> bool:
        """A cancellation that takes child contracts with it is confirmed first."""
        return kind != "change-form" and self.cancel_result is not None and bool(self.cancel_result.cascade)


def _no_control(text: str, what: str) -> None:
    """A 契約者 pasted with a control character (unseen in the field) is not saved: CalcError naming it."""
    code = control_character(text)
    if code:
        raise CalcError(
            _('{what}に制御文字(U+{code})が含まれています。この欄を入力し直してください。').format(
                what=what, code=code
            )
        )
