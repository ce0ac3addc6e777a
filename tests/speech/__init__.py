# Until pytest is configured with pythonpath = ["."] (or the package is installed),
# make the checkout importable for these tests.
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
