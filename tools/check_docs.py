"""Check the docs pages without Quarto, on the notebooks nbdev's own processing wrote to `_proc/`.

    python tools/check_docs.py             # nbdev's doc processing (as nbdev_proc_nbs), then the check
    python tools/check_docs.py --no-proc   # check the _proc/ that nbdev_proc_nbs left (CI)

Quarto renders `_proc/` into the site as it is; what a reader would see broken there is a FAIL (exit 1):
- an error output or a traceback; a `show_doc` cell without its markdown or its heading;
- a missing image: a local file or attachment a page shows, an empty image output, a figure printed as text;
- a broken cross-reference: a link to a page the site does not have (`04a_optimizers.ipynb` is `optimizers.html`),
  to an anchor that page lacks, to a local file that is not there; a sidebar entry that is not a page;
- math that will not typeset: a `$$` left open, a `$` pandoc does not read as math, unbalanced braces or environments;
- a path outside the repository (`../shared`, `/tmp/`, `/work/`) anywhere a reader sees, or a `tools/*.py` it names
  that the repository does not have.
"""
import argparse, html, posixpath, re, sys, yaml
from pathlib import Path
from urllib.parse import unquote
from execnb.nbio import read_nb
from nbdev.config import get_config
from nbdev.doclinks import _nbpath2html
from nbdev.frontmatter import FrontmatterProc
from nbdev.process import NBProcessor

def _off(cell, key): return (getattr(cell, 'directives_', None) or {}).get(key + ':', [''])[0].lower() == 'false'
def _text(x): return x if isinstance(x, str) else ''.join(x or [])

def shown(cell):
    "(kind, text) of what a reader sees of `cell` on the page: its markdown, its code, its outputs."
    if cell.cell_type == 'markdown': return [('markdown', cell.source)]
    if cell.cell_type != 'code' or _off(cell, 'include'): return []
    res = [] if _off(cell, 'echo') else [('code', re.sub(r'(?m)^\s*#\|.*\n?', '', cell.source))]
    for o in [] if _off(cell, 'output') else cell.get('outputs', []):
        if o.output_type == 'stream': res.append(('stream', _text(o.text)))
        if o.output_type == 'error': res.append(('error', f'{o.ename}: {o.evalue}'))
        for k, v in o.get('data', {}).items():
            res.append(('markdown' if k == 'text/markdown' else k, _text(v) if k.startswith('text/') else v))
    return res

_re_fence = re.compile(r'^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)', re.S | re.M)
def prose(md):
    "`md` with fenced code, HTML comments and code spans blanked (offsets and newlines kept)."
    for r in (_re_fence, re.compile(r'<!--.*?-->', re.S), re.compile(r'(`+)(?!`).+?(?<!`)\1(?!`)', re.S)):
        md = r.sub(lambda m: re.sub(r'[^\n]', ' ', m.group(0)), md)
    return md

def pandoc_id(text):
    "The id pandoc (so Quarto) gives a heading with this text."
    t = re.sub(r'<[^>]+>|`', '', re.sub(r'!?\[([^\]]*)\]\([^)]*\)', r'\1', text))
    for emph in (r'\*\*(.+?)\*\*', r'(?<!\w)__(.+?)__(?!\w)', r'\*(.+?)\*', r'(?<!\w)_(.+?)_(?!\w)'): t = re.sub(emph, r'\1', t)
    t = ''.join(ch for ch in html.unescape(t) if ch.isalnum() or ch in '_-. \t')
    return re.sub(r'^[^a-z]+', '', re.sub(r'\s+', '-', t.strip()).lower()) or 'section'

def anchors(cells):
    "Every anchor a page has: heading ids (numbered as pandoc numbers repeats), explicit ids, labels."
    seen = set()
    for c in cells:
        for kind, md in shown(c):
            if kind != 'markdown': continue
            for m in re.finditer(r'^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$', prose(md), re.M):
                txt, ex = re.match(r'(.*?)\s*(?:\{[^}]*#([\w:.-]+)[^}]*\})?$', m.group(1)).groups()
                ident = base = ex or pandoc_id(txt)
                for i in range(1, 999):
                    if ident not in seen: break
                    ident = f'{base}-{i}'
                seen.add(ident)
            seen |= set(re.findall(r'\b(?:id|name)\s*=\s*["\']([^"\']+)', md))
        seen |= set(getattr(c, 'directives_', {}).get('label:', []))
    return seen

_re_inline = re.compile(r'\$(\S(?:[^$\\\n]|\\.|\n(?![ \t]*\n))*?(?<=\S))\$(?!\d)')   # no space inside, no digit after

def find_math(md):
    "([tex], [problem]) of the `$`/`$$` math in markdown, read as pandoc's tex_math_dollars reads it."
    t, res, bad, i = prose(md), [], [], 0
    while i < len(t):
        if t[i] == '\\': i += 2; continue
        if t[i] != '$': i += 1; continue
        if t.startswith('$$', i):
            j = t.find('$$', i + 2)
            if j < 0 or re.search(r'\n[ \t]*\n', t[i:j]): bad.append('a `$$` left open'); i += 2
            else: res.append(t[i + 2:j]); i = j + 2
            continue
        m = _re_inline.match(t, i)
        if m: res.append(m.group(1)); i = m.end()
        else: bad.append(f'a `$` that pandoc will not read as math, near {md[max(0, i - 15):i + 25]!r} '
                         '(no space after an opening `$` or before a closing one; `\\$` for a dollar sign)'); i += 1
    return res, bad

def tex_problem(tex):
    "What surely breaks this TeX in MathJax: unbalanced braces, \\left/\\right, environments."
    braces = re.sub(r'\\.', '', tex)
    depth = 0
    for ch in braces:
        depth += (ch == '{') - (ch == '}')
        if depth < 0: return 'a `}` without its `{`'
    if depth: return 'a `{` without its `}`'
    if len(re.findall(r'\\left\b', tex)) != len(re.findall(r'\\right\b', tex)): return '`\\left` and `\\right` do not pair'
    stack = []
    for kind, env in re.findall(r'\\(begin|end)\{([^}]*)\}', tex):
        if kind == 'begin': stack.append(env)
        elif not stack or stack.pop() != env: return f'`\\end{{{env}}}` does not close an open environment'
    return f'`\\begin{{{stack[-1]}}}` is not closed' if stack else None

_re_link = re.compile(r'(!?)\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*<?([^)\s>]*)|<(a|img)\b[^>]*?\b(?:href|src)\s*=\s*["\']([^"\']*)', re.I)
_re_outside = re.compile(r'\.\./shared\b|(?<![\w.~])/(?:tmp|work)/')

class Page:
    def __init__(self, path, proc, nbs):
        self.rel = path.relative_to(proc).as_posix()
        nb = NBProcessor(path, FrontmatterProc, rm_directives=False, process=True).nb
        self.cells, self.name = nb.cells, nb.frontmatter_.get('output-file', Path(self.rel).with_suffix('.html').name)
        self.titled = 'title' in nb.frontmatter_
        self.src, self.dir = nbs/self.rel, (proc/self.rel).parent
        self.ids = {c.id: i for i, c in enumerate(read_nb(self.src).cells)} if self.src.exists() else {}
        self.anchors = anchors(self.cells)

    def where(self, c):
        "The cell in the source notebook, or the first line of a cell nbdev added (show_doc)."
        if c.get('id') in self.ids: return f'cell {self.ids[c.id]}'
        return repr(next((l for l in c.source.splitlines() if l.strip() and not l.startswith('#|')), '')[:60])

_TB = 'Traceback (most recent call last)'

def check_cell(c, page, by_name, site, root):
    "The problems a reader would see in cell `c` of `page`."
    res, outs = [], shown(c)
    for kind, text in outs:
        if kind.startswith('image/'):
            if not _text(text).strip(): res.append(f'an empty {kind} output')
            continue
        if not isinstance(text, str): continue
        if kind == 'error': res.append(f'error output: {text[:200]}')
        elif kind != 'code' and _TB in text: res.append(f'a traceback in an output: {text.strip().splitlines()[-1][:200]}')
        if kind == 'text/plain' and re.match(r'<Figure size [^>]*>$', text.strip()) and not any(k.startswith('image/') for k, _ in outs):
            res.append(f'a figure printed as text with no image: {text.strip()}')
        if m := _re_outside.search(t := re.sub(r'data:[^"\')\s]*', '', text)):   # not inside inline images' base64
            res.append(f'a path outside the repository: {t[max(0, m.start() - 30):m.end() + 30]!r}')
        res += [f'{f} is named but not in the repository' for f in set(re.findall(r'(?<![\w/])tools/[\w-]+\.py', text)) if not (root/f).exists()]
        if kind != 'markdown': continue
        maths, bad = find_math(text)
        res += [f'math ${tex[:60]}$: {e}' for tex in maths if (e := tex_problem(tex))]
        if bad: res.append(bad[0] + (f' ({len(bad)} such in this text)' if len(bad) > 1 else ''))
        if c.cell_type == 'code' and any(re.search(r'\[`[^`\n]+`\]\(', f.group(0)) for f in _re_fence.finditer(text)):
            res.append('nbdev put a link inside a code block (a docments comment naming a symbol in backticks?): Quarto prints its markup')
        for m in _re_link.finditer(prose(text)):
            img, url = bool(m.group(1)) or (m.group(3) or '').lower() == 'img', m.group(2) or m.group(4) or ''
            if e := check_link(url, img, c, page, by_name, site): res.append(f'{"image" if img else "link"} {url}: {e}')
    if re.match(r'show_doc\(', re.sub(r'(?m)^\s*#\|.*\n', '', c.source).strip()) and not any(
            k == 'markdown' and re.search(r'(?m)^#{1,6} \S', t) for k, t in outs):
        res.append('show_doc gave no markdown with a heading')
    return res

def sidebar(proc):
    "The files nbs/sidebar.yml lists, in order."
    res = []
    def walk(x):
        if isinstance(x, str): res.append(x)
        elif isinstance(x, list): [walk(o) for o in x]
        elif isinstance(x, dict): [walk(x.get(k)) for k in ('href', 'file', 'contents') if x.get(k)]
    if (proc/'sidebar.yml').exists(): walk(yaml.safe_load((proc/'sidebar.yml').read_text())['website']['sidebar']['contents'])
    return res

def check(proc, cfg):
    "The pages in `proc`, the problems found in them (FAIL), notes."
    site, nbs = (cfg.doc_host + cfg.doc_baseurl).rstrip('/') + '/', cfg.nbs_path
    pages = [Page(p, proc, nbs) for p in sorted(proc.rglob('*.ipynb'))
             if not any(s.startswith(('_', '.')) for s in p.relative_to(proc).parts)]
    by_name = {p.name: p for p in pages} | {p.rel: p for p in pages}
    probs = [f'{nbs.name}/{p.rel} | {p.where(c)} | {msg}' for p in pages for c in p.cells for msg in check_cell(c, p, by_name, site, cfg.config_path)]
    probs += [f'{nbs.name}/{p.rel} | - | no title: nbdev names a page ({_nbpath2html(Path(p.rel)).name}) only from a `# Title` '
              f'markdown cell or frontmatter; without one Quarto writes {p.name} and nbdev\'s links to the page break' for p in pages if not p.titled]
    entries = sidebar(proc)
    probs += [f'{nbs.name}/sidebar.yml | {e} | is not a page' for e in entries if e not in by_name and ':' not in e]
    return pages, probs, [f'{nbs.name}/{p.rel} is not in sidebar.yml' for p in pages if entries and p.rel not in entries]

def check_link(url, img, cell, page, by_name, site):
    "Why `url` (a link or image on `page`) is broken, or None."
    if url.startswith('attachment:'): return None if url[11:] in (cell.get('attachments') or {}) else 'no such attachment'
    if url.startswith(site) or url + '/' == site:   # nbdev's links to the site: https://<doc_host><doc_baseurl>/page.html#anchor
        path, base = url[len(site):], ''
        if not path or path.startswith('#'): path = 'index.html' + path
    elif re.match(r'(?i)[a-z][a-z0-9+.-]*:|//', url): return None   # external: not fetched
    else: path, base = url, posixpath.dirname(page.rel)
    path, _, frag = unquote(path).partition('#')
    dest = page
    if path:
        full = posixpath.normpath(posixpath.join(base, path))
        if img or not full.endswith(('.html', '.ipynb')):
            return None if (page.dir/path).exists() or (page.src.parent/path).exists() else 'no such file'
        if (dest := by_name.get(full)) is None: return f'the site has no page {full}'
    return f'{dest.name} has no anchor #{frag}' if frag and frag not in dest.anchors else None

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--no-proc', action='store_true', help='check the existing _proc/ (what nbdev_proc_nbs wrote)')
    a = ap.parse_args(argv)
    cfg = get_config()
    if not a.no_proc:   # nbdev_proc_nbs without its attempt to install Quarto (nbdev.quarto._pre_docs)
        import nbdev.doclinks
        from nbdev.quarto import refresh_quarto_yml
        from nbdev.serve import proc_nbs
        refresh_quarto_yml(); nbdev.doclinks._build_modidx(); proc_nbs(force=True)
    proc = cfg.config_path/'_proc'
    if not (proc/'_quarto.yml').exists(): sys.exit(f'{proc} holds no processed notebooks: run nbdev_proc_nbs first')
    pages, probs, notes = check(proc, cfg)
    for n in notes: print('note:', n)
    for p in probs: print('FAIL', p)
    print(f'docs check: {len(pages)} pages, {len(probs)} problems')
    return 1 if probs else 0

if __name__ == '__main__': sys.exit(main())
