"""Every example of the contract runs as a doctest against dcmcore.

The examples live in contract_examples.txt (the contract itself is not part of
the repository). The same text, with ``dcmcore`` replaced by ``pydicom``, runs
against pydicom 2.4.5 too, which shows that the expected outputs are the
oracle's.
"""

import doctest
import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).with_name("contract_examples.txt").read_text(encoding="utf-8")
MARKER = ".. file-based examples"
IN_MEMORY, FILE_BASED = EXAMPLES.split(MARKER)


def run_doctest(text: str, name: str) -> None:
    """Run the examples in `text`; fail with the doctest report if any fails."""
    test = doctest.DocTestParser().get_doctest(text, {}, name, name, 0)
    report = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.append)
    failed, attempted = runner.summarize(verbose=False)
    assert attempted > 0
    assert failed == 0, "".join(report)


def ct_small_available(library: str) -> bool:
    """True once `library`.data can give the CT_small.dcm test file."""
    if importlib.util.find_spec(f"{library}.data") is None:
        return False
    data = importlib.import_module(f"{library}.data")
    get_testdata_file = getattr(data, "get_testdata_file", None)
    if get_testdata_file is None:
        return False
    try:
        return get_testdata_file("CT_small.dcm") is not None
    except Exception:
        return False


class TestContractExamples:
    def test_dcmcore(self):
        run_doctest(IN_MEMORY, "contract examples (dcmcore)")

    def test_pydicom_gives_the_same_output(self):
        pytest.importorskip("pydicom")
        run_doctest(IN_MEMORY.replace("dcmcore", "pydicom"), "contract examples (pydicom)")

    def test_file_based_dcmcore(self, tmp_path, monkeypatch):
        if not ct_small_available("dcmcore"):
            pytest.skip("dcmcore.data does not ship CT_small.dcm yet")
        monkeypatch.chdir(tmp_path)
        run_doctest(FILE_BASED, "contract file examples (dcmcore)")
        assert (tmp_path / "CT_small_rle.dcm").stat().st_size > 0

    def test_every_example_present(self):
        # the contract's 61 ">>>" lines, plus the two imports at the top, the
        # added call of recurse() and the json import of the to_json example
        assert EXAMPLES.count("\n>>> ") == 61 + 2 + 1 + 1
