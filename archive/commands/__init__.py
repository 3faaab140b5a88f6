"""Subcommands of ``archive`` that live in modules of their own.

Each module here has ``add_parser(subparsers, common)``, which adds its subcommand and sets either
``handler`` (called with an open session on an up-to-date archive and the arguments) or
``run_alone`` (called with the arguments and the archive's URL, for a command that opens the
archive itself). :func:`modules` finds them, so a new command is a new file here.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

__all__ = ["modules"]


def modules() -> list[ModuleType]:
    """This package's command modules, by name."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.ispkg)
    return [importlib.import_module(f"{__name__}.{name}") for name in names]
