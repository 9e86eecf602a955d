package check

import (
	"strings"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/review"
)

// Kind is what a path is in the layout.
type Kind int

const (
	KindUnknown       Kind = iota // not part of the layout
	KindProject                   // transcriptions/project.toml
	KindConventions               // transcriptions/CONVENTIONS.md
	KindDocument                  // <doc>/document.toml
	KindDocCanonical              // <doc>/canonical.txt or canonical.sum
	KindImport                    // <doc>/import/ocr.txt or pages.map
	KindReading                   // <doc>/<page>/readings/<id>.txt
	KindDecisions                 // <doc>/<page>/decisions.txt
	KindPageCanonical             // <doc>/<page>/canonical.txt or canonical.sum
	KindTool                      // the tool's code, workflows and build files
)

// Path is a classified repository path.
type Path struct {
	Kind        Kind
	Doc, Page   string
	Contributor string // for a reading
}

// toolPaths are the top-level files and folders of the tool itself.
var toolPaths = []string{"cmd/", "workflow/", "docs/", ".github/", ".ci/", "go.mod", "go.sum", "README.md", ".gitignore", ".gitattributes", "LICENSE"}

// Classify says what a slash-separated repository path is.
func Classify(rel string) Path {
	if !strings.HasPrefix(rel, layout.Dir+"/") {
		for _, t := range toolPaths {
			if rel == t || (strings.HasSuffix(t, "/") && strings.HasPrefix(rel, t)) {
				return Path{Kind: KindTool}
			}
		}
		return Path{}
	}
	p := strings.Split(strings.TrimPrefix(rel, layout.Dir+"/"), "/")
	switch len(p) {
	case 1:
		switch p[0] {
		case layout.ProjectFile:
			return Path{Kind: KindProject}
		case layout.ConventionsFile:
			return Path{Kind: KindConventions}
		}
		return Path{}
	}
	doc := p[0]
	if ids.Document(doc) != nil {
		return Path{}
	}
	switch {
	case len(p) == 2 && p[1] == layout.DocumentFile:
		return Path{Kind: KindDocument, Doc: doc}
	case len(p) == 2 && (p[1] == layout.CanonicalFile || p[1] == canon.SumFile):
		return Path{Kind: KindDocCanonical, Doc: doc}
	case len(p) == 3 && p[1] == layout.ImportDir && (p[2] == "ocr.txt" || p[2] == "pages.map"):
		return Path{Kind: KindImport, Doc: doc}
	case len(p) < 3 || ids.Page(p[1]) != nil:
		return Path{}
	}
	page := p[1]
	switch {
	case len(p) == 3 && p[2] == review.DecisionsFile:
		return Path{Kind: KindDecisions, Doc: doc, Page: page}
	case len(p) == 3 && (p[2] == layout.CanonicalFile || p[2] == canon.SumFile):
		return Path{Kind: KindPageCanonical, Doc: doc, Page: page}
	case len(p) == 4 && p[2] == layout.ReadingsDir:
		id, ok := strings.CutSuffix(p[3], layout.ReadingExt)
		if ok && ids.Contributor(id) == nil {
			return Path{Kind: KindReading, Doc: doc, Page: page, Contributor: id}
		}
	}
	return Path{}
}
