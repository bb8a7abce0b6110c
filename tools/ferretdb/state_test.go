package main

import (
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOneWrapperPerDirectory(t *testing.T) {
	dir := t.TempDir()
	first, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDir(dir); !errors.Is(err, errLocked) {
		t.Fatalf("second lock: %v", err)
	}
	_ = first.Close()
	again, err := lockDir(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	_ = again.Close()
}

func TestBackendSocketPlacement(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "ferretdb.sock")
	if err := os.WriteFile(stale, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p, cleanup, err := backendSocket(dir)
	if err != nil || p != stale {
		t.Fatalf("got %q %v", p, err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the stale socket was kept")
	}
	cleanup()

	deep := filepath.Join(dir, strings.Repeat("d", 120))
	p, cleanup, err = backendSocket(deep)
	if err != nil || len(p) > maxSocketPath || strings.HasPrefix(p, deep) {
		t.Fatalf("deep directory: %q %v", p, err)
	}
	cleanup()
	if _, err := os.Stat(filepath.Dir(p)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the temporary socket directory was left behind")
	}
}

func TestStateFileIsOnlyRemovedByItsOwner(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ferretdb.json")
	if err := writeState(path, stateFile{Pid: os.Getpid() + 1, Port: 1}); err != nil {
		t.Fatal(err)
	}
	removeState(path)
	if _, err := os.Stat(path); err != nil {
		t.Fatal("removed another process's state file")
	}
	if err := writeState(path, stateFile{Pid: os.Getpid(), Port: 1}); err != nil {
		t.Fatal(err)
	}
	removeState(path)
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("kept its own state file")
	}
}

func TestSQLiteURL(t *testing.T) {
	if _, err := sqliteURL("/d", "off"); err == nil {
		t.Fatal("accepted synchronous=off")
	}
	u, err := sqliteURL("/data dir/ferretdb", "normal")
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := url.Parse(u)
	if err != nil || parsed.Scheme != "file" || parsed.Path != "/data dir/ferretdb/" {
		t.Fatalf("%s: %+v %v", u, parsed, err)
	}
	if got := parsed.Query()["_pragma"]; len(got) != 1 || got[0] != "synchronous(normal)" {
		t.Fatalf("pragmas %v", got)
	}
}

// What each database file gets: FerretDB appends its own pragmas to the query of our URL
// (internal/backends/sqlite/metadata/pool/uri.go: busy_timeout, journal_mode, auto_vacuum, added
// only when absent) and opens every file with the whole query; modernc.org/sqlite runs every
// _pragma on each new connection. This opens a file the same way and reads the settings back.
func TestSynchronousReachesEveryConnection(t *testing.T) {
	for mode, want := range map[string]int{"normal": 1, "full": 2} {
		u, err := sqliteURL(t.TempDir(), mode)
		if err != nil {
			t.Fatal(err)
		}
		parsed, _ := url.Parse(u)
		q := parsed.Query()
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(wal)")
		q.Add("_pragma", "auto_vacuum(none)")
		file := "file:" + filepath.Join(parsed.Path, "x.sqlite") + "?" + q.Encode()
		db, err := sql.Open("sqlite", file)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(3)
		conns := make([]*sql.Conn, 3)
		for i := range conns {
			if conns[i], err = db.Conn(t.Context()); err != nil {
				t.Fatal(err)
			}
			var sync, busy int
			var journal string
			row := conns[i].QueryRowContext(t.Context(), "SELECT * FROM pragma_synchronous, pragma_busy_timeout, pragma_journal_mode")
			if err := row.Scan(&sync, &busy, &journal); err != nil {
				t.Fatal(err)
			}
			if sync != want || busy != 10000 || journal != "wal" {
				t.Fatalf("%s, connection %d: synchronous %d, busy_timeout %d, journal_mode %s", mode, i, sync, busy, journal)
			}
		}
		for _, c := range conns {
			_ = c.Close()
		}
		_ = db.Close()
	}
}
