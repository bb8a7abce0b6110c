package main

import (
	"context"
	"log/slog"
	"strings"
)

// quietResponses drops FerretDB's warnings about commands that answered with an error ("Response
// header: …" and "Response message: …", two records each, the second a dump of the whole reply).
// The client gets that error anyway, and the ordinary ones (a duplicate key, endSessions, which
// FerretDB 1.24 lacks) would fill the store's log file, which now lives on disk.
type quietResponses struct{ slog.Handler }

func (h quietResponses) Handle(ctx context.Context, r slog.Record) error {
	if r.Level == slog.LevelWarn && (strings.HasPrefix(r.Message, "Response header: ") || strings.HasPrefix(r.Message, "Response message:")) {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h quietResponses) WithAttrs(attrs []slog.Attr) slog.Handler {
	return quietResponses{h.Handler.WithAttrs(attrs)}
}

func (h quietResponses) WithGroup(name string) slog.Handler {
	return quietResponses{h.Handler.WithGroup(name)}
}
