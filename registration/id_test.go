package registration

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/migreg/migreg/registration/kzid"
	"pgregory.net/rapid"
)

// referenceID is the plain definition of an ID that Pseudonyms computes
// in a stack buffer: stored IDs depend on it, so the two must never
// differ.
func referenceID(secret []byte, keyID, prefix, data string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(data))
	return prefix + keyID + "_" + strings.ToLower(base32.HexEncoding.EncodeToString(m.Sum(nil)[:17]))[:26]
}

func testKey(id string, fill byte) PseudonymKey {
	return PseudonymKey{ID: id, Secret: bytes.Repeat([]byte{fill}, MinSecretLen)}
}

func mustPseudonyms(t testing.TB, current PseudonymKey, retired ...PseudonymKey) Pseudonyms {
	t.Helper()
	p, err := NewPseudonyms(current, retired...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestForeignerIDMatchesReference(t *testing.T) {
	k := testKey("k1", 7)
	p := mustPseudonyms(t, k)
	rapid.Check(t, func(t *rapid.T) {
		// Valid text, document-like text, and raw bytes (invalid UTF-8
		// included), where ToUpper and the rune loop could differ.
		text := rapid.OneOf(
			rapid.String(),
			rapid.StringMatching(`[a-zA-Zßǆ\x{2028}0-9 -]{0,20}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		)
		citizenship := text.Draw(t, "citizenship")
		number := text.Draw(t, "number")
		norm := strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return -1
			}
			return unicode.ToUpper(r)
		}, number)
		want := referenceID(k.Secret, "k1", "f_", "foreigner|"+strings.ToUpper(citizenship)+"|"+norm)
		if got := p.Foreigner(Person{Citizenship: citizenship, Document: Document{Number: number}}); string(got) != want {
			t.Fatalf("Foreigner(Person{Citizenship: %q, Number: %q}) = %s; want %s", citizenship, number, string(got), want)
		}
	})
}

// TestIDsArePinned pins the IDs of known people and hosts under a known
// key: they are keys of stored data, so a change here orphans every store
// in use.
func TestIDsArePinned(t *testing.T) {
	iin, bin := mustIIN(t, "061211600012"), mustBIN(t, "940140000385")
	p := mustPseudonyms(t, testKey("k1", 7))
	uz := Person{Citizenship: "UZB", Document: Document{Number: "FA1234567"}}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"passport UZB FA1234567", string(p.Foreigner(uz)), "f_k1_e1g9i39mjo9iq32440nkp38r1t"},
		{"same, spaced and lower case", string(p.Foreigner(Person{Citizenship: "uzb", Document: Document{Number: "fa 123-4567"}})), "f_k1_e1g9i39mjo9iq32440nkp38r1t"},
		{"individual host by IIN", string(p.Host(Host{IIN: iin})), "h_k1_nuq995uuthb08g56130uuufh31"},
		{"hotel by BIN", string(p.Host(Host{BIN: bin})), "h_k1_ml4lbjp3qjieckrc2gtkl07c0a"},
		{"demo key", string(DemoPseudonyms().Foreigner(uz)), "f_demo_bms2ige5isbg7qeu53huoc1mjo"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: ID = %s; want %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestKeysGiveDifferentIDs: two keys give one person and one host
// different IDs, and one key always the same.
func TestKeysGiveDifferentIDs(t *testing.T) {
	a, b := mustPseudonyms(t, testKey("a", 1)), mustPseudonyms(t, testKey("b", 2))
	sameID := mustPseudonyms(t, testKey("a", 2)) // same key ID, other secret
	person, host := samplePerson(), sampleHost(t)
	for _, o := range []Pseudonyms{b, sameID} {
		if a.Foreigner(person)[len("f_a_"):] == o.Foreigner(person)[len("f_a_"):] {
			t.Errorf("keys %v and %v give one person the same MAC", a, o)
		}
		if a.Host(host)[len("h_a_"):] == o.Host(host)[len("h_a_"):] {
			t.Errorf("keys %v and %v give one host the same MAC", a, o)
		}
	}
	again := mustPseudonyms(t, testKey("a", 1))
	if a.Foreigner(person) != again.Foreigner(person) || a.Host(host) != again.Host(host) {
		t.Error("one key gives one person two IDs")
	}
}

// TestBruteForceWithoutKeyFails is the attack of issue 21, bounded: the
// IINs of everyone born on one day (every serial, both sexes) and the
// passport numbers of one series block. Without the key, neither the
// unkeyed hash migreg once used, nor the published demo key, nor a
// guessed key finds the person behind an ID; with the key the same search
// finds them, which shows the search itself works.
func TestBruteForceWithoutKeyFails(t *testing.T) {
	secret := PseudonymKey{ID: "prod1", Secret: []byte("0123456789abcdef0123456789abcdef-prod")}
	real := mustPseudonyms(t, secret)
	born := d("1985-03-14")
	target, err := kzid.NewIIN(born, kzid.Female, 4321)
	if err != nil {
		t.Fatal(err)
	}
	hostID := real.Host(Host{IIN: target})
	passport := Person{Citizenship: "UZB", Document: Document{Number: "FA1234567"}}
	foreignerID := real.Foreigner(passport)

	unkeyed := func(data string) string { // the scheme before issue 21
		sum := sha256.Sum256([]byte(data))
		return strings.ToLower(base32.HexEncoding.EncodeToString(sum[:17]))[:26]
	}
	guesses := []Pseudonyms{DemoPseudonyms(), mustPseudonyms(t, PseudonymKey{ID: "prod1", Secret: make([]byte, MinSecretLen)})}
	mac := func(id string) string { return id[strings.LastIndexByte(id, '_')+1:] }

	var iins []kzid.IIN
	for _, sex := range []kzid.Sex{kzid.Male, kzid.Female} {
		for serial := range 10000 {
			if n, err := kzid.NewIIN(born, sex, serial); err == nil {
				iins = append(iins, n)
			}
		}
	}
	if len(iins) < 15000 {
		t.Fatalf("only %d candidate IINs", len(iins))
	}
	var numbers []string
	for i := range 20000 {
		numbers = append(numbers, fmt.Sprintf("FA12%05d", i+20000))
	}

	for _, n := range iins {
		for _, unkeyedInput := range []string{"IIN|" + n.Digits(), "host|IIN|" + n.Digits()} {
			if unkeyed(unkeyedInput) == mac(string(hostID)) {
				t.Fatalf("the unkeyed hash of IIN %s gives the host's ID", n.Digits())
			}
		}
		for _, g := range guesses {
			if g.Host(Host{IIN: n}) == hostID || mac(string(g.Host(Host{IIN: n}))) == mac(string(hostID)) {
				t.Fatalf("%v finds the host's IIN", g)
			}
		}
	}
	for _, num := range numbers {
		p := Person{Citizenship: "UZB", Document: Document{Number: num}}
		for _, g := range guesses {
			if mac(string(g.Foreigner(p))) == mac(string(foreignerID)) {
				t.Fatalf("%v finds the passport", g)
			}
		}
		if unkeyed("UZB|"+num) == mac(string(foreignerID)) || unkeyed("foreigner|UZB|"+num) == mac(string(foreignerID)) {
			t.Fatal("the unkeyed hash finds the passport")
		}
	}

	// The control: with the key, the same search finds both.
	found := 0
	for _, n := range iins {
		if real.Host(Host{IIN: n}) == hostID {
			found++
		}
	}
	for _, num := range numbers {
		if real.Foreigner(Person{Citizenship: "UZB", Document: Document{Number: num}}) == foreignerID {
			found++
		}
	}
	if found != 2 {
		t.Fatalf("with the key the search found %d of 2", found)
	}
}

func TestNewPseudonymsRefusesBadKeys(t *testing.T) {
	good := testKey("k1", 1)
	tests := []struct {
		name    string
		current PseudonymKey
		retired []PseudonymKey
	}{
		{"no ID", PseudonymKey{Secret: good.Secret}, nil},
		{"upper-case ID", PseudonymKey{ID: "K1", Secret: good.Secret}, nil},
		{"ID too long", PseudonymKey{ID: "k123456789", Secret: good.Secret}, nil},
		{"ID with underscore", PseudonymKey{ID: "k_1", Secret: good.Secret}, nil},
		{"short secret", PseudonymKey{ID: "k1", Secret: make([]byte, MinSecretLen-1)}, nil},
		{"no secret", PseudonymKey{ID: "k1"}, nil},
		{"one ID twice", good, []PseudonymKey{testKey("k1", 2)}},
		{"bad retired key", good, []PseudonymKey{{ID: "k0"}}},
	}
	for _, tt := range tests {
		_, err := NewPseudonyms(tt.current, tt.retired...)
		if !errors.Is(err, ErrPseudonymKey) {
			t.Errorf("%s: NewPseudonyms(%v, %v) = %v; want ErrPseudonymKey", tt.name, tt.current, tt.retired, err)
		}
	}
}

// TestRotation: after a rotation, IDs are derived under the new key, and
// the ID under the old key is still among the person's IDs, so the
// Service finds what was stored before; KeyIDOf tells which key made an
// ID.
func TestRotation(t *testing.T) {
	old := mustPseudonyms(t, testKey("k2025", 1))
	rotated := mustPseudonyms(t, testKey("k2026", 2), testKey("k2025", 1))
	person, host := samplePerson(), sampleHotel(t)
	before := old.Foreigner(person)
	if got := rotated.Foreigner(person); got == before || KeyIDOf(got) != "k2026" {
		t.Errorf("after rotation the ID is %s under key %q; want a new one under k2026", string(got), KeyIDOf(got))
	}
	if ids := rotated.Foreigners(person); len(ids) != 2 || ids[1] != before || ids[0] != rotated.Foreigner(person) {
		t.Errorf("Foreigners = %q; want [new, %s]", ids, string(before))
	}
	if hs := rotated.Hosts(host); len(hs) != 2 || hs[1] != old.Host(host) {
		t.Errorf("Hosts = %q; want the old ID second", hs)
	}
	if got := KeyIDOf(before); got != "k2025" {
		t.Errorf("KeyIDOf(%s) = %q; want k2025", string(before), got)
	}
	for _, bad := range []string{"", "f_", "f_x", "x", "f_K1_abc"} {
		if got := KeyIDOf(bad); got != "" {
			t.Errorf("KeyIDOf(%q) = %q; want \"\"", bad, got)
		}
	}
}

// TestPseudonymsHideSecrets: no String, fmt verb, log value or JSON of a
// key or of Pseudonyms shows a secret; and NewPseudonyms copies it.
func TestPseudonymsHideSecrets(t *testing.T) {
	secret := []byte("s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t")
	k := PseudonymKey{ID: "k1", Secret: secret}
	p := mustPseudonyms(t, k)
	before := p.Foreigner(samplePerson())
	kj, _ := json.Marshal(k)
	pj, _ := json.Marshal(p)
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%#v %+v", k, p), k.LogValue().String(), p.LogValue().String(), string(kj), string(pj)} {
		if strings.Contains(s, "s3cr3t") {
			t.Errorf("%q shows the secret", s)
		}
	}
	if string(pj) != `{"key_ids":["k1"]}` {
		t.Errorf("JSON = %s", pj)
	}
	secret[0] = 'X'
	if p.Foreigner(samplePerson()) != before {
		t.Error("changing the caller's secret changed the IDs")
	}
	var zero Pseudonyms
	if zero.Foreigner(samplePerson()) != "" || zero.Host(sampleHost(t)) != "" || !zero.IsZero() {
		t.Error("the zero Pseudonyms derives IDs")
	}
}

// TestBlankMatchesTrimSpace holds blank to its definition.
func TestBlankMatchesTrimSpace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`[ \t\n\x{00a0}\x{2028}\x{3000}a-zА-Я]{0,6}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		).Draw(t, "s")
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Fatalf("blank(%q) = %v; want %v", s, got, want)
		}
	})
}

// TestNormalizeDocNumberMatchesDefinition holds the stack-buffer version
// to the plain one, on text and raw bytes alike.
func TestNormalizeDocNumberMatchesDefinition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`[a-zA-Zßǆ0-9 -]{0,40}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		).Draw(t, "s")
		want := strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return -1
			}
			return unicode.ToUpper(r)
		}, s)
		if got := normalizeDocNumber(s); got != want {
			t.Fatalf("normalizeDocNumber(%q) = %q; want %q", s, got, want)
		}
	})
}

// TestPseudonymsConcurrentIDs derives IDs from one Pseudonyms in several
// goroutines at once, as concurrent commands do: each must equal the plain
// HMAC of referenceID, so that the keyed state they all clone is never
// written (run with -race).
func TestPseudonymsConcurrentIDs(t *testing.T) {
	key := testKey("a", 7)
	p := mustPseudonyms(t, key)
	person := samplePerson()
	want := ForeignerID(referenceID(key.Secret, "a", "f_", "foreigner|"+strings.ToUpper(person.Citizenship)+"|"+person.Document.Number))
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			for range 200 {
				if got := p.Foreigner(person); got != want {
					errs <- fmt.Sprintf("Foreigner = %s; want %s", got, want)
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
