// Command ferretdb-embedded runs FerretDB v1.24.2 on SQLite as the bot's embedded
// MongoDB-compatible store. It exists because the upstream cmd/ferretdb binary panics
// when installed from the module proxy (its version.txt is not in the module zip).
//
// Clients connect to --listen-addr, where a write queue (proxy.go) serializes write commands per
// database before they reach FerretDB, which listens on a private Unix socket.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on (port 0: any free port)")
	dir := flag.String("sqlite-dir", "./data/ferretdb", "directory that holds the SQLite databases")
	synchronous := flag.String("sqlite-synchronous", "normal",
		"SQLite synchronous mode: normal (a killed process loses nothing; a power cut may lose the last commits) or full (an fsync on every commit)")
	pg := flag.String("postgresql-url", "", "use PostgreSQL at this URL instead of SQLite")
	stateFilePath := flag.String("state-file", "", "write {pid, port} here once listening; removed at exit")
	idleAfter := flag.Duration("idle-exit-after", 0,
		"exit after this long with no client connection (0: never); SIGUSR1 asks to exit as soon as no client remains")
	verbose := flag.Bool("verbose", false, "log at info level instead of warn")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's pprof profiles on this loopback address (benchmarks)")
	flag.Parse()

	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(quietResponses{slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})})

	cfg := ferretdb.Config{Logger: logger}
	sqliteDir := ""
	if *pg != "" {
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = *pg
	} else {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			log.Fatalf("cannot create %s: %v", *dir, err)
		}
		abs, err := filepath.Abs(*dir)
		if err != nil {
			log.Fatal(err)
		}
		*dir = abs
		u, err := sqliteURL(*dir, *synchronous)
		if err != nil {
			log.Fatal(err)
		}
		cfg.Handler = "sqlite"
		cfg.SQLiteURL = u
		sqliteDir = *dir
		lock, err := lockDir(*dir)
		if errors.Is(err, errLocked) {
			fmt.Fprintf(os.Stderr, "ferretdb-embedded: %v (%s)\n", err, *dir)
			os.Exit(exitAlreadyRunning)
		}
		if err != nil {
			log.Fatalf("cannot lock %s: %v", *dir, err)
		}
		defer lock.Close()
	}

	sock, cleanupSock, err := backendSocket(sqliteDir)
	if err != nil {
		log.Fatalf("backend socket: %v", err)
	}
	defer cleanupSock()
	cfg.Listener = ferretdb.ListenerConfig{Unix: sock}
	f, err := ferretdb.New(&cfg)
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		log.Fatalf("backend socket: %v", err)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		cleanupSock()
		log.Fatalf("cannot listen on %s: %v", *listen, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	ferretDone := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(ferretDone)
	}()

	serialize := os.Getenv("XMDD_FERRETDB_NO_WRITE_QUEUE") == ""
	if !serialize {
		logger.Warn("write queue disabled by XMDD_FERRETDB_NO_WRITE_QUEUE: concurrent updates of one document may be lost")
	}
	px := newProxy(func() (net.Conn, error) { return net.Dial("unix", sock) }, serialize, logger)
	idle := newIdleExit(*idleAfter, time.Now())
	px.onOpen = idle.opened
	px.onClose = func() { idle.closed(time.Now()) }
	go func() {
		if err := px.serve(ln); err != nil {
			logger.Error("write queue: accept failed", "err", err)
			cancel()
		}
	}()
	go watchIdle(ctx, idle, cancel, logger)

	if sqliteDir != "" {
		keepIDIndexes(ctx, sqliteDir, logger)
	}
	if *pprofAddr != "" {
		servePprof(*pprofAddr, logger)
	}

	addr := ln.Addr().(*net.TCPAddr)
	if *stateFilePath != "" {
		if err := writeState(*stateFilePath, stateFile{Pid: os.Getpid(), Port: addr.Port, Addr: addr.String()}); err != nil {
			log.Fatalf("state file: %v", err)
		}
		defer removeState(*stateFilePath)
	}
	fmt.Fprintf(os.Stderr, "ferretdb-embedded listening on %s\n", addr)

	<-ctx.Done()
	_ = ln.Close()
	px.closeAll()
	<-ferretDone
}

// watchIdle stops the store when nobody uses it any more (see idle.go).
func watchIdle(ctx context.Context, idle *idleExit, cancel func(), logger *slog.Logger) {
	leave := make(chan os.Signal, 1)
	signal.Notify(leave, syscall.SIGUSR1)
	defer signal.Stop(leave)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-leave:
			idle.leave(time.Now())
		case <-t.C:
		}
		if ok, why := idle.due(time.Now()); ok {
			logger.Warn("stopping: " + why)
			cancel()
			return
		}
	}
}

// sqliteURL is FerretDB's SQLite URL for dir (an absolute path). FerretDB adds its own pragmas to the query
// (busy_timeout, journal_mode=wal, auto_vacuum) and every database file is opened with all of them
// (internal/backends/sqlite/metadata/pool); modernc.org/sqlite runs each _pragma on every new
// connection. synchronous=NORMAL in WAL mode fsyncs at checkpoints, not at every commit.
func sqliteURL(dir, synchronous string) (string, error) {
	switch synchronous {
	case "normal", "full":
	default:
		return "", fmt.Errorf("--sqlite-synchronous must be normal or full, not %q", synchronous)
	}
	q := url.Values{"_pragma": {"synchronous(" + synchronous + ")"}}
	return (&url.URL{Scheme: "file", Path: dir + "/", RawQuery: q.Encode()}).String(), nil
}
