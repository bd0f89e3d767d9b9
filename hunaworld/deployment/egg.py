"""Build the egg scrapyd runs, from ``pyproject.toml``, without writing into the project.

``scrapyd-deploy`` builds its egg by writing a ``setup.py`` into the project when there is none
and running it there, which leaves ``setup.py``, ``build/`` and ``*.egg-info`` behind. This builds
the same kind of egg (setuptools' ``bdist_egg``, the package and its ``scrapy`` entry point from
``pyproject.toml``) in a temporary copy of the project; deploy it with ``scrapyd-deploy --egg``:

    python -m hunaworld.deployment.egg /tmp/hunaworld.egg
    scrapyd-deploy --egg /tmp/hunaworld.egg          # the [deploy] target of scrapy.cfg

The egg holds the ``hunaworld`` package only: not the fixtures, and not the Python dependencies,
which must be installed where scrapyd runs (``pip install 'hunaworld[deploy]'`` or the same
requirements).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# What setuptools reads to build the egg: the metadata, the readme it names, the package.
PROJECT_FILES = ("pyproject.toml", "README.md")
PACKAGE = "hunaworld"


class EggError(RuntimeError):
    """The egg could not be built; the message says why."""


def project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding this project's pyproject.toml and package."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() and (folder / PACKAGE).is_dir():
            return folder
    raise EggError(f"no hunaworld project (pyproject.toml beside {PACKAGE}/) at or above {start}")


def build_egg(project: Path, out: Path) -> Path:
    """Build the egg of ``project`` into ``out`` and return it."""
    with tempfile.TemporaryDirectory(prefix="hunaworld-egg-") as tmp:
        copy, dist = Path(tmp) / "project", Path(tmp) / "dist"
        copy.mkdir()
        for name in PROJECT_FILES:
            shutil.copy2(project / name, copy / name)
        shutil.copytree(project / PACKAGE, copy / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        done = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "bdist_egg",
                               "--dist-dir", str(dist)], cwd=copy, capture_output=True, text=True)
        eggs = list(dist.glob("*.egg"))
        if done.returncode != 0 or len(eggs) != 1:
            raise EggError(f"bdist_egg failed (exit status {done.returncode}):\n{done.stderr.strip()}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(eggs[0], out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the egg file to write")
    parser.add_argument("--project", type=Path, help="the project folder (default: found from the current one)")
    args = parser.parse_args()
    try:
        egg = build_egg(args.project or project_root(Path.cwd()), args.out)
    except EggError as exc:
        sys.exit(f"hunaworld: {exc}")
    print(f"Wrote {egg}")


if __name__ == "__main__":
    main()
