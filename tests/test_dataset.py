"""Tests of dcmcore.dataset: Dataset, PrivateBlock, FileDataset, FileMetaDataset.

The main table runs the same snippet against dcmcore and against pydicom 2.4.5
and compares everything observable: the value printed or returned (its type
and text), the exception raised (type and message) and the warnings issued
(category and message). Further tests cover what needs objects rather than
text: weak parent references, copies, pickles and the ambiguous VRs of raw
elements.
"""

import copy
import io
import pickle
import textwrap
import warnings
import weakref
from contextlib import redirect_stdout
from typing import Any, Dict, List, Tuple

import pytest

from dcmcore.dataelem import DataElement, RawDataElement
from dcmcore.dataset import Dataset, FileMetaDataset, PrivateBlock
from dcmcore.tag import BaseTag, Tag


def namespace(lib: str) -> Dict[str, Any]:
    """The names a snippet uses, taken from dcmcore or from pydicom."""
    if lib == "pydicom":
        pydicom = pytest.importorskip("pydicom")
        import pydicom.dataelem
        import pydicom.dataset
        import pydicom.sequence
        import pydicom.tag

        root = pydicom
    else:
        import dcmcore.dataelem
        import dcmcore.dataset
        import dcmcore.sequence
        import dcmcore.tag

        root = __import__("dcmcore")
    return {
        "Dataset": root.dataset.Dataset,
        "FileDataset": root.dataset.FileDataset,
        "FileMetaDataset": root.dataset.FileMetaDataset,
        "validate_file_meta": root.dataset.validate_file_meta,
        "DataElement": root.dataelem.DataElement,
        "RawDataElement": root.dataelem.RawDataElement,
        "Sequence": root.sequence.Sequence,
        "Tag": root.tag.Tag,
        "BaseTag": root.tag.BaseTag,
        "config": root.config,
        "copy": copy,
        "pickle": pickle,
        "io": io,
        "weakref": weakref,
    }


def normalized(text: str) -> str:
    """Messages and reprs that name the library name dcmcore where pydicom names itself."""
    return text.replace("pydicom", "dcmcore")


def outcome(lib: str, code: str) -> Tuple[Any, ...]:
    """Run `code` with `lib`'s names; return what a user can observe.

    The result is the text printed, the type name and repr of the variable
    ``result`` if the code sets it, the exception's type and message, and the
    category and message of each warning.
    """
    names = namespace(lib)
    config_module = names["config"]
    saved = (
        config_module.show_file_meta,
        config_module.INVALID_KEYWORD_BEHAVIOR,
        config_module.INVALID_KEY_BEHAVIOR,
        config_module.settings._writing_validation_mode,
    )
    printed = io.StringIO()
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with redirect_stdout(printed):
                exec(textwrap.dedent(code), names)
        except Exception as exc:
            error = (type(exc).__name__, normalized(str(exc)))
        finally:
            (
                config_module.show_file_meta,
                config_module.INVALID_KEYWORD_BEHAVIOR,
                config_module.INVALID_KEY_BEHAVIOR,
                config_module.settings._writing_validation_mode,
            ) = saved
    result = names.get("result", "<unset>")
    return (
        normalized(printed.getvalue()),
        type(result).__name__,
        normalized(repr(result)),
        error,
        [(w.category.__name__, normalized(str(w.message))) for w in caught],
    )


# Common set-up for snippets: a dataset with a sequence and a private block.
BUILD = """
ds = Dataset()
ds.PatientName = "CITIZEN^Joan"
ds.add_new(0x00100020, "LO", "12345")
ds[0x0010, 0x0030] = DataElement(0x00100030, "DA", "20010101")
ds.BeamSequence = [Dataset(), Dataset(), Dataset()]
ds.BeamSequence[0].Manufacturer = "Linac, co."
ds.BeamSequence[1].Manufacturer = "Linac and Sons, co."
ds.BeamSequence[2].Manufacturer = "Linac and Daughters, co."
block = ds.private_block(0x0041, "My Creator", create=True)
block.add_new(0x01, "LO", "12345")
"""

CASES = {
    # -- text -----------------------------------------------------------
    "str empty": "print(repr(str(Dataset())))",
    "str and repr": BUILD + "print(str(ds)); print(repr(ds))",
    "top": BUILD + "print(ds.top())",
    "str of empty item": "ds = Dataset(); ds.BeamSequence = [Dataset(), Dataset()]; print(repr(str(ds)))",
    "str nested twice": """
        ds = Dataset()
        inner = Dataset(); inner.CodeValue = "1"; inner.CodeMeaning = "x"
        item = Dataset(); item.ConceptNameCodeSequence = [inner, Dataset()]
        item.PatientID = "7"
        ds.ContentSequence = [item]
        ds.PatientName = "A^B"
        print(ds)
    """,
    "str with file meta": BUILD + """
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2"
        ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        print(ds)
    """,
    "str with empty file meta": BUILD + "ds.file_meta = FileMetaDataset(); print(ds)",
    "str file meta hidden": BUILD + """
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2"
        config.show_file_meta = False
        print(ds)
    """,
    "str indent_chars subclass": """
        class Wide(Dataset):
            indent_chars = "....."
        ds = Wide(); item = Wide(); item.PatientID = "1"
        ds.BeamSequence = [item]
        print(ds)
    """,
    "formatted_lines default": BUILD + "print(list(ds.formatted_lines()))",
    "formatted_lines custom": BUILD + """
        fmt = "%(tag)s %(keyword)s VM=%(VM)s %(is_private)s %(is_retired)s"
        print(list(ds.formatted_lines(fmt, "SQ %(name)s %(VR)s")))
    """,
    "formatted_lines unknown field": BUILD + "list(ds.formatted_lines('%(nonsense)s'))",
    "formatted_lines excluded field": BUILD + "list(ds.formatted_lines('%(clear)s'))",
    "private element text": """
        ds = Dataset()
        ds.add_new(0x00090010, "LO", "GEMS_IDEN_01")
        ds.add_new(0x00091001, "LO", "CT01")
        ds.add_new(0x00091002, "SH", "x")
        ds.add_new(0x00110010, "LO", "UNKNOWN CREATOR")
        ds.add_new(0x00111001, "UN", b"12")
        print(ds)
        print([e.private_creator for e in ds])
    """,
    # -- keyword attributes ------------------------------------------------
    "read keyword": BUILD + "result = ds.PatientName",
    "read absent keyword": "ds = Dataset(); ds.PatientName",
    "read absent attribute": "ds = Dataset(); ds.not_there",
    "read file_meta of plain dataset": "Dataset().file_meta",
    "hasattr keyword": BUILD + "print(hasattr(ds, 'PatientName'), hasattr(ds, 'PatientAge'))",
    "set keyword twice": "ds = Dataset(); ds.PatientName = 'A'; ds.PatientName = 'B'; print(ds)",
    "set keyword number": "ds = Dataset(); ds.Rows = 512; ds.PixelSpacing = [0.5, '0.5']; print(ds)",
    "set camel case": "ds = Dataset(); ds.PatientNam = 'x'; result = ds.PatientNam",
    "set camel case raise": "config.INVALID_KEYWORD_BEHAVIOR = 'RAISE'; Dataset().SomeThing = 1",
    "set camel case ignore": "config.INVALID_KEYWORD_BEHAVIOR = 'IGNORE'; Dataset().SomeThing = 1",
    "set camel case variants": """
        ds = Dataset()
        for name in ["Foo", "FooB", "fOoo", "aBcd", "abCd", "Abc_", "AbcD!", "A1b2", "Ab_c", "X123"]:
            setattr(ds, name, 1)
    """,
    "set repeater keyword": "Dataset().OverlayData = b'1'",
    "set lower-case and is_ attributes": """
        ds = Dataset(); ds.foo = 1; ds.is_special = 2; ds._private = 3
        print(ds.foo, ds.is_special, ds._private, len(ds))
    """,
    "delete keyword": BUILD + "del ds.PatientName; print('PatientName' in ds)",
    "delete absent keyword": "del Dataset().PatientName",
    "delete attribute": "ds = Dataset(); ds.foo = 1; del ds.foo; print(hasattr(ds, 'foo'))",
    "delete absent attribute": "del Dataset().foo",
    "delete property": "del Dataset().parent_seq",
    "set sequence from list": BUILD + "print(type(ds.BeamSequence).__name__, len(ds.BeamSequence))",
    "set sequence bad item": "Dataset().BeamSequence = [1]",
    "set sequence to dataset": "Dataset().BeamSequence = Dataset()",
    # -- get, data_element --------------------------------------------------
    "get keyword": BUILD + "print(ds.get('PatientName'), ds.get('PatientAge', 'none'))",
    "get attribute": "ds = Dataset(); ds.foo = 3; print(ds.get('foo'), ds.get('bar', 4))",
    "get tag forms": BUILD + "print(ds.get(0x00100010)); print(ds.get((0x10, 0x20))); print(ds.get(0x00101010, 'x'))",
    "get bad key": "Dataset().get([1, 2, 3])",
    "get float key": "print(Dataset().get(3.5, 'x'))",
    "data_element": BUILD + "print(ds.data_element('PatientName')); print(ds.data_element('NotAKeyword'))",
    "data_element absent": "Dataset().data_element('PatientName')",
    # -- indexing ----------------------------------------------------------
    "getitem forms": BUILD + """
        for key in [0x00100010, (0x10, 0x10), "PatientName", "00100010", Tag(0x00100010)]:
            print(ds[key])
        print(ds[0x10, 0x10])
    """,
    "getitem unknown keyword": "Dataset()['NotAKeyword']",
    "getitem absent": "Dataset()[0x00100010]",
    "getitem negative": "Dataset()[-1]",
    "getitem too large": "Dataset()[0x1FFFFFFFF]",
    "getitem bad tuple": "Dataset()[(1, 2, 3)]",
    "slices": BUILD + """
        print(ds[0x00100000:0x00110000]); print('--')
        print(ds[:0x00100020]); print('--')
        print(ds[0x00100020:]); print('--')
        print(ds[::2]); print('--')
        print(ds[(0x10, 0x20):(0x41, 0x10)]); print('--')
        print(repr(ds[0x00020000:0x00030000]))
        print(type(ds[:]).__name__, len(ds[:]))
    """,
    "slice of empty": "print(repr(str(Dataset()[0x10:0x20])))",
    "group_dataset": BUILD + "print(ds.group_dataset(0x0010)); print(len(ds.group_dataset(0x0008)))",
    "setitem mismatched tag": "Dataset()[0x00100010] = DataElement(0x00100020, 'LO', 'x')",
    "setitem not an element": "Dataset()[0x00100010] = 'CITIZEN'",
    "setitem slice": "Dataset()[0:10] = DataElement(0x00100020, 'LO', 'x')",
    "setitem bad key": "Dataset()['NotAKeyword'] = DataElement(0x00100020, 'LO', 'x')",
    "setitem keyword key": "ds = Dataset(); ds['PatientID'] = DataElement(0x00100020, 'LO', 'x'); print(ds)",
    "setitem tuple key": "ds = Dataset(); ds[0x10, 0x20] = DataElement(0x00100020, 'LO', 'x'); print(ds)",
    "delitem forms": BUILD + """
        del ds[0x00100010]; del ds['PatientID']; del ds[(0x10, 0x30)]
        print(ds)
    """,
    "delitem slice": BUILD + "del ds[:0x00200000]; print(ds)",
    "delitem absent": "del Dataset()[0x00100010]",
    "delitem unknown keyword": "del Dataset()['NotAKeyword']",
    # -- in ----------------------------------------------------------------
    "contains forms": BUILD + """
        print('PatientName' in ds, 'PatientAge' in ds, 0x00100010 in ds, (0x10, 0x20) in ds,
              Tag(0x00100030) in ds, '00100010' in ds, 0x00100040 in ds)
    """,
    "contains invalid warn": "print('NotAKeyword' in Dataset())",
    "contains invalid raise": "config.INVALID_KEY_BEHAVIOR = 'RAISE'; 'NotAKeyword' in Dataset()",
    "contains invalid ignore": "config.INVALID_KEY_BEHAVIOR = 'IGNORE'; print('NotAKeyword' in Dataset())",
    "contains overflow": "print(0x1FFFFFFFF in Dataset())",
    "contains overflow raise": "config.INVALID_KEY_BEHAVIOR = 'RAISE'; 0x1FFFFFFFF in Dataset()",
    "contains list": "print([1] in Dataset())",
    "contains negative": "print(-1 in Dataset())",
    # -- mapping API -------------------------------------------------------
    "keys values items": BUILD + "print(ds.keys()); print(len(ds.values())); print(list(ds.items())[0])",
    "len": BUILD + "print(len(ds), len(Dataset()))",
    "iteration order": """
        ds = Dataset()
        ds.PatientID = "1"; ds.add_new(0x00090010, "LO", "C"); ds.Rows = 2; ds.PatientName = "N"
        ds.add_new(0x00080005, "CS", "ISO_IR 100")
        print([str(e.tag) for e in ds]); print([str(e.tag) for e in ds.elements()])
        print(list(ds.keys()))
    """,
    "pop": BUILD + """
        print(ds.pop(0x00100010)); print(ds.pop('PatientID')); print(ds.pop((0x10, 0x30)))
        print(ds.pop(0x00100010, 'gone')); print(len(ds))
    """,
    "pop absent": "Dataset().pop(0x00100010)",
    "pop unknown keyword": "Dataset().pop('NotAKeyword')",
    "pop unknown keyword default": "print(Dataset().pop('NotAKeyword', 5))",
    "popitem": "ds = Dataset(); ds.PatientID = '1'; print(ds.popitem()); print(len(ds))",
    "popitem empty": "Dataset().popitem()",
    "clear": BUILD + "ds.clear(); print(len(ds), repr(str(ds)))",
    "setdefault": """
        ds = Dataset()
        elem = ds.setdefault((0x0010, 0x0010), "Test"); print(elem)
        elem = ds.setdefault('PatientSex', DataElement(0x00100040, 'CS', 'F')); print(elem.value)
        print(ds.setdefault(0x00100010, 'other'))
        print(ds.setdefault(0x00090010))
        print(ds.setdefault(0x00091001, b'12'))
        print(ds)
    """,
    "setdefault unknown tag": "print(Dataset().setdefault(0x00080001, b'xx'))",
    "setdefault unknown tag raise": """
        config.settings.writing_validation_mode = config.RAISE
        Dataset().setdefault(0x00080001, b'xx')
    """,
    "setdefault bad key": "Dataset().setdefault('NotAKeyword', 1)",
    "update": """
        ds = Dataset(); ds.PatientName = "A"
        other = Dataset(); other.PatientID = "2"; other.PatientName = "B"
        ds.update(other); print(ds)
        ds.update({"PatientAge": "030Y", 0x00100040: DataElement(0x00100040, "CS", "M"),
                   (0x10, 0x1010): DataElement(0x00101010, "AS", "031Y")})
        print(ds)
    """,
    "update bad keyword": "Dataset().update({'PatientNam': 1})",
    "equality": BUILD + """
        other = Dataset(); other.PatientName = "CITIZEN^Joan"
        print(ds == ds, ds == other, Dataset() == Dataset(), ds != other, ds == 1, ds == "x")
        a = Dataset(); a.PatientName = "X"; b = Dataset(); b.PatientName = "X"
        print(a == b, a != b)
        b.PatientName = "Y"; print(a == b)
        c = Dataset(); c.PatientID = "X"; print(a == c)
    """,
    "equality with subclass": """
        a = Dataset(); a.PatientName = "X"
        fm = FileMetaDataset(); f = FileDataset("x.dcm", a, file_meta=fm)
        print(a == f, f == a)
    """,
    "hash": "hash(Dataset())",
    "bool": "ds = Dataset(); print(bool(ds)); ds.PatientID = '1'; print(bool(ds))",
    "context manager": "with Dataset() as ds: ds.PatientID = '1'\nprint(ds.PatientID)",
    # -- dir ---------------------------------------------------------------
    "dir": BUILD + "print(ds.dir()); print(ds.dir('patient')); print(ds.dir('pat', 'seq', 'ID'))",
    "dir repeaters": """
        ds = Dataset(); ds.add_new(0x60003000, 'OW', b'00'); ds.add_new(0x60023000, 'OW', b'00')
        print(ds.dir()); print(ds.dir('overlay'))
    """,
    "dir builtin": BUILD + """
        names = dir(ds)
        print('PatientName' in names, 'PatientAge' in names, 'walk' in names, 'BeamSequence' in names)
        print(names == sorted(names), names == ds.trait_names())
        print(sorted(n for n in names if n[0].isupper()))
    """,
    # -- walk, iterall ---------------------------------------------------------
    "iterall": BUILD + "for elem in ds.iterall(): print(elem)",
    "iterall nested": """
        ds = Dataset()
        inner = Dataset(); inner.CodeValue = "1"
        item = Dataset(); item.ConceptNameCodeSequence = [inner, Dataset()]; item.PatientID = "7"
        ds.ContentSequence = [item, Dataset(), item]
        ds.PatientName = "A^B"; ds.AccessionNumber = "3"
        print([str(e.tag) for e in ds.iterall()])
    """,
    "walk": BUILD + """
        seen = []
        ds.walk(lambda dataset, elem: seen.append(str(elem.tag)))
        print(seen)
        seen.clear()
        ds.walk(lambda dataset, elem: seen.append(str(elem.tag)), recursive=False)
        print(seen)
    """,
    "walk callback deletes": BUILD + """
        def drop(dataset, elem):
            if elem.VR == "SQ":
                del dataset[elem.tag]
        ds.walk(drop)
        print(ds)
    """,
    "walk callback raises": BUILD + """
        def fail(dataset, elem):
            if elem.keyword == "Manufacturer":
                raise ValueError("boom")
        try:
            ds.walk(fail)
        except ValueError as exc:
            print(str(exc).splitlines()[0])
    """,
    # -- private -------------------------------------------------------------
    "private block": BUILD + """
        block = ds.private_block(0x0041, "My Creator")
        print(block.group, block.private_creator, block.block_start, block.get_tag(0x01))
        print(block[0x01]); print(0x01 in block, 0x02 in block)
        del block[0x01]; print(0x01 in block)
        print(ds.private_block(0x0041, "My Creator") is block)
    """,
    "private block second creator": BUILD + """
        other = ds.private_block(0x0041, "Other", create=True)
        other.add_new(0x05, "SH", "x")
        print(ds); print(other.get_tag(5)); print(ds.private_creators(0x0041))
    """,
    "private block missing": "Dataset().private_block(0x0041, 'My Creator')",
    "private block even group": "Dataset().private_block(0x0040, 'My Creator', create=True)",
    "private block empty creator": "Dataset().private_block(0x0041, '')",
    "private block offset too large": BUILD + "ds.private_block(0x0041, 'My Creator').get_tag(0x100)",
    "private block getitem absent": BUILD + "ds.private_block(0x0041, 'My Creator')[0x05]",
    "private block delitem absent": BUILD + "del ds.private_block(0x0041, 'My Creator')[0x05]",
    "private block after creator deleted": BUILD + """
        del ds[0x00410010]
        ds.private_block(0x0041, 'My Creator')
    """,
    "private block full slots": """
        ds = Dataset()
        for el in range(0x10, 0x13):
            ds.add_new((0x0009, el), "LO", f"C{el}")
        print(ds.private_block(0x0009, "New", create=True).block_start)
        print(ds.private_block(0x0009, "C17").block_start)
    """,
    "private_creators": BUILD + "print(ds.private_creators(0x0041), ds.private_creators(0x0043))",
    "private_creators even group": "Dataset().private_creators(0x0010)",
    "get_private_item": BUILD + "print(ds.get_private_item(0x0041, 0x01, 'My Creator'))",
    "get_private_item missing element": BUILD + "ds.get_private_item(0x0041, 0x02, 'My Creator')",
    "get_private_item missing creator": BUILD + "ds.get_private_item(0x0041, 0x01, 'Other')",
    "private creator set on add": """
        ds = Dataset()
        ds.add_new(0x00090010, "LO", "ACME")
        ds.add_new(0x00091001, "LO", "v")
        ds.add_new(0x00092001, "LO", "no creator")
        print([e.private_creator for e in ds])
    """,
    "remove_private_tags": BUILD + """
        ds.BeamSequence[0].add_new(0x00090010, "LO", "X")
        ds.BeamSequence[0].add_new(0x00091001, "LO", "Y")
        ds.remove_private_tags()
        print(ds)
    """,
    # -- encoding ----------------------------------------------------------
    "encoding attributes": """
        ds = Dataset()
        print(ds.is_little_endian, ds.is_implicit_VR, ds.read_encoding, ds.is_original_encoding)
        ds.set_original_encoding(True, True, "iso8859")
        print(ds.read_implicit_vr, ds.read_little_endian, ds.read_encoding, ds.is_original_encoding)
        ds.is_little_endian = True; ds.is_implicit_VR = True
        print(ds.is_original_encoding)
        ds.SpecificCharacterSet = "ISO_IR 100"
        print(ds.is_original_encoding, ds._character_set)
        ds.set_original_encoding(True, True, ["latin_1"])
        print(ds.is_original_encoding)
    """,
    "decode": """
        ds = Dataset()
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.PatientName = b"Buc^J\\xe9r\\xf4me"
        item = Dataset(); item.PatientName = b"Buc^J\\xe9r\\xf4me"
        ds.OtherPatientIDsSequence = [item]
        ds.decode()
        print(repr(ds.PatientName), repr(ds.OtherPatientIDsSequence[0].PatientName))
    """,
    # -- file meta -----------------------------------------------------------
    "ensure_file_meta": """
        ds = Dataset(); ds.ensure_file_meta()
        print(type(ds.file_meta).__name__, len(ds.file_meta))
        fm = ds.file_meta; ds.ensure_file_meta(); print(ds.file_meta is fm)
    """,
    "file_meta from dataset": """
        ds = Dataset(); meta = Dataset(); meta.TransferSyntaxUID = "1.2.840.10008.1.2"
        ds.file_meta = meta; print(type(ds.file_meta).__name__)
    """,
    "file_meta from bad dataset": """
        ds = Dataset(); meta = Dataset(); meta.PatientID = "1"
        ds.file_meta = meta
    """,
    "file_meta from list": "Dataset().file_meta = [1]",
    "file_meta none": "ds = Dataset(); ds.file_meta = None; print(ds.file_meta); ds.ensure_file_meta(); print(ds.file_meta)",
    "FileMetaDataset non group 2": "FileMetaDataset({0x00100010: DataElement(0x00100010, 'PN', 'x')})",
    "FileMetaDataset from dataset": """
        meta = Dataset(); meta.TransferSyntaxUID = "1.2.840.10008.1.2"
        fm = FileMetaDataset(meta); print(fm)
        print(fm._dict is meta._dict)
    """,
    "FileMetaDataset bad type": "FileMetaDataset([1])",
    "FileMetaDataset set non group 2": "FileMetaDataset().PatientName = 'x'",
    "FileMetaDataset setitem non group 2": "fm = FileMetaDataset(); fm[0x00100010] = DataElement(0x00100010, 'PN', 'x')",
    "FileMetaDataset validate": """
        FileMetaDataset.validate(None)
        FileMetaDataset.validate({0x00020010: None})
        FileMetaDataset.validate({0x00100010: None, 0x00080010: None})
    """,
    "fix_meta_info implicit": """
        ds = Dataset(); ds.is_little_endian = True; ds.is_implicit_VR = True
        ds.SOPClassUID = "1.2.3"; ds.SOPInstanceUID = "1.2.3.4"
        ds.fix_meta_info(enforce_standard=False); print(ds.file_meta)
    """,
    "fix_meta_info big endian": """
        ds = Dataset(); ds.is_little_endian = False; ds.is_implicit_VR = False
        ds.fix_meta_info(enforce_standard=False); print(ds.file_meta)
    """,
    "fix_meta_info explicit little": """
        ds = Dataset(); ds.is_little_endian = True; ds.is_implicit_VR = False
        ds.fix_meta_info(enforce_standard=False); print(repr(str(ds.file_meta)))
    """,
    "fix_meta_info implicit big": """
        ds = Dataset(); ds.is_little_endian = False; ds.is_implicit_VR = True
        ds.fix_meta_info()
    """,
    "fix_meta_info missing": """
        ds = Dataset(); ds.is_little_endian = True; ds.is_implicit_VR = True
        ds.fix_meta_info()
    """,
    "fix_meta_info enforced": """
        ds = Dataset(); ds.is_little_endian = True; ds.is_implicit_VR = True
        ds.SOPClassUID = "1.2.3"; ds.SOPInstanceUID = "1.2.3.4"
        ds.fix_meta_info()
        print(ds.file_meta.dir())
        print(ds.file_meta.FileMetaInformationVersion, ds.file_meta.TransferSyntaxUID)
    """,
    "validate_file_meta non group 2": """
        fm = Dataset(); fm.PatientID = "1"
        validate_file_meta(fm)
    """,
    "validate_file_meta not enforced": "fm = FileMetaDataset(); validate_file_meta(fm, False); print(len(fm))",
    # -- FileDataset -----------------------------------------------------------
    "FileDataset path": """
        ds = Dataset(); ds.PatientID = "1"
        f = FileDataset("no/such/file.dcm", ds, preamble=b"\\x00" * 128)
        print(f.filename, f.fileobj_type, f.timestamp, len(f.preamble), f.is_implicit_VR,
              f.is_little_endian, type(f.file_meta).__name__, f._dict is ds._dict)
        print(f)
    """,
    "FileDataset buffer": """
        buffer = io.BytesIO(b"")
        f = FileDataset(buffer, {}, is_implicit_VR=False, is_little_endian=False)
        print(f.filename is buffer, f.fileobj_type.__name__, f.timestamp, f.is_implicit_VR, f.is_little_endian)
        c = copy.copy(f)
        print(c.filename, f.filename is buffer)
        d = copy.deepcopy(f)
        print(d.filename, f.filename is buffer)
    """,
    "FileDataset named object": """
        obj = io.BytesIO(b""); obj.name = "named.dcm"
        f = FileDataset(obj, {})
        print(f.filename, f.fileobj_type.__name__)
    """,
    "FileDataset copy": """
        ds = Dataset(); ds.PatientID = "1"
        f = FileDataset("x.dcm", ds)
        c = copy.copy(f); print(c.filename, c._dict is f._dict, c == f, c.file_meta is f.file_meta)
        d = copy.deepcopy(f); print(d.filename, d._dict is f._dict, d == f, d.file_meta is f.file_meta)
        c.PatientID = "2"; print(f.PatientID)
    """,
    # -- copies ----------------------------------------------------------------
    "copy shares elements": BUILD + """
        c = ds.copy(); print(type(c).__name__, c == ds, c._dict is ds._dict)
        c.PatientID = "new"; print(ds.PatientID)
    """,
    "deepcopy": BUILD + """
        d = copy.deepcopy(ds); print(d == ds, d._dict is ds._dict, str(d) == str(ds))
        d.BeamSequence[0].Manufacturer = "changed"; print(ds.BeamSequence[0].Manufacturer)
        print(d.BeamSequence.parent_dataset() is d, d.BeamSequence[0].parent_seq() is d.BeamSequence)
        print(ds.BeamSequence.parent_dataset() is ds)
    """,
    "pickle": BUILD + """
        p = pickle.loads(pickle.dumps(ds))
        print(p == ds, str(p) == str(ds))
        print(p.BeamSequence.parent_dataset() is p, p.BeamSequence[0].parent_seq() is p.BeamSequence)
        print(p.private_block(0x0041, "My Creator")[0x01])
    """,
    # -- parents -----------------------------------------------------------------
    "parent_seq": BUILD + """
        item = ds.BeamSequence[0]
        print(item.parent_seq() is ds.BeamSequence, ds.BeamSequence.parent_dataset() is ds)
        print(Dataset().parent_seq)
    """,
    "parent deprecated": BUILD + "print(ds.BeamSequence[0].parent() is ds, Dataset().parent)",
    "parent setter deprecated": BUILD + "item = Dataset(); item.parent = ds; print(item.parent)",
    "sequence element parent": "ds = Dataset(); ds.BeamSequence = []; print(ds['BeamSequence'].parent is ds)",
}


@pytest.mark.parametrize("code", list(CASES.values()), ids=list(CASES))
def test_same_as_pydicom(code):
    expected = outcome("pydicom", code)
    assert outcome("dcmcore", code) == expected


class TestKeywordAccess:
    def test_read_after_descriptor_installed(self):
        a = Dataset()
        a.PatientID = "1"
        assert a.PatientID == "1"
        b = Dataset()
        with pytest.raises(AttributeError, match="'Dataset' object has no attribute 'PatientID'"):
            b.PatientID
        assert b.get("PatientID", "none") == "none"
        b.PatientID = "2"
        assert (a.PatientID, b.PatientID) == ("1", "2")

    def test_subclass_message(self):
        f = FileMetaDataset()
        with pytest.raises(AttributeError, match="'FileMetaDataset' object has no attribute 'TransferSyntaxUID'"):
            f.TransferSyntaxUID

    def test_dir_lists_present_keywords_only(self):
        ds = Dataset()
        ds.PatientWeight = "70"
        assert ds.PatientWeight == 70.0  # reading installs the class attribute
        ds2 = Dataset()
        assert "PatientWeight" in dir(ds)
        assert "PatientWeight" not in dir(ds2)

    def test_raw_element_converted_on_read(self):
        ds = Dataset()
        raw = RawDataElement(Tag(0x00100020), "LO", 4, b"1234", 0, False, True)
        ds._dict[raw.tag] = raw
        assert ds.get_item(0x00100020) is raw
        assert ds.PatientID == "1234"
        assert isinstance(ds.get_item(0x00100020), DataElement)


class TestTagsStayShared:
    """Keys remain the shared BaseTag objects so that look-ups hit by identity."""

    def build(self):
        ds = Dataset()
        ds.PatientName = "A^B"
        ds.add_new(0x00091001, "LO", "x")
        ds.BeamSequence = [Dataset()]
        ds.BeamSequence[0].Manufacturer = "M"
        return ds

    def keys_shared(self, ds):
        return all(Tag(int(tag)) is tag for tag in ds.keys())

    def test_after_pickle(self):
        restored = pickle.loads(pickle.dumps(self.build()))
        assert self.keys_shared(restored)
        assert self.keys_shared(restored.BeamSequence[0])

    def test_after_deepcopy(self):
        copied = copy.deepcopy(self.build())
        assert self.keys_shared(copied)
        assert self.keys_shared(copied.BeamSequence[0])

    def test_shallow_copy_keeps_dict(self):
        ds = self.build()
        assert ds.copy()._dict is ds._dict


class TestRawElements:
    """Lazy conversion of raw elements and resolution of ambiguous VRs."""

    @staticmethod
    def raw(tag, vr, value, little_endian=True, implicit=True, length=None):
        return RawDataElement(
            Tag(tag), vr, len(value) if length is None else length, value, 0, implicit, little_endian
        )

    def pair(self, lib, elements, nested=None):
        """The same dataset, with raw elements, in dcmcore or pydicom."""
        names = namespace(lib)
        raw_class, tag_class = names["RawDataElement"], names["Tag"]

        def make(specs):
            ds = names["Dataset"]()
            for tag, vr, value in specs:
                ds._dict[tag_class(tag)] = raw_class(tag_class(tag), vr, len(value), value, 0, True, True)
            ds.set_original_encoding(True, True, "iso8859")
            return ds

        ds = make(elements)
        if nested is not None:
            ds.ReferencedImageSequence = [make(nested)]
        return ds

    @pytest.mark.parametrize(
        "elements, nested",
        [
            # US or SS from PixelRepresentation: signed, unsigned, absent
            ([(0x00280103, None, b"\x01\x00"), (0x00280106, None, b"\xfe\xff")], None),
            ([(0x00280103, None, b"\x00\x00"), (0x00280106, None, b"\xfe\xff")], None),
            ([(0x00280106, None, b"\xfe\xff\x02\x00")], None),
            ([(0x00280106, None, b"")], None),
            # absent PixelRepresentation but pixel data present
            ([(0x00280106, None, b"\xfe\xff"), (0x7FE00010, None, b"\x00\x00")], None),
            # nested item finds PixelRepresentation in its parent
            ([(0x00280103, None, b"\x01\x00")], [(0x00283002, None, b"\x00\x01\xfe\xff\x10\x00")]),
            ([(0x00280103, None, b"\x00\x00")], [(0x00281101, None, b"\x00\x01\x00\x00\x10\x00")]),
            # LUT data: US if one entry, else OW
            ([(0x00283002, "US", b"\x01\x00\x00\x00\x10\x00"), (0x00283006, None, b"\x05\x00")], None),
            ([(0x00283002, "US", b"\x02\x00\x00\x00\x10\x00"), (0x00283006, None, b"\x05\x00\x06\x00")], None),
            # overlay data is OW
            ([(0x60003000, None, b"\x00\x01")], None),
            ([(0x60203000, None, b"\x00\x01")], None),
        ],
    )
    def test_ambiguous_vr_as_pydicom(self, elements, nested):
        def observe(lib):
            ds = self.pair(lib, elements, nested)
            try:
                text = str(ds)
            except AttributeError as exc:
                return type(exc).__name__, str(exc).splitlines()[0]
            seen = [(str(e.tag), str(e.VR), repr(e.value)) for e in ds.iterall()]
            return text, seen, [str(type(e).__name__) for e in ds.values()]

        assert observe("dcmcore") == observe("pydicom")

    @pytest.mark.parametrize("implicit, bits, expected", [(True, 16, "OW"), (False, 16, "OW"), (False, 8, "OB")])
    def test_pixel_data_vr(self, implicit, bits, expected):
        for lib in ("dcmcore", "pydicom"):
            names = namespace(lib)
            ds = names["Dataset"]()
            ds.is_implicit_VR = implicit
            ds.BitsAllocated = bits
            tag = names["Tag"](0x7FE00010)
            ds._dict[tag] = names["RawDataElement"](tag, "OB or OW", 4, b"\x00" * 4, 0, implicit, True)
            assert ds.PixelData == b"\x00" * 4
            assert ds["PixelData"].VR == expected, lib

    def test_missing_bits_allocated(self):
        messages = []
        for lib in ("dcmcore", "pydicom"):
            names = namespace(lib)
            ds = names["Dataset"]()
            ds.is_implicit_VR = False
            tag = names["Tag"](0x7FE00010)
            ds._dict[tag] = names["RawDataElement"](tag, "OB or OW", 4, b"\x00" * 4, 0, False, True)
            with pytest.raises(AttributeError) as info:
                ds.PixelData
            messages.append(str(info.value))
            # the element stays converted with its ambiguous VR, as in pydicom
            assert ds.PixelData == b"\x00" * 4
            assert ds["PixelData"].VR == "OB or OW"
        assert messages[0] == messages[1]
        assert messages[0].startswith("Failed to resolve ambiguous VR for tag (7fe0, 0010)")

    def test_conversion_sets_private_creator(self):
        for lib in ("dcmcore", "pydicom"):
            ds = self.pair(lib, [(0x00090010, None, b"ACME"), (0x00091001, None, b"ab")])
            assert ds[0x00091001].private_creator == "ACME"
            assert ds.get_item(0x00090010).__class__.__name__ == "DataElement"

    def test_specific_character_set_used(self):
        def observe(lib):
            ds = self.pair(lib, [(0x00080005, None, b"ISO_IR 100"), (0x00100010, None, b"J\xe9r\xf4me")])
            ds.read_encoding = None
            return str(ds.PatientName)

        assert observe("dcmcore") == observe("pydicom") == "J\xe9r\xf4me"

    def test_elements_keep_raw(self):
        ds = self.pair("dcmcore", [(0x00100020, None, b"1234")])
        assert [type(e).__name__ for e in ds.elements()] == ["RawDataElement"]
        assert ds.get_item(slice(None)).get_item(0x00100020).__class__ is RawDataElement
        assert [type(e).__name__ for e in ds] == ["DataElement"]
        assert ds.get_item(0x00100020).__class__ is DataElement


class TestPrivateBlock:
    def test_block_attributes(self):
        ds = Dataset()
        block = ds.private_block(0x0009, "ACME", create=True)
        assert isinstance(block, PrivateBlock)
        assert (block.group, block.private_creator, block.dataset, block.block_start) == (9, "ACME", ds, 0x1000)
        assert block.get_tag(0xFF) == 0x000910FF
        assert isinstance(block.get_tag(0), BaseTag)


class TestSequenceParents:
    def test_items_point_at_copies(self):
        ds = Dataset()
        ds.BeamSequence = [Dataset(), Dataset()]
        ds.BeamSequence[0].BeamSequence = [Dataset()]
        copied = copy.deepcopy(ds)
        assert copied.BeamSequence.parent_dataset() is copied
        assert all(item.parent_seq() is copied.BeamSequence for item in copied.BeamSequence)
        inner = copied.BeamSequence[0].BeamSequence
        assert inner.parent_dataset() is copied.BeamSequence[0]
        assert inner[0].parent_seq() is inner

    def test_weak_references_do_not_keep_parents(self):
        ds = Dataset()
        ds.BeamSequence = [Dataset()]
        item = ds.BeamSequence[0]
        del ds
        import gc

        gc.collect()
        assert item.parent_seq() is None

    def test_deepcopy_memo_not_given(self):
        ds = Dataset()
        ds.BeamSequence = [Dataset()]
        copied = ds.__deepcopy__(None)
        assert copied.BeamSequence.parent_dataset() is copied



def pydicom_test_files() -> List[str]:
    """The DICOM files shipped inside the installed pydicom, if any."""
    try:
        import pydicom
    except ImportError:
        return []
    from pathlib import Path

    root = Path(pydicom.__file__).parent / "data" / "test_files"
    return sorted(str(path) for path in root.rglob("*.dcm"))


class TestReadFiles:
    """Datasets read from files: raw elements converted lazily, as in pydicom."""

    @staticmethod
    def read(lib, path):
        module = pytest.importorskip("pydicom.filereader") if lib == "pydicom" else __import__(
            "dcmcore.filereader", fromlist=["dcmread"]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return module.dcmread(path, force=True)

    @staticmethod
    def picture(ds):
        return [(str(e.tag), str(e.VR), repr(e.value)[:300], e.private_creator) for e in ds.iterall()]

    @pytest.mark.parametrize("path", pydicom_test_files(), ids=lambda path: path.rsplit("/", 1)[-1])
    def test_same_as_pydicom(self, path):
        def observe(ds):
            # the warnings of converting the values count too
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                seen = (str(ds), ds.top(), self.picture(ds), ds.dir())
            return seen, [(w.category.__name__, normalized(str(w.message))) for w in caught]

        try:
            expected = observe(self.read("pydicom", path))
        except Exception:
            pytest.skip("pydicom cannot read it either")
        try:
            ours = self.read("dcmcore", path)
        except Exception as exc:  # the reader's own tests cover its errors
            pytest.skip(f"dcmcore's reader: {type(exc).__name__}")
        raw_tags = [tag for tag, elem in ours.items() if isinstance(elem, RawDataElement)]
        assert observe(ours) == expected
        assert all(isinstance(ours.get_item(tag), DataElement) for tag in raw_tags)

    @pytest.mark.parametrize("path", pydicom_test_files()[:20], ids=lambda path: path.rsplit("/", 1)[-1])
    def test_copies_and_pickles(self, path):
        try:
            ours = self.read("dcmcore", path)
        except Exception as exc:
            pytest.skip(f"dcmcore's reader: {type(exc).__name__}")
        expected = str(ours)
        for copied in (copy.deepcopy(ours), pickle.loads(pickle.dumps(ours)), copy.copy(ours)):
            assert copied == ours
            assert str(copied) == expected
            assert type(copied) is type(ours)
            assert copied.filename == ours.filename


class TestCompiledIteration:
    """iter(ds) converts raw elements one by one, as __getitem__ does."""

    @staticmethod
    def raw_dataset():
        from dcmcore.dataelem import RawDataElement

        def raw(tag, vr, value):
            return RawDataElement(Tag(tag), vr, len(value), value, 0, False, True)

        ds = Dataset()
        for tag, vr, value in [
            (0x00100020, "LO", b"ID "),
            (0x00100010, "PN", b"Doe^John"),
            (0x00091001, "LO", b"private "),
            (0x00090010, "LO", b"CREATOR "),
            (0x00281050, "DS", b"1.5\\2"),
        ]:
            ds._dict[Tag(tag)] = raw(tag, vr, value)
        ds.set_original_encoding(False, True, "iso8859")
        return ds

    def test_order_values_and_private_creator(self):
        ds = self.raw_dataset()
        elements = list(ds)
        assert [int(e.tag) for e in elements] == sorted(int(tag) for tag in ds._dict)
        assert [e.value for e in elements][:2] == ["CREATOR", "private"]
        assert elements[1].private_creator == "CREATOR"
        assert all(isinstance(ds.get_item(tag), DataElement) for tag in ds._dict)

    def test_stays_lazy(self):
        from dcmcore.dataelem import RawDataElement

        ds = self.raw_dataset()
        iterator = iter(ds)
        first = next(iterator)
        assert first.tag == 0x00090010
        assert isinstance(ds.get_item(0x00281050), RawDataElement)
        assert isinstance(ds.get_item(0x00090010), DataElement)

    def test_subclass_getitem_sees_every_look_up(self):
        seen = []

        class Logging(Dataset):
            def __getitem__(self, key):
                seen.append(key)
                return super().__getitem__(key)

        ds = Logging(self.raw_dataset())
        list(ds)
        # (0008,0005) is looked up for the character set of each conversion
        assert sorted(key for key in seen if key != 0x00080005) == sorted(ds._dict)

    def test_unsorted_keys(self):
        ds = Dataset()
        ds.PatientName = "A"
        ds.Modality = "CT"
        ds.add_new(0x00090010, "LO", "X")
        assert [e.keyword or "private" for e in ds] == ["Modality", "private", "PatientName"]
