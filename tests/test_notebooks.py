"""The curated notebooks: public API only, clean outputs. (nbval checks the outputs themselves.)"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# this machine's own directories (the checkout, home, temp, the interpreter) and the usual
# places of anybody else's: none may show in a stored output
_MACHINE_DIRS = sorted(
    {str(d) for d in (ROOT, ROOT.parent, Path.home(), Path(tempfile.gettempdir()), Path(sys.prefix), Path(sys.base_prefix))
     if len(str(d)) > 4}
)
_OTHER_MACHINES = re.compile(r"(?:/home/|/Users/|/tmp/|/root/|[A-Z]:\\\\)")
EXPECTED = [
    "01-quickstart",
    "02-search-and-filter",
    "03-authors",
    "04-topics-and-trends",
    "05-plan-your-conference",
    "06-bring-your-own-catalog",
]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_the_curated_notebooks_are_all_there():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_use_only_the_public_api(path):
    import confexplore as cx

    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        assert "from confexplore." not in source and "import confexplore." not in source, source
        for module, name in re.findall(r"\bcx\.(?:(charts|export|widgets)\.)?(\w+)", source):
            owner = getattr(cx, module) if module else cx
            assert not name.startswith("_"), source
            assert name in owner.__all__, f"cx.{module + '.' if module else ''}{name} is not public"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_are_stored_and_clean(path):
    cells = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert all(c.get("execution_count") for c in cells), "every code cell was run before storing"
    text = json.dumps([c.get("outputs", []) for c in cells])
    for output in (o for c in cells for o in c.get("outputs", [])):
        assert output["output_type"] != "error"
        assert output.get("name") != "stderr", output
    for directory in _MACHINE_DIRS:
        assert directory + "/" not in text, f"absolute path {directory!r} in an output"
    assert not _OTHER_MACHINES.search(text), "absolute path in an output"
    assert "Warning" not in text
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert "widgets" not in meta, "strip the bundled widget JavaScript before storing"
    assert path.stat().st_size < 400_000
