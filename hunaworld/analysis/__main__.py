"""``python -m hunaworld.analysis``: the ``hunaworld`` command."""

import sys

from hunaworld.analysis.cli import main

sys.exit(main())
