package migreg_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/migreg/migreg"

// layers gives each package of the module its place in the one direction
// of dependencies of architecture.md: a package may import only packages
// of lower layers. Packages of one layer do not import each other.
var layers = []struct {
	layer int
	pkgs  []string
}{
	{0, []string{"calendar", "internal/printable", "internal/redact"}},
	{1, []string{"registration/kzid", "registration/stay", "registration/penalty"}},
	{2, []string{"registration"}},
	{3, []string{"certificate"}},
	{4, []string{"store"}},
	{5, []string{"store/memstore", "store/sqlstore", "store/storetest"}},
	{6, []string{""}}, // the root package: the Service
	{7, []string{"registration/registrationtest"}},
	{8, []string{"migregtest"}}, // the test kit that builds a Service, beside the root as httptest is
}

// allowedExternal lists the modules outside the standard library that the
// core's non-test code may depend on (the design card), and the first
// layer allowed to use each.
var allowedExternal = map[string]int{
	"github.com/rickar/cal/v2":      0,
	"github.com/shopspring/decimal": 1,
	"github.com/boombuler/barcode":  3, // QR codes of certificate tokens
	"github.com/google/btree":       5, // memstore's ordered indexes
	"golang.org/x/text":             2,
	"pgregory.net/rapid":            7, // the test kit's generators
	"github.com/google/go-cmp":      99,
	"github.com/stretchr/testify":   99,
}

type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Standard   bool
}

func goList(t *testing.T) []listed {
	t.Helper()
	out, err := exec.Command("go", "list", "-e", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func layerOf(importPath string) (int, bool) {
	rel := strings.TrimPrefix(strings.TrimPrefix(importPath, module), "/")
	if strings.HasPrefix(rel, "examples/") || rel == "examples" {
		return 100, true
	}
	for _, l := range layers {
		for _, p := range l.pkgs {
			if p == rel {
				return l.layer, true
			}
		}
	}
	return 0, false
}

func TestDependencyDirection(t *testing.T) {
	for _, p := range goList(t) {
		from, ok := layerOf(p.ImportPath)
		if !ok {
			t.Errorf("package %s is not in the layer table of deps_test.go (architecture.md)", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			to, ok := layerOf(imp)
			if !ok {
				continue // reported for its own entry
			}
			if to >= from && from != 100 {
				t.Errorf("%s (layer %d) imports %s (layer %d): dependencies must point down", p.ImportPath, from, imp, to)
			}
		}
	}
}

func TestCoreDependencies(t *testing.T) {
	for _, p := range goList(t) {
		layer, _ := layerOf(p.ImportPath)
		for _, dep := range p.Deps {
			first := strings.SplitN(dep, "/", 2)[0]
			if !strings.Contains(first, ".") || strings.HasPrefix(dep, module) {
				continue // standard library or this module
			}
			allowedFrom := -1
			for mod, l := range allowedExternal {
				if dep == mod || strings.HasPrefix(dep, mod+"/") {
					allowedFrom = l
				}
			}
			if allowedFrom < 0 || (layer < allowedFrom && layer != 100) {
				t.Errorf("%s depends on %s, which the core may not use (design card; drivers belong in the nested test module)", p.ImportPath, dep)
			}
		}
	}
}
