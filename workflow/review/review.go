// Package review is kept while the command layer moves to package page,
// which now holds a page's pipeline and its decisions.
//
// Deprecated: use package page.
package review

import (
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
)

// Names kept for the command layer.
const DecisionsFile = layout.DecisionsFile

type (
	Page       = page.Page
	Choice     = page.Choice
	AcceptRule = page.AcceptRule
)

var (
	ErrFourEyes   = page.ErrFourEyes
	Update        = page.Update
	DecisionsPath = layout.DecisionsPath
)

// Load reads a page of the document doc through the pipeline.
var Load = page.Open
