"""Joint vs separate BatchNorm statistics (`MetaSSLCallback(bn=...)`) for the method row of a benchmark suite.

    python tools/bn_statistics.py SUITE [--seeds 0 1 2] [--epochs N] [--root DIR] [--out nbs/results/bn_statistics.json]

Trains the `meta+mixup` row of `meta_ssl.bench.SUITES[SUITE]` with `bn='joint'` and `bn='separate'`, the two
variants alternating seed by seed with the same seeds, and adds each seed's errors to the suite's entry of the
JSON file (runs of other seeds with the same settings, e.g. in parallel processes, accumulate there)."""
import argparse, fcntl, json, os, sys, time, warnings
from pathlib import Path
import numpy as np
from meta_ssl.bench import SUITES, run_row, machine

BNS = ('joint', 'separate')

def _record(out, suite, entry, seed, res):
    "Add one seed's results to the suite's entry of `out` (under a lock), and recompute the means."
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out.parent, os.O_RDONLY)   # a lock on the folder: parallel runs add their seeds one at a time
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        d = json.loads(out.read_text()) if out.exists() else {}
        e = d.get(suite)
        if e is None or e['settings'] != entry['settings']: e = dict(entry, commands=[], per_seed={}, minutes=0.)
        if entry['command'] not in e['commands']: e['commands'].append(entry['command'])
        e['per_seed'][str(seed)] = {**e['per_seed'].get(str(seed), {}), **res}
        e['minutes'] = round(e['minutes'] + entry['minutes'], 1)
        e['seeds'] = sorted(int(s) for s, v in e['per_seed'].items() if all(bn in v for bn in BNS))
        for bn in BNS:
            errs = [e['per_seed'][str(s)][bn]['err'] for s in e['seeds']]
            if not errs: continue
            e[bn] = dict(err_mean=round(float(np.mean(errs)), 3),
                         err_std=round(float(np.std(errs, ddof=1)), 3) if len(errs) > 1 else 0.)
        d[suite] = {k: v for k, v in e.items() if k != 'command'}
        out.write_text(json.dumps(d, indent=1) + '\n')
    finally: os.close(fd)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('suite', choices=list(SUITES))
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--epochs', type=int, default=None, help="passes of the suite's epoch length; default the suite's")
    p.add_argument('--root', default=None, help='folder of the data sets (default $META_SSL_DATA)')
    p.add_argument('--bn', nargs='+', choices=BNS, default=list(BNS), help='the variants to train (default both)')
    p.add_argument('--out', default='nbs/results/bn_statistics.json')
    argv = sys.argv[1:] if argv is None else argv
    a = p.parse_args(argv)
    warnings.filterwarnings('ignore')
    cfg = dict(SUITES[a.suite], **({} if a.epochs is None else dict(epochs=a.epochs)))
    settings = {k: v for k, v in cfg.items() if k != 'seeds'}
    for s in a.seeds:
        res, t0 = {}, time.time()
        for bn in a.bn:
            r = run_row(cfg, 'meta+mixup', s, a.root, bn=bn)
            res[bn] = dict(err=round(r['err'], 3), curve=[round(e, 3) for e in r['curve']])
            print(f"{a.suite} seed {s} bn={bn:<8} {r['err']:6.2f}%", flush=True)
        entry = dict(command='python tools/bn_statistics.py ' + ' '.join(argv), row='meta+mixup', settings=settings,
                     steps=cfg['epochs'] * r['steps_per_epoch'], machine=machine(), minutes=(time.time() - t0) / 60)
        _record(Path(a.out), a.suite, entry, s, res)

if __name__ == '__main__': main()
