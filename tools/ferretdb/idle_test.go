package main

import (
	"testing"
	"time"
)

func TestIdleExitAfterTheGracePeriod(t *testing.T) {
	t0 := time.Unix(1000, 0)
	e := newIdleExit(30*time.Second, t0)
	if ok, _ := e.due(t0.Add(29 * time.Second)); ok {
		t.Fatal("exited before the grace period with no client yet")
	}
	e.opened()
	if ok, _ := e.due(t0.Add(time.Hour)); ok {
		t.Fatal("exited with a client connected")
	}
	e.closed(t0.Add(time.Hour))
	if ok, _ := e.due(t0.Add(time.Hour + 29*time.Second)); ok {
		t.Fatal("exited before the grace period after the last client")
	}
	if ok, why := e.due(t0.Add(time.Hour + 30*time.Second)); !ok || why == "" {
		t.Fatal("did not exit after the grace period")
	}
}

func TestIdleExitNeverWithoutGrace(t *testing.T) {
	t0 := time.Unix(1000, 0)
	e := newIdleExit(0, t0)
	if ok, _ := e.due(t0.Add(1000 * time.Hour)); ok {
		t.Fatal("exited with idle exit off")
	}
}

func TestLeaveExitsOnceTheLastClientHasGone(t *testing.T) {
	t0 := time.Unix(1000, 0)
	e := newIdleExit(time.Hour, t0)
	e.opened()
	e.opened()
	e.leave(t0)
	e.closed(t0.Add(time.Second))
	if ok, _ := e.due(t0.Add(time.Second)); ok {
		t.Fatal("exited while another client is connected")
	}
	e.closed(t0.Add(2 * time.Second))
	if ok, _ := e.due(t0.Add(2 * time.Second)); !ok {
		t.Fatal("did not exit when the leaving client was the last")
	}
}

func TestLeaveExpiresWhileOthersStayConnected(t *testing.T) {
	t0 := time.Unix(1000, 0)
	e := newIdleExit(time.Hour, t0)
	e.opened()
	e.leave(t0)
	// The other client stays past the window, then reconnects (a driver's pool churn).
	e.closed(t0.Add(drainWindow + time.Second))
	if ok, _ := e.due(t0.Add(drainWindow + time.Second)); ok {
		t.Fatal("an old leave request stopped the store under a client that was still using it")
	}
}
