"""Orders on a contract already running: change and cancellation orders, and the contracts an order
holds.

- common: the two formats, the envelope around the contracted order, sites by id
- rules: the change rules (vpn.change.*), in the one rule registry of configurator.tariff.checks
- change: a change order judged and costed (analyse_change), in words (change_texts)
- cancel: a cancellation order judged and costed (analyse_cancel), in words (cancel_texts)
- contracts: the contracts of an order as the screens offer them, an order marked as contracted
"""

from configurator.lifecycle.cancel import Cancelled, CancelResult, analyse_cancel, cancel_texts
from configurator.lifecycle.change import (
    FIELD_LABELS,
    ChangeResult,
    DeviceChange,
    OptionChange,
    SettingsChange,
    analyse_change,
    change_texts,
    option_change_texts,
)
from configurator.lifecycle.common import CANCEL_FORMAT, CHANGE_FORMAT
from configurator.lifecycle.contracts import (
    ContractRow,
    applicant_of,
    contracts_of,
    device_change_choices,
    mark_contracted,
    site_addition_note,
)
from configurator.lifecycle.rules import CHANGE_RULES, rule_ids

__all__ = [
    "CANCEL_FORMAT",
    "CHANGE_FORMAT",
    "CHANGE_RULES",
    "FIELD_LABELS",
    "CancelResult",
    "Cancelled",
    "ChangeResult",
    "ContractRow",
    "DeviceChange",
    "OptionChange",
    "SettingsChange",
    "analyse_cancel",
    "analyse_change",
    "applicant_of",
    "cancel_texts",
    "change_texts",
    "contracts_of",
    "device_change_choices",
    "mark_contracted",
    "option_change_texts",
    "rule_ids",
    "site_addition_note",
]
