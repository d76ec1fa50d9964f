"""Entry point of ``python3 -m ai_fabric``."""

import sys

from .cli import main

sys.exit(main())
