"""Runs the Python example of README.md (the ```python block after <!-- python-example -->) as
written, from the source tree, with the binding on the path: the README's example must work."""
import os
import re
import subprocess
import sys

source = sys.argv[1]
readme = open(os.path.join(source, "README.md"), encoding="utf-8").read()
m = re.search(r"<!-- python-example -->\s*```python\n(.*?)```", readme, re.S)
if not m:
    sys.exit("FAIL: README.md has no ```python block after <!-- python-example -->")
env = dict(os.environ, PYTHONPATH=os.path.join(source, "bindings", "python"))
r = subprocess.run([sys.executable, "-c", m.group(1)], cwd=source, env=env, capture_output=True, text=True, timeout=60)
sys.stdout.write(r.stdout)
sys.stderr.write(r.stderr)
if r.returncode != 0 or not r.stdout.strip():
    sys.exit("FAIL: the README's Python example exited %d" % r.returncode)
