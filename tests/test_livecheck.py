"""The wizard judges an order again after every edit only where the edit wrote (configurator/session/
livecheck.py): what it finds must be what validate() finds on the whole order, after any edit, undo or
redo — never a stale finding."""

from __future__ import annotations

import random
from typing import Any

from configurator.pricing.books import sample_price_book
from configurator.pricing.quote import price_order
from configurator.session import edits
from configurator.session.contract_session import ContractSession
from configurator.session.livecheck import LiveChecks
from configurator.session.order_session import OrderSession
from configurator.tariff.rules import validate
from tests.benchmarks.orders import big_order
from tests.conftest import example

THAI = "ก"  # in no font of this machine: a document.unprintable warning


def _edit(rng: random.Random, s: OrderSession) -> None:
    """One random edit of a site, a network or the order, the kinds the wizard makes."""
    nets = s.doc.get("vpn_networks") or []
    roll = rng.random()
    if not nets or roll < 0.05:
        s.apply(*edits.add_network(s.doc))
        return
    n = rng.randrange(len(nets))
    children = nets[n].get("children") or []
    site = (
        f"/vpn_networks/{n}/children/{rng.randrange(len(children))}"
        if children
        else f"/vpn_networks/{n}/parent"
    )
    if roll < 0.15:
        s.apply(*edits.add_child(s.doc, n))
    elif roll < 0.22 and children:
        s.apply(*edits.remove_sites([site]))
    elif roll < 0.27 and children:
        s.apply(*edits.duplicate_sites(s.doc, n, [site]))
    elif roll < 0.40:
        s.set(site + "/name", rng.choice(["", "大阪", f"大阪{THAI}", "名古屋支店", f"{THAI}{THAI}"]))
    elif roll < 0.52:
        s.set(site + "/device", rng.choice([None, "c1121_8p", "isr4351", "c891fj", "asr1001x", "nope"]))
    elif roll < 0.62:
        s.set(site + "/lan", rng.choice([[], ["10.0.0.0/24"], ["192.168.0.0/16"], ["8.8.8.0/24"], ["x"]]))
    elif roll < 0.70:
        key = rng.choice(["onsite_installation", "cold_standby", "rack_mount_kit", "vpn_module"])
        s.set(f"{site}/options/{key}", rng.random() < 0.5)
    elif roll < 0.75:
        s.set(f"{site}/options/sfp_module", rng.choice([0, 1, 3]))
    elif roll < 0.80:
        s.set(site + "/term_years", rng.choice([None, 1, 3, 2]))
    elif roll < 0.85:
        s.set(f"/vpn_networks/{n}/item", rng.choice([None, "type_a", "nope"]))
    elif roll < 0.90:
        s.set("/customer/name", rng.choice(["", "株式会社サンプル", f"{THAI}商事"]))
    elif roll < 0.95:
        s.undo()
    else:
        s.redo()


def test_the_findings_and_totals_after_each_edit_are_those_of_the_whole_order() -> None:
    book = sample_price_book()
    kinds: set[str] = set()
    for seed in range(4):
        rng = random.Random(seed)
        doc = example("mixed.iij-order.json") if seed % 2 else big_order(40)
        s = OrderSession(doc, price_book=book)
        for step in range(150):
            _edit(rng, s)
            expected = validate(s.doc, price_book=book)
            assert s.issues == expected, f"seed {seed}, step {step}"
            if step % 10 == 0:  # a field's, a site's, a network's findings are those at it or under it
                asked = {"", "/customer", "/vpn_networks/0/children/1/name"}
                for i in expected:
                    path = i.path
                    while path:
                        asked.add(path)
                        path = path.rsplit("/", 1)[0]
                for ptr in asked:
                    under = [i for i in expected if i.path == ptr or i.path.startswith(ptr + "/")]
                    assert s.issues_at(ptr) == under, ptr
            if step % 10 == 0:  # the status line's totals are the quote's
                quote, totals = price_order(s.doc, book), s.totals()
                assert [(g.subtotal, g.tax, g.total) for g in totals.groups.values()] == [
                    (g.subtotal, g.tax, g.total) for g in quote.groups.values()
                ]
                assert totals.commitment == quote.commitment
            kinds.update(i.rule for i in expected)
    # the walk did meet findings of sites, of networks and of printing, not only a clean order
    assert "document.unprintable" in kinds and "vpn.device.valid" in kinds and "vpn.lan.overlap" in kinds


def test_an_edit_of_one_site_checks_that_site_only() -> None:
    """The reuse is real: after an edit of one site, the other sites' findings are the ones kept."""
    doc = big_order(50)
    live = LiveChecks()
    live.validate(doc, None)
    before = dict(live._rules.after)
    doc["vpn_networks"][0]["children"][7]["name"] = f"拠点{THAI}"
    issues = live.validate(doc, None, ["/vpn_networks/0/children/7/name"])
    assert [i.path for i in issues if i.rule == "document.unprintable"] == ["/vpn_networks/0/children/7/name"]
    after = live._rules.after
    assert after["/vpn_networks/0/children/8"] is before["/vpn_networks/0/children/8"]
    assert after["/vpn_networks/0/children/7"] is not before["/vpn_networks/0/children/7"]


def test_the_contract_screen_judges_the_proposed_order_as_validate_does() -> None:
    from configurator.lifecycle import analyse_change, mark_contracted

    doc = mark_contracted(big_order(30), "2025-04-01", "株式会社サンプル")
    s = ContractSession(doc, price_book=sample_price_book())
    rng = random.Random(7)
    sites = [p for p, _site in s.sites()]
    for _ in range(60):
        ptr = rng.choice(sites)
        value: Any
        field, value = rng.choice(
            [
                ("/device", rng.choice(["c1121_8p", "isr4351", "asr1001x"])),
                ("/lan", rng.choice([["10.9.9.0/24"], ["8.8.8.0/24"], []])),
                ("/name", rng.choice(["拠点", f"拠点{THAI}"])),
                ("/options/vpn_module", rng.random() < 0.5),
            ]
        )
        s.set(ptr + field, value)
        assert s.change_result is not None
        whole = analyse_change(s.change_document(), s.price_book, schema=False)
        assert s.change_result.issues == whole.issues
        assert s.change_result.to_json() == whole.to_json()


def test_a_whole_check_looks_at_the_fonts_once_and_finds_what_validate_finds(monkeypatch: Any) -> None:
    """A first check (a new order, the contract screen opening) looks the fonts up once, not once a site,
    and looks at the sites together first; an unprintable character among them is still named at its
    field, as validate names it."""
    from configurator.documents import fonts

    calls = []
    real = fonts.printable_codes
    monkeypatch.setattr(fonts, "printable_codes", lambda *a: calls.append(a) or real(*a))
    clean = big_order(60)
    issues = LiveChecks().validate(clean, None)
    assert len(calls) == 1
    assert issues == validate(clean)
    dirty = big_order(60)
    dirty["vpn_networks"][0]["children"][3]["name"] = f"拠点{THAI}"
    dirty["vpn_networks"][0]["children"][41]["address"] = f"{THAI}市"
    issues = LiveChecks().validate(dirty, None)
    assert issues == validate(dirty)
    assert [i.path for i in issues if i.rule == "document.unprintable"] == [
        "/vpn_networks/0/children/3/name",
        "/vpn_networks/0/children/41/address",
    ]


def test_the_sites_an_edit_changed() -> None:
    """OrderSession.changed_sites, what the wizard's tables work out again after an edit: the site
    written in, and those whose findings came or went; None when it cannot tell."""
    s = OrderSession(big_order(20))
    v = s.version
    s.set("/customer/name", "株式会社サンプル商事")
    assert s.changed_sites(v) == set()  # beside the sites
    v = s.version
    s.set("/vpn_networks/0/children/4/options/cold_standby", True)
    assert s.changed_sites(v) == {"/vpn_networks/0/children/4"}
    v = s.version
    s.set("/vpn_networks/0/children/12/lan", s.get("/vpn_networks/0/children/3/lan"))  # found at site 3
    assert [i.path for i in s.issues] == ["/vpn_networks/0/children/3/lan/0"]
    assert s.changed_sites(v) == {"/vpn_networks/0/children/12", "/vpn_networks/0/children/3"}
    assert s.changed_sites(v - 1) is None  # two judgements since
    v = s.version
    s.set("/vpn_networks/0/item", "single_star_single_edge")
    assert s.changed_sites(v) is None  # above the sites
    v = s.version
    s.apply(*edits.remove_sites(["/vpn_networks/0/children/3"]))
    assert s.changed_sites(v) is None  # the sites after it moved
