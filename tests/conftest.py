"""Shared fixtures: the bundled catalog (loaded once) and the manifest."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest


@pytest.fixture(scope="session")
def catalog():
    import confexplore as cx

    return cx.load_catalog()


@pytest.fixture(scope="session")
def papers(catalog):
    return catalog.papers


def manifest_entries() -> list[dict]:
    text = resources.files("confexplore").joinpath("data", "manifest.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["source"]
