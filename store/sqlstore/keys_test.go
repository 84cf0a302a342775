package sqlstore

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
)

func TestKeyCodes(t *testing.T) {
	if len(keyCodes) != len(bodyKeys) || len(codeKeys) != len(bodyKeys) {
		t.Fatalf("%d keys give %d codes and %d keys back; want each once", len(bodyKeys), len(keyCodes), len(codeKeys))
	}
	for _, k := range bodyKeys {
		if strings.ToLower(k) != k || k == "" {
			t.Errorf("key %q: the keys of migreg's JSON are snake_case, unlike the codes", k)
		}
	}
	for _, v := range bodyValues {
		if valueCodes[`"`+v+`"`] == "" || codeValues[valueCodes[`"`+v+`"`]] != `"`+v+`"` {
			t.Errorf("value %q has no code of its own", v)
		}
	}
	if len(valueCodes) != len(bodyValues) {
		t.Errorf("%d values give %d codes; want each once", len(bodyValues), len(valueCodes))
	}
	// The places of the first keys fix their codes in stored rows.
	for k, want := range map[string]string{"id": "A", "surname": "I", "on": "AL", "closed_on": "AX"} {
		if got := keyCodes[k]; got != want {
			t.Errorf("code of %q = %q; want %q (a key moved in bodyKeys)", k, got, want)
		}
	}
}

func TestShortKeys(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"surname":"KARIMOV","given_names":"AZIZ"}`, `{"I":"KARIMOV","J":"AZIZ"}`},
		{`{"person":{"surname":"x"},"later":"surname"}`, `{"B":{"I":"x"},"later":"surname"}`},
		{`{"note":"say \"id\": no","id":"r"}`, `{"AJ":"say \"id\": no","A":"r"}`},
		{`["id","surname"]`, `["id","surname"]`},
		{`{"id":"\\"}`, `{"A":"\\"}`},
		{`"unterminated`, `"unterminated`},
		// Values of enums as numbers (schema 6), whatever their key.
		{`{"kind":"passport","later":"pending","to":"pendingx"}`, `{"O":7.0,"later":1.0,"AO":"pendingx"}`},
		{`{"kind":7,"on":1.5,"sex":"male"}`, `{"O":7,"AL":1.5,"L":9.0}`},
		{`["pending",{"a":"host"}]`, `["pending",{"a":4.0}]`},
	}
	// PostgreSQL's JSONB text has blanks after colons.
	if got, want := string(longKeys([]byte(`{"O": 7.0, "L":  9.0}`))), `{"kind": "passport", "sex":  "male"}`; got != want {
		t.Errorf("longKeys of JSONB text = %s; want %s", got, want)
	}
	for _, tt := range tests {
		if got := string(shortKeys([]byte(tt.in))); got != tt.want {
			t.Errorf("shortKeys(%s) = %s; want %s", tt.in, got, tt.want)
		}
		if got := string(longKeys([]byte(tt.want))); got != tt.in {
			t.Errorf("longKeys(%s) = %s; want %s", tt.want, got, tt.in)
		}
	}
}

// TestShortKeysOfRecords: the records the store encodes come back whole.
func TestShortKeysOfRecords(t *testing.T) {
	p := registration.Person{Surname: "O'NEIL \"JR\"", GivenNames: "ЖАН", Citizenship: "IRL",
		Document: registration.Document{Kind: registration.Passport, Number: "P1", IssuingCountry: "IRL"}}
	b, err := json.Marshal(registration.Submission{ID: "r-1", Person: p, Place: registration.Hotel, Address: registration.Address{Street: "id:", Unit: `"A":`}})
	if err != nil {
		t.Fatal(err)
	}
	short := shortKeys(b)
	if len(short) >= len(b) {
		t.Errorf("shortKeys(%s) = %s; want it shorter", b, short)
	}
	if got := longKeys(short); string(got) != string(b) {
		t.Errorf("longKeys(shortKeys(%s)) = %s", b, got)
	}
}

func FuzzLongKeys(f *testing.F) {
	for _, s := range []string{`{"A":"x","B":{"I":1}}`, `{"a\"":"b"}`, `"`, `\`, `{"A`, `{"AX":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		longKeys(b) // must not panic, whatever it reads
		// JSON without codes among its keys, as encoding/json writes it,
		// comes back whole through shortKeys and longKeys.
		var v any
		if json.Unmarshal(b, &v) != nil {
			return
		}
		enc, err := json.Marshal(v)
		if err != nil || string(longKeys(enc)) != string(enc) {
			return // keys that are codes: not migreg's JSON
		}
		if got := longKeys(shortKeys(enc)); string(got) != string(enc) {
			t.Errorf("longKeys(shortKeys(%s)) = %s", enc, got)
		}
	})
}

// TestMigrationNameCodes: the codes migration 0006 gives the names it
// converts are those of bodyValues.
func TestMigrationNameCodes(t *testing.T) {
	b, err := migrationFiles.ReadFile("migrations/sqlite/0006_compact.sql")
	if err != nil {
		t.Fatal(err)
	}
	found := regexp.MustCompile(`WHEN '(\w+)' THEN (\d+)`).FindAllStringSubmatch(string(b), -1)
	if len(found) < 10 {
		t.Fatalf("found %d codes in the migration; the check reads it wrongly", len(found))
	}
	for _, m := range found {
		if got := strconv.FormatInt(nameCodes[m[1]], 10); got != m[2] {
			t.Errorf("the migration codes %q as %s; bodyValues as %s", m[1], m[2], got)
		}
	}
}
