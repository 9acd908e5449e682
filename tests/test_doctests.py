"""The examples in the public docstrings run (numpydoc 'Examples' sections)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import confexplore

MODULES = sorted(
    ["confexplore"]
    + [m.name for m in pkgutil.walk_packages(confexplore.__path__, "confexplore.") if not m.name.endswith("__main__")]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_every_public_function_has_an_example():
    import inspect

    missing = []
    for owner in (confexplore, confexplore.charts, confexplore.export, confexplore.widgets):
        for name in owner.__all__:
            obj = getattr(owner, name)
            if inspect.isfunction(obj) and "Examples" not in (obj.__doc__ or ""):
                missing.append(f"{owner.__name__}.{name}")
    assert not missing, missing
