"""Package discovery that ``pyproject.toml`` cannot express alone.

Every ``naij_tracker`` sub-package is found automatically, and the top-level ``resources/`` and
``migrations/`` folders are installed inside the package (as ``naij_tracker.resources`` and
``naij_tracker.migrations``, see ``[tool.setuptools.package-dir]``), so a plain
``pip install .`` carries them in the wheel.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["naij_tracker", "naij_tracker.*"])
    + ["naij_tracker.resources", "naij_tracker.migrations", "naij_tracker.migrations.versions"],
)
