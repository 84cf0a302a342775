package sqlstore

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/migreg/migreg/registration"
)

// Compact encodings of schema version 6 (issue 17: store less).
//
// A message's body is opaque JSON to the store, but the Service's repeat
// what the row holds beside them: the registration's ID (a column) and
// keys such as "registration" and "valid_until". The store writes a body
// as a mark byte and the body with that ID as one byte and the keys it
// knows as short codes (keys.go), when that reads back as the very bytes
// given and is shorter; else as given. Valid JSON holds no byte below
// 0x20 outside its strings, nor raw inside them, so the marks cannot be
// part of a Service's body; a body that begins with a mark anyway is
// written after bodyRaw. Bodies written before version 6 have no mark
// (migration 0006 marks the few that begin with one) and read as they
// are.
//
// On SQLite, a certificate's token, "KZR2:" and base45 (package
// certificate), is stored as the bytes that its base45 encodes: a BLOB
// two thirds of the text's size. A token that does not read back as
// given so is stored as text.

// The marks that begin a compact body, and the byte that stands for the
// registration's ID in it.
const (
	bodyCoded = 0x01 // the body with its registration's ID and the keys coded
	bodyRaw   = 0x02 // the body as given
	regMark   = 0x03 // in a coded body: the JSON string of the registration's ID
)

// regString returns the JSON string of a registration ID that a coded body
// writes as regMark: "" when there is none or its JSON would need escapes.
func regString(reg registration.ID) string {
	if reg == "" {
		return ""
	}
	for i := 0; i < len(reg); i++ {
		if c := reg[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return ""
		}
	}
	return `"` + string(reg) + `"`
}

// encodeBody returns the stored form of a message's body (see above).
func encodeBody(body []byte, reg registration.ID) []byte {
	if len(body) == 0 {
		return []byte{}
	}
	coded := codeBody(body, regString(reg))
	if len(coded) < len(body) && bytes.Equal(decodeCoded(coded[1:], regString(reg)), body) {
		return coded
	}
	if body[0] == bodyCoded || body[0] == bodyRaw {
		return append([]byte{bodyRaw}, body...)
	}
	return body
}

// codeBody returns bodyCoded and the body with reg (a JSON string, or
// empty) written as regMark and its keys as codes.
func codeBody(body []byte, reg string) []byte {
	if reg != "" {
		body = bytes.ReplaceAll(body, []byte(reg), []byte{regMark})
	}
	return append([]byte{bodyCoded}, shortKeys(body)...)
}

// decodeCoded returns the body a coded one (without its mark) stands for.
func decodeCoded(coded []byte, reg string) []byte {
	b := longKeys(coded)
	if reg != "" {
		b = bytes.ReplaceAll(b, []byte{regMark}, []byte(reg))
	}
	return b
}

// decodeBody returns the body of a message from its stored form.
func decodeBody(stored []byte, reg registration.ID) []byte {
	if len(stored) == 0 {
		return stored
	}
	switch stored[0] {
	case bodyCoded:
		return decodeCoded(stored[1:], regString(reg))
	case bodyRaw:
		return stored[1:]
	}
	return stored
}

// nameCodes are the numbers of the names of bodyValues, from 1.
var nameCodes = func() map[string]int64 {
	m := make(map[string]int64, len(bodyValues))
	for i, v := range bodyValues {
		m[v] = int64(i + 1)
	}
	return m
}()

// nameArg returns what stores a name in a column of its own (an event's
// type, a message's kind): on SQLite, the number that codes it among
// bodyValues, when one does (an integer of a byte, where the name is
// text); else the name. The columns keep integers as integers (schema 6),
// so a name that is not coded, text, cannot be taken for one that is.
func nameArg(d Dialect, name string) any {
	if d == SQLite {
		if c, ok := nameCodes[name]; ok {
			return c
		}
	}
	return name
}

// storedName scans what nameArg stored.
type storedName struct{ s *string }

func (n storedName) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		if v < 1 || v > int64(len(bodyValues)) {
			return fmt.Errorf("sqlstore: stored name code %d", v)
		}
		*n.s = bodyValues[v-1]
	case string:
		*n.s = v
	case []byte:
		*n.s = string(v)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into a name", src)
	}
	return nil
}

// tokenPrefix begins the certificate tokens that SQLite stores as bytes.
const tokenPrefix = "KZR2:"

// base45Alphabet is the alphabet of base45 (RFC 9285).
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// tokenArg returns what stores a certificate's token: on SQLite, the bytes
// of a "KZR2:" token's base45 when they read back as the token; else the
// text.
func tokenArg(d Dialect, token string) any {
	if d != SQLite || !strings.HasPrefix(token, tokenPrefix) || len(token) == len(tokenPrefix) {
		return token
	}
	b, ok := base45Decode(token[len(tokenPrefix):])
	if !ok || base45Encode(b) != token[len(tokenPrefix):] {
		return token
	}
	return b
}

// token scans what tokenArg stored: text as it is, bytes as a "KZR2:"
// token.
type token struct{ s *string }

func (t token) Scan(src any) error {
	switch v := src.(type) {
	case []byte:
		*t.s = tokenPrefix + base45Encode(v)
	case string:
		*t.s = v
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into a certificate token", src)
	}
	return nil
}

// base45Encode returns the base45 form of b.
func base45Encode(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b)/2*3 + 2)
	for i := 0; i+1 < len(b); i += 2 {
		v := int(b[i])<<8 | int(b[i+1])
		sb.WriteByte(base45Alphabet[v%45])
		sb.WriteByte(base45Alphabet[v/45%45])
		sb.WriteByte(base45Alphabet[v/2025])
	}
	if len(b)%2 == 1 {
		v := int(b[len(b)-1])
		sb.WriteByte(base45Alphabet[v%45])
		sb.WriteByte(base45Alphabet[v/45])
	}
	return sb.String()
}

// base45Decode returns the bytes that s encodes, or false when s is not
// base45. (The caller checks that they encode back to s.)
func base45Decode(s string) ([]byte, bool) {
	if len(s)%3 == 1 {
		return nil, false
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		a, b := strings.IndexByte(base45Alphabet, s[i]), strings.IndexByte(base45Alphabet, s[i+1])
		if a < 0 || b < 0 {
			return nil, false
		}
		if i+2 == len(s) {
			v := a + b*45
			if v > 0xff {
				return nil, false
			}
			return append(out, byte(v)), true
		}
		c := strings.IndexByte(base45Alphabet, s[i+2])
		v := a + b*45 + c*2025
		if c < 0 || v > 0xffff {
			return nil, false
		}
		out = append(out, byte(v>>8), byte(v))
	}
	return out, true
}
