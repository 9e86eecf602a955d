package main

import (
	"encoding/json"
	"io"
)

// writeJSON prints v as indented JSON with a final newline; the field
// order is the structs', so output is deterministic.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
