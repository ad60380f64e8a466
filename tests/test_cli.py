"""Tests of the dcmcore command line."""

import pytest

from dcmcore.cli import main


class TestShow:
    def test_example(self, capsys):
        assert main(["show", "--example"]) == 0
        out = capsys.readouterr().out
        assert "(0010, 0010) Patient's Name" in out
        assert out.startswith("Dataset.file_meta")

    def test_file(self, capsys):
        from dcmcore import dcmread
        from dcmcore.data import get_testdata_file

        path = get_testdata_file("rtplan.dcm")
        assert main(["show", path]) == 0
        assert capsys.readouterr().out == str(dcmread(path)) + "\n"

    def test_bad_file(self, tmp_path, capsys):
        path = tmp_path / "bad.dcm"
        path.write_bytes(b"not dicom" * 30)
        assert main(["show", str(path)]) == 1
        assert "cannot read" in capsys.readouterr().err

    def test_usage(self):
        with pytest.raises(SystemExit):
            main(["show"])

    def test_file_spec(self, capsys):
        from dcmcore import dcmread
        from dcmcore.data import get_testdata_file

        assert main(["show", "dcmcore::rtplan.dcm::BeamSequence[0]"]) == 0
        plan = dcmread(get_testdata_file("rtplan.dcm"))
        assert capsys.readouterr().out == str(plan.BeamSequence[0]) + "\n"
        assert main(["show", "dcmcore::rtplan.dcm::RTPlanLabel"]) == 0
        assert capsys.readouterr().out == "Example plan\n"

    @pytest.mark.parametrize("spec", ["dcmcore::rtplan.dcm::NoSuchThing", "dcmcore::rtplan.dcm::1x"])
    def test_bad_element(self, spec, capsys):
        assert main(["show", spec]) == 1
        assert "dcmcore:" in capsys.readouterr().err


def _run(*args, cwd=None):
    """Run `python -m dcmcore args` away from the source tree (so that the
    installed package is the one run)."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as neutral:
        return subprocess.run(
            [sys.executable, "-m", "dcmcore", *args], capture_output=True, text=True, cwd=cwd or neutral
        )


class TestSubprocess:
    """Every command as a user runs it: output, exit status, no tracebacks."""

    @pytest.mark.parametrize("flags", [[], ["-q"], ["-t"], ["-x"]])
    @pytest.mark.parametrize("name", ["CT_small.dcm", "rtplan.dcm", "ECG_12lead.dcm"])
    def test_show_as_pydicom_show(self, name, flags):
        pytest.importorskip("pydicom")
        import subprocess
        import sys

        from dcmcore.data import get_testdata_file

        path = get_testdata_file(name)
        ours = _run("show", *flags, path)
        theirs = subprocess.run(
            [sys.executable, "-c", "import sys; from pydicom.cli.main import main; main(sys.argv[1:])",
             "show", *flags, path], capture_output=True, text=True,
        )
        assert ours.returncode == 0 and theirs.returncode == 0
        assert ours.stdout == theirs.stdout

    def test_show_element_as_pydicom_show(self):
        pytest.importorskip("pydicom")
        import subprocess
        import sys

        from dcmcore.data import get_testdata_file

        path = get_testdata_file("rtplan.dcm")
        ours = _run("show", f"{path}::BeamSequence[0].BeamLimitingDeviceSequence")
        theirs = subprocess.run(
            [sys.executable, "-c", "import sys; from pydicom.cli.main import main; main(sys.argv[1:])",
             "show", f"{path}::BeamSequence[0].BeamLimitingDeviceSequence"], capture_output=True, text=True,
        )
        assert ours.stdout == theirs.stdout and ours.returncode == 0

    def test_json_and_xml(self):
        import json

        from dcmcore import dcmread
        from dcmcore.data import get_testdata_file

        path = get_testdata_file("rtplan.dcm")
        ds = dcmread(path)
        out = _run("json", "--indent", "2", path)
        assert out.returncode == 0 and json.loads(out.stdout) == json.loads(ds.to_json())
        assert out.stdout.startswith('{\n  "')
        out = _run("xml", path)
        assert out.returncode == 0 and out.stdout == ds.to_xml() + "\n"

    def test_compress_decompress(self, tmp_path):
        import numpy as np

        from dcmcore import dcmread
        from dcmcore.data import get_testdata_file

        path = get_testdata_file("CT_small.dcm")
        rle, plain = tmp_path / "rle.dcm", tmp_path / "plain.dcm"
        assert _run("compress", path, str(rle), "--syntax", "rle").returncode == 0
        assert dcmread(rle).file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.5"
        assert _run("decompress", str(rle), str(plain)).returncode == 0
        decoded = dcmread(plain)
        assert decoded.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
        assert np.array_equal(decoded.pixel_array, dcmread(path).pixel_array)

    def test_index(self, tmp_path):
        pq = pytest.importorskip("pyarrow.parquet")
        import shutil

        from dcmcore.data import get_testdata_file

        folder = tmp_path / "files"
        folder.mkdir()
        for name in ("CT_small.dcm", "MR_small.dcm"):
            shutil.copy(get_testdata_file(name), folder / name)
        (folder / "junk.dcm").write_bytes(b"junk")
        out = tmp_path / "index.parquet"
        result = _run("index", str(folder), "-o", str(out), "--columns", "Modality", "00280010", "--workers", "1")
        assert result.returncode == 0, result.stderr
        assert "indexed 3 files (1 with errors)" in result.stderr
        table = pq.read_table(out)
        assert table.column("Modality").to_pylist() == ["CT", "MR", None]
        assert table.column("Rows").to_pylist() == [128, 64, None]

    def test_codify_and_version(self):
        from dcmcore import __version__

        out = _run("codify", "dcmcore::CT_small.dcm")
        assert out.returncode == 0 and "ds.PatientName = 'Example^Patient'" in out.stdout
        out = _run("--version")
        assert out.returncode == 0 and out.stdout.strip() == f"dcmcore {__version__}"

    @pytest.mark.parametrize("args", [
        ["show", "missing.dcm"], ["json", "missing.dcm"], ["xml", "/"], ["compress", "missing", "out"],
        ["decompress", "missing", "out"], ["show", "dcmcore::rtplan.dcm::NoSuch"],
    ])
    def test_bad_input_is_one_line(self, args, tmp_path):
        out = _run(*args, cwd=tmp_path)
        assert out.returncode == 1
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
        assert out.stderr.startswith("dcmcore: ")

    def test_compress_what_cannot_be(self, tmp_path):
        from dcmcore.data import get_testdata_file

        out = _run("compress", get_testdata_file("MR_multiframe_RLE.dcm"), str(tmp_path / "x.dcm"))
        assert out.returncode == 1 and "Traceback" not in out.stderr

    def test_head_exits_quietly(self, tmp_path):
        import subprocess
        import sys

        from dcmcore.data import get_testdata_file

        shell = subprocess.run(
            f"'{sys.executable}' -m dcmcore json --indent 1 '{get_testdata_file('rtplan.dcm')}' | head -n 2",
            shell=True, capture_output=True, text=True, cwd=tmp_path,
        )
        assert shell.stdout.count("\n") == 2 and shell.stderr == ""
