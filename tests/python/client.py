"""The official Python client (PyPI `kubernetes`) against `kubestep serve --clock auto`.

Run by tests/python_client.rs: python client.py KUBECONFIG. Every check asserts; the
script prints what it saw and exits non-zero on the first failure.
"""
import sys
import threading

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
apps = client.AppsV1Api()

# /version
v = client.VersionApi().get_code()
assert v.major == "1" and v.minor == "32", v
print("version", v.git_version)

# Nodes and namespaces as a kind-like cluster has them.
nodes = [n.metadata.name for n in core.list_node().items]
assert nodes == ["control-plane", "worker-1", "worker-2"], nodes
print("nodes", nodes)

# A watch on pods labelled app=py, started before anything exists, with a timeout.
events = []
def watch_pods():
    w = watch.Watch()
    for ev in w.stream(core.list_namespaced_pod, "default", label_selector="app=py", timeout_seconds=3):
        events.append((ev["type"], ev["object"].metadata.name, ev["object"].status.phase))
t = threading.Thread(target=watch_pods)
t.start()
import time
time.sleep(0.3)

# Create a bare pod (no apiVersion/kind in the body, no Content-Type: as this client does).
pod = client.V1Pod(
    metadata=client.V1ObjectMeta(name="py-pod", labels={"app": "py"}),
    spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox")]),
)
created = core.create_namespaced_pod("default", pod)
assert created.metadata.uid and created.metadata.resource_version, created.metadata
print("created", created.metadata.name, "rv", created.metadata.resource_version)

# The cluster settled (--clock auto): scheduled and running.
got = core.read_namespaced_pod("py-pod", "default")
assert got.spec.node_name in ("worker-1", "worker-2"), got.spec.node_name
assert got.status.phase == "Running", got.status.phase
print("running on", got.spec.node_name)

# List with a label selector.
listed = core.list_namespaced_pod("default", label_selector="app=py")
assert [p.metadata.name for p in listed.items] == ["py-pod"], listed.items
assert int(listed.metadata.resource_version) >= int(got.metadata.resource_version)

# Strategic merge patch of labels.
patched = core.patch_namespaced_pod("py-pod", "default", {"metadata": {"labels": {"tier": "x"}}})
assert patched.metadata.labels == {"app": "py", "tier": "x"}, patched.metadata.labels

# A Deployment, scaled through the scale subresource.
dep = client.V1Deployment(
    metadata=client.V1ObjectMeta(name="py-web"),
    spec=client.V1DeploymentSpec(
        replicas=2,
        selector=client.V1LabelSelector(match_labels={"app": "py-web"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "py-web"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx:1.27")]),
        ),
    ),
)
apps.create_namespaced_deployment("default", dep)
d = apps.read_namespaced_deployment("py-web", "default")
assert d.status.ready_replicas == 2, d.status
apps.patch_namespaced_deployment_scale("py-web", "default", {"spec": {"replicas": 3}})
d = apps.read_namespaced_deployment("py-web", "default")
assert (d.spec.replicas, d.status.ready_replicas) == (3, 3), d.status
rs = apps.list_namespaced_replica_set("default", label_selector="app=py-web").items
assert len(rs) == 1 and rs[0].metadata.owner_references[0].name == "py-web"
print("deployment py-web ready", d.status.ready_replicas)

# Errors come back as ApiException with the Status.
try:
    core.read_namespaced_pod("nope", "default")
    raise AssertionError("expected 404")
except ApiException as e:
    assert e.status == 404 and '"reason":"NotFound"' in e.body.replace(" ", ""), e.body
    print("404", e.reason)

# Delete the pod; the watch sees it go.
core.delete_namespaced_pod("py-pod", "default")
t.join()
types = [e[0] for e in events]
print("watch", events)
assert types[0] == "ADDED" and types[-1] == "DELETED" and "MODIFIED" in types, types
assert all(name == "py-pod" for _, name, _ in events)
print("ok")
