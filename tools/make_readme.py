"""Write README.md from nbs/index.ipynb without Quarto (nbdev_readme renders it with Quarto).

    python tools/make_readme.py          # (re)write README.md
    python tools/make_readme.py --check  # exit 1 if README.md is not what this would write (CI)

Markdown cells as they are; code cells as ```python blocks without their `#|` lines, each followed by its
markdown, text and stream outputs; `#| hide` and `include: false` drop a cell, `echo: false` its code,
`output: false` its outputs. settings.ini names no `readme_nb`, so nbdev_docs leaves this README alone.
"""
import re, sys
from execnb.nbio import read_nb
from nbdev.config import get_config
from nbdev.process import extract_directives

HEADER = '<!-- generated from nbs/index.ipynb by tools/make_readme.py: do not edit -->'

def fence(body, lang=''):
    "`body` in a fenced block, with a fence longer than any run of backticks inside it."
    ticks = '`' * max([3] + [len(m) + 1 for m in re.findall(r'`{3,}', body)])
    return f'{ticks}{lang}\n{body.rstrip()}\n{ticks}'

def render_cell(cell):
    "The markdown blocks one notebook cell contributes to the README."
    if cell.cell_type == 'markdown': return [cell.source.strip()] if cell.source.strip() else []
    if cell.cell_type != 'code': return []
    d = extract_directives(cell, remove=False)   # nbdev's parser: {"hide": [], "echo:": ["false"], ...}
    off = lambda k: d.get(k + ':', [''])[0].lower() in ('false', 'no', '0')
    if 'hide' in d or off('include'): return []
    code = re.sub(r'(?m)^\s*#\|.*\n?', '', cell.source).strip('\n')
    res = [] if off('echo') or not code.strip() else [fence(code, 'python')]
    for o in [] if off('output') else cell.outputs:
        data = o.get('data', {})
        if 'text/markdown' in data: res.append(''.join(data['text/markdown']).strip())
        elif (t := re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', ''.join(o.get('text', '')))
              if o.output_type == 'stream' else ''.join(data.get('text/plain', ''))).strip(): res.append(fence(t))
    return res

def make_readme():
    "The README text nbs/index.ipynb gives."
    return '\n\n'.join([HEADER] + [b for c in read_nb(get_config().nbs_path/'index.ipynb').cells for b in render_cell(c)]) + '\n'

if __name__ == '__main__':
    readme, new = get_config().config_path/'README.md', make_readme()
    if '--check' not in sys.argv: readme.write_text(new, encoding='utf-8')
    elif not readme.exists() or readme.read_text(encoding='utf-8') != new:
        sys.exit('README.md is out of date with nbs/index.ipynb: run `python tools/make_readme.py` and commit it.')
