"""Convert between notebooks and 'percent' scripts, and run notebooks keeping their outputs.

    python tools/nbpy.py tonb  SCRIPT.py NB.ipynb [--run]   # percent script -> notebook (optionally executed)
    python tools/nbpy.py topy  NB.ipynb SCRIPT.py           # notebook -> percent script (to edit as text)
    python tools/nbpy.py run   NB.ipynb [--flags slow]      # execute in place with execnb, keep outputs

A percent script separates cells with `# %%` (code) and `# %% [markdown]` (markdown; each line
starts with `# `). The notebook stays the source of truth: the script is only a way to edit it.
Executing skips cells whose first lines carry an `#| eval: false` directive or a flag in
settings.ini's tst_flags not named in --flags, as nbdev_test does.
"""
import sys, re, json, os, uuid
from pathlib import Path

def _nb(cells): return {'cells': cells, 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}}, 'nbformat': 4, 'nbformat_minor': 5}

def py2cells(text):
    cells, cur, kind = [], [], None
    def flush():
        if kind is None: return
        lines = cur[:]
        while lines and not lines[-1].strip(): lines.pop()
        while lines and not lines[0].strip(): lines.pop(0)
        if kind == 'markdown': lines = [l[2:] if l.startswith('# ') else l.lstrip('#') for l in lines]
        src = '\n'.join(lines)
        c = {'cell_type': kind, 'id': uuid.uuid4().hex[:8], 'metadata': {}, 'source': src.splitlines(keepends=True)}
        if kind == 'code': c.update(execution_count=None, outputs=[])
        cells.append(c)
    for line in text.splitlines():
        m = re.match(r'^# %%(.*)$', line)
        if m:
            flush(); cur = []
            kind = 'markdown' if '[markdown]' in m.group(1) else 'code'
        else:
            if kind is None: continue
            cur.append(line)
    flush()
    return cells

def cells2py(nb):
    out = []
    for c in nb['cells']:
        src = c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            out.append('# %% [markdown]\n' + '\n'.join(('# ' + l) if l else '#' for l in src.splitlines()))
        else: out.append('# %%\n' + src)
    return '\n\n'.join(out) + '\n'

def _directives(src):
    "The `#| ` directive lines at the top of a cell, as a set of words."
    out = set()
    for l in src.splitlines():
        if not l.strip(): continue
        m = re.match(r'^#\|\s*(.*)$', l)
        if not m: break
        out |= set(m.group(1).replace(':', ': ').split())
    return out

def run_nb(path, flags=()):
    "Execute the notebook at `path` in place, skipping cells nbdev_test would skip; fail on the first error."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from nbdev.config import get_config
    nb = read_nb(path)
    skip = set(re.split(r'[|\s]+', get_config().tst_flags)) - set(flags) - {''}
    sh = CaptureShell(path=Path(path).parent)
    old = os.getcwd(); os.chdir(Path(path).parent)
    try:
        for c in nb.cells:
            if c.cell_type != 'code': continue
            d = _directives(c.source)
            if d & skip or ('eval:' in d and 'false' in d): continue
            c.outputs, c.execution_count = [], None
            sh.cell(c)
            errs = [o for o in c.get('outputs', []) if o.get('output_type') == 'error']
            if errs: raise RuntimeError(f'{path}: cell failed:\n{c.source}\n' + '\n'.join(errs[0].get('traceback', [])))
    finally: os.chdir(old)
    write_nb(nb, path)

if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    if cmd == 'tonb':
        src, dst = args[:2]
        Path(dst).write_text(json.dumps(_nb(py2cells(Path(src).read_text())), indent=1) + '\n')
        if '--run' in args: run_nb(dst)
    elif cmd == 'topy': Path(args[1]).write_text(cells2py(json.loads(Path(args[0]).read_text())))
    elif cmd == 'run':
        flags = args[args.index('--flags') + 1].split(',') if '--flags' in args else []
        run_nb(args[0], flags)
    else: sys.exit(__doc__)
