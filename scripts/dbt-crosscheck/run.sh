#!/usr/bin/env bash
# Builds test/fixtures/packages-project with dbt-core + dbt-duckdb and with dailies, then compares
# every table (types and rows). Needs a Python venv with dbt installed OUTSIDE the repository:
#   python3 -m venv /tmp/dbtvenv && /tmp/dbtvenv/bin/pip install "dbt-core<1.12" dbt-duckdb
#   npm run build && scripts/dbt-crosscheck/run.sh /tmp/dbtvenv
# The packages come from ../shared/dbt-packages (or $DAILIES_DBT_PACKAGES).
set -euo pipefail
venv="${1:?usage: scripts/dbt-crosscheck/run.sh <venv with dbt-core and dbt-duckdb>}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
packages="${DAILIES_DBT_PACKAGES:-$repo/../shared/dbt-packages}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in dbt dailies; do
  mkdir -p "$work/$side"
  cp -r "$repo/test/fixtures/packages-project" "$work/$side/project"
  ln -s "$packages" "$work/$side/dbt-packages"
done
(cd "$work/dbt/project" && "$venv/bin/dbt" deps --profiles-dir . >/dev/null && "$venv/bin/dbt" build --profiles-dir . | grep -E 'PASS=|FAIL ' || true)
# dailies: first the models that do not introspect (as test/packages/packages-project.test.ts does,
# while nodes are compiled before the build starts), then the whole project
boot="$work/dailies/boot"
cp -r "$work/dailies/project" "$boot"
rm "$boot"/models/{utils_introspection,utils_pivot,utils_unpivot,utils_union,utils_star,audit_relations,audit_queries,audit_column_values,codegen_yaml}.sql "$boot/models/schema.yml"
sed -i 's|target/proof.duckdb|../project/target/proof.duckdb|' "$boot/profiles.yml"
mkdir -p "$work/dailies/project/target"
node "$repo/bin/dailies.js" build --project-dir "$boot" --profiles-dir "$boot" >/dev/null
node "$repo/bin/dailies.js" build --project-dir "$work/dailies/project" --profiles-dir "$work/dailies/project" | grep -E 'PASS=|FAIL ' || true
"$venv/bin/python" "$(dirname "$0")/compare.py" "$work/dbt/project/target/proof.duckdb" "$work/dailies/project/target/proof.duckdb"
