"""Write README.md from nbs/index.ipynb without Quarto (nbdev_readme needs Quarto to render).

    python tools/make_readme.py          # (re)write README.md
    python tools/make_readme.py --check  # exit 1 if README.md is not what this would write (CI)

What ends up in the README, cell by cell:
- markdown cells as they are (the title and its `> summary` line included);
- code cells as ```python blocks without their `#|` directive lines, each followed by its outputs:
  markdown outputs as they are, text/plain and stream outputs in plain ``` blocks;
- nothing from cells that `#| hide` or `#| include: false` hide; `#| echo: false` drops the code
  and keeps the outputs, `#| output: false` keeps the code and drops the outputs.
Only the standard library is used, so it runs before the package is installed.
"""
import json, re, sys
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = '<!-- generated from nbs/index.ipynb by tools/make_readme.py: do not edit -->'
_ansi = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')

def _text(x): return x if isinstance(x, str) else ''.join(x)

def split_directives(src):
    "The `#| key: value` lines at the top of a cell as a dict, and the source without them."
    lines, dirs = src.splitlines(), {}
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith('#|')):
        m = re.match(r'#\|\s*([\w-]+)\s*:?\s*(.*)$', lines.pop(0).strip())
        if m: dirs[m.group(1)] = m.group(2).strip().lower()
    return dirs, '\n'.join(lines).strip('\n')

def _falsy(dirs, key): return dirs.get(key) in ('false', 'no', '0')

def fence(body, lang=''):
    "`body` in a fenced block, with a fence longer than any run of backticks inside it."
    ticks = max([3] + [len(m) + 1 for m in re.findall(r'`{3,}', body)])
    return f"{'`' * ticks}{lang}\n{body.rstrip()}\n{'`' * ticks}"

def render_outputs(outputs):
    "The outputs of a code cell as markdown blocks (images and errors are left out)."
    out = []
    for o in outputs:
        kind = o.get('output_type')
        if kind == 'stream': body = _ansi.sub('', _text(o.get('text', '')))
        elif kind in ('execute_result', 'display_data'):
            data = o.get('data', {})
            if 'text/markdown' in data:
                out.append(_text(data['text/markdown']).strip())
                continue
            body = _text(data.get('text/plain', ''))
        else: continue
        if body.strip(): out.append(fence(body))
    return out

def render_cell(cell):
    "The markdown blocks one notebook cell contributes to the README."
    src = _text(cell.get('source', ''))
    if cell.get('cell_type') == 'markdown': return [src.strip()] if src.strip() else []
    if cell.get('cell_type') != 'code': return []
    dirs, code = split_directives(src)
    if 'hide' in dirs or _falsy(dirs, 'include'): return []
    blocks = [] if _falsy(dirs, 'echo') or not code.strip() else [fence(code, 'python')]
    if not _falsy(dirs, 'output'): blocks += render_outputs(cell.get('outputs', []))
    return blocks

def index_path():
    "The notebook the README comes from: settings.ini's nbs_path / readme_nb (index.ipynb by default)."
    cfg = ConfigParser(delimiters=['='])
    cfg.read(ROOT / 'settings.ini')
    d = cfg['DEFAULT']
    return ROOT / d.get('nbs_path', 'nbs') / d.get('readme_nb', 'index.ipynb')

def make_readme(nb_path=None):
    "The README text that `nb_path` (the index notebook by default) gives."
    nb = json.loads(Path(nb_path or index_path()).read_text(encoding='utf-8'))
    blocks = [HEADER] + [b for c in nb['cells'] for b in render_cell(c)]
    return '\n\n'.join(blocks) + '\n'

def main(args):
    readme, new = ROOT / 'README.md', make_readme()
    if '--check' in args:
        old = readme.read_text(encoding='utf-8') if readme.exists() else None
        if old == new: return 0
        print('README.md is out of date with nbs/index.ipynb: run `python tools/make_readme.py` and commit it.',
              file=sys.stderr)
        return 1
    readme.write_text(new, encoding='utf-8')
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
