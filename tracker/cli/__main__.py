"""``python -m tracker.cli``: the ``tracker`` command, as the installed script runs it.

Owns nothing but the start; the commands are in the package's modules.
"""

from __future__ import annotations

from tracker.cli import main

if __name__ == "__main__":
    main(prog_name="tracker")  # as the installed command names itself, not "python -m tracker.cli"
