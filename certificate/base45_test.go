package certificate

import (
	"bytes"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The examples of RFC 9285, sections 4.3 and 4.4.
func TestBase45RFC9285(t *testing.T) {
	tests := []struct{ give, want string }{
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"", ""},
		{"\xff\xff", "FGW"},
		{"\xff", "U5"},
		{"\x00", "00"},
		{"\x00\x00", "000"},
	}
	for _, tt := range tests {
		if got := string(appendBase45(nil, []byte(tt.give))); got != tt.want {
			t.Errorf("base45(%q) = %q; want %q", tt.give, got, tt.want)
		}
		got, _, ok := appendBase45Decoded(nil, tt.want)
		if !ok || string(got) != tt.give {
			t.Errorf("base45 decode(%q) = %q, %v; want %q", tt.want, got, ok, tt.give)
		}
	}
}

func TestBase45Rejects(t *testing.T) {
	tests := []struct {
		give       string
		wantOffset int
	}{
		{"A", 0},      // length 3k+1
		{"BB8A", 3},   // length 3k+1
		{"GGW", 0},    // 65536 + ...: above 65535
		{":::", 0},    // 91124
		{"V5", 0},     // 256: above 255
		{"::", 0},     // 2024
		{"bb8", 0},    // lower case
		{"BB8B_8", 3}, // not in the alphabet
		{"BB8\x00\x00", 3},
		{"BB8ÄB", 3},
	}
	for _, tt := range tests {
		got, off, ok := appendBase45Decoded(nil, tt.give)
		if ok || off != tt.wantOffset {
			t.Errorf("base45 decode(%q) = %q, offset %d, ok %v; want an error at offset %d", tt.give, got, off, ok, tt.wantOffset)
		}
	}
}

// Encoding and decoding are inverse bijections between byte strings and
// valid base45 texts.
func TestBase45RoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")
		s := string(appendBase45(nil, b))
		if len(s) != base45EncodedLen(len(b)) {
			t.Fatalf("len(base45(%x)) = %d; want %d", b, len(s), base45EncodedLen(len(b)))
		}
		got, _, ok := appendBase45Decoded(nil, s)
		if !ok || !bytes.Equal(got, b) {
			t.Fatalf("decode(encode(%x)) = %x, %v", b, got, ok)
		}
		// Appending keeps what dst held, with or without spare room.
		prefix := []byte("MR1:")
		for _, dst := range [][]byte{prefix[:len(prefix):len(prefix)], append(make([]byte, 0, 64), prefix...)} {
			if got := string(appendBase45(dst, b)); got != string(prefix)+s {
				t.Fatalf("appendBase45(%q, %x) = %q; want %q", dst, b, got, string(prefix)+s)
			}
		}
	})
}

// writeBase45 writes what appendBase45 appends, for inputs on either side
// of its block size.
func TestWriteBase45(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.Byte(), 0, 1100).Draw(t, "bytes")
		var sb strings.Builder
		sb.WriteString("KZR1:")
		writeBase45(&sb, b)
		if want := "KZR1:" + string(appendBase45(nil, b)); sb.String() != want {
			t.Fatalf("writeBase45(%d bytes) = %q; want %q", len(b), sb.String(), want)
		}
	})
}
