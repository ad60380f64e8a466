"""Utilities around the core, as in pydicom 2.4's ``pydicom.util``."""
