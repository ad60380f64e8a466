"""Fuzz target: the character set decoder (PS3.5 6.1, ISO 2022 escapes).

The first byte of an input picks one to three Specific Character Set terms;
the rest is a text value decoded with them, as PN (with its delimiters) and
as plain text, then encoded again with the same terms."""

from _harness import main

from dcmcore import charset

TERMS = [
    "", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 126", "ISO_IR 127", "ISO_IR 138",
    "ISO_IR 144", "ISO_IR 148", "ISO_IR 166", "ISO_IR 13", "ISO_IR 192", "GB18030", "GBK",
    "ISO 2022 IR 6", "ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149",
    "ISO 2022 IR 58", "ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 166", "bogus",
]
PN_DELIMITERS = {0x5E, 0x3D}  # ^ and =
TEXT_DELIMITERS = {0x5C, 0x0D, 0x0A, 0x09, 0x0C}  # \\ CR LF TAB FF


def one_input(data: bytes) -> None:
    if not data:
        return
    choice = data[0]
    terms = [TERMS[choice % len(TERMS)]]
    if choice & 0x40:
        terms.append(TERMS[(choice >> 3) % len(TERMS)])
    if choice & 0x80:
        terms.append(TERMS[(choice * 7) % len(TERMS)])
    encodings = charset.convert_encodings(terms)
    value = data[1:]
    for delimiters in (PN_DELIMITERS, TEXT_DELIMITERS):
        text = charset.decode_bytes(value, encodings, delimiters)
        charset.encode_string(text, encodings)


def seeds():
    yield b"\x00Yamada^Tarou"
    yield b"\x51" + "山田^太郎".encode("iso2022_jp")
    yield b"\x11\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B"
    yield b"\x0cWang^XiaoDong=" + "王^小東".encode("gb18030")
    yield b"\x0b\xed\x95\x9c\xea\xb8\x80"
    yield b"\x05\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"


if __name__ == "__main__":
    main("charset", one_input, seeds, also_expected=(LookupError,))
