"""Validate a CITATION.cff file against the Citation File Format 1.2.0 JSON schema.

The schema is read from inside a cffconvert wheel (downloaded by pip, see mk/lint.mk), so
no third-party file is committed here; cffconvert itself is not installed because it pins
an old jsonschema. Dates stay strings, as the schema expects (plain YAML would turn
``2026-11-22`` into a date object).

Usage: python tools/check_citation.py CITATION.cff CFFCONVERT_WHEEL
Exit status 0 when the file is valid; otherwise every problem is printed and the status is 1.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_IN_WHEEL = "cffconvert/schemas/1.2.0/schema.json"


class _StringDateLoader(yaml.SafeLoader):
    """A safe YAML loader that leaves timestamps as strings."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_schema(wheel: Path) -> dict[str, Any]:
    """The CFF 1.2.0 schema stored in the cffconvert wheel ``wheel``."""
    with zipfile.ZipFile(wheel) as zf:
        schema: dict[str, Any] = json.loads(zf.read(SCHEMA_IN_WHEEL))
    return schema


def problems(cff_text: str, schema: dict[str, Any]) -> list[str]:
    """Every schema violation of the CFF document ``cff_text`` (empty when valid)."""
    data = yaml.load(cff_text, Loader=_StringDateLoader)  # a SafeLoader subclass: safe
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(top level)'}: {err.message}"
        for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    cff, wheel = Path(argv[0]), Path(argv[1])
    found = problems(cff.read_text(encoding="utf-8"), load_schema(wheel))
    for line in found:
        print(f"{cff}: {line}")
    if found:
        return 1
    print(f"{cff}: valid CFF 1.2.0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
