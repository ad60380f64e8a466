"""Helpers shared by the test modules (imported as ``from conftest import ...``)."""

import warnings
from typing import Any, Callable, List, Tuple


def _category_and_message(warning: warnings.WarningMessage) -> Any:
    return f"{warning.category.__name__}: {warning.message}"


def outcome(
    func: Callable[[], Any],
    picture: Callable[[Any], Any] = lambda result: result,
    message: Callable[[str], Any] = lambda text: text,
    warning: Callable[[warnings.WarningMessage], Any] = _category_and_message,
) -> Tuple[Tuple[Any, ...], List[Any]]:
    """What ``func()`` did, to compare dcmcore with pydicom.

    Returns ``("returned", picture(result))`` or ``("raised", exception type
    name, message(exception text))``, and the warnings it issued, each as
    `warning` shows it.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            found: Tuple[Any, ...] = ("returned", picture(func()))
        except Exception as exc:  # the type and message are compared
            found = ("raised", type(exc).__name__, message(str(exc)))
    return found, [warning(w) for w in caught]
