package main

// The write queue: a wire-protocol proxy in front of FerretDB that lets one write per database run
// at a time. FerretDB 1.24 on SQLite applies update and findAndModify by reading the document in
// one SQLite transaction and writing it in another, so two connections updating one document at
// once lose an update (200 concurrent $inc ended at 1-4; 50 concurrent conditional claims had up to
// 37 winners). SQLite takes one writer at a time anyway, so serializing write commands costs little
// and gives back MongoDB's single-document atomicity. Reads are not serialized.
//
// Each client connection gets its own backend connection; requests and replies are forwarded in
// order, byte for byte.

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
)

// access says what a request must hold while it runs in FerretDB.
type access uint8

const (
	accessRead access = iota // nothing: reads run alongside everything
	accessDB                 // its database's lock: one write per database at a time
	accessAll                // every database's lock: a write whose database cannot be told
)

// classify decides what a request holds. Write commands are those that change data or schema.
func classify(h header, msg []byte) (access, []byte) {
	switch h.opCode {
	case opMsg:
		c, err := parseCommand(msg)
		if err != nil {
			// FerretDB would most likely refuse it, but a parser gap must not let a write through.
			return accessAll, nil
		}
		switch string(c.name) {
		case "insert", "update", "delete", "findAndModify", "findandmodify",
			"create", "drop", "dropDatabase", "createIndexes", "dropIndexes", "collMod", "compact":
			if len(c.db) == 0 {
				return accessAll, nil
			}
			return accessDB, c.db
		case "renameCollection":
			// Runs on admin and names two namespaces, possibly in two databases.
			return accessAll, nil
		}
		return accessRead, nil
	case opCompressed:
		// The command is inside the compressed payload; FerretDB 1.24 refuses these anyway.
		return accessAll, nil
	default:
		// OP_QUERY (the driver's first hello) and the legacy opcodes, which FerretDB 1.24 refuses.
		return accessRead, nil
	}
}

// writeQueue holds one mutex per database, and a read-write lock over all of them for the writes
// that must exclude every database's writers.
type writeQueue struct {
	all sync.RWMutex
	mu  sync.Mutex
	dbs map[string]*sync.Mutex
}

func newWriteQueue() *writeQueue {
	return &writeQueue{dbs: map[string]*sync.Mutex{}}
}

// lock takes what a request of access a on database db holds; the result is given back to unlock.
func (q *writeQueue) lock(a access, db []byte) *sync.Mutex {
	switch a {
	case accessDB:
		q.mu.Lock()
		m := q.dbs[string(db)]
		if m == nil {
			m = new(sync.Mutex)
			q.dbs[string(db)] = m
		}
		q.mu.Unlock()
		q.all.RLock()
		m.Lock()
		return m
	case accessAll:
		q.all.Lock()
	}
	return nil
}

func (q *writeQueue) unlock(a access, m *sync.Mutex) {
	switch a {
	case accessDB:
		m.Unlock()
		q.all.RUnlock()
	case accessAll:
		q.all.Unlock()
	}
}

// proxy accepts client connections and forwards each over its own connection to the backend.
type proxy struct {
	dial   func() (net.Conn, error)
	queue  *writeQueue // nil: forward without serializing (XMDD_FERRETDB_NO_WRITE_QUEUE, for measuring)
	logger *slog.Logger
	// onOpen and onClose count client connections (the store exits when nobody uses it).
	onOpen, onClose func()

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	served atomic.Int64
}

func newProxy(dial func() (net.Conn, error), serialize bool, logger *slog.Logger) *proxy {
	p := &proxy{dial: dial, logger: logger, conns: map[net.Conn]struct{}{}, onOpen: func() {}, onClose: func() {}}
	if serialize {
		p.queue = newWriteQueue()
	}
	return p
}

// serve accepts connections until ln is closed.
func (p *proxy) serve(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return err
		}
		if !p.track(c) {
			_ = c.Close()
			continue
		}
		go p.handle(c)
	}
}

func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	p.onOpen()
	return true
}

func (p *proxy) untrack(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.conns[c]; ok {
		delete(p.conns, c)
		p.onClose()
	}
}

// closeAll closes every client connection (the store is stopping) and refuses new ones.
func (p *proxy) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for c := range p.conns {
		_ = c.Close()
	}
}

// noReplyIDs remembers the request ids of the last moreToCome requests (see handle).
type noReplyIDs struct {
	ids  [16]int32
	used [16]bool
	next int
}

func (n *noReplyIDs) add(id int32) {
	n.ids[n.next], n.used[n.next] = id, true
	n.next = (n.next + 1) % len(n.ids)
}

func (n *noReplyIDs) take(id int32) bool {
	for i := range n.ids {
		if n.used[i] && n.ids[i] == id {
			n.used[i] = false
			return true
		}
	}
	return false
}

const ioBufferSize = 32 << 10

// handle forwards one client's requests and their replies until either side closes.
func (p *proxy) handle(client net.Conn) {
	defer p.untrack(client)
	defer client.Close()
	backend, err := p.dial()
	if err != nil {
		p.logger.Warn("write queue: cannot reach FerretDB", "err", err)
		return
	}
	defer backend.Close()
	p.served.Add(1)

	cr, cw := bufio.NewReaderSize(client, ioBufferSize), bufio.NewWriterSize(client, ioBufferSize)
	br, bw := bufio.NewReaderSize(backend, ioBufferSize), bufio.NewWriterSize(backend, ioBufferSize)
	var req, rep []byte
	var noReply noReplyIDs
	for {
		var h header
		h, req, err = readMessage(cr, req)
		if err != nil {
			p.closedBy("client", err)
			return
		}
		a := accessRead
		var db []byte
		if p.queue != nil {
			a, db = classify(h, req)
		}
		m := p.queue.lockIf(a, db)
		if _, err = bw.Write(req); err == nil {
			err = bw.Flush()
		}
		if err != nil {
			p.queue.unlockIf(a, m)
			p.closedBy("FerretDB", err)
			return
		}
		if h.opCode == opMsg && msgFlags(req)&flagMoreToCome != 0 {
			// The client expects no reply (an unacknowledged write, w:0). The lock is released once the
			// request is handed over, so unacknowledged writes are NOT serialized. FerretDB 1.24 answers
			// such requests all the same; that answer is dropped below, as MongoDB would send none.
			p.queue.unlockIf(a, m)
			noReply.add(h.requestID)
			req = shrink(req)
			continue
		}
		// The reply, or in exhaust mode (moreToCome on replies) replies until the one without it.
		for {
			var rh header
			rh, rep, err = readMessage(br, rep)
			if err != nil {
				p.queue.unlockIf(a, m)
				p.closedBy("FerretDB", err)
				return
			}
			if noReply.take(rh.responseTo) {
				continue
			}
			more := rh.opCode == opMsg && msgFlags(rep)&flagMoreToCome != 0
			if !more {
				// The write has committed once its reply is read; the client may be slow to take it.
				p.queue.unlockIf(a, m)
				a = accessRead
			}
			if _, err = cw.Write(rep); err == nil {
				err = cw.Flush()
			}
			if err != nil {
				p.queue.unlockIf(a, m)
				p.closedBy("client", err)
				return
			}
			if !more {
				break
			}
		}
		req, rep = shrink(req), shrink(rep)
	}
}

// lockIf and unlockIf do nothing when the queue is off or the request is a read.
func (q *writeQueue) lockIf(a access, db []byte) *sync.Mutex {
	if q == nil || a == accessRead {
		return nil
	}
	return q.lock(a, db)
}

func (q *writeQueue) unlockIf(a access, m *sync.Mutex) {
	if q == nil || a == accessRead {
		return
	}
	q.unlock(a, m)
}

// shrink lets a buffer grown by one large message go, so idle connections stay small.
func shrink(b []byte) []byte {
	if cap(b) > 1<<20 {
		return nil
	}
	return b[:0]
}

func (p *proxy) closedBy(side string, err error) {
	if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
		return
	}
	p.logger.Debug("write queue: connection closed", "side", side, "err", err)
}
