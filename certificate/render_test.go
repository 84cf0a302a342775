package certificate

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
)

func TestRenderGolden(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	hotel, err := iss.Issue(sampleHotelRegistration(t), at("2026-07-10", 14, 5))
	if err != nil {
		t.Fatal(err)
	}
	flat, _, _ := sample(t)
	for _, tc := range []struct {
		name string
		c    Certificate
	}{{"flat", flat}, {"hotel", hotel}} {
		for _, lang := range Langs() {
			var text, page bytes.Buffer
			if err := Render(&text, tc.c, lang, Text); err != nil {
				t.Fatal(err)
			}
			if err := Render(&page, tc.c, lang, HTML); err != nil {
				t.Fatal(err)
			}
			golden(t, fmt.Sprintf("%s.%v.txt", tc.name, lang), text.Bytes())
			// The QR code has its own golden file (TestQRCodeGolden): the
			// PNG bytes may change with the Go release's compressor.
			golden(t, fmt.Sprintf("%s.%v.html", tc.name, lang), dataURI.ReplaceAll(page.Bytes(), []byte("data:image/png;base64,...")))
		}
	}
}

// dataURI matches the PNG data URI, in which html/template writes "+" as
// "&#43;".
var dataURI = regexp.MustCompile(`data:image/png;base64,(?:[A-Za-z0-9/=]|&#43;)+`)

// TestRenderHTMLQRCode checks that the page embeds the QR code of the
// certificate's own token.
func TestRenderHTMLQRCode(t *testing.T) {
	c, tok, _ := sample(t)
	var page bytes.Buffer
	if err := Render(&page, c, Russian, HTML); err != nil {
		t.Fatal(err)
	}
	m := dataURI.Find(page.Bytes())
	if m == nil {
		t.Fatal("no PNG data URI in the HTML")
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(html.UnescapeString(string(m)), "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := QRCode(tok)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the embedded PNG is not QRCode(token)")
	}
}

// TestRenderEscapes shows that HTML from the certificate's text is escaped.
func TestRenderEscapes(t *testing.T) {
	c, _, iss := sample(t)
	c.Host = Host{Kind: registration.HostHotel, Name: `<script>alert("x")</script>`}
	c, err := iss.sign(c)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := Render(&page, c, English, HTML); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), "<script>") || !strings.Contains(page.String(), "&lt;script&gt;") {
		t.Errorf("the host name was not escaped:\n%s", page.String())
	}
}

func TestRenderErrors(t *testing.T) {
	c, _, _ := sample(t)
	unsigned := c
	unsigned.Signature = Signature{}
	tests := []struct {
		name string
		c    Certificate
		lang Lang
		o    Output
		want error
	}{
		{"zero certificate", Certificate{}, Russian, Text, ErrInvalid},
		{"unsigned HTML", unsigned, Russian, HTML, ErrUnsigned},
		{"zero language", c, 0, Text, ErrUnknownLang},
		{"language 9", c, 9, Text, ErrUnknownLang},
	}
	for _, tt := range tests {
		if err := Render(&bytes.Buffer{}, tt.c, tt.lang, tt.o); !errors.Is(err, tt.want) {
			t.Errorf("%s: Render error = %v; want %v", tt.name, err, tt.want)
		}
	}
	if err := Render(&bytes.Buffer{}, c, Russian, 0); !errors.Is(err, ErrUnknownName) {
		t.Errorf("Render(output 0) = %v; want ErrUnknownName", err)
	}
	if err := Render(&bytes.Buffer{}, unsigned, Russian, Text); err != nil {
		t.Errorf("Render(unsigned, Text) = %v; want nil (text needs no token)", err)
	}
	if err := Render(failingWriter{}, c, Russian, Text); err == nil {
		t.Errorf("Render to a failing writer = nil; want its error")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestParseLang(t *testing.T) {
	tests := []struct {
		give string
		want Lang
	}{
		{"kk", Kazakh}, {"kk-KZ", Kazakh}, {"KK", Kazakh}, {"kaz", Kazakh}, {"kk_Cyrl_KZ", Kazakh},
		{"ru", Russian}, {"ru-RU", Russian}, {"ru_KZ", Russian}, {"rus", Russian},
		{"en", English}, {"en-GB", English}, {"EN-us", English}, {"eng", English},
		{"uz", Uzbek}, {"uz-Latn-UZ", Uzbek}, {"uz-Cyrl", Uzbek}, {"uzb", Uzbek},
	}
	for _, tt := range tests {
		if got, err := ParseLang(tt.give); got != tt.want || err != nil {
			t.Errorf("ParseLang(%q) = %v, %v; want %v, nil", tt.give, got, err, tt.want)
		}
	}
	for _, give := range []string{"", "de", "k", "kkk", "-kk", " kk", "kk ", "russian", "ру"} {
		if got, err := ParseLang(give); got != 0 || !errors.Is(err, ErrUnknownLang) {
			t.Errorf("ParseLang(%q) = %v, %v; want 0, ErrUnknownLang", give, got, err)
		}
	}
}

func TestEnumText(t *testing.T) {
	for _, l := range Langs() {
		b, err := l.MarshalText()
		var got Lang
		if err != nil || got.UnmarshalText(b) != nil || got != l || !l.IsValid() {
			t.Errorf("Lang %v: MarshalText = %q, %v; round trip %v", l, b, err, got)
		}
	}
	for _, o := range []Output{Text, HTML} {
		b, err := o.MarshalText()
		var got Output
		if err != nil || got.UnmarshalText(b) != nil || got != o {
			t.Errorf("Output %v: MarshalText = %q, %v; round trip %v", o, b, err, got)
		}
	}
	if s := Lang(0).String(); s != "Lang(0)" {
		t.Errorf("Lang(0).String() = %q; want \"Lang(0)\"", s)
	}
	if _, err := Output(3).MarshalText(); !errors.Is(err, ErrUnknownName) {
		t.Errorf("Output(3).MarshalText() error = %v; want ErrUnknownName", err)
	}
	var o Output
	if err := o.UnmarshalText([]byte("pdf")); !errors.Is(err, ErrUnknownName) || o != 0 {
		t.Errorf("UnmarshalText(pdf) = %v, %v; want ErrUnknownName", o, err)
	}
}

// TestQRCodeGolden pins the modules of the sample token's QR code, drawn
// as text, and checks the PNG's geometry: quiet zone, scale and the three
// finder patterns.
func TestQRCodeGolden(t *testing.T) {
	_, tok, _ := sample(t)
	b, err := QRCode(tok)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	side := img.Bounds().Dx()
	if img.Bounds().Dy() != side || side%qrScale != 0 {
		t.Fatalf("image is %v; want a square of whole modules", img.Bounds())
	}
	n := side/qrScale - 2*qrQuiet
	if n < 21 || (n-17)%4 != 0 {
		t.Fatalf("%d modules a side; want 17 + 4·version", n)
	}
	dark := func(x, y int) bool { // module coordinates, quiet zone included
		r, _, _, _ := img.At(x*qrScale, y*qrScale).RGBA()
		for dy := range qrScale {
			for dx := range qrScale {
				if r2, _, _, _ := img.At(x*qrScale+dx, y*qrScale+dy).RGBA(); r2 != r {
					t.Fatalf("module (%d, %d) is not uniform", x, y)
				}
			}
		}
		return r < 0x8000
	}
	var text strings.Builder
	for y := range n + 2*qrQuiet {
		for x := range n + 2*qrQuiet {
			inCode := x >= qrQuiet && y >= qrQuiet && x < n+qrQuiet && y < n+qrQuiet
			if !inCode && dark(x, y) {
				t.Fatalf("dark module (%d, %d) in the quiet zone", x, y)
			}
			if inCode {
				if dark(x, y) {
					text.WriteString("##")
				} else {
					text.WriteString("  ")
				}
			}
		}
		if y >= qrQuiet && y < n+qrQuiet {
			text.WriteString("\n")
		}
	}
	// A finder pattern: a 7×7 dark ring, a light ring, a 3×3 dark centre.
	finder := func(x0, y0 int) bool {
		for y := range 7 {
			for x := range 7 {
				ring := max(abs(x-3), abs(y-3))
				if dark(qrQuiet+x0+x, qrQuiet+y0+y) != (ring != 2) {
					return false
				}
			}
		}
		return true
	}
	if !finder(0, 0) || !finder(n-7, 0) || !finder(0, n-7) {
		t.Errorf("finder patterns missing")
	}
	golden(t, "sample.qr.txt", []byte(text.String()))
}

func abs(x int) int { return max(x, -x) }

func TestQRCodeRejects(t *testing.T) {
	for _, give := range []string{"", "lower case", "KZR1:ä", strings.Repeat("A", 5000)} {
		if b, err := QRCode(give); err == nil {
			t.Errorf("QRCode(%.20q) = %d bytes, nil; want an error", give, len(b))
		}
	}
}
