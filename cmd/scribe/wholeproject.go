package main

import (
	"os"
	"runtime/debug"
)

// tuneForWholeProject sets the collector for the verbs that run every
// page through the pipeline (check, status, build): each page allocates
// much short-lived memory over a small live heap, so collect less often,
// within a bound. An explicit GOGC or GOMEMLIMIT wins.
func tuneForWholeProject() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(1000)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(200 << 20)
	}
}
