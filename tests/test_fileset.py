"""dcmcore.fileset and dcmcore.dicomdir, on File-sets built at test time from
the example files, side by side with pydicom 2.4.5 where it is installed."""

import gc
import glob
import io
import itertools
import os
import shutil
import warnings
from pathlib import Path

import pytest

from dcmcore import config, dcmread
from dcmcore import fileset as fileset_module
from dcmcore.data import get_testdata_file
from dcmcore.dataset import Dataset
from dcmcore.dicomdir import DicomDir
from dcmcore.errors import InvalidDicomError
from dcmcore.filereader import read_dicomdir
from dcmcore.fileset import (
    DIRECTORY_RECORDERS,
    FileInstance,
    FileSet,
    RecordNode,
    generate_filename,
    is_conformant_file_id,
)
from dcmcore.uid import generate_uid

# dcmread of a DICOMDIR warns that DicomDir is deprecated, as pydicom 2.4 does,
# and FileSet.load reads one
pytestmark = pytest.mark.filterwarnings("ignore:The 'DicomDir' class is deprecated:DeprecationWarning")

OFFSET_TAGS = {0x00041400, 0x00041420, 0x00041200, 0x00041202}


@pytest.fixture
def instances(tmp_path):
    """Paths of instances for a File-set: two patients, three series of CT
    slices, an MR, an ECG and an RT plan."""
    folder = tmp_path / "instances"
    folder.mkdir()
    paths = []
    ct = dcmread(get_testdata_file("CT_small.dcm"))
    for patient, series, count in (("P1", "1.2.3.1", 3), ("P1", "1.2.3.2", 2), ("P2", "1.2.3.3", 2)):
        for number in range(1, count + 1):
            ct.PatientID = patient
            ct.SeriesInstanceUID = series
            ct.StudyInstanceUID = f"1.2.4.{patient[-1]}"
            ct.SOPInstanceUID = f"{series}.{number}"
            ct.InstanceNumber = number
            paths.append(folder / f"ct{len(paths)}.dcm")
            ct.save_as(paths[-1])
    for name in ("MR_small.dcm", "ECG_12lead.dcm", "rtplan.dcm"):
        ds = dcmread(get_testdata_file(name))
        if "InstanceNumber" not in ds:
            ds.InstanceNumber = 1
        paths.append(folder / name)
        ds.save_as(paths[-1])
    return paths


def _tree(root):
    return sorted(
        os.path.relpath(path, root)
        for path in glob.glob(f"{root}/**/*", recursive=True)
        if os.path.isfile(path)
    )


def _records(path, read):
    """The DICOMDIR's records with offsets relative to the end of the file
    meta (whose length depends on the writer's implementation UID)."""
    ds = read(path)
    base = 144 + ds.file_meta.FileMetaInformationGroupLength

    def value(elem):
        if elem.tag in OFFSET_TAGS and elem.value:
            return elem.value - base
        return str(elem.value)

    top = [(int(elem.tag), value(elem)) for elem in ds if elem.tag != 0x00041220]
    records = [
        (record.seq_item_tell - base, [(int(e.tag), value(e)) for e in record if e.VR != "SQ"])
        for record in ds.DirectoryRecordSequence
    ]
    return top, records


def _new_fileset(module, paths, root):
    fs = module.FileSet()
    fs.ID = "TESTSET"
    fs.UID = "1.2.826.0.1.3680043.9.9999.1"
    for path in paths:
        fs.add(path)
    fs.write(root)
    return fs


def _check_offsets(path):
    """Every offset in the DICOMDIR points at the start of a record's item."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = dcmread(path)
    starts = {record.seq_item_tell for record in ds.DirectoryRecordSequence}
    pointed = [ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity,
               ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity]
    for record in ds.DirectoryRecordSequence:
        pointed += [record.OffsetOfTheNextDirectoryRecord,
                    record.OffsetOfReferencedLowerLevelDirectoryEntity]
    assert {offset for offset in pointed if offset} <= starts
    return ds


class TestFileIDs:
    def test_generate_filename(self):
        assert list(itertools.islice(generate_filename(), 3)) == ["00000000", "00000001", "00000002"]
        assert next(generate_filename("IM", start=10)) == "IM000010"
        alpha = generate_filename("AB", start=35, alphanumeric=True)
        assert list(itertools.islice(alpha, 2)) == ["AB00000Z", "AB000010"]
        assert list(generate_filename("1234567"))[-1] == "12345679"
        assert len(list(generate_filename("1234567", alphanumeric=True))) == 36
        with pytest.raises(ValueError, match="less than 8 characters"):
            next(generate_filename("12345678"))

    @pytest.mark.parametrize("path, conformant", [
        ("PT000000/ST000000", True), ("A_1/0", True), ("abc", False),
        ("A" * 9, False), ("/".join("A" * 9), False), ("\u00c9", False),
    ])
    def test_is_conformant_file_id(self, path, conformant):
        assert is_conformant_file_id(Path(path)) is conformant


class TestNewFileSet:
    def test_write_layout_and_reload(self, instances, tmp_path):
        root = tmp_path / "fs"
        fs = _new_fileset(fileset_module, instances, root)
        assert len(fs) == len(instances)
        assert not fs.is_staged
        tree = _tree(root)
        assert "DICOMDIR" in tree
        assert "PT000000/ST000000/SE000000/IM000002" in tree
        assert "PT000000/ST000000/SE000001/IM000001" in tree
        assert "PT000001/ST000000/SE000000/IM000001" in tree
        assert any(path.endswith("WV000000") for path in tree)
        assert any(path.endswith("RP000000") for path in tree)
        for instance in fs:
            assert is_conformant_file_id(Path(instance.FileID))
            assert not instance.is_staged
            assert instance.load().SOPInstanceUID == instance.SOPInstanceUID

        again = FileSet(root / "DICOMDIR")
        assert [i.SOPInstanceUID for i in again] == [i.SOPInstanceUID for i in fs]
        assert again.ID == "TESTSET"
        assert again.UID == "1.2.826.0.1.3680043.9.9999.1"
        assert not again.is_staged
        ds = _check_offsets(root / "DICOMDIR")
        assert isinstance(ds, DicomDir)

    def test_dicomdir_written_as_read_is_identical(self, instances, tmp_path):
        root = tmp_path / "fs"
        _new_fileset(fileset_module, instances, root)
        original = (root / "DICOMDIR").read_bytes()
        with pytest.warns(DeprecationWarning, match="'DicomDir' class is deprecated"):
            ds = dcmread(root / "DICOMDIR")
        out = io.BytesIO()
        ds.save_as(out)
        assert out.getvalue() == original

    def test_find_and_find_values(self, instances, tmp_path):
        fs = _new_fileset(fileset_module, instances, tmp_path / "fs")
        assert len(fs.find(PatientID="P1")) == 5
        assert len(fs.find(PatientID="P1", SeriesInstanceUID="1.2.3.2")) == 2
        assert fs.find() == list(fs)
        with pytest.warns(UserWarning, match="consider using the 'load' parameter"):
            assert fs.find(Rows=128) == []
        assert len(fs.find(load=True, Rows=128)) == 7
        assert fs.find_values("SeriesInstanceUID")[:3] == ["1.2.3.1", "1.2.3.2", "1.2.3.3"]
        values = fs.find_values(["PatientID", "InstanceNumber"], instances=fs.find(PatientID="P2"))
        assert values == {"PatientID": ["P2"], "InstanceNumber": [1, 2]}
        with pytest.warns(UserWarning, match=r"contain \['Rows'\]"):
            fs.find_values("Rows")

    def test_instance_access(self, instances, tmp_path):
        fs = _new_fileset(fileset_module, instances, tmp_path / "fs")
        instance = fs.find(SOPInstanceUID="1.2.3.1.2")[0]
        assert instance.FileID == os.path.join("PT000000", "ST000000", "SE000000", "IM000001")
        assert instance.path == os.fspath(tmp_path / "fs" / instance.FileID)
        assert instance.PatientID == "P1"
        assert instance["PatientID"].value == "P1"
        assert instance[0x00100020].value == "P1"
        assert instance["SOPClassUID"].value == instance.SOPClassUID
        assert instance.TransferSyntaxUID == "1.2.840.10008.1.2.1"
        assert "InstanceNumber" in instance and "Rows" not in instance
        assert not instance.is_private
        node = instance.node
        assert str(node) == "IMAGE: InstanceNumber=2"
        assert [str(n) for n in node.ancestors][0].startswith("SERIES: Modality=CT")
        assert node.depth == 3 and node.index == 1 and node.component == "IM000001"
        assert str(node.previous) == "IMAGE: InstanceNumber=1"
        assert str(node.next) == "IMAGE: InstanceNumber=3"
        assert node.key == "1.2.3.1.2"
        assert node.root is fs._tree and node.file_set is fs

    def test_str(self, instances, tmp_path):
        fs = FileSet()
        fs.UID = "1.2.3"
        assert str(fs) == (
            "DICOM File-set\n  Root directory: (no value available)\n"
            "  File-set ID: (no value available)\n  File-set UID: 1.2.3\n"
            "  Descriptor file ID: (no value available)\n"
            "  Descriptor file character set: (no value available)\n"
            "  Changes staged for write(): DICOMDIR creation"
        )
        for path in instances[:3]:
            fs.add(path)
        text = str(fs)
        assert "Changes staged for write(): DICOMDIR creation, 3 additions" in text
        assert "          IMAGE: 3 SOP Instances (3 additions)" in text

    def test_identification(self):
        fs = FileSet()
        fs.ID = "A" * 16
        with pytest.raises(ValueError, match="maximum length of the 'File-set ID'"):
            fs.ID = "A" * 17
        fs.descriptor_file_id = ["README", "X"]
        assert fs.descriptor_file_id == ["README", "X"]
        with pytest.raises(ValueError, match="maximum of 8 components"):
            fs.descriptor_file_id = ["A"] * 9
        with pytest.raises(ValueError, match="maximum length of 16"):
            fs.descriptor_file_id = "A" * 17
        with pytest.raises(TypeError, match="must be a str, list of str, or None"):
            fs.descriptor_file_id = 5
        fs.descriptor_character_set = "ISO_IR 100"
        assert "Descriptor file character set: ISO_IR 100" in str(fs)

    def test_write_errors(self, instances, tmp_path):
        with pytest.raises(ValueError, match="path to the root directory is required"):
            FileSet().write()
        fs = _new_fileset(fileset_module, instances[:2], tmp_path / "fs")
        with pytest.raises(ValueError, match="use 'FileSet.copy\\(\\)'"):
            fs.write(tmp_path / "other")
        with pytest.raises(ValueError, match="'path' is unchanged"):
            fs.copy(fs.path)
        fs.add(instances[2])
        with pytest.raises(ValueError, match="'use_existing' but additions"):
            fs.write(use_existing=True)

    def test_missing_record_element(self, tmp_path):
        ds = dcmread(get_testdata_file("CT_small.dcm"))
        del ds.StudyID
        with pytest.raises(ValueError, match="default 'STUDY' record creator") as info:
            FileSet().add(ds)
        assert "(0020, 0010) 'Study ID' element is missing" in str(info.value.__cause__)


class TestChanges:
    def test_remove_then_write_renumbers(self, instances, tmp_path):
        root = tmp_path / "fs"
        fs = _new_fileset(fileset_module, instances, root)
        first = fs.find(SOPInstanceUID="1.2.3.1.1")[0]
        fs.remove(first)
        assert "1 removal" in str(fs)
        assert "IMAGE: 2 SOP Instances (3 initial, 1 removal)" in str(fs)
        fs.write()
        assert len(fs) == len(instances) - 1
        tree = _tree(root)
        assert "PT000000/ST000000/SE000000/IM000002" not in tree
        assert fs.find(SOPInstanceUID="1.2.3.1.2")[0].FileID.endswith("IM000000")
        _check_offsets(root / "DICOMDIR")

    def test_use_existing_keeps_files(self, instances, tmp_path):
        root = tmp_path / "fs"
        fs = _new_fileset(fileset_module, instances, root)
        fs.remove(fs.find(SOPInstanceUID="1.2.3.1.1")[0])
        fs.write(use_existing=True)
        tree = _tree(root)
        assert "PT000000/ST000000/SE000000/IM000000" not in tree
        assert "PT000000/ST000000/SE000000/IM000002" in tree
        moved = fs.find(SOPInstanceUID="1.2.3.1.2")[0]
        assert moved.for_moving and fs.is_staged
        assert moved.load().InstanceNumber == 2

    def test_staging_cancels(self, instances, tmp_path):
        fs = _new_fileset(fileset_module, instances[:3], tmp_path / "fs")
        added = fs.add(instances[3])
        staged = Path(added.path)
        assert added.for_addition and staged.exists()
        fs.remove(added)
        assert not staged.exists()
        assert not fs.is_staged and len(fs) == 3
        kept = fs._instances[0]
        fs.remove(kept)
        assert kept.for_removal and len(fs) == 2
        assert fs.add(kept.path) is kept
        assert not kept.for_removal and not fs.is_staged
        assert fs.add(instances[0]).SOPInstanceUID == "1.2.3.1.1" and len(fs) == 3
        with pytest.raises(ValueError, match="No such instance"):
            fs.remove(FileInstance(kept.node))

    def test_copy_leaves_original(self, instances, tmp_path):
        fs = _new_fileset(fileset_module, instances, tmp_path / "fs")
        fs.remove(fs._instances[0])
        copied = fs.copy(tmp_path / "copy")
        assert len(copied) == len(instances) - 1
        assert fs.is_staged and len(fs) == len(instances) - 1
        assert Path(fs._stage["-"][next(iter(fs._stage["-"]))].path).exists()
        assert copied.path == os.fspath(tmp_path / "copy")
        # a second copy finds the removal where the first left it (pydicom
        # 2.4.5 raises KeyError here)
        with pytest.warns(UserWarning) as record:
            implicit = fs.copy(tmp_path / "implicit", force_implicit=True)
        assert "invalid transfer syntax 'Implicit VR Little Endian'" in str(record[-1].message)
        assert len(implicit) == len(copied)
        assert [i.FileID for i in implicit] == [i.FileID for i in copied]
        with pytest.warns(UserWarning, match="Invalid transfer syntax for DICOMDIR"):
            dcmread(tmp_path / "implicit" / "DICOMDIR")

    def test_add_custom_private(self, tmp_path):
        ds = dcmread(get_testdata_file("CT_small.dcm"))
        leaf_record = Dataset()
        leaf_record.DirectoryRecordType = "PRIVATE"
        leaf_record.PrivateRecordUID = generate_uid()
        leaf = RecordNode(leaf_record)
        top_record = Dataset()
        top_record.DirectoryRecordType = "PATIENT"
        top_record.PatientID = ds.PatientID
        top_record.PatientName = ds.PatientName
        leaf.parent = RecordNode(top_record)
        fs = FileSet()
        instance = fs.add_custom(ds, leaf)
        assert instance.is_private
        assert instance.FileID == os.path.join("PT000000", "P1000000")
        fs.write(tmp_path / "fs")
        assert _tree(tmp_path / "fs") == ["DICOMDIR", "PT000000/P1000000"]
        assert FileSet(tmp_path / "fs" / "DICOMDIR")._instances[0].is_private

    def test_custom_recorder(self):
        def image_record(ds):
            record = Dataset()
            record.InstanceNumber = ds.InstanceNumber
            record.ImageType = ds.ImageType
            return record

        default = DIRECTORY_RECORDERS["IMAGE"]
        DIRECTORY_RECORDERS["IMAGE"] = image_record
        try:
            fs = FileSet()
            instance = fs.add(dcmread(get_testdata_file("CT_small.dcm")))
        finally:
            DIRECTORY_RECORDERS["IMAGE"] = default
        assert "ImageType" in instance.node._record


class TestLoad:
    def test_orphans(self, instances, tmp_path):
        root = tmp_path / "fs"
        _new_fileset(fileset_module, instances, root)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = dcmread(root / "DICOMDIR")
        ds.DirectoryRecordSequence[0].OffsetOfTheNextDirectoryRecord = 0  # cut off P2
        with pytest.raises(ValueError, match="orphaned directory records"):
            FileSet().load(ds, raise_orphans=True)
        with pytest.warns(UserWarning, match="5 orphaned directory records"):
            fs = FileSet()
            fs.load(ds, include_orphans=False)
        assert len(fs) == 5
        fs = FileSet(ds)
        assert len(fs) == 10 and len(fs._stage["+"]) == 5

    def test_missing_file(self, instances, tmp_path):
        root = tmp_path / "fs"
        fs = _new_fileset(fileset_module, instances, root)
        os.remove(fs._instances[0].path)
        with pytest.warns(UserWarning, match="does not exist"):
            assert len(FileSet(root / "DICOMDIR")) == len(instances) - 1

    def test_not_a_dicomdir(self, tmp_path):
        with pytest.raises(ValueError, match="not a 'Media Storage Directory' instance"):
            FileSet(get_testdata_file("CT_small.dcm"))

    def test_no_filename(self, instances, tmp_path):
        _new_fileset(fileset_module, instances[:1], tmp_path / "fs")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = dcmread(tmp_path / "fs" / "DICOMDIR")
        ds.filename = None
        with pytest.raises(TypeError, match="must have a 'filename' attribute"):
            FileSet(ds)
        ds.filename = os.fspath(tmp_path / "nowhere")
        with pytest.raises(FileNotFoundError, match="is not a valid path"):
            FileSet(ds)

    def test_moved_layout_is_staged(self, instances, tmp_path):
        root = tmp_path / "fs"
        _new_fileset(fileset_module, instances[:2], root)
        os.rename(root / "PT000000", root / "OTHER")
        ds = dcmread(root / "DICOMDIR")
        for record in ds.DirectoryRecordSequence:
            if "ReferencedFileID" in record:
                record.ReferencedFileID = ["OTHER"] + list(record.ReferencedFileID)[1:]
        fs = FileSet(ds)
        assert all(instance.for_moving for instance in fs)
        assert "directory structure update" in str(fs)
        fs.write()
        assert "PT000000/ST000000/SE000000/IM000001" in _tree(root)
        assert not (root / "OTHER" / "ST000000" / "SE000000" / "IM000000").exists()


class TestAsPydicom:
    """The same operations with pydicom 2.4.5 give the same records, offsets,
    files and text."""

    def _both(self, instances, tmp_path, scenario):
        pfileset = pytest.importorskip("pydicom.fileset")
        from dcmcore import fileset as dfileset

        results = []
        for name, module in (("pydicom", pfileset), ("dcmcore", dfileset)):
            root = tmp_path / name
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                results.append(scenario(module, root))
                # pydicom leaves its staging directories to the collector,
                # which warns: collect them here, where warnings are caught
                gc.collect()
            results[-1].append(sorted(
                {str(w.message) for w in caught
                 if "DicomDir" not in str(w.message) and w.category is not ResourceWarning}
            ))
        theirs, ours = (repr(r).replace(str(tmp_path / n), "ROOT") for r, n in zip(results, ("pydicom", "dcmcore")))
        assert ours == theirs

    def test_new_and_changed(self, instances, tmp_path):
        import pydicom

        def scenario(module, root):
            read = pydicom.dcmread if module.__name__.startswith("pydicom") else dcmread
            fs = _new_fileset(module, instances, root)
            out = [_tree(root), _records(root / "DICOMDIR", read), str(fs), [i.FileID for i in fs]]
            fs.remove(fs.find(PatientID="P1")[1])
            fs.add(read(get_testdata_file("MR_overlay.dcm")))
            out.append(str(fs))
            fs.write()
            out += [_tree(root), _records(root / "DICOMDIR", read), str(fs)]
            copy = fs.copy(root.parent / (root.name + "_copy"), force_implicit=True)
            out += [_records(Path(copy.path) / "DICOMDIR", read), str(copy)]
            fs.remove(fs._instances[-1])
            fs.write(use_existing=True)
            out += [_tree(root), _records(root / "DICOMDIR", read), str(fs)]
            return out

        self._both(instances, tmp_path, scenario)

    def test_loaded_queries(self, instances, tmp_path):
        def scenario(module, root):
            _new_fileset(module, instances, root)
            fs = module.FileSet(root / "DICOMDIR")
            node = fs._instances[4].node
            return [
                str(fs), fs._tree.prettify(" "), [i.SOPInstanceUID for i in fs.find(Modality="CT")],
                fs.find_values(["PatientID", "StudyInstanceUID", "Modality"]),
                fs.find_values("Rows", load=True), str(node), node.component, node.key,
                [str(n) for n in node.ancestors], fs._instances[4].path,
            ]

        self._both(instances, tmp_path, scenario)


class TestDicomDir:
    def test_records_linked(self, instances, tmp_path):
        _new_fileset(fileset_module, instances, tmp_path / "fs")
        with pytest.warns(DeprecationWarning, match="'read_dicomdir\\(\\)' is deprecated"):
            ds = read_dicomdir(tmp_path / "fs" / "DICOMDIR")
        assert isinstance(ds, DicomDir)
        assert [p.PatientID for p in ds.patient_records] == ["P1", "P2", "EX-0001"]
        studies = ds.patient_records[0].children
        assert [s.DirectoryRecordType for s in studies] == ["STUDY"]
        series = studies[0].children
        assert [len(s.children) for s in series] == [3, 2, 1, 1, 1, 1][: len(series)]
        assert series[0].children[2].InstanceNumber == 3

    def test_as_pydicom(self, instances, tmp_path):
        pydicom = pytest.importorskip("pydicom")
        _new_fileset(fileset_module, instances, tmp_path / "fs")
        path = tmp_path / "fs" / "DICOMDIR"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ours, theirs = dcmread(path), pydicom.dcmread(path)
        assert type(theirs).__name__ == type(ours).__name__ == "DicomDir"
        assert str(ours) == str(theirs)

        def shape(ds):
            return [[c.seq_item_tell for c in r.children] for r in ds.DirectoryRecordSequence]

        assert shape(ours) == shape(theirs)
        assert [r.seq_item_tell for r in ours.patient_records] == [
            r.seq_item_tell for r in theirs.patient_records
        ]

    def test_read_dicomdir_of_other_file(self):
        with pytest.warns(DeprecationWarning):
            with pytest.raises(InvalidDicomError, match="is not a Media Storage Directory file"):
                read_dicomdir(get_testdata_file("CT_small.dcm"))

    def test_implicit_dicomdir(self, instances, tmp_path):
        fs = _new_fileset(fileset_module, instances[:2], tmp_path / "fs")
        with pytest.warns(UserWarning):
            fs.copy(tmp_path / "implicit", force_implicit=True)
        path = tmp_path / "implicit" / "DICOMDIR"
        with pytest.warns(UserWarning, match="Explicit Little Endian expected"):
            dcmread(path)
        config.settings.reading_validation_mode = config.RAISE
        try:
            with pytest.raises(InvalidDicomError, match="Explicit Little Endian expected"):
                dcmread(path)
        finally:
            config.settings.reading_validation_mode = config.WARN

    def test_direct_construction(self, instances, tmp_path):
        ct = dcmread(get_testdata_file("CT_small.dcm"))
        with pytest.raises(InvalidDicomError, match="not Media Storage Directory"):
            DicomDir("x", ct, file_meta=ct.file_meta, is_implicit_VR=False)
        _new_fileset(fileset_module, instances[:2], tmp_path / "fs")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            read = dcmread(tmp_path / "fs" / "DICOMDIR")
        made = DicomDir(read.filename, read, read.preamble, read.file_meta, False, True)
        assert [r.PatientID for r in made.patient_records] == ["P1"]

    def test_sop_class_without_records(self, tmp_path):
        ds = dcmread(get_testdata_file("CT_small.dcm"))
        ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.1.3.10"
        ds.save_as(tmp_path / "x.dcm")
        with pytest.warns(UserWarning, match="handling it" "as a regular dataset"):
            read = dcmread(tmp_path / "x.dcm")
        assert not isinstance(read, DicomDir)


def test_no_leftover_copies(instances, tmp_path):
    """Writing moves files: nothing is left where an instance used to be."""
    root = tmp_path / "fs"
    fs = _new_fileset(fileset_module, instances, root)
    count = len(_tree(root))
    fs.remove(fs._instances[0])
    fs.write()
    assert len(_tree(root)) == count - 1
    shutil.rmtree(root)
