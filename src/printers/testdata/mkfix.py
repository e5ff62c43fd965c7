import json
NS="default"
def meta(name, ns=NS, t="@-3600", uid=None, labels=None, ann=None, owner=None, rv="10"):
    m={"name":name,"creationTimestamp":t,"uid":uid or ("uid-"+name),"resourceVersion":rv}
    if ns: m["namespace"]=ns
    if labels: m["labels"]=labels
    if ann: m["annotations"]=ann
    if owner: m["ownerReferences"]=[owner]
    return m
def owner(kind,name,api="apps/v1"):
    return {"apiVersion":api,"kind":kind,"name":name,"uid":"uid-"+name,"controller":True,"blockOwnerDeletion":True}
tmpl_spec={"containers":[{"name":"nginx","image":"nginx:1.25","imagePullPolicy":"IfNotPresent",
   "ports":[{"containerPort":80,"protocol":"TCP"}],
   "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}},
   "readinessProbe":{"httpGet":{"path":"/healthz","port":80,"scheme":"HTTP"},"initialDelaySeconds":2,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
   "env":[{"name":"MODE","value":"prod"},{"name":"MULTI","value":"a\nb"}],
   "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
   "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler","securityContext":{}}
objs=[]
objs.append({"apiVersion":"v1","kind":"Namespace","metadata":meta("default",ns=None,t="@-86400"),"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})
node_labels={"kubernetes.io/hostname":"worker-1","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","node-role.kubernetes.io/worker":"","node.kubernetes.io/instance-type":"e2-standard-4"}
objs.append({"apiVersion":"v1","kind":"Node","metadata":meta("worker-1",ns=None,t="@-86400",labels=node_labels,ann={"node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"}),
 "spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"],"taints":[{"key":"dedicated","value":"web","effect":"NoSchedule"},{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"@-60"}]},
 "status":{"capacity":{"cpu":"4","memory":"16393216Ki","pods":"110","ephemeral-storage":"101203600Ki","hugepages-2Mi":"0"},
   "allocatable":{"cpu":"3920m","memory":"13242368Ki","pods":"110","ephemeral-storage":"93270106945","hugepages-2Mi":"0"},
   "conditions":[{"type":"MemoryPressure","status":"False","lastHeartbeatTime":"@-30","lastTransitionTime":"@-86000","reason":"KubeletHasSufficientMemory","message":"kubelet has sufficient memory available"},
                 {"type":"Ready","status":"True","lastHeartbeatTime":"@-30","lastTransitionTime":"@-85000","reason":"KubeletReady","message":"kubelet is posting ready status"}],
   "addresses":[{"type":"InternalIP","address":"10.0.0.11"},{"type":"Hostname","address":"worker-1"}],
   "nodeInfo":{"machineID":"m1","systemUUID":"s1","bootID":"b1","kernelVersion":"6.1.0-18-cloud-amd64","osImage":"Debian GNU/Linux 12 (bookworm)","containerRuntimeVersion":"containerd://1.7.13","kubeletVersion":"v1.32.0","kubeProxyVersion":"","operatingSystem":"linux","architecture":"amd64"}}})
objs.append({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":meta("worker-1",ns="kube-node-lease",t="@-86400"),"spec":{"holderIdentity":"worker-1","leaseDurationSeconds":40,"renewTime":"@-5"}})
dep_ann={"deployment.kubernetes.io/revision":"2","kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"apps/v1\"}\n","note":"x"*150}
objs.append({"apiVersion":"apps/v1","kind":"Deployment","metadata":meta("web",t="@-1800",labels={"app":"web"},ann=dep_ann),
 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":None,"labels":{"app":"web"}},"spec":tmpl_spec},
   "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},
 "status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2,"unavailableReplicas":1,
   "conditions":[{"type":"Available","status":"True","lastUpdateTime":"@-1700","lastTransitionTime":"@-1700","reason":"MinimumReplicasAvailable","message":"Deployment has minimum availability."},
                 {"type":"Progressing","status":"True","lastUpdateTime":"@-100","lastTransitionTime":"@-1800","reason":"NewReplicaSetAvailable","message":"ReplicaSet \"web-7d4b9c8f5\" has successfully progressed."}]}})
import copy
old_spec=copy.deepcopy(tmpl_spec); old_spec["containers"][0]["image"]="nginx:1.24"
objs.append({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":meta("web-5c6d7e8f9",t="@-1800",labels={"app":"web","pod-template-hash":"5c6d7e8f9"},ann={"deployment.kubernetes.io/revision":"1"},owner=owner("Deployment","web")),
 "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5c6d7e8f9"}},"template":{"metadata":{"labels":{"app":"web","pod-template-hash":"5c6d7e8f9"}},"spec":old_spec}},
 "status":{"replicas":0,"observedGeneration":3}})
objs.append({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":meta("web-7d4b9c8f5",t="@-600",labels={"app":"web","pod-template-hash":"7d4b9c8f5"},ann={"deployment.kubernetes.io/revision":"2","deployment.kubernetes.io/desired-replicas":"3","deployment.kubernetes.io/max-replicas":"4"},owner=owner("Deployment","web")),
 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"7d4b9c8f5"}},"template":{"metadata":{"labels":{"app":"web","pod-template-hash":"7d4b9c8f5"}},"spec":tmpl_spec}},
 "status":{"replicas":3,"fullyLabeledReplicas":3,"readyReplicas":2,"availableReplicas":2,"observedGeneration":1}})
def pod(name, phase, cs, conds, t="@-590", ip="10.244.1.5", dt=None, extra_spec=None):
    spec=copy.deepcopy(tmpl_spec); spec["nodeName"]="worker-1"; spec["serviceAccountName"]="default"; spec["priority"]=0
    spec["tolerations"]=[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]
    spec["volumes"]=[{"name":"kube-api-access-abcde","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}}]
    spec["containers"][0]["volumeMounts"]=[{"name":"kube-api-access-abcde","readOnly":True,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]
    if extra_spec: spec.update(extra_spec)
    m=meta(name,t=t,labels={"app":"web","pod-template-hash":"7d4b9c8f5"},owner=owner("ReplicaSet","web-7d4b9c8f5"))
    if dt: m["deletionTimestamp"]=dt; m["deletionGracePeriodSeconds"]=30
    st={"phase":phase,"conditions":conds,"hostIP":"10.0.0.11","hostIPs":[{"ip":"10.0.0.11"}],"startTime":t,"containerStatuses":cs,"qosClass":"Burstable"}
    if ip: st["podIP"]=ip; st["podIPs"]=[{"ip":ip}]
    return {"apiVersion":"v1","kind":"Pod","metadata":m,"spec":spec,"status":st}
def conds(ready):
    r="True" if ready else "False"
    return [{"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"@-580"},{"type":"Initialized","status":"True","lastTransitionTime":"@-590"},
            {"type":"Ready","status":r,"lastTransitionTime":"@-570"},{"type":"ContainersReady","status":r,"lastTransitionTime":"@-570"},{"type":"PodScheduled","status":"True","lastTransitionTime":"@-590"}]
run_cs=[{"name":"nginx","image":"docker.io/library/nginx:1.25","imageID":"docker.io/library/nginx@sha256:abc","containerID":"containerd://c1","ready":True,"restartCount":0,"started":True,"state":{"running":{"startedAt":"@-575"}}}]
objs.append(pod("web-7d4b9c8f5-abcde","Running",run_cs,conds(True)))
crash_cs=[{"name":"nginx","image":"docker.io/library/nginx:1.25","imageID":"docker.io/library/nginx@sha256:abc","containerID":"containerd://c2","ready":False,"restartCount":4,"started":False,
  "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 1m20s restarting failed container=nginx pod=web-7d4b9c8f5-fghij_default(uid-web-7d4b9c8f5-fghij)"}},
  "lastState":{"terminated":{"exitCode":1,"reason":"Error","startedAt":"@-130","finishedAt":"@-125","containerID":"containerd://c2"}}}]
objs.append(pod("web-7d4b9c8f5-fghij","Running",crash_cs,conds(False),ip="10.244.1.6"))
objs.append(pod("web-7d4b9c8f5-klmno","Running",run_cs,conds(True),ip="10.244.1.7",dt="@25"))
evn=[0]
def ev(obj_kind,obj_name,reason,msg,typ="Normal",comp="kubelet",first="@-590",last=None,count=1,fp=None,ns=NS,uid=None,api="v1"):
    evn[0]+=1
    io={"kind":obj_kind,"namespace":ns,"name":obj_name,"uid":uid or ("uid-"+obj_name),"apiVersion":api}
    if obj_kind=="Node": io["namespace"]=""; io.pop("namespace")
    if fp: io["fieldPath"]=fp
    e={"apiVersion":"v1","kind":"Event","metadata":meta("%s.%016x"%(obj_name,0x17a0000000000000+evn[0]),ns=ns or "default",t=first),
       "involvedObject":io,"reason":reason,"message":msg,"source":{"component":comp},"firstTimestamp":first,"lastTimestamp":last or first,"count":count,"type":typ,"eventTime":None,"reportingComponent":comp,"reportingInstance":""}
    if comp=="kubelet": e["source"]["host"]="worker-1"; e["reportingInstance"]="worker-1"
    objs.append(e)
ev("Deployment","web","ScalingReplicaSet","Scaled up replica set web-5c6d7e8f9 from 0 to 3",comp="deployment-controller",first="@-1800",api="apps/v1")
ev("Deployment","web","ScalingReplicaSet","Scaled up replica set web-7d4b9c8f5 from 0 to 1",comp="deployment-controller",first="@-600",api="apps/v1")
ev("Deployment","web","ScalingReplicaSet","Scaled down replica set web-5c6d7e8f9 from 3 to 2",comp="deployment-controller",first="@-580",last="@-560",count=2,api="apps/v1")
for i,p in enumerate(["abcde","fghij","klmno"]):
    ev("ReplicaSet","web-7d4b9c8f5","SuccessfulCreate","Created pod: web-7d4b9c8f5-"+p,comp="replicaset-controller",first="@-%d"%(595-i),api="apps/v1")
    ev("Pod","web-7d4b9c8f5-"+p,"Scheduled","Successfully assigned default/web-7d4b9c8f5-%s to worker-1"%p,comp="default-scheduler",first="@-590")
    ev("Pod","web-7d4b9c8f5-"+p,"Pulled","Container image \"nginx:1.25\" already present on machine",first="@-588",fp="spec.containers{nginx}")
    ev("Pod","web-7d4b9c8f5-"+p,"Created","Created container: nginx",first="@-588",fp="spec.containers{nginx}")
    ev("Pod","web-7d4b9c8f5-"+p,"Started","Started container nginx",first="@-588",fp="spec.containers{nginx}")
ev("Pod","web-7d4b9c8f5-fghij","BackOff","Back-off restarting failed container nginx in pod web-7d4b9c8f5-fghij_default(uid-web-7d4b9c8f5-fghij)",typ="Warning",first="@-300",last="@-20",count=9,fp="spec.containers{nginx}")
ev("Node","worker-1","NodeReady","Node worker-1 status is now: NodeReady",first="@-85000",uid="worker-1")
ev("Node","worker-1","RegisteredNode","Node worker-1 event: Registered Node worker-1 in Controller",comp="node-controller",first="@-86000")
json.dump({"objects":objs},open(__import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)),"fixture.json"),"w"),indent=1)
print(len(objs))
# YAML / JSON edge cases
edge_ann={"a10":"x","a9":"y","A":"upper","_u":"underscore","b":"true","c":"1.5","d":"","e":"- dash","f":"key: value","g":" lead","h":"tab\there","i":"yes","j":"0x1F","k":"10:20","l":"~","m":"ünïcødé","n":"<html>&amp;","o":"it's","p":"'quoted'","q":"#hash","r":"a #b","s":"multi\nline\n","t":"trailing\n\n","u":"@at","v":"%pct","w":"1e3","x":"2025-01-01","y":"null","z":"{\"json\":1}"}
long_msg="0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
long_plain="this is a long plain message without special characters that goes on and on well past the eighty column limit of the emitter so it folds twice maybe more than that"
edge=pod("edge","Pending",[],[{"type":"PodScheduled","status":"False","lastTransitionTime":"@-10","reason":"Unschedulable","message":long_msg}],ip=None)
edge["metadata"]["name"]="edge"; edge["metadata"]["uid"]="uid-edge"; edge["metadata"]["annotations"]=edge_ann
edge["metadata"]["labels"]={"app":"edge","version":"1.0","enabled":"true"}
edge["spec"].pop("nodeName"); edge["status"]={"phase":"Pending","conditions":edge["status"]["conditions"],"qosClass":"Burstable","message":long_plain,"reason":"SomeReason"}
edge["spec"]["containers"][0]["args"]=["--flag=a b","plain"]
edge["spec"]["containers"][0]["command"]=["sh","-c","echo hello; sleep 3600"]
objs.append(edge)
# More describe cases: node without lease, pod with init containers / env sources / volumes.
objs.append({"apiVersion":"v1","kind":"Node","metadata":meta("worker-2",ns=None,t="@-7200",labels={"kubernetes.io/hostname":"worker-2"}),
 "spec":{"unschedulable":True,"taints":[{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule","timeAdded":"@-100"}]},
 "status":{"capacity":{"cpu":"2","memory":"4Gi","pods":"110"},"allocatable":{"cpu":"2","memory":"4Gi","pods":"110"},
   "conditions":[{"type":"Ready","status":"Unknown","lastHeartbeatTime":"@-300","lastTransitionTime":"@-250","reason":"NodeStatusUnknown","message":"Kubelet stopped posting node status."}],
   "addresses":[{"type":"InternalIP","address":"10.0.0.12"}],
   "nodeInfo":{"machineID":"","systemUUID":"","bootID":"","kernelVersion":"","osImage":"","containerRuntimeVersion":"","kubeletVersion":"v1.32.0","kubeProxyVersion":"","operatingSystem":"linux","architecture":"amd64"}}})
ip=pod("init-pod","Running",[{"name":"nginx","image":"nginx:1.25","imageID":"","containerID":"containerd://c9","ready":True,"restartCount":1,"started":True,"state":{"running":{"startedAt":"@-50"}},
   "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","signal":9,"message":"oom","startedAt":"@-90","finishedAt":"@-60"}}}],
   [{"type":"Initialized","status":"True","lastTransitionTime":"@-100"},{"type":"Ready","status":"True","lastTransitionTime":"@-40"},{"type":"example.com/gate","status":"True"}],t="@-120",ip="10.244.2.9")
ip["metadata"]["name"]="init-pod"; ip["metadata"]["uid"]="uid-init-pod"; ip["metadata"].pop("ownerReferences")
ip["spec"]["nodeName"]="worker-2"; ip["spec"]["priorityClassName"]="high"; ip["spec"]["priority"]=1000
ip["spec"]["nodeSelector"]={"disk":"ssd","zone":"a"}
ip["spec"]["readinessGates"]=[{"conditionType":"example.com/gate"},{"conditionType":"example.com/other"}]
ip["spec"]["initContainers"]=[{"name":"init","image":"busybox","command":["sh","-c","true"],"resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always"}]
c=ip["spec"]["containers"][0]
c["env"]=[{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},
          {"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}},
          {"name":"APP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels['app']"}}},
          {"name":"PASS","valueFrom":{"secretKeyRef":{"name":"s1","key":"password"}}},
          {"name":"CFG","valueFrom":{"configMapKeyRef":{"name":"cm1","key":"k","optional":True}}}]
c["envFrom"]=[{"configMapRef":{"name":"cm2"}},{"secretRef":{"name":"s2","optional":True},"prefix":"S_"}]
c["ports"]=[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP","hostPort":8443}]
c["livenessProbe"]={"exec":{"command":["cat","/tmp/healthy"]},"initialDelaySeconds":5,"timeoutSeconds":1,"periodSeconds":5,"successThreshold":1,"failureThreshold":3}
c["startupProbe"]={"tcpSocket":{"port":"http"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":30}
c["volumeMounts"]=c["volumeMounts"]+[{"name":"cache","mountPath":"/cache"},{"name":"cfg","mountPath":"/etc/cfg","subPath":"app.conf","readOnly":True}]
ip["spec"]["volumes"]=ip["spec"]["volumes"]+[{"name":"cache","emptyDir":{"sizeLimit":"1Gi"}},{"name":"cfg","configMap":{"name":"app-config"}},{"name":"sec","secret":{"secretName":"app-secret","optional":True}},{"name":"host","hostPath":{"path":"/var/log","type":"Directory"}}]
ip["status"]["initContainerStatuses"]=[{"name":"init","image":"busybox","imageID":"","containerID":"containerd://i1","ready":True,"restartCount":0,"started":False,"state":{"terminated":{"exitCode":0,"reason":"Completed","startedAt":"@-115","finishedAt":"@-110"}}}]
ip["status"]["qosClass"]="BestEffort"
objs.append(ip)
json.dump({"objects":objs},open(__import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)),"fixture.json"),"w"),indent=1)
print(len(objs))
