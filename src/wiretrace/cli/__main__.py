"""``python -m wiretrace.cli``: the command line."""

import sys

from wiretrace.cli import main

sys.exit(main())
