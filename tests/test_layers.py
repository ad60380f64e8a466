"""The compiled layer depends only downward: no compiled module imports the
data model or the file and text modules above it, at import time or lazily."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

COMPILED = ["_bits", "_codec", "_convert", "_decode", "_element", "_json", "_reader", "_rle", "_writer"]
ABOVE = ["dataelem", "dataset", "sequence", "values", "filereader", "filewriter", "jsonrep", "xmlrep"]
SOURCES = Path(__file__).resolve().parents[1] / "dcmcore"


@pytest.mark.parametrize("name", COMPILED)
def test_importing_a_compiled_module_imports_nothing_above_it(name, tmp_path):
    code = (
        "import sys\n"
        f"import dcmcore.{name}\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[-1] in {ABOVE!r}))\n"
    )
    # run away from the checkout, whose dcmcore folder holds no built modules
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", COMPILED)
def test_no_compiled_source_imports_a_module_above_it(name):
    source = SOURCES / f"{name}.pyx"
    if not source.exists():
        pytest.skip("the sources are not next to the tests")
    text = source.read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|c?import)\s+([\w.]+)(?:\s+c?import\s+([\w, ()\n]+?))?$", text, re.M)
    named = set()
    for module, names in imports:
        named.add(module.split(".")[-1])
        if module == "dcmcore":
            named.update(part.strip(" ()") .split(" as ")[0] for part in names.split(","))
    assert not named & set(ABOVE), sorted(named & set(ABOVE))
    # and nothing of dcmcore is imported inside a function
    lazy = re.findall(r"^[ \t]+(?:from|import)\s+dcmcore\b.*$", text, re.M)
    assert lazy == []
