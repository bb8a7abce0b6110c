package main

// One store per data directory: an exclusive lock on a file in the SQLite directory (released by
// the kernel however the process ends), the state file that tells later clients where the store
// listens, and the Unix socket on which FerretDB itself listens behind the write queue.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// exitAlreadyRunning is the exit code when another wrapper already serves the directory; the bot
// then reads the state file and uses that one.
const exitAlreadyRunning = 3

var errLocked = errors.New("another ferretdb-embedded already serves this directory")

// lockDir takes the directory's lock for the life of the process (the file stays open).
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "ferretdb.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}

// Unix socket paths are limited to 104-108 bytes; a deep data directory gets one in the temp dir.
const maxSocketPath = 100

// backendSocket returns where FerretDB listens: in the SQLite directory when the path is short
// enough (a stale socket there is removed: the directory lock says nobody serves it), else in a new
// private temporary directory. cleanup removes what it created.
func backendSocket(dir string) (path string, cleanup func(), err error) {
	if dir != "" {
		p := filepath.Join(dir, "ferretdb.sock")
		if len(p) <= maxSocketPath {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", nil, err
			}
			return p, func() { _ = os.Remove(p) }, nil
		}
	}
	tmp, err := os.MkdirTemp("", "xmdd-fdb-")
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(tmp, "s"), func() { _ = os.RemoveAll(tmp) }, nil
}

type stateFile struct {
	Pid  int    `json:"pid"`
	Port int    `json:"port"`
	Addr string `json:"addr"`
}

// writeState replaces the state file atomically, so a reader never sees half of it.
func writeState(path string, s stateFile) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// removeState removes the state file if it still describes this process.
func removeState(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var s stateFile
	if json.Unmarshal(b, &s) == nil && s.Pid == os.Getpid() {
		_ = os.Remove(path)
	}
}
