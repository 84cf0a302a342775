package migreg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// TestErrorTexts: the Service's error texts are plain and bounded: one
// "migreg:" prefix, no "State(0)", no empty or megabyte-long ID echoed.
func TestErrorTexts(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	req := request(person("FA1234567"), landlord(t), "2026-07-01")
	req.IdempotencyKey = "pms-1"
	r, err := env.Service.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	other := req
	other.Submission.Address = flat("12")
	_, mismatch := env.Service.Submit(ctx, other)
	huge := registration.ID(strings.Repeat("x", 1<<20))
	_, hugeErr := env.Service.Registration(ctx, huge)
	_, emptyErr := env.Service.Registration(ctx, "")
	_, emptyConfirm := env.Service.Confirm(ctx, "", registration.HostActor(r.HostID))
	_, _, zeroErr := registration.Registration{}.Confirm(registration.HostActor("h"), date("2026-07-30"), env.Clock.Now())
	tests := []struct {
		name      string
		err       error
		want      string // a part of the text
		wantMatch error
	}{
		{"idempotency mismatch", mismatch, "migreg: submit: idempotency key reused with a different request", migreg.ErrIdempotencyMismatch},
		{"a 1 MB ID", hugeErr, "migreg: registration: registration: invalid input: id: too_long", registration.ErrInvalid},
		{"an empty ID", emptyErr, "migreg: registration: registration: invalid input: id: required", registration.ErrInvalid},
		{"confirming an empty ID", emptyConfirm, "migreg: confirm: registration: invalid input: id: required", registration.ErrInvalid},
		{"a zero registration", zeroErr, "cannot confirm a registration without an ID, which has no state", registration.ErrInvalidTransition},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		got := tt.err.Error()
		if !strings.Contains(got, tt.want) || !errors.Is(tt.err, tt.wantMatch) {
			t.Errorf("%s: error %q; want it to contain %q and match %v", tt.name, got, tt.want, tt.wantMatch)
		}
		for _, bad := range []string{"migreg: migreg:", ": migreg:", "State(0)", "registration  ", "registration :"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s: error %q contains %q", tt.name, got, bad)
			}
		}
		if len(got) > 1000 {
			t.Errorf("%s: error of %d bytes; want at most 1000", tt.name, len(got))
		}
	}
}

// TestWireErrorOf: each error the Service returns maps to its code, with
// the problems of invalid input and the ground of a refusal, and a store
// error's text is replaced by a fixed one.
func TestWireErrorOf(t *testing.T) {
	invalid := &registration.ValidationError{Problems: []registration.Problem{{Path: "person.iin", Code: registration.CodeInvalid}}}
	tests := []struct {
		give         error
		wantCode     migreg.ErrorCode
		wantMessage  string
		wantProblems int
		wantReason   registration.ReasonCode
	}{
		{fmt.Errorf("migreg: submit: %w", invalid), migreg.CodeInvalid, "migreg: submit: registration: invalid input: person.iin: invalid", 1, 0},
		{&registration.RefusalError{ID: "r-1", Ground: registration.StayLimitViolation}, migreg.CodeRefused, "registration: refused: registration r-1: stay_limit_violation", 0, registration.StayLimitViolation},
		{fmt.Errorf("%w: registration f_secret not found (SQL said: key (id)=(f_secret))", store.ErrNotFound), migreg.CodeNotFound, "not found", 0, 0},
		{fmt.Errorf("%w: dial tcp 10.0.0.1:5432", store.ErrUnavailable), migreg.CodeUnavailable, "the database is unavailable: nothing was stored; try again later", 0, 0},
		{context.Canceled, migreg.CodeCanceled, "the request was canceled", 0, 0},
		{errors.New("something with +77011234567 in it"), migreg.CodeInternal, "internal error", 0, 0},
		{fmt.Errorf("migreg: submit: %w", migreg.ErrIdempotencyMismatch), migreg.CodeIdempotencyMismatch, "migreg: submit: migreg: idempotency key reused with a different request", 0, 0},
	}
	for _, tt := range tests {
		got := migreg.WireErrorOf(tt.give)
		if got.Code != tt.wantCode || got.Message != tt.wantMessage || len(got.Problems) != tt.wantProblems || got.Reason != tt.wantReason {
			t.Errorf("WireErrorOf(%q) = %+v; want code %q, message %q, %d problems, reason %q",
				tt.give, *got, tt.wantCode, tt.wantMessage, tt.wantProblems, tt.wantReason)
		}
	}
	if migreg.WireErrorOf(nil) != nil {
		t.Error("WireErrorOf(nil) is not nil")
	}
	long := migreg.WireErrorOf(fmt.Errorf("%w: %s", registration.ErrInvalid, strings.Repeat("y", 5000)))
	if len(long.Message) > 1003 {
		t.Errorf("WireErrorOf of a 5,000-byte text has a %d-byte message; want at most 1,000 and an ellipsis", len(long.Message))
	}
}

// TestWireErrorMatches: a WireError read back from JSON matches what the
// original error matched, and errors.As finds its ValidationError.
func TestWireErrorMatches(t *testing.T) {
	invalid := &registration.ValidationError{Problems: []registration.Problem{{Path: "entry", Code: registration.CodeRequired}}}
	tests := []struct {
		give error
		want error
	}{
		{invalid, registration.ErrInvalid},
		{fmt.Errorf("x: %w", store.ErrNotFound), migreg.ErrNotFound},
		{&registration.RefusalError{Ground: registration.FalseData}, registration.ErrRefused},
		{store.ErrCommitUnknown, migreg.ErrCommitUnknown},
	}
	for _, tt := range tests {
		b, err := json.Marshal(migreg.WireErrorOf(tt.give))
		if err != nil {
			t.Fatal(err)
		}
		var back migreg.WireError
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(&back, tt.want) {
			t.Errorf("WireError %s read back does not match %v", b, tt.want)
		}
	}
	var back migreg.WireError
	if err := json.Unmarshal([]byte(`{"code":"invalid","message":"m","problems":[{"path":"entry","code":"required"}]}`), &back); err != nil {
		t.Fatal(err)
	}
	var ve *registration.ValidationError
	if !errors.As(&back, &ve) || !ve.Has("entry", registration.CodeRequired) {
		t.Errorf("errors.As(%+v) = %v; want the ValidationError with entry: required", back, ve)
	}
}

// sentinelCodes pairs every sentinel error a caller of the Service
// matches with its one code; every other sentinel of the module is in
// internalSentinels, and TestEverySentinelClassified keeps the two lists
// complete.
var sentinelCodes = []struct {
	name     string // as declared: package.Name
	sentinel error
	code     migreg.ErrorCode
}{
	{"registration.ErrLimit", registration.ErrLimit, migreg.CodeOverLimit},
	{"registration.ErrInvalid", registration.ErrInvalid, migreg.CodeInvalid},
	{"registration.ErrRefused", registration.ErrRefused, migreg.CodeRefused},
	{"registration.ErrForbidden", registration.ErrForbidden, migreg.CodeForbidden},
	{"registration.ErrInvalidTransition", registration.ErrInvalidTransition, migreg.CodeInvalidTransition},
	{"registration.ErrTooLate", registration.ErrTooLate, migreg.CodeTooLate},
	{"registration.ErrNotDue", registration.ErrNotDue, migreg.CodeNotDue},
	{"registration.ErrNoRules", registration.ErrNoRules, migreg.CodeNoRules},
	{"migreg.ErrIdempotencyMismatch", migreg.ErrIdempotencyMismatch, migreg.CodeIdempotencyMismatch},
	{"migreg.ErrNotActive", migreg.ErrNotActive, migreg.CodeNotActive},
	{"store.ErrNotFound", store.ErrNotFound, migreg.CodeNotFound},
	{"store.ErrConflict", store.ErrConflict, migreg.CodeConflict},
	{"store.ErrDuplicate", store.ErrDuplicate, migreg.CodeDuplicate},
	{"store.ErrInvalid", store.ErrInvalid, migreg.CodeInvalidRecord},
	{"store.ErrCommitUnknown", store.ErrCommitUnknown, migreg.CodeCommitUnknown},
	{"store.ErrUnavailable", store.ErrUnavailable, migreg.CodeUnavailable},
	{"store.ErrClosed", store.ErrClosed, migreg.CodeClosed},
	{"context.Canceled", context.Canceled, migreg.CodeCanceled},
	{"context.DeadlineExceeded", context.DeadlineExceeded, migreg.CodeDeadlineExceeded},
}

// internalSentinels are the module's sentinels that a Service command
// does not return to its caller for what the caller did (they come from
// configuration, the packages' own APIs, or a broken invariant): they
// travel as "internal", with a fixed message.
var internalSentinels = []struct {
	name     string
	sentinel error
}{
	{"migreg.ErrNoStore", migreg.ErrNoStore},
	{"migreg.ErrNoPseudonymKey", migreg.ErrNoPseudonymKey},
	{"registration.ErrPseudonymKey", registration.ErrPseudonymKey},
	{"certificate.ErrKeyOutOfPeriod", certificate.ErrKeyOutOfPeriod},
	{"registration.ErrNotFound", registration.ErrNotFound},
	{"registration.ErrNotRequired", registration.ErrNotRequired},
	{"registration.ErrCorruptLog", registration.ErrCorruptLog},
	{"registration.ErrUnknownName", registration.ErrUnknownName},
	{"calendar.ErrUnknownCode", calendar.ErrUnknownCode},
	{"calendar.ErrInvalidPeriod", calendar.ErrInvalidPeriod},
	{"calendar.ErrContradiction", calendar.ErrContradiction},
	{"calendar.ErrDuplicate", calendar.ErrDuplicate},
	{"calendar.ErrInvalidDate", calendar.ErrInvalidDate},
	{"kzid.ErrInvalid", kzid.ErrInvalid},
	{"kzid.ErrUnknownName", kzid.ErrUnknownName},
	{"penalty.ErrUnknownYear", penalty.ErrUnknownYear},
	{"penalty.ErrNoRule", penalty.ErrNoRule},
	{"penalty.ErrUnconfirmed", penalty.ErrUnconfirmed},
	{"penalty.ErrInvalidQuery", penalty.ErrInvalidQuery},
	{"penalty.ErrInvalidRule", penalty.ErrInvalidRule},
	{"penalty.ErrOverlap", penalty.ErrOverlap},
	{"penalty.ErrInvalidMRP", penalty.ErrInvalidMRP},
	{"penalty.ErrDuplicateYear", penalty.ErrDuplicateYear},
	{"penalty.ErrInvalidPolicy", penalty.ErrInvalidPolicy},
	{"penalty.ErrUnknownName", penalty.ErrUnknownName},
	{"stay.ErrUnknownCitizenship", stay.ErrUnknownCitizenship},
	{"stay.ErrVisaRequired", stay.ErrVisaRequired},
	{"stay.ErrNotInForce", stay.ErrNotInForce},
	{"stay.ErrNotForeign", stay.ErrNotForeign},
	{"stay.ErrInvalidTrip", stay.ErrInvalidTrip},
	{"stay.ErrInvalidDate", stay.ErrInvalidDate},
	{"stay.ErrInvalidRegime", stay.ErrInvalidRegime},
	{"stay.ErrEntryNotAllowed", stay.ErrEntryNotAllowed},
	{"stay.ErrStayTooLong", stay.ErrStayTooLong},
	{"stay.ErrNotPresent", stay.ErrNotPresent},
	{"stay.ErrUnknownName", stay.ErrUnknownName},
	{"stay.ErrNoExtension", stay.ErrNoExtension},
	{"certificate.ErrMalformedNumber", certificate.ErrMalformedNumber},
	{"certificate.ErrNotConfirmed", certificate.ErrNotConfirmed},
	{"certificate.ErrInvalidKey", certificate.ErrInvalidKey},
	{"certificate.ErrMalformed", certificate.ErrMalformed},
	{"certificate.ErrUnsigned", certificate.ErrUnsigned},
	{"certificate.ErrUnknownName", certificate.ErrUnknownName},
	{"certificate.ErrUnknownLang", certificate.ErrUnknownLang},
	{"certificate.ErrInvalid", certificate.ErrInvalid},
	{"certificate.ErrUnknownKey", certificate.ErrUnknownKey},
	{"certificate.ErrBadSignature", certificate.ErrBadSignature},
	{"certificate.ErrNotYetValid", certificate.ErrNotYetValid},
	{"certificate.ErrExpired", certificate.ErrExpired},
	{"certificate.ErrRevoked", certificate.ErrRevoked},
	{"sqlstore.ErrConfig", sqlstore.ErrConfig},
	{"sqlstore.ErrSchemaTooNew", sqlstore.ErrSchemaTooNew},
	{"sqlstore.ErrNotMigrated", sqlstore.ErrNotMigrated},
}

// TestErrorCodePerSentinel: each sentinel, wrapped as the Service wraps
// it, has its own code, which no other sentinel shares; the WireError
// read back from JSON matches the sentinel again; every code is in
// docs/wire.md; every other sentinel is "internal" with a fixed message.
func TestErrorCodePerSentinel(t *testing.T) {
	doc, err := os.ReadFile("docs/wire.md")
	if err != nil {
		t.Fatal(err)
	}
	owner := map[migreg.ErrorCode]string{}
	for _, tt := range sentinelCodes {
		give := fmt.Errorf("migreg: confirm: %w", tt.sentinel)
		got := migreg.WireErrorOf(give)
		if got.Code != tt.code {
			t.Errorf("WireErrorOf(%q).Code = %q; want %q", give, got.Code, tt.code)
		}
		if other, ok := owner[tt.code]; ok {
			t.Errorf("code %q is shared by %s and %s; want one code per sentinel", tt.code, other, tt.name)
		}
		owner[tt.code] = tt.name
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		var back migreg.WireError
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(&back, tt.sentinel) {
			t.Errorf("%s: WireError %s read back does not match it", tt.name, b)
		}
		for _, other := range sentinelCodes {
			if other.sentinel != tt.sentinel && errors.Is(&back, other.sentinel) {
				t.Errorf("%s: WireError %s read back also matches %s", tt.name, b, other.name)
			}
		}
		if !strings.Contains(string(doc), "| `"+string(tt.code)+"`") && !strings.Contains(string(doc), ", `"+string(tt.code)+"` |") {
			t.Errorf("code %q is not in the error code table of docs/wire.md", tt.code)
		}
	}
	for _, s := range internalSentinels {
		give := fmt.Errorf("migreg: confirm: %w: f_secret", s.sentinel)
		if got := migreg.WireErrorOf(give); got.Code != migreg.CodeInternal || got.Message != "internal error" {
			t.Errorf("WireErrorOf(%q) = %+v; want code internal with the fixed message", give, *got)
		}
	}
}

// TestEverySentinelClassified: every sentinel the module declares (an
// exported Err variable made with errors.New) is in sentinelCodes or in
// internalSentinels, so that a sentinel added later gets a code or is
// knowingly internal.
func TestEverySentinelClassified(t *testing.T) {
	known := map[string]bool{}
	for _, tt := range sentinelCodes {
		known[tt.name] = true
	}
	for _, s := range internalSentinels {
		known[s.name] = true
	}
	dirs, err := docPackageDirs(".")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, dir := range dirs {
		files, err := docReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if isCommand(files) {
			continue
		}
		pkg := "migreg"
		if dir != "." {
			pkg = path.Base(dir)
		}
		for _, name := range sentinelNames(t, files) {
			found++
			if !known[pkg+"."+name] {
				t.Errorf("%s.%s is neither in sentinelCodes nor in internalSentinels", pkg, name)
			}
		}
	}
	if found != len(sentinelCodes)+len(internalSentinels)-2 { // context's two are not the module's
		t.Errorf("found %d sentinels in the sources; the tables hold %d of the module's", found, len(sentinelCodes)+len(internalSentinels)-2)
	}
}

// sentinelNames returns the exported package-level variables named Err…
// that the non-test files initialise with errors.New.
func sentinelNames(t *testing.T, files map[string]string) []string {
	var names []string
	fset := token.NewFileSet()
	for name, src := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !n.IsExported() || !strings.HasPrefix(n.Name, "Err") || i >= len(vs.Values) {
						continue
					}
					if call, ok := vs.Values[i].(*ast.CallExpr); ok {
						if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	return names
}

// TestErrorTextsMaskPseudonyms: a foreigner's or a host's ID spliced into
// an error's text (a reminder's message ID, a store's text about one) is
// masked in the public message and the command's error, whatever the
// pseudonyms' digits.
func TestErrorTextsMaskPseudonyms(t *testing.T) {
	for _, doc := range []string{"FA1234567", "N0000001", "AB7777777"} {
		p, h := person(doc), landlord(t)
		give := fmt.Errorf("%w: reminder/registration/%s/2026-07-01 for host %s", registration.ErrInvalid, fid(p), hid(h))
		got := migreg.WireErrorOf(give).Message
		if strings.Contains(got, string(fid(p))) || strings.Contains(got, string(hid(h))) || !strings.Contains(got, "reminder/registration/f_***/2026-07-01 for host h_***") {
			t.Errorf("WireErrorOf(%q).Message = %q; want both IDs masked", give, got)
		}
	}
}
