"""Fixtures shared by the loader tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def synthetic() -> ModuleType:
    """The export generator next to this file, whatever the package layout of tests/."""
    if "synthetic_exports" in sys.modules:
        return sys.modules["synthetic_exports"]
    spec = importlib.util.spec_from_file_location(
        "synthetic_exports", Path(__file__).with_name("synthetic_exports.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["synthetic_exports"] = module
    spec.loader.exec_module(module)
    return module
