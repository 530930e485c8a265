"""What every reader child needs, imported once by the reader server (see :mod:`.sandbox`).

Reader children are forked from that server, so they start with the readers, the digest and
pypinyin's dictionaries already loaded: a few milliseconds instead of about 0.3 s of imports
and dictionary loading before the first row of every file. Importing this module has that
one effect; nothing else imports it.
"""

from __future__ import annotations

from branchcrm.importers import digest, namekeys, rows  # noqa: F401
from branchcrm.importers.readers import html, sniff, text, xlsx, xlsx_stream  # noqa: F401

namekeys.name_keys("王丽")  # loads the dictionaries
