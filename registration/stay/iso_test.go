package stay

import "testing"

// TestISOTablesAgree looks every code up both ways in both tables.
func TestISOTablesAgree(t *testing.T) {
	n := 0
	for i := 0; i+5 <= len(iso3166); i += 6 {
		e := iso3166[i : i+5]
		wantA2, wantA3 := e[:2], e[2:]
		for _, code := range []string{wantA2, wantA3} {
			a2, a3, ok := isoEntry(code)
			if !ok || a2 != wantA2 || a3 != wantA3 {
				t.Errorf("isoEntry(%q) = %q, %q, %v; want %q, %q", code, a2, a3, ok, wantA2, wantA3)
			}
		}
		n++
	}
	if m := (len(iso3166ByAlpha3) + 1) / 6; m != n {
		t.Errorf("the alpha-3 table has %d entries; the alpha-2 table %d", m, n)
	}
	for _, code := range []string{"", "A", "ZZ", "ZZZ", "AAA", "uz", "UZBK"} {
		if _, _, ok := isoEntry(code); ok {
			t.Errorf("isoEntry(%q) found an entry", code)
		}
	}
}
