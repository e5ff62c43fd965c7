#!/usr/bin/env python3
"""Minimal read-only API server for producing kubectl golden outputs (dev tool, not used by
the build). Usage: fake_apiserver.py FIXTURE.json PORT BASE_UNIX_SECONDS

The fixture is {"objects": [...]} with times written as "@<offset seconds>" relative to BASE
(e.g. "@-600"); they are served as RFC 3339 (MicroTime fields keep microseconds).
Supports legacy discovery, GET/LIST with simple label/field selectors, and Table output
when the fixture object carries "__cells__" (list of cells) and the kind "__columns__".
"""
import json, sys, re, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse, parse_qs

FIX, PORT, BASE = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
MICRO = {"eventTime", "lastObservedTime", "renewTime", "acquireTime"}

def subst(v, key=None):
    if isinstance(v, dict):
        return {k: subst(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [subst(x, key) for x in v]
    if isinstance(v, str) and re.fullmatch(r"@-?\d+", v):
        t = datetime.datetime.fromtimestamp(BASE + int(v[1:]), datetime.timezone.utc)
        if key in MICRO:
            return t.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return v

fixture = json.load(open(FIX))
OBJS = [subst(o) for o in fixture["objects"]]
COLUMNS = fixture.get("columns", {})

RES = {  # plural -> (group, version, kind, namespaced, short)
    "pods": ("", "v1", "Pod", True, ["po"]),
    "events": ("", "v1", "Event", True, ["ev"]),
    "nodes": ("", "v1", "Node", False, ["no"]),
    "namespaces": ("", "v1", "Namespace", False, ["ns"]),
    "deployments": ("apps", "v1", "Deployment", True, ["deploy"]),
    "replicasets": ("apps", "v1", "ReplicaSet", True, ["rs"]),
    "leases": ("coordination.k8s.io", "v1", "Lease", True, []),
}
KIND2RES = {v[2]: k for k, v in RES.items()}

def reslist(group, version):
    gv = version if not group else group + "/" + version
    out = []
    for plural, (g, v, kind, nsd, short) in RES.items():
        if g == group and v == version:
            out.append({"name": plural, "singularName": kind.lower(), "namespaced": nsd, "kind": kind,
                        "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"],
                        "shortNames": short})
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out}

def get(d, path):
    for p in path.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(p)
    return d

def match_field(o, fs):
    for term in [t for t in fs.split(",") if t]:
        if "!=" in term:
            k, v = term.split("!=", 1)
            if (get(o, k) or "") == v:
                return False
        else:
            k, v = term.split("=", 1)
            k = k.rstrip("=")
            if (get(o, k) or "") != v:
                return False
    return True

def match_label(o, ls):
    labels = get(o, "metadata.labels") or {}
    for term in [t for t in ls.split(",") if t]:
        if "=" in term:
            k, v = term.split("=", 1)
            k = k.rstrip("=!")
            if labels.get(k) != v.lstrip("="):
                return False
        elif labels.get(term) is None:
            return False
    return True

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, obj, code=200):
        b = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        u = urlparse(self.path)
        q = parse_qs(u.query)
        p = [x for x in u.path.split("/") if x]
        if p == ["api"]:
            return self.send({"kind": "APIVersions", "versions": ["v1"],
                              "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
        if p == ["apis"]:
            groups = []
            for g in ["apps", "coordination.k8s.io"]:
                gv = {"groupVersion": g + "/v1", "version": "v1"}
                groups.append({"name": g, "versions": [gv], "preferredVersion": gv})
            return self.send({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
        if p == ["version"]:
            return self.send({"major": "1", "minor": "32", "gitVersion": "v1.32.0"})
        if p == ["api", "v1"]:
            return self.send(reslist("", "v1"))
        if len(p) == 3 and p[0] == "apis":
            return self.send(reslist(p[1], p[2]))
        # resource paths
        if p[0] == "api":
            group, rest = "", p[2:]
        else:
            group, rest = p[1], p[3:]
        ns = None
        if rest and rest[0] == "namespaces" and len(rest) >= 3:
            ns, rest = rest[1], rest[2:]
        plural = rest[0]
        name = rest[1] if len(rest) > 1 else None
        if plural not in RES:
            return self.send({"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404,
                              "reason": "NotFound", "message": "not found"}, 404)
        kind = RES[plural][2]
        items = [o for o in OBJS if o["kind"] == kind and (ns is None or get(o, "metadata.namespace") == ns)]
        items.sort(key=lambda o: (get(o, "metadata.namespace") or "", get(o, "metadata.name")))
        table = "as=Table" in (self.headers.get("Accept") or "")
        if name:
            items = [o for o in items if get(o, "metadata.name") == name]
            if not items:
                g = plural if not group else plural + "." + group
                return self.send({"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404,
                                  "reason": "NotFound", "message": '%s "%s" not found' % (g, name),
                                  "details": {"name": name, "group": group, "kind": plural}}, 404)
            if not table:
                return self.send(strip(items[0]))
        if "fieldSelector" in q:
            items = [o for o in items if match_field(o, q["fieldSelector"][0])]
        if "labelSelector" in q:
            items = [o for o in items if match_label(o, q["labelSelector"][0])]
        if table:
            cols = [{"name": c, "type": "string", "format": "name" if c == "Name" else "", "description": "",
                     "priority": 0} for c in COLUMNS.get(kind, [])]
            rows = [{"cells": o.get("__cells__", []), "object": {"kind": "PartialObjectMetadata",
                     "apiVersion": "meta.k8s.io/v1", "metadata": o["metadata"]}} for o in items]
            return self.send({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": "100"},
                              "columnDefinitions": cols, "rows": rows})
        gv = "v1" if not group else group + "/v1"
        return self.send({"kind": kind + "List", "apiVersion": gv, "metadata": {"resourceVersion": "100"},
                          "items": [strip(o) for o in items]})

def strip(o):
    return {k: v for k, v in o.items() if not k.startswith("__")}

HTTPServer(("127.0.0.1", PORT), H).serve_forever()
