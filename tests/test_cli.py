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
