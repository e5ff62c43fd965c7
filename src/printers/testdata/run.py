import subprocess, time, sys, os, json
PORT=18080
base=int(time.time())
srv=subprocess.Popen(["python3","/work/wt-print/src/printers/testdata/fake_apiserver.py","/tmp/gold/fixture.json",str(PORT),str(base)])
time.sleep(0.8)
cmds=json.load(open("/tmp/gold/cmds.json"))
env=dict(os.environ, KUBECONFIG="/tmp/kc.yaml", TZ="UTC", HOME="/tmp/gold/home")
out={}
try:
    for name,args in cmds.items():
        for attempt in range(5):
            # start early in a second
            while (time.time()-base) % 1 > 0.3: time.sleep(0.02)
            t0=time.time()
            r=subprocess.run(["/usr/lib/google-cloud-sdk/bin/kubectl.1.32"]+args,env=env,capture_output=True,text=True)
            t1=time.time()
            if int(t0-base)==int(t1-base): break
        out[name]={"args":args,"base":base,"elapsed":int(t0-base),"stdout":r.stdout,"stderr":r.stderr,"rc":r.returncode}
finally:
    srv.kill()
json.dump(out,open("/tmp/gold/out.json","w"),indent=1)
for k,v in out.items():
    print("=====",k,v["args"],"elapsed",v["elapsed"],"rc",v["rc"])
    print(v["stdout"],end="")
    if v["stderr"]: print("STDERR:",v["stderr"])
