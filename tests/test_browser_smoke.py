"""The browser harness itself: a tiny notebook runs in a real JupyterLab in headless Chromium."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest

from browser_util import jupyter_lab, notebook_errors, notebook_in_lab, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_notebook_runs_in_jupyterlab(tmp_path):
    nb = write_notebook(
        tmp_path / "smoke.ipynb",
        ["print(1 + 1)", "import confexplore, os\nprint('cwd-ok', os.path.basename(os.getcwd()))"],
    )
    with notebook_in_lab(nb) as page:
        outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
        assert [o.strip() for o in outputs] == ["2", f"cwd-ok {tmp_path.name}"]
        assert notebook_errors(page) == []
        prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        assert [re.sub(r"\s", "", p) for p in prompts] == ["[1]:", "[2]:"]
        # no news/update pop-up asking the user anything
        assert page.locator(".jp-toast-message, .Toastify__toast").count() == 0


def test_lab_server_is_local_token_protected_and_stops(tmp_path):
    with jupyter_lab(tmp_path) as lab:
        with urllib.request.urlopen(f"{lab.url}/api/status?token={lab.token}", timeout=5) as resp:
            assert resp.status == 200
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{lab.url}/api/contents", timeout=5)
        assert err.value.code == 403
        err.value.close()
        url = f"{lab.url}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={lab.token}"
        with urllib.request.urlopen(url, timeout=10) as resp:
            props = json.load(resp)["schema"]["properties"]
        assert props["fetchNews"]["default"] == "false"
        assert props["checkForUpdates"]["default"] is False
        process = lab.process
    assert process.poll() is not None
