package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestQuietResponsesDropsOnlyFailedCommandDumps(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(quietResponses{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})}).With("name", "conn")
	logger.Warn("Response header: length: 121, id: 20")
	logger.Warn("Response message:\n{ ok: 0 }")
	logger.Error("Response header: kept at error level")
	logger.Warn("stopping: the last client left")
	logger.Info("id index keeper: indexed")
	out := buf.String()
	if strings.Contains(out, "length: 121") || strings.Contains(out, "ok: 0") {
		t.Fatalf("a failed command's dump was logged:\n%s", out)
	}
	for _, want := range []string{"kept at error level", "the last client left", "indexed"} {
		if !strings.Contains(out, want) {
			t.Fatalf("%q missing:\n%s", want, out)
		}
	}
}
