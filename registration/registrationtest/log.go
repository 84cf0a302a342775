package registrationtest

import "log/slog"

// discardLogger drops every record before it is formatted, so that tests
// and benchmarks built on the kit measure migreg, not a log handler.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
