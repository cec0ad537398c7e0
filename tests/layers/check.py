#!/usr/bin/env python3
"""The layering of normlint, checked on every #include and every public header.

The modules, each a folder of lib/, stand in this order (a module may use only
what is below it; audit and annotate stand side by side and do not use each
other):

    core <- doc <- load <- rules <- {audit, annotate} <- report <- cmd

A public header (lib/include/normlint/X.h) belongs to the module that
implements it: the module whose object files define the functions it
declares (read with nm from the build). Every function a public header
declares must be defined in one module. cmd/ sees only the public headers
and its own cli.h. Usage: check.py BUILD_DIR. Prints each violation and
exits 1 when there is one.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RANK = {'core': 0, 'doc': 1, 'load': 2, 'rules': 3, 'audit': 4, 'annotate': 4, 'report': 5, 'cmd': 6}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
DECL = re.compile(r'^[A-Za-z_][\w \*]*?\b(nl_\w+)\s*\([^;{]*\)\s*(?:__attribute__\(\(.*\)\))?\s*;', re.M)


def defined_symbols(build):
    where = {}
    for mod in RANK:
        if mod == 'cmd':
            continue
        # objects of sources that exist (a moved file leaves a stale object behind)
        objs = [o for o in glob.glob(os.path.join(build, 'obj', 'lib', mod, '*.o'))
                if os.path.exists(os.path.join(ROOT, 'lib', mod, os.path.basename(o)[:-2] + '.c'))]
        if not objs:
            continue
        out = subprocess.run(['nm', '-g', '--defined-only', *objs], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in 'TDBR':
                where.setdefault(parts[2], set()).add(mod)
    return where


def header_owners(build, problems):
    where = defined_symbols(build)
    owners = {}
    for h in sorted(glob.glob(os.path.join(ROOT, 'lib', 'include', 'normlint', '*.h'))):
        name = os.path.basename(h)
        text = re.sub(r'/\*.*?\*/', '', open(h, encoding='utf-8').read(), flags=re.S)
        mods = {}
        for fn in DECL.findall(text):
            ms = where.get(fn)
            if not ms:
                continue  # inline or not built in this configuration
            for m in ms:
                mods.setdefault(m, []).append(fn)
        if not mods:
            owners[name] = 'cmd' if name == 'normlint.h' else None
            if name != 'normlint.h':
                problems.append(f'lib/include/normlint/{name}: no module of {build}/obj defines what it declares '
                                f'(its includes would go unchecked)')
            continue
        owner = max(mods, key=lambda m: len(mods[m]))
        owners[name] = owner
        for m, fns in sorted(mods.items()):
            if m != owner:
                problems.append(f'lib/include/normlint/{name}: belongs to {owner}, but {", ".join(sorted(fns))} '
                                f'{"is" if len(fns) == 1 else "are"} defined in {m}')
    return owners


def module_of_include(inc, includer_mod, includer_is_public, owners):
    if includer_is_public and '/' not in inc:
        return owners.get(inc, None), f'normlint/{inc}'
    if inc.startswith('normlint/'):
        return owners.get(inc[len('normlint/'):], None), inc
    first = inc.split('/')[0]
    if '/' in inc and first in RANK:
        return first, inc
    return includer_mod, inc  # a sibling header of the same folder


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    problems = []
    owners = header_owners(build, problems)
    files = []
    for mod in RANK:
        base = os.path.join(ROOT, 'cmd') if mod == 'cmd' else os.path.join(ROOT, 'lib', mod)
        for f in sorted(glob.glob(os.path.join(base, '*.[ch]')) + glob.glob(os.path.join(base, '*.inc'))):
            files.append((f, mod, False))
    for h in sorted(glob.glob(os.path.join(ROOT, 'lib', 'include', 'normlint', '*.h'))):
        owner = owners.get(os.path.basename(h))
        if owner:
            files.append((h, owner, True))
    for f, mod, public in files:
        rel = os.path.relpath(f, ROOT)
        for inc in INCLUDE.findall(open(f, encoding='utf-8').read()):
            if mod == 'cmd' and not public:
                if inc != 'cli.h' and not inc.startswith('normlint/'):
                    problems.append(f'{rel}: includes {inc}: cmd/ uses only the public headers and cli.h')
                continue
            imod, shown = module_of_include(inc, mod, public, owners)
            if imod is None:
                continue
            if RANK[imod] > RANK[mod] or (RANK[imod] == RANK[mod] and imod != mod):
                problems.append(f'{rel} ({mod}): includes {shown} ({imod}), which stands above or beside it')
    for p in problems:
        print(f'layers: {p}')
    print(f'layers: {len(files)} files, {len(problems)} violation{"" if len(problems) == 1 else "s"}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
