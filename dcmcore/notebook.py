"""Datasets in notebooks: the HTML table that Jupyter shows for a dataset
(:meth:`Dataset._repr_html_ <dcmcore.dataset.Dataset._repr_html_>`) and
:func:`plot` for its pixel data.

The table lists tag, name, VR and value; sequences fold (``<details>``);
text is escaped; long values and large datasets are cut to a bound, with a
note saying what was left out.
"""

import html
from typing import TYPE_CHECKING, Any, List, Optional

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

#: Characters of a value shown before it is cut.
MAX_VALUE_LENGTH = 120
#: Rows shown in all (nested items included) before the rest is cut.
MAX_ROWS = 1000

_STYLE = (
    "<style>.dcmcore-ds td,.dcmcore-ds th{text-align:left;vertical-align:top;padding:1px 6px;"
    "font-family:monospace}.dcmcore-ds details{margin-left:1em}</style>"
)


class _Budget:
    """The rows still to show."""

    __slots__ = ("left", "cut")

    def __init__(self, rows: int) -> None:
        self.left = rows
        self.cut = 0


def _value_text(elem: Any) -> str:
    text = elem.repval if elem.VR not in ("SQ",) else ""
    if len(text) > MAX_VALUE_LENGTH:
        text = text[:MAX_VALUE_LENGTH] + f"… ({len(text) - MAX_VALUE_LENGTH} more characters)"
    return html.escape(text)


def _rows(ds: "Dataset", budget: _Budget, parts: List[str]) -> None:
    for elem in ds:
        if budget.left <= 0:
            budget.cut += 1
            continue
        budget.left -= 1
        tag = html.escape(str(elem.tag))
        name = html.escape(elem.name)
        if elem.VR == "SQ":
            items = elem.value or []
            parts.append(
                f"<tr><td>{tag}</td><td colspan='3'><details><summary>{name} (SQ, "
                f"{len(items)} item{'' if len(items) == 1 else 's'})</summary>"
            )
            for number, item in enumerate(items, 1):
                parts.append(f"<details><summary>Item {number}</summary><table class='dcmcore-ds'>")
                _rows(item, budget, parts)
                parts.append("</table></details>")
            parts.append("</details></td></tr>")
        else:
            parts.append(
                f"<tr><td>{tag}</td><td>{name}</td><td>{html.escape(str(elem.VR))}</td>"
                f"<td>{_value_text(elem)}</td></tr>"
            )


def dataset_html(ds: "Dataset", max_rows: int = MAX_ROWS) -> str:
    """Return `ds` as an HTML table (a file's meta information first).

    Parameters
    ----------
    ds : dataset.Dataset
        The dataset.
    max_rows : int, optional
        The number of rows (elements, nested ones included) shown before the
        rest is cut, with a note of how many were left out.
    """
    budget = _Budget(max_rows)
    parts = [_STYLE]
    meta = getattr(ds, "file_meta", None)
    head = "<tr><th>Tag</th><th>Name</th><th>VR</th><th>Value</th></tr>"
    if meta:
        parts.append(f"<details open><summary>File meta information</summary><table class='dcmcore-ds'>{head}")
        _rows(meta, budget, parts)
        parts.append("</table></details>")
    parts.append(f"<table class='dcmcore-ds'>{head}")
    _rows(ds, budget, parts)
    parts.append("</table>")
    if budget.cut:
        parts.append(f"<p><i>{budget.cut} more elements not shown (max_rows={max_rows}).</i></p>")
    return "".join(parts)


def plot(ds: "Dataset", frame: int = 0, ax: Optional[Any] = None, **imshow_options: Any) -> Any:
    """Show frame `frame` of the pixel data with matplotlib.

    The Modality LUT (or Rescale Slope/Intercept) and the first VOI LUT or
    window are applied, as for viewing; monochrome images use a grey colour
    map (inverted for MONOCHROME1).

    Parameters
    ----------
    ds : dataset.Dataset
        A dataset with pixel data.
    frame : int, optional
        The frame of a multi-frame image (default 0).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    **imshow_options
        Passed to ``Axes.imshow``.

    Returns
    -------
    matplotlib.image.AxesImage

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    IndexError
        If `frame` is out of range.
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("dcmcore.plot needs matplotlib: pip install matplotlib") from None
    from dcmcore.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut, convert_color_space

    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames") or 1)
    if frames > 1:
        if not -frames <= frame < frames:
            raise IndexError(f"frame {frame} is out of range for {frames} frames")
        arr = arr[frame]
    elif frame not in (0, -1):
        raise IndexError(f"frame {frame} is out of range for 1 frame")
    photometric = str(ds.get("PhotometricInterpretation", ""))
    if photometric.startswith("MONOCHROME"):
        arr = apply_voi_lut(apply_modality_lut(arr, ds), ds)
        imshow_options.setdefault("cmap", "gray_r" if photometric == "MONOCHROME1" else "gray")
    elif photometric.startswith("YBR") and "422" not in photometric and "420" not in photometric:
        arr = convert_color_space(arr, photometric, "RGB")
    if ax is None:
        ax = plt.figure().add_subplot()
    image = ax.imshow(arr, **imshow_options)
    ax.set_axis_off()
    return image
