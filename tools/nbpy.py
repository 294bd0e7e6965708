"""Execute a notebook in place with execnb, keeping its outputs for the docs (nbdev_test runs but does not save).

    python tools/nbpy.py run NB.ipynb [--flags slow,gpu]

Cells are skipped as nbdev_test skips them: `#| eval: false`, or a flag of settings.ini's tst_flags not in --flags.
Stops at the first error, leaving the notebook as it was.
"""
import argparse, os
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from nbdev.config import get_config
from nbdev.process import extract_directives

def run_nb(path, flags=()):
    "Execute the notebook at `path` in place, skipping the cells nbdev_test would skip."
    path, nb = Path(path).resolve(), read_nb(path)
    skip = set(get_config().tst_flags.split()) - set(flags)
    def _skip(cell):
        if cell.cell_type != 'code': return True
        d = extract_directives(cell, remove=False)
        return d.get('eval:', [''])[0].lower() == 'false' or bool(skip & d.keys())
    for c in nb.cells:
        if not _skip(c): c.outputs, c.execution_count = [], None
    sh, cwd = CaptureShell(path), os.getcwd()
    os.chdir(path.parent)
    try: sh.run_all(nb, exc_stop=True, preproc=_skip)
    finally: os.chdir(cwd)
    write_nb(nb, path)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('cmd', choices=['run']); ap.add_argument('nb')
    ap.add_argument('--flags', default='', help='comma-separated tst_flags to run (e.g. slow)')
    a = ap.parse_args()
    run_nb(a.nb, [f for f in a.flags.split(',') if f])
