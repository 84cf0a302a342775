package registration

import (
	"testing"
)

var (
	sinkMessages *Messages
	sinkRulebook *Rulebook
)

// BenchmarkNewMessages is the cost of a Messages after the first call,
// which builds the shared catalog (run with -benchtime=1x in a fresh
// process to see that cost). The sink keeps the result on the heap, as a
// caller's would be.
func BenchmarkNewMessages(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkMessages = NewMessages()
	}
}

// BenchmarkDefaultRulebook is the other per-Service construction, for
// scale.
func BenchmarkDefaultRulebook(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkRulebook = DefaultRulebook()
	}
}

func BenchmarkMessagesState(b *testing.B) {
	m := NewMessages()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.State(msgKK, Confirmed)
	}
}

// BenchmarkStateString is the baseline for BenchmarkMessagesState: the
// stable name, no translation.
func BenchmarkStateString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Confirmed.String()
	}
}

func BenchmarkMessagesValidationError(b *testing.B) {
	m := NewMessages()
	err := &ValidationError{Problems: []Problem{
		{"person.document.expiry", CodeExpiredBeforeEntry}, {"host.contact", CodeRequired}, {"entry", CodeInFuture},
	}}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Error(msgRU, err)
	}
}

func BenchmarkMessagesMatch(b *testing.B) {
	m := NewMessages()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Match("de-DE,kk;q=0.9,ru;q=0.8,en;q=0.7")
	}
}
