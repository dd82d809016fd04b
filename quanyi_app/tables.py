"""Every table: importing this module imports each package's ``models`` module, so every table is
on ``SQLModel.metadata`` (for Alembic, the models-vs-migrations test and tools).

Found by convention (``quanyi_app/<feature>/models.py``, ``quanyi_app/core/<part>/models.py``),
so a new feature's tables are picked up without another line anywhere.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import quanyi_app
import quanyi_app.core


def model_modules() -> list[str]:
    names: list[str] = []
    for base in (quanyi_app, quanyi_app.core):
        for info in pkgutil.iter_modules(base.__path__):
            if info.ispkg and importlib.util.find_spec(f"{base.__name__}.{info.name}.models") is not None:
                names.append(f"{base.__name__}.{info.name}.models")
    return sorted(names)


for _name in model_modules():
    importlib.import_module(_name)
