"""Run by bench/pack.py in a fresh process: build one pack, print its peak memory as JSON.

WeasyPrint does not hand memory back after a render, so the peak is only honest in a process
that has done nothing else.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from bench.pack import peak  # noqa: E402

print(json.dumps(peak(int(sys.argv[1]))))
