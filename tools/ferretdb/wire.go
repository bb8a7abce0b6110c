package main

// The little of the MongoDB wire protocol the write queue needs: framing (every message starts with
// its length), OP_MSG flags, and the command name and database of an OP_MSG request. Nothing is
// decoded beyond that; messages are forwarded byte for byte.
// Spec: https://github.com/mongodb/specifications/blob/master/source/message/OP_MSG.md

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

const (
	opReply      = 1
	opQuery      = 2004
	opCompressed = 2012
	opMsg        = 2013

	headerLen = 16
	// MongoDB's maxMessageSizeBytes; a longer frame is a broken or hostile peer.
	maxMessageLen = 48_000_000

	flagChecksumPresent = 1 << 0
	flagMoreToCome      = 1 << 1
)

var errMalformed = errors.New("malformed message")

type header struct {
	length     int32
	requestID  int32
	responseTo int32
	opCode     int32
}

// readMessage reads one whole message (header included) into buf's storage, growing it when needed,
// so a connection reuses one buffer for all its messages.
func readMessage(r *bufio.Reader, buf []byte) (header, []byte, error) {
	var h header
	if cap(buf) < headerLen {
		buf = make([]byte, 0, 4096)
	}
	msg := buf[:headerLen]
	if _, err := io.ReadFull(r, msg); err != nil {
		return h, buf[:0], err
	}
	h = header{
		length:     int32(binary.LittleEndian.Uint32(msg[0:])),
		requestID:  int32(binary.LittleEndian.Uint32(msg[4:])),
		responseTo: int32(binary.LittleEndian.Uint32(msg[8:])),
		opCode:     int32(binary.LittleEndian.Uint32(msg[12:])),
	}
	if h.length < headerLen || h.length > maxMessageLen {
		return h, buf[:0], fmt.Errorf("%w: length %d", errMalformed, h.length)
	}
	n := int(h.length)
	if cap(msg) < n {
		grown := make([]byte, n)
		copy(grown, msg)
		msg = grown
	}
	msg = msg[:n]
	if _, err := io.ReadFull(r, msg[headerLen:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return h, msg[:0], err
	}
	return h, msg, nil
}

// msgFlags returns the flag bits of an OP_MSG (0 when the message is too short to have them).
func msgFlags(msg []byte) uint32 {
	if len(msg) < headerLen+4 {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[headerLen:])
}

// command is what the write queue needs to know about an OP_MSG request: the command name (the
// first key of the section-0 document), its value when that is a string (renameCollection's source
// namespace), and the $db field. The slices point into the message.
type command struct {
	name  []byte
	value []byte
	db    []byte
}

// parseCommand finds the section-0 document of an OP_MSG and reads its first key and $db. Sections
// of kind 1 (document sequences: the documents of an insert, the statements of an update) are skipped.
func parseCommand(msg []byte) (command, error) {
	var c command
	if len(msg) < headerLen+4 {
		return c, errMalformed
	}
	end := len(msg)
	if msgFlags(msg)&flagChecksumPresent != 0 {
		end -= 4
	}
	for pos := headerLen + 4; pos < end; {
		kind := msg[pos]
		pos++
		if pos+4 > end {
			return c, errMalformed
		}
		size := int(int32(binary.LittleEndian.Uint32(msg[pos:])))
		if size < 5 || pos+size > end {
			return c, errMalformed
		}
		switch kind {
		case 0:
			return commandOf(msg[pos : pos+size])
		case 1:
			pos += size
		default:
			return c, fmt.Errorf("%w: section kind %d", errMalformed, kind)
		}
	}
	return c, fmt.Errorf("%w: no section 0", errMalformed)
}

// commandOf reads the first key (and its value, when a string) and the $db string of a BSON document.
func commandOf(doc []byte) (command, error) {
	var c command
	if len(doc) < 5 || int(int32(binary.LittleEndian.Uint32(doc))) != len(doc) || doc[len(doc)-1] != 0 {
		return c, errMalformed
	}
	body := doc[4 : len(doc)-1]
	first := true
	for pos := 0; pos < len(body); {
		typ := body[pos]
		pos++
		nameEnd := indexZero(body, pos)
		if nameEnd < 0 {
			return c, errMalformed
		}
		name := body[pos:nameEnd]
		pos = nameEnd + 1
		size, err := valueSize(typ, body[pos:])
		if err != nil {
			return c, err
		}
		value := body[pos : pos+size]
		pos += size
		if first {
			c.name = name
			if typ == 0x02 {
				c.value = bsonString(value)
			}
			first = false
		} else if typ == 0x02 && string(name) == "$db" {
			c.db = bsonString(value)
		}
	}
	if len(c.name) == 0 {
		return c, fmt.Errorf("%w: empty command document", errMalformed)
	}
	return c, nil
}

func indexZero(b []byte, from int) int {
	for i := from; i < len(b); i++ {
		if b[i] == 0 {
			return i
		}
	}
	return -1
}

// bsonString strips a BSON string value's length prefix and trailing NUL (checked by valueSize).
func bsonString(v []byte) []byte {
	return v[4 : len(v)-1]
}

// valueSize returns the encoded size of a BSON value of type typ at the start of b.
func valueSize(typ byte, b []byte) (int, error) {
	fixed := func(n int) (int, error) {
		if n > len(b) {
			return 0, errMalformed
		}
		return n, nil
	}
	prefixed := func(extra int) (int, error) {
		if len(b) < 4 {
			return 0, errMalformed
		}
		n := int(int32(binary.LittleEndian.Uint32(b)))
		if n < 0 || 4+extra+n > len(b) {
			return 0, errMalformed
		}
		return 4 + extra + n, nil
	}
	switch typ {
	case 0x01, 0x09, 0x11, 0x12: // double, UTC datetime, timestamp, int64
		return fixed(8)
	case 0x02, 0x0D, 0x0E: // string, JavaScript code, symbol: int32 length (NUL included), bytes
		n, err := prefixed(0)
		if err != nil {
			return 0, err
		}
		if n < 5 || b[n-1] != 0 {
			return 0, errMalformed
		}
		return n, nil
	case 0x03, 0x04, 0x0F: // document, array, code with scope: int32 total length
		if len(b) < 4 {
			return 0, errMalformed
		}
		n := int(int32(binary.LittleEndian.Uint32(b)))
		if n < 5 || n > len(b) {
			return 0, errMalformed
		}
		return n, nil
	case 0x05: // binary: int32 length, subtype byte, bytes
		return prefixed(1)
	case 0x06, 0x0A, 0xFF, 0x7F: // undefined, null, min key, max key
		return 0, nil
	case 0x07: // ObjectId
		return fixed(12)
	case 0x08: // boolean
		return fixed(1)
	case 0x0B: // regular expression: two cstrings
		p := indexZero(b, 0)
		if p < 0 {
			return 0, errMalformed
		}
		q := indexZero(b, p+1)
		if q < 0 {
			return 0, errMalformed
		}
		return q + 1, nil
	case 0x0C: // DBPointer: string, 12-byte ObjectId
		n, err := prefixed(0)
		if err != nil {
			return 0, err
		}
		if n+12 > len(b) {
			return 0, errMalformed
		}
		return n + 12, nil
	case 0x10: // int32
		return fixed(4)
	case 0x13: // decimal128
		return fixed(16)
	default:
		return 0, fmt.Errorf("%w: BSON type 0x%02x", errMalformed, typ)
	}
}
