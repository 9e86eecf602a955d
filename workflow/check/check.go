// Package check verifies a scribe repository the way CI does: every file
// under transcriptions/ is where the layout says and well-formed, the
// configuration parses, decisions refer to rows and readings that exist,
// hold, and obey the reviewer and four-eyes rules, and each canonical text
// is byte for byte what a fresh build gives. It reads through layout.Repo,
// so it checks a work tree or a commit's tree alike.
package check

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/scribe-transcription/scribe/workflow/canon"
	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
	"github.com/scribe-transcription/scribe/workflow/words"
)

// Rule names, as reports show them.
const (
	RuleLayout    = "layout"
	RuleID        = "id"
	RuleSymlink   = "symlink"
	RuleName      = "file-name"
	RuleNormal    = text.RuleNormal
	RuleText      = text.RuleForm
	RuleProject   = "project"
	RuleDocument  = "document"
	RuleDecisions = "decisions"
	RuleStale     = "stale"
	RuleReviewer  = "reviewer"
	RuleFourEyes  = "four-eyes"
	RuleCanonical = "canonical"
	RuleReadings  = "readings-needed"
	RuleUnsettled = "unsettled"
	RuleScope     = "scope"
	RuleUnknown   = "contributor"
	RuleScan      = "scan"
	RuleWord      = "word"
)

// Scope says what to check. The zero Scope checks everything.
type Scope struct {
	// Documents to check whole (every page, the document's files).
	Documents []string
	// Pages to check, as "DOCUMENT/PAGE".
	Pages []string
	// Paths are files to check for layout and form on their own, such as
	// the files a pull request changed.
	Paths []string
	// Changed, in pull-request mode, are the paths the change touched.
	Changed map[string]bool
	// Strict are canonical files (canonical.txt or canonical.sum) that must
	// be exactly what scribe build writes, with a matching record: those a
	// pull request writes, checked in its own head's tree. Elsewhere a
	// canonical text out of date is a warning and only a hand edit an error.
	Strict map[string]bool
	// Words checks the words of each page's canonical text against the
	// project's word lists (package words): each flagged word that no list
	// allows is a warning.
	Words bool
	all   bool // everything, though Changed is set (the project file changed)
}

// All reports whether the scope is the whole tree.
func (s Scope) All() bool {
	return s.all || (len(s.Documents) == 0 && len(s.Pages) == 0 && len(s.Paths) == 0 && s.Changed == nil)
}

// Tree checks a repository and returns its problems, sorted, and the
// number of pages it checked.
func Tree(ctx context.Context, repo *layout.Repo, scope Scope) (problem.List, int, error) {
	c := &checker{repo: repo, changed: scope.Changed, strict: scope.Strict}
	proj, err := repo.Project()
	if err != nil {
		var p *problem.Problem
		if errors.As(err, &p) {
			return problem.List{p}, 0, nil
		}
		return nil, 0, err
	}
	c.proj = proj
	if scope.Words {
		if c.words, err = words.Load(repo.FS); err != nil {
			return nil, 0, err
		}
	}
	if err := c.run(ctx, scope); err != nil {
		return nil, 0, err
	}
	sortProblems(c.found)
	return dedupe(c.found), c.pages, nil
}

// dedupe drops repeated problems (a file reached both by the walk and as a
// changed path); l is sorted. Problems of one kind on one line that say
// different things (two ways a reading departs from its normal form) are
// kept.
func dedupe(l problem.List) problem.List {
	out := l[:0]
	for i, p := range l {
		if i > 0 && key(p) == key(l[i-1]) && p.Line == l[i-1].Line && p.Message == l[i-1].Message {
			continue
		}
		out = append(out, p)
	}
	return out
}

type checker struct {
	changed map[string]bool
	strict  map[string]bool
	repo    *layout.Repo
	proj    *project.Project
	mu      sync.Mutex
	found   problem.List
	pages   int
	words   *words.Lists // nil: words are not checked
}

func (c *checker) add(p *problem.Problem) {
	c.mu.Lock()
	c.found = append(c.found, p)
	c.mu.Unlock()
}

func (c *checker) errorf(file string, line int, rule, hint, format string, args ...any) {
	c.add(problem.Newf(file, line, rule, hint, format, args...))
}

func (c *checker) warnf(file string, line int, rule, hint, format string, args ...any) {
	p := problem.Newf(file, line, rule, hint, format, args...)
	p.Severity = problem.Warning
	c.add(p)
}

// err records an error from a lower layer, as a problem when it is one.
func (c *checker) err(file string, err error) {
	var p *problem.Problem
	if errors.As(err, &p) {
		c.add(problem.InFile(p, file).(*problem.Problem))
		return
	}
	c.add(problem.New(file, 0, RuleLayout, err.Error(), ""))
}

func (c *checker) run(ctx context.Context, scope Scope) error {
	c.checkText(layout.ProjectPath(), false)
	var docs []string
	pages := map[string][]string{} // document → pages to check; nil: all
	if scope.All() {
		// The top level and the word lists' folder: documents are walked
		// one by one below.
		skip := func(e layout.Entry) bool { return e.Class.Kind != layout.KindWordsDir }
		err := c.repo.Walk(layout.Dir, skip, func(dir string, entries []layout.Entry, err error) error {
			if err != nil {
				return err
			}
			c.folderVisitor(nil)(dir, entries, nil)
			for _, e := range entries {
				if e.Class.Kind == layout.KindDocumentDir && !e.Symlink {
					docs = append(docs, e.Name)
					pages[e.Name] = nil
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	} else {
		for _, d := range scope.Documents {
			pages[d] = nil
		}
		for _, p := range scope.Pages {
			d, pg, _ := strings.Cut(p, "/")
			if _, whole := pages[d]; whole && pages[d] == nil {
				continue
			}
			pages[d] = append(pages[d], pg)
		}
		for d := range pages {
			docs = append(docs, d)
		}
		slices.Sort(docs)
	}
	for _, p := range scope.Paths {
		c.checkPath(p)
	}
	return c.documents(ctx, docs, pages)
}

// entry checks one entry of a folder of the layout (parent is the
// folder's kind) and reports whether the walk goes into it.
func (c *checker) entry(parent layout.Kind, e layout.Entry, doc *project.Document) {
	if e.Symlink {
		c.symlink(e.Path)
		return
	}
	k := e.Class.Kind
	switch parent {
	case layout.KindRootDir:
		switch {
		case k == layout.KindConventions || k == layout.KindReadme:
			c.checkText(e.Path, false)
		case k == layout.KindProject, k == layout.KindDocumentDir, k == layout.KindWordsDir:
		case e.Dir && e.Class.BadID != nil:
			c.errorf(e.Path, 0, RuleID, "rename the folder to a lowercase slug such as \"my-document\"", "%v", e.Class.BadID)
		default:
			c.outside(e.Path)
		}
	case layout.KindDocumentDir:
		switch {
		case k == layout.KindDocument, k == layout.KindDocCanonical, k == layout.KindImportDir:
		case k == layout.KindPageDir:
			if _, ok := doc.Page(e.Name); !ok {
				c.errorf(e.Path, 0, RuleDocument, "list the page in document.toml, or remove the folder",
					"page folder %s is not listed in %s", e.Name, layout.DocumentFilePath(doc.ID))
			}
		case e.Dir && e.Class.BadID != nil:
			c.errorf(e.Path, 0, RuleID, "page folders are zero-padded scan numbers listed in document.toml", "%v", e.Class.BadID)
		default:
			c.outside(e.Path)
		}
	case layout.KindImportDir:
		if k != layout.KindImport {
			c.outside(e.Path)
		}
	case layout.KindWordsDir:
		if k == layout.KindWords {
			c.checkText(e.Path, false)
		} else {
			c.outside(e.Path)
		}
	}
}

// folderVisitor is the walk's visit function for a folder of the
// layout: it reports the folder's names, then judges each entry.
func (c *checker) folderVisitor(doc *project.Document) func(dir string, entries []layout.Entry, err error) error {
	return func(dir string, entries []layout.Entry, err error) error {
		if err != nil {
			c.err(dir, err)
			return nil
		}
		c.names(dir, entries)
		parent := layout.ClassifyDir(dir).Kind
		for _, e := range entries {
			c.entry(parent, e, doc)
		}
		return nil
	}
}

// names reports entries of one folder whose names are not NFC or differ
// only in letter case from another's: either breaks a checkout on some
// systems, and lets two paths look like one.
func (c *checker) names(dir string, entries []layout.Entry) {
	seen := map[string]string{}
	for _, e := range entries {
		rel := path.Join(dir, e.Name)
		if !norm.NFC.IsNormalString(e.Name) {
			c.errorf(rel, 0, RuleName, "rename it: file names must be in Unicode NFC", "the name %q is not in Unicode NFC", e.Name)
		}
		fold := strings.ToLower(norm.NFC.String(e.Name))
		if other, ok := seen[fold]; ok {
			c.errorf(rel, 0, RuleName, "keep one of the two; names may not differ only in case or Unicode form",
				"%q and %q differ only in letter case or Unicode form", other, e.Name)
		}
		seen[fold] = e.Name
	}
}

func (c *checker) outside(rel string) {
	if layout.IsTemp(path.Base(rel)) {
		c.errorf(rel, 0, RuleLayout, "remove it: the file it was to replace is whole, and the next scribe write of that file removes it too",
			"a temporary file left by a scribe command that was stopped while writing")
		return
	}
	c.errorf(rel, 0, RuleLayout, "move or remove it: the project's README.md says what goes where (every rule: docs/format.md in scribe's repository)",
		"this file is not part of the repository layout")
}

func (c *checker) symlink(rel string) {
	c.errorf(rel, 0, RuleSymlink, "replace the link with the file itself, or remove it", "symbolic links are not allowed under transcriptions/")
}

// checkText checks a text file's form: UTF-8 without a byte-order mark,
// LF line ends, no control characters but tab, no conflict markers. When
// reading is set, the file must also be in scribe's normal form.
func (c *checker) checkText(rel string, reading bool) []byte {
	raw, _ := c.checkNormal(rel, reading)
	return raw
}

// checkNormal is checkText that also returns the normal form, so that a
// reading is normalised once. Every problem of the file is reported at
// once (text.Problems), each with what to change in the file, since a
// volunteer who edits it in a forge's web editor sees the check's answer
// only after each commit.
func (c *checker) checkNormal(rel string, reading bool) ([]byte, string) {
	raw, err := c.repo.ReadFile(rel)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			c.err(rel, err)
		}
		return nil, ""
	}
	fatal := false
	for _, p := range text.Problems(raw) {
		if !reading && (p.Rule == text.RuleNormal || p.Rule == text.RuleEmpty) {
			continue // only readings keep the normal form
		}
		fatal = fatal || text.Fatal(p)
		c.add(problem.InFile(p, rel).(*problem.Problem))
	}
	if fatal {
		return nil, ""
	}
	normal, _, err := text.Normalize(raw)
	if err != nil {
		var p *problem.Problem
		if errors.As(err, &p) && p.Rule == text.RuleEmpty && !reading {
			return raw, ""
		}
		c.err(rel, err)
		return nil, ""
	}
	return raw, normal
}

// checkPath checks one changed file on its own: where it is and its form.
func (c *checker) checkPath(rel string) {
	fi, err := c.repo.Lstat(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return // deleted
	}
	if err != nil {
		c.err(rel, err)
		return
	}
	if !strings.HasPrefix(rel, layout.Dir+"/") {
		return // the tool's own files: the scope rule judges them
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		c.symlink(rel)
		return
	}
	parts := strings.Split(rel, "/")
	// A name that clashes with a neighbour's by case or Unicode form.
	if entries, err := c.repo.List(path.Dir(rel)); err == nil {
		var clash []layout.Entry
		for _, e := range entries {
			if strings.EqualFold(norm.NFC.String(e.Name), norm.NFC.String(path.Base(rel))) {
				clash = append(clash, e)
			}
		}
		c.names(path.Dir(rel), clash)
	}
	for _, p := range parts {
		if !norm.NFC.IsNormalString(p) {
			c.errorf(rel, 0, RuleName, "rename it: file names must be in Unicode NFC", "the name %q is not in Unicode NFC", p)
			return
		}
	}
	switch layout.Classify(rel).Kind {
	case layout.KindUnknown:
		c.outside(rel)
	case layout.KindReading:
		c.checkText(rel, true)
	case layout.KindImport:
	default:
		c.checkText(rel, false)
	}
}

// docCheck is one document being checked: its pages to check and, once
// they are, what its canonical text needs of each.
type docCheck struct {
	doc     *project.Document
	pages   []string
	whole   bool
	results []*canon.PageText // nil where a page could not be built
}

// documents checks documents (pages[d] nil: all of d): each document's
// files first, then every page of every document in one pool of workers,
// then each document's canonical text.
func (c *checker) documents(ctx context.Context, docs []string, pages map[string][]string) error {
	var checks []*docCheck
	type job struct {
		dc *docCheck
		i  int
	}
	var jobs []job
	for _, d := range docs {
		dc, err := c.document(d, pages[d])
		if err != nil {
			return err
		}
		if dc == nil {
			continue
		}
		checks = append(checks, dc)
		dc.results = make([]*canon.PageText, len(dc.pages))
		for i := range dc.pages {
			jobs = append(jobs, job{dc, i})
		}
	}
	if err := page.Parallel(ctx, len(jobs), func(k int) {
		dc, i := jobs[k].dc, jobs[k].i
		if p := c.page(dc.doc, dc.pages[i]); p != nil {
			// Only what the document's text needs is kept of each page.
			dc.results[i] = &canon.PageText{ID: p.ID, Printed: p.Printed, Complete: p.Complete(), Text: p.Text}
		}
	}); err != nil {
		return err
	}
	for _, dc := range checks {
		c.documentText(dc)
	}
	return nil
}

// document checks one document's own files and says which of its pages
// to check (all when pages is nil); nil when it has no document.toml
// that parses, which is reported.
func (c *checker) document(docID string, pages []string) (*docCheck, error) {
	dir := layout.DocumentPath(docID)
	docFile := layout.DocumentFilePath(docID)
	raw := c.checkText(docFile, false)
	if raw == nil {
		if _, err := c.repo.Lstat(dir); err == nil {
			c.errorf(docFile, 0, RuleLayout, "add a document.toml, or use scribe import", "the document folder %s has no document.toml", dir)
		}
		return nil, nil
	}
	doc, err := project.ParseDocument(docFile, docID, raw)
	if err != nil {
		c.err(docFile, err)
		return nil, nil
	}
	dc := &docCheck{doc: doc, pages: pages, whole: pages == nil}
	if dc.whole {
		// The document's folder and its import folder; pages are
		// checked on all cores afterwards.
		skipPages := func(e layout.Entry) bool { return e.Class.Kind == layout.KindPageDir }
		if err := c.repo.Walk(dir, skipPages, c.folderVisitor(doc)); err != nil {
			return nil, err
		}
		for _, p := range doc.Pages {
			dc.pages = append(dc.pages, p.ID)
		}
	}
	c.scans(doc, docFile, raw, dc.pages)
	return dc, nil
}

// scans warns about each page of pages whose scan is a repository path
// where there is no file. A scan that is a URL ("https://…", or any
// other "scheme://…") is not fetched.
func (c *checker) scans(doc *project.Document, docFile string, src []byte, pages []string) {
	for _, id := range pages {
		pg, ok := doc.Page(id)
		if !ok || pg.Scan == "" || strings.Contains(pg.Scan, "://") {
			continue
		}
		line := scanLine(src, id)
		hint := "add the scan at " + pg.Scan + ", or fix the path in " + docFile +
			": a path from the top of the repository, such as scans/" + doc.ID + "-" + id + ".png, or an http(s) URL"
		rel := strings.TrimPrefix(pg.Scan, "./")
		if !fs.ValidPath(rel) {
			c.warnf(docFile, line, RuleScan, hint,
				"the scan of page %s, %q, is not a path in the repository", id, pg.Scan)
			continue
		}
		if _, err := c.repo.Lstat(rel); errors.Is(err, fs.ErrNotExist) {
			c.warnf(docFile, line, RuleScan, hint,
				"the scan of page %s, %s, does not exist in the repository", id, pg.Scan)
		}
	}
}

// scanLine is the line of a page's scan key in its document.toml: the
// scan of the [[pages]] table whose id is the page's; 0 when it cannot
// be told.
func scanLine(src []byte, id string) int {
	isKey := func(t, key string) bool {
		rest, ok := strings.CutPrefix(t, key)
		return ok && strings.HasPrefix(strings.TrimSpace(rest), "=")
	}
	scan, ours := 0, false
	for i, l := range strings.Split(string(src)+"\n[[pages]]", "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "["):
			if ours && scan > 0 {
				return scan
			}
			scan, ours = 0, false
		case isKey(t, "id") && strings.Contains(t, `"`+id+`"`):
			ours = true
		case isKey(t, "scan"):
			scan = i + 1
		}
	}
	return 0
}

// documentText checks a document's canonical text, which joins its
// pages': fresh for the pages checked, as on disk for the others (each is
// checked on its own when its page is).
func (c *checker) documentText(dc *docCheck) {
	doc := dc.doc
	fresh := map[string]*canon.PageText{}
	for i, r := range dc.results {
		if r == nil {
			return // a page could not be built: its problem is reported
		}
		fresh[dc.pages[i]] = r
	}
	if !dc.whole && c.changed == nil {
		// Checking some pages only: the document's text also holds the
		// others', which are not checked here (scribe check DOCUMENT does).
		return
	}
	var parts []canon.PageText
	for _, pg := range doc.Pages {
		if r, ok := fresh[pg.ID]; ok {
			parts = append(parts, *r)
			continue
		}
		rel := layout.PageCanonicalPath(doc.ID, pg.ID)
		disk, err := c.repo.ReadFile(rel)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			c.err(rel, err)
			return
		}
		parts = append(parts, canon.PageText{ID: pg.ID, Printed: pg.Printed, Complete: disk != nil && !page.IsIncomplete(disk), Text: disk})
	}
	c.compare(layout.DocumentCanonicalPath(doc.ID), layout.DocumentSumPath(doc.ID), canon.JoinPages(doc, parts),
		func() string { return canon.DocumentInputs(doc, parts) }, true)
}

// page checks one page and returns it through the pipeline, or nil when
// it cannot be built.
func (c *checker) page(doc *project.Document, pageID string) *page.Page {
	c.mu.Lock()
	c.pages++
	c.mu.Unlock()
	pg, listed := doc.Page(pageID)
	if !listed {
		c.errorf(layout.DocumentFilePath(doc.ID), 0, RuleDocument,
			"list the page in document.toml", "page %s is not listed", pageID)
		return nil
	}
	files, ok := c.pageFiles(doc.ID, pageID)
	if !ok {
		return nil
	}
	var g *geometry.Page
	if files.lines != nil {
		if g, ok = c.geometry(doc.ID, pageID, files.lines, files.readings); !ok {
			return nil
		}
	}
	p, err := page.AssembleLines(c.proj, doc.ID, pageID, pg.Printed, files.readings, files.decisions, g)
	if err != nil {
		c.err(layout.DecisionsPath(doc.ID, pageID), err)
		return nil
	}
	c.decisions(p, files.decisions)
	c.notes(p)
	c.outliers(p)
	c.compare(layout.PageCanonicalPath(doc.ID, pageID), layout.PageSumPath(doc.ID, pageID), p.Text,
		func() string { return canon.PageInputs(p, c.proj) }, len(files.readings) > 0)
	c.checkWords(layout.PageCanonicalPath(doc.ID, pageID))
	if need := c.proj.Policy.ReadingsRequired - len(files.readings); need > 0 {
		c.warnf(layout.PagePath(doc.ID, pageID), 0, RuleReadings, "volunteers: scribe next names pages to read",
			"the page has %d of the %d readings the policy requires", len(files.readings), c.proj.Policy.ReadingsRequired)
	} else if len(p.Unresolved) > 0 {
		c.warnf(layout.PageCanonicalPath(doc.ID, pageID), 0, RuleUnsettled, "reviewers: scribe review "+doc.ID+"/"+pageID,
			"%d of %d rows are unsettled", len(p.Unresolved), p.Rows)
	}
	return p
}

// pageInputs are a page's files as the pipeline takes them.
type pageInputs struct {
	readings  []collate.Reading // normalised
	decisions []byte
	lines     []byte // ocr-lines.tsv, nil when there is none
}

// pageFiles walks a page folder, checks its files and returns the page's
// inputs. ok is false when a reading or the decisions file is unreadable,
// since the page cannot be built then.
func (c *checker) pageFiles(docID, pageID string) (in pageInputs, ok bool) {
	ok = true
	visit := func(dir string, entries []layout.Entry, err error) error {
		if err != nil {
			c.err(dir, err)
			ok = false
			return nil
		}
		c.names(dir, entries)
		for _, e := range entries {
			switch {
			case e.Symlink:
				c.symlink(e.Path)
			case e.Class.Kind == layout.KindReadingsDir:
			case e.Class.Kind == layout.KindReading && !e.Dir:
				if r, good := c.reading(e); good {
					in.readings = append(in.readings, r)
				} else {
					ok = false
				}
			case e.Class.Kind == layout.KindDecisions && !e.Dir:
				// An unreadable decisions file (conflict markers, invalid
				// UTF-8) has no decisions to build from: comparing the
				// canonical texts with a build that ignores it would
				// report them as wrong too.
				if in.decisions = c.checkText(e.Path, false); in.decisions == nil {
					ok = false
				}
			case e.Class.Kind == layout.KindLines && !e.Dir:
				// The OCR's line geometry weighs the OCR's votes: a page
				// whose geometry cannot be read is not built.
				if in.lines = c.checkText(e.Path, false); in.lines == nil {
					ok = false
				}
			case e.Class.Kind == layout.KindPageCanonical && !e.Dir:
				c.checkText(e.Path, false)
			case e.Class.BadID != nil && !e.Dir && path.Base(dir) == layout.ReadingsDir:
				c.errorf(e.Path, 0, RuleID, "a reading is named after its contributor's id: readings/ID.txt", "%v", e.Class.BadID)
			default:
				c.outside(e.Path)
			}
		}
		return nil
	}
	if err := c.repo.Walk(layout.PagePath(docID, pageID), nil, visit); err != nil {
		c.err(layout.PagePath(docID, pageID), err)
		return in, false
	}
	return in, ok
}

// reading checks one reading file and returns it normalised; good is
// false when it cannot be read.
func (c *checker) reading(e layout.Entry) (r collate.Reading, good bool) {
	id := e.Class.Contributor
	if _, known := c.proj.Person(id); !known && !c.proj.Policy.OpenContributions {
		c.errorf(e.Path, 0, RuleUnknown, "register the contributor with scribe people add, or remove the reading",
			"contributor %q is not in transcriptions/project.toml", id)
	}
	raw, t := c.checkNormal(e.Path, true)
	return collate.Reading{ID: id, Text: t}, raw != nil
}

// variantList quotes a row's variant texts for a message, each cut to a
// readable length; a reading with no text in the row shows as "(none)".
func variantList(ts []string) string {
	if len(ts) == 0 {
		return "(no row)"
	}
	var b strings.Builder
	for k, t := range ts {
		if k > 0 {
			b.WriteString(" / ")
		}
		if t == "" {
			b.WriteString("(none)")
			continue
		}
		if r := []rune(t); len(r) > 40 {
			t = string(r[:39]) + "…"
		}
		b.WriteString("“" + t + "”")
	}
	return b.String()
}

// decisions checks the rules the decisions of a page must keep.
func (c *checker) decisions(rp *page.Page, src []byte) {
	rel := layout.DecisionsPath(rp.Doc, rp.ID)
	for _, a := range rp.Applied {
		line := decision.SlotLine(src, a.Row)
		if a.Stale {
			// New readings made it stale: work for a reviewer, in both
			// modes; a stale decision never reaches the canonical text.
			c.warnf(rel, line, RuleStale, "a reviewer decides the row again (scribe review "+rp.Doc+"/"+rp.ID+" --stale), or, once its text is decided on the rows as they are now, removes the stale decisions (scribe decide "+rp.Doc+"/"+rp.ID+" --drop-stale)",
				"the decision on row %d is stale: it was made on %s; the row now reads %s", a.Row, variantList(a.Seen), variantList(a.Current))
			continue
		}
		if !c.proj.Can(a.By, project.Reviewer) {
			c.errorf(rel, line, RuleReviewer, "only reviewers and maintainers decide rows",
				"row %d was decided by %s, who is not a reviewer", a.Row, a.By)
		}
		if c.proj.Policy.SelfSettled(a.By, a.Readings) {
			c.errorf(rel, line, RuleFourEyes, "another reviewer must decide this row",
				"row %d is settled by %s's own reading alone", a.Row, a.By)
		}
	}
}

// compare checks a canonical file and its canonical.sum against a fresh
// build, the same way in both modes: work a reviewer has to do (a text
// not built yet, or put out of date by new readings or decisions) is a
// warning; a text that no build wrote (a hand edit) is an error. In
// pull-request mode, a canonical file the change writes must be exactly
// what scribe build writes (Scope.Strict).
//
// inputs gives the fingerprint of the current inputs; it is asked for
// only when the text on disk is not the fresh build, since hashing every
// page's readings costs time a current page does not need.
func (c *checker) compare(rel, sumRel string, fresh []byte, inputs func() string, expected bool) {
	disk, ok := c.readOptional(rel)
	if !ok {
		return
	}
	sum, ok := c.readOptional(sumRel)
	if !ok {
		return
	}
	const rebuild = "a reviewer runs scribe build and commits the result"
	if c.strict[rel] || c.strict[sumRel] {
		s, _ := canon.ParseSum(sum)
		switch {
		case disk == nil && expected:
			c.errorf(rel, 0, RuleCanonical, rebuild, "this change deletes the canonical text")
		case disk == nil:
		case !bytes.Equal(disk, fresh):
			c.errorf(rel, firstDiff(disk, fresh), RuleCanonical,
				"never edit canonical text by hand: decide rows, then run scribe build and commit the result",
				"the canonical text differs from a fresh build")
		case s.Text != canon.TextSum(disk) || s.Inputs != inputs():
			c.errorf(sumRel, 0, RuleCanonical, "run scribe build and commit both files it writes",
				"%s does not record the build of %s", layout.SumFile, path.Base(rel))
		}
		return
	}
	switch canon.Judge(disk, sum, fresh, inputs) {
	case canon.Missing:
		if expected {
			c.warnf(rel, 0, RuleCanonical, rebuild, "the canonical text has not been built yet")
		}
	case canon.Unrecorded:
		c.warnf(sumRel, 0, RuleCanonical, rebuild, "the canonical text has no record of its build (%s is missing or does not match)", layout.SumFile)
	case canon.Outdated:
		c.warnf(rel, 0, RuleCanonical, rebuild, "the canonical text is out of date: readings or decisions changed since it was built")
	case canon.Edited:
		c.errorf(rel, firstDiff(disk, fresh), RuleCanonical,
			"never edit canonical text by hand: decide rows, then run scribe build and commit the result",
			"the canonical text is not what scribe build wrote: it was edited by hand")
	case canon.Differs:
		c.errorf(rel, firstDiff(disk, fresh), RuleCanonical, "run scribe build with this version of scribe and commit the result",
			"the canonical text differs from a fresh build of the same inputs")
	}
}

// readOptional reads a file that may be missing (nil); ok is false when
// it exists but cannot be read, which is reported.
func (c *checker) readOptional(rel string) ([]byte, bool) {
	b, err := c.repo.ReadFile(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, true
	case err != nil:
		c.err(rel, err)
		return nil, false
	}
	return b, true
}

// firstDiff is the first line on which two texts differ.
func firstDiff(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

func sortProblems(l problem.List) {
	slices.SortStableFunc(l, func(a, b *problem.Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}

// Summary counts errors and warnings.
func Summary(l problem.List) (errs, warns int) {
	for _, p := range l {
		if p.Severity == problem.Warning {
			warns++
		} else {
			errs++
		}
	}
	return errs, warns
}

// checkWords reports each word of a canonical text that the word lists
// flag, with its line. The marker lines (%% …) are not text: an unsettled
// row they quote is reported as unsettled already. The whole text is
// checked at once, so that a word on another line counts as evidence.
func (c *checker) checkWords(rel string) {
	if c.words == nil {
		return
	}
	disk, ok := c.readOptional(rel)
	if !ok || disk == nil {
		return
	}
	lines := strings.Split(string(disk), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "%%") {
			lines[i] = ""
		}
	}
	for i, flags := range c.words.CheckLines(lines) {
		for _, f := range flags {
			c.warnf(rel, i+1, RuleWord, "add it to "+words.GoodPath+" if it is right, or correct the row",
				"%s: %s", f.Word, f.Reason)
		}
	}
}
