"""What an undoable edit did, as data: the 編集 menu's 元に戻す・やり直し and the status line say it
("元に戻す: 拠点名の変更"), worded in the UI's language by the UI (ui.common.step_text). The core only
says which action, on how many rows, and which field: no text here is shown as it is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from configurator.order.places import field_names

#: the actions a step can be (each is worded in the UI: ui.common.step_text)
KINDS = (
    "change",  # `field` changed (in `n` rows when more than one)
    "services",  # services chosen or dropped
    "add_network",
    "remove_network",
    "add_site",  # one blank child site
    "add_sites",  # `n` sites read from a sheet
    "paste_sites",  # `n` sites pasted
    "duplicate_sites",
    "remove_sites",
    "add_unit",  # an authentication unit
    "remove_unit",  # an authentication unit with its clients, proxies and VPDNs
    "add_contract",  # a `field` contract (client, proxy, VPDN) in an auth unit
    "duplicate_contracts",
    "remove_contracts",
    "repair",  # a rule's repair: `detail` as the rule words it
    "edit",  # none of these (operations applied without a step given)
)


@dataclass(frozen=True)
class Step:
    """One undoable edit, told: `kind` (KINDS), `n` the rows or sites it took, `field` the field or the kind
    of contract by its label (ja, en), `detail` a rule's repair in its own words (ja, en)."""

    kind: str
    n: int = 1
    field: tuple[str, str] = ("", "")
    detail: tuple[str, str] = ("", "")


def change(ptrs: Sequence[str]) -> Step:
    """One field, or the same field in several rows, changed (the field named after the first pointer)."""
    return Step("change", max(1, len(ptrs)), field_names(ptrs[0]) if ptrs else ("", ""))


def of_ops(ops: Sequence[dict[str, Any]]) -> Step:
    """The step of operations applied without one: a field when they all replace the same field, else an
    edit."""
    fields = {re.sub(r"/\d+(?=/|$)", "/#", str(op.get("path", ""))) for op in ops}  # rows aside
    if ops and len(fields) == 1 and all(op.get("op") == "replace" for op in ops):
        return change([str(op["path"]) for op in ops])
    return Step("edit", max(1, len(ops)))
