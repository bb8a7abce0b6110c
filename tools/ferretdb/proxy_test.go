package main

import (
	"bufio"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeBackend answers like FerretDB 1.24 does at the wire level: one OP_MSG reply per OP_MSG
// request, even with moreToCome set; an OP_REPLY to an OP_QUERY. It records how many writes of
// each database run at once. Commands shape the answer: "exhaust" gets three replies, the first
// two flagged moreToCome; a write to database "slow" waits until release is closed.
type fakeBackend struct {
	t       *testing.T
	ln      net.Listener
	release chan struct{}
	hold    time.Duration

	mu        sync.Mutex
	inFlight  map[string]int
	maxFlight map[string]int
	maxTotal  int
	total     int
	received  atomic.Int64
	arrived   chan string
}

func newFakeBackend(t *testing.T) *fakeBackend {
	ln, err := net.Listen("unix", filepath.Join(t.TempDir(), "s"))
	if err != nil {
		t.Fatal(err)
	}
	b := &fakeBackend{
		t: t, ln: ln, release: make(chan struct{}), hold: 2 * time.Millisecond,
		inFlight: map[string]int{}, maxFlight: map[string]int{}, arrived: make(chan string, 1000),
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go b.serve(c)
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return b
}

func (b *fakeBackend) serve(c net.Conn) {
	defer c.Close()
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	var buf []byte
	for {
		h, msg, err := readMessage(r, buf)
		if err != nil {
			return
		}
		buf = msg
		b.received.Add(1)
		if h.opCode == opQuery {
			_, _ = w.Write(legacyMessage(900, h.requestID, opReply, make([]byte, 20)))
			_ = w.Flush()
			continue
		}
		cmd, err := parseCommand(msg)
		if err != nil {
			return
		}
		name, db := string(cmd.name), string(cmd.db)
		b.arrived <- name + "@" + db
		if name == "insert" || name == "update" {
			b.enter(db)
			if db == "slow" {
				<-b.release
			} else {
				time.Sleep(b.hold)
			}
			b.leave(db)
		}
		ok := bdoc(elem{0x01, "ok", binary.LittleEndian.AppendUint64(nil, 0x3ff0000000000000)})
		if name == "exhaust" {
			_, _ = w.Write(opMsgBytes(901, h.requestID, flagMoreToCome, body(ok)))
			_, _ = w.Write(opMsgBytes(902, 901, flagMoreToCome, body(ok)))
			_, _ = w.Write(opMsgBytes(903, 902, 0, body(ok)))
		} else {
			_, _ = w.Write(opMsgBytes(900, h.requestID, 0, body(ok)))
		}
		if err := w.Flush(); err != nil {
			return
		}
	}
}

func (b *fakeBackend) enter(db string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inFlight[db]++
	b.total++
	b.maxFlight[db] = max(b.maxFlight[db], b.inFlight[db])
	b.maxTotal = max(b.maxTotal, b.total)
}

func (b *fakeBackend) leave(db string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inFlight[db]--
	b.total--
}

// startProxy runs a proxy in front of backend and returns its address.
func startProxy(t *testing.T, backend *fakeBackend, serialize bool, setup ...func(*proxy)) (string, *proxy) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	p := newProxy(func() (net.Conn, error) { return net.Dial("unix", backend.ln.Addr().String()) }, serialize, logger)
	for _, f := range setup {
		f(p)
	}
	go func() { _ = p.serve(ln) }()
	t.Cleanup(func() {
		_ = ln.Close()
		p.closeAll()
	})
	return ln.Addr().String(), p
}

type client struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	id   int32
}

func dialClient(t *testing.T, addr string) *client {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &client{t: t, conn: c, r: bufio.NewReader(c)}
}

func (c *client) send(flags uint32, cmd string, db string) int32 {
	c.id++
	msg := opMsgBytes(c.id, 0, flags, body(bdoc(bstr(cmd, "things"), bstr("$db", db))))
	if _, err := c.conn.Write(msg); err != nil {
		c.t.Error(err)
	}
	return c.id
}

func (c *client) reply() header {
	_ = c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	h, _, err := readMessage(c.r, nil)
	if err != nil {
		// Errorf, not Fatalf: clients also run in goroutines of their own.
		c.t.Errorf("reading a reply: %v", err)
	}
	return h
}

func (c *client) call(cmd, db string) {
	id := c.send(0, cmd, db)
	if h := c.reply(); h.responseTo != id {
		c.t.Errorf("reply to %d, want %d", h.responseTo, id)
	}
}

// hammer runs n writes from each of clients connections at once, alternating two databases.
func hammer(t *testing.T, addr string, clients, n int, dbs ...string) {
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		c := dialClient(t, addr)
		db := dbs[i%len(dbs)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < n; k++ {
				c.call("update", db)
			}
		}()
	}
	wg.Wait()
}

func TestWritesToOneDatabaseRunOneAtATime(t *testing.T) {
	b := newFakeBackend(t)
	addr, _ := startProxy(t, b, true)
	hammer(t, addr, 16, 10, "a", "b")
	if b.maxFlight["a"] != 1 || b.maxFlight["b"] != 1 {
		t.Fatalf("writes at once: a %d, b %d; want 1 each", b.maxFlight["a"], b.maxFlight["b"])
	}
	if b.maxTotal < 2 {
		t.Fatalf("writes to two databases never overlapped (max %d)", b.maxTotal)
	}
}

func TestWithoutTheQueueWritesOverlap(t *testing.T) {
	b := newFakeBackend(t)
	addr, _ := startProxy(t, b, false)
	hammer(t, addr, 16, 10, "a")
	if b.maxFlight["a"] < 2 {
		t.Fatalf("writes at once without the queue: %d; the test cannot see serialization", b.maxFlight["a"])
	}
}

func TestReadsPassAWriteInProgressAndWritesWait(t *testing.T) {
	b := newFakeBackend(t)
	addr, _ := startProxy(t, b, true)
	writer, reader, second := dialClient(t, addr), dialClient(t, addr), dialClient(t, addr)
	firstDone := make(chan struct{})
	go func() {
		writer.call("insert", "slow")
		close(firstDone)
	}()
	waitArrival(t, b, "insert@slow")

	reader.call("find", "slow") // answered while the insert holds the database
	waitArrival(t, b, "find@slow")

	secondDone := make(chan struct{})
	go func() {
		second.call("update", "slow")
		close(secondDone)
	}()
	select {
	case got := <-b.arrived:
		t.Fatalf("%s reached the store while a write to its database was running", got)
	case <-time.After(200 * time.Millisecond):
	}
	close(b.release)
	<-firstDone
	<-secondDone
	waitArrival(t, b, "update@slow")
}

func waitArrival(t *testing.T, b *fakeBackend, want string) {
	t.Helper()
	for {
		select {
		case got := <-b.arrived:
			if got == want {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s never reached the store", want)
		}
	}
}

func TestUnacknowledgedRequestsGetNoReply(t *testing.T) {
	b := newFakeBackend(t)
	addr, _ := startProxy(t, b, true)
	c := dialClient(t, addr)
	c.send(flagMoreToCome, "insert", "a")
	c.send(flagMoreToCome, "insert", "a")
	ping := c.send(0, "ping", "admin")
	// FerretDB answered all three; the client sees only the answer it waits for.
	if h := c.reply(); h.responseTo != ping {
		t.Fatalf("first reply answers %d, want the ping %d", h.responseTo, ping)
	}
	_ = c.conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := c.r.ReadByte(); err == nil {
		t.Fatal("a reply nobody asked for reached the client")
	}
}

func TestExhaustRepliesAreForwardedToTheLast(t *testing.T) {
	b := newFakeBackend(t)
	addr, _ := startProxy(t, b, true)
	c := dialClient(t, addr)
	c.send(0, "exhaust", "a")
	for i, want := range []int32{901, 902, 903} {
		h := c.reply()
		if h.requestID != want {
			t.Fatalf("reply %d has id %d, want %d", i, h.requestID, want)
		}
	}
	c.call("ping", "admin") // the connection carries on after the exhaust stream
}

func TestLegacyQueryGetsItsOneReply(t *testing.T) {
	b := newFakeBackend(t)
	addr, _ := startProxy(t, b, true)
	c := dialClient(t, addr)
	if _, err := c.conn.Write(legacyMessage(41, 0, opQuery, make([]byte, 30))); err != nil {
		t.Fatal(err)
	}
	if h := c.reply(); h.opCode != opReply || h.responseTo != 41 {
		t.Fatalf("got %+v", h)
	}
	c.call("ping", "admin")
}

func TestClassify(t *testing.T) {
	msg := func(cmd, db string) []byte {
		if db == "" {
			return opMsgBytes(1, 0, 0, body(bdoc(bstr(cmd, "x"))))
		}
		return opMsgBytes(1, 0, 0, body(bdoc(bstr(cmd, "x"), bstr("$db", db))))
	}
	op := func(code int32) header { return header{opCode: code} }
	cases := []struct {
		name string
		h    header
		msg  []byte
		want access
		db   string
	}{
		{"insert", op(opMsg), msg("insert", "d"), accessDB, "d"},
		{"update", op(opMsg), msg("update", "d"), accessDB, "d"},
		{"delete", op(opMsg), msg("delete", "d"), accessDB, "d"},
		{"findAndModify", op(opMsg), msg("findAndModify", "d"), accessDB, "d"},
		{"findandmodify", op(opMsg), msg("findandmodify", "d"), accessDB, "d"},
		{"create", op(opMsg), msg("create", "d"), accessDB, "d"},
		{"drop", op(opMsg), msg("drop", "d"), accessDB, "d"},
		{"dropDatabase", op(opMsg), msg("dropDatabase", "d"), accessDB, "d"},
		{"createIndexes", op(opMsg), msg("createIndexes", "d"), accessDB, "d"},
		{"dropIndexes", op(opMsg), msg("dropIndexes", "d"), accessDB, "d"},
		{"renameCollection", op(opMsg), msg("renameCollection", "admin"), accessAll, ""},
		{"write without $db", op(opMsg), msg("insert", ""), accessAll, ""},
		{"unparsable", op(opMsg), opMsgBytes(1, 0, 0), accessAll, ""},
		{"compressed", op(opCompressed), legacyMessage(1, 0, opCompressed, make([]byte, 9)), accessAll, ""},
		{"find", op(opMsg), msg("find", "d"), accessRead, ""},
		{"aggregate", op(opMsg), msg("aggregate", "d"), accessRead, ""},
		{"getMore", op(opMsg), msg("getMore", "d"), accessRead, ""},
		{"hello", op(opMsg), msg("hello", "admin"), accessRead, ""},
		{"legacy query", op(opQuery), legacyMessage(1, 0, opQuery, nil), accessRead, ""},
	}
	for _, c := range cases {
		a, db := classify(c.h, c.msg)
		if a != c.want || string(db) != c.db {
			t.Errorf("%s: got %d %q, want %d %q", c.name, a, db, c.want, c.db)
		}
	}
}

func TestAWriteOfNoKnownDatabaseExcludesAllWrites(t *testing.T) {
	q := newWriteQueue()
	m := q.lock(accessDB, []byte("a"))
	got := make(chan struct{})
	go func() {
		q.lock(accessAll, nil)
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("an exclusive write ran alongside a database write")
	case <-time.After(100 * time.Millisecond):
	}
	q.unlock(accessDB, m)
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the exclusive write never ran")
	}
	q.unlock(accessAll, nil)
}

func TestClientsAreCountedAndClosedAtStop(t *testing.T) {
	b := newFakeBackend(t)
	var open atomic.Int64
	addr, p := startProxy(t, b, true, func(p *proxy) {
		p.onOpen = func() { open.Add(1) }
		p.onClose = func() { open.Add(-1) }
	})
	c1, c2 := dialClient(t, addr), dialClient(t, addr)
	c1.call("ping", "admin")
	c2.call("ping", "admin")
	if open.Load() != 2 {
		t.Fatalf("open connections %d, want 2", open.Load())
	}
	_ = c1.conn.Close()
	waitFor(t, func() bool { return open.Load() == 1 })
	p.closeAll()
	_ = c2.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c2.r.ReadByte(); err == nil {
		t.Fatal("the connection stayed open after closeAll")
	}
	waitFor(t, func() bool { return open.Load() == 0 })
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	until := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(until) {
			t.Fatal("condition not reached in 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
