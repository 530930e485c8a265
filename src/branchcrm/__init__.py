"""BranchCRM: the customer notebook of a retail bank branch, shared and kept safe."""

__version__ = "0.1.0"
