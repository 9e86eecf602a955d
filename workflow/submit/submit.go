// Package submit brings one volunteer's reading of a page into the
// repository: it validates and normalises the text, guards against the
// wrong page, writes the reading file and commits exactly that file with
// the contributor as author. Who submits is the caller's to work out, by
// project.Identity's rule.
package submit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// Options describe one submission.
type Options struct {
	Document *project.Document // the document, as the caller read it
	// Project is the project as the caller read it: its equivalences count
	// when texts are compared, and with it the result says what the new
	// reading does to the page's decisions and canonical text.
	Project *project.Project
	Page    string
	// Actor is who submits, as project.Identity gives it for a command
	// that writes: Actor.Person is the contributor and the commit's
	// author, Actor.Git its committer.
	Actor  project.Actor
	Source string // where the text came from, for messages ("-" for stdin)
	Text   []byte
	Force  bool // submit even when the text looks like another page
	// AllowCopy submits a text that is the same as another reading of the
	// page; only a maintainer may.
	AllowCopy bool
	Branch    string // commit on this new branch instead of the current one
	// Push is the remote to push Branch to. It needs Branch: the current
	// branch is never pushed.
	Push string
	Now  time.Time
}

// Result says what was done.
type Result struct {
	Contributor string
	Path        string // repository path of the reading
	Report      text.Report
	Commit      string  // full hash; empty when unchanged
	Branch      string  // the branch committed on ("" for a detached HEAD)
	Replaced    bool    // the contributor had a reading of this page before
	Unchanged   bool    // the text equals the committed reading: nothing to do
	Similarity  float64 // the word-pair similarity to the closest other reading of the page
	Closest     string  // whose reading that is
	Pushed      bool
	// Stale is how many of the page's decisions the new reading made
	// stale, and Outdated whether it put the page's canonical text out of
	// date; both as the work tree's decisions and canonical text stand.
	Stale    int
	Outdated bool
}

// DefaultBranch is the branch name --branch uses when given no name.
func DefaultBranch(contributor, doc, pageID string) string {
	return fmt.Sprintf("reading/%s/%s-%s", contributor, doc, pageID)
}

// Submit carries out one submission in repo, whose git is g. It refuses,
// changing nothing, when the page is not the document's, the text is
// invalid, is a copy of another reading of the page or reads like another
// page, or the reading path is not a file.
// The contributor is the commit's author; git's user is its committer,
// and a maintainer submitting for someone is named in the message.
func Submit(ctx context.Context, repo *layout.Repo, g *gitrepo.Repo, o Options) (*Result, error) {
	if o.Document == nil || o.Actor.ID == "" {
		return nil, errors.New("submit: no document or no contributor given")
	}
	doc := o.Document.ID
	if _, ok := o.Document.Page(o.Page); !ok {
		return nil, fmt.Errorf("document %s has no page %q", doc, o.Page)
	}
	actor := o.Actor
	person := actor.Person
	if o.Push != "" && o.Branch == "" {
		return nil, fmt.Errorf("pushing needs a new branch: name one with --branch, or pass --branch alone for %s; the current branch is never pushed", DefaultBranch(person.ID, doc, o.Page))
	}
	if o.AllowCopy && actor.By.Role < project.Maintainer {
		return nil, fmt.Errorf("only a maintainer may submit a copy of another reading (--allow-copy): %s", who(actor))
	}

	normal, report, err := text.Normalize(o.Text)
	if err != nil {
		return nil, problem.InFile(err, o.Source)
	}
	res := &Result{Contributor: person.ID, Path: layout.ReadingPath(doc, o.Page, person.ID), Report: report}
	before, err := page.Readings(repo, doc, o.Page, nil)
	if err != nil {
		return nil, err
	}
	if err := guard(repo, o, person.ID, normal, before, res); err != nil {
		return nil, err
	}

	unlock, err := repo.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()

	gitPath, err := g.Rel(repo.Abs(res.Path))
	if err != nil {
		return nil, err
	}
	_, res.Replaced, err = g.ReadFile(gitPath)
	if err != nil {
		return nil, err
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	author := gitrepo.Signature(displayName(person), email(person), now)
	committer := author
	if actor.Git.Name != "" && actor.Git.Email != "" {
		committer = gitrepo.Signature(actor.Git.Name, actor.Git.Email, now)
	}
	verb := "Add"
	if res.Replaced {
		verb = "Update"
	}
	message := fmt.Sprintf("%s reading of %s/%s by %s\n", verb, doc, o.Page, person.ID)
	if actor.For {
		message += fmt.Sprintf("\nSubmitted by maintainer %s for %s.\n", actor.By.ID, person.ID)
	}
	fc := gitrepo.FileCommit{
		Path:      gitPath,
		Content:   []byte(normal),
		Author:    author,
		Committer: committer,
		Message:   message,
		Branch:    o.Branch,
		// Submit holds the repository lock: lock files in .git that a
		// killed scribe left can go.
		RepoLocked: true,
	}

	var hash string
	if o.Branch != "" {
		// The reading lives on the new branch only; the work tree and the
		// current branch are not touched.
		h, err := g.CommitFile(ctx, fc)
		if errors.Is(err, gitrepo.ErrUnchanged) {
			res.Unchanged = true
			return res, nil
		}
		if err != nil && !h.IsZero() {
			// The branch was made; only a later step failed.
			res.Commit, res.Branch = h.String(), o.Branch
			return res, fmt.Errorf("committed %s on %s, but: %w", h.String()[:12], o.Branch, err)
		}
		if err != nil {
			return nil, err
		}
		hash, res.Branch = h.String(), o.Branch
	} else {
		h, err := commitInPlace(ctx, repo, g, res.Path, fc)
		if errors.Is(err, gitrepo.ErrUnchanged) {
			res.Unchanged = true
			return res, nil
		}
		if err != nil && h != "" {
			res.Commit = h
			return res, err
		}
		if err != nil {
			return nil, err
		}
		hash = h
		if res.Branch, err = g.CurrentBranch(); err != nil {
			return nil, err
		}
	}
	res.Commit = hash
	res.Stale, res.Outdated = effects(repo, o.Project, o.Document, o.Page, person.ID, normal, before)
	if o.Push != "" {
		branch := res.Branch
		if branch == "" {
			return res, fmt.Errorf("committed %s, but HEAD is detached: there is no branch to push", hash[:12])
		}
		if err := g.Push(ctx, o.Push, branch); err != nil {
			return res, fmt.Errorf("committed %s on %s, but: %w", hash[:12], branch, err)
		}
		res.Pushed = true
	}
	return res, nil
}

// commitInPlace writes the reading into the work tree and commits it; if
// no commit was made, the file is put back as it was. Once the commit has
// landed, the file stays, whatever fails after.
func commitInPlace(ctx context.Context, repo *layout.Repo, g *gitrepo.Repo, rel string, fc gitrepo.FileCommit) (string, error) {
	if err := repo.CheckRegular(rel); err != nil {
		return "", err
	}
	// A damaged index stops the submission before the work tree changes.
	if err := g.CheckIndex(); err != nil {
		return "", err
	}
	abs := repo.Abs(rel)
	old, readErr := os.ReadFile(abs)
	hadFile := readErr == nil
	if readErr != nil && !errors.Is(readErr, fs.ErrNotExist) {
		return "", readErr
	}
	if !hadFile || string(old) != string(fc.Content) {
		if err := repo.WriteFile(rel, fc.Content); err != nil {
			return "", err
		}
	}
	h, err := g.CommitFile(ctx, fc)
	if err != nil && h != plumbing.ZeroHash {
		return h.String(), fmt.Errorf("committed %s, but: %w", h.String()[:12], err)
	}
	if err != nil {
		if hadFile {
			_ = repo.WriteFile(rel, old)
		} else if !errors.Is(err, gitrepo.ErrUnchanged) {
			_ = os.Remove(abs)
		}
		return "", err
	}
	return h.String(), nil
}

// guard refuses a copy of another reading of the page, unless allowed,
// and a text that reads like another page of the document, unless forced.
// before are the page's readings.
func guard(repo *layout.Repo, o Options, self, normal string, before []collate.Reading, res *Result) error {
	c := newComparer(o.Project)
	mine := c.prepare(self, normal)
	var here []comparable
	same := false // the text is, as compared, the contributor's reading already
	for _, r := range before {
		if r.ID != self {
			here = append(here, c.prepare(r.ID, r.Text))
		} else {
			same = c.prepare(r.ID, r.Text).form == mine.form
		}
	}
	res.Similarity, res.Closest = bestPairs(mine, here)
	doc := o.Document.ID
	if who, ok := copied(mine, here); ok && !o.AllowCopy && !same {
		return copyRefused(o.Source, doc, o.Page, who)
	}
	if o.Force {
		return nil
	}
	if v := matchPages(mine, here, otherPages(repo, c, o.Document, o.Page)); v.refuse {
		return wrongPage(o.Source, doc, o.Page, v)
	}
	return nil
}

// who says who git names at the keyboard, for a refusal.
func who(a project.Actor) string {
	if a.By.ID == "" {
		return "git names nobody registered in transcriptions/project.toml"
	}
	return fmt.Sprintf("git says you are %s, a %s", a.By.ID, a.By.Role)
}

func displayName(p project.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// email is the person's registered email, or an address under the
// reserved .invalid domain that names the contributor id, since git
// wants one.
func email(p project.Person) string {
	if p.Email != "" {
		return p.Email
	}
	return p.ID + "@contributors.invalid"
}
