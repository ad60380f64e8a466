"""Tests of the Cython value codec kernels in dcmcore._codec."""

import mmap
import os
import random
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcmcore import _codec
from dcmcore._codec import (
    STRIP_LEADING_WHITESPACE,
    STRIP_TRAILING_PADDING,
    STRIP_TRAILING_WHITESPACE,
    encode_text,
    item_size,
    pack_numbers,
    pad_even,
    split_text,
    unpack_array,
    unpack_numbers,
)
from dcmcore.errors import BytesLengthException

# VR -> struct format of one value (AT: group and element numbers)
FORMATS = {
    "US": "H", "SS": "h", "UL": "L", "SL": "l", "UV": "Q", "SV": "q",
    "FL": "f", "FD": "d", "AT": "HH",
}  # fmt: skip
NUMBER_VRS = sorted(FORMATS)
ENDIANS = [True, False]


def struct_unpack(src, vr, little_endian):
    """Reference: the values of `src` as pydicom's struct-based reading gives them."""
    order = "<" if little_endian else ">"
    if vr == "AT":
        pairs = struct.unpack(f"{order}{len(src) // 2}H", src)
        values = [(pairs[i] << 16) | pairs[i + 1] for i in range(0, len(pairs), 2)]
    else:
        values = list(struct.unpack(f"{order}{len(src) // item_size(vr)}{FORMATS[vr]}", src))
    return values[0] if len(values) == 1 else values


def same(first, second):
    """Equality that also holds for NaN values in the same places."""
    return repr(first) == repr(second)


class TestItemSize:
    @pytest.mark.parametrize(
        "vr, size",
        [("US", 2), ("SS", 2), ("UL", 4), ("SL", 4), ("FL", 4), ("AT", 4),
         ("UV", 8), ("SV", 8), ("FD", 8)],
    )  # fmt: skip
    def test_binary_vrs(self, vr, size):
        assert item_size(vr) == size

    @pytest.mark.parametrize("vr", ["OB", "OW", "CS", "", "U", "USS", "us", None])
    def test_other_vrs_are_zero(self, vr):
        assert item_size(vr) == 0


class TestUnpackNumbers:
    @pytest.mark.parametrize("vr", NUMBER_VRS)
    @pytest.mark.parametrize("little_endian", ENDIANS)
    @pytest.mark.parametrize("count", [0, 1, 2, 7])
    def test_matches_struct(self, vr, little_endian, count):
        src = random.Random(f"{vr}{count}").randbytes(count * item_size(vr))
        result = unpack_numbers(src, vr, little_endian)
        if count == 0:
            assert result == []
        else:
            assert same(result, struct_unpack(src, vr, little_endian))
        if count == 1:
            assert not isinstance(result, list)

    @pytest.mark.parametrize("vr", NUMBER_VRS)
    @pytest.mark.parametrize("little_endian", ENDIANS)
    @settings(max_examples=40, deadline=None)
    @given(data=st.binary(max_size=64))
    def test_random_bytes(self, vr, little_endian, data):
        size = item_size(vr)
        src = data[: len(data) - len(data) % size]
        expected = struct_unpack(src, vr, little_endian) if src else []
        assert same(unpack_numbers(src, vr, little_endian), expected)

    @pytest.mark.parametrize("vr", ["US", "SS"])
    @pytest.mark.parametrize("little_endian", ENDIANS)
    def test_big_16_bit_values(self, vr, little_endian):
        # a value big enough for the shared int table, then small ones after it
        src = os.urandom(1 << 16)
        assert unpack_numbers(src, vr, little_endian) == struct_unpack(src, vr, little_endian)
        every = struct.pack("<65536H", *range(65536))
        assert unpack_numbers(every, vr, True) == struct_unpack(every, vr, True)
        assert unpack_numbers(every[:6], vr, False) == struct_unpack(every[:6], vr, False)

    def test_known_values(self):
        assert unpack_numbers(b"\x01\x02", "US", True) == 0x0201
        assert unpack_numbers(b"\x01\x02", "US", False) == 0x0102
        assert unpack_numbers(b"\xff\xff", "SS", True) == -1
        assert unpack_numbers(b"\x10\x00\x20\x00", "AT", True) == 0x00100020
        assert unpack_numbers(b"\x00\x10\x00\x20", "AT", False) == 0x00100020
        assert unpack_numbers(b"\x00\x00\x80\x3f", "FL", True) == 1.0
        assert unpack_numbers(b"\xff" * 8, "UV", True) == 2**64 - 1
        assert unpack_numbers(b"\xff" * 8, "SV", True) == -1

    @pytest.mark.parametrize(
        "src",
        [bytearray(b"\x01\x00\x02\x00"), memoryview(b"\x00\x01\x02\x03\x04\x05")[2:]],
    )
    def test_buffer_types(self, src):
        assert unpack_numbers(src, "US", True) == struct_unpack(bytes(src), "US", True)

    def test_mmap(self, tmp_path):
        path = tmp_path / "values.bin"
        path.write_bytes(b"\x01\x00\x02\x00")
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
            assert unpack_numbers(view, "US", True) == [1, 2]

    @pytest.mark.parametrize("vr", NUMBER_VRS)
    @pytest.mark.parametrize("length", [1, 3, 5, 7, 9, 301])
    def test_wrong_length_raises(self, vr, length):
        if length % item_size(vr) == 0:
            pytest.skip("a valid length for this VR")
        src = bytes(range(256)) * 2
        src = src[:length]
        with pytest.raises(BytesLengthException) as info:
            unpack_numbers(src, vr, True)
        shown = repr(src) if length <= 256 else "bytes"
        assert str(info.value) == (
            "Expected total bytes to be an even multiple of bytes per value. "
            f"Instead received {shown} with length {length} and struct format "
            f"'{FORMATS[vr]}' which corresponds to bytes per value of {item_size(vr)}."
        )

    def test_wrong_length_message_as_pydicom(self):
        pydicom_values = pytest.importorskip("pydicom.values")
        for vr, fmt in FORMATS.items():
            if vr == "AT":
                continue
            with pytest.raises(Exception) as expected:
                pydicom_values.convert_numbers(b"\x01\x02\x03", True, fmt)
            with pytest.raises(BytesLengthException) as got:
                unpack_numbers(b"\x01\x02\x03", vr, True)
            assert str(got.value) == str(expected.value)

    @pytest.mark.parametrize("vr", ["OB", "CS", "", "X", None])
    def test_not_a_binary_vr(self, vr):
        with pytest.raises(ValueError, match="Expected a fixed-size binary VR"):
            unpack_numbers(b"\x00\x00", vr, True)

    def test_bad_buffers_raise(self):
        with pytest.raises(TypeError):
            unpack_numbers(None, "US", True)
        with pytest.raises(TypeError):
            unpack_numbers("text", "US", True)
        with pytest.raises(BufferError):
            unpack_numbers(memoryview(b"abcdef")[::2], "US", True)


class TestUnpackArray:
    @pytest.mark.parametrize("vr", [vr for vr in NUMBER_VRS if vr != "AT"])
    @pytest.mark.parametrize("little_endian", ENDIANS)
    def test_matches_frombuffer(self, vr, little_endian):
        src = os.urandom(64 * item_size(vr))
        array = unpack_array(src, vr, little_endian)
        assert array.dtype.isnative
        dtype = {"US": "u2", "SS": "i2", "UL": "u4", "SL": "i4", "UV": "u8", "SV": "i8",
                 "FL": "f4", "FD": "f8"}[vr]  # fmt: skip
        expected = np.frombuffer(src, dtype=("<" if little_endian else ">") + dtype)
        np.testing.assert_array_equal(array, expected)
        assert same(array.tolist(), unpack_numbers(src, vr, little_endian))

    @pytest.mark.parametrize("little_endian", ENDIANS)
    def test_at(self, little_endian):
        src = struct.pack("<4H" if little_endian else ">4H", 0x10, 0x20, 0x7FE0, 0x10)
        array = unpack_array(src, "AT", little_endian)
        assert array.dtype == np.uint32
        assert array.tolist() == [0x00100020, 0x7FE00010]

    def test_empty(self):
        assert unpack_array(b"", "US", True).shape == (0,)

    def test_wrong_length_raises(self):
        with pytest.raises(BytesLengthException):
            unpack_array(b"\x00" * 3, "US", True)
        with pytest.raises(BytesLengthException):
            unpack_array(b"\x00" * 6, "AT", True)
        with pytest.raises(ValueError):
            unpack_array(b"\x00" * 2, "OB", True)
        with pytest.raises(TypeError):
            unpack_array(None, "US", True)


class TestPackNumbers:
    @pytest.mark.parametrize("vr", [vr for vr in NUMBER_VRS if vr not in ("FL", "FD", "AT")])
    @pytest.mark.parametrize("little_endian", ENDIANS)
    @settings(max_examples=30, deadline=None)
    @given(data=st.data())
    def test_round_trip_integers(self, vr, little_endian, data):
        bits = item_size(vr) * 8
        low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if vr[0] == "S" else (0, 2**bits - 1)
        values = data.draw(st.lists(st.integers(low, high), max_size=8))
        encoded = pack_numbers(values, vr, little_endian)
        order = "<" if little_endian else ">"
        assert encoded == struct.pack(f"{order}{len(values)}{FORMATS[vr]}", *values)
        decoded = unpack_numbers(encoded, vr, little_endian)
        assert decoded == (values[0] if len(values) == 1 else values)

    @pytest.mark.parametrize("little_endian", ENDIANS)
    @settings(max_examples=60, deadline=None)
    @given(values=st.lists(st.floats(width=32), min_size=2, max_size=6))
    def test_round_trip_fl(self, little_endian, values):
        decoded = unpack_numbers(pack_numbers(values, "FL", little_endian), "FL", little_endian)
        assert same(decoded, values)

    @pytest.mark.parametrize("little_endian", ENDIANS)
    @settings(max_examples=60, deadline=None)
    @given(values=st.lists(st.floats(), min_size=2, max_size=6))
    def test_round_trip_fd(self, little_endian, values):
        encoded = pack_numbers(values, "FD", little_endian)
        assert encoded == struct.pack(("<" if little_endian else ">") + "d" * len(values), *values)
        assert same(unpack_numbers(encoded, "FD", little_endian), values)

    @pytest.mark.parametrize("little_endian", ENDIANS)
    @settings(max_examples=60, deadline=None)
    @given(tags=st.lists(st.integers(0, 0xFFFFFFFF), min_size=2, max_size=6))
    def test_round_trip_at(self, little_endian, tags):
        encoded = pack_numbers(tags, "AT", little_endian)
        order = "<" if little_endian else ">"
        assert encoded == b"".join(struct.pack(order + "HH", tag >> 16, tag & 0xFFFF) for tag in tags)
        assert unpack_numbers(encoded, "AT", little_endian) == tags

    @pytest.mark.parametrize(
        "values, vr, expected",
        [
            (None, "US", b""),
            ("", "US", b""),
            ([], "UL", b""),
            (5, "US", b"\x05\x00"),
            (True, "US", b"\x01\x00"),
            ((1, 2), "US", b"\x01\x00\x02\x00"),
            (iter([1, 2]), "SS", b"\x01\x00\x02\x00"),
            (np.uint16(7), "US", b"\x07\x00"),
            (np.array([1, 2], dtype=np.int64), "UL", b"\x01\x00\x00\x00\x02\x00\x00\x00"),
            (np.float32(1.5), "FL", struct.pack("<f", 1.5)),
            (3, "FD", struct.pack("<d", 3.0)),
            (2**64 - 1, "UV", b"\xff" * 8),
            (-(2**63), "SV", b"\x00" * 7 + b"\x80"),
            (0x00100020, "AT", b"\x10\x00\x20\x00"),
        ],
    )
    def test_values_accepted(self, values, vr, expected):
        assert pack_numbers(values, vr, True) == expected

    @pytest.mark.parametrize(
        "value, vr",
        [
            (70000, "US"), (-1, "US"), (40000, "SS"), (-40000, "SS"), (-1, "UL"),
            (2**32, "UL"), (2**31, "SL"), (-1, "UV"), (2**64, "UV"), (2**63, "SV"),
            (1.5, "US"), ("12", "US"), (b"1", "UL"), ("a", "FL"), (1e300, "FL"),
            (2**2000, "FD"), (None, "SS"), (object(), "FD"),
        ],
    )  # fmt: skip
    def test_errors_as_struct(self, value, vr):
        with pytest.raises(Exception) as expected:
            struct.pack("<" + FORMATS[vr], value)
        with pytest.raises(type(expected.value)) as got:
            pack_numbers([1, value] if value is not None else [value], vr, True)
        assert str(got.value) == str(expected.value)

    @pytest.mark.parametrize("value", [-1, 2**32, 1.5, "0010"])
    def test_bad_at_raises(self, value):
        with pytest.raises((TypeError, OverflowError)):
            pack_numbers([value], "AT", True)

    def test_not_a_binary_vr(self):
        with pytest.raises(ValueError):
            pack_numbers([1], "OB", True)


def reference_split(text, whole_strip, item_strip, split):
    """split_text() written with Python's str methods."""

    def strip(value, flags):
        if flags & STRIP_LEADING_WHITESPACE:
            value = value.lstrip()
        if flags & STRIP_TRAILING_WHITESPACE:
            value = value.rstrip()
        if flags & STRIP_TRAILING_PADDING:
            value = value.rstrip("\0 ")
        return value

    text = strip(text, whole_strip)
    items = [strip(item, item_strip) for item in (text.split("\\") if split else [text])]
    return items[0] if len(items) == 1 else items


STRIP_FLAGS = [0, STRIP_TRAILING_PADDING, STRIP_LEADING_WHITESPACE | STRIP_TRAILING_WHITESPACE,
               STRIP_LEADING_WHITESPACE | STRIP_TRAILING_WHITESPACE | STRIP_TRAILING_PADDING,
               STRIP_TRAILING_WHITESPACE]  # fmt: skip
TEXT_BYTES = st.lists(st.sampled_from(b" \\\x00\t\n\x0c\r\x1c\x85\xa0AZ09.^=\xe9\x1b"), max_size=24).map(
    bytes
)


class TestSplitText:
    @pytest.mark.parametrize("whole_strip", STRIP_FLAGS)
    @pytest.mark.parametrize("item_strip", STRIP_FLAGS)
    @settings(max_examples=40, deadline=None)
    @given(src=TEXT_BYTES, split=st.booleans())
    def test_matches_str_methods(self, whole_strip, item_strip, src, split):
        expected = reference_split(src.decode("latin-1"), whole_strip, item_strip, split)
        assert split_text(src, whole_strip, item_strip, split) == expected
        assert split_text(src.decode("latin-1"), whole_strip, item_strip, split) == expected

    @pytest.mark.parametrize(
        "src, expected",
        [
            (b"", ""),
            (b"  ", ""),
            (b"ORIGINAL\\PRIMARY ", ["ORIGINAL", "PRIMARY"]),
            (b"A\\\\B\x00", ["A", "", "B"]),
            (b"\\", ["", ""]),
            (b"1.2.3\x00", "1.2.3"),
            (b"A \\B ", ["A ", "B"]),
            (b"\xe9t\xe9 ", "\xe9t\xe9"),
        ],
    )
    def test_default_strip(self, src, expected):
        assert split_text(src) == expected

    def test_single_valued(self):
        assert split_text(b"a\\b  ", STRIP_TRAILING_PADDING, split=False) == "a\\b"

    def test_big_value(self):
        src = b"1.5\\" * 5000 + b"2 "
        values = split_text(src)
        assert len(values) == 5001 and values[0] == "1.5" and values[-1] == "2"

    def test_buffer_types(self):
        assert split_text(bytearray(b"a\\b")) == ["a", "b"]
        assert split_text(memoryview(b"xa\\b ")[1:]) == ["a", "b"]

    @pytest.mark.parametrize("src", [None, 5, 1.5])
    def test_bad_input_raises(self, src):
        with pytest.raises(TypeError):
            split_text(src)


class TestEncodeText:
    @pytest.mark.parametrize(
        "value, pad, expected",
        [
            ("", 0x20, b""),
            ("A", 0x20, b"A "),
            ("AB", 0x20, b"AB"),
            (["A", "BC"], 0x20, b"A\\BC"),
            (("A", "B"), 0x20, b"A\\B "),
            ("1.2.3", 0x00, b"1.2.3\x00"),
            ("\xe9", 0x20, b"\xe9 "),
        ],
    )
    def test_join_and_pad(self, value, pad, expected):
        assert encode_text(value, pad) == expected

    @settings(max_examples=100, deadline=None)
    @given(values=st.lists(st.text(st.characters(max_codepoint=255, exclude_characters="\\"), max_size=8),
                           min_size=2, max_size=5))  # fmt: skip
    def test_round_trip(self, values):
        encoded = encode_text(values)
        assert len(encoded) % 2 == 0
        decoded = split_text(encoded, 0)
        assert decoded[:-1] == values[:-1]
        # the pad byte, if any, ends the last value
        assert decoded[-1] == (values[-1] + " " if len("\\".join(values)) % 2 else values[-1])

    def test_errors(self):
        with pytest.raises(UnicodeEncodeError):
            encode_text("\u20ac")
        with pytest.raises(TypeError):
            encode_text(["a", 1])


class TestPadEven:
    @pytest.mark.parametrize(
        "src, pad, expected",
        [(b"", 0, b""), (b"a", 0, b"a\x00"), (b"ab", 0, b"ab"), (bytearray(b"abc"), 0x20, b"abc ")],
    )
    def test_pad(self, src, pad, expected):
        result = pad_even(src, pad)
        assert result == expected and type(result) is bytes

    def test_none_raises(self):
        with pytest.raises(TypeError):
            pad_even(None, 0)


class TestModule:
    def test_flags_are_distinct_bits(self):
        flags = [STRIP_LEADING_WHITESPACE, STRIP_TRAILING_WHITESPACE, STRIP_TRAILING_PADDING]
        assert sum(flags) == (flags[0] | flags[1] | flags[2])

    def test_stub_lists_the_public_api(self):
        import dcmcore

        stub = os.path.join(os.path.dirname(dcmcore.__file__), "_codec.pyi")
        if not os.path.exists(stub):
            pytest.skip("stub not next to the built module")
        with open(stub, encoding="utf-8") as stub_file:
            text = stub_file.read()
        public = [name for name in dir(_codec) if not name.startswith("_")]
        for name in public:
            assert name in text, name
