package check

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/ids"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// PullRequest describes the change a pull request makes.
type PullRequest struct {
	Base, Head string // revisions; Head defaults to HEAD
	Author     string // contributor id, or a forge login or email in project.toml
}

// PRResult is the verdict on a pull request.
type PRResult struct {
	Author    project.Person
	MergeBase string
	Head      string
	Changes   []gitrepo.Change
	New       problem.List // problems the change brings: these fail the check
	Existing  problem.List // problems the base already has: reported apart
	Pages     int
}

// CheckPullRequest judges a pull request from the object database: the
// paths changed between the merge base and the head, whether the author
// may change each, and the checks of the pages (and documents) the change
// touches, in the head's tree and in the base's. Roles come from the
// base's project.toml, so a pull request cannot promote its own author.
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
	mb, err := g.MergeBase(base, head)
	if err != nil {
		return nil, err
	}
	changes, err := g.Changes(mb, head)
	if err != nil {
		return nil, err
	}
	prefix, err := g.Rel(root)
	if err != nil {
		return nil, err
	}
	baseRepo, err := treeRepo(g, mb, prefix)
	if err != nil {
		return nil, err
	}
	headRepo, err := treeRepo(g, head, prefix)
	if err != nil {
		return nil, err
	}
	baseProj, err := baseRepo.Project()
	if err != nil {
		return nil, fmt.Errorf("the base has no valid project.toml to take roles from: %w", err)
	}
	res := &PRResult{MergeBase: mb.String(), Head: head.String(), Changes: changes, Author: identify(baseProj, pr.Author)}

	scope := Scope{Changed: map[string]bool{}}
	var scopeProblems problem.List
	for _, ch := range changes {
		rel, inside := strings.CutPrefix(ch.Path, prefixDir(prefix))
		if !inside {
			rel = ch.Path // outside the project folder: the tool's side of the repository
		}
		scope.Changed[rel] = true
		if p := judge(res.Author, baseProj, rel, ch); p != nil {
			scopeProblems = append(scopeProblems, p)
		}
		if ch.To != 0 {
			scope.Paths = append(scope.Paths, rel)
		}
		affect(&scope, rel)
	}
	if len(changes) == 0 {
		return res, nil
	}
	headProblems, pages, err := Tree(ctx, headRepo, scope)
	if err != nil {
		return nil, err
	}
	res.Pages = pages
	baseScope := scope
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
	for _, p := range headProblems {
		if before[key(p)] {
			res.Existing = append(res.Existing, p)
		} else {
			res.New = append(res.New, p)
		}
	}
	res.New = append(scopeProblems, res.New...)
	sortProblems(res.New)
	return res, nil
}

// key identifies a problem across the base and the head: without its
// line, so that a problem the change only moves down is not taken for new.
func key(p *problem.Problem) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%d", p.File, p.Rule, p.Message, p.Severity)
}

func prefixDir(prefix string) string {
	if prefix == "." || prefix == "" {
		return ""
	}
	return prefix + "/"
}

// treeRepo reads the scribe project of a commit from git.
func treeRepo(g *gitrepo.Repo, commit interface{ String() string }, prefix string) (*layout.Repo, error) {
	h, err := g.Resolve(commit.String())
	if err != nil {
		return nil, err
	}
	fsys, err := g.TreeFS(h)
	if err != nil {
		return nil, err
	}
	if p := strings.TrimSuffix(prefixDir(prefix), "/"); p != "" {
		if fsys, err = fs.Sub(fsys, p); err != nil {
			return nil, err
		}
	}
	return layout.FromFS(fsys), nil
}

// identify maps the pull request's author to a person of the base's
// project. An unknown author has no role, unless contributions are open
// and the name is a valid id.
func identify(proj *project.Project, who string) project.Person {
	if p, ok := proj.Lookup(who); ok {
		return p
	}
	if proj.Policy.OpenContributions && ids.Contributor(who) == nil {
		return project.Person{ID: who, Role: project.Contributor}
	}
	return project.Person{ID: who}
}

// judge applies the scope rules to one changed path: a contributor may add
// or change only their own reading; decisions, canonical texts and
// document metadata need a reviewer; the project file and the tool need a
// maintainer; nothing may be outside the layout, a link, or a file with
// another mode.
func judge(author project.Person, proj *project.Project, rel string, ch gitrepo.Change) *problem.Problem {
	p := Classify(rel)
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
	if p.Kind == KindUnknown {
		return fail("this path is outside the repository layout", "move the file where the layout says (see the README), or leave it out of the pull request")
	}
	if p.Kind != KindTool && ch.To != 0 && ch.To != filemode.Regular {
		what := "a symbolic link"
		if ch.To == filemode.Executable {
			what = "executable"
		} else if ch.To != filemode.Symlink {
			what = "not a regular file"
		}
		return fail(fmt.Sprintf("%s is %s: files under transcriptions/ are regular files", rel, what), "commit it as a plain file (git update-index --chmod=-x, or replace the link with the file)")
	}
	need, who := project.Maintainer, "a maintainer"
	switch p.Kind {
	case KindReading:
		if p.Contributor == author.ID {
			need, who = project.Contributor, "a registered contributor"
		} else {
			return requireRole(author, project.Maintainer, fmt.Sprintf("only %s may %s %s's reading", p.Contributor, verb, p.Contributor), fail)
		}
	case KindDecisions, KindPageCanonical, KindDocCanonical, KindDocument, KindImport:
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
	return fail(fmt.Sprintf("%s (%s is %s)", msg, author.ID, role), "leave this file out of the pull request, or ask someone with that role to make the change")
}

// affect adds to the scope what a changed path requires rechecking: its
// page, or its whole document, or everything for the project file.
func affect(s *Scope, rel string) {
	p := Classify(rel)
	switch p.Kind {
	case KindProject:
		s.Documents, s.Pages = nil, nil
		s.all = true
	case KindReading, KindDecisions, KindPageCanonical:
		if !s.all {
			s.Pages = appendUnique(s.Pages, p.Doc+"/"+p.Page)
		}
	case KindDocument, KindDocCanonical, KindImport:
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
