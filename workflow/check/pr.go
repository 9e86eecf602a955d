package check

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// PullRequest describes the change a pull request makes.
type PullRequest struct {
	// Base is the target branch's tip and Head the pull request's head
	// (default HEAD), as revisions.
	Base, Head string
	// Login is the forge login of the pull request's author.
	Login string
	// Words checks the words of canonical texts (Scope.Words).
	Words bool
}

// PRResult is the verdict on a pull request.
type PRResult struct {
	Author    project.Person
	Base      string // the target branch's tip
	MergeBase string
	Head      string
	Changes   []gitrepo.Change
	Conflicts []string     // paths that do not merge onto the base tip
	New       problem.List // problems the change brings: these fail the check
	Existing  problem.List // problems the base already has: reported apart
	Pages     int
}

// RuleMerge and RuleAuthor are the pull-request rules beside scope.
const (
	RuleMerge  = "merge"
	RuleAuthor = "decision-author"
)

// CheckPullRequest judges a pull request from the object database, by
// rules it cannot touch: roles, policy and the document list come from
// the target branch's tip (base), never from the pull request. The change
// judged is the pull request's own (merge base → head), as it would land
// on the base tip: each changed path, exactly as stored, must be one the
// author may change; each decision it adds or changes must be the
// author's own; and the pages and documents it touches are checked in the
// landed tree. Problems the base tip already has, on paths the change does
// not touch, are reported apart and do not fail it.
func CheckPullRequest(ctx context.Context, root string, pr PullRequest) (*PRResult, error) {
	g, err := gitrepo.Open(root)
	if err != nil {
		return nil, err
	}
	if pr.Head == "" {
		pr.Head = "HEAD"
	}
	base, err := g.Resolve(pr.Base)
	if err != nil {
		return nil, err
	}
	head, err := g.Resolve(pr.Head)
	if err != nil {
		return nil, err
	}
	land, err := g.Land(base, head)
	if err != nil {
		return nil, err
	}
	prefix, err := g.Rel(root)
	if err != nil {
		return nil, err
	}
	baseFS, err := g.TreeFS(base)
	if err != nil {
		return nil, err
	}
	baseRepo, err := subRepo(baseFS, prefix)
	if err != nil {
		return nil, err
	}
	landed, err := subRepo(land.FS, prefix)
	if err != nil {
		return nil, err
	}
	baseProj, err := baseRepo.Project()
	if err != nil {
		return nil, fmt.Errorf("the base has no valid project.toml to take roles from: %w", err)
	}
	landedProj, err := landed.Project()
	if err != nil {
		landedProj = baseProj // the tree check reports the landed file
	}
	res := &PRResult{Base: base.String(), MergeBase: land.MergeBase.String(), Head: head.String(),
		Changes: land.Changes, Author: identify(baseProj, pr.Login)}
	if len(land.Changes) == 0 {
		return res, nil
	}

	scope := Scope{Changed: map[string]bool{}, Words: pr.Words}
	var own problem.List // the pull request's own: scope, merge, decision authors
	docs := docLister{repo: landed}
	for _, ch := range land.Changes {
		rel, inside := strings.CutPrefix(ch.Path, prefixDir(prefix))
		if !inside {
			// Outside the project folder: the tool's side of the repository,
			// never a project file, whatever its name looks like.
			rel = ch.Path
			if layout.Classify(rel).Kind != layout.KindTool {
				own = append(own, problem.New(rel, 0, RuleScope, "this path is outside the repository layout",
					"move the file where the layout says (docs/format.md), or leave it out of the pull request"))
				continue
			}
		}
		scope.Changed[rel] = true
		if p := judge(res.Author, rel, ch, &docs); p != nil {
			own = append(own, p)
			if ch.Invalid != "" {
				continue // not in the landed tree: nothing more to check
			}
		}
		if ch.To != 0 {
			scope.Paths = append(scope.Paths, rel)
		}
		affect(&scope, rel)
		if layout.Classify(rel).Kind == layout.KindDecisions && ch.To != 0 {
			own = append(own, newDecisions(res.Author, landedProj, rel, baseRepo, landed)...)
		}
	}
	for _, p := range land.Conflicts {
		res.Conflicts = append(res.Conflicts, strings.TrimPrefix(p, prefixDir(prefix)))
		own = append(own, problem.New(strings.TrimPrefix(p, prefixDir(prefix)), 0, RuleMerge,
			"the base branch changed this file too since the pull request began, and the two changes do not merge",
			"merge the base branch into the pull request (or rebase onto it), resolve the conflict, run scribe build if it is a canonical file, and push"))
	}
	built, err := builtAsWritten(ctx, g, head, prefix, scope.Changed)
	if err != nil {
		return nil, err
	}
	own = append(own, built...)
	landedProblems, pages, err := Tree(ctx, landed, scope)
	if err != nil {
		return nil, err
	}
	res.Pages = pages
	baseScope := scope
	baseScope.Changed = map[string]bool{} // pull-request mode, nothing written by the change
	baseScope.Paths = slices.DeleteFunc(slices.Clone(scope.Paths), func(p string) bool {
		_, err := baseRepo.Lstat(p)
		return err != nil
	})
	baseProblems, _, err := Tree(ctx, baseRepo, baseScope)
	if err != nil {
		return nil, err
	}
	before := map[string]bool{}
	for _, p := range baseProblems {
		before[key(p)] = true
	}
	rebuilt := map[string]bool{} // canonical files found not built as written
	for _, p := range built {
		rebuilt[p.File] = true
	}
	for _, p := range landedProblems {
		if p.Rule == RuleCanonical && rebuilt[p.File] {
			continue // said once, of the pull request's own build
		}
		if before[key(p)] && !scope.Changed[p.File] {
			res.Existing = append(res.Existing, p)
		} else {
			res.New = append(res.New, p)
		}
	}
	res.New = append(own, res.New...)
	sortProblems(res.New)
	return res, nil
}

// builtAsWritten checks that every canonical file the change writes is
// exactly what scribe build writes, with its record, in the pull
// request's own head: the author built what they committed. Where the base
// has moved on since (new readings on main), the landed tree then judges
// the text as any other: out of date is a warning.
func builtAsWritten(ctx context.Context, g *gitrepo.Repo, head plumbing.Hash, prefix string, changed map[string]bool) (problem.List, error) {
	scope := Scope{Changed: changed, Strict: map[string]bool{}}
	for rel := range changed {
		switch p := layout.Classify(rel); p.Kind {
		case layout.KindPageCanonical:
			scope.Pages = appendUnique(scope.Pages, p.Doc+"/"+p.Page)
		case layout.KindDocCanonical:
			scope.Documents = appendUnique(scope.Documents, p.Doc)
		default:
			continue
		}
		scope.Strict[rel] = true
	}
	if len(scope.Strict) == 0 {
		return nil, nil
	}
	slices.Sort(scope.Pages)
	slices.Sort(scope.Documents)
	fsys, err := g.TreeFS(head)
	if err != nil {
		return nil, err
	}
	repo, err := subRepo(fsys, prefix)
	if err != nil {
		return nil, err
	}
	found, _, err := Tree(ctx, repo, scope)
	if err != nil {
		return nil, err
	}
	var out problem.List
	for _, p := range found {
		if p.Rule == RuleCanonical && p.Severity == problem.Error && scope.Strict[p.File] {
			out = append(out, p)
		}
	}
	return out, nil
}

// subRepo reads the scribe project under prefix of a tree.
func subRepo(fsys fs.FS, prefix string) (*layout.Repo, error) {
	if p := strings.TrimSuffix(prefixDir(prefix), "/"); p != "" {
		var err error
		if fsys, err = fs.Sub(fsys, p); err != nil {
			return nil, err
		}
	}
	return layout.FromFS(fsys), nil
}

// docLister reads documents' page lists from the landed tree, once each.
type docLister struct {
	repo *layout.Repo
	docs map[string]*project.Document // nil: no valid document.toml
}

func (d *docLister) listed(doc, page string) bool {
	if d.docs == nil {
		d.docs = map[string]*project.Document{}
	}
	dd, ok := d.docs[doc]
	if !ok {
		dd, _ = d.repo.Document(doc)
		d.docs[doc] = dd
	}
	if dd == nil {
		return false
	}
	_, listed := dd.Page(page)
	return listed
}

// newDecisions checks every decision the change adds or changes in a
// decisions file, as it lands: it must be recorded by the pull request's
// author (a decision is the reviewer's word, and the four-eyes rule is
// only as good as its "by"), and who supports its text is recomputed from
// the readings rather than taken from the file: a pick must say what the
// picked reading says, and no decision may rest on its reviewer's reading
// alone. A decision the base tip holds on the same row is unchanged; one
// it holds on another row has moved (a rebuild renumbers rows) and keeps
// its author, but must still say what its readings say where it stands; a
// copy is new. Later changes to the
// readings are judged by the tree check, which only asks that decisions
// still hold.
func newDecisions(author project.Person, proj *project.Project, rel string, baseRepo, landed *layout.Repo) problem.List {
	p := layout.Classify(rel)
	src, err := landed.ReadFile(rel)
	if err != nil {
		return nil
	}
	ds, err := decision.Parse(rel, src)
	if err != nil {
		return nil // the tree check reports the file
	}
	// A decision the base tip's file holds on the same row is unchanged.
	// One it holds on another row has moved (a rebuild renumbers rows, as
	// readings gain or lose lines): it keeps its author, but must still be
	// true where it now stands. Any other, a copy included, is new.
	type slot struct {
		key string
		row int
	}
	same := map[slot]bool{}
	left := map[string]int{} // base decisions of each key not yet matched
	if old, err := baseRepo.ReadFile(rel); err == nil {
		if olds, err := decision.Parse(rel, old); err == nil {
			for _, d := range olds {
				k := string(decision.EncodeOne(d))
				same[slot{k, d.Row}] = true
				left[k]++
			}
		}
	}
	moved := map[int]bool{}
	var fresh []decision.Decision
	for _, d := range ds {
		k := string(decision.EncodeOne(d))
		if same[slot{k, d.Row}] {
			left[k]--
		} else {
			fresh = append(fresh, d)
		}
	}
	for _, d := range fresh {
		if k := string(decision.EncodeOne(d)); left[k] > 0 {
			left[k]--
			moved[d.Row] = true
		}
	}
	rp, _ := page.Open(landed, proj, p.Doc, p.Page)
	var out problem.List
	fail := func(d decision.Decision, rule, hint, format string, args ...any) {
		out = append(out, problem.Newf(rel, decision.SlotLine(src, d.Row), rule, hint, format, args...))
	}
	for _, d := range fresh {
		if d.By != author.ID && !moved[d.Row] {
			fail(d, RuleAuthor, "record decisions under your own id: scribe decide and scribe review take it from your git identity",
				"row %d is recorded as decided by %s, but this pull request is by %s", d.Row, d.By, name(author))
		}
		a, ok := applied(rp, d)
		if !ok || a.Stale || d.How == decision.Omit {
			continue // a stale decision is the tree check's warning
		}
		support := rp.Support(a.Now, d.Text)
		if d.How == decision.Pick {
			for _, id := range d.Readings {
				if !slices.Contains(support, id) {
					fail(d, RuleDecisions, "decide the row with scribe decide or review, which record what the reading says",
						"row %d picks %s's reading, but %s's text in the row is not the decision's text", d.Row, id, id)
				}
			}
		}
		named := len(d.Readings) == 1 && d.Readings[0] == d.By // the tree check reports it
		if !named && proj.Policy.SelfSettled(d.By, support) {
			fail(d, RuleFourEyes, "another reviewer must decide this row",
				"row %d is settled by %s's own reading alone, whatever the decision names", d.Row, d.By)
		}
	}
	return out
}

// applied finds how a decision of the file applies to the page.
func applied(rp *page.Page, d decision.Decision) (decision.Applied, bool) {
	if rp == nil {
		return decision.Applied{}, false
	}
	want := string(decision.EncodeOne(d))
	for _, a := range rp.Applied {
		if a.Row == d.Row && string(decision.EncodeOne(a.Decision)) == want {
			return a, true
		}
	}
	return decision.Applied{}, false
}

// key identifies a problem across the base and the landed tree: by its
// path and kind, so that a problem the change only moves or rewords is
// not taken for new.
func key(p *problem.Problem) string {
	return fmt.Sprintf("%s\x00%s\x00%d", p.File, p.Rule, p.Severity)
}

func prefixDir(prefix string) string {
	if prefix == "." || prefix == "" {
		return ""
	}
	return prefix + "/"
}

// identify maps the pull request author's forge login to a person of
// the base's project, by login only. A login nobody registered is an
// unregistered contributor, who may contribute when contributions are
// open (under the login as id, when it is a valid one that nobody holds).
func identify(proj *project.Project, login string) project.Person {
	if p, ok := proj.ByLogin(login); ok {
		return p
	}
	id := strings.ToLower(login)
	_, taken := proj.Person(id)
	if proj.Policy.OpenContributions && !taken && ids.Contributor(id) == nil {
		return project.Person{ID: id, Role: project.Contributor}
	}
	return project.Person{Login: login}
}

// name is how messages name the author: the id, or the login of an
// unregistered one.
func name(author project.Person) string {
	if author.ID != "" {
		return author.ID
	}
	return "login " + strconv.Quote(author.Login)
}

// judge applies the scope rules to one changed path, exactly as the tree
// stores it: a contributor may add or change only their own reading, in a
// page folder document.toml lists; decisions, canonical texts and
// document metadata need a reviewer; the project file and the tool need a
// maintainer; nothing may be outside the layout, have a name that cannot
// be checked out safely, be a link or a gitlink, or be executable.
func judge(author project.Person, rel string, ch gitrepo.Change, docs *docLister) *problem.Problem {
	verb := "change"
	switch {
	case ch.From == 0:
		verb = "add"
	case ch.To == 0:
		verb = "delete"
	}
	fail := func(msg, hint string) *problem.Problem {
		return problem.New(rel, 0, RuleScope, msg, hint)
	}
	if ch.Invalid != "" {
		return fail("a tree entry has "+ch.Invalid+": it cannot be checked out safely", "remove the entry from the pull request's commits (it was not made by an ordinary git add)")
	}
	p := layout.Classify(rel)
	if p.Kind == layout.KindUnknown {
		return fail("this path is outside the repository layout", "move the file where the layout says (docs/format.md), or leave it out of the pull request")
	}
	if p.Kind != layout.KindTool && ch.To != 0 && ch.To != filemode.Regular {
		what := "a symbolic link"
		switch ch.To {
		case filemode.Executable:
			what = "executable"
		case filemode.Submodule:
			what = "a gitlink (a submodule)"
		case filemode.Symlink:
		default:
			what = "not a regular file"
		}
		return fail(fmt.Sprintf("%s is %s: files under transcriptions/ are regular files", rel, what), "commit it as a plain file (git update-index --chmod=-x, or replace the link with the file)")
	}
	if p.Page != "" && ch.To != 0 && !docs.listed(p.Doc, p.Page) {
		return fail(fmt.Sprintf("page folder %s is not listed in %s/%s/%s", p.Page, layout.Dir, p.Doc, layout.DocumentFile),
			"readings go in the page folders the document lists: check the document and page (scribe next names pages to read)")
	}
	need, who := project.Maintainer, "a maintainer"
	switch p.Kind {
	case layout.KindReading:
		switch {
		case p.Contributor == project.OCR && ch.To != 0:
			// The OCR reading is written by scribe import, a reviewer's job
			// like document.toml and import/; deleting it needs a
			// maintainer, like anyone else's reading.
			need, who = project.Reviewer, "a reviewer"
		case p.Contributor == author.ID:
			need, who = project.Contributor, "a registered contributor"
		case p.Contributor == project.OCR:
			return requireRole(author, project.Maintainer, "only a maintainer may delete the OCR's reading", fail)
		default:
			return requireRole(author, project.Maintainer, fmt.Sprintf("only %s may %s %s's reading", p.Contributor, verb, p.Contributor), fail)
		}
	case layout.KindDecisions, layout.KindPageCanonical, layout.KindDocCanonical, layout.KindDocument, layout.KindImport, layout.KindLines, layout.KindWords:
		need, who = project.Reviewer, "a reviewer"
	}
	return requireRole(author, need, fmt.Sprintf("only %s may %s %s", who, verb, path.Base(rel)), fail)
}

func requireRole(author project.Person, need project.Role, msg string, fail func(string, string) *problem.Problem) *problem.Problem {
	if author.Role >= need {
		return nil
	}
	role := author.Role.String()
	if author.Role == 0 {
		role = "not in project.toml"
	}
	return fail(fmt.Sprintf("%s (%s is %s)", msg, name(author), role), "leave this file out of the pull request, or ask someone with that role to make the change")
}

// affect adds to the scope what a changed path requires rechecking: its
// page, or its whole document, or everything for the project file.
func affect(s *Scope, rel string) {
	p := layout.Classify(rel)
	switch p.Kind {
	case layout.KindProject, layout.KindWords:
		s.Documents, s.Pages = nil, nil
		s.all = true
	case layout.KindReading, layout.KindDecisions, layout.KindPageCanonical, layout.KindLines:
		if !s.all {
			s.Pages = appendUnique(s.Pages, p.Doc+"/"+p.Page)
		}
	case layout.KindDocument, layout.KindDocCanonical, layout.KindImport:
		if !s.all {
			s.Documents = appendUnique(s.Documents, p.Doc)
		}
	}
}

func appendUnique(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
