package layout

import (
	"strings"

	"github.com/scribe-transcription/scribe/workflow/ids"
)

// Kind is what a path is in the layout.
type Kind int

const (
	KindUnknown       Kind = iota // not part of the layout
	KindProject                   // transcriptions/project.toml
	KindConventions               // transcriptions/CONVENTIONS.md
	KindReadme                    // transcriptions/README.md, the project's own story
	KindDocument                  // <doc>/document.toml
	KindDocCanonical              // <doc>/canonical.txt or canonical.sum
	KindImport                    // <doc>/import/FILE: an imported file as it came (ocr.txt, pages.map, PAGE, ALTO, hOCR)
	KindReading                   // <doc>/<page>/readings/<id>.txt
	KindDecisions                 // <doc>/<page>/decisions.txt
	KindPageCanonical             // <doc>/<page>/canonical.txt or canonical.sum
	KindLines                     // <doc>/<page>/ocr-lines.tsv, the OCR's line geometry
	KindTool                      // the tool's code, workflows and build files
	KindWords                     // words/good.txt or words/bad.txt, the project's word lists

	// Folders.
	KindRootDir     // transcriptions/
	KindDocumentDir // <doc>/
	KindImportDir   // <doc>/import/
	KindPageDir     // <doc>/<page>/
	KindReadingsDir // <doc>/<page>/readings/
	KindWordsDir    // words/
)

// Path is a classified repository path.
type Path struct {
	Kind        Kind
	Doc, Page   string
	Contributor string // for a reading
	// BadID, for a path of unknown kind, is the reason when it sits where
	// the layout has a document, page or reading but its id is not valid.
	BadID error
}

// ToolPaths are the top-level files and folders of the tool itself,
// folders with a trailing slash.
var ToolPaths = []string{"cmd/", "workflow/", "docs/", ".github/", ".ci/", "go.mod", "go.sum", "README.md", ".gitignore", ".gitattributes", "LICENSE"}

// Classify says what a file at a slash-separated repository path is.
func Classify(rel string) Path {
	p, ok := split(rel)
	if !ok {
		for _, t := range ToolPaths {
			if rel == t || (strings.HasSuffix(t, "/") && strings.HasPrefix(rel, t)) {
				return Path{Kind: KindTool}
			}
		}
		return Path{}
	}
	if len(p) == 1 {
		switch p[0] {
		case ProjectFile:
			return Path{Kind: KindProject}
		case ConventionsFile:
			return Path{Kind: KindConventions}
		case ReadmeFile:
			return Path{Kind: KindReadme}
		}
		return Path{}
	}
	if p[0] == WordsDir {
		if len(p) == 2 && (p[1] == GoodWordsFile || p[1] == BadWordsFile) {
			return Path{Kind: KindWords}
		}
		return Path{}
	}
	doc := p[0]
	if err := ids.Document(doc); err != nil {
		return Path{BadID: err}
	}
	switch {
	case len(p) == 2 && p[1] == DocumentFile:
		return Path{Kind: KindDocument, Doc: doc}
	case len(p) == 2 && isCanonical(p[1]):
		return Path{Kind: KindDocCanonical, Doc: doc}
	case len(p) == 3 && p[1] == ImportDir && p[2] != "":
		return Path{Kind: KindImport, Doc: doc}
	case len(p) < 3 || p[1] == ImportDir:
		return Path{}
	}
	page := p[1]
	if err := ids.Page(page); err != nil {
		return Path{BadID: err}
	}
	switch {
	case len(p) == 3 && p[2] == DecisionsFile:
		return Path{Kind: KindDecisions, Doc: doc, Page: page}
	case len(p) == 3 && p[2] == LinesFile:
		return Path{Kind: KindLines, Doc: doc, Page: page}
	case len(p) == 3 && isCanonical(p[2]):
		return Path{Kind: KindPageCanonical, Doc: doc, Page: page}
	case len(p) == 4 && p[2] == ReadingsDir:
		id, ok := strings.CutSuffix(p[3], ReadingExt)
		if !ok {
			return Path{}
		}
		if err := ids.Contributor(id); err != nil {
			return Path{BadID: err}
		}
		return Path{Kind: KindReading, Doc: doc, Page: page, Contributor: id}
	}
	return Path{}
}

// ClassifyDir says what a folder at a repository path is.
func ClassifyDir(rel string) Path {
	if rel == Dir {
		return Path{Kind: KindRootDir}
	}
	p, ok := split(rel)
	if !ok || len(p) > 3 {
		return Path{}
	}
	if p[0] == WordsDir {
		if len(p) == 1 {
			return Path{Kind: KindWordsDir}
		}
		return Path{}
	}
	doc := p[0]
	if err := ids.Document(doc); err != nil {
		return Path{BadID: err}
	}
	switch {
	case len(p) == 1:
		return Path{Kind: KindDocumentDir, Doc: doc}
	case len(p) == 2 && p[1] == ImportDir:
		return Path{Kind: KindImportDir, Doc: doc}
	case p[1] == ImportDir:
		return Path{}
	}
	page := p[1]
	if err := ids.Page(page); err != nil {
		return Path{BadID: err}
	}
	switch {
	case len(p) == 2:
		return Path{Kind: KindPageDir, Doc: doc, Page: page}
	case p[2] == ReadingsDir:
		return Path{Kind: KindReadingsDir, Doc: doc, Page: page}
	}
	return Path{}
}

// split cuts a path under transcriptions/ into its parts.
func split(rel string) ([]string, bool) {
	rest, ok := strings.CutPrefix(rel, Dir+"/")
	if !ok || rest == "" {
		return nil, false
	}
	return strings.Split(rest, "/"), true
}

func isCanonical(name string) bool { return name == CanonicalFile || name == SumFile }
