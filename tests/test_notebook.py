"""dcmcore.notebook: the HTML view of a dataset and plot()."""

import pytest

import dcmcore
from dcmcore.data import get_testdata_file
from dcmcore.dataset import Dataset
from dcmcore.notebook import dataset_html


class TestHtml:
    def test_file_dataset_with_meta_and_sequences(self):
        ds = dcmcore.dcmread(get_testdata_file("rtplan.dcm"))
        text = ds._repr_html_()
        assert text.index("File meta information") < text.index("(0008, 0005)")
        assert "(0002, 0010)" in text and "Transfer Syntax UID" in text
        assert "<summary>Beam Sequence (SQ, 2 items)</summary>" in text
        assert text.count("<summary>Item 1</summary>") >= 3
        assert "Example^Patient" in text

    def test_markup_is_escaped(self):
        ds = Dataset()
        ds.PatientName = "<script>alert('x')</script>"
        ds.StudyDescription = "a & b > c"
        text = ds._repr_html_()
        assert "<script>" not in text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
        assert "a &amp; b &gt; c" in text

    def test_long_values_and_many_elements_are_cut(self, monkeypatch):
        import dcmcore.notebook

        ds = Dataset()
        ds.PatientComments = "x" * 5000
        text = dataset_html(ds)
        assert "Array of 5000 elements" in text and len(text) < 2000
        monkeypatch.setattr(dcmcore.notebook, "MAX_VALUE_LENGTH", 5)
        ds.PatientID = "ABCDEFGHIJ"
        assert "&#x27;ABCD… (7 more characters)" in dataset_html(ds)
        many = Dataset()
        many.BeamSequence = [Dataset() for _ in range(50)]
        for item in many.BeamSequence:
            for number in range(1, 40):
                item.add_new(0x300A0000 + number * 2 + 0x100, "LO", "v")
        text = dataset_html(many, max_rows=100)
        assert text.count("<tr><td>") == 100
        assert "more elements not shown (max_rows=100)" in text

    def test_pixel_data_is_summarised(self):
        ds = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
        text = ds._repr_html_()
        assert "Array of 32768 elements" in text and len(text) < 20000


class TestPlot:
    def test_plot(self):
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")
        ds = dcmcore.dcmread(get_testdata_file("MR_multiframe_RLE.dcm"))
        image = dcmcore.plot(ds, frame=3)
        assert image.get_array().shape == (ds.Rows, ds.Columns)
        with pytest.raises(IndexError, match="out of range"):
            dcmcore.plot(ds, frame=ds.NumberOfFrames)
        rgb = dcmcore.plot(dcmcore.dcmread(get_testdata_file("RGB_small.dcm")))
        assert rgb.get_array().shape[-1] == 3

    def test_without_matplotlib(self, monkeypatch):
        import builtins

        real_import = builtins.__import__

        def no_matplotlib(name, *args, **kwargs):
            if name.startswith("matplotlib"):
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", no_matplotlib)
        with pytest.raises(ImportError, match="needs matplotlib: pip install matplotlib"):
            dcmcore.plot(dcmcore.dcmread(get_testdata_file("CT_small.dcm")))
