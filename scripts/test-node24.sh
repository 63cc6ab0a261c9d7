#!/usr/bin/env bash
# Runs the Snowflake suite and the Action's suites under Node 24 (the Action runs on node24):
# vitest itself on Node 24, and the bundled Action's end-to-end tests on it too
# (DAILIES_ACTION_NODE). Node 24 comes from the npm registry (`npx -y node@24`), cached after the
# first run; NODE24=/path/to/node uses that one instead.
#
#   bash scripts/test-node24.sh [more vitest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
node24="${NODE24:-}"
if [ -z "$node24" ]; then
  node24="$(npx -y node@24 -e 'process.stdout.write(process.execPath)')"
fi
version="$("$node24" --version)"
case "$version" in
  v24.*) ;;
  *) echo "test-node24: $node24 is Node $version, not 24" >&2; exit 1 ;;
esac
echo "test-node24: vitest and the bundled Action on Node $version ($node24)"
# the Snowflake stand-in's venv (fakesnow + our front), reused when already built
bash test/fixtures/snowflake/venv.sh >/dev/null
DAILIES_ACTION_NODE="$node24" "$node24" node_modules/vitest/vitest.mjs run test/warehouse/snowflake test/action "$@"
