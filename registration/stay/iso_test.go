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

// TestISOEntryEveryCode holds isoEntry to a linear scan of the alpha-2
// table for every code of two or three upper-case letters, found or not,
// so that the packed binary search misses no entry and invents none.
func TestISOEntryEveryCode(t *testing.T) {
	scan := func(code string) (a2, a3 string, ok bool) {
		for i := 0; i+5 <= len(iso3166); i += 6 {
			e := iso3166[i : i+5]
			if code == e[:2] || code == e[2:] {
				return e[:2], e[2:], true
			}
		}
		return "", "", false
	}
	var codes []string
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			codes = append(codes, string([]byte{a, b}))
			for c := byte('A'); c <= 'Z'; c++ {
				codes = append(codes, string([]byte{a, b, c}))
			}
		}
	}
	found := 0
	for _, code := range codes {
		a2, a3, ok := isoEntry(code)
		w2, w3, wok := scan(code)
		if a2 != w2 || a3 != w3 || ok != wok {
			t.Errorf("isoEntry(%q) = %q, %q, %v; the scan gives %q, %q, %v", code, a2, a3, ok, w2, w3, wok)
		}
		if ok {
			found++
		}
	}
	if want := 2 * (len(iso3166) + 1) / 6; found != want {
		t.Errorf("found %d codes; the table has %d", found, want)
	}
}
