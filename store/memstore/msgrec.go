package memstore

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// msgRec is a stored outbox message in one immutable allocation without
// pointers: its three instants and attempt count, then its texts and body
// one after the other. A store.Message kept as it is given takes three
// allocations (the struct, its body, its ID), and the struct's six
// pointers are scanned by the collector on every cycle for as long as the
// message is kept; a msgRec is one object the collector only marks. The
// texts handed out are substrings of it, so reading a message copies only
// its body. A message is replaced, never changed, so a msgRec never is.
//
// Layout: for CreatedAt, NextAttempt and DeliveredAt in turn, the Unix
// seconds (8 bytes) and nanoseconds (4 bytes); Attempts (8 bytes); the
// lengths (4 bytes each) of ID, Kind, To, Registration, Body and
// LastError; then their bytes, in that order. Integers are little-endian.
type msgRec string

const (
	msgTimes   = 3
	msgTexts   = 6
	msgLenAt   = msgTimes*12 + 8
	msgDataAt  = msgLenAt + msgTexts*4
	msgMaxText = 1<<32 - 1 // the longest text or body: its length has 4 bytes
)

// encodeMsg returns m, which is valid, as a msgRec. Instants are kept to
// the nanosecond, in UTC, without a monotonic reading: the store returns
// them as the same instants (store.Message's times compare with Equal),
// not in the location they were given in. An empty body comes back nil.
// A text or body of 4 GiB or more, which Validate allows but no outbox
// message comes near, is an error matching store.ErrInvalid.
func encodeMsg(m *store.Message) (msgRec, error) { return encodeMsgWithin(m, msgMaxText) }

// encodeMsgWithin is encodeMsg with the longest text it takes, which a
// test lowers to reach the error.
func encodeMsgWithin(m *store.Message, most uint64) (msgRec, error) {
	texts := [msgTexts]string{m.ID, m.Kind, m.To, string(m.Registration), "", m.LastError}
	n := msgDataAt + len(m.Body)
	for _, s := range texts {
		n += len(s)
		if uint64(len(s)) > most {
			return "", fmt.Errorf("%w: message %s: a text of %d bytes", store.ErrInvalid, m.ID, len(s))
		}
	}
	if uint64(len(m.Body)) > most {
		return "", fmt.Errorf("%w: message %s: a body of %d bytes", store.ErrInvalid, m.ID, len(m.Body))
	}
	var head [msgDataAt]byte
	for i, t := range [msgTimes]time.Time{m.CreatedAt, m.NextAttempt, m.DeliveredAt} {
		binary.LittleEndian.PutUint64(head[i*12:], uint64(t.Unix()))
		binary.LittleEndian.PutUint32(head[i*12+8:], uint32(t.Nanosecond()))
	}
	binary.LittleEndian.PutUint64(head[msgTimes*12:], uint64(int64(m.Attempts)))
	for i, s := range texts {
		l := len(s)
		if i == 4 {
			l = len(m.Body)
		}
		binary.LittleEndian.PutUint32(head[msgLenAt+4*i:], uint32(l))
	}
	var b strings.Builder
	b.Grow(n)
	b.Write(head[:])
	for i, s := range texts {
		if i == 4 {
			b.Write(m.Body)
			continue
		}
		b.WriteString(s)
	}
	return msgRec(b.String()), nil
}

// instant returns the i-th instant: 0 CreatedAt, 1 NextAttempt, 2
// DeliveredAt.
func (r msgRec) instant(i int) time.Time {
	sec, nsec := int64(le64(string(r[i*12:]))), int64(le32(string(r[i*12+8:])))
	if sec == zeroUnix && nsec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, nsec).UTC()
}

// zeroUnix is time.Time{}.Unix(), the zero instant's Unix seconds.
const zeroUnix = -62135596800

// le64 and le32 read a little-endian integer at the start of s.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// textLen returns the length of the i-th text.
func (r msgRec) textLen(i int) int { return int(le32(string(r[msgLenAt+4*i:]))) }

// text returns the i-th text: 0 ID, 1 Kind, 2 To, 3 Registration, 4 Body,
// 5 LastError.
func (r msgRec) text(i int) string {
	at := msgDataAt
	for j := range i {
		at += r.textLen(j)
	}
	return string(r[at : at+r.textLen(i)])
}

func (r msgRec) id() string { return r.text(0) }

func (r msgRec) delivered() bool { return !r.instant(2).IsZero() }

// message returns the stored message, with a body of its own.
func (r msgRec) message() store.Message {
	var texts [msgTexts]string
	at := msgDataAt
	for i := range texts {
		l := r.textLen(i)
		texts[i] = string(r[at : at+l])
		at += l
	}
	m := store.Message{
		ID: texts[0], Kind: texts[1], To: texts[2], Registration: registration.ID(texts[3]),
		CreatedAt: r.instant(0), NextAttempt: r.instant(1), DeliveredAt: r.instant(2),
		Attempts:  int(int64(le64(string(r[msgTimes*12:])))),
		LastError: texts[5],
	}
	if texts[4] != "" {
		m.Body = []byte(texts[4])
	}
	return m
}
