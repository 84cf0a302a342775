package migreg

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"github.com/migreg/migreg/registration"
)

// DecodeSubmitRequest reads a submit request from a client's JSON, in the
// form json.Marshal writes it:
//
//	{"submission": {...}, "by": {"kind": "host", "id": "h_..."}, "idempotency_key": "pms-4711"}
//
// and reports every problem at once in one *registration.ValidationError:
// those registration.DecodeSubmission finds in the submission (a
// malformed IIN, a bad date, an unknown code, and everything Validate
// finds), at the same paths Submit reports ("person.iin"), and those of
// the request ("submission: required", "by.kind: invalid",
// "idempotency_key: invalid"). Input that is not a JSON object is the
// problem {"", "invalid"}.
func DecodeSubmitRequest(data []byte) (SubmitRequest, error) {
	var ps []registration.Problem
	add := func(path string, code registration.Code) {
		ps = append(ps, registration.Problem{Path: path, Code: code})
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		return SubmitRequest{}, problem("", registration.CodeInvalid)
	}
	var req SubmitRequest
	if raw := top["submission"]; isNull(raw) {
		add("submission", registration.CodeRequired)
	} else {
		s, err := registration.DecodeSubmission(raw)
		var ve *registration.ValidationError
		switch {
		case errors.As(err, &ve):
			for _, p := range ve.Problems {
				switch {
				case p.Path == "id" && p.Code == registration.CodeRequired:
					continue // the Service assigns it
				case p.Path == "":
					p.Path = "submission"
				}
				ps = append(ps, p)
			}
		case err != nil:
			return SubmitRequest{}, err
		}
		req.Submission = s
	}
	if raw := top["by"]; !isNull(raw) {
		var by map[string]json.RawMessage
		if json.Unmarshal(raw, &by) != nil {
			add("by", registration.CodeInvalid)
		} else {
			var kind string
			if k := by["kind"]; !isNull(k) && (json.Unmarshal(k, &kind) != nil || req.By.Kind.UnmarshalText([]byte(kind)) != nil) {
				add("by.kind", registration.CodeInvalid)
			}
			if id := by["id"]; !isNull(id) && json.Unmarshal(id, &req.By.ID) != nil {
				add("by.id", registration.CodeInvalid)
			}
		}
	}
	if raw := top["idempotency_key"]; !isNull(raw) && json.Unmarshal(raw, &req.IdempotencyKey) != nil {
		add("idempotency_key", registration.CodeInvalid)
	}
	if len(ps) > 0 {
		return SubmitRequest{}, &registration.ValidationError{Problems: ps}
	}
	return req, nil
}

// isNull reports whether raw is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// SubmitBatchJSON is SubmitBatch for a client's raw JSON: a JSON array of
// submit requests, each read with DecodeSubmitRequest. An item that does
// not decode gets its result with every problem, like any other invalid
// item (its *registration.ValidationError, as Submit wraps it), and never
// blocks the others; the rest are submitted by SubmitBatch, in order.
// Results are in the order of the items, with their Index in the array.
//
// Its only errors are for data that is not a JSON array (a
// *registration.ValidationError with the problem {"", "invalid"}) and for
// an array of more than MaxBatchItems (a *registration.LimitError).
func (s *Service) SubmitBatchJSON(ctx context.Context, data []byte, opts BatchOptions) ([]BatchResult, error) {
	var items []json.RawMessage
	// null unmarshals into a nil slice without an error: it is not an
	// array either.
	if err := json.Unmarshal(data, &items); err != nil || items == nil {
		return nil, wrap("submit batch", problem("", registration.CodeInvalid))
	}
	if err := over("batch_items", "items", len(items), MaxBatchItems); err != nil {
		return nil, wrap("submit batch", err)
	}
	out := make([]BatchResult, len(items))
	reqs := make([]SubmitRequest, 0, len(items))
	index := make([]int, 0, len(items))
	for i, raw := range items {
		req, err := DecodeSubmitRequest(raw)
		if err != nil {
			s.logCommand(ctx, "submit", "", err)
			out[i] = BatchResult{Index: i, Err: wrap("submit", err)}
			continue
		}
		reqs = append(reqs, req)
		index = append(index, i)
	}
	for k, r := range s.SubmitBatch(ctx, reqs, opts) {
		r.Index = index[k]
		out[index[k]] = r
	}
	return out, nil
}
