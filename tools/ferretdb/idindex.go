package main

// FerretDB 1.24 on SQLite creates each collection's unique _id index on the expression
// _ferretdb_sjson->"_id", but its queries, updates and deletes filter on _ferretdb_sjson->'$._id'.
// SQLite matches index expressions literally, so no _id lookup ever uses the index: every findOne,
// updateOne and deleteOne by _id reads the whole table (measured: updateOne by _id 0.9 ms on 10
// documents, 22 ms on 10,000). This keeper adds, to every collection table, an index on the
// expression the queries use. It changes no data and no FerretDB metadata; dropping a collection
// drops its table and the index with it.
//
// The index is UNIQUE (as _id is): then SQLite knows an UPDATE ... WHERE _id = ? touches one row
// and runs it in one pass, without the statement journal it otherwise keeps for every UPDATE in
// a transaction (measured: each journal page allocated and unmapped again, about a quarter of an
// update's CPU).

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

const indexSuffix = "_xmdd_uid"

// oldIndexSuffix named the keeper's first, non-unique index; it is dropped once the unique one exists.
const oldIndexSuffix = "_xmdd_id"

// missingIndexes lists collection tables of one database file that do not have the index yet.
const missingIndexes = `SELECT c.table_name FROM _ferretdb_collections c
WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '` + indexSuffix + `')`

type idIndexKeeper struct {
	dir    string
	logger *slog.Logger
	dbs    map[string]*sql.DB
}

func newIDIndexKeeper(dir string, logger *slog.Logger) *idIndexKeeper {
	return &idIndexKeeper{dir: dir, logger: logger, dbs: map[string]*sql.DB{}}
}

// run checks every database file now and then every interval until ctx ends.
func (k *idIndexKeeper) run(ctx context.Context, interval time.Duration) {
	defer k.close()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		k.pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (k *idIndexKeeper) pass(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(k.dir, "*.sqlite"))
	if err != nil {
		k.logger.Warn("id index keeper: listing databases", "err", err)
		return
	}
	for _, f := range files {
		if err := k.ensure(ctx, f); err != nil && ctx.Err() == nil {
			// A busy database is retried on the next pass.
			k.logger.Debug("id index keeper", "file", f, "err", err)
		}
	}
}

func (k *idIndexKeeper) ensure(ctx context.Context, file string) error {
	db := k.dbs[file]
	if db == nil {
		var err error
		db, err = sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(2000)")
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		k.dbs[file] = db
	}
	rows, err := db.QueryContext(ctx, missingIndexes)
	if err != nil {
		// A database FerretDB has not finished creating has no _ferretdb_collections yet.
		if strings.Contains(err.Error(), "no such table") {
			return nil
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE UNIQUE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+indexSuffix, t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`DROP INDEX IF EXISTS %q`, t+oldIndexSuffix)); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		k.logger.Info("id index keeper: indexed", "file", filepath.Base(file), "table", t)
	}
	return nil
}

func (k *idIndexKeeper) close() {
	for _, db := range k.dbs {
		_ = db.Close()
	}
}

// keepIDIndexes starts the keeper unless XMDD_FERRETDB_NO_ID_INDEX is set (to measure without it).
func keepIDIndexes(ctx context.Context, dir string, logger *slog.Logger) {
	if os.Getenv("XMDD_FERRETDB_NO_ID_INDEX") != "" {
		logger.Warn("id index keeper disabled by XMDD_FERRETDB_NO_ID_INDEX")
		return
	}
	go newIDIndexKeeper(dir, logger).run(ctx, time.Second)
}
