"""Write tests see no Billbee variables from the developer's shell (fresh limiters come from the
root conftest)."""

from __future__ import annotations

from tests.unit.core.conftest import _no_billbee_env

__all__ = ["_no_billbee_env"]
