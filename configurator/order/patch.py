"""Editing an order document by JSON pointer: read a value, apply add/replace/remove operations
(and get the operations that undo them)."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

Order = dict[str, Any]


@lru_cache(maxsize=1 << 16)
def _parts(ptr: str) -> tuple[str, ...]:
    """The reference tokens of a JSON pointer, cached: the wizard's tables read the same cells'
    pointers on every repaint."""
    if ptr == "":
        return ()
    if not ptr.startswith("/"):
        raise ValueError(f"not a JSON pointer: {ptr!r}")
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/"))


def split_pointer(ptr: str) -> list[str]:
    return list(_parts(ptr))


def get(doc: Any, ptr: str, default: Any = None) -> Any:
    node = doc
    for part in _parts(ptr):
        if isinstance(node, list):
            try:
                node = node[int(part)]
            except (ValueError, IndexError):
                return default
        elif isinstance(node, dict):
            if part not in node:
                return default
            node = node[part]
        else:
            return default
    return node


def apply_patch(doc: Order, ops: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> Order:
    """Apply JSON-patch style operations (add, replace, remove) to a copy of the document."""
    out = copy.deepcopy(doc)
    apply_in_place(out, ops)
    return out


def apply_in_place(
    doc: Order, ops: list[dict[str, Any]] | tuple[dict[str, Any], ...]
) -> list[dict[str, Any]]:
    """Apply add/replace/remove operations to `doc` itself and return the operations that undo them."""
    inverse: list[dict[str, Any]] = []
    for op in ops:
        parts = split_pointer(op["path"])
        if not parts:
            raise ValueError("cannot patch the document root")
        parent: Any = doc
        for part in parts[:-1]:
            if isinstance(parent, list):
                parent = parent[int(part)]
            else:
                if parent.get(part) is None:
                    parent[part] = {}
                parent = parent[part]
        last = parts[-1]
        kind = op["op"]
        if isinstance(parent, list):
            if kind == "remove":
                old = parent.pop(int(last))
                inverse.append({"op": "add", "path": op["path"], "value": old})
            elif kind == "add":
                index = len(parent) if last == "-" else int(last)
                parent.insert(index, copy.deepcopy(op["value"]))
                inverse.append({"op": "remove", "path": "/".join([*op["path"].split("/")[:-1], str(index)])})
            else:
                old = parent[int(last)]
                parent[int(last)] = copy.deepcopy(op["value"])
                inverse.append({"op": "replace", "path": op["path"], "value": old})
        elif kind == "remove":
            if last in parent:
                inverse.append({"op": "add", "path": op["path"], "value": parent.pop(last)})
        else:
            if last in parent:
                inverse.append({"op": "replace", "path": op["path"], "value": parent[last]})
            else:
                inverse.append({"op": "remove", "path": op["path"]})
            parent[last] = copy.deepcopy(op["value"])
    inverse.reverse()
    return inverse
