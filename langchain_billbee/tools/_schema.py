"""The tool schema a model is sent, without the optional-argument boilerplate.

Every optional argument appears in pydantic's JSON schema as ``"anyOf": [{...}, {"type":
"null"}], "default": null``: about 45 characters per argument, paid in every request that binds
the tools (a tool list is part of each model call). A model omits an argument it does not want;
it never needs to be told it may send ``null``, and validation still accepts ``null`` because
the Python types are unchanged. Only the JSON schema is compacted.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

__all__ = ["compact_model", "compact_properties"]


def compact_properties(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each optional property as its non-null form and no ``default: null``."""
    defs = schema.get("$defs")
    if isinstance(defs, dict):  # nested models (a batch's items) carry the same boilerplate
        schema = {**schema, "$defs": {name: compact_properties(d) for name, d in defs.items()}}
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return schema
    return {**schema, "properties": {name: _compact(p) for name, p in properties.items()}}


def _compact(prop: dict[str, Any]) -> dict[str, Any]:
    branches = prop.get("anyOf")
    if isinstance(branches, list):
        kept = [b for b in branches if b != {"type": "null"}]
        if len(kept) == 1 and len(kept) < len(branches):
            rest = {k: v for k, v in prop.items() if k != "anyOf"}
            prop = {**kept[0], **rest}
    if "default" in prop and prop["default"] is None:
        prop = {k: v for k, v in prop.items() if k != "default"}
    return prop


@functools.lru_cache(maxsize=512)
def compact_model(
    model: type[BaseModel], undescribed: frozenset[str] = frozenset()
) -> type[BaseModel]:
    """A subclass of ``model`` whose JSON schema is compacted; validation is ``model``'s own.

    ``undescribed`` names arguments whose description another tool already gives the model.
    """

    class Compact(model):  # type: ignore[misc,valid-type]
        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            schema = compact_properties(super().model_json_schema(*args, **kwargs))
            for name in undescribed:
                schema.get("properties", {}).get(name, {}).pop("description", None)
            return schema

    Compact.__name__ = Compact.__qualname__ = model.__name__
    Compact.__doc__ = model.__doc__
    return Compact
