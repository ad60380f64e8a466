"""The package namespace: lazy public names and submodules, as pydicom's."""

import subprocess
import sys

import pytest

import dcmcore


class TestNamespace:
    @pytest.mark.parametrize(
        "name", ["DataElement", "Dataset", "FileDataset", "Sequence", "dcmread", "dcmwrite"]
    )
    def test_public_names_resolve(self, name):
        module = {"DataElement": "dataelem", "Sequence": "sequence", "dcmread": "filereader",
                  "dcmwrite": "filewriter"}.get(name, "dataset")
        assert getattr(dcmcore, name) is getattr(getattr(dcmcore, module), name)

    @pytest.mark.parametrize(
        "name",
        ["config", "uid", "tag", "datadict", "valuerep", "errors", "dicomdir", "util",
         "pixel_data_handlers", "overlays", "waveforms", "encoders", "_dicom_dict"],
    )
    def test_submodules_are_attributes(self, name):
        assert getattr(dcmcore, name).__name__ == f"dcmcore.{name}"

    def test_unknown_name(self):
        with pytest.raises(AttributeError, match="no_such_name"):
            dcmcore.no_such_name

    def test_version(self):
        assert dcmcore.__version_info__ == tuple(dcmcore.__version__.split("."))

    def test_same_public_names_as_pydicom(self):
        pydicom = pytest.importorskip("pydicom")
        ours = set(dir(dcmcore))
        for name in ("DataElement", "Dataset", "FileDataset", "Sequence", "dcmread",
                     "dcmwrite", "config", "datadict", "uid", "tag", "valuerep"):
            assert name in dir(pydicom) and name in ours

    def test_import_is_cheap(self, tmp_path):
        # `import dcmcore` loads neither numpy nor the data model; run away
        # from the source tree so that the installed package is imported
        code = "import sys, dcmcore; print('numpy' in sys.modules, 'dcmcore.dataset' in sys.modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
        )
        assert out.stdout.split() == ["False", "False"]


def test_lazy_names_are_typed(tmp_path):
    """mypy sees the lazily loaded names' types, and ds[tag] as a DataElement."""
    pytest.importorskip("mypy")
    import os
    from pathlib import Path

    example = tmp_path / "example.py"
    example.write_text(
        "from dcmcore import Dataset, dcmread\n"
        "from dcmcore.dataelem import DataElement\n"
        "def name(path: str) -> str:\n"
        "    ds = dcmread(path)\n"
        "    elem: DataElement = ds[0x00100010]\n"
        "    part: Dataset = ds[0x00100000:0x00110000]\n"
        "    return str(elem.value) + str(len(part))\n"
        "wrong: int = dcmread\n"
    )
    env = dict(os.environ)
    root = Path(dcmcore.__file__).parent.parent
    if "site-packages" not in root.parts:  # an editable install: point mypy at the sources
        env["MYPYPATH"] = str(root)
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-incremental", str(example)],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "example.py:8:" in errors[0], out.stdout
