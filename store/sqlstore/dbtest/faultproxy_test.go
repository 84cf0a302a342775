package dbtest

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// faultProxy is a loopback TCP proxy between a store and PostgreSQL that
// breaks connections at chosen points of the protocol, once each time it
// is armed: it refuses connections for a while, drops a connection after
// BEGIN, drops it instead of forwarding COMMIT, forwards COMMIT and then
// drops the reply, or holds the reply to COMMIT. It reads the client's
// side of the protocol: a startup message, then typed messages; BEGIN and
// COMMIT come as simple queries ('Q'), which is how pgx sends a statement
// without parameters.
type faultProxy struct {
	ln       net.Listener
	upstream string
	fault    atomic.Value // of fault: armed, or "" when none
	refuse   atomic.Int64 // refuse connections until this Unix nanosecond
	hold     time.Duration
	wg       sync.WaitGroup
}

type fault string

const (
	noFault          fault = ""
	dropAfterBegin   fault = "drop after BEGIN"
	dropBeforeCommit fault = "drop instead of forwarding COMMIT"
	dropCommitReply  fault = "forward COMMIT, drop its reply"
	holdCommitReply  fault = "forward COMMIT, hold its reply"
)

// newFaultProxy starts a proxy to upstream ("host:port") and stops it when
// the test ends.
func newFaultProxy(t *testing.T, upstream string) *faultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, upstream: upstream}
	p.fault.Store(noFault)
	p.wg.Go(p.serve)
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

// addr is the proxy's "host:port".
func (p *faultProxy) addr() string { return p.ln.Addr().String() }

// arm makes the next connection to reach the fault's point fail there.
func (p *faultProxy) arm(f fault) { p.fault.Store(f) }

// refuseFor closes every new connection at once for d.
func (p *faultProxy) refuseFor(d time.Duration) { p.refuse.Store(time.Now().Add(d).UnixNano()) }

// take returns true, disarming it, when f is the armed fault.
func (p *faultProxy) take(f fault) bool { return p.fault.CompareAndSwap(f, noFault) }

func (p *faultProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if time.Now().UnixNano() < p.refuse.Load() {
			c.Close()
			continue
		}
		p.wg.Go(func() { p.relay(c) })
	}
}

// relay carries one connection, breaking it where an armed fault says.
func (p *faultProxy) relay(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		return
	}
	defer server.Close()
	var commitSent atomic.Value // the fault armed when COMMIT went through, if any
	commitSent.Store(noFault)
	// The server's side: forwarded as it comes, unless a COMMIT was sent
	// with a fault on its reply.
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 32<<10)
		for {
			n, err := server.Read(buf)
			if n > 0 {
				switch commitSent.Swap(noFault) {
				case dropCommitReply:
					client.Close()
					return
				case holdCommitReply:
					time.Sleep(p.hold)
				}
				if _, werr := client.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				client.Close()
				return
			}
		}
	}()
	// The client's side, a message at a time.
	startup, err := readStartup(client)
	if err != nil {
		return
	}
	if _, err := server.Write(startup); err != nil {
		return
	}
	afterBegin := false
	for {
		typ, msg, err := readMessage(client)
		if err != nil {
			server.Close()
			<-done
			return
		}
		query := ""
		if typ == 'Q' {
			query = strings.ToUpper(strings.TrimSpace(string(bytes.TrimRight(msg[5:], "\x00"))))
		}
		switch {
		case afterBegin && p.take(dropAfterBegin):
			server.Close()
			<-done
			return
		case strings.HasPrefix(query, "COMMIT") && p.take(dropBeforeCommit):
			server.Close()
			<-done
			return
		case strings.HasPrefix(query, "COMMIT") && p.take(dropCommitReply):
			commitSent.Store(dropCommitReply)
		case strings.HasPrefix(query, "COMMIT") && p.take(holdCommitReply):
			commitSent.Store(holdCommitReply)
		}
		afterBegin = strings.HasPrefix(query, "BEGIN")
		if _, err := server.Write(msg); err != nil {
			<-done
			return
		}
	}
}

// readStartup reads the startup message: a length, then the rest.
func readStartup(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	msg := make([]byte, binary.BigEndian.Uint32(n[:]))
	copy(msg, n[:])
	_, err := io.ReadFull(r, msg[4:])
	return msg, err
}

// readMessage reads a typed message: its type, then a length that counts
// itself, then the body. It returns the whole message.
func readMessage(r io.Reader) (byte, []byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	msg := make([]byte, 1+binary.BigEndian.Uint32(head[1:]))
	copy(msg, head[:])
	_, err := io.ReadFull(r, msg[5:])
	return head[0], msg, err
}
