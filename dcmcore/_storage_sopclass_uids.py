"""Storage SOP Class UIDs: the public names of :mod:`dcmcore.uid`, which
pydicom 2.4 still offers here (by a star import) for code written before
v2.3."""

from dcmcore import uid as _uid

globals().update({name: value for name, value in vars(_uid).items() if not name.startswith("_")})


def __getattr__(name: str) -> object:
    # PEP 562: what dcmcore.uid gives on demand (UID_dictionary, deprecated names)
    return getattr(_uid, name)
