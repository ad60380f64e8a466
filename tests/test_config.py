"""Tests of dcmcore.config and dcmcore.errors, compared with pydicom 2.4.5."""

import io
import logging
import os
import subprocess
import sys

import pytest

from dcmcore import config, errors, valuerep


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


@pytest.fixture(autouse=True)
def _restore():
    saved = {name: getattr(config, name) for name in (
        "use_DS_decimal", "use_DS_numpy", "enforce_valid_values", "INVALID_KEYWORD_BEHAVIOR",
        "_use_future",
    )}  # fmt: skip
    reading = config.settings._reading_validation_mode
    writing = config.settings._writing_validation_mode
    yield
    for name, value in saved.items():
        setattr(config, name, value)
    valuerep.DSclass = valuerep.DSdecimal if config.use_DS_decimal else valuerep.DSfloat
    config.settings._reading_validation_mode = reading
    config.settings._writing_validation_mode = writing


class TestDefaults:
    NAMES = [
        "IGNORE", "WARN", "RAISE", "use_DS_decimal", "use_DS_numpy", "use_IS_numpy",
        "allow_DS_float", "enforce_valid_values", "convert_wrong_length_to_UN",
        "datetime_conversion", "use_none_as_empty_text_VR_value", "replace_un_with_known_vr",
        "show_file_meta", "assume_implicit_vr_switch", "data_element_callback",
        "data_element_callback_kwargs", "INVALID_KEYWORD_BEHAVIOR", "INVALID_KEY_BEHAVIOR",
        "debugging", "APPLY_J2K_CORRECTIONS", "have_numpy",
    ]  # fmt: skip

    @pytest.mark.parametrize("name", NAMES)
    def test_matches_pydicom(self, pydicom, name):
        from pydicom import config as pc

        assert getattr(config, name) == getattr(pc, name)

    def test_settings_match_pydicom(self, pydicom):
        from pydicom import config as pc

        for name in ("reading_validation_mode", "writing_validation_mode", "infer_sq_for_un_vr"):
            assert getattr(config.settings, name) == getattr(pc.settings, name)

    def test_logger(self):
        assert config.logger.name == "dcmcore"
        assert config.logger.level == logging.WARNING


class TestValidationModes:
    def test_enforce_valid_values_sets_default(self):
        config.enforce_valid_values = True
        assert config.settings.reading_validation_mode == config.RAISE
        assert config.settings.writing_validation_mode == config.RAISE
        config.settings.reading_validation_mode = config.IGNORE
        assert config.settings.reading_validation_mode == config.IGNORE

    def test_disable_value_validation(self):
        config.settings.reading_validation_mode = config.RAISE
        with config.disable_value_validation():
            assert config.settings.reading_validation_mode == config.IGNORE
            assert config.settings.writing_validation_mode == config.IGNORE
            valuerep.validate_value("UI", "1.02", config.settings.reading_validation_mode)
        assert config.settings.reading_validation_mode == config.RAISE

    def test_strict_reading(self):
        with config.strict_reading():
            assert config.settings.reading_validation_mode == config.RAISE
            with pytest.raises(ValueError):
                valuerep.IS("1.5")
        assert config.settings.reading_validation_mode == config.WARN

    def test_settings_restored_after_error(self):
        with pytest.raises(KeyError):
            with config.disable_value_validation():
                raise KeyError
        assert config.settings.reading_validation_mode == config.WARN


class TestDSSwitches:
    @pytest.mark.parametrize(
        "calls",
        [
            [("DS_decimal", True)], [("DS_decimal", False)], [("DS_numpy", True)],
            [("DS_numpy", True), ("DS_decimal", True)], [("DS_decimal", True), ("DS_numpy", True)],
            [("DS_decimal", True), ("DS_numpy", False)],
        ],
    )  # fmt: skip
    def test_matches_pydicom(self, pydicom, calls):
        from pydicom import config as pc
        from pydicom import valuerep as pv

        saved = (pc.use_DS_decimal, pc.use_DS_numpy)

        def run(module, value_module):
            results = []
            for name, flag in calls:
                try:
                    getattr(module, name)(flag)
                    results.append("ok")
                except ValueError as exc:
                    results.append(str(exc))
            results.append((module.use_DS_decimal, module.use_DS_numpy))
            results.append(value_module.DSclass.__name__)
            return results

        try:
            assert run(config, valuerep) == run(pc, pv)
        finally:
            pc.use_DS_decimal, pc.use_DS_numpy = saved
            pv.DSclass = pv.DSdecimal if pc.use_DS_decimal else pv.DSfloat


class TestFuture:
    def test_future_behavior(self):
        config.future_behavior()
        assert config.INVALID_KEYWORD_BEHAVIOR == "RAISE"
        assert config.settings.writing_validation_mode == config.RAISE
        config.future_behavior(False)
        assert config.INVALID_KEYWORD_BEHAVIOR == "WARN"
        assert config.settings.writing_validation_mode == config.WARN

    @pytest.mark.parametrize(
        "value, expected", [("true", "RAISE"), ("0", "WARN"), ("maybe", "ValueError")]
    )
    def test_environment_variable(self, tmp_path, value, expected):
        code = (
            "import dcmcore.config as c\n"
            "print(c.settings.writing_validation_mode == c.RAISE and 'RAISE' or 'WARN')"
        )
        env = {**os.environ, "DCMCORE_FUTURE": value}
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
        )
        if expected == "ValueError":
            assert "Unknown setting for environment variable DCMCORE_FUTURE" in result.stderr
        else:
            assert result.stdout.strip() == expected, result.stderr


class TestDebug:
    def test_debug_on_and_off(self):
        handlers = list(config.logger.handlers)
        try:
            config.debug(True, default_handler=False)
            assert config.debugging is True
            assert config.logger.level == logging.DEBUG
            config.debug(False, default_handler=True)
            assert config.debugging is False
            assert config.logger.level == logging.WARNING
            assert len(config.logger.handlers) == len(handlers) + 1
        finally:
            config.logger.handlers = handlers
            config.debug(False, False)


class TestCallbacks:
    def test_reset_data_element_callback(self):
        config.data_element_callback = print
        config.data_element_callback_kwargs = {"a": 1}
        config.reset_data_element_callback()
        assert config.data_element_callback is None
        assert config.data_element_callback_kwargs == {}


class TestErrors:
    def test_invalid_dicom_error_matches_pydicom(self, pydicom):
        from pydicom import errors as pe

        assert str(errors.InvalidDicomError()) == str(pe.InvalidDicomError())
        assert str(errors.InvalidDicomError("custom", 1)) == str(pe.InvalidDicomError("custom", 1))
        assert errors.InvalidDicomError("x").args == ("x",)
        assert issubclass(errors.InvalidDicomError, Exception)

    def test_bytes_length_exception(self):
        assert issubclass(errors.BytesLengthException, Exception)
        assert str(errors.BytesLengthException("bad length")) == "bad length"


class TestChangesAreSeen:
    """The compiled reader keeps the settings it read until one changes."""

    def test_every_kind_of_change_counts(self, monkeypatch):
        from dcmcore import config

        before = config._generation
        monkeypatch.setattr(config, "replace_un_with_known_vr", False)
        assert config._generation > before
        before = config._generation
        with config.strict_reading():
            assert config._generation > before
        before = config._generation
        config.DS_decimal(False)
        assert config._generation > before

    def test_a_setting_changed_between_reads_applies(self, monkeypatch):
        import dcmcore
        from dcmcore import config
        from dcmcore.dataset import Dataset
        from dcmcore.sequence import Sequence

        item = Dataset()
        item.PatientID = ""
        ds = Dataset()
        ds.ReferencedPatientSequence = Sequence([item])
        ds.is_little_endian, ds.is_implicit_VR = True, False
        fp = io.BytesIO()
        dcmcore.filewriter.write_dataset(fp, ds)

        def item_value():
            read = dcmcore.filereader.read_dataset(io.BytesIO(fp.getvalue()), False, True)
            return read.ReferencedPatientSequence[0].PatientID

        assert item_value() == ""
        monkeypatch.setattr(config, "use_none_as_empty_text_VR_value", True)
        assert item_value() is None
        monkeypatch.setattr(config, "use_none_as_empty_text_VR_value", False)
        assert item_value() == ""
