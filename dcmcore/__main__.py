"""``python -m dcmcore``: the :mod:`dcmcore.cli` command line."""

import sys

from dcmcore.cli import main

sys.exit(main())
