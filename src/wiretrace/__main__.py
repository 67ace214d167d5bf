"""``python -m wiretrace``: the command line (as ``wiretrace``)."""

import sys

from wiretrace.cli import main

sys.exit(main())
