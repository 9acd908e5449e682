"""Run notebooks in a real JupyterLab driven by headless Chromium (Playwright), from pytest.

Typical use in a test marked ``browser``::

    from browser_util import notebook_in_lab

    def test_explorer(tmp_path):
        with notebook_in_lab(nb_path) as page:   # server + browser, all cells run
            page.get_by_text("992 of 992 papers").wait_for()

or the pieces separately (one server, several notebooks)::

    with jupyter_lab(root_dir) as lab, chromium() as browser:
        page = open_notebook(browser, lab, "01-quickstart.ipynb")

What the helpers guarantee
--------------------------
* The server listens on 127.0.0.1 on a free port with a random token and
  ``--ServerApp.port_retries=0`` (a stale server cannot silently push it to
  another port); it serves only ``root_dir``.
* It runs isolated from the user's Jupyter setup: config, data, runtime,
  IPython, lab user-settings and workspace directories are temporary. The
  news/update check and autosave are turned off through
  ``<JUPYTER_CONFIG_DIR>/labconfig/default_setting_overrides.json`` (read by
  jupyterlab_server), so nothing is written into the environment.
* Chromium is Debian's ``/usr/bin/chromium`` (or ``$CONFEXPLORE_CHROMIUM``);
  Playwright cannot download browsers here. When it is missing the test is
  skipped, except under CI (``CI=true``) or ``CONFEXPLORE_REQUIRE_BROWSER=1``,
  where it fails: ``.ci/run`` installs it so the browser tests always run.
* The server (with its kernels: it runs in its own process group) and the
  browser are always stopped, also when the test fails; the server log is
  attached to errors.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "CHROMIUM_ARGS",
    "LAB_SETTING_OVERRIDES",
    "LabServer",
    "chromium",
    "chromium_path",
    "jupyter_lab",
    "notebook_errors",
    "notebook_in_lab",
    "open_notebook",
    "run_all_cells",
    "wait_for_kernel_idle",
    "write_notebook",
]

#: Flags for Chromium in a container (Playwright adds --no-sandbox/--headless itself).
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

#: JupyterLab settings for tests: no news or update pop-up (they need the internet), and
#: no autosave, so a test never writes outputs back into a notebook it opened.
LAB_SETTING_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}



def _must_run_browser_tests() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"} or os.environ.get(
        "CONFEXPLORE_REQUIRE_BROWSER", ""
    ) not in {"", "0"}


def chromium_path() -> str:
    """Path of the Chromium binary; skip the test (fail under CI) when there is none."""
    path = os.environ.get("CONFEXPLORE_CHROMIUM", "/usr/bin/chromium")
    if os.path.exists(path):
        return path
    message = (
        f"Chromium not found at {path}: install it (Debian/Ubuntu: apt-get install -y chromium) "
        "or set CONFEXPLORE_CHROMIUM to a Chromium binary"
    )
    if _must_run_browser_tests():
        pytest.fail(message + " (browser tests are required under CI)", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab server (see :func:`jupyter_lab`)."""

    root_dir: Path
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, notebook: str) -> str:
        """URL opening *notebook* (relative to root_dir) with a fresh workspace."""
        return f"{self.url}/lab/tree/{notebook}?token={self.token}&reset"

    def log(self, last: int = 60) -> str:
        """The last lines of the server's output (for error messages)."""
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-last:])


def _isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
        "IPYTHONDIR": home / "ipython",
    }
    for key, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[key] = str(path)
    labconfig = dirs["JUPYTER_CONFIG_DIR"] / "labconfig"
    labconfig.mkdir()
    (labconfig / "default_setting_overrides.json").write_text(json.dumps(LAB_SETTING_OVERRIDES), encoding="utf-8")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("JUPYTER_PATH", None)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def _stop(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stop the server and everything in its process group (kernels included)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)  # the server shuts its kernels down
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # anything left in the group
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


@contextlib.contextmanager
def jupyter_lab(root_dir: str | os.PathLike[str], *, timeout: float = 90.0, attempts: int = 3) -> Iterator[LabServer]:
    """Start ``jupyter lab`` serving *root_dir* on 127.0.0.1; stop it on exit.

    Uses the JupyterLab of the running Python (``sys.executable -m jupyterlab``),
    so the kernel sees the same installed confexplore as the tests.
    """
    root = Path(root_dir).resolve()
    home = Path(tempfile.mkdtemp(prefix="cx-lab-"))
    env = _isolated_env(home)
    token = secrets.token_hex(16)
    server = None
    try:
        for attempt in range(attempts):
            port = _free_port()
            log_path = home / f"server-{attempt}.log"
            cmd = [
                sys.executable, "-m", "jupyterlab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                "--ServerApp.allow_root=True",
                f"--ServerApp.root_dir={root}",
                "--ServerApp.open_browser=False",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ]
            with open(log_path, "wb") as log:
                process = subprocess.Popen(
                    cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, start_new_session=True,
                )
            candidate = LabServer(root, port, token, process, log_path)
            if _wait_ready(candidate, timeout):
                server = candidate
                break
            _stop(process)
            if "address already in use" not in candidate.log().lower():
                raise RuntimeError(f"JupyterLab did not start within {timeout:.0f} s:\n{candidate.log()}")
        if server is None:
            raise RuntimeError(f"JupyterLab could not get a free port in {attempts} attempts")
        yield server
    finally:
        if server is not None:
            _stop(server.process)
        shutil.rmtree(home, ignore_errors=True)


def _wait_ready(server: LabServer, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    url = f"{server.url}/api/status?token={server.token}"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    return False


@contextlib.contextmanager
def chromium(*, headless: bool = True) -> Iterator[Any]:
    """Launch Debian's Chromium through Playwright; yield the ``Browser``; always close it."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=headless, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_kernel_idle(page: Any, *, timeout: float = 90.0) -> None:
    """Wait until the notebook's kernel is started and idle.

    Both the execution indicator and the status bar must say so: the
    indicator alone can read "idle" before the notebook has loaded.
    """
    page.wait_for_function(
        """() => {
            const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
            const bar = [...document.querySelectorAll('.jp-StatusBar-TextItem')].map(e => e.textContent);
            return ind && ind.getAttribute('data-status') === 'idle' && bar.some(t => / \\| Idle$/.test(t));
        }""",
        timeout=timeout * 1000,
    )


def _accept_kernel_dialog(page: Any) -> None:
    """If JupyterLab asks which kernel to use, take the preselected one."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "kernel" in dialog.inner_text().lower():
        page.locator(".jp-Dialog .jp-mod-accept").click()


def _code_cells_with_source(path: Path) -> list[bool]:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return [bool(c.source.strip()) for c in nb.cells if c.cell_type == "code"]


def run_all_cells(page: Any, *, expect: list[bool] | None = None, timeout: float = 120.0) -> None:
    """Run every cell through the menu *Run > Run All Cells* and wait until all have run.

    Done means: no cell shows ``[*]``, every code cell with source (*expect*:
    one bool per code cell, from the notebook file; default: judged from the
    page) shows an execution count, and the kernel is idle.
    """
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(
        """(expect) => {
            const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
            if (expect && cells.length !== expect.length) return false;
            return cells.every((cell, i) => {
                const prompt = cell.querySelector('.jp-InputArea-prompt');
                const text = prompt ? prompt.textContent : '';
                if (text.includes('*')) return false;
                let hasSource = expect ? expect[i] : null;
                if (hasSource === null) {
                    const src = cell.querySelector('.cm-content');
                    hasSource = !!src && src.textContent.trim() !== '';
                }
                return !hasSource || /\\[\\d+\\]/.test(text);
            });
        }""",
        arg=expect,
        timeout=timeout * 1000,
    )
    wait_for_kernel_idle(page, timeout=timeout)


def notebook_errors(page: Any) -> list[str]:
    """Texts of the error outputs (tracebacks) shown in the notebook."""
    return page.locator("[data-mime-type='application/vnd.jupyter.error']").all_inner_texts()


def open_notebook(
    browser: Any,
    server: LabServer,
    notebook: str,
    *,
    run_all: bool = True,
    raise_on_error: bool = True,
    timeout: float = 120.0,
    viewport: tuple[int, int] = (1280, 900),
) -> Any:
    """Open *notebook* (path relative to the server's root) in a new page; optionally run all cells.

    Returns the Playwright ``Page``; it is closed with its browser.
    """
    import nbformat

    n_cells = len(nbformat.read(server.root_dir / notebook, as_version=4).cells)
    expect = _code_cells_with_source(server.root_dir / notebook)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    page.goto(server.notebook_url(notebook))
    # the notebook is loaded when all its cells are on the page
    page.wait_for_function(
        "(n) => document.querySelectorAll('.jp-Notebook .jp-Cell').length === n",
        arg=n_cells,
        timeout=timeout * 1000,
    )
    # the kernel dialog, if any, shows up before the kernel starts
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _accept_kernel_dialog(page)
        if page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r" \| Idle$")).count():
            break
        page.wait_for_timeout(250)
    wait_for_kernel_idle(page, timeout=max(1.0, deadline - time.monotonic()))
    if run_all:
        run_all_cells(page, expect=expect, timeout=timeout)
        if raise_on_error and (errors := notebook_errors(page)):
            raise AssertionError(f"{notebook} raised while running all cells:\n" + "\n---\n".join(errors))
    return page


def write_notebook(path: str | os.PathLike[str], cells: list[str]) -> Path:
    """Write a Python notebook with one code cell per string (no outputs); return its path."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    path = Path(path)
    nbformat.write(nb, path)
    return path


@contextlib.contextmanager
def notebook_in_lab(
    notebook_path: str | os.PathLike[str],
    *,
    root_dir: str | os.PathLike[str] | None = None,
    run_all: bool = True,
    raise_on_error: bool = True,
    timeout: float = 120.0,
    viewport: tuple[int, int] = (1280, 900),
) -> Iterator[Any]:
    """Serve, open and (by default) run one notebook; yield the page; clean everything up.

    *root_dir* defaults to the notebook's folder (also the kernel's working directory).
    On failure the server log is added to the error.
    """
    chromium_path()  # skip/fail early, before starting a server
    nb = Path(notebook_path).resolve()
    root = Path(root_dir).resolve() if root_dir is not None else nb.parent
    relative = nb.relative_to(root).as_posix()
    with jupyter_lab(root) as lab, chromium() as browser:
        try:
            page = open_notebook(
                browser, lab, relative, run_all=run_all, raise_on_error=raise_on_error,
                timeout=timeout, viewport=viewport,
            )
        except Exception as exc:
            raise AssertionError(f"{exc}\n\nJupyterLab server log (last lines):\n{lab.log()}") from exc
        yield page
