"Move import lines out of cells that mix imports with other code, into the notebook's first `#| hide` cell."
import json, re, sys
for fn in sys.argv[1:]:
    nb = json.load(open(fn)); changed = False
    hide = next((c for c in nb['cells'] if c['cell_type'] == 'code' and ''.join(c['source']).startswith('#| hide')), None)
    if hide is None: continue
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] != 'code' or c is hide or src.startswith('#| export'): continue
        lines = src.splitlines()
        imps = [l for l in lines if re.match(r'^(import|from)\s', l)]
        rest = [l for l in lines if l not in imps]
        if imps and any(l.strip() and not l.startswith('#') for l in rest):
            c['source'] = '\n'.join(rest)
            hsrc = ''.join(hide['source'])
            hide['source'] = hsrc.rstrip('\n') + '\n' + '\n'.join(i for i in imps if i not in hsrc)
            changed = True; print(fn, imps)
    for c in nb["cells"]:
        if isinstance(c["source"], str): c["source"] = c["source"].splitlines(keepends=True)
    if changed: json.dump(nb, open(fn, 'w'), indent=1, ensure_ascii=False); open(fn, 'a').write('\n')
