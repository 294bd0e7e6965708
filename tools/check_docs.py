"""Check the docs site without Quarto: process the notebooks the way `nbdev_docs` would, render
every page to standalone HTML with nbconvert, and fail on what a reader would see broken.

    python tools/check_docs.py                      # writes _docs_check/, exit 1 on any problem
    python tools/check_docs.py --screenshots        # + a PNG of each page (headless Chromium)
    python tools/check_docs.py --screenshots --full-page   # PNGs of whole pages, not the top 2400 px
    python tools/check_docs.py --no-proc            # reuse the _proc/ that nbdev_proc_nbs left

Steps:
1. `nbdev_proc_nbs` (unless --no-proc) writes `_proc/`: show_doc rendered to markdown, directives
   applied, backticked names turned into doc links. It runs with a stub `quarto` first on PATH, so
   nbdev neither tries to install Quarto (sudo) nor re-installs this repo with `pip install -e`.
2. Every processed notebook is checked; each of these is a FAIL (exit 1):
   - an error output, or a traceback in any output;
   - a `show_doc` cell without its markdown output, or without the symbol's heading;
   - an image that is not there: a markdown/`<img>` image whose file is missing, an empty or
     unreadable image output, a matplotlib figure printed as text with no image;
   - a broken cross-reference: a link into the docs site (`https://<doc_host><doc_baseurl>/page.html#anchor`,
     as nbdev writes them) or a relative link (`page.html`, `nb.ipynb`, `#anchor`, a local file)
     whose page, anchor or file does not exist in the rendered set; anchors are computed the way
     pandoc/Quarto computes heading ids; `[source](…/blob/<branch>/path#Ln)` links must name an
     existing file and line; external links are counted, not fetched;
   - math that will not render: a `$$` left open, a `$` that pandoc (so Quarto) does not read as
     math (space after the opening or before the closing `$`), and TeX that MathJax rejects
     (checked in node with the same MathJax when node is there; else brace/environment balance);
   - a page named in sidebar.yml that does not exist.
   WARN (reported; a failure only with --strict): stderr output, a parameter without a docments
   comment, link markup inside a show_doc signature block (Quarto prints it literally), a blank
   image, a page missing from sidebar.yml, nbdev's own warnings from step 1.
3. Each page is written to `<out>/<output-file>` (the frontmatter's name, as Quarto would), with
   Quarto's directives applied (echo/output/include), links into the site made relative, heading
   ids as pandoc makes them, a sidebar in sidebar.yml's order, and math typeset by a local
   MathJax 3 (npm's `mathjax@3`, cached in ~/.cache/meta_ssl_docs or $META_SSL_DOCS_CACHE, Apache-2.0, copied with its
   LICENSE to `<out>/mathjax/`). Without npm or the registry the pages are still rendered and
   checked, with a warning that math will show as TeX in a browser.
4. With --screenshots: `<out>/screenshots/<page>.png` from headless Chromium (/usr/bin/chromium,
   or $CHROMIUM), and a check of Chromium's DOM that MathJax typeset every formula without error.
A line per page summarises it; `<out>/report.json` holds everything.
"""
import argparse, base64, html, io, json, os, re, shutil, subprocess, sys, tarfile, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATHJAX_VERSION = '3'
MATHJAX_FILE = 'tex-svg-full.js'  # one self-contained file: every TeX extension, SVG output (no fonts)
CACHE = Path(os.environ.get('META_SSL_DOCS_CACHE', Path.home()/'.cache'/'meta_ssl_docs'))

# ---------------------------------------------------------------------------------------- problems
class Report:
    def __init__(self): self.items = []
    def add(self, level, page, where, kind, msg):
        self.items.append(dict(level=level, page=page, where=where, kind=kind, msg=msg))
    def fail(self, *a): self.add('FAIL', *a)
    def warn(self, *a): self.add('WARN', *a)
    def of(self, level): return [o for o in self.items if o['level'] == level]

def _text(x): return x if isinstance(x, str) else ''.join(x or [])
def _short(s, n=70):
    s = ' '.join(_text(s).split())
    return s if len(s) <= n else s[:n - 1] + '…'

# ---------------------------------------------------------------------------------------- settings
def read_settings(root):
    cp = ConfigParser(); cp.read(root/'settings.ini')
    d = cp['DEFAULT']
    site = (d.get('doc_host', '') + d.get('doc_baseurl', '')).rstrip('/') + '/'
    return dict(site=site, git_url=d.get('git_url', '').rstrip('/'), branch=d.get('branch', 'main'),
                nbs_path=d.get('nbs_path', 'nbs'), lib_path=d.get('lib_path', ''))

# ---------------------------------------------------------------------------------- nbdev_proc_nbs
def run_proc(root, out, rep, timeout=600):
    "Run nbdev_proc_nbs from `root` into a fresh `_proc/`; False (and a FAIL) if it breaks."
    shutil.rmtree(root/'_proc', ignore_errors=True)
    bindir = Path(sys.executable).parent
    exe = bindir/'nbdev_proc_nbs'
    if not exe.exists(): exe = shutil.which('nbdev_proc_nbs')
    if not exe:
        rep.fail('-', '-', 'setup', 'nbdev_proc_nbs not found (install the dev extras: pip install -e ".[dev]")')
        return False
    stub = Path(tempfile.mkdtemp(prefix='quarto_stub_'))
    (stub/'quarto').write_text('#!/bin/sh\necho "quarto: stub from tools/check_docs.py" >&2\nexit 1\n')
    (stub/'quarto').chmod(0o755)
    env = dict(os.environ, PATH=f"{stub}{os.pathsep}{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    if sys.prefix != sys.base_prefix: env['VIRTUAL_ENV'] = sys.prefix
    log = out/'proc_nbs.log'
    try:
        r = subprocess.run([str(exe)], cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
        txt, rc = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        txt, rc = _text(e.stdout or '') + _text(e.stderr or '') + f'\n(timed out after {timeout}s)', -1
    finally: shutil.rmtree(stub, ignore_errors=True)
    log.write_text(txt)
    if rc != 0 or not (root/'_proc').exists():
        m = re.findall(r'Error(?: in notebook: (.*?))? in cell (\d+) :\n(.*?)(?:\n\n|$)', txt, re.S)
        for title, cell, src in m:
            rep.fail(title or '?', f'processed cell {cell}', 'nbdev_proc_nbs', f'cell failed while processing: {_short(src)}')
        tail = '\n'.join(txt.strip().splitlines()[-15:])
        rep.fail('-', '-', 'nbdev_proc_nbs', f'exit {rc} (log: {log}); last lines:\n{tail}')
        return False
    for src in re.findall(r'Found cells containing imports and other code\. See FAQ\.\n---\n(.*?)\n---', txt, re.S):
        for nbname, where in _find_source_cells(root, src) or [('?', _short(src.splitlines()[0], 60))]:
            rep.warn(nbname, where, 'nbdev', 'a cell mixes imports with other code (nbdev_proc_nbs warned): '
                     'it runs while the docs are built; keep imports in cells of their own')
    return True

def _find_source_cells(root, src):
    "(notebook, 'cell i') of the source cells whose code is `src` (directive lines aside)."
    res, want = [], split_directives(src)[1].strip()
    for f in sorted((root/'nbs').rglob('*.ipynb')):
        try: nb = json.loads(f.read_text())
        except Exception: continue
        for i, c in enumerate(nb.get('cells', [])):
            if c.get('cell_type') == 'code' and split_directives(c.get('source'))[1].strip() == want:
                res.append((f.relative_to(root).as_posix(), f'cell {i}'))
    return sorted(set(res))

# ------------------------------------------------------------------------------------------- pages
_re_dir = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')

def split_directives(src):
    "Quarto/nbdev `#|` directives at the top of a code cell, and the source without them."
    lines, dirs = _text(src).splitlines(), {}
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith('#|')):
        m = _re_dir.match(lines.pop(0))
        if m: dirs[m.group(1)] = m.group(2).strip().strip('"\'')
    return dirs, '\n'.join(lines)

def _false(v): return str(v).lower() in ('false', 'no', '0')

def parse_frontmatter(cell):
    import yaml
    src = _text(cell.get('source')).strip()
    if cell.get('cell_type') != 'raw' or not src.startswith('---'): return None
    body = src.strip('-\n ')
    try: return yaml.safe_load(body) or {}
    except Exception: return {}

class Page:
    def __init__(self, path, proc, root, nbs):
        self.path, self.rel = path, path.relative_to(proc)
        self.nb = json.loads(path.read_text())
        cells = self.nb.get('cells', [])
        self.fm = parse_frontmatter(cells[0]) if cells else None
        self.cells = cells[1:] if self.fm is not None else cells
        self.fm = self.fm or {}
        self.cell0 = 1 if len(self.cells) < len(cells) else 0
        ofile = self.fm.get('output-file') or self.rel.with_suffix('.html').name
        self.out_rel = (self.rel.parent/ofile).as_posix()
        self.title = str(self.fm.get('title') or self.rel.stem)
        self.description = str(self.fm.get('description') or '')
        self.srcnb = nbs/self.rel
        self.src_ids = {}
        if self.srcnb.exists():
            try:
                for i, c in enumerate(json.loads(self.srcnb.read_text()).get('cells', [])):
                    if c.get('id'): self.src_ids[c['id']] = i
            except Exception: pass
        self.src_rel = self.srcnb.relative_to(root).as_posix() if self.srcnb.is_relative_to(root) else str(self.srcnb)
        self.anchors, self.counts = set(), dict(cells=0, images=0, math_display=0, math_inline=0,
                                                links=0, external=0)

    def where(self, i):
        "Where the processed cell `i` (index in self.cells) comes from, for a person to find it."
        c = self.cells[i]
        j = self.src_ids.get(c.get('id'))
        if j is not None: return f'cell {j}'
        dirs, body = split_directives(c.get('source'))
        m = re.match(r'show_doc\((.*)\)\s*$', body.strip())
        prev = next((self.src_ids[self.cells[k].get('id')] for k in range(i - 1, -1, -1)
                     if self.cells[k].get('id') in self.src_ids), None)
        after = f', after cell {prev}' if prev is not None else ''
        if m: return f'show_doc({m.group(1)}) added by nbdev{after}'
        first = next((l for l in body.splitlines() if l.strip()), '')
        return f'processed cell {i + self.cell0}{after}' + (f' ({_short(first, 40)!r})' if first else '')

def collect_pages(proc, root, nbs):
    files = sorted(p for p in proc.rglob('*.ipynb')
                   if not any(part.startswith(('.', '_')) for part in p.relative_to(proc).parts))
    return [Page(p, proc, root, nbs) for p in files]

# ------------------------------------------------------------------------------- markdown helpers
_re_fence = re.compile(r'^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)', re.S | re.M)
_re_comment = re.compile(r'<!--.*?-->', re.S)
_re_codespan = re.compile(r'(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)', re.S)

def fences(md):
    "(start, end, body) of every fenced code block."
    return [(m.start(), m.end(), m.group(0)) for m in _re_fence.finditer(md)]

def blank_out(md, spans):
    "`md` with the given spans replaced by spaces (newlines kept), so offsets stay valid."
    chars = list(md)
    for s, e in spans:
        for k in range(s, e):
            if chars[k] != '\n': chars[k] = ' '
    return ''.join(chars)

def prose(md):
    "Markdown without fenced code and HTML comments (code spans kept)."
    return blank_out(md, [(s, e) for s, e, _ in fences(md)] + [m.span() for m in _re_comment.finditer(md)])

def codespans(md): return [m.span() for m in _re_codespan.finditer(md)]

_re_link = re.compile(r'(!?)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|\'[^\']*\'))?\s*\)')
_re_html_ref = re.compile(r'<(a|img|source)\b[^>]*?\b(href|src)\s*=\s*["\']([^"\']*)["\']', re.I)

def find_links(md):
    "(is_image, text, url, is_html) for links and images in markdown prose, code spans excluded."
    p = prose(md); spans = codespans(p)
    inside = lambda i: any(s <= i < e for s, e in spans)
    res = [(bool(m.group(1)), m.group(2), m.group(3), False) for m in _re_link.finditer(p) if not inside(m.start())]
    res += [(m.group(1).lower() in ('img', 'source'), '', m.group(3), True)
            for m in _re_html_ref.finditer(p) if not inside(m.start())]
    return res

# ----------------------------------------------------------------------------------- math (pandoc)
def find_math(md):
    """Math as pandoc's `tex_math_dollars` reads it: ([(display, tex, offset)], [problems]).
    `$$…$$` may span lines but not a blank line; `$…$` needs a non-space after the opening `$`,
    a non-space before the closing one, and no digit right after it."""
    t = blank_out(prose(md), codespans(prose(md)))
    out, bad, i, n = [], [], 0, len(t)
    while i < n:
        c = t[i]
        if c == '\\': i += 2; continue
        if c != '$': i += 1; continue
        if t.startswith('$$', i):
            j = t.find('$$', i + 2)
            blank = re.search(r'\n[ \t]*\n', t[i:j if j >= 0 else n])
            if j < 0 or blank:
                bad.append((i, 'a `$$` without its closing `$$` in the same paragraph'))
                i += 2; continue
            out.append((True, t[i + 2:j], i)); i = j + 2; continue
        # inline
        j, ok = i + 1, False
        if j < n and not t[j].isspace():
            while j < n:
                if t[j] == '\\': j += 2; continue
                if t[j] == '$':
                    ok = not t[j - 1].isspace() and not (j + 1 < n and t[j + 1].isdigit())
                    break
                if t[j] == '\n' and re.match(r'\n[ \t]*\n', t[j:]): break
                j += 1
        if ok: out.append((False, t[i + 1:j], i)); i = j + 1
        else:
            bad.append((i, f'a `$` that pandoc (Quarto) will not read as math, so the site shows it as text '
                           f'(near {_short(md[max(0, i - 15):i + 30], 50)!r}): no space after an opening `$` '
                           'or before a closing one; write `\\$` for a dollar sign'))
            i += 1
    return out, bad

def tex_balance(tex):
    "Problems a TeX string surely has, found without MathJax."
    depth, k = 0, 0
    while k < len(tex):
        if tex[k] == '\\': k += 2; continue
        if tex[k] == '{': depth += 1
        elif tex[k] == '}':
            depth -= 1
            if depth < 0: return 'a `}` without its `{`'
        k += 1
    if depth: return 'a `{` without its `}`'
    if len(re.findall(r'\\left\b', tex)) != len(re.findall(r'\\right\b', tex)): return '`\\left` and `\\right` do not pair'
    stack = []
    for kind, env in re.findall(r'\\(begin|end)\{([^}]*)\}', tex):
        if kind == 'begin': stack.append(env)
        elif not stack or stack.pop() != env: return f'`\\end{{{env}}}` does not close the open environment'
    if stack: return f'`\\begin{{{stack[-1]}}}` is not closed'
    return None

_MJ_NODE = r"""
const [pkg, inp] = process.argv.slice(2);
const items = JSON.parse(require('fs').readFileSync(inp, 'utf8'));
require(pkg).init({loader: {load: ['input/tex-full', 'output/svg']},
  tex: {packages: {'[-]': ['noundefined', 'noerrors']}, formatError: (jax, err) => { throw err; }}})
.then(MJ => {
  const res = items.map(([tex, display]) => {
    try { MJ.tex2svg(tex, {display}); return null; } catch (e) { return String(e.message || e); }
  });
  process.stdout.write(JSON.stringify(res));
}).catch(e => { process.stderr.write(String(e)); process.exit(2); });
"""

def tex_errors_mathjax(items, mjpkg):
    "MathJax's error (or None) for each (tex, display); None for the whole list if node can't run it."
    node = shutil.which('node') or shutil.which('nodejs')
    if not node or not mjpkg or not (mjpkg/'es5'/'node-main.js').exists() or not items: return None
    with tempfile.TemporaryDirectory() as d:
        (Path(d)/'check.js').write_text(_MJ_NODE)
        (Path(d)/'items.json').write_text(json.dumps(items))
        try:
            r = subprocess.run([node, str(Path(d)/'check.js'), str(mjpkg.resolve()), str(Path(d)/'items.json')],
                               capture_output=True, text=True, timeout=120)
            return json.loads(r.stdout) if r.returncode == 0 else None
        except Exception: return None

# --------------------------------------------------------------------------------------- anchors
def pandoc_id(text):
    "The identifier pandoc (and so Quarto) gives a heading with this text."
    t = re.sub(r'!?\[([^\]]*)\]\([^)]*\)', r'\1', text)       # links, images -> their text
    t = re.sub(r'<[^>]+>', '', t)                               # raw html
    t = re.sub(r'`+', '', t)
    for pat in (r'\*\*(.+?)\*\*', r'(?<!\w)__(.+?)__(?!\w)', r'\*(.+?)\*', r'(?<!\w)_(.+?)_(?!\w)'):
        t = re.sub(pat, r'\1', t)                              # emphasis (paired markers only)
    t = html.unescape(t).replace('$', '')
    t = ''.join(ch for ch in t if ch.isalnum() or ch in '_-. \t\n')
    t = re.sub(r'\s+', '-', t.strip()).lower()
    t = re.sub(r'^[^a-z\u00c0-\uffff]+', '', t)                 # up to the first letter
    return t or 'section'

_re_atx = re.compile(r'^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$', re.M)

def headings(md):
    "(level, text, explicit id or None) of ATX headings outside code."
    res = []
    for m in _re_atx.finditer(prose(md)):
        txt, explicit = m.group(2), None
        a = re.search(r'\s*\{([^}]*)\}\s*$', txt)
        if a:
            idm = re.search(r'#([\w:.-]+)', a.group(1))
            explicit = idm.group(1) if idm else None
            txt = txt[:a.start()]
        res.append((len(m.group(1)), txt, explicit))
    return res

class IdMaker:
    "Pandoc's numbering of repeated identifiers: x, x-1, x-2, …"
    def __init__(self): self.seen = set()
    def __call__(self, text, explicit=None):
        if explicit: self.seen.add(explicit); return explicit
        base = pandoc_id(text); i, ident = 0, base
        while ident in self.seen: i += 1; ident = f'{base}-{i}'
        self.seen.add(ident); return ident

def md_sources(page):
    "(cell index, kind, markdown) for every markdown text a reader sees on the page, in order."
    for i, c in enumerate(page.cells):
        if c.get('cell_type') == 'markdown': yield i, 'markdown', _text(c.get('source'))
        elif c.get('cell_type') == 'code':
            dirs, _ = split_directives(c.get('source'))
            if _false(dirs.get('include', 'true')) or _false(dirs.get('output', 'true')): continue
            for o in c.get('outputs', []):
                md = o.get('data', {}).get('text/markdown')
                if md is not None: yield i, 'output', _text(md)

def page_anchors(page):
    ids = IdMaker()
    for i, kind, md in md_sources(page):
        for _, txt, explicit in headings(md): ids(txt, explicit)
        for m in re.finditer(r'\b(?:id|name)\s*=\s*["\']([^"\']+)["\']', prose(md)): ids.seen.add(m.group(1))
    for c in page.cells:
        dirs, _ = split_directives(c.get('source')) if c.get('cell_type') == 'code' else ({}, '')
        if dirs.get('label'): ids.seen.add(dirs['label'])
    return ids.seen

# -------------------------------------------------------------------------------------- checks
_TB = 'Traceback (most recent call last)'
_re_figtext = re.compile(r'^<(?:Figure|matplotlib\.figure\.Figure)[^>]*>$')

def check_outputs(page, rep):
    for i, c in enumerate(page.cells):
        if c.get('cell_type') != 'code': continue
        w = page.where(i)
        dirs, body = split_directives(c.get('source'))
        outs = c.get('outputs', [])
        for o in outs:
            ot = o.get('output_type')
            if ot == 'error':
                rep.fail(page.src_rel, w, 'error output', f"{o.get('ename')}: {_short(o.get('evalue', ''), 200)}")
                continue
            texts = [_text(o.get('text'))] if ot == 'stream' else [_text(v) for k, v in o.get('data', {}).items()
                                                                     if k.startswith('text/')]
            if any(_TB in t for t in texts):
                tb = next(t for t in texts if _TB in t)
                last = [l for l in tb.strip().splitlines() if l.strip()][-1]
                rep.fail(page.src_rel, w, 'traceback', f'a traceback in the output: {_short(last, 200)}')
            elif ot == 'stream' and o.get('name') == 'stderr' and texts[0].strip():
                rep.warn(page.src_rel, w, 'stderr', f'stderr output on the page: {_short(texts[0], 150)}')
            check_images_out(page, rep, w, o)
        if re.match(r'\s*show_doc\b', body):
            mds = [_text(o.get('data', {}).get('text/markdown')) for o in outs if 'text/markdown' in o.get('data', {})]
            if not mds:
                rep.fail(page.src_rel, w, 'show_doc', f'`{_short(body, 60)}` has no markdown output')
                continue
            for md in mds: check_show_doc(page, rep, w, md)

def check_show_doc(page, rep, w, md):
    hs = headings(md)
    if not hs:
        rep.fail(page.src_rel, w, 'show_doc', 'the show_doc output has no heading (no anchor to link to)')
        return
    name = hs[0][1]
    for s, e, body in fences(md):
        for m in _re_link.finditer(body):
            rep.warn(page.src_rel, w, 'show_doc', f'`{name}`: nbdev linked {m.group(2)} inside the signature block; '
                     'Quarto prints the link markup literally (drop the backticks in that docments comment)')
        lines = body.splitlines()[1:-1]
        if len(lines) == 1:   # one-line signature: documented parameters would have split it
            m = re.match(r'\s*(?:async\s+)?(?:def|class)\s+[\w.]+\((.*)\)', lines[0])
            params = [p.split(':')[0].split('=')[0].strip() for p in _split_params(m.group(1))] if m else []
            params = [p for p in params if p and p not in ('self', 'cls', '*', '/')]
            if params: rep.warn(page.src_rel, w, 'docments', f'`{name}`: no documented parameters ({", ".join(params)})')
        else:
            for l in lines[1:]:
                s_ = l.strip()
                if not s_ or s_.startswith(')') or '#' in s_: continue
                p = s_.split(':')[0].split('=')[0].strip().rstrip(',')
                if p in ('self', 'cls', '*', '/'): continue
                # nbdev never shows the comment of **kwargs (fastcore's docments skips it): the docstring must say where they go
                if p.startswith('**') and p[2:] in md[:s] + md[e:]: continue
                rep.warn(page.src_rel, w, 'docments', f'`{name}`: no docments comment for `{p}`' +
                         (' (nbdev does not show one for **kwargs: say in the docstring where they go)' if p.startswith('**') else ''))

def _split_params(s):
    depth, cur, res = 0, '', []
    for ch in s:
        if ch in '([{': depth += 1
        elif ch in ')]}': depth -= 1
        if ch == ',' and depth == 0: res.append(cur); cur = ''
        else: cur += ch
    if cur.strip(): res.append(cur)
    return res

def check_images_out(page, rep, w, o):
    data = o.get('data', {})
    imgs = [k for k in data if k.startswith('image/')]
    for k in imgs:
        page.counts['images'] += 1
        raw = _text(data[k])
        if not raw.strip():
            rep.fail(page.src_rel, w, 'image', f'an empty {k} output'); continue
        if k == 'image/svg+xml':
            if '<svg' not in raw: rep.fail(page.src_rel, w, 'image', 'an image/svg+xml output with no <svg>')
            continue
        try:
            from PIL import Image
            im = Image.open(io.BytesIO(base64.b64decode(raw))); im.load()
        except ImportError: continue
        except Exception as e:
            rep.fail(page.src_rel, w, 'image', f'a {k} output that is not a readable image ({e})'); continue
        if im.width < 4 or im.height < 4:
            rep.fail(page.src_rel, w, 'image', f'a {k} output of {im.width}x{im.height} pixels')
        else:
            ext = im.convert('L').getextrema()
            if ext[0] == ext[1]: rep.warn(page.src_rel, w, 'image', f'a {k} output that is one flat colour (blank plot?)')
    plain = _text(data.get('text/plain', '')).strip()
    if not imgs and _re_figtext.match(plain):
        rep.fail(page.src_rel, w, 'image', f'a figure printed as text with no image: {plain}')

def check_markdown(page, rep, links_todo, math_items, proc, nbs):
    for i, kind, md in md_sources(page):
        w = page.where(i)
        for is_img, text, url, is_html in find_links(md):
            if is_img:
                if kind == 'markdown': page.counts['images'] += 1
                check_image_ref(page, rep, w, url, page.cells[i], proc, nbs)
            else: links_todo.append((page, w, text, url))
        maths, bad = find_math(md)
        if bad:   # one report per text: a stray `$` usually makes its partner stray too
            more = f' ({len(bad)} such problems in this text)' if len(bad) > 1 else ''
            rep.fail(page.src_rel, w, 'math', bad[0][1] + more)
        for display, tex, off in maths:
            page.counts['math_display' if display else 'math_inline'] += 1
            math_items.append((page, w, tex, display))

def check_image_ref(page, rep, w, url, cell, proc, nbs):
    if re.match(r'(?i)(https?:|data:|//)', url): return
    if url.startswith('attachment:'):
        if url[len('attachment:'):] not in (cell.get('attachments') or {}):
            rep.fail(page.src_rel, w, 'image', f'{url}: no such attachment in the cell')
        return
    path = url.split('#')[0].split('?')[0]
    from urllib.parse import unquote
    path = unquote(path)
    if not path or not ((proc/page.rel.parent/path).exists() or (nbs/page.rel.parent/path).exists()):
        rep.fail(page.src_rel, w, 'image', f'image file not found: {url}')

def check_links(todo, pages, rep, cfg, root):
    by_out = {p.out_rel: p for p in pages}
    by_src = {p.rel.as_posix(): p for p in pages}
    site, git = cfg['site'], cfg['git_url']
    blob = f"{git}/blob/{cfg['branch']}/" if git else None
    tree = f"{git}/tree/{cfg['branch']}/" if git else None
    from urllib.parse import unquote
    for page, w, text, url in todo:
        label = f'[{_short(text, 40)}]({_short(url, 90)})'
        if not url: rep.fail(page.src_rel, w, 'link', f'{label}: empty target'); continue
        if url.startswith(site) or url.startswith(site.rstrip('/') + '#') or url == site.rstrip('/'):
            page.counts['links'] += 1
            target = url[len(site):] if url.startswith(site) else url[len(site.rstrip('/')):]
            _check_page_link(page, w, label, target, by_out, by_src, rep, base='')
        elif blob and (url.startswith(blob) or url.startswith(tree)):
            page.counts['links'] += 1
            rel, _, frag = url[len(blob if url.startswith(blob) else tree):].partition('#')
            f = root/unquote(rel)
            if not f.exists(): rep.fail(page.src_rel, w, 'source link', f'{label}: {rel} does not exist in the repository')
            elif frag.startswith('L') and f.is_file():
                m = re.match(r'L(\d+)', frag); n = len(f.read_text(errors='replace').splitlines())
                if m and int(m.group(1)) > n: rep.fail(page.src_rel, w, 'source link', f'{label}: {rel} has only {n} lines')
        elif re.match(r'(?i)^[a-z][a-z0-9+.-]*:|^//', url): page.counts['external'] += 1
        else:
            page.counts['links'] += 1
            _check_page_link(page, w, label, url, by_out, by_src, rep, base=page.rel.parent.as_posix())

def _check_page_link(page, w, label, target, by_out, by_src, rep, base):
    from urllib.parse import unquote
    import posixpath
    path, _, frag = target.partition('#')
    path = unquote(path.split('?')[0])
    if path:
        full = posixpath.normpath(posixpath.join(base, path)) if base not in ('', '.') else posixpath.normpath(path)
        if full.endswith('/') or full in ('.', ''): full = posixpath.join(full, 'index.html').lstrip('./')
        if full.endswith('.ipynb'):
            dest = by_src.get(full)
            if not dest: rep.fail(page.src_rel, w, 'link', f'{label}: no notebook {full} among the pages'); return
        elif full.endswith(('.html', '.md', '.qmd')) or '.' not in posixpath.basename(full):
            key = re.sub(r'\.(md|qmd)$', '.html', full)
            if '.' not in posixpath.basename(key): key += '.html'
            dest = by_out.get(key)
            if not dest: rep.fail(page.src_rel, w, 'link', f'{label}: no page {key} in the rendered set'); return
        else:
            if not (page.path.parent/path).exists() and not (page.srcnb.parent/path).exists():
                rep.fail(page.src_rel, w, 'link', f'{label}: local file {path} not found')
            return
    else: dest = page
    if frag and unquote(frag) not in dest.anchors:
        rep.fail(page.src_rel, w, 'cross-reference', f'{label}: page {dest.out_rel} has no anchor #{frag}')

def check_math(math_items, rep, mjpkg):
    res = tex_errors_mathjax([[tex, display] for _, _, tex, display in math_items], mjpkg)
    if res is None:
        if math_items:
            rep.warn('-', '-', 'math', 'TeX checked for balance only (node or the MathJax package is not available)')
        res = [tex_balance(tex) for _, _, tex, _ in math_items]
    for (page, w, tex, display), err in zip(math_items, res):
        if err: rep.fail(page.src_rel, w, 'math', f"{'$$' if display else '$'}{_short(tex, 60)}{'$$' if display else '$'}: {err}")
    return res

# ---------------------------------------------------------------------------------------- sidebar
def sidebar_entries(proc):
    import yaml
    f = proc/'sidebar.yml'
    if not f.exists(): return None
    try: y = yaml.safe_load(f.read_text()) or {}
    except Exception: return None
    res = []
    def walk(x):
        if isinstance(x, str): res.append(x)
        elif isinstance(x, list): [walk(o) for o in x]
        elif isinstance(x, dict):
            if 'href' in x: res.append(x['href'])
            if 'file' in x: res.append(x['file'])
            for k in ('contents', 'section'):
                if isinstance(x.get(k), (list, dict)): walk(x[k])
            if isinstance(x.get('section'), str) and x['section'].endswith(('.ipynb', '.qmd', '.md')): res.append(x['section'])
    walk(((y.get('website') or {}).get('sidebar') or {}).get('contents', []))
    return res

def check_sidebar(pages, proc, rep):
    entries = sidebar_entries(proc)
    if entries is None: return pages
    by_src = {p.rel.as_posix(): p for p in pages}
    order = []
    for e in entries:
        if re.match(r'(?i)^[a-z]+:', e): continue
        p = by_src.get(e) or next((q for q in pages if q.out_rel == e), None)
        if p is None and re.match(r'^\d+_\w+\.ipynb$', e) and not (proc/e).exists():
            # a numbered notebook another branch is writing: listed ahead so the merged site has it in its place
            rep.warn('nbs/sidebar.yml', e, 'sidebar', f'{e} is in the sidebar but not written yet (no such notebook)')
        elif p is None: rep.fail('nbs/sidebar.yml', e, 'sidebar', f'{e} is in the sidebar but is not a page')
        elif p not in order: order.append(p)
    for p in pages:
        if p not in order: rep.warn(p.src_rel, '-', 'sidebar', 'the page is not in nbs/sidebar.yml (no way to reach it from the site)')
    return order + [p for p in pages if p not in order]

# ---------------------------------------------------------------------------------------- MathJax
def ensure_mathjax(rep, offline=False):
    "Path of MathJax 3's npm package (cached); None with a warning if it cannot be had."
    pkgdir = CACHE/f'mathjax{MATHJAX_VERSION}'/'package'
    if (pkgdir/'es5'/MATHJAX_FILE).exists(): return pkgdir
    npm = shutil.which('npm')
    why = 'offline mode' if offline else 'npm not found' if not npm else None
    if not why:
        try:
            dl = CACHE/'dl'; shutil.rmtree(dl, ignore_errors=True); dl.mkdir(parents=True)
            r = subprocess.run([npm, 'pack', f'mathjax@{MATHJAX_VERSION}', '--silent', '--pack-destination', str(dl),
                                '--fetch-retries=1', '--fetch-timeout=30000'],
                               capture_output=True, text=True, timeout=120, cwd=dl)
            tgz = sorted(dl.glob('mathjax-*.tgz'))
            if r.returncode != 0 or not tgz: why = f'npm pack failed: {_short(r.stderr or r.stdout, 150)}'
            else:
                tmp = CACHE/f'mathjax{MATHJAX_VERSION}.tmp'; shutil.rmtree(tmp, ignore_errors=True)
                with tarfile.open(tgz[-1]) as tf:
                    members = [m for m in tf.getmembers() if m.isfile() and not m.name.startswith(('/',)) and '..' not in m.name]
                    tf.extractall(tmp, members=members)
                shutil.rmtree(pkgdir.parent, ignore_errors=True)
                tmp.rename(pkgdir.parent)
                shutil.rmtree(dl, ignore_errors=True)
        except Exception as e: why = f'{type(e).__name__}: {e}'
    if (pkgdir/'es5'/MATHJAX_FILE).exists(): return pkgdir
    rep.warn('-', '-', 'mathjax', f'MathJax {MATHJAX_VERSION} not available ({why}): pages are rendered and checked, '
             'but a browser will show the math as TeX')
    return None

def mathjax_head(prefix, have):
    if not have: return '<!-- MathJax not available: math is left as TeX -->'
    return f"""<script>
window.MathJax = {{
  tex: {{inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
        processEscapes: true, processEnvironments: true}},
  svg: {{fontCache: 'global'}},
  startup: {{pageReady: () => MathJax.startup.defaultPageReady().then(
    () => document.body.setAttribute('data-mathjax', 'done'),
    (e) => document.body.setAttribute('data-mathjax', 'failed: ' + e))}}
}};
</script>
<script id="MathJax-script" src="{prefix}mathjax/{MATHJAX_FILE}"></script>"""

# -------------------------------------------------------------------------------------- rendering
_CSS = """<style>
body { margin: 0; }
#docs-check-nav { position: fixed; top: 0; left: 0; bottom: 0; width: 210px; overflow-y: auto;
  padding: 12px 10px; background: #f6f7f9; border-right: 1px solid #ddd; font: 13px/1.45 sans-serif; }
#docs-check-nav a { display: block; color: #2a5db0; text-decoration: none; padding: 1px 0; }
#docs-check-nav a.current { font-weight: bold; color: #111; }
#docs-check-nav .site { font-weight: bold; font-size: 15px; margin-bottom: 8px; }
body > main, body > .jp-Notebook { margin-left: 230px !important; max-width: 940px; }
.jp-Notebook { padding: 16px 24px !important; }
h1.title { margin-bottom: 0.2em; }
.description { color: #555; font-size: 1.1rem; margin-top: 0; }
.description p { margin-top: 0; }
a code { color: #2a5db0 !important; }   /* nbdev's doc links are code spans: show them as links, as Quarto does */
</style>"""

# the page's height, for --full-page screenshots (read back from Chromium's --dump-dom)
_HEIGHT_JS = """<script>
function docsCheckHeight() { document.body.setAttribute('data-height', document.documentElement.scrollHeight); }
window.addEventListener('load', () => { docsCheckHeight(); setTimeout(docsCheckHeight, 1000); setTimeout(docsCheckHeight, 4000); });
</script>"""

def _to_html_attrs(md):
    "Pandoc's `[text](url){attr=…}` (nbdev writes it for [source] links) as an <a> that mistune keeps."
    return re.sub(r'\[([^\]\n]*)\]\(([^)\s]+)\)\{([^}\n]*)\}',
                  lambda m: f'<a href="{html.escape(m.group(2), True)}" {m.group(3)}>{m.group(1)}</a>', md)

def render_nb(page):
    "The notebook that nbconvert should render for `page`: Quarto's directives applied."
    import nbformat
    nb = nbformat.reads(json.dumps(page.nb), as_version=4)
    cells = nb.cells[1:] if page.fm else nb.cells
    from nbconvert.filters import markdown2html
    desc = markdown2html(page.description).strip() if page.description else ''   # Quarto reads it as markdown
    head = nbformat.v4.new_markdown_cell(
        f'<h1 class="title">{html.escape(page.title)}</h1>\n\n' + (f'<div class="description">{desc}</div>' if desc else ''))
    new = [head]
    for c in cells:
        if c.cell_type == 'raw': continue
        if c.cell_type == 'markdown':
            if not c.source.strip(): continue
            new.append(c); continue
        dirs, body = split_directives(c.source)
        if _false(dirs.get('include', 'true')): continue
        if _false(dirs.get('output', 'true')): c.outputs = []
        c.source = body
        echo = not _false(dirs.get('echo', 'true')) and body.strip()
        if not echo: c.metadata.setdefault('transient', {})['remove_source'] = True
        if not echo and not c.outputs: continue
        for o in c.outputs:
            if 'data' in o and 'text/markdown' in o.data: o.data['text/markdown'] = _to_html_attrs(_text(o.data['text/markdown']))
        c.execution_count = None
        for o in c.outputs:
            if 'execution_count' in o: o.execution_count = None
        new.append(c)
    nb.cells = new
    page.counts['cells'] = len(new) - 1
    return nb

_re_h = re.compile(r'<h([1-6])((?:\s+[^>]*)?)>(.*?)</h\1>', re.S)

def fix_html(doc, page, pages_order, site, have_mj):
    import posixpath
    depth = page.out_rel.count('/')
    prefix = '../' * depth
    # MathJax 3, local, instead of nbconvert's MathJax 2 from a CDN
    mj = mathjax_head(prefix, have_mj)
    s, e = doc.find('<!-- Load mathjax -->'), doc.find('<!-- End of mathjax configuration -->')
    if s >= 0 and e > s: doc = doc[:s] + mj + doc[e + len('<!-- End of mathjax configuration -->'):]
    else: doc = doc.replace('</head>', mj + '\n</head>', 1)
    doc = doc.replace('</head>', _CSS + _HEIGHT_JS + '\n</head>', 1)
    # nbconvert's lab template loads require.js (for widgets) from a CDN: nothing here needs it
    doc = re.sub(r'<script[^>]*\bsrc="https?://[^"]*require(?:\.min)?\.js"[^>]*>\s*</script>', '', doc)
    # heading ids the way pandoc makes them, so nbdev's #anchors resolve here as on the site
    ids = IdMaker()
    def _h(m):
        level, attrs, inner = m.groups()
        if 'class="title"' in attrs: return m.group(0)
        inner_clean = re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', '', inner, flags=re.S)
        ident = ids(html.unescape(re.sub(r'<[^>]+>', '', inner_clean)))
        return f'<h{level} id="{ident}">{inner_clean}<a class="anchor-link" href="#{ident}">¶</a></h{level}>'
    doc = _re_h.sub(_h, doc)
    # links into the site (and to notebooks) become relative links between the rendered pages
    by_src = {p.rel.as_posix(): p for p in pages_order}
    here = posixpath.dirname(page.out_rel)
    def _href(m):
        attr, q, url = m.group(1), m.group(2), html.unescape(m.group(3))
        target = None
        if url.startswith(site): target = url[len(site):]
        elif not re.match(r'(?i)^[a-z][a-z0-9+.-]*:|^//|^#', url):
            p, _, frag = url.partition('#')
            full = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel.as_posix()), p))
            if p.endswith('.ipynb') and full in by_src:
                target = by_src[full].out_rel + ('#' + frag if frag else '')
        if target is None: return m.group(0)
        p, _, frag = target.partition('#')
        rel = posixpath.relpath(p, here or '.') if p else ''
        return f'{attr}={q}{html.escape(rel + ("#" + frag if frag else ""), True)}{q}'
    doc = re.sub(r'(href)=(["\'])(.*?)\2', _href, doc)
    nav = ['<nav id="docs-check-nav"><div class="site">docs check</div>']
    for p in pages_order:
        rel = posixpath.relpath(p.out_rel, here or '.')
        cls = ' class="current"' if p is page else ''
        nav.append(f'<a href="{html.escape(rel, True)}"{cls}>{html.escape(p.title)}</a>')
    nav.append('</nav>')
    doc = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + '\n' + '\n'.join(nav), doc, count=1)
    doc = re.sub(r'<title>.*?</title>', f'<title>{html.escape(page.title)}</title>', doc, count=1, flags=re.S)
    return doc

def render_pages(pages, order, out, proc, cfg, mjpkg, rep):
    from nbconvert import HTMLExporter
    exp = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    for page in pages:
        try:
            body, _ = exp.from_notebook_node(render_nb(page))
        except Exception as e:
            rep.fail(page.src_rel, '-', 'render', f'nbconvert failed: {type(e).__name__}: {_short(str(e), 200)}'); continue
        dest = out/page.out_rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(fix_html(body, page, order, cfg['site'], mjpkg is not None))
    # files the pages may refer to (images, css) sit beside them, as Quarto would copy them
    for f in proc.rglob('*'):
        rel = f.relative_to(proc)
        if f.is_file() and f.suffix not in ('.ipynb', '.yml', '.yaml') and not any(x.startswith(('.', '_')) for x in rel.parts):
            (out/rel).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(f, out/rel)
    if mjpkg:
        (out/'mathjax').mkdir(exist_ok=True)
        shutil.copy2(mjpkg/'es5'/MATHJAX_FILE, out/'mathjax'/MATHJAX_FILE)
        shutil.copy2(mjpkg/'LICENSE', out/'mathjax'/'LICENSE')
        (out/'mathjax'/'README').write_text(f'MathJax {json.loads((mjpkg/"package.json").read_text())["version"]} '
                                            '(https://www.mathjax.org), Apache License 2.0: see LICENSE.\n')

# ------------------------------------------------------------------------------------ screenshots
def find_chromium():
    for c in (os.environ.get('CHROMIUM'), '/usr/bin/chromium', shutil.which('chromium'),
              shutil.which('chromium-browser'), shutil.which('google-chrome')):
        if c and Path(c).exists(): return c
    return None

def _chromium(exe, url, extra, timeout=120):
    with tempfile.TemporaryDirectory(prefix='chromium_') as prof:
        cmd = [exe, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync',
               '--hide-scrollbars', '--force-device-scale-factor=1', f'--user-data-dir={prof}',
               '--virtual-time-budget=8000', *extra, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)

def screenshot(exe, page, out, window, full, rep):
    "Chromium's DOM of the page after MathJax ran, then its screenshot (the whole page with `full`)."
    html_file = (out/page.out_rel).resolve()
    png = out/'screenshots'/(page.out_rel.replace('/', '__').rsplit('.', 1)[0] + '.png')
    png.parent.mkdir(exist_ok=True)
    try:
        dom = _chromium(exe, html_file.as_uri(), ['--dump-dom', f'--window-size={window}']).stdout
        w, h = window.split(',')
        m = re.search(r'<body[^>]*data-height="(\d+)"', dom or '')
        if full and m: h = str(min(max(int(h), int(m.group(1)) + 40), 16000))
        r = _chromium(exe, html_file.as_uri(), [f'--screenshot={png.resolve()}', f'--window-size={w},{h}'])
        if not png.exists(): rep.warn(page.src_rel, '-', 'screenshot', f'no screenshot: {_short(r.stderr, 200)}')
    except subprocess.TimeoutExpired:
        rep.warn(page.src_rel, '-', 'screenshot', 'Chromium timed out'); return png, None
    return png, dom

def check_dom(page, dom, n_math, rep):
    "After MathJax ran in the browser: every formula typeset, none with an error."
    if dom is None: return None
    state = re.search(r'<body[^>]*data-mathjax="([^"]*)"', dom)
    typeset = len(re.findall(r'<mjx-container', dom))
    errors = re.findall(r'data-mjx-error="([^"]*)"', dom)
    if n_math and (not state or state.group(1) != 'done'):
        rep.fail(page.src_rel, '-', 'math (browser)', f"MathJax did not finish in Chromium ({state.group(1) if state else 'never ran'})")
    for e in errors: rep.fail(page.src_rel, '-', 'math (browser)', f'MathJax error in Chromium: {html.unescape(e)}')
    if state and state.group(1) == 'done' and typeset < n_math:
        rep.fail(page.src_rel, '-', 'math (browser)', f'{typeset} formulas typeset in Chromium, {n_math} expected')
    return typeset

# --------------------------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default='_docs_check', help='output folder (relative to the repo root): pages, report.json, screenshots/')
    ap.add_argument('--screenshots', action='store_true', help='PNG of each page with headless Chromium, and check MathJax in it')
    ap.add_argument('--window-size', default='1200,2400', help='Chromium window for the screenshots (width,height)')
    ap.add_argument('--full-page', action='store_true', help='screenshots as tall as each page (up to 16000 px)')
    ap.add_argument('--no-proc', action='store_true', help='use the existing _proc/ instead of running nbdev_proc_nbs')
    ap.add_argument('--proc', default=None, help='with --no-proc: a folder of processed notebooks other than _proc/')
    ap.add_argument('--offline', action='store_true', help='do not try to fetch MathJax with npm (use the cache only)')
    ap.add_argument('--strict', action='store_true', help='warnings fail too')
    a = ap.parse_args(argv)
    t0 = time.time()
    root = ROOT
    cfg = read_settings(root)
    nbs, proc = root/cfg['nbs_path'], (Path(a.proc).resolve() if a.proc and a.no_proc else root/'_proc')
    out = Path(a.out) if Path(a.out).is_absolute() else root/a.out
    shutil.rmtree(out, ignore_errors=True); out.mkdir(parents=True)
    rep = Report(); times = {}

    t = time.time()
    if a.no_proc:
        if not proc.exists(): rep.fail('-', '-', 'setup', '_proc/ does not exist: run without --no-proc')
    else: run_proc(root, out, rep)
    times['nbdev_proc_nbs'] = time.time() - t
    if not proc.exists() or (rep.of('FAIL') and not list(proc.rglob('*.ipynb'))):
        return finish(rep, [], out, a, t0, times)

    t = time.time()
    pages = collect_pages(proc, root, nbs)
    for p in pages: p.anchors = page_anchors(p)
    order = check_sidebar(pages, proc, rep)
    links, maths = [], []
    for p in order:
        check_outputs(p, rep)
        check_markdown(p, rep, links, maths, proc, nbs)
    check_links(links, pages, rep, cfg, root)
    mjpkg = ensure_mathjax(rep, offline=a.offline)
    check_math(maths, rep, mjpkg)
    times['checks'] = time.time() - t

    t = time.time()
    render_pages(order, order, out, proc, cfg, mjpkg, rep)
    times['render'] = time.time() - t

    shots = {}
    if a.screenshots:
        t = time.time()
        exe = find_chromium()
        if not exe: rep.warn('-', '-', 'screenshot', 'no Chromium (apt-get install chromium): no screenshots taken')
        else:
            with ThreadPoolExecutor(2) as ex:
                res = list(ex.map(lambda p: screenshot(exe, p, out, a.window_size, a.full_page, rep), order))
            for p, (png, dom) in zip(order, res):
                n_math = p.counts['math_display'] + p.counts['math_inline']
                shots[p.out_rel] = dict(png=str(png), typeset=check_dom(p, dom, n_math if mjpkg else 0, rep))
        times['screenshots'] = time.time() - t
    return finish(rep, order, out, a, t0, times, shots)

def finish(rep, pages, out, a, t0, times, shots=None):
    shots = shots or {}
    print(f'{"page":<24} {"title":<34} {"cells":>5} {"imgs":>4} {"math":>9} {"links":>5} {"ext":>4}')
    for p in pages:
        c = p.counts
        extra = ''
        if p.out_rel in shots:
            s = shots[p.out_rel]
            extra = f"  screenshot {Path(s['png']).name}" + (f", {s['typeset']} typeset" if s['typeset'] is not None else '')
        print(f"{p.out_rel:<24} {_short(p.title, 34):<34} {c['cells']:>5} {c['images']:>4} "
              f"{c['math_display']:>3}+{c['math_inline']:<5} {c['links']:>5} {c['external']:>4}{extra}")
    if pages: print('(math: display+inline formulas; links: cross-references, local and source links checked; ext: external, not fetched)')
    fails, warns = rep.of('FAIL'), rep.of('WARN')
    for level, items in (('WARN', warns), ('FAIL', fails)):
        if not items: continue
        print(f'\n{len(items)} {"problem" if level == "FAIL" else "warning"}{"s" if len(items) != 1 else ""}:')
        for o in sorted(items, key=lambda o: (o['page'], o['kind'])):
            print(f"{level} {o['page']} | {o['where']} | {o['kind']}: {o['msg']}")
    (out/'report.json').write_text(json.dumps(dict(
        pages=[dict(page=p.out_rel, notebook=p.src_rel, title=p.title, **p.counts) for p in pages],
        problems=rep.items, screenshots=shots, seconds={k: round(v, 1) for k, v in times.items()}), indent=1))
    failed = bool(fails) or (a.strict and bool(warns))
    tm = ', '.join(f'{k} {v:.1f}s' for k, v in times.items())
    print(f"\ndocs check: {len(pages)} pages, {len(fails)} problems, {len(warns)} warnings "
          f"in {time.time() - t0:.1f}s ({tm}); pages in {out}")
    print('docs check FAILED' if failed else 'docs check passed')
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
