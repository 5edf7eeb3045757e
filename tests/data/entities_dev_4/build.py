"""Write the entities_dev_4 passages from ``passages.txt`` (markup: ``../passages_markup.py``).

Run ``python build.py`` from this folder.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from passages_markup import write  # noqa: E402

if __name__ == "__main__":
    write(HERE, "entdev4")
