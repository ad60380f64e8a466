"""The DICOM data dictionary (PS3.6, PS3.7) as pydicom 2.4 names it here.

``DicomDictionary`` maps tags to ``(VR, VM, name, retired, keyword)`` and
``RepeatersDictionary`` the masks of repeating groups (``"60xx3000"``) to
the same tuples. They are the dicts of :mod:`dcmcore.datadict` themselves:
a change made here, directly or by ``add_dict_entries``, is seen everywhere.
"""

from dcmcore.datadict import DicomDictionary, RepeatersDictionary

__all__ = ["DicomDictionary", "RepeatersDictionary"]
