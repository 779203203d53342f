#!/usr/bin/env bash
# Measures the installed application's cold start: from launching the launcher to its first painted window
# (the first-run view, as a new user sees it), under Xvfb, five times, and prints the median.
# Usage: installer/start-time.sh [LAUNCHER]   (default: the app-image built by installer/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-target/installer/app-image/session-console/bin/session-console}
[ -x "$app" ] || { echo "no launcher at $app: run installer/build.sh first" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "needs Xvfb (apt-get install xvfb libgtk-3-0)" >&2; exit 2; }

work=$(mktemp -d)
Xvfb :97 -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=:97 HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

frames=() walls=()
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  out=$("$app" --screenshot "$work/shot-$run.png")
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  frame=$(sed -n 's/^first frame painted \([0-9]*\) ms.*/\1/p' <<<"$out")
  echo "run $run: first frame ${frame} ms after JVM start; launch to exit (6 frames + PNG) ${wall} ms"
  frames+=("$frame"); walls+=("$wall")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
echo "cold start (JVM start to first painted frame), median of 5: $(median "${frames[@]}") ms (target <= 2500)"
