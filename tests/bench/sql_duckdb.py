"""Benchmark: the exported SQL scoring every customer on DuckDB (make bench-sql).

    python sql_duckdb.py FOLDER

FOLDER holds customers.csv and orders.csv (from `persona sample`), q.sql (from `persona
segment ... --sql q.sql`) and a.csv (its --assignments). The files are loaded into tables with
DuckDB's own type detection (not timed), the query is run into a table (timed, best of three)
and its segments are compared with the core's, customer for customer.
"""

import os
import sys
import time

import duckdb


def main():
    folder = sys.argv[1]
    path = lambda name: os.path.join(folder, name)
    con = duckdb.connect()
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    t = time.perf_counter()
    for table in ("customers", "orders"):
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv_auto('{path(table + '.csv')}')")
    loaded = time.perf_counter() - t
    n = con.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    lines = con.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    query = open(path("q.sql"), encoding="utf-8").read()
    runs = []
    for _ in range(3):
        con.execute("DROP TABLE IF EXISTS scored")
        t = time.perf_counter()
        con.execute(f"CREATE TABLE scored AS {query}")
        runs.append(time.perf_counter() - t)
    con.execute(f"CREATE TABLE core AS SELECT * FROM read_csv('{path('a.csv')}', header = true, all_varchar = true)")
    # the segment and the RFM scores and named segment, as the core's --assignments file has them
    same = " AND ".join(
        f"CAST(s.{c} AS VARCHAR) IS NOT DISTINCT FROM NULLIF(c.{c}, '')"
        for c in ("segment", "recency_days", "frequency", "r_score", "f_score", "m_score", "rfm_segment")
    )
    scored, differ = con.execute(
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT ({same})) "
        "FROM scored s FULL JOIN core c ON c.customer_id = s.customer_id"
    ).fetchone()
    print(f"DuckDB {duckdb.__version__}, {threads} threads: {n:,} customers, {lines:,} order lines (loaded in {loaded:.1f} s)")
    runs.sort()
    print(f"query: best {runs[0]:.2f} s, median {runs[1]:.2f} s (goal: under 10 s); {scored:,} customers scored, {differ} differ from the core")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
