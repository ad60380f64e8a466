"""dcmcore.bulk and dcmcore.dask: folders of files made at test time (some
broken) to Arrow, Parquet and Dask, values compared with pydicom 2.4.5."""

import datetime
import os
import shutil
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from dcmcore import dcmread  # noqa: E402
from dcmcore.bulk import (  # noqa: E402
    DEFAULT_COLUMNS,
    FILE_COLUMNS,
    column_types,
    iter_batches,
    read_metadata,
    read_rows,
    to_parquet,
)
from dcmcore.data import get_testdata_file  # noqa: E402

COLUMNS = ["PatientID", "PatientName", "StudyDate", "StudyTime", "AcquisitionDateTime", "Rows",
           "PixelSpacing", "ImageType", "SliceThickness", "BeamSequence", 0x00091001, "SeriesNumber",
           "PixelData"]


@pytest.fixture
def archive(tmp_path):
    """A folder of 14 files: example files, variants, a subfolder, and three broken ones
    (not DICOM, empty, truncated)."""
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    for name in ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "ECG_12lead.dcm", "RGB_small.dcm"):
        shutil.copy(get_testdata_file(name), root / name)
    ct = dcmread(get_testdata_file("CT_small.dcm"))
    for number in range(6):
        ct.PatientID = f"P{number}"
        ct.InstanceNumber = number
        ct.AcquisitionDateTime = "20240101120000.5"
        ct.SeriesNumber = number if number != 3 else 77
        ct.StudyDate = "20240230" if number == 4 else "20240115"  # no 30 February
        path = root / "sub" / f"ct{number}.dcm"
        ct.save_as(path)
        if number == 3:  # a Series Number that is not an IS
            series = b"\x20\x00\x11\x00IS\x02\x00"
            path.write_bytes(path.read_bytes().replace(series + b"77", series + b"x3"))
    (root / "notes.txt").write_text("not a DICOM file")
    (root / "sub" / "truncated.dcm").write_bytes((root / "CT_small.dcm").read_bytes()[:400])
    (root / "empty.dcm").write_bytes(b"")
    return root


def _files(root):
    return sorted(os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names)


class TestSchema:
    def test_types_from_the_dictionary(self):
        schema = column_types(COLUMNS)
        assert schema.names[:5] == list(FILE_COLUMNS)
        types = {field.name: field.type for field in schema}
        assert types["PatientID"] == pa.string() and types["PatientName"] == pa.string()
        assert types["StudyDate"] == pa.date32() and types["StudyTime"] == pa.time64("us")
        assert types["AcquisitionDateTime"] == pa.timestamp("us")
        assert types["Rows"] == pa.int64() and types["SliceThickness"] == pa.float64()
        assert types["PixelSpacing"] == pa.list_(pa.float64())
        assert types["ImageType"] == pa.list_(pa.string())
        assert types["BeamSequence"] == pa.string()
        assert types["00091001"] == pa.string() and types["PixelData"] == pa.binary()
        assert column_types().names[5:] == list(DEFAULT_COLUMNS)

    def test_bad_columns(self):
        with pytest.raises(ValueError, match="more than once"):
            column_types(["PatientID", 0x00100020])
        with pytest.raises(ValueError, match="unknown DICOM element keyword"):
            column_types(["path"])


class TestReadMetadata:
    def test_rows_as_pydicom_reads_them(self, archive):
        pydicom = pytest.importorskip("pydicom")
        table = read_metadata(archive, COLUMNS, workers=1)
        files = _files(archive)
        assert table.column("path").to_pylist() == files
        rows = {row["path"]: row for row in table.to_pylist()}
        for path in files:
            row = rows[path]
            assert row["file_size"] == os.path.getsize(path)
            try:
                theirs = pydicom.dcmread(path)
            except Exception:
                assert row["error"] is not None and row["PatientID"] is None
                continue
            assert row["error"] is None
            assert row["transfer_syntax"] == theirs.file_meta.TransferSyntaxUID
            assert row["PatientID"] == theirs.get("PatientID")
            assert row["PatientName"] == (str(theirs.PatientName) if "PatientName" in theirs else None)
            assert row["Rows"] == theirs.get("Rows")
            spacing = theirs.get("PixelSpacing")
            assert row["PixelSpacing"] == (None if spacing is None else [float(v) for v in spacing])
            image_type = theirs.get("ImageType")
            assert row["ImageType"] == (None if image_type is None else list(image_type))
            assert row["PixelData"] is None  # stop_before_pixels
        sub = rows[os.path.join(archive, "sub", "ct4.dcm")]
        assert sub["StudyDate"] is None and "StudyDate=20240230" in sub["invalid"]
        invalid = rows[os.path.join(archive, "sub", "ct3.dcm")]["invalid"]
        assert invalid[0] == "SeriesNumber=x3" and invalid[1].startswith("warning: Invalid value for VR IS")
        ct = rows[os.path.join(archive, "sub", "ct1.dcm")]
        assert ct["StudyDate"] == datetime.date(2024, 1, 15)
        assert ct["AcquisitionDateTime"] == datetime.datetime(2024, 1, 1, 12, 0, 0, 500000)
        assert ct["StudyTime"] == datetime.time(10, 15, 12)
        assert ct["00091001"] == "synthetic phantom" and ct["SeriesNumber"] == 1
        assert rows[os.path.join(archive, "rtplan.dcm")]["BeamSequence"].startswith('[{"')
        errors = [row["path"] for row in table.to_pylist() if row["error"]]
        assert sorted(os.path.basename(path) for path in errors) == ["empty.dcm", "notes.txt"]
        # read as far as it goes, as pydicom reads it
        truncated = rows[os.path.join(archive, "sub", "truncated.dcm")]
        assert truncated["error"] is None and truncated["transfer_syntax"] == "1.2.840.10008.1.2.1"

    def test_workers_same_table(self, archive):
        one = read_metadata(archive, COLUMNS, workers=1)
        two = read_metadata(str(archive / "**" / "*.dcm"), COLUMNS, workers=2)
        assert two.equals(one.filter(pa.compute.match_substring(one.column("path"), ".dcm")))

    def test_on_error(self, archive):
        skipped = read_metadata(archive, ["PatientID"], workers=1, on_error="skip")
        assert skipped.num_rows == 12 and skipped.column("error").null_count == 12
        with pytest.raises(ValueError, match="Unable to read '.*empty.dcm'"):
            read_metadata(archive, ["PatientID"], workers=1, on_error="raise")
        with pytest.raises(ValueError, match="on_error"):
            read_metadata(archive, on_error="ignore")

    def test_batches_are_bounded(self, archive):
        batches = list(iter_batches(archive, ["PatientID"], workers=2, batch_size=4))
        assert [batch.num_rows for batch in batches] == [4, 4, 4, 2]
        assert all(batch.schema == column_types(["PatientID"]) for batch in batches)

    def test_read_rows_and_empty_inputs(self, archive, tmp_path):
        rows = read_rows([archive / "CT_small.dcm"], ["Modality"])
        assert rows[0]["Modality"] == "CT" and rows[0]["error"] is None
        empty = tmp_path / "nothing"
        empty.mkdir()
        table = read_metadata(empty, ["Modality"], workers=1)
        assert table.num_rows == 0 and table.schema == column_types(["Modality"])

    def test_progress_needs_nothing_when_off(self, archive, capsys):
        read_metadata(archive, ["PatientID"], workers=1, progress=False)
        assert capsys.readouterr().err == ""


class TestParquet:
    def test_file_round_trip(self, archive, tmp_path):
        out = tmp_path / "index.parquet"
        assert to_parquet(archive, out, COLUMNS, workers=2) == 14
        assert pq.read_table(out).equals(read_metadata(archive, COLUMNS, workers=1))

    def test_duckdb_reads_it(self, archive, tmp_path):
        duckdb = pytest.importorskip("duckdb")
        out = tmp_path / "index.parquet"
        to_parquet(archive, out, ["PatientID", "Rows"], workers=1)
        count = duckdb.sql(f"select count(*) from '{out}' where Rows = 128").fetchall()[0][0]
        assert count == 7

    def test_partitioned(self, archive, tmp_path):
        import pyarrow.dataset as pds

        out = tmp_path / "by_modality"
        to_parquet(archive, out, ["Modality", "PatientID"], partition_cols=["Modality"], workers=1)
        assert (out / "Modality=CT").is_dir()
        table = pds.dataset(out, partitioning="hive").to_table()
        assert table.num_rows == 14


def test_datasets_pickle():
    import pickle

    ds = dcmread(get_testdata_file("rtplan.dcm"))
    again = pickle.loads(pickle.dumps(ds))
    assert again == ds and again.BeamSequence[0] == ds.BeamSequence[0]
    elem = ds["PatientName"]
    assert pickle.loads(pickle.dumps(elem)) == elem


class TestDask:
    def test_same_table_on_a_local_cluster(self, archive):
        dd = pytest.importorskip("dask.dataframe")
        distributed = pytest.importorskip("distributed")
        from dcmcore.dask import read_metadata as dask_read_metadata

        expected = read_metadata(archive, COLUMNS, workers=1)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, distributed.Client(cluster):
            frame = dask_read_metadata(str(archive), COLUMNS, files_per_partition=5)
            assert frame.npartitions == 3
            result = frame.compute()
        assert isinstance(frame, dd.DataFrame)
        assert list(result.columns) == expected.column_names
        # Arrow-backed columns: back to Arrow without loss
        table = pa.Table.from_pandas(result.reset_index(drop=True), schema=expected.schema, preserve_index=False)
        assert table.equals(expected)

    def test_skip_and_glob(self, archive):
        pytest.importorskip("dask.dataframe")
        from dcmcore.dask import read_metadata as dask_read_metadata

        frame = dask_read_metadata([str(archive / "sub" / "ct*.dcm"), str(archive / "notes.txt")], ["PatientID"], on_error="skip")
        result = frame.compute(scheduler="sync")
        assert sorted(result["PatientID"]) == [f"P{n}" for n in range(6)]

    def test_fsspec_url(self):
        pytest.importorskip("dask.dataframe")
        fsspec = pytest.importorskip("fsspec")
        from dcmcore.dask import read_metadata as dask_read_metadata

        memory = fsspec.filesystem("memory")
        for name in ("CT_small.dcm", "MR_small.dcm"):
            memory.pipe(f"/dcmcore-test/{name}", Path(get_testdata_file(name)).read_bytes())
        try:
            frame = dask_read_metadata("memory://dcmcore-test/*.dcm", ["Modality", "Rows"])
            result = frame.compute(scheduler="sync")  # memory:// lives in this process
        finally:
            memory.rm("/dcmcore-test", recursive=True)
        assert list(result["Modality"]) == ["CT", "MR"]
        assert list(result["Rows"]) == [128, 64]
        assert list(result["file_size"]) == [os.path.getsize(get_testdata_file(n)) for n in ("CT_small.dcm", "MR_small.dcm")]
