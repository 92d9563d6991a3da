"""The build hook: the wheel carries resources/ and the compiled gettext catalogues inside the package.

`resources/` (catalogue, schemas, price book, examples, icon, desktop files) is copied to
configurator/resources/ and every i18n/<lang>/LC_MESSAGES/messages.po is compiled to
configurator/i18n/<lang>/LC_MESSAGES/messages.mo in the build folder, so a plain `pip install .`
(or a wheel from the sdist) has English. configurator/paths.py finds them with importlib.resources.
A checkout (editable install, tests) keeps reading the top-level resources/ and i18n/.
Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def compile_catalogues(src: Path, dest: Path) -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(src.glob("*/LC_MESSAGES/messages.po")):
        target = dest / po.relative_to(src).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(po, "rb") as fh:
            catalog = read_po(fh)
        with open(target, "wb") as out:
            write_mo(out, catalog)
        written.append(target)
    if not written:
        raise SystemExit(f"no catalogues (messages.po) under {src}")
    return written


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's resources/ and i18n/
            return
        package = Path(self.build_lib) / "configurator"
        target = package / "resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / "resources", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        compile_catalogues(ROOT / "i18n", package / "i18n")


setup(cmdclass={"build_py": BuildWithData})
