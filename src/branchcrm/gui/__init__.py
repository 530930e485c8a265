"""The workstation application: widgets, dialogs and item models. Calls services only."""
