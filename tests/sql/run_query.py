"""Runs Persona Studio's exported SQL on a real engine, for the test suite.

    python run_query.py MANIFEST.json

The manifest names the engine ("duckdb" or "spark") and the jobs: each a query file, the
tables it reads (a CSV of the file's fields as they were read, how each column the query reads
is typed: number, date, or text, and which are ids) and where to write the result (JSON: the
columns and the rows). Tables are loaded as a warehouse would hold them: numbers as DOUBLE,
dates as DATE, everything else as text, empty fields as NULL; or, with "load": "engine", as the
engine reads the file by itself (DuckDB's type detection with ids as text; for Spark a staging
table of text). Spark runs in local mode with its default (ANSI) settings.
"""

import csv
import datetime
import json
import os
import sys
import tempfile


typed = 0


def parse_date(s):
    s = s.strip()
    # a Unix time in seconds, milliseconds or microseconds (2000 to 2033), or a spreadsheet's
    # day number, as a warehouse holding the column as a DATE converts it
    if s.isdigit():
        for unit in (1, 1_000, 1_000_000):
            if 946_684_800 * unit <= int(s) < 2_000_000_000 * unit and not (len(s) > 1 and s[0] == "0"):
                return datetime.date(1970, 1, 1) + datetime.timedelta(days=int(s) // unit // 86_400)
        # a spreadsheet's day number (1990 to 2099), as the warehouse's load converts it
        if 32_874 <= int(s) < 73_051 and s[0] != "0":
            return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(s))
    for fmt, n in (("%Y-%m-%d", 10), ("%Y%m%d", 8), ("%Y/%m/%d", 10)):
        try:
            return datetime.datetime.strptime(s[:n], fmt).date()
        except ValueError:
            pass
    return None


def parse_number(s):
    try:
        return float(s.strip())
    except ValueError:
        return None


def normalise(table, folder):
    global typed
    typed += 1
    """The table as a CSV every engine reads alike: ISO dates, plain numbers, empty for NULL."""
    kinds = table["columns"]
    # a name of its own: engines may keep what they read of a file by its name
    out = os.path.join(folder, f"{typed}.csv")
    with open(table["csv"], newline="", encoding="utf-8-sig") as src, open(out, "w", newline="", encoding="utf-8") as dst:
        rows = csv.reader(src)
        header = next(rows)
        w = csv.writer(dst)
        w.writerow(header)
        conv = []
        for name in header:
            kind = kinds.get(name, "text")
            if kind == "number":
                # a NaN stays a NaN (as both engines write it): the query must read it as missing
                conv.append(lambda s: "" if (v := parse_number(s)) is None else ("NaN" if v != v else repr(v)))
            elif kind == "date":
                conv.append(lambda s: "" if (v := parse_date(s)) is None else v.isoformat())
            else:
                conv.append(lambda s: s)
        for row in rows:
            w.writerow([c(v) for c, v in zip(conv, row)])
    return out, header


def sql_type(kind):
    return {"number": "DOUBLE", "date": "DATE"}.get(kind, "VARCHAR")


def run_duckdb(jobs, folder):
    import duckdb

    for job in jobs:
        con = duckdb.connect()
        for name, table in job["tables"].items():
            if job.get("load") == "engine":
                # as DuckDB types the file itself (ids kept as text, as a warehouse keeps them)
                ids = ", ".join("'{}': 'VARCHAR'".format(c.replace("'", "''")) for c in table.get("ids", []))
                con.execute(
                    f"CREATE TABLE {name} AS SELECT * FROM read_csv_auto('{table['csv']}', header = true, types = {{{ids}}})"
                )
                continue
            path, header = normalise(table, folder)
            cols = ", ".join(
                "'{}': '{}'".format(h.replace("'", "''"), sql_type(table["columns"].get(h, "text"))) for h in header
            )
            con.execute(
                f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = true, "
                f"columns = {{{cols}}}, nullstr = '', quote = '\"', escape = '\"', delim = ',')"
            )
        query = open(job["query"], encoding="utf-8").read()
        cur = con.execute(query)
        write(job["out"], [d[0] for d in cur.description], cur.fetchall())
        con.close()


def run_spark(jobs, folder):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DateType, DoubleType, StringType, StructField, StructType

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("persona-sql-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    types = {"number": DoubleType(), "date": DateType()}
    for job in jobs:
        for name, table in job["tables"].items():
            if job.get("load") == "engine":
                # a staging table: every column as the text the file holds
                df = spark.read.option("header", True).option("multiLine", True).option("escape", '"').csv(table["csv"])
                df.createOrReplaceTempView(name)
                continue
            path, header = normalise(table, folder)
            schema = StructType(
                [StructField(h, types.get(table["columns"].get(h, "text"), StringType()), True) for h in header]
            )
            df = (
                spark.read.schema(schema)
                .option("header", True)
                .option("multiLine", True)
                .option("escape", '"')
                .option("dateFormat", "yyyy-MM-dd")
                .option("mode", "FAILFAST")
                .csv(path)
            )
            df.createOrReplaceTempView(name)
        query = open(job["query"], encoding="utf-8").read()
        df = spark.sql(query)
        write(job["out"], df.columns, [tuple(r) for r in df.collect()])
    spark.stop()


def write(path, header, rows):
    """The result as JSON: the column names and every row's values (NULL as null)."""
    def value(v):
        if isinstance(v, (int, float, str)) or v is None:
            return v
        return str(v)

    with open(path, "w", encoding="utf-8") as f:
        json.dump({"columns": list(header), "rows": [[value(v) for v in r] for r in rows]}, f)


def main():
    manifest = json.load(open(sys.argv[1], encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        {"duckdb": run_duckdb, "spark": run_spark}[manifest["engine"]](manifest["jobs"], folder)


if __name__ == "__main__":
    main()
