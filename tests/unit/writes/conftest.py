"""Write tests start from fresh limiters and no Billbee variables from the developer's shell."""

from __future__ import annotations

from tests.unit.core.conftest import _fresh_limiters, _no_billbee_env

__all__ = ["_fresh_limiters", "_no_billbee_env"]
