#!/usr/bin/env bash
# Prints what `make deploy` applies and what `make undeploy` deletes: config/default rendered by `kubectl kustomize`
# through a throw-away overlay, so nothing in the repository is edited (kubebuilder runs `kustomize edit set image`
# on config/manager instead, which leaves a changed file behind).
#
#   scripts/deploy-manifests.sh deploy IMAGE   config/default with the manager's image set to IMAGE
#   scripts/deploy-manifests.sh undeploy       config/default without the CRD (undeploy keeps it: see the Makefile)
#
# IMAGE is a reference with a tag or a digest: registry.example.com:5000/team/tenant-operator:v1.2.0,
# ghcr.io/x/tenant-operator@sha256:<64 hex>. A bare name is refused: it would run `latest`, whatever that is today.
set -euo pipefail

KUBECTL=${KUBECTL:-kubectl}
root=$(cd "$(dirname "$0")/.." && pwd)
# The image name the manager's Deployment carries in config/manager/manager.yaml, which the overlay replaces.
placeholder=tenant-operator

usage() {
  echo "usage: $0 deploy IMAGE | undeploy" >&2
  exit 2
}

fail() {
  echo "$0: $*" >&2
  exit 2
}

# The grammar of github.com/distribution/reference: an optional registry host (with a port), then lowercase path
# components separated by '.', '_', '__' or dashes; a tag of at most 128 word characters, dots and dashes. As
# Docker reads a name, the first component is a host only when it has a '.' or a ':' or is localhost.
host_pattern='^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]+)?)$'
path_part='[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*'
path_pattern="^${path_part}(/${path_part})*$"
tag_pattern='^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'
digest_pattern='^sha256:[a-f0-9]{64}$'

# Writes the overlay's images: entry for IMAGE, or fails naming what is wrong with it.
image_entry() {
  local image=$1 name tag='' digest=''
  [[ -n $image ]] || fail "IMG is empty: give the image to deploy, e.g. make deploy IMG=registry.example.com/tenant-operator:v1.0.0"
  name=$image
  if [[ $name == *@* ]]; then
    digest=${name#*@}
    name=${name%%@*}
    [[ $digest =~ $digest_pattern ]] || fail "IMG=\"$image\": digest \"$digest\" is not sha256: followed by 64 lowercase hex digits"
  fi
  # A colon after the last slash starts the tag; one before it belongs to the registry's port.
  if [[ ${name##*/} == *:* ]]; then
    tag=${name##*:}
    name=${name%:*}
    [[ $tag =~ $tag_pattern ]] || fail "IMG=\"$image\": tag \"$tag\" must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"
  fi
  local host='' path=$name
  if [[ $name == */* && ( ${name%%/*} == *[.:]* || ${name%%/*} == localhost ) ]]; then
    host=${name%%/*}
    path=${name#*/}
    [[ $host =~ $host_pattern ]] || fail "IMG=\"$image\": \"$host\" is not a registry host (DNS labels, then an optional :port)"
  fi
  [[ $path =~ $path_pattern ]] || fail "IMG=\"$image\": \"$name\" is not an image name (lowercase path components after an optional registry host)"
  [[ -n $tag || -n $digest ]] || fail "IMG=\"$image\" has neither a tag nor a digest: name the version to deploy (IMG=$name:v1.0.0), not whatever latest is"

  echo "images:"
  echo "- name: $placeholder"
  echo "  newName: $name"
  # With a digest, kustomize writes name@digest and drops any tag: the digest is what the node pulls.
  if [[ -n $digest ]]; then
    echo "  digest: $digest"
  else
    echo "  newTag: \"$tag\""
  fi
}

[[ $# -ge 1 ]] || usage
mode=$1
overlay=$(mktemp -d "${TMPDIR:-/tmp}/tenant-operator-deploy.XXXXXX")
trap 'rm -rf "$overlay"' EXIT
{
  echo "resources:"
  echo "- $(realpath --relative-to="$overlay" "$root/config/default")"
  case $mode in
    deploy)
      [[ $# -eq 2 ]] || usage
      image_entry "$2"
      ;;
    undeploy)
      [[ $# -eq 1 ]] || usage
      # Deleting the CRD deletes every TenantIsolation, and with them (ownerReferences) every NetworkPolicy that
      # isolates a tenant: an undeploy must not open the cluster up. So the CRD stays.
      echo "patches:"
      echo "- patch: |-"
      echo "    \$patch: delete"
      echo "    apiVersion: apiextensions.k8s.io/v1"
      echo "    kind: CustomResourceDefinition"
      echo "    metadata:"
      echo "      name: tenantisolations.isolation.tenantoperator.io"
      ;;
    *) usage ;;
  esac
} > "$overlay/kustomization.yaml"

"$KUBECTL" kustomize "$overlay"
