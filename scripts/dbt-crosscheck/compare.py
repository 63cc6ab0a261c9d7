"""Compares every table of schema `main` in two DuckDB files: column names and types, and rows
(as sorted lists). Usage: python compare.py <dbt.duckdb> <dailies.duckdb>. Exits 1 on a difference."""
import duckdb, sys
a = duckdb.connect(sys.argv[1], read_only=True)
b = duckdb.connect(sys.argv[2], read_only=True)
tables = [r[0] for r in a.execute("select table_name from information_schema.tables where table_schema='main' order by 1").fetchall()]
tb = set(r[0] for r in b.execute("select table_name from information_schema.tables where table_schema='main'").fetchall())
print('only in dbt:', sorted(set(tables)-tb), 'only in dailies:', sorted(tb-set(tables)))
same = 0
for t in tables:
    if t not in tb: continue
    da = [(r[0], r[1]) for r in a.execute(f'describe main."{t}"').fetchall()]
    db = [(r[0], r[1]) for r in b.execute(f'describe main."{t}"').fetchall()]
    if da != db:
        print('TYPES DIFFER', t, '\n   dbt    ', da, '\n   dailies', db)
    ra = sorted(map(repr, a.execute(f'select * from main."{t}"').fetchall()))
    rb = sorted(map(repr, b.execute(f'select * from main."{t}"').fetchall()))
    if ra != rb:
        print('ROWS DIFFER', t); print('   dbt    ', ra[:3]); print('   dailies', rb[:3])
    elif da == db: same += 1
print('identical tables:', same, 'of', len(tables))
sys.exit(0 if same == len(tables) and set(tables) == tb else 1)
