#!/usr/bin/env python3
"""Regenerate kubectl_1.32_golden.json (dev tool; needs a kubectl 1.32 binary).

    python3 mkfix.py            # writes fixture.json next to this file
    KUBECTL=/path/to/kubectl-1.32 python3 run.py

Starts fake_apiserver.py on 127.0.0.1:18080 with a base instant, runs each command of
cmds.json (TZ=UTC), retrying until a run does not straddle a second boundary, and records
base, whole seconds elapsed and stdout.
"""
import json, os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 18080
KUBECTL = os.environ.get("KUBECTL", "kubectl")
KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster: {server: "http://127.0.0.1:%d"}
  name: fake
contexts:
- context: {cluster: fake, namespace: default, user: u}
  name: fake
current-context: fake
users:
- name: u
  user: {}
""" % PORT

tmp = tempfile.mkdtemp()
kc = os.path.join(tmp, "kubeconfig")
open(kc, "w").write(KUBECONFIG)
base = int(time.time())
srv = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_apiserver.py"),
                        os.path.join(HERE, "fixture.json"), str(PORT), str(base)])
time.sleep(0.8)
cmds = json.load(open(os.path.join(HERE, "cmds.json")))
env = dict(os.environ, KUBECONFIG=kc, TZ="UTC", HOME=tmp)
out = {}
try:
    for name, args in cmds.items():
        for _ in range(5):
            while (time.time() - base) % 1 > 0.3:
                time.sleep(0.02)
            t0 = time.time()
            r = subprocess.run([KUBECTL] + args, env=env, capture_output=True, text=True)
            t1 = time.time()
            if int(t0 - base) == int(t1 - base):
                break
        out[name] = {"args": args, "base": base, "elapsed": int(t0 - base), "stdout": r.stdout}
finally:
    srv.kill()
json.dump(out, open(os.path.join(HERE, "kubectl_1.32_golden.json"), "w"), indent=1, ensure_ascii=False)
