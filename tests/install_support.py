"""Building the wheel and a virtual environment holding only it, shared by
the install tests (tests/test_install.py, tests/test_install_host_site.py):
the fixtures in tests/conftest.py build each once per test run."""

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "wagtail_tuidang"


def run(*args, cwd, env=None):
    """Run a command; fail the test with its output if it fails."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode:
        command = " ".join(map(str, args))
        pytest.fail(
            f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}",
            pytrace=False,
        )
    return result.stdout


def call(site, *args):
    """Run ``args`` in an installed site with its venv's Python, whatever the
    outcome: the return code and the output (stdout, then stderr)."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(site["python"]), *map(str, args)],
        cwd=site["dir"],
        env=site["env"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def clean_environment(bin_dir):
    """This process's environment without anything that points at the repo."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "PYTHON", "VIRTUAL_ENV"))
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def source_files():
    return {
        path.relative_to(REPO).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not path.name.startswith(".")
        and not path.name.endswith(("~", ".pyc"))
    }


def build_dist(out):
    """The sdist and the wheel built from it, as ``make wheel`` builds them
    (``python -m build``), with what the wheel holds."""
    expected = source_files()
    run(sys.executable, "-m", "build", "--outdir", out, REPO, cwd=REPO)
    (wheel,) = Path(out).glob("*.whl")
    (sdist,) = Path(out).glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(
            archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA")
        )
    return {
        "wheel": wheel,
        "sdist": sdist,
        "names": names,
        "metadata": metadata,
        "expected": expected,
    }


def wheel_environment(root, wheel):
    """A new virtual environment in ``root`` with the wheel installed (its
    dependencies from the package index, through pip's cache)."""
    env_dir = Path(root) / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    env = clean_environment(bin_dir)
    python = bin_dir / "python"
    run(python, "-m", "pip", "install", "--quiet", wheel, cwd=root, env=env)
    return {"python": python, "bin": bin_dir, "env": env}
