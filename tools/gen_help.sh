#!/bin/sh
# Regenerate src/kubectl/kubectl-help.txt: kubectl v1.32's --help text for every command path
# kubestep implements, from the real kubectl on these machines (../shared/TOOLCHAIN.md).
# Each text follows a line "=== kubectl PATH ===" ("=== kubectl ===" is the root);
# "=== (options) ===" is what `kubectl options` prints, with /HOME for $HOME.
# Usage: tools/gen_help.sh [KUBECTL]   (default: /usr/lib/google-cloud-sdk/bin/kubectl.1.32)
set -eu
K=${1:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
out=$(dirname "$0")/../src/kubectl/kubectl-help.txt
paths='
annotate
api-resources
api-versions
apply
autoscale
cluster-info
cluster-info dump
cordon
create
create configmap
create cronjob
create deployment
create job
create namespace
create poddisruptionbudget
create quota
create secret
create secret docker-registry
create secret generic
create secret tls
create serviceaccount
create service
create service clusterip
create service externalname
create service loadbalancer
create service nodeport
delete
describe
diff
drain
edit
events
explain
expose
get
label
logs
options
patch
replace
rollout
rollout history
rollout pause
rollout restart
rollout resume
rollout status
rollout undo
run
scale
set
set env
set image
set resources
set selector
set serviceaccount
taint
top
top node
top pod
uncordon
version
wait
'
{
  echo "=== kubectl ==="
  KUBECONFIG=/dev/null "$K" --help
  echo "$paths" | while read -r p; do
    [ -n "$p" ] || continue
    echo "=== kubectl $p ==="
    # shellcheck disable=SC2086
    KUBECONFIG=/dev/null "$K" $p --help
  done
  # `kubectl options` itself prints the global flags; its cache directory follows $HOME.
  echo "=== (options) ==="
  HOME=/HOME KUBECONFIG=/dev/null "$K" options
} > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
