package main

// When the embedded store stops: it is started detached by the first bot (or script) on a data
// directory and shared by every later one, so no single client may stop it. It exits instead when
// nobody uses it: after a grace period with no client connection (a bot killed with -9 leaves its
// store running that long, so a restart reuses it), or at once when a client that is leaving asks
// for it (SIGUSR1) and no other client remains connected shortly after.

import (
	"sync"
	"time"
)

// drainWindow is how long a leave request (SIGUSR1) waits for the last connections to close: the
// leaving client signals right after closing its own, which the proxy may see a moment later.
const drainWindow = 5 * time.Second

type idleExit struct {
	grace time.Duration // 0: never exit for idleness

	mu         sync.Mutex
	active     int
	idleSince  time.Time
	drainUntil time.Time
}

func newIdleExit(grace time.Duration, now time.Time) *idleExit {
	return &idleExit{grace: grace, idleSince: now}
}

func (e *idleExit) opened() {
	e.mu.Lock()
	e.active++
	e.mu.Unlock()
}

func (e *idleExit) closed(now time.Time) {
	e.mu.Lock()
	e.active--
	if e.active == 0 {
		e.idleSince = now
	}
	e.mu.Unlock()
}

// leave records a client's request to stop the store if it was the last user.
func (e *idleExit) leave(now time.Time) {
	e.mu.Lock()
	e.drainUntil = now.Add(drainWindow)
	e.mu.Unlock()
}

// due says whether the store should exit now, and why.
func (e *idleExit) due(now time.Time) (bool, string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.active > 0 {
		return false, ""
	}
	if now.Before(e.drainUntil) {
		return true, "the last client left"
	}
	if e.grace > 0 && now.Sub(e.idleSince) >= e.grace {
		return true, "no client for " + e.grace.String()
	}
	return false, ""
}
