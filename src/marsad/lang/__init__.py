"""Language data (TOML files beside this module), loaded once and cached."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The parsed ``marsad/lang/<name>.toml``."""
    with resources.files(__name__).joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)
