"""dcmcore.util against pydicom 2.4.5's pydicom.util."""

import binascii

import pytest

from dcmcore.util.hexutil import bytes2hex, hex2bytes

HEX_TEXTS = ["", "08 00 32 10", "0800 3210 ", "fe ff 00 e0", "FE FF DD E0 00 00 00 00", "0a"]


class TestHexutil:
    @pytest.mark.parametrize("text", HEX_TEXTS)
    def test_hex2bytes_as_pydicom(self, text):
        hexutil = pytest.importorskip("pydicom.util.hexutil")
        assert hex2bytes(text) == hexutil.hex2bytes(text)
        assert hex2bytes(text.encode()) == hexutil.hex2bytes(text.encode())

    @pytest.mark.parametrize("data", [b"", b"\x00", b"\x08\x002\x10\xfe\xff", bytes(range(256))])
    def test_bytes2hex_as_pydicom_and_back(self, data):
        hexutil = pytest.importorskip("pydicom.util.hexutil")
        assert bytes2hex(data) == hexutil.bytes2hex(data)
        assert hex2bytes(bytes2hex(data)) == data

    def test_errors(self):
        with pytest.raises(TypeError, match="argument shall be bytes or string type"):
            hex2bytes(8)
        with pytest.raises(binascii.Error):
            hex2bytes("0 8 0")  # odd
        with pytest.raises(binascii.Error):
            hex2bytes("08\n00")  # only spaces are ignored
