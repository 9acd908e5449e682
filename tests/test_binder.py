"""binder/ builds what Binder launches: checked statically, through repo2docker's Dockerfile,
and by rebuilding the environment from the binder/ files alone and running the notebooks there."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
NOTEBOOKS = ROOT / "notebooks"
# A sanitizer file for nbval, if the notebooks keep one (first match wins).
SANITIZER_CANDIDATES = ["notebooks/nbval_sanitize.cfg", "notebooks/sanitize.cfg", "tests/nbval_sanitize.cfg"]
# Left out when the tree is copied, as a fresh clone would not have them.
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
    ".hypothesis", ".ipynb_checkpoints", "node_modules",
)


def _pins() -> dict[str, tuple[str, Version]]:
    pins: dict[str, tuple[str, Version]] = {}
    for raw in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s;]*)", line)
        assert match, f"binder/requirements.txt: {raw!r} is not an exact pin 'name==version'"
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"binder/requirements.txt pins {name} twice"
        pins[name] = (match.group(1), Version(match.group(2)))
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- static checks

def test_runtime_is_python_311_or_newer():
    text = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", text)
    assert match, f"binder/runtime.txt must read like 'python-3.11'; got {text!r}"
    assert (int(match.group(1)), int(match.group(2))) >= (3, 11), "pandas 3 needs Python 3.11 or newer"
    # binder/environment.yml would override requirements.txt and runtime.txt
    assert not (BINDER / "environment.yml").exists()


def test_requirements_pin_every_dependency_within_its_range():
    pins = _pins()
    project = _pyproject()["project"]
    wanted = list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("lab", []))
    wanted += ["nbval", "pytest", "ipykernel"]  # the notebooks are checked with nbval in the image
    for spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"binder/requirements.txt does not pin {req.name} (needed by {spec!r})"
        assert req.specifier.contains(pins[name][1], prereleases=True), (
            f"binder/requirements.txt pins {pins[name][0]}=={pins[name][1]}, outside pyproject's {spec!r}"
        )


def test_postbuild_installs_the_package_and_fails_loudly():
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable (chmod +x)"
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text
    assert re.search(r"pip install --no-deps \.$", text, flags=re.M)
    assert "checkForUpdates" in text and "fetchNews" in text


# ----------------------------------------------------------------------------- repo2docker

def test_repo2docker_dockerfile_installs_binder_files(tmp_path):
    """`jupyter-repo2docker --no-build --debug` prints the Dockerfile; no Docker daemon needed."""
    # find_spec, not import: importing repo2docker in-process raises a third-party
    # DeprecationWarning (pythonjsonlogger), an error under filterwarnings=error
    if importlib.util.find_spec("repo2docker") is None:
        message = "jupyter-repo2docker is not installed (it comes with the 'test' extra)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    proc = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(repo)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    dockerfile = proc.stdout
    assert "FROM " in dockerfile, f"no Dockerfile printed:\n{proc.stderr[-2000:]}"
    # Python 3.11 from runtime.txt (repo2docker's default would be 3.10); build-script
    # file names are escaped ("-2e" for ".")
    unescaped = re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), dockerfile)
    assert re.search(r"environment\.py-3\.11-linux-64\.lock", unescaped)
    assert "python=3.11" in proc.stderr
    copy_req = dockerfile.index("src/binder/requirements.txt ${REPO_DIR}/binder/requirements.txt")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    post = dockerfile.index("RUN ./binder/postBuild")
    assert copy_req < install < post
    assert "binder/environment.yml" not in dockerfile


# ----------------------------------------------------------------------------- rebuild from binder/ alone

def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}\n--- stdout\n{proc.stdout[-4000:]}\n"
            f"--- stderr\n{proc.stderr[-4000:]}"
        )
    return proc


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A fresh venv made the way Binder makes its image: requirements.txt, then postBuild."""
    base = tmp_path_factory.mktemp("binder")
    repo = base / "repo"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    venv = base / "venv"
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "PIP_"))}
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
        VIRTUAL_ENV=str(venv),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    _run([sys.executable, "-m", "venv", str(venv)], cwd=base, env=env, timeout=300)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
         cwd=repo, env=env, timeout=1800)
    _run(["./binder/postBuild"], cwd=repo, env=env, timeout=600)
    return {"repo": repo, "venv": venv, "python": venv / "bin" / "python", "env": env}


@pytest.mark.slow
def test_binder_env_has_the_package_and_lab_settings(binder_env):
    python, env = binder_env["python"], binder_env["env"]
    code = (
        "import json, sys, confexplore as cx, pandas, jupyterlab\n"
        "cat = cx.load_catalog()\n"
        "print(json.dumps({'file': cx.__file__, 'papers': len(cat.papers), 'prefix': sys.prefix,"
        " 'pandas': pandas.__version__, 'jupyterlab': jupyterlab.__version__}))"
    )
    out = json.loads(_run([str(python), "-c", code], cwd=binder_env["venv"], env=env, timeout=300).stdout)
    # the installed package (with its bundled data), not the source tree
    assert Path(out["file"]).is_relative_to(binder_env["venv"])
    assert out["papers"] > 0
    pins = _pins()
    assert Version(out["pandas"]) == pins["pandas"][1]
    assert Version(out["jupyterlab"]) == pins["jupyterlab"][1]
    overrides = json.loads((Path(out["prefix"]) / "share/jupyter/lab/settings/overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"checkForUpdates": False, "fetchNews": "false"}
    check = _run([str(python), "-m", "pip", "check"], cwd=binder_env["venv"], env=env, timeout=120)
    assert "No broken requirements" in check.stdout


@pytest.mark.slow
def test_notebooks_pass_nbval_in_binder_env(binder_env):
    repo = binder_env["repo"]
    notebooks = sorted((repo / "notebooks").glob("*.ipynb")) if (repo / "notebooks").is_dir() else []
    if not notebooks:
        pytest.skip("notebooks/ has no notebooks yet")
    cmd = [str(binder_env["python"]), "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
           "notebooks/"]
    sanitizer = next((repo / c for c in SANITIZER_CANDIDATES if (repo / c).exists()), None)
    if sanitizer is not None:
        cmd[4:4] = ["--nbval-sanitize-with", str(sanitizer)]
    proc = subprocess.run(cmd, cwd=repo, env=binder_env["env"], capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, f"nbval failed in the Binder environment:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
    assert re.search(r"\b\d+ passed\b", proc.stdout)
