// Command ferretdb-embedded runs FerretDB v1.24.2 on SQLite as the bot's embedded
// MongoDB-compatible store. It exists because the upstream cmd/ferretdb binary panics
// when installed from the module proxy (its version.txt is not in the module zip).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("sqlite-dir", "./data/ferretdb", "directory that holds the SQLite databases")
	pg := flag.String("postgresql-url", "", "use PostgreSQL at this URL instead of SQLite")
	verbose := flag.Bool("verbose", false, "log at info level instead of warn")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's pprof profiles on this loopback address (benchmarks)")
	flag.Parse()

	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	cfg := ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Logger: logger}
	if *pg != "" {
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = *pg
	} else {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			log.Fatalf("cannot create %s: %v", *dir, err)
		}
		cfg.Handler = "sqlite"
		cfg.SQLiteURL = "file:" + *dir + "/"
	}

	f, err := ferretdb.New(&cfg)
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *pg == "" {
		keepIDIndexes(ctx, *dir, logger)
	}
	if *pprofAddr != "" {
		servePprof(*pprofAddr, logger)
	}

	fmt.Fprintf(os.Stderr, "ferretdb-embedded listening on %s\n", *listen)
	f.Run(ctx)
}
