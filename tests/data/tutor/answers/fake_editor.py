"""Stands in for $EDITOR in tests: `fake_editor.py SOURCE TARGET` copies SOURCE over TARGET."""

import shutil
import sys

shutil.copyfile(sys.argv[1], sys.argv[2])
