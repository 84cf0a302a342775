// Package errcode names the sentinel errors a typed error wraps, so that
// the error travels in JSON as a code and reads back as the same
// sentinel: calendar.AdditionError, stay.CitizenshipError and
// certificate.VerifyError keep their cause in a field JSON cannot write.
package errcode

// Of returns the code under which codes holds err, or "" when it holds
// none.
func Of(codes map[string]error, err error) string {
	for code, e := range codes {
		if e == err {
			return code
		}
	}
	return ""
}
