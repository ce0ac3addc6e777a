import sys

from flat_desktop.launch import main

sys.exit(main())
