"""import-linter contract types of our own (used only by ``lint-imports``; see .importlinter).

``features_meet_through_public``: every direct child package of the root that is not named as
shared is a feature; a feature may import another feature only through its ``public`` module,
and a shared package (the core) imports no feature and none of the root's wiring modules
(``quanyi_app.py``, ``cli.py`` …). Features are found, not listed, so a new feature package is
held to the rule the day it is created without touching the configuration.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class FeaturesMeetThroughPublic(Contract):
    type_name = "features_meet_through_public"

    root = fields.StringField()
    shared = fields.ListField(subfield=fields.StringField())  # packages that are not features (core, tools)

    def _features(self, graph: ImportGraph) -> list[str]:
        root, shared = str(self.root), {f"{self.root}.{name}" for name in self.shared}  # type: ignore[attr-defined]
        return sorted(m for m in graph.find_children(root) if graph.find_children(m) and m not in shared)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        features = self._features(graph)
        violations: list[dict] = []
        for owner in features:
            public = f"{owner}.public"
            for module in {owner} | graph.find_descendants(owner):
                if module == public:
                    continue
                for importer in graph.find_modules_that_directly_import(module):
                    other = next((f for f in features if importer == f or importer.startswith(f + ".")), None)
                    if other is None or other == owner:
                        continue
                    lines = [d["line_number"] for d in graph.get_import_details(importer=importer, imported=module)]
                    violations.append({"importer": importer, "imported": module, "lines": lines})
        root = str(self.root)  # type: ignore[attr-defined]
        wiring = {m for m in graph.find_children(root) if not graph.find_children(m)}
        for package in (f"{root}.{name}" for name in self.shared):  # type: ignore[attr-defined]
            for importer in {package} | graph.find_descendants(package):
                for imported in graph.find_modules_directly_imported_by(importer):
                    if imported in wiring or any(imported == f or imported.startswith(f + ".") for f in features):
                        lines = [
                            d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)
                        ]
                        violations.append({"importer": importer, "imported": imported, "lines": lines})
        violations.sort(key=lambda v: (v["importer"], v["imported"]))
        return ContractCheck(kept=not violations, metadata={"violations": violations, "features": features})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for v in check.metadata["violations"]:
            lines = ", ".join(f"l.{n}" for n in v["lines"])
            output.print_error(f"{v['importer']} imports {v['imported']} ({lines})")
            output.new_line()
