#!/usr/bin/env bash
# Installs, from Debian's packages, the tools `make test` runs as child processes, each only when it is missing:
#   kubectl  (kubernetes-client)  the kubectl end-to-end tests, and `kubectl kustomize` of config/
#   promtool (prometheus)         the alert rules' checks and unit tests (config/prometheus)
#   lua5.1   (lua5.1)             the Argo CD health check's tests (config/argocd)
# Needs root (or sudo). A test whose tool is missing fails and names the package; it never skips.
set -uo pipefail

missing=()
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v lua5.1 >/dev/null 2>&1 || missing+=(lua5.1)
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "installing from Debian's packages: ${missing[*]}"
# The prometheus package also ships the server; only its promtool is used, and --no-install-recommends keeps the rest small.
if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
  echo "could not install ${missing[*]}; the tests that need them will fail and say so" >&2
  exit 1
fi
