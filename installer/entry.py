"""The frozen program's entry point (installer/flat-desktop.spec): ``flat-desktop`` as installed by pip.

The windowed build on Windows (``flat-desktop-gui.exe``, for the shortcuts) has no console:
its standard streams are None there, so anything printed goes nowhere instead of failing.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process

from flat_desktop.launch import main  # noqa: E402 - after the streams are set

if __name__ == "__main__":
    sys.exit(main())
