"""Background work: a plain function ``run(..., state)`` executed off the GUI thread."""

from branchcrm.tasks.runner import Cancelled, TaskHandle, TaskRunner, TaskState

__all__ = ["Cancelled", "TaskHandle", "TaskRunner", "TaskState"]
