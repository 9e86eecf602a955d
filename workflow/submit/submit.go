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
	"strings"
	"time"
	"unicode"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/text"
)

// MinSimilarity is the share of word pairs a reading must have in common
// with at least one existing reading of the page; below it, the text is
// probably of another page and is refused unless forced.
const MinSimilarity = 0.3

// Options describe one submission.
type Options struct {
	Document *project.Document // the document, as the caller read it
	Page     string
	// Actor is who submits, as project.Identity gives it for a command
	// that writes: Actor.Person is the contributor and the commit's
	// author, Actor.Git its committer.
	Actor  project.Actor
	Source string // where the text came from, for messages ("-" for stdin)
	Text   []byte
	Force  bool   // submit even when the text looks like another page
	Branch string // commit on this new branch instead of the current one
	Push   string // remote to push the branch to
	Now    time.Time
}

// Result says what was done.
type Result struct {
	Contributor string
	Path        string // repository path of the reading
	Report      text.Report
	Commit      string // full hash; empty when unchanged
	Branch      string // the branch committed on ("" for a detached HEAD)
	Replaced    bool   // the contributor had a reading of this page before
	Unchanged   bool   // the text equals the committed reading: nothing to do
	Similarity  float64
	Closest     string // the reading it is most similar to
	Pushed      bool
}

// DefaultBranch is the branch name --branch uses when given no name.
func DefaultBranch(contributor, doc, pageID string) string {
	return fmt.Sprintf("reading/%s/%s-%s", contributor, doc, pageID)
}

// Submit carries out one submission in repo, whose git is g. It refuses,
// changing nothing, when the page is not the document's, the text is
// invalid or looks like another page, or the reading path is not a file.
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

	normal, report, err := text.Normalize(o.Text)
	if err != nil {
		return nil, problem.InFile(err, o.Source)
	}
	res := &Result{Contributor: person.ID, Path: layout.ReadingPath(doc, o.Page, person.ID), Report: report}
	if err := checkSamePage(repo, doc, o, person.ID, normal, res); err != nil {
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

// checkSamePage compares the text with the page's other readings by word
// pairs and refuses a text too far from all of them.
func checkSamePage(repo *layout.Repo, doc string, o Options, self, normal string, res *Result) error {
	others, err := page.Readings(repo, doc, o.Page, nil)
	if err != nil {
		return err
	}
	best, closest, compared := 0.0, "", 0
	for _, r := range others {
		if r.ID == self {
			continue
		}
		compared++
		if s := Similarity(normal, r.Text); s > best || closest == "" {
			best, closest = s, r.ID
		}
	}
	res.Similarity, res.Closest = best, closest
	if compared == 0 || best >= MinSimilarity || o.Force {
		return nil
	}
	return problem.Newf(o.Source, 0, "wrong-page",
		"check that this is the text of this page; if it is, submit again with --force",
		"this text shares only %.0f%% of its word pairs with the closest reading of %s/%s (%s's): it looks like another page",
		100*best, doc, o.Page, closest)
}

// Similarity is the Dice coefficient of the two texts' multisets of
// adjacent word pairs (case folded): 1 for the same words in the same
// order, near 0 for different pages of one book, which share words but
// few pairs. Line breaks and punctuation do not count.
func Similarity(a, b string) float64 {
	pa, pb := wordPairs(a), wordPairs(b)
	if len(pa) == 0 && len(pb) == 0 {
		return 1
	}
	total := 0
	for _, n := range pa {
		total += n
	}
	for _, n := range pb {
		total += n
	}
	common := 0
	for k, n := range pa {
		common += min(n, pb[k])
	}
	return 2 * float64(common) / float64(total)
}

func wordPairs(s string) map[string]int {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	pairs := make(map[string]int, len(words))
	for i := 1; i < len(words); i++ {
		pairs[words[i-1]+" "+words[i]]++
	}
	return pairs
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
