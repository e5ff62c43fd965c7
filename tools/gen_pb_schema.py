#!/usr/bin/env python3
"""Generate src/bin/kubestep/pb_schema.rs: the protobuf schema of the API types that
`kubestep serve` decodes from `application/vnd.kubernetes.protobuf` request bodies.

The schema comes from the Go types themselves (k8s.io/api and k8s.io/apimachinery
v0.32.0 `types.go`): each field's `protobuf:"WIRE,NUMBER,..."` tag gives its number, its
`json:"NAME,omitempty"` tag its JSON name and omitempty, and its Go type whether it is a
pointer, a slice, a map or a nested message. That is exactly what the apiserver's Go
decoder and JSON encoder use, so the JSON made from a protobuf body is the JSON the Go
structs would marshal to.

Usage: tools/gen_pb_schema.py [MIRROR_ROOT] > src/bin/kubestep/pb_schema.rs
       tools/gen_pb_schema.py --go-order [MIRROR_ROOT] > src/printers/go_order.rs
MIRROR_ROOT defaults to /work/.mirror (bare clones of kubernetes/api and
kubernetes/apimachinery, read at tag v0.32.0 with `git show`).

With --go-order it writes instead the JSON field order of the kinds kubestep serves (Go's
encoding/json writes struct fields in declaration order, inline structs in place), which
kubectl's -o json shows for the typed objects its generators get back.
"""
import re
import subprocess
import sys

TAG = "v0.32.0"
GO_ORDER = "--go-order" in sys.argv
ARGS = [a for a in sys.argv[1:] if a != "--go-order"]
ROOT = ARGS[0] if ARGS else "/work/.mirror"

# (package id, repo, path, group/version as apiVersion)
PACKAGES = [
    ("meta", "kubernetes+apimachinery", "pkg/apis/meta/v1/types.go", None),
    ("core", "kubernetes+api", "core/v1/types.go", "v1"),
    ("apps", "kubernetes+api", "apps/v1/types.go", "apps/v1"),
    ("batch", "kubernetes+api", "batch/v1/types.go", "batch/v1"),
    ("policy", "kubernetes+api", "policy/v1/types.go", "policy/v1"),
    ("autoscalingv1", "kubernetes+api", "autoscaling/v1/types.go", "autoscaling/v1"),
    ("autoscalingv2", "kubernetes+api", "autoscaling/v2/types.go", "autoscaling/v2"),
    ("coordination", "kubernetes+api", "coordination/v1/types.go", "coordination.k8s.io/v1"),
    ("discovery", "kubernetes+api", "discovery/v1/types.go", "discovery.k8s.io/v1"),
    ("events", "kubernetes+api", "events/v1/types.go", "events.k8s.io/v1"),
]

# Import paths → package ids.
IMPORTS = {
    "k8s.io/api/core/v1": "core",
    "k8s.io/apimachinery/pkg/apis/meta/v1": "meta",
    "k8s.io/api/autoscaling/v1": "autoscalingv1",
}

# Types with their own protobuf encoding.
SPECIAL = {
    "meta.Time": "Time",
    "meta.MicroTime": "MicroTime",
    "meta.Duration": "Duration",
    "meta.FieldsV1": "Raw",
    "resource.Quantity": "Quantity",
    "intstr.IntOrString": "IntOrStr",
    "runtime.RawExtension": "Raw",
    "types.UID": "Str",
}
SCALARS = {
    "string": "Str",
    "int32": "I32",
    "int64": "I64",
    "int": "I64",
    "uint32": "I32",
    "uint64": "I64",
    "bool": "Bool",
    "float64": "F64",
}


def show(repo, path):
    return subprocess.run(
        ["git", "-C", f"{ROOT}/{repo}/repo", "show", f"{TAG}:{path}"],
        check=True, capture_output=True, text=True).stdout


structs = {}   # "pkg.Name" -> list of (name, gotype, jsontag, pbtag)
named = {}     # "pkg.Name" -> underlying go type (non-struct)
aliases = {}   # (pkg, alias) -> pkg id
pkg_gv = {}

for pkg, repo, path, gv in PACKAGES:
    src = show(repo, path)
    pkg_gv[pkg] = gv
    m = re.search(r"^import \((.*?)^\)", src, re.S | re.M)
    if m:
        for line in m.group(1).splitlines():
            im = re.match(r'\s*(\w+)?\s*"([^"]+)"', line)
            if not im:
                continue
            alias = im.group(1) or im.group(2).rsplit("/", 1)[-1]
            aliases[(pkg, alias)] = IMPORTS.get(im.group(2), alias)
    # struct bodies
    for sm in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", src, re.S | re.M):
        fields = []
        for line in sm.group(2).splitlines():
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            fm = re.match(r"(?:(\w+)\s+)?([^\s`]+)\s+`([^`]*)`", line)
            if not fm:
                continue
            tags = dict(re.findall(r'(\w+):"([^"]*)"', fm.group(3)))
            if "protobuf" not in tags:
                continue
            name = fm.group(1) if fm.group(1) else None
            gotype = fm.group(2)
            if name is None:
                # embedded field: `VolumeSource \`json:",inline" …\``
                gotype = fm.group(2)
            fields.append((name, gotype, tags.get("json", ""), tags["protobuf"]))
        structs[f"{pkg}.{sm.group(1)}"] = fields
    for tm in re.finditer(r"^type (\w+) (?:= )?([^\s{]+)\s*$", src, re.M):
        named[f"{pkg}.{tm.group(1)}"] = tm.group(2)


def qualify(pkg, t):
    if "." in t:
        a, n = t.split(".", 1)
        return f"{aliases.get((pkg, a), a)}.{n}"
    return f"{pkg}.{t}"


order = []
index = {}


def msg_index(q):
    if q not in index:
        index[q] = len(order)
        order.append(q)
    return index[q]


def resolve(pkg, t):
    """A Go type (no pointer/slice prefix) → Rust `Ty` expression."""
    if t in SCALARS:
        return SCALARS[t]
    if t == "[]byte":
        return "Bytes"
    if t.startswith("map["):
        km = re.match(r"map\[([^\]]+)\](.+)", t)
        val = km.group(2)
        if val == "[]byte":
            return "Map(&Ty::Bytes)"
        return "Map(&Ty::" + resolve(pkg, val) + ")"
    q = qualify(pkg, t)
    if q in SPECIAL:
        return SPECIAL[q]
    if q in structs:
        return f"Msg({msg_index(q)})"
    if q in named:
        p, _ = q.split(".", 1)
        return resolve(p, named[q])
    raise SystemExit(f"unresolved type {t} ({q}) in {pkg}")


roots = []
for q in list(structs):
    pkg, name = q.split(".", 1)
    fields = structs[q]
    # Root kinds: those with TypeMeta, ObjectMeta and a group/version.
    if pkg_gv.get(pkg) and fields and fields[0][1] == "metav1.ObjectMeta":
        roots.append((pkg_gv[pkg], name, msg_index(q)))

if GO_ORDER:
    # Only what kubestep serves, reachable from its kinds; fields in declaration order.
    SERVED = {("v1", "Namespace"), ("v1", "Node"), ("v1", "Pod"), ("v1", "Service"),
              ("v1", "Event"), ("v1", "Endpoints"), ("apps/v1", "Deployment"),
              ("apps/v1", "ReplicaSet"), ("discovery.k8s.io/v1", "EndpointSlice"),
              ("coordination.k8s.io/v1", "Lease"), ("events.k8s.io/v1", "Event")}
    go_idx, go_order = {}, []

    def go_msg(q):
        if q not in go_idx:
            go_idx[q] = len(go_order)
            go_order.append(q)
        return go_idx[q]

    def go_child(pkg, t):
        """The nested message of a Go type (None for scalars); maps of messages flagged."""
        t = t.lstrip("*")
        if t.startswith("[]") and t != "[]byte":
            t = t[2:].lstrip("*")
        if t.startswith("map["):
            val = re.match(r"map\[([^\]]+)\](.+)", t).group(2)
            c = go_child(pkg, val)
            return None if c is None else c | 0x8000
        if t in SCALARS or t == "[]byte":
            return None
        q = qualify(pkg, t)
        if q in SPECIAL:
            return None
        if q in structs:
            return go_msg(q)
        if q in named:
            p, _ = q.split(".", 1)
            return go_child(p, named[q])
        raise SystemExit(f"unresolved type {t} ({q}) in {pkg}")

    def go_fields(q):
        pkg = q.split(".", 1)[0]
        out = []
        for name, gotype, jtag, pbtag in structs[q]:
            jparts = jtag.split(",")
            if jparts[0] == "-":
                continue
            if "inline" in jparts[1:] and jparts[0] == "":
                out.extend(go_fields(qualify(pkg, gotype.lstrip("*"))))
                continue
            out.append((jparts[0], go_child(pkg, gotype)))
        return out

    go_roots = []
    for gv, kind, idx in sorted(roots):
        if (gv, kind) in SERVED:
            go_roots.append((gv, kind, go_msg(order[idx])))
    assert len(go_roots) == len(SERVED), go_roots
    bodies = []
    k = 0
    while k < len(go_order):
        bodies.append(go_fields(go_order[k]))
        k += 1
    print("// Generated by tools/gen_pb_schema.py --go-order from the Go types of k8s.io/api and")
    print(f"// k8s.io/apimachinery {TAG}. Do not edit.")
    print("//! Go's JSON field order of the served kinds (struct declaration order, inline")
    print("//! structs in place): `(json name, nested message)`; a nested message's index has")
    print("//! [`MAP`] set when the field is a map of it, and is [`NONE`] for scalars.")
    print()
    print("/// No nested message.")
    print("pub const NONE: u16 = u16::MAX;")
    print("/// The field is a map whose values are this message.")
    print("pub const MAP: u16 = 0x8000;")
    print()
    print("/// Every message reachable from a served kind, by index.")
    print("pub static MSGS: &[&[(&str, u16)]] = &[")
    for q, fields in zip(go_order, bodies):
        print(f"    // {q}")
        items = ", ".join(f'("{n}", {"NONE" if c is None else c})' for n, c in fields)
        print(f"    &[{items}],")
    print("];")
    print()
    print("/// (apiVersion, kind, message index) of every served kind.")
    print("pub static ROOTS: &[(&str, &str, u16)] = &[")
    for gv, kind, idx in go_roots:
        print(f'    ("{gv}", "{kind}", {idx}),')
    print("];")
    sys.exit(0)

rendered = {}
i = 0
while i < len(order):
    q = order[i]
    pkg = q.split(".", 1)[0]
    out = []
    for name, gotype, jtag, pbtag in structs[q]:
        parts = pbtag.split(",")
        num = int(parts[1])
        jparts = jtag.split(",")
        jname = jparts[0]
        omit = "omitempty" in jparts[1:]
        inline = "inline" in jparts[1:] and jname == ""
        t = gotype
        ptr = t.startswith("*")
        t = t.lstrip("*")
        rep = False
        if t.startswith("[]") and t != "[]byte":
            rep = True
            t = t[2:].lstrip("*")
        ty = resolve(pkg, t)
        out.append(
            f"F {{ n: {num}, json: {jname!r}, ty: Ty::{ty}, rep: {str(rep).lower()}, "
            f"omit: {str(omit).lower()}, ptr: {str(ptr).lower()}, inline: {str(inline).lower()} }}"
            .replace("'", '"'))
    rendered[q] = out
    i += 1

print("// Generated by tools/gen_pb_schema.py from the Go types of k8s.io/api and")
print(f"// k8s.io/apimachinery {TAG} (their `protobuf:` and `json:` struct tags). Do not edit.")
print("// The protobuf schema of the API kinds `kubestep serve` decodes from request bodies.")
print()
print("use super::protobuf::{F, Msg, Ty};")
print()
print("/// Every message type reachable from a root kind, by index.")
print("pub static MSGS: &[Msg] = &[")
for q in order:
    print(f"    Msg {{ name: {q!r}, fields: &[".replace("'", '"'))
    for f in rendered[q]:
        print(f"        {f},")
    print("    ] },")
print("];")
print()
print("/// (apiVersion, kind, message index) of every top-level kind.")
print("pub static ROOTS: &[(&str, &str, u16)] = &[")
for gv, kind, idx in sorted(roots):
    print(f"    ({gv!r}, {kind!r}, {idx}),".replace("'", '"'))
print("];")
