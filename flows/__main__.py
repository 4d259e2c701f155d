"""`python -m flows` is the same as `stcat`."""

import sys

from flows.cli import main

sys.exit(main())
