#!/usr/bin/env python3
"""Rebuilds a Timeless store's segments in other SQLite layouts and prints
each file's size: what a storage layout would cost, measured on real blobs.

  timeless sim --fresh --data-dir /tmp/vs --workload vs-vm --duration 30d --no-rollups
  scripts/layout_study.py /tmp/vs/timeless.db

Layouts (every other table of schema v3 is created too, empty or copied):
  rows      the store's own: one rowid row per block, blob inline, plus the
            segments_by_series index (reproduces the store's size exactly
            at its page size)
  packs     blocks concatenated into "pack" rows of up to --pack bytes (one
            SQLite row, its overflow pages full), one rowid index row per
            block (pack, offset, length) plus segments_by_series
  clustered packs, with the index rows in one WITHOUT ROWID table keyed by
            (series_id, start_ts, seq): no separate index
Rows are inserted in seq order, as the engine commits them.
"""
import argparse
import os
import sqlite3
import tempfile

OTHER_TABLES = [
    "meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID",
    "series(id INTEGER PRIMARY KEY, metric TEXT NOT NULL, labels BLOB NOT NULL,"
    " UNIQUE(metric, labels))",
    "open_segments(shard INTEGER NOT NULL, series_id INTEGER NOT NULL,"
    " start_ts INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY(shard, series_id, start_ts)) WITHOUT ROWID",
    "metric_metadata(metric TEXT PRIMARY KEY, type TEXT NOT NULL DEFAULT"
    " 'gauge', unit TEXT, description TEXT) WITHOUT ROWID",
    "tiers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, resolution_ms"
    " INTEGER NOT NULL, calendar_months INTEGER NOT NULL, retention_ms INTEGER"
    " NOT NULL, watermark INTEGER NOT NULL, created_seq INTEGER NOT NULL"
    " DEFAULT 0)",
    "rollups(tier_id INTEGER NOT NULL, series_id INTEGER NOT NULL, bucket"
    " INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL, min REAL, max REAL,"
    " first_ts INTEGER NOT NULL, first INTEGER NOT NULL, last_ts INTEGER NOT"
    " NULL, last INTEGER NOT NULL, PRIMARY KEY(tier_id, series_id, bucket))"
    " WITHOUT ROWID",
]


def packs_of(rows, cap):
    """Yields (pack id, pack bytes) and fills each row's (pack, offset)."""
    pack, pid, where = bytearray(), 1, []
    for r in rows:
        if pack and len(pack) + len(r[5]) > cap:
            yield pid, bytes(pack)
            pid, pack = pid + 1, bytearray()
        where.append((pid, len(pack)))
        pack += r[5]
    yield pid, bytes(pack)
    packs_of.where = where


def build(path, src, rows, layout, page, cap):
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA page_size={page}")
    db.execute("PRAGMA auto_vacuum=INCREMENTAL")
    db.execute("PRAGMA journal_mode=WAL")
    for t in OTHER_TABLES:
        db.execute("CREATE TABLE " + t)
    db.executemany("INSERT INTO series VALUES(?,?,?)",
                   src.execute("SELECT id, metric, labels FROM series"))
    db.executemany("INSERT INTO meta VALUES(?,?)",
                   src.execute("SELECT key, value FROM meta"))
    if layout == "rows":
        db.execute("CREATE TABLE segments(series_id INTEGER NOT NULL, start_ts"
                   " INTEGER NOT NULL, end_ts INTEGER NOT NULL, seq INTEGER"
                   " PRIMARY KEY, point_count INTEGER NOT NULL, data BLOB NOT"
                   " NULL, src_seq INTEGER)")
        db.execute("CREATE INDEX segments_by_series ON segments(series_id,"
                   " start_ts)")
        db.executemany("INSERT INTO segments VALUES(?,?,?,?,?,?,NULL)", rows)
    else:
        db.execute("CREATE TABLE packs(id INTEGER PRIMARY KEY, data BLOB NOT"
                   " NULL)")
        db.executemany("INSERT INTO packs VALUES(?,?)", packs_of(rows, cap))
        idx = [(r[0], r[1], r[3], r[2] - r[1], r[4], p, o, len(r[5]))
               for r, (p, o) in zip(rows, packs_of.where)]
        if layout == "packs":
            db.execute("CREATE TABLE segments(series_id INTEGER NOT NULL,"
                       " start_ts INTEGER NOT NULL, seq INTEGER PRIMARY KEY,"
                       " span INTEGER NOT NULL, point_count INTEGER NOT NULL,"
                       " pack INTEGER NOT NULL, off INTEGER NOT NULL, len"
                       " INTEGER NOT NULL, src_seq INTEGER)")
            db.execute("CREATE INDEX segments_by_series ON segments(series_id,"
                       " start_ts)")
        else:
            db.execute("CREATE TABLE segments(series_id INTEGER NOT NULL,"
                       " start_ts INTEGER NOT NULL, seq INTEGER NOT NULL, span"
                       " INTEGER NOT NULL, point_count INTEGER NOT NULL, pack"
                       " INTEGER NOT NULL, off INTEGER NOT NULL, len INTEGER"
                       " NOT NULL, src_seq INTEGER, PRIMARY KEY(series_id,"
                       " start_ts, seq)) WITHOUT ROWID")
        db.executemany("INSERT INTO segments VALUES(?,?,?,?,?,?,?,?,NULL)", idx)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store", help="a closed store's timeless.db")
    ap.add_argument("--pack", type=int, default=1 << 20, help="pack bytes")
    a = ap.parse_args()
    src = sqlite3.connect(f"file:{a.store}?mode=ro", uri=True)
    rows = src.execute("SELECT series_id, start_ts, end_ts, seq, point_count,"
                       " data FROM segments ORDER BY seq").fetchall()
    points = sum(r[4] for r in rows)
    blobs = sum(len(r[5]) for r in rows)
    print(f"{len(rows)} blocks, {points} points, blobs {blobs} bytes"
          f" ({blobs / points:.4f} bytes/point)")
    with tempfile.TemporaryDirectory() as tmp:
        for layout, page in [("rows", 32768), ("rows", 4096),
                             ("packs", 4096), ("packs", 8192),
                             ("clustered", 4096), ("clustered", 2048)]:
            path = os.path.join(tmp, f"{layout}-{page}.db")
            size = build(path, src, rows, layout, page, a.pack)
            print(f"{layout:9} page {page:5}: {size:9} bytes,"
                  f" {size / points:.4f} bytes/point")


if __name__ == "__main__":
    main()
