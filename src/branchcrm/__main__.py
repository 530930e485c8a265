"""``python -m branchcrm`` and the frozen application's entry point."""

import multiprocessing
import sys

from branchcrm.cli import main

if __name__ == "__main__":
    # The notebook reader runs in a spawned child process; in the frozen application that
    # child is this same executable, which must hand over to multiprocessing here.
    multiprocessing.freeze_support()
    sys.exit(main())
