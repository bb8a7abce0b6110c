package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
)

// A minimal BSON and OP_MSG writer for the tests.

type elem struct {
	typ   byte
	name  string
	value []byte
}

func bdoc(elems ...elem) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0, 0})
	for _, e := range elems {
		b.WriteByte(e.typ)
		b.WriteString(e.name)
		b.WriteByte(0)
		b.Write(e.value)
	}
	b.WriteByte(0)
	out := b.Bytes()
	binary.LittleEndian.PutUint32(out, uint32(len(out)))
	return out
}

func bstr(name, v string) elem {
	val := make([]byte, 4, 4+len(v)+1)
	binary.LittleEndian.PutUint32(val, uint32(len(v)+1))
	val = append(append(val, v...), 0)
	return elem{0x02, name, val}
}

func bint(name string, v int32) elem {
	return elem{0x10, name, binary.LittleEndian.AppendUint32(nil, uint32(v))}
}

func bsub(name string, doc []byte) elem { return elem{0x03, name, doc} }

// opMsgBytes frames sections (each already encoded: kind byte and payload) as an OP_MSG.
func opMsgBytes(requestID, responseTo int32, flags uint32, sections ...[]byte) []byte {
	var b bytes.Buffer
	b.Write(make([]byte, headerLen))
	_ = binary.Write(&b, binary.LittleEndian, flags)
	for _, s := range sections {
		b.Write(s)
	}
	if flags&flagChecksumPresent != 0 {
		b.Write([]byte{1, 2, 3, 4}) // the proxy forwards checksums, it does not check them
	}
	out := b.Bytes()
	binary.LittleEndian.PutUint32(out[0:], uint32(len(out)))
	binary.LittleEndian.PutUint32(out[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(out[8:], uint32(responseTo))
	binary.LittleEndian.PutUint32(out[12:], opMsg)
	return out
}

func body(doc []byte) []byte { return append([]byte{0}, doc...) }

func sequence(id string, docs ...[]byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{1, 0, 0, 0, 0})
	b.WriteString(id)
	b.WriteByte(0)
	for _, d := range docs {
		b.Write(d)
	}
	out := b.Bytes()
	binary.LittleEndian.PutUint32(out[1:], uint32(len(out)-1))
	return out
}

func legacyMessage(requestID, responseTo, opCode int32, payload []byte) []byte {
	out := make([]byte, headerLen, headerLen+len(payload))
	out = append(out, payload...)
	binary.LittleEndian.PutUint32(out[0:], uint32(len(out)))
	binary.LittleEndian.PutUint32(out[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(out[8:], uint32(responseTo))
	binary.LittleEndian.PutUint32(out[12:], uint32(opCode))
	return out
}

func TestReadMessageReusesItsBuffer(t *testing.T) {
	a := opMsgBytes(1, 0, 0, body(bdoc(bint("ping", 1), bstr("$db", "admin"))))
	b := opMsgBytes(2, 0, 0, body(bdoc(bint("ping", 1), bstr("$db", "x"))))
	r := bufio.NewReader(bytes.NewReader(append(append([]byte{}, a...), b...)))
	h, msg, err := readMessage(r, nil)
	if err != nil || h.requestID != 1 || !bytes.Equal(msg, a) {
		t.Fatalf("first: %v %+v", err, h)
	}
	first := &msg[:1][0]
	h, msg, err = readMessage(r, msg[:0])
	if err != nil || h.requestID != 2 || !bytes.Equal(msg, b) {
		t.Fatalf("second: %v %+v", err, h)
	}
	if &msg[:1][0] != first {
		t.Fatal("the buffer was not reused")
	}
	if _, _, err = readMessage(r, msg[:0]); !errors.Is(err, io.EOF) {
		t.Fatalf("at the end: %v", err)
	}
}

func TestReadMessageRefusesBadFrames(t *testing.T) {
	for name, raw := range map[string][]byte{
		"too short": {4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xdd, 7, 0, 0},
		"too long":  {0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0xdd, 7, 0, 0},
		"negative":  {0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0xdd, 7, 0, 0},
	} {
		if _, _, err := readMessage(bufio.NewReader(bytes.NewReader(raw)), nil); !errors.Is(err, errMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
	cut := opMsgBytes(1, 0, 0, body(bdoc(bint("ping", 1))))
	if _, _, err := readMessage(bufio.NewReader(bytes.NewReader(cut[:len(cut)-2])), nil); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated body: %v", err)
	}
}

func TestParseCommandFindsNameAndDatabase(t *testing.T) {
	// Values of every fixed and variable size before $db, so each must be skipped correctly.
	odd := []elem{
		{0x01, "d", make([]byte, 8)},
		{0x05, "bin", append(binary.LittleEndian.AppendUint32(nil, 3), 0x00, 'a', 'b', 'c')},
		{0x06, "undef", nil},
		{0x07, "oid", make([]byte, 12)},
		{0x08, "b", []byte{1}},
		{0x09, "when", make([]byte, 8)},
		{0x0A, "null", nil},
		{0x0B, "re", []byte("^a\x00i\x00")},
		{0x0C, "ptr", append(bstr("", "ns").value, make([]byte, 12)...)},
		{0x0D, "js", bstr("", "f()").value},
		{0x0F, "jsw", append(binary.LittleEndian.AppendUint32(nil, 9), 0, 0, 0, 0, 0)},
		{0x11, "ts", make([]byte, 8)},
		{0x12, "i64", make([]byte, 8)},
		{0x13, "dec", make([]byte, 16)},
		{0xFF, "min", nil},
		{0x7F, "max", nil},
		bsub("opts", bdoc(bstr("$db", "not this one"))),
		{0x04, "arr", bdoc(bint("0", 1))},
	}
	cmd := bdoc(append(append([]elem{bstr("update", "things")}, odd...), bstr("$db", "county"))...)
	docs := sequence("updates", bdoc(bsub("q", bdoc(bstr("_id", "x")))), bdoc(bint("u", 1)))
	for name, msg := range map[string][]byte{
		"body only":           opMsgBytes(7, 0, 0, body(cmd)),
		"sequence first":      opMsgBytes(7, 0, 0, docs, body(cmd)),
		"sequence after":      opMsgBytes(7, 0, 0, body(cmd), docs),
		"with a checksum":     opMsgBytes(7, 0, flagChecksumPresent, docs, body(cmd)),
		"with more to come":   opMsgBytes(7, 0, flagMoreToCome, body(cmd)),
		"two sequences first": opMsgBytes(7, 0, 0, docs, docs, body(cmd)),
	} {
		c, err := parseCommand(msg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(c.name) != "update" || string(c.value) != "things" || string(c.db) != "county" {
			t.Errorf("%s: got %q %q %q", name, c.name, c.value, c.db)
		}
	}
}

func TestParseCommandRefusesMalformedMessages(t *testing.T) {
	good := opMsgBytes(1, 0, 0, body(bdoc(bstr("insert", "c"), bstr("$db", "d"))))
	cases := map[string][]byte{
		"no sections":      opMsgBytes(1, 0, 0),
		"only a sequence":  opMsgBytes(1, 0, 0, sequence("documents", bdoc(bint("a", 1)))),
		"unknown kind":     opMsgBytes(1, 0, 0, append([]byte{2}, bdoc(bint("a", 1))...)),
		"empty document":   opMsgBytes(1, 0, 0, body(bdoc())),
		"cut document":     good[:len(good)-3],
		"unknown BSON":     opMsgBytes(1, 0, 0, body(bdoc(elem{0x42, "x", nil}))),
		"string too long":  opMsgBytes(1, 0, 0, body(bdoc(elem{0x02, "x", []byte{100, 0, 0, 0, 'a', 0}}))),
		"string no NUL":    opMsgBytes(1, 0, 0, body(bdoc(elem{0x02, "x", []byte{2, 0, 0, 0, 'a', 'b'}}))),
		"name without NUL": opMsgBytes(1, 0, 0, body([]byte{8, 0, 0, 0, 0x10, 'a', 'b', 0})),
		"header only":      good[:headerLen],
	}
	for name, msg := range cases {
		if _, err := parseCommand(msg); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add(opMsgBytes(1, 0, 0, body(bdoc(bstr("insert", "c"), bstr("$db", "d")))))
	f.Add(opMsgBytes(1, 0, flagChecksumPresent, sequence("documents", bdoc(bint("a", 1))), body(bdoc(bint("ping", 1)))))
	f.Add(opMsgBytes(1, 0, 0, body(bdoc(bsub("a", bdoc(bint("b", 1))), bstr("$db", "x")))))
	f.Fuzz(func(t *testing.T, msg []byte) {
		c, err := parseCommand(msg)
		if err == nil && len(c.name) == 0 {
			t.Fatal("a command without a name")
		}
	})
}
