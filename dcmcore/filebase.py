"""File-like wrappers that know the byte order and VR style being used.

:class:`DicomIO` adds DICOM-aware reads and writes (tags, 16- and 32-bit
unsigned numbers in the current byte order) to a file object;
:class:`DicomFileLike` wraps any object with ``read``/``write``/``seek``/
``tell``; :func:`DicomFile` opens a path; :class:`DicomBytesIO` works in
memory.
"""

import os
import secrets
import stat
from io import BytesIO
from struct import Struct
from types import TracebackType
from typing import Any, BinaryIO, Callable, Optional, Tuple, Type, Union, cast

from dcmcore.tag import BaseTag, Tag, TagType

_LE_TAG = Struct("<HH")
_BE_TAG = Struct(">HH")
_LE_US = Struct("<H")
_BE_US = Struct(">H")
_LE_UL = Struct("<L")
_BE_UL = Struct(">L")


class DicomIO:
    """A file object that holds the transfer syntax it reads or writes.

    Subclasses provide ``parent_read``, ``write``, ``seek`` and ``tell``.
    Setting :attr:`is_little_endian` picks the byte order of ``read_US``,
    ``read_UL``, ``read_tag``, ``write_US`` and ``write_UL``.
    """

    #: Further attempts :meth:`read` makes when a read returns too few bytes.
    max_read_attempts = 3
    defer_size = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._implicit_VR = True
        self.write: Callable[[bytes], int]
        self.parent_read: Callable[..., bytes]
        self.seek: Callable[..., int]
        self.tell: Callable[[], int]

    def read_le_tag(self) -> Tuple[int, int]:
        """Return the (group, element) pair of the next 4 bytes, little endian."""
        return cast(Tuple[int, int], _LE_TAG.unpack(self.read(4, need_exact_length=True)))

    def read_be_tag(self) -> Tuple[int, int]:
        """Return the (group, element) pair of the next 4 bytes, big endian."""
        return cast(Tuple[int, int], _BE_TAG.unpack(self.read(4, need_exact_length=True)))

    def write_tag(self, tag: TagType) -> None:
        """Write `tag` as two unsigned shorts in the current byte order."""
        if not isinstance(tag, BaseTag):
            tag = Tag(tag)
        self.write_US(tag.group)
        self.write_US(tag.element)

    def read_leUS(self) -> int:
        """Return the next unsigned short, little endian."""
        return cast(int, _LE_US.unpack(self.read(2))[0])

    def read_beUS(self) -> int:
        """Return the next unsigned short, big endian."""
        return cast(int, _BE_US.unpack(self.read(2))[0])

    def read_leUL(self) -> int:
        """Return the next unsigned long, little endian."""
        return cast(int, _LE_UL.unpack(self.read(4))[0])

    def read_beUL(self) -> int:
        """Return the next unsigned long, big endian."""
        return cast(int, _BE_UL.unpack(self.read(4))[0])

    def read(self, length: Optional[int] = None, need_exact_length: bool = False) -> bytes:
        """Return `length` bytes (all that remain if ``None``).

        Parameters
        ----------
        length : int, optional
            How many bytes to read.
        need_exact_length : bool, optional
            ``True`` to retry short reads (up to :attr:`max_read_attempts`
            times) and raise :class:`EOFError` if the bytes are still short.
        """
        parent_read = self.parent_read
        if length is None:
            return parent_read()
        data = parent_read(length)
        if need_exact_length and len(data) < length:
            attempts = 0
            while attempts < self.max_read_attempts and len(data) < length:
                data += parent_read(length - len(data))
                attempts += 1
            if len(data) < length:
                start = self.tell() - len(data)
                raise EOFError(
                    f"Unexpected end of file. Read {len(data)} bytes of {length} "
                    f"expected starting at position 0x{start:x}"
                )
        return data

    def write_leUS(self, val: int) -> None:
        """Write `val` as an unsigned short, little endian."""
        self.write(_LE_US.pack(val))

    def write_leUL(self, val: int) -> None:
        """Write `val` as an unsigned long, little endian."""
        self.write(_LE_UL.pack(val))

    def write_beUS(self, val: int) -> None:
        """Write `val` as an unsigned short, big endian."""
        self.write(_BE_US.pack(val))

    def write_beUL(self, val: int) -> None:
        """Write `val` as an unsigned long, big endian."""
        self.write(_BE_UL.pack(val))

    write_US = write_leUS
    write_UL = write_leUL

    @property
    def is_little_endian(self) -> bool:
        """The byte order of the numbers read and written."""
        return self._little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool) -> None:
        self._little_endian = value
        if value:
            self.read_US = self.read_leUS
            self.read_UL = self.read_leUL
            self.write_US = self.write_leUS  # type: ignore[method-assign]
            self.write_UL = self.write_leUL  # type: ignore[method-assign]
            self.read_tag = self.read_le_tag
        else:
            self.read_US = self.read_beUS
            self.read_UL = self.read_beUL
            self.write_US = self.write_beUS  # type: ignore[method-assign]
            self.write_UL = self.write_beUL  # type: ignore[method-assign]
            self.read_tag = self.read_be_tag

    @property
    def is_implicit_VR(self) -> bool:
        """``True`` when elements are written without their VR."""
        return self._implicit_VR

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool) -> None:
        self._implicit_VR = value


class DicomFileLike(DicomIO):
    """Wrap a file-like object as a :class:`DicomIO`.

    Parameters
    ----------
    file_like_obj : file-like
        Any object with ``tell`` and ``close``; the missing ones of ``read``,
        ``write`` and ``seek`` raise :class:`OSError` when called.
    """

    def __init__(self, file_like_obj: Union[BinaryIO, BytesIO, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent = file_like_obj
        self.parent_read = getattr(file_like_obj, "read", self.no_read)
        self.write = getattr(file_like_obj, "write", self.no_write)
        self.seek = getattr(file_like_obj, "seek", self.no_seek)
        self.tell = file_like_obj.tell
        self.close = file_like_obj.close
        self.name: str = getattr(file_like_obj, "name", "<no filename>")

    def no_write(self, bytes_read: bytes) -> int:
        """Stand in for ``write`` on an object that cannot write."""
        raise OSError("This DicomFileLike object has no write() method")

    def no_read(self, size: int = -1) -> bytes:
        """Stand in for ``read`` on an object that cannot read."""
        raise OSError("This DicomFileLike object has no read() method")

    def no_seek(self, offset: int, whence: int = 0) -> int:
        """Stand in for ``seek`` on an object that cannot seek."""
        raise OSError("This DicomFileLike object has no seek() method")

    def __enter__(self) -> "DicomFileLike":
        return self

    def __exit__(
        self,
        *exc_info: Tuple[
            Optional[Type[BaseException]], Optional[BaseException], Optional[TracebackType]
        ],
    ) -> None:
        self.close()


def DicomFile(*args: Any, **kwargs: Any) -> DicomFileLike:
    """Open a file with :func:`open` (same arguments) as a :class:`DicomFileLike`."""
    return DicomFileLike(open(*args, **kwargs))


class DicomBytesIO(DicomFileLike):
    """An in-memory :class:`DicomFileLike` over :class:`io.BytesIO`.

    The arguments are those of :class:`io.BytesIO`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(BytesIO(*args, **kwargs))

    def getvalue(self) -> bytes:
        """Return all the bytes written so far."""
        return cast(BytesIO, self.parent).getvalue()


def write_file_atomically(path: str, data: Union[bytes, bytearray, memoryview]) -> None:
    """Put `data` in the file at `path` so that it holds either its old bytes
    or all of `data`, never a part.

    The bytes go to a new file in the same folder, which is flushed to disk
    and then renamed over `path`. An existing file keeps its permission bits
    (and its owner, where this process may set it); a new one gets those of
    :func:`open` (``0o666`` less the umask). A symbolic link is followed, so
    the file it points at is replaced. Where a temporary file cannot be made
    beside the target (a folder this process may not write) or the target is
    not a regular file (``/dev/null``, a FIFO), the bytes are written in place.

    Parameters
    ----------
    path : str
        The file to write.
    data : bytes-like
        Its new content.

    Raises
    ------
    OSError
        If the data cannot be written or the file cannot be replaced; the
        file at `path` is then as it was and no temporary file is left.
    """
    target = os.path.realpath(path)
    try:
        status: Optional[os.stat_result] = os.stat(target)
    except FileNotFoundError:
        status = None
    folder = os.path.dirname(target) or "."
    temporary = None
    if status is None or (stat.S_ISREG(status.st_mode) and os.access(target, os.W_OK)):
        try:
            fd, temporary = _new_temporary_file(folder, os.path.basename(target))
        except PermissionError:
            pass
    if temporary is None:
        # in place, as open() would: its errors are the ones the user expects
        with open(path, "wb") as fp:
            fp.write(data)
        return
    try:
        with os.fdopen(fd, "wb") as fp:
            fp.write(data)
            fp.flush()
            os.fsync(fp.fileno())
        if status is not None:
            _copy_ownership(temporary, status)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _new_temporary_file(folder: str, name: str) -> Tuple[int, str]:
    """A new file beside `name` in `folder`, opened for writing, as
    :func:`open` would create it (mode ``0o666`` less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"No free temporary file name beside '{name}' in '{folder}'")


def _copy_ownership(path: str, status: os.stat_result) -> None:
    """Give the file at `path` the permission bits, owner and group of the
    file `status` describes, as far as this process may."""
    os.chmod(path, stat.S_IMODE(status.st_mode))
    if hasattr(os, "chown"):
        try:
            os.chown(path, status.st_uid, status.st_gid)
        except OSError:
            pass  # not ours to give away: the file stays ours, as after a plain write


def _sync_folder(folder: str) -> None:
    """Flush the folder's entry for a renamed file to disk where the
    platform allows it (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
