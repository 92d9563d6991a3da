"""The 契約・変更・解約 screen, by its old name: it lives in ui/contract/."""

from ui.contract.change_table import BEFORE_ROLE, INTERNET_COL, KIND_ROLE
from ui.contract.view import LifecycleView

__all__ = ["BEFORE_ROLE", "INTERNET_COL", "KIND_ROLE", "LifecycleView"]
