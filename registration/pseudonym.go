package registration

import (
	"fmt"
	"log/slog"
)

// The masked forms of the pseudonyms: a ForeignerID or a HostID can be
// traced back to a document number or an IIN by trying them all (see
// ForeignerID), so no String, fmt verb or log record shows one. Use
// string(id) where the ID itself is needed: a store key, a URL, a
// notification's recipient.
const (
	maskedForeigner = "f_***"
	maskedHost      = "h_***"
)

// String returns "f_***", or "" for the empty ID: never the ID itself,
// which is a pseudonym of a person. string(id) gives the ID.
func (id ForeignerID) String() string {
	if id == "" {
		return ""
	}
	return maskedForeigner
}

// Format makes every fmt verb, %#v included, print the masked String,
// so that a struct holding a ForeignerID never prints it.
func (id ForeignerID) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), id.String())
}

// LogValue implements slog.LogValuer with the masked String.
func (id ForeignerID) LogValue() slog.Value { return slog.StringValue(id.String()) }

// String returns "h_***", or "" for the empty ID: never the ID itself,
// which for an individual host is a pseudonym of a person. string(id)
// gives the ID.
func (id HostID) String() string {
	if id == "" {
		return ""
	}
	return maskedHost
}

// Format makes every fmt verb, %#v included, print the masked String.
func (id HostID) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), id.String())
}

// LogValue implements slog.LogValuer with the masked String.
func (id HostID) LogValue() slog.Value { return slog.StringValue(id.String()) }
