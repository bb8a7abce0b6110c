package main

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on the default mux
)

// servePprof lets a benchmark take a CPU profile of the store (scripts/bench-inbound.ts --profile).
func servePprof(addr string, logger *slog.Logger) {
	go func() {
		if err := http.ListenAndServe(addr, nil); err != nil {
			logger.Warn("pprof server stopped", "err", err)
		}
	}()
}
