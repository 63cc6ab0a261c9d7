#!/usr/bin/env bash
# Audits the workflows and action.yml with zizmor (GitHub Actions static analysis), offline, with
# its default audits: any finding fails. A finding kept on purpose carries a
# `# zizmor: ignore[<audit>]` comment that says why.
#
# zizmor is pip-installed once, pinned, into a virtualenv under the cache folder
# ($DAILIES_CACHE_DIR, else $XDG_CACHE_HOME/dailies, else ~/.cache/dailies); later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
ZIZMOR_VERSION=1.32.0
CACHE_DIR="${DAILIES_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/dailies}"
VENV="$CACHE_DIR/zizmor-$ZIZMOR_VERSION"
if [ ! -x "$VENV/bin/zizmor" ]; then
  mkdir -p "$CACHE_DIR"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "zizmor==$ZIZMOR_VERSION"
fi
"$VENV/bin/zizmor" --offline --no-progress .github/workflows action.yml
