#!/usr/bin/env python3
"""Vendor the part of k8s-openapi 0.28 (v1.32) that kubestep uses, with rarely set fields boxed.

A Pod in k8s-openapi's structs is ~13 KB, mostly the inline space of optional fields that
are never set: a `Volume` is 3.2 KB by value because each of its ~30 volume sources is an
`Option<Source>` stored inline, a `Container` is 2.1 KB. This script copies the crate from
cargo's registry into `vendor/k8s-openapi` (used through `[patch.crates-io]`) and changes
every optional struct-typed field that kubestep's code never names (or only tests with
`.is_some()`/`.is_none()`) from `Option<T>` to
`Option<Box<T>>`: 8 bytes when unset. Serialization, deserialization and the public API of
every field kubestep touches stay exactly as upstream generated them.

Only the types reachable from what kubestep imports are kept, and doc comments are dropped,
so the copy is small. Re-run after changing which fields the code names (a field that
becomes used while boxed still compiles in most places, through auto-deref, and the
compiler points at the rest):

    tools/vendor-k8s-openapi.py            # rewrite vendor/k8s-openapi
    tools/vendor-k8s-openapi.py --check    # fail if the committed copy is stale
"""
import glob
import os
import re
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'vendor', 'k8s-openapi')
VERSION = '0.28.0'

# Fields never boxed even when unnamed: they are almost always set, so a box would only add
# an allocation.
KEEP_INLINE = {'metadata', 'spec', 'status'}

# Fields kubestep names but that are large and seldom set, boxed all the same (the code
# builds them with `Box::new` and reads them through auto-deref): (type file, field).
FORCE_BOX = {
    ('container.rs', 'liveness_probe'), ('container.rs', 'readiness_probe'),
    ('container.rs', 'startup_probe'), ('container.rs', 'lifecycle'),
    ('container.rs', 'security_context'), ('pod_spec.rs', 'security_context'),
    ('pod_spec.rs', 'affinity'), ('pod_spec.rs', 'os'),
    ('event.rs', 'related'), ('event.rs', 'series'),
    ('container_status.rs', 'user'), ('container_status.rs', 'resources'),
    ('env_var.rs', 'value_from'), ('node_status.rs', 'config'), ('node_status.rs', 'features'),
} | {('volume.rs', f) for f in [
    'cephfs', 'cinder', 'config_map', 'csi', 'downward_api', 'empty_dir', 'ephemeral', 'fc',
    'flocker', 'glusterfs', 'host_path', 'image', 'iscsi', 'nfs', 'persistent_volume_claim',
    'quobyte', 'rbd', 'secret', 'storageos']}


def registry_source():
    home = os.environ.get('CARGO_HOME', os.path.expanduser('~/.cargo'))
    found = sorted(glob.glob(os.path.join(home, 'registry', 'src', '*', f'k8s-openapi-{VERSION}')))
    if found:
        return found[0]
    # With the patch in place cargo no longer downloads the crate: fetch it from crates.io.
    import io
    import tarfile
    import urllib.request
    url = f'https://static.crates.io/crates/k8s-openapi/k8s-openapi-{VERSION}.crate'
    data = urllib.request.urlopen(url, timeout=120).read()
    dest = tempfile.mkdtemp()
    with tarfile.open(fileobj=io.BytesIO(data), mode='r:gz') as t:
        t.extractall(dest, filter='data')
    return os.path.join(dest, f'k8s-openapi-{VERSION}')


def our_sources():
    """kubestep's own Rust text (engine, page, CLI, tests, benches, examples)."""
    text = []
    for top in ['src', 'www', 'tests', 'benches', 'examples']:
        for path in glob.glob(os.path.join(ROOT, top, '**', '*.rs'), recursive=True):
            with open(path, encoding='utf-8') as f:
                text.append(f.read())
    return '\n'.join(text)


def type_files(v):
    """Map `crate::api::core::v1::Pod` → its file, from every mod.rs's `pub use`."""
    out = {}
    for mod in glob.glob(os.path.join(v, '**', 'mod.rs'), recursive=True):
        rel = os.path.relpath(os.path.dirname(mod), v)
        prefix = 'crate' + ('' if rel == '.' else '::' + rel.replace(os.sep, '::'))
        with open(mod, encoding='utf-8') as f:
            for m in re.finditer(r'^mod (\w+);\npub use self::\1::(\w+);', f.read(), re.M):
                out[f'{prefix}::{m.group(2)}'] = os.path.join(os.path.dirname(mod), m.group(1) + '.rs')
    return out


def main():
    check = '--check' in sys.argv[1:]
    src = registry_source()
    v = os.path.join(src, 'src', 'v1_32')
    ours = our_sources()
    files = type_files(v)
    by_name = {}
    for path, f in files.items():
        by_name.setdefault(path.rsplit('::', 1)[1], []).append(path)

    # Roots: every type kubestep names through a k8s_openapi path or imports in a use list.
    roots = set()
    for m in re.finditer(r'k8s_openapi::((?:\w+::)*)\{([^}]*)\}', ours):
        mod = m.group(1)
        for name in re.findall(r'\b([A-Z]\w*)\b', m.group(2)):
            roots.add('crate::' + mod + name)
    for m in re.finditer(r'k8s_openapi::((?:\w+::)+)([A-Z]\w*)', ours):
        roots.add('crate::' + m.group(1) + m.group(2))
    roots = {r for r in roots if r in files}
    # The closure over the types each file names.
    keep = set()
    todo = sorted(roots)
    while todo:
        t = todo.pop()
        if t in keep:
            continue
        keep.add(t)
        with open(files[t], encoding='utf-8') as f:
            for ref in re.findall(r'crate::(?:\w+::)+[A-Z]\w*', f.read()):
                if ref in files and ref not in keep:
                    todo.append(ref)

    # Identifiers kubestep names other than in `.field.is_some()` / `.field.is_none()` (which
    # read a boxed field the same way): a boxed field must not be one of them.
    used = set(re.findall(r'\b[a-z_][a-z0-9_]*\b', re.sub(r'\.[a-z_][a-z0-9_]*\.is_(?:some|none)\(\)', '', ours)))
    # Types that are structs with fields (not newtypes such as Quantity, Time or IntOrString).
    structs = set()
    for t in keep:
        with open(files[t], encoding='utf-8') as f:
            if re.search(r'^pub struct \w+ \{', f.read(), re.M):
                structs.add(t)

    tmp = tempfile.mkdtemp()
    try:
        dst = os.path.join(tmp, 'k8s-openapi')
        os.makedirs(os.path.join(dst, 'src'))
        for name in ['Cargo.toml', 'LICENSE', 'build.rs']:
            shutil.copy(os.path.join(src, name), os.path.join(dst, name))
        for name in ['lib.rs', 'byte_string.rs', 'deep_merge.rs', 'resource.rs']:
            shutil.copy(os.path.join(src, 'src', name), os.path.join(dst, 'src', name))
        boxed = 0
        kept_files = {files[t]: t for t in keep}
        for path, t in kept_files.items():
            with open(path, encoding='utf-8') as f:
                text = f.read()
            text = strip_docs(text)
            for m in list(re.finditer(r'^    pub (\w+): Option<(crate::(?:\w+::)+[A-Z]\w*)>,$', text, re.M)):
                field, ty = m.group(1), m.group(2)
                forced = (os.path.basename(path), field) in FORCE_BOX
                if ty not in structs or (field in used and not forced) or field in KEEP_INLINE:
                    continue
                text = text.replace(f'    pub {field}: Option<{ty}>,', f'    pub {field}: Option<std::boxed::Box<{ty}>>,')
                text = text.replace(f'let mut value_{field}: Option<{ty}> = None;',
                                    f'let mut value_{field}: Option<std::boxed::Box<{ty}>> = None;')
                boxed += 1
            write(dst, os.path.relpath(path, src), text)
        # mod.rs files: only the kept types and the modules on their paths.
        dirs = set()
        for path in kept_files:
            d = os.path.dirname(path)
            while len(d) >= len(v):
                dirs.add(d)
                d = os.path.dirname(d)
        for d in sorted(dirs):
            with open(os.path.join(d, 'mod.rs'), encoding='utf-8') as f:
                text = strip_docs(f.read())
            def type_ok(m):
                return os.path.join(d, m.group(1) + '.rs') in kept_files
            text = re.sub(r'^mod (\w+);\npub use self::\1::(\w+);\n', lambda m: m.group(0) if type_ok(m) else '', text, flags=re.M)
            text = re.sub(r'^pub mod (\w+);\n', lambda m: m.group(0) if os.path.join(d, m.group(1)) in dirs else '', text, flags=re.M)
            text = re.sub(r'\n{3,}', '\n\n', text)
            write(dst, os.path.relpath(os.path.join(d, 'mod.rs'), src), text)
        # v1_32/list.rs (the List type the crate root re-exports).
        with open(os.path.join(v, 'list.rs'), encoding='utf-8') as f:
            write(dst, os.path.join('src', 'v1_32', 'list.rs'), strip_docs(f.read()))
        with open(os.path.join(dst, 'VENDORED.md'), 'w', encoding='utf-8') as f:
            f.write(f'k8s-openapi {VERSION} (Apache-2.0, see LICENSE), the v1_32 types kubestep uses '
                    f'({len(kept_files)} of {len(files)}), with {boxed} rarely set optional fields boxed.\n'
                    'Generated by tools/vendor-k8s-openapi.py; do not edit by hand.\n')
        if check:
            diff = os.system(f'diff -r -q {dst} {OUT} > /dev/null')
            if diff != 0:
                sys.exit('vendor/k8s-openapi is stale: run tools/vendor-k8s-openapi.py')
            print(f'vendor/k8s-openapi is current ({len(kept_files)} types, {boxed} boxed fields)')
            return
        if os.path.exists(OUT):
            shutil.rmtree(OUT)
        shutil.copytree(dst, OUT)
        print(f'vendor/k8s-openapi: {len(kept_files)} of {len(files)} types, {boxed} fields boxed')
    finally:
        shutil.rmtree(tmp)


def strip_docs(text):
    """Drop `///` and `//!` doc comments (most of the crate's bytes)."""
    return re.sub(r'^[ \t]*//[/!].*\n', '', text, flags=re.M)


def write(dst, rel, text):
    path = os.path.join(dst, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
