package migreg_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestDocCheck holds every package of the module to the documentation rules
// of the project (style.md, points 15 and 16):
//
//   - every package has a package comment;
//   - every exported top-level name has a doc comment: functions, types,
//     methods of exported types (Error and String included), constants and
//     variables. A constant or variable may instead share the doc comment
//     of its group or carry a line comment; struct fields and interface
//     methods are not checked;
//   - every package except commands (package main) and internal packages
//     has a runnable example: an Example function with an output comment
//     in its tests. A test kit (a package whose name ends in "test", such
//     as storetest) needs an Example too, but it may lack an output
//     comment: its examples take a *testing.T and can only be compiled.
//
// It walks the module from its root, skipping testdata, hidden directories
// and nested modules (directories with their own go.mod, such as the
// database tests of store/sqlstore).
func TestDocCheck(t *testing.T) {
	dirs, err := docPackageDirs(".")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(dirs, ".") || !slices.Contains(dirs, "calendar") {
		t.Fatalf("the walk found %v; want the module's packages, the root and calendar included", dirs)
	}
	for _, dir := range dirs {
		files, err := docReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		internal := slices.Contains(strings.Split(filepath.ToSlash(dir), "/"), "internal")
		gaps, err := docGaps(dir, files, !internal)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gaps {
			t.Error(g)
		}
	}
}

// TestDocCheckerFindsGaps runs the checker on small synthetic packages, so
// that TestDocCheck is known to be able to fail.
func TestDocCheckerFindsGaps(t *testing.T) {
	const documented = "// Package p is documented.\npackage p\n"
	const example = "package p_test\n\n// An example.\nfunc Example() {\n\t// Output:\n}\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // the gaps, in order
	}{
		{
			name: "complete",
			files: map[string]string{
				"p.go": documented + `
// F does a thing.
func F() {}

// T is a thing.
type T int

// M is a method.
func (T) M() {}

func (t *T) unexported() {}

type hidden struct{}

// Exported methods of unexported types are not in the documentation.
func (hidden) Method() {}

// The kinds, documented as a group.
const (
	A T = iota + 1
	B
)

var V = 1 // V carries a line comment.

// Generic is a generic type.
type Generic[E any] struct{}

// Len is a method of a generic type.
func (g Generic[E]) Len() int { return 0 }
`,
				"p_test.go": example,
			},
			want: nil,
		},
		{
			name: "missing doc comments",
			files: map[string]string{
				"p.go": documented + `
func F() {}

type T int

func (T) M() {}

func (e *T) Error() string { return "" }

type (
	// U is documented inside its group.
	U int
	W int
)

const C = 1

var (
	x, Y = 1, 2
)

func (g Generic[E]) Len() int { return 0 }

// Generic is a generic type.
type Generic[E any] struct{}
`,
				"p_test.go": example,
			},
			want: []string{
				"p/p.go:4: func F has no doc comment",
				"p/p.go:6: type T has no doc comment",
				"p/p.go:8: method T.M has no doc comment",
				"p/p.go:10: method T.Error has no doc comment",
				"p/p.go:15: type W has no doc comment",
				"p/p.go:18: const C has no doc comment",
				"p/p.go:21: var Y has no doc comment",
				"p/p.go:24: method Generic.Len has no doc comment",
			},
		},
		{
			name: "a directive is not documentation",
			files: map[string]string{
				"p.go":      documented + "\n//go:noinline\nfunc F() {}\n",
				"p_test.go": example,
			},
			want: []string{"p/p.go:5: func F has no doc comment"},
		},
		{
			name: "no package comment",
			files: map[string]string{
				"a.go":      "package p\n",
				"b.go":      "package p\n",
				"p_test.go": example,
			},
			want: []string{"p: package p has no package comment"},
		},
		{
			name:  "no example",
			files: map[string]string{"p.go": documented, "p_test.go": "package p\n\nfunc TestX() {}\n"},
			want:  []string{"p: package p has no runnable example (an Example function with an output comment)"},
		},
		{
			name: "an example without output is not run",
			files: map[string]string{
				"p.go":      documented,
				"p_test.go": "package p_test\n\n// An example.\nfunc ExampleF() {}\n",
			},
			want: []string{"p: package p has no runnable example (an Example function with an output comment)"},
		},
		{
			name: "a test kit's example may lack output",
			files: map[string]string{
				"ptest.go":      "// Package ptest is a test kit.\npackage ptest\n",
				"ptest_test.go": "package ptest_test\n\n// An example.\nfunc ExampleRun() {}\n",
			},
			want: nil,
		},
		{
			name:  "a test kit needs an example",
			files: map[string]string{"ptest.go": "// Package ptest is a test kit.\npackage ptest\n"},
			want:  []string{"p: package ptest has no example (an Example function)"},
		},
		{
			name: "a command needs no example",
			files: map[string]string{
				"main.go": "// Command p does a thing.\npackage main\n\nfunc main() {}\n",
			},
			want: nil,
		},
		{
			name: "exported names in tests need no doc comment",
			files: map[string]string{
				"p.go":      documented,
				"p_test.go": example + "\nfunc TestF(t *testing.T) {}\n\ntype Helper int\n",
			},
			want: nil,
		},
	}
	for _, tt := range tests {
		got, err := docGaps("p", tt.files, true)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: docGaps = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// docPackageDirs returns the directories under root that hold Go files,
// relative to root, skipping testdata, hidden and underscore directories,
// vendor, and nested modules.
func docPackageDirs(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root {
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module is checked on its own
			}
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
				rel, err := filepath.Rel(root, path)
				if err != nil {
					return err
				}
				dirs = append(dirs, filepath.ToSlash(rel))
				break
			}
		}
		return nil
	})
	return dirs, err
}

// docReadDir reads the Go files of a directory, by name.
func docReadDir(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = string(b)
	}
	return files, nil
}

// docGaps checks the files of one package directory (file name to source)
// and returns its documentation gaps, each as "dir/file:line: what" or
// "dir: what", in file and line order. needExample is false for packages
// that need no example (internal ones); commands never need one.
func docGaps(dir string, files map[string]string, needExample bool) ([]string, error) {
	fset := token.NewFileSet()
	names := slices.Sorted(maps.Keys(files))
	var (
		gaps      []string
		pkg       string
		hasPkgDoc bool
		sources   int
		testFiles []*ast.File
		isCommand bool
		gapAt     = func(pos token.Pos, what string) {
			p := fset.Position(pos)
			gaps = append(gaps, dir+"/"+filepath.Base(p.Filename)+":"+strconv.Itoa(p.Line)+": "+what)
		}
	)
	for _, name := range names {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), files[name], parser.ParseComments)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, "_test.go") {
			testFiles = append(testFiles, f)
			continue
		}
		sources++
		pkg = f.Name.Name
		isCommand = pkg == "main"
		if docText(f.Doc) {
			hasPkgDoc = true
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || docText(d.Doc) {
					continue
				}
				if d.Recv == nil {
					gapAt(d.Pos(), "func "+d.Name.Name+" has no doc comment")
					continue
				}
				if recv := docReceiver(d.Recv.List[0].Type); ast.IsExported(recv) {
					gapAt(d.Pos(), "method "+recv+"."+d.Name.Name+" has no doc comment")
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && !docText(s.Doc) && !docText(s.Comment) && !docText(d.Doc) {
							gapAt(s.Pos(), "type "+s.Name.Name+" has no doc comment")
						}
					case *ast.ValueSpec:
						if docText(s.Doc) || docText(s.Comment) || docText(d.Doc) {
							continue
						}
						for _, n := range s.Names {
							if n.IsExported() {
								gapAt(n.Pos(), d.Tok.String()+" "+n.Name+" has no doc comment")
							}
						}
					}
				}
			}
		}
	}
	if sources == 0 {
		return gaps, nil // a directory of tests only
	}
	if !hasPkgDoc {
		gaps = append(gaps, dir+": package "+pkg+" has no package comment")
	}
	switch {
	case !needExample || isCommand:
	case strings.HasSuffix(pkg, "test"):
		if len(doc.Examples(testFiles...)) == 0 {
			gaps = append(gaps, dir+": package "+pkg+" has no example (an Example function)")
		}
	case !docHasRunnableExample(testFiles):
		gaps = append(gaps, dir+": package "+pkg+" has no runnable example (an Example function with an output comment)")
	}
	return gaps, nil
}

// docHasRunnableExample reports whether the test files hold an Example
// function that go test runs: one with an output comment.
// docText reports whether a comment says something: a group holding only
// directives (//go:generate, //nolint) is not documentation.
func docText(g *ast.CommentGroup) bool { return g != nil && strings.TrimSpace(g.Text()) != "" }

func docHasRunnableExample(files []*ast.File) bool {
	for _, ex := range doc.Examples(files...) {
		if ex.Output != "" || ex.EmptyOutput {
			return true
		}
	}
	return false
}

// docReceiver returns the name of a method's receiver type, without pointer
// or type parameters.
func docReceiver(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
