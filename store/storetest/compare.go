package storetest

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// diff compares what a store returned with what the suite wrote and
// describes the differences, one "path: got …, want …" per line, or returns
// "" when they are the same. Instants are compared with time.Time.Equal,
// because a database may return them in another location; a nil slice
// equals an empty one. It stops after a few differences.
//
// The suite does not use go-cmp here, so that the conformance package adds
// no dependency to the stores that import it.
func diff(got, want any) string {
	d := differ{}
	d.walk("", reflect.ValueOf(got), reflect.ValueOf(want))
	return strings.Join(d.lines, "\n")
}

const maxDiffLines = 8

var timeType = reflect.TypeFor[time.Time]()

type differ struct{ lines []string }

func (d *differ) add(path string, got, want any) {
	if len(d.lines) == maxDiffLines {
		d.lines = append(d.lines, "\t…")
	}
	if len(d.lines) > maxDiffLines {
		return
	}
	if path == "" {
		path = "value"
	}
	d.lines = append(d.lines, fmt.Sprintf("\t%s: got %v, want %v", path, got, want))
}

func (d *differ) walk(path string, g, w reflect.Value) {
	if !g.IsValid() || !w.IsValid() {
		if g.IsValid() != w.IsValid() {
			d.add(path, show(g), show(w))
		}
		return
	}
	if g.Type() != w.Type() {
		d.add(path+" (type)", g.Type(), w.Type())
		return
	}
	if g.Type() == timeType && g.CanInterface() {
		gt, wt := g.Interface().(time.Time), w.Interface().(time.Time)
		if !gt.Equal(wt) {
			d.add(path, gt, wt)
		}
		return
	}
	switch g.Kind() {
	case reflect.Struct:
		n := len(d.lines)
		for i := range g.NumField() {
			f := g.Type().Field(i)
			if !f.IsExported() {
				// An unexported field (inside calendar.Date, kzid.IIN):
				// report the whole value, which prints itself.
				if !sameLeaves(g.Field(i), w.Field(i)) && len(d.lines) == n {
					d.add(path, show(g), show(w))
				}
				continue
			}
			d.walk(join(path, f.Name), g.Field(i), w.Field(i))
		}
	case reflect.Pointer, reflect.Interface:
		if g.IsNil() || w.IsNil() {
			if g.IsNil() != w.IsNil() {
				d.add(path, nilOr(g), nilOr(w))
			}
			return
		}
		d.walk(path, g.Elem(), w.Elem())
	case reflect.Slice, reflect.Array:
		if g.Kind() == reflect.Slice && g.Type().Elem().Kind() == reflect.Uint8 {
			if string(g.Bytes()) != string(w.Bytes()) {
				d.add(path, fmt.Sprintf("%q", g.Bytes()), fmt.Sprintf("%q", w.Bytes()))
			}
			return
		}
		if g.Len() != w.Len() {
			d.add(path+" (length)", g.Len(), w.Len())
			return
		}
		for i := range g.Len() {
			d.walk(fmt.Sprintf("%s[%d]", path, i), g.Index(i), w.Index(i))
		}
	case reflect.Map:
		if g.Len() != w.Len() {
			d.add(path+" (length)", g.Len(), w.Len())
			return
		}
		for _, k := range w.MapKeys() {
			gv := g.MapIndex(k)
			if !gv.IsValid() {
				d.add(fmt.Sprintf("%s[%v]", path, show(k)), "nothing", show(w.MapIndex(k)))
				continue
			}
			d.walk(fmt.Sprintf("%s[%v]", path, show(k)), gv, w.MapIndex(k))
		}
	default:
		if !sameLeaves(g, w) {
			d.add(path, show(g), show(w))
		}
	}
}

// sameLeaves compares two values of one type field by field, reading
// unexported fields too (reflect may read them, not hand them out).
func sameLeaves(g, w reflect.Value) bool {
	switch g.Kind() {
	case reflect.Bool:
		return g.Bool() == w.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return g.Int() == w.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return g.Uint() == w.Uint()
	case reflect.Float32, reflect.Float64:
		return g.Float() == w.Float()
	case reflect.String:
		return g.String() == w.String()
	case reflect.Struct:
		for i := range g.NumField() {
			if !sameLeaves(g.Field(i), w.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range g.Len() {
			if !sameLeaves(g.Index(i), w.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if g.Len() != w.Len() {
			return false
		}
		for i := range g.Len() {
			if !sameLeaves(g.Index(i), w.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		if g.IsNil() || w.IsNil() {
			return g.IsNil() == w.IsNil()
		}
		return sameLeaves(g.Elem(), w.Elem())
	}
	// Maps, funcs, channels: none in the store's records.
	return g.Equal(w)
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// show returns a printable form of v: the value itself when reflect hands
// it out (so it prints with its own String, masking personal data), its
// kind and raw fields otherwise.
func show(v reflect.Value) any {
	if !v.IsValid() {
		return "nothing"
	}
	if v.CanInterface() {
		if b, ok := v.Interface().([]byte); ok {
			return fmt.Sprintf("%q", b)
		}
		if s, ok := v.Interface().(string); ok {
			return fmt.Sprintf("%q", s)
		}
		return v.Interface()
	}
	return v.String()
}

func nilOr(v reflect.Value) any {
	if v.IsNil() {
		return "nil"
	}
	return show(v)
}
