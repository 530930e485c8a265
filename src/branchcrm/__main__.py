"""``python -m branchcrm`` and the frozen application's entry point."""

import sys

from branchcrm.cli import main

if __name__ == "__main__":
    sys.exit(main())
