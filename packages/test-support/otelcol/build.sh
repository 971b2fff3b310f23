#!/usr/bin/env bash
# Builds the test collector (otelcol/manifest.yaml) with the OpenTelemetry Collector Builder (ocb),
# into ${AGENTOTEL_CACHE:-$HOME/.cache/agentotel}/otelcol/<manifest-hash>/otelcol-test, only when missing.
# Prints the binary's path on stdout (last line). Needs Go (>= the manifest's go.mod) and the Go module proxy.
# otelcol/ is the folder @agentotel/test-support ships: packages/test-support/otelcol in the repository,
# node_modules/@agentotel/test-support/otelcol in an npm install; the collector launcher finds the binary
# in that cache folder by itself.
#   bash otelcol/build.sh            # build if missing
#   bash otelcol/build.sh --print    # only print the path the binary has (or would have)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OCB_VERSION="v0.159.0"
MANIFEST="$HERE/manifest.yaml"
CACHE="${AGENTOTEL_CACHE:-$HOME/.cache/agentotel}"
HASH="$(sha256sum "$MANIFEST" | cut -c1-16)"
DIR="$CACHE/otelcol/$HASH"
BIN="$DIR/otelcol-test"

if [ "${1:-}" = "--print" ]; then echo "$BIN"; exit 0; fi
if [ -x "$BIN" ]; then
  echo "otelcol: cached $BIN" >&2
  echo "$BIN"
  exit 0
fi
# Prefer the Go in /usr/local/go (the machine's image) over an older distribution `go` in /usr/bin.
for p in /usr/lib/go/bin "$HOME/go/bin" /usr/local/go/bin; do
  if [ -d "$p" ]; then PATH="$p:$PATH"; fi
done
command -v go >/dev/null || { echo "otelcol: Go is not installed; install Go >= 1.24" >&2; exit 1; }
GO_VERSION="$(go env GOVERSION 2>/dev/null || go version | awk '{print $3}')"
case "$GO_VERSION" in
  go1.2[1-9]* | go1.[3-9][0-9]* | go[2-9]*) ;; # >= 1.21 reads the builder's go.mod (and can fetch its toolchain)
  *) echo "otelcol: $(command -v go) is $GO_VERSION; ocb $OCB_VERSION needs Go >= 1.24" >&2; exit 1 ;;
esac

mkdir -p "$DIR"
exec 9>"$DIR.lock"
flock 9   # one build at a time per manifest
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

WORK="$DIR/work"
rm -rf "$WORK"
mkdir -p "$WORK/.otelcol" "$WORK/tmp"   # ocb creates only the last path element
cp "$MANIFEST" "$WORK/builder-config.yaml"
start=$(date +%s)
echo "otelcol: building with ocb $OCB_VERSION in $WORK (log: $DIR/build.log)" >&2
# TMPDIR inside $WORK: ocb leaves an empty otelcol-distribution* folder in the temp folder otherwise.
if ! (cd "$WORK" && CGO_ENABLED=0 TMPDIR="$WORK/tmp" \
      go run "go.opentelemetry.io/collector/cmd/builder@$OCB_VERSION" --config=builder-config.yaml) >"$DIR/build.log" 2>&1; then
  tail -n 40 "$DIR/build.log" >&2
  echo "otelcol: ocb build failed; full log in $DIR/build.log" >&2
  exit 1
fi
mv "$WORK/.otelcol/build/otelcol-test" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
rm -rf "$WORK"
echo "otelcol: built $BIN in $(( $(date +%s) - start ))s" >&2
"$BIN" --version >&2 || true
echo "$BIN"
