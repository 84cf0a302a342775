package migreg_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// legalRef is the legal reference, by its path from the repository root:
// citations name it so, in one form, "docs/legal.md Part B §3.3".
const legalRef = "docs/legal.md"

// TestLegalCitationsResolve checks every citation of the legal reference
// in the repository against the reference itself: in the comments and
// string literals of every Go file (nested modules included), and in
// README.md. A citation fails when it names a part, section, numbered
// item or convention the reference lacks, when it uses a shorthand
// ("B §2.1" for "Part B §2.1") or a bare "§n" with no part, when it names
// the reference by another path, when it still names the research notes
// the reference replaced (domain.md, visa_free.md), which are not in the
// repository, or when a README link points to a heading the reference
// does not have. The reference's own "Part X §n" cross-references are
// checked too.
func TestLegalCitationsResolve(t *testing.T) {
	text, err := os.ReadFile(filepath.FromSlash(legalRef))
	if err != nil {
		t.Fatal(err)
	}
	ref := parseLegalRef(string(text))
	if len(ref.parts) < 4 || !ref.sections["B §3.3"] || !ref.items["A"][6] || !ref.titles["A"]["Stay days"] {
		t.Fatalf("parsed %s: %d parts, B §3.3 %v, Part A item 6 %v, Part A \"Stay days\" %v; want the reference's parts, sections, items and rows",
			legalRef, len(ref.parts), ref.sections["B §3.3"], ref.items["A"][6], ref.titles["A"]["Stay days"])
	}

	blocks, err := citationBlocks(".")
	if err != nil {
		t.Fatal(err)
	}
	cited := 0
	for _, b := range blocks {
		n, problems := ref.check(b.text)
		cited += n
		for _, p := range problems {
			t.Errorf("%s: %s", b.where, p)
		}
	}
	for _, p := range ref.checkSelf(string(text)) {
		t.Errorf("%s: %s", legalRef, p)
	}
	// The code cites the reference in well over a hundred places; finding
	// few means the scan is broken, not that the citations are fine.
	if cited < 100 {
		t.Errorf("found %d citations of %s in the repository; want at least 100", cited, legalRef)
	}
}

// TestLegalCitationCheckerFails runs the checker on a small reference and
// on citations that are right and wrong in every way it knows, so that
// TestLegalCitationsResolve can fail.
func TestLegalCitationCheckerFails(t *testing.T) {
	ref := parseLegalRef(strings.Join([]string{
		"# Ref",
		"## Part A — models",
		"### The procedure",
		"1. one",
		"2. two",
		"### Conventions",
		"| Question | Default |",
		"|---|---|",
		"| **Stay days** | both |",
		"## Part B — research",
		"### §3 Sanctions",
		"#### §3.3 The MRP",
		"### §6 Gaps",
		"1. a",
		"2. b",
		"```go",
		"### §9 not a heading: inside a code block",
		"```",
		"Part B §3.3 is fine; Part B §4 is not.",
	}, "\n"))
	tests := []struct {
		give      string
		wantCited int
		want      []string // substrings of the problems, in order
	}{
		{"docs/legal.md Part B §3.3", 1, nil},
		{"(docs/legal.md Part A; Part B §3, §6 item 2)", 3, nil},
		{`docs/legal.md Part A, "Stay days", and Part A, item 2; Part A, step 1`, 3, nil},
		{"docs/legal.md Part B §6, UNCONFIRMED item 1", 1, nil},
		{"(peers.md §2.4; BENCHMARKS.md)", 0, nil},
		{"docs/legal.md Part B §3.4", 1, []string{"Part B §3.4"}},
		{"docs/legal.md Part C", 1, []string{"Part C"}},
		{"docs/legal.md Part B §9", 1, []string{"Part B §9"}},
		{"docs/legal.md Part B §6 item 3", 1, []string{"Part B §6 item 3"}},
		{"docs/legal.md Part A, item 7", 1, []string{"Part A item 7"}},
		{`docs/legal.md Part A, "Exit days"`, 1, []string{`Part A "Exit days"`}},
		{"docs/legal.md Part B §3, §3.9", 2, []string{"Part B §3.9"}},
		{"docs/legal.md Part A; B §3.3", 1, []string{"shorthand"}},
		{"see §3.3", 0, []string{"no part"}},
		{"docs/legal.md §3.3", 0, []string{"no part"}},
		{"domain.md Part B §3.3", 1, []string{"domain.md"}},
		{"the notes of visa_free.md", 0, []string{"visa_free.md"}},
		{"legal.md Part B §3.3", 1, []string{"cite it as docs/legal.md"}},
		{"[Part B](docs/legal.md#part-b--research)", 2, nil},
		{"[the MRP](docs/legal.md#33-the-mrp)", 1, nil},
		{"[gone](docs/legal.md#part-e--gone)", 1, []string{"#part-e--gone"}},
	}
	for _, tt := range tests {
		n, got := ref.check(tt.give)
		ok := n == tt.wantCited && len(got) == len(tt.want)
		for i := 0; ok && i < len(got); i++ {
			ok = strings.Contains(got[i], tt.want[i])
		}
		if !ok {
			t.Errorf("check(%q) = %d citations, problems %q; want %d, problems containing %q", tt.give, n, got, tt.wantCited, tt.want)
		}
	}
	if got := ref.checkSelf("Part B §3.3 is fine; Part B §4 is not."); len(got) != 1 || !strings.Contains(got[0], "Part B §4") {
		t.Errorf("checkSelf = %q; want one problem, Part B §4", got)
	}
	if ref.sections["B §9"] {
		t.Errorf("a heading inside a code block counted as section B §9")
	}
}

// legalSections is what a citation can name in the reference.
type legalSections struct {
	parts    map[string]bool            // "A"
	sections map[string]bool            // "B §3.3"
	items    map[string]map[int]bool    // numbered list items of "A" or "B §6"
	titles   map[string]map[string]bool // Part A's headings and conventions: "Stay days"
	anchors  map[string]bool            // GitHub's anchors of the headings
}

var (
	partHeading    = regexp.MustCompile(`^## Part ([A-Z])\b`)
	sectionHeading = regexp.MustCompile(`^#{3,6} §(\d+(?:\.\d+)?[a-z]?)\b`)
	anyHeading     = regexp.MustCompile(`^#{1,6} (.+)$`)
	listItem       = regexp.MustCompile(`^\s*(\d+)\. `)
	tableRow       = regexp.MustCompile(`^\|\s*([^|]+?)\s*\|`)
)

// parseLegalRef reads the parts ("## Part A — …"), the sections of each
// part ("### §3 …", "#### §3.3 …"), the numbered items under each, the
// headings and first table cells of each part, and the anchors of all
// headings, outside code blocks.
func parseLegalRef(text string) legalSections {
	ref := legalSections{
		parts: map[string]bool{}, sections: map[string]bool{},
		items: map[string]map[int]bool{}, titles: map[string]map[string]bool{}, anchors: map[string]bool{},
	}
	part, key, fenced := "", "", false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		if m := anyHeading.FindStringSubmatch(line); m != nil {
			ref.anchors[githubAnchor(m[1])] = true
		}
		if m := partHeading.FindStringSubmatch(line); m != nil {
			part, key = m[1], m[1]
			ref.parts[part] = true
			ref.titles[part] = map[string]bool{}
			continue
		}
		if part == "" {
			continue
		}
		if m := sectionHeading.FindStringSubmatch(line); m != nil {
			key = part + " §" + m[1]
			ref.sections[key] = true
			continue
		}
		if m := anyHeading.FindStringSubmatch(line); m != nil {
			ref.titles[part][strings.TrimSpace(m[1])] = true
			continue
		}
		if m := listItem.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			if ref.items[key] == nil {
				ref.items[key] = map[int]bool{}
			}
			ref.items[key][n] = true
			continue
		}
		if m := tableRow.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[1], "---") {
			ref.titles[part][strings.Trim(m[1], "*` ")] = true
		}
	}
	return ref
}

// githubAnchor returns the anchor GitHub gives a heading: lower case,
// punctuation dropped, spaces turned into hyphens.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// citationToken finds, in order: a mention of a Markdown file (with an
// optional #anchor), "Part X" with an optional "§n", a bare "§n", and a
// shorthand "X §n"; each may be followed by ", item N" ("step N",
// "UNCONFIRMED item N") or, after a part, by `, "Title"`.
var citationToken = regexp.MustCompile(
	`([\w./-]*\.md)(#[\w-]+)?` +
		`|(Part ([A-Z]) |\b([A-Z]) )?§(\d+(?:\.\d+)?[a-z]?)` +
		`|Part ([A-Z])\b` +
		`((?:,? (?:UNCONFIRMED )?(?:item|step) \d+)|(?:, "[^"]+"))?`)

var (
	itemLocator  = regexp.MustCompile(`^,? (?:UNCONFIRMED )?(?:item|step) (\d+)`)
	titleLocator = regexp.MustCompile(`^, "([^"]+)"`)
	staleNotes   = regexp.MustCompile(`(?i)\b(domain|visa_free)\.md\b`)
)

// check returns the number of citations of the reference in text, one
// block of prose (a comment, a string, a paragraph), and what is wrong
// with them. A bare "§n" takes the part of the citation before it in the
// block; after a mention of another Markdown file ("peers.md §2.4") it
// belongs to that file and is not checked.
func (ref legalSections) check(text string) (cited int, problems []string) {
	text = strings.Join(strings.Fields(text), " ")
	for _, m := range staleNotes.FindAllString(text, -1) {
		problems = append(problems, fmt.Sprintf("cites %s, which is not in the repository; cite %s", m, legalRef))
	}
	ctx, part := "", ""
	for _, loc := range citationToken.FindAllStringSubmatchIndex(text, -1) {
		group := func(i int) string {
			if loc[2*i] < 0 {
				return ""
			}
			return text[loc[2*i]:loc[2*i+1]]
		}
		rest := text[loc[1]:]
		switch {
		case group(1) != "": // a Markdown file
			file := group(1)
			if !strings.HasSuffix(file, "legal.md") {
				ctx, part = "other", ""
				continue
			}
			ctx, part = "legal", ""
			if file != legalRef {
				problems = append(problems, fmt.Sprintf("names the reference %q; cite it as %s", file, legalRef))
			}
			if a := strings.TrimPrefix(group(2), "#"); a != "" {
				cited++
				if !ref.anchors[a] {
					problems = append(problems, fmt.Sprintf("links %s#%s, a heading the reference lacks", legalRef, a))
				}
			}
		case group(6) != "": // a section, "Part B §3.3", "B §3.3" or "§3.3"
			switch {
			case group(4) != "":
				ctx, part = "legal", group(4)
			case group(5) != "":
				problems = append(problems, fmt.Sprintf("shorthand %q; write Part %s §%s", group(3)+"§"+group(6), group(5), group(6)))
				continue
			case ctx == "other":
				continue
			case part == "":
				problems = append(problems, fmt.Sprintf("§%s names no part; write Part X §%s", group(6), group(6)))
				continue
			}
			cited++
			key := part + " §" + group(6)
			if !ref.parts[part] || !ref.sections[key] {
				problems = append(problems, fmt.Sprintf("cites Part %s, which the reference lacks", key))
				continue
			}
			if m := itemLocator.FindStringSubmatch(rest); m != nil {
				if n, _ := strconv.Atoi(m[1]); !ref.items[key][n] {
					problems = append(problems, fmt.Sprintf("cites Part %s item %d, which the reference lacks", key, n))
				}
			}
		case group(7) != "": // a part, "Part A"
			ctx, part = "legal", group(7)
			cited++
			if !ref.parts[part] {
				problems = append(problems, fmt.Sprintf("cites Part %s, which the reference lacks", part))
				continue
			}
			if m := itemLocator.FindStringSubmatch(group(8) + rest); m != nil {
				if n, _ := strconv.Atoi(m[1]); !ref.items[part][n] {
					problems = append(problems, fmt.Sprintf("cites Part %s item %d, which the reference lacks", part, n))
				}
			}
			if m := titleLocator.FindStringSubmatch(group(8) + rest); m != nil && !ref.titles[part][m[1]] {
				problems = append(problems, fmt.Sprintf("cites Part %s %q, which the reference lacks", part, m[1]))
			}
		}
	}
	return cited, problems
}

// explicitSection is a cross-reference inside the reference itself.
var explicitSection = regexp.MustCompile(`Part ([A-Z]) §(\d+(?:\.\d+)?[a-z]?)`)

// checkSelf checks the reference's own "Part X §n" cross-references,
// outside code blocks.
func (ref legalSections) checkSelf(text string) (problems []string) {
	fenced := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if fenced {
			continue
		}
		for _, m := range explicitSection.FindAllStringSubmatch(line, -1) {
			if !ref.sections[m[1]+" §"+m[2]] {
				problems = append(problems, fmt.Sprintf("line %d: refers to Part %s §%s, which it lacks", i+1, m[1], m[2]))
			}
		}
	}
	return problems
}

// citationBlock is one piece of prose that may cite the reference.
type citationBlock struct {
	where string // file:line
	text  string
}

// citationBlocks returns the comments and string literals of every Go file
// under root (skipping hidden directories and testdata) and the
// paragraphs of README.md. This file is left out: its comments describe
// the forms of citation, and its strings hold the deliberately broken
// citations of the checker's own test.
func citationBlocks(root string) ([]citationBlock, error) {
	var blocks []citationBlock
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || path == filepath.Join(root, "legal_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		at := func(p token.Pos) string {
			pos := fset.Position(p)
			return fmt.Sprintf("%s:%d", filepath.ToSlash(pos.Filename), pos.Line)
		}
		for _, cg := range f.Comments {
			blocks = append(blocks, citationBlock{at(cg.Pos()), cg.Text()})
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					blocks = append(blocks, citationBlock{at(lit.Pos()), s})
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return nil, err
	}
	line := 1
	for _, para := range strings.Split(string(readme), "\n\n") {
		blocks = append(blocks, citationBlock{fmt.Sprintf("README.md:%d", line), para})
		line += strings.Count(para, "\n") + 2
	}
	slices.SortStableFunc(blocks, func(a, b citationBlock) int { return strings.Compare(a.where, b.where) })
	return blocks, nil
}
