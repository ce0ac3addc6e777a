import sys

from flat_desktop.cli import main

sys.exit(main())
