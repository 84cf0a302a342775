package sqlstore

import (
	"strconv"
	"strings"
)

// How the listings use their indexes.
//
// A listing returns a page in the order of a key, after a cursor: the
// deadlines by (due, kind, foreigner, subject), the registrations by id.
// Each statement walks one index in that order and stops after the page:
// an index whose columns are those the statement fixes by equality, then
// the key. Neither database can walk one index in key order for a set of
// values of a column that comes before the key in the index (several
// deadline kinds, several states), so such a listing walks the index once
// per value, each walk limited to the page, and merges the walks by the
// key (UNION ALL of ordered, limited subqueries): it reads at most a page
// per value and never sorts more than that.

// walks collects the index walks of one listing: each a complete SELECT
// with its ORDER BY and LIMIT, and its arguments.
type walks struct {
	arms []string
	args []any
}

func (w *walks) add(query string, args ...any) {
	w.arms = append(w.arms, query)
	w.args = append(w.args, args...)
}

// statement returns the listing: the walk itself when there is one, else
// the walks merged by orderBy, limited to limit rows.
func (w *walks) statement(orderBy string, limit int) (string, []any) {
	if len(w.arms) == 1 {
		return w.arms[0], w.args
	}
	var b strings.Builder
	for i, arm := range w.arms {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		b.WriteString("SELECT * FROM (")
		b.WriteString(arm)
		b.WriteString(") AS walk")
		b.WriteString(strconv.Itoa(i + 1))
	}
	b.WriteString(" ORDER BY ")
	b.WriteString(orderBy)
	b.WriteString(" LIMIT ?")
	return b.String(), append(w.args, limit)
}

// keyAfter returns the condition that a row comes after a cursor in a
// listing ordered by cols, and its arguments; key holds the cursor's
// values, in the order of cols. fixed gives the values of the columns the
// statement fixes by equality (a deadline walk's kind, say): the
// comparison is decided for them here and they are left out, so that what
// remains is a range on the index columns that follow them. A condition
// of "" means that every row comes after the cursor; none, that no row
// does. Values compare as bytes, as the stores order their keys.
func keyAfter(cols, key []string, fixed map[string]string) (cond string, args []any, none bool) {
	var rest []string
	for i, c := range cols {
		v, ok := fixed[c]
		if !ok {
			rest = append(rest, c)
			args = append(args, key[i])
			continue
		}
		switch strings.Compare(v, key[i]) {
		case 1: // every row is past the cursor here: the columns before decide
			return compareRow(rest, ">="), args, false
		case -1: // every row is before the cursor here
			if len(rest) == 0 {
				return "", nil, true
			}
			return compareRow(rest, ">"), args, false
		}
	}
	if len(rest) == 0 { // the cursor is the only row the statement can return
		return "", nil, true
	}
	return compareRow(rest, ">"), args, false
}

// compareRow returns "c op ?" for one column, "(c1, c2) op (?, ?)" for
// several (a row-value comparison, which both databases can answer with a
// range of an index on those columns), and "" for none.
func compareRow(cols []string, op string) string {
	switch len(cols) {
	case 0:
		return ""
	case 1:
		return cols[0] + " " + op + " ?"
	}
	return "(" + strings.Join(cols, ", ") + ") " + op + " (" + placeholders(len(cols)) + ")"
}
