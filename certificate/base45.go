package certificate

import "strings"

// Base45 (RFC 9285) writes bytes with the 45 characters of the QR code's
// alphanumeric mode, which stores each character in 5.5 bits: a token in
// base45 makes a smaller QR code than the same bytes in base64 in byte
// mode. Every two bytes become three characters and a last odd byte two.

const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// base45EncodedLen returns the length of the base45 form of n bytes.
func base45EncodedLen(n int) int { return n/2*3 + n%2*2 }

// appendBase45 appends the base45 form of src to dst.
func appendBase45(dst, src []byte) []byte {
	for i := 0; i+1 < len(src); i += 2 {
		v := int(src[i])<<8 | int(src[i+1])
		dst = append(dst, base45Alphabet[v%45], base45Alphabet[v/45%45], base45Alphabet[v/2025])
	}
	if len(src)%2 == 1 {
		v := int(src[len(src)-1])
		dst = append(dst, base45Alphabet[v%45], base45Alphabet[v/45])
	}
	return dst
}

// writeBase45 writes the base45 form of src to sb, a block at a time
// through a buffer on the stack: a WriteByte per character costs more
// than the encoding itself.
func writeBase45(sb *strings.Builder, src []byte) {
	const block = 256 // even, so that only the last block can end on a lone byte
	var buf [block / 2 * 3]byte
	for len(src) > 0 {
		n := min(len(src), block)
		sb.Write(appendBase45(buf[:0], src[:n]))
		src = src[n:]
	}
}

// base45Value returns the value of a base45 character, or -1.
func base45Value(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	switch c {
	case ' ':
		return 36
	case '$':
		return 37
	case '%':
		return 38
	case '*':
		return 39
	case '+':
		return 40
	case '-':
		return 41
	case '.':
		return 42
	case '/':
		return 43
	case ':':
		return 44
	}
	return -1
}

// appendBase45Decoded appends the bytes that src encodes to dst. It is
// strict, so that the encoding is a bijection: a length of the form 3k+1,
// a character outside the alphabet (lower case included), a triple above
// 65535 or a final pair above 255 is an error, reported with the offset of
// the first character of the bad group.
func appendBase45Decoded(dst []byte, src string) ([]byte, int, bool) {
	if len(src)%3 == 1 {
		return dst, len(src) - 1, false
	}
	for i := 0; i < len(src); i += 3 {
		a, b := base45Value(src[i]), base45Value(src[i+1])
		if a < 0 || b < 0 {
			return dst, i, false
		}
		if i+2 == len(src) {
			v := a + b*45
			if v > 0xff {
				return dst, i, false
			}
			dst = append(dst, byte(v))
			break
		}
		c := base45Value(src[i+2])
		if c < 0 {
			return dst, i, false
		}
		v := a + b*45 + c*2025
		if v > 0xffff {
			return dst, i, false
		}
		dst = append(dst, byte(v>>8), byte(v))
	}
	return dst, 0, true
}
