#!/usr/bin/env bash
# Builds the container image of the ocb-built test collector (otelcol/build.sh) for the testcontainers
# launcher, tagged agentotel/otelcol-test:<manifest-hash>, only when missing. Prints the image name (last
# line). Needs a Docker engine that answers (`docker info`).
#   bash otelcol/build-image.sh           # build if missing
#   bash otelcol/build-image.sh --print   # only print the image name
# The docker launcher runs it when told to: export AGENTOTEL_COLLECTOR_IMAGE="$(bash otelcol/build-image.sh | tail -n 1)"
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HASH="$(sha256sum "$HERE/manifest.yaml" | cut -c1-16)"
IMAGE="agentotel/otelcol-test:$HASH"
if [ "${1:-}" = "--print" ]; then echo "$IMAGE"; exit 0; fi
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "otelcol image: cached $IMAGE" >&2
  echo "$IMAGE"
  exit 0
fi
BIN="$(bash "$HERE/build.sh" | tail -n 1)"
CTX="$(mktemp -d)"
trap 'rm -rf "$CTX"' EXIT
cp "$BIN" "$CTX/otelcol-test"
docker build -q -f "$HERE/Dockerfile" -t "$IMAGE" "$CTX" >&2
echo "otelcol image: built $IMAGE" >&2
echo "$IMAGE"
