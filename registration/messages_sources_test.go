package registration

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// msgCodesInSource returns the values of the Code constants declared in
// validate.go, so that a code added there must get messages.
func msgCodesInSource(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "validate.go", nil, 0)
	if err != nil {
		t.Fatalf("parse validate.go: %v", err)
	}
	var out []string
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func TestMessagesCoverEveryCode(t *testing.T) {
	m := NewMessages()
	listed := []Code{
		CodeRequired, CodeInvalid, CodeTooLong, CodeNotLatin, CodeNotCyrillic, CodeUnknownCountry,
		CodeNotForeign, CodeVisaRequired, CodeExpiredBeforeEntry, CodeExpired, CodeAfterEntry,
		CodeBeforeEntry, CodeMismatch, CodeNotAllowed, CodeInFuture, CodeNoRules,
	}
	declared := msgCodesInSource(t)
	if len(declared) < len(listed) {
		t.Errorf("validate.go declares %d codes %v; want at least the %d listed here", len(declared), declared, len(listed))
	}
	all := append([]string(nil), declared...)
	for _, c := range listed {
		all = append(all, string(c))
	}
	for _, c := range all {
		for _, tag := range m.Languages() {
			want, ok := m.Text(tag, "code."+c)
			if got := m.Code(tag, Code(c)); !ok || got != want {
				t.Errorf("Code(%v, %q) = %q (key found: %v); want the catalog's text", tag, c, got, ok)
			}
		}
	}
}

// msgWantFields are the field paths the validators produce (person.go,
// host.go, registration.go, submit.go, transition.go).
var msgWantFields = []string{
	"id", "entry", "place", "moved_from", "moved_on", "submitted_at", "host_due", "valid_until", "foreigner", "host_id",
	"command", "at", "reason.code", "reason.note", "superseded_by",
	"person.surname", "person.given_names", "person.cyrillic_surname", "person.cyrillic_given_names",
	"person.cyrillic_patronymic", "person.birth_date", "person.sex", "person.citizenship",
	"person.document.kind", "person.document.number", "person.document.issuing_country",
	"person.document.expiry", "person.iin",
	"host.kind", "host.name", "host.iin", "host.bin", "host.size", "host.contact",
	"host.contact.phone", "host.contact.email", "host.contact.app",
	"address.region", "address.locality", "address.street", "address.building", "address.unit", "address.kato",
}

// msgPathsInSource scans the package's Go files for the paths given to
// ps.add, ps.text and Path: fields. It returns the full literal paths and
// the literal suffixes of paths built by concatenation (path+".kind").
func msgPathsInSource(t *testing.T) (full, suffixes []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	arg := func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(e.Value); err == nil && e.Kind == token.STRING {
				full = append(full, s)
			}
		case *ast.BinaryExpr:
			if lit, ok := e.Y.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				suffixes = append(suffixes, s)
			}
		}
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "messages.go" {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 {
					return true
				}
				x, ok := sel.X.(*ast.Ident)
				switch {
				case !ok || x.Name != "ps":
				case sel.Sel.Name == "add":
					arg(n.Args[0])
				case sel.Sel.Name == "text" && len(n.Args) > 1:
					// text(prefix, name, ...) reports prefix + "." + name.
					name, ok := n.Args[1].(*ast.BasicLit)
					if !ok || name.Kind != token.STRING {
						break
					}
					s, _ := strconv.Unquote(name.Value)
					if prefix, ok := n.Args[0].(*ast.BasicLit); ok && prefix.Kind == token.STRING {
						p, _ := strconv.Unquote(prefix.Value)
						full = append(full, p+"."+s)
					} else {
						suffixes = append(suffixes, "."+s)
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Path" {
					arg(n.Value)
				}
			}
			return true
		})
	}
	return full, suffixes
}

func TestMessagesCoverEveryField(t *testing.T) {
	m := NewMessages()
	full, suffixes := msgPathsInSource(t)
	if len(full) == 0 || len(suffixes) == 0 {
		t.Fatalf("found %d literal paths and %d suffixes in the sources; the scan is broken", len(full), len(suffixes))
	}
	var fields []string
	for _, k := range m.Keys() {
		if f, ok := strings.CutPrefix(k, "field."); ok {
			fields = append(fields, f)
		}
	}
	for _, p := range append(slices.Clone(msgWantFields), full...) {
		if got := m.Field(msgRU, p); got == p {
			t.Errorf("Field(ru, %q) = %q; want a label", p, got)
		}
	}
	for _, s := range suffixes {
		if !slices.ContainsFunc(fields, func(f string) bool { return strings.HasSuffix(f, s) }) {
			t.Errorf("no field label ends with %q, a path suffix used in the sources", s)
		}
	}
}
