#!/usr/bin/env bash
# The page's wasm broken down by crate (and the biggest functions), from the names that the
# wasm-release build keeps before wasm-opt strips them. Run after `trunk build --release`:
#   tools/wasm-size.sh [TOP_FUNCTIONS]
# Needs twiggy (`cargo install twiggy`). Sizes are of the unoptimised module (wasm-opt then
# shrinks code by ~25%); the shipped figure is the gzip line at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=target/wasm32-unknown-unknown/wasm-release/kubestep-web.wasm
[ -f "$wasm" ] || { echo "no $wasm: run trunk build --release first" >&2; exit 1; }
command -v twiggy >/dev/null || { echo "twiggy not found: cargo install twiggy" >&2; exit 1; }
csv=$(mktemp)
twiggy top -n 1000000 --format csv "$wasm" > "$csv"
python3 - "$csv" "${1:-25}" <<'PY'
import csv, re, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
top = int(sys.argv[2])
std = {'core', 'alloc', 'std'}
# The crates that can appear: Cargo.lock's packages, and the page's own binary.
known = {l.split('"')[1].replace('-', '_') for l in open('Cargo.lock') if l.startswith('name = ')}
known.add('kubestep_web')
by = collections.Counter()
def crate_of(name):
    if name.startswith(('"function names"', 'custom section', '__wbindgen_describe', 'export "__wbindgen_describe')):
        return None  # not shipped: names, custom sections, wasm-bindgen's describe glue
    if name.startswith('data segment'):
        return 'data (.rodata: strings and tables)'
    words = re.findall(r'(?<![A-Za-z0-9_])([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::', name)
    # Generic std code (sorts, collections, iterators) counts for the crate it was
    # instantiated for, when the name says.
    for c in words:
        if c in known and c not in std:
            return c
    if any(c in std for c in words):
        return 'std (core, alloc)'
    return '(unnamed: runtime helpers, the element table)'
total_code = 0
for r in rows:
    c = crate_of(r['Name'])
    if c is None:
        continue
    by[c] += int(r['ShallowSize'])
    total_code += int(r['ShallowSize'])
sorts = sum(int(r['ShallowSize']) for r in rows if 'slice::sort::' in r['Name'])
serde = sum(int(r['ShallowSize']) for r in rows if re.search(r'serde(_core)?::(de|ser)|Deserialize|Serialize|Visitor', r['Name']))
print('| crate | bytes (before wasm-opt) | share |')
print('|---|---:|---:|')
for c, b in by.most_common(18):
    print(f'| {c} | {b:,} | {100*b/total_code:.1f}% |')
rest = total_code - sum(b for _, b in by.most_common(18))
print(f'| the other {len(by)-18} crates | {rest:,} | {100*rest/total_code:.1f}% |')
print(f'| **total** | **{total_code:,}** | |')
print(f'\nof which: serde (de)serialisation code {serde:,} B; slice sorts (every instantiation) {sorts:,} B')
print(f'\nbiggest functions:')
items = sorted((r for r in rows if crate_of(r['Name']) and not r['Name'].startswith('data')), key=lambda r: -int(r['ShallowSize']))
for r in items[:top]:
    print(f"{int(r['ShallowSize']):>9,}  {r['Name'][:140]}")
PY
rm -f "$csv"
for f in dist/*_bg.wasm; do echo; echo "shipped: $f $(stat -c %s "$f") B, $(gzip -9c "$f" | wc -c) B gzip -9"; done
