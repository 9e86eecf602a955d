package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// prRepo is the pull-request fixture: the valid project, with ben's reading
// of page 002, committed on main in a git repository made with go-git.
type prRepo struct {
	dir  string
	repo *layout.Repo
	git  *git.Repository
	when time.Time
}

func newPRRepo(t *testing.T) *prRepo {
	t.Helper()
	dir, repo := newProject(t, fixtureOpts{ben: true})
	// The build took its lock outside .git: leave the lock file out.
	if err := os.Remove(filepath.Join(dir, ".scribe.lock")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	g, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(gitrepo.DefaultBranch)},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := &prRepo{dir: dir, repo: repo, git: g, when: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	r.commit(t, "rev", "the base: a built project")
	return r
}

// commit stages everything in the work tree (additions, changes,
// deletions) and commits it as who.
func (r *prRepo) commit(t *testing.T, who, msg string) plumbing.Hash {
	t.Helper()
	wt, err := r.git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	r.when = r.when.Add(time.Minute)
	sig := &object.Signature{Name: who, Email: who + "@example.org", When: r.when}
	h, err := wt.Commit(msg, &git.CommitOptions{All: true, Author: sig, Committer: sig})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// checkout switches to a branch, creating it from HEAD when create is set.
func (r *prRepo) checkout(t *testing.T, branch string, create bool) {
	t.Helper()
	wt, err := r.git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(branch), Create: create}); err != nil {
		t.Fatal(err)
	}
}

// prFound renders problems as "file rule severity", sorted.
func prFound(l problem.List) []string {
	out := []string{}
	for _, p := range l {
		out = append(out, fmt.Sprintf("%s %s %s", p.File, p.Rule, p.Severity))
	}
	slices.Sort(out)
	return out
}

func TestPullRequest(t *testing.T) {
	const (
		ann1  = page1 + "/readings/ann.txt"
		ann2  = page2 + "/readings/ann.txt"
		ben2  = page2 + "/readings/ben.txt"
		dec1  = page1 + "/decisions.txt"
		can1  = page1 + "/canonical.txt"
		canD  = docDir + "/canonical.txt"
		docF  = docDir + "/document.toml"
		projF = "transcriptions/project.toml"
	)
	// The warnings a change to row 1 of ann's reading of page 001 brings:
	// the decision on the row no longer holds, the row is unsettled, and
	// both canonical texts need rebuilding by a reviewer.
	annRow1Warnings := []string{
		dec1 + " stale warning",
		can1 + " canonical warning",
		can1 + " unsettled warning",
		canD + " canonical warning",
	}
	changeAnnRow1 := func(t *testing.T, r *prRepo) { editRel(t, r.dir, ann1, "quick brown fox", "quick brown fax") }

	tests := []struct {
		name   string
		base   func(t *testing.T, r *prRepo) // a further commit on main
		change func(t *testing.T, r *prRepo) // the pull request's commit
		author string
		head   string // default HEAD, the pull request's branch checked out
		want   []string
		// existing are the problems reported as already on the base.
		existing []string
		fail     bool
		pages    int
		// role is the role the author is judged with.
		role project.Role
		// message is a part of one new problem's message.
		message string
	}{
		{
			name:   "a contributor changes her own reading",
			change: changeAnnRow1,
			author: "ann-gh",
			want:   annRow1Warnings,
			pages:  1,
			role:   project.Contributor,
		},
		{
			name:   "a contributor changes her own reading where all agree",
			change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, ann1, "the end.", "the end!") },
			author: "ann-gh",
			// Row 3 is disputed now: no decision goes stale.
			want:  []string{can1 + " canonical warning", can1 + " unsettled warning", canD + " canonical warning"},
			pages: 1,
		},
		{
			name:   "the author is given by forge login",
			change: changeAnnRow1,
			author: "ann-gh",
			head:   "pr",
			want:   annRow1Warnings,
			pages:  1,
			role:   project.Contributor,
		},
		{
			name:    "an email is not a login",
			change:  changeAnnRow1,
			author:  "ANN@example.org",
			want:    append([]string{ann1 + " scope error"}, annRow1Warnings...),
			fail:    true,
			pages:   1,
			message: `only ann may change ann's reading (login "ANN@example.org" is not in project.toml)`,
		},
		{
			name:    "an id is not a login",
			change:  changeAnnRow1,
			author:  "ann",
			want:    append([]string{ann1 + " scope error"}, annRow1Warnings...),
			fail:    true,
			pages:   1,
			message: `(login "ann" is not in project.toml)`,
		},
		{
			name:    "a contributor changes another's reading",
			change:  func(t *testing.T, r *prRepo) { editRel(t, r.dir, ben2, "wordz", "words") },
			author:  "ann-gh",
			want:    []string{ben2 + " scope error"},
			fail:    true,
			pages:   1,
			message: "only ben may change ben's reading (ann is contributor)",
		},
		{
			name:    "a contributor adds a file outside the layout",
			change:  func(t *testing.T, r *prRepo) { writeRel(t, r.dir, "transcriptions/notes.txt", "mine\n") },
			author:  "ann-gh",
			want:    []string{"transcriptions/notes.txt layout error", "transcriptions/notes.txt scope error"},
			fail:    true,
			message: "this path is outside the repository layout",
		},
		{
			name:   "a contributor adds a file beside the repository's own files",
			change: func(t *testing.T, r *prRepo) { writeRel(t, r.dir, "notes.txt", "mine\n") },
			author: "ann-gh",
			want:   []string{"notes.txt scope error"},
			fail:   true,
		},
		{
			name:    "a contributor adds to the word lists",
			change:  func(t *testing.T, r *prRepo) { writeRel(t, r.dir, "transcriptions/words/good.txt", "brovvn\n") },
			author:  "ann-gh",
			want:    []string{"transcriptions/words/good.txt scope error"},
			fail:    true,
			pages:   2,
			message: "only a reviewer may",
		},
		{
			name: "a reviewer adds to the word lists",
			change: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, "transcriptions/words/bad.txt", "# never right\nbrovvn\n")
			},
			author: "rev-gh",
			want:   []string{},
			pages:  2,
		},
		{
			name:    "a contributor edits a canonical text",
			change:  func(t *testing.T, r *prRepo) { editRel(t, r.dir, can1, "lazy dog.", "lazy cat.") },
			author:  "ann-gh",
			want:    []string{can1 + " canonical error", can1 + " scope error"},
			fail:    true,
			pages:   1,
			message: "only a reviewer may change canonical.txt (ann is contributor)",
		},
		{
			name:    "a reviewer edits a canonical text by hand",
			change:  func(t *testing.T, r *prRepo) { editRel(t, r.dir, can1, "lazy dog.", "lazy cat.") },
			author:  "rev-gh",
			want:    []string{can1 + " canonical error"},
			fail:    true,
			pages:   1,
			message: "the canonical text differs from a fresh build",
		},
		{
			name:    "a reviewer edits the document's canonical text by hand",
			change:  func(t *testing.T, r *prRepo) { editRel(t, r.dir, canD, "lazy dog.", "lazy cat.") },
			author:  "rev-gh",
			want:    []string{canD + " canonical error"},
			fail:    true,
			pages:   2,
			message: "the canonical text differs from a fresh build",
		},
		{
			name:    "a reviewer deletes a canonical text",
			change:  func(t *testing.T, r *prRepo) { removeRel(t, r.dir, can1) },
			author:  "rev-gh",
			want:    []string{can1 + " canonical error"},
			fail:    true,
			pages:   1,
			message: "this change deletes the canonical text",
		},
		{
			name: "a reviewer decides a row and rebuilds",
			change: func(t *testing.T, r *prRepo) {
				decideAndRebuild(t, r, 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
			},
			author: "rev-gh",
			want:   []string{},
			pages:  2, // the document's canonical text changed: its whole document is checked
		},
		{
			name: "a reviewer rebuilds after a contributor's change",
			base: func(t *testing.T, r *prRepo) {
				changeAnnRow1(t, r)
				r.commit(t, "ann", "ann's reading")
			},
			change: func(t *testing.T, r *prRepo) {
				decideAndRebuild(t, r, 1, page.Choice{How: decision.Pick, Pick: "ann"})
			},
			author: "rev-gh",
			want:   []string{},
			pages:  2, // the document's canonical text changed: its whole document is checked
		},
		{
			name: "a contributor undoes a decision",
			change: func(t *testing.T, r *prRepo) {
				rewriteDecisions(t, r.dir, "001", 3, func([]decision.Decision) []decision.Decision { return nil })
			},
			author:  "ann-gh",
			want:    []string{dec1 + " scope error", can1 + " canonical warning", can1 + " unsettled warning", canD + " canonical warning"},
			fail:    true,
			pages:   1,
			message: "only a reviewer may change decisions.txt (ann is contributor)",
		},
		{
			name:   "a contributor adds a comment to a decisions file",
			change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, dec1, "\n1\t", "# ann was here\n\n1\t") },
			author: "ann-gh",
			want:   []string{dec1 + " scope error"},
			fail:   true,
			pages:  1,
		},
		{
			name: "a contributor makes herself maintainer",
			change: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, projF, "[people.ann]\nrole = \"contributor\"", "[people.ann]\nrole = \"maintainer\"")
				// As a maintainer she could change ben's reading; the base's
				// roles judge her.
				editRel(t, r.dir, ben2, "wordz", "words")
			},
			author:  "ann-gh",
			want:    []string{ben2 + " scope error", projF + " scope error"},
			fail:    true,
			pages:   2, // the project file changed: everything is checked
			role:    project.Contributor,
			message: "only a maintainer may change project.toml (ann is contributor)",
		},
		{
			name:    "a contributor changes a workflow",
			change:  func(t *testing.T, r *prRepo) { writeRel(t, r.dir, ".github/workflows/x.yml", "on: push\n") },
			author:  "ann-gh",
			want:    []string{".github/workflows/x.yml scope error"},
			fail:    true,
			message: "only a maintainer may add x.yml (ann is contributor)",
		},
		{
			name:   "a reviewer changes the tool",
			change: func(t *testing.T, r *prRepo) { writeRel(t, r.dir, "go.mod", "module scribe\n") },
			author: "rev-gh",
			want:   []string{"go.mod scope error"},
			fail:   true,
		},
		{
			name: "a rename of another's reading onto one's own",
			change: func(t *testing.T, r *prRepo) {
				if err := os.Rename(filepath.Join(r.dir, ben2), filepath.Join(r.dir, ann2)); err != nil {
					t.Fatal(err)
				}
			},
			author: "ann-gh",
			// ann's reading now has ben's text, which the decision on row 2
			// saw: it still holds and nothing needs rebuilding.
			want:    []string{ben2 + " scope error"},
			fail:    true,
			pages:   1,
			message: "only ben may delete ben's reading (ann is contributor)",
		},
		{
			name:    "a contributor deletes another's reading",
			change:  func(t *testing.T, r *prRepo) { removeRel(t, r.dir, ben2) },
			author:  "ann-gh",
			want:    []string{ben2 + " scope error"},
			fail:    true,
			pages:   1,
			message: "only ben may delete ben's reading",
		},
		{
			name:   "a contributor deletes her own reading",
			change: func(t *testing.T, r *prRepo) { removeRel(t, r.dir, ann1) },
			author: "ann-gh",
			// Not a scope error; rev's decision on row 1 still holds (its
			// row's texts are ones it saw); the page is short of readings
			// and its canonical texts need a rebuild: warnings only.
			want:  []string{page1 + " readings-needed warning", can1 + " canonical warning", canD + " canonical warning"},
			fail:  false,
			pages: 1,
		},
		{
			name: "a contributor adds a symbolic link as her reading",
			change: func(t *testing.T, r *prRepo) {
				removeRel(t, r.dir, ann1)
				symlinkRel(t, r.dir, "../../002/readings/ann.txt", ann1)
			},
			author: "ann-gh",
			// The link is no reading: the page is short of one.
			want: []string{page1 + " readings-needed warning", can1 + " canonical warning", ann1 + " scope error",
				ann1 + " symlink error", canD + " canonical warning"},
			fail:    true,
			pages:   1,
			message: "transcriptions/doc/001/readings/ann.txt is a symbolic link: files under transcriptions/ are regular files",
		},
		{
			name:   "a contributor adds an executable reading",
			change: func(t *testing.T, r *prRepo) { chmodRel(t, r.dir, ann1, 0o755) },
			author: "ann-gh",
			want:   []string{ann1 + " scope error"},
			fail:   true,
			pages:  1,
		},
		{
			name:   "a contributor adds a reading named in upper case",
			change: func(t *testing.T, r *prRepo) { writeRel(t, r.dir, page1+"/readings/Ann.txt", fixtureReadings[ann1]) },
			author: "ann-gh",
			// Ann.txt is not a reading's name (an invalid id), so it is
			// outside the layout; it clashes with ann.txt by case, which
			// is reported on the second of the two names in sorted order.
			want: []string{
				page1 + "/readings/Ann.txt layout error",
				page1 + "/readings/Ann.txt scope error",
				ann1 + " file-name error",
			},
			fail:  true,
			pages: 0, // not a reading: the page itself is not rechecked
		},
		{
			name: "a contributor adds a file whose name is not NFC",
			change: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, page1+"/readings/jose\u0301.txt", fixtureReadings[ann1])
			},
			author: "ann-gh",
			want: []string{
				page1 + "/readings/jose\u0301.txt file-name error",
				page1 + "/readings/jose\u0301.txt scope error",
			},
			fail: true,
		},
		{
			name: "a problem already on the base",
			base: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, page2+"/readings/ocr.txt", "entirely\n", "entirely \n")
				r.commit(t, "rev", "a hand edit")
			},
			change:   func(t *testing.T, r *prRepo) { editRel(t, r.dir, docF, `language = "en"`, `language = "en-GB"`) },
			author:   "rev-gh",
			want:     []string{},
			existing: []string{page2 + "/readings/ocr.txt normal-form error"},
			pages:    2,
		},
		{
			name: "a problem already on the base, on a page the change does not touch",
			base: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, page2+"/readings/ocr.txt", "entirely\n", "entirely \n")
				r.commit(t, "rev", "a hand edit")
			},
			change:   changeAnnRow1,
			author:   "ann-gh",
			want:     annRow1Warnings,
			existing: []string{},
			pages:    1,
		},
		{
			name: "a problem already on the base, made worse",
			base: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, ann2, "entirely\n", "entirely \n")
				r.commit(t, "ann", "a hand edit")
			},
			change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, ann2, "own words\n", "own words \n") },
			author: "ann-gh",
			// The problem's message changed (two lines now): it is new.
			want:     []string{ann2 + " normal-form error"},
			existing: []string{},
			fail:     true,
			pages:    1,
		},
		{
			name:    "an unknown author",
			change:  func(t *testing.T, r *prRepo) { changeAnnRow1(t, r); editRel(t, r.dir, ben2, "wordz", "words") },
			author:  "mallory",
			want:    append([]string{ann1 + " scope error", ben2 + " scope error"}, annRow1Warnings...),
			fail:    true,
			pages:   2,
			role:    0,
			message: `only ann may change ann's reading (login "mallory" is not in project.toml)`,
		},
		{
			name:    "an unknown author adds a reading of their own",
			change:  func(t *testing.T, r *prRepo) { writeRel(t, r.dir, page1+"/readings/dora.txt", fixtureReadings[ann1]) },
			author:  "dora",
			want:    []string{page1 + "/readings/dora.txt contributor error", page1 + "/readings/dora.txt scope error"},
			fail:    true,
			pages:   1,
			message: `only dora may add dora's reading (login "dora" is not in project.toml)`,
		},
		{
			name: "an unlisted author adds a reading, contributions open",
			base: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, projF, "open_contributions = false", "open_contributions = true")
				r.commit(t, "rev", "open contributions")
			},
			change: func(t *testing.T, r *prRepo) { writeRel(t, r.dir, page1+"/readings/dora.txt", fixtureReadings[ann1]) },
			author: "dora",
			want:   []string{},
			pages:  1,
			role:   project.Contributor,
		},
		{
			name:   "no change",
			change: func(t *testing.T, r *prRepo) {},
			author: "ann-gh",
			want:   []string{},
			pages:  0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newPRRepo(t)
			if tc.base != nil {
				tc.base(t, r)
			}
			r.checkout(t, "pr", true)
			tc.change(t, r)
			if tc.name == "no change" {
				wt, _ := r.git.Worktree()
				sig := &object.Signature{Name: "ann", Email: "ann@example.org", When: r.when.Add(time.Minute)}
				if _, err := wt.Commit("nothing", &git.CommitOptions{AllowEmptyCommits: true, Author: sig}); err != nil {
					t.Fatal(err)
				}
			} else {
				r.commit(t, tc.author, tc.name)
			}
			res, err := CheckPullRequest(context.Background(), r.dir, PullRequest{Base: "main", Head: tc.head, Login: tc.author})
			if err != nil {
				t.Fatal(err)
			}
			if got := prFound(res.New); !reflect.DeepEqual(got, sorted(tc.want)) {
				t.Errorf("new problems\n got %q\nwant %q%s", got, sorted(tc.want), dump(res.New))
			}
			if tc.existing != nil {
				if got := prFound(res.Existing); !reflect.DeepEqual(got, sorted(tc.existing)) {
					t.Errorf("existing problems\n got %q\nwant %q%s", got, sorted(tc.existing), dump(res.Existing))
				}
			} else if len(res.Existing) != 0 {
				t.Errorf("existing problems:%s", dump(res.Existing))
			}
			rep := NewReport("pull-request", res.Pages, res.New, res.Existing)
			if rep.Failed(false) != tc.fail {
				t.Errorf("Failed = %v, want %v:%s", rep.Failed(false), tc.fail, dump(res.New))
			}
			if res.Pages != tc.pages {
				t.Errorf("pages checked = %d, want %d", res.Pages, tc.pages)
			}
			if tc.role != 0 && res.Author.Role != tc.role {
				t.Errorf("author %+v, want role %v", res.Author, tc.role)
			}
			if tc.message != "" && !slices.ContainsFunc(res.New, func(p *problem.Problem) bool { return strings.Contains(p.Message, tc.message) }) {
				t.Errorf("no new problem says %q:%s", tc.message, dump(res.New))
			}
			main, _ := r.git.Reference(plumbing.NewBranchReferenceName("main"), true)
			if res.MergeBase != main.Hash().String() {
				t.Errorf("merge base %s, want main's tip %s", res.MergeBase, main.Hash())
			}
		})
	}
}

func chmodRel(t *testing.T, dir, rel string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(filepath.Join(dir, filepath.FromSlash(rel)), mode); err != nil {
		t.Fatal(err)
	}
}

// TestPullRequestAuthorIdentity checks who the author is taken to be.
func TestPullRequestAuthorIdentity(t *testing.T) {
	r := newPRRepo(t)
	r.checkout(t, "pr", true)
	editRel(t, r.dir, ann1Path, "quick brown fox", "quick brown fax")
	r.commit(t, "ann", "ann's reading")
	for _, tc := range []struct {
		author, id string
		role       project.Role
	}{
		{"ann-gh", "ann", project.Contributor},
		{"Ann-GH", "ann", project.Contributor}, // logins are compared as the forge compares them
		{"rev-gh", "rev", project.Reviewer},
		// Ids and emails are never logins: a forge account called "ann"
		// or "rev" is not that person, and one called "ocr" is not the
		// OCR engine.
		{"ann", "", 0},
		{"ann@example.org", "", 0},
		{"rev", "", 0},
		{"ocr", "", 0},
		{"mallory", "", 0},
	} {
		res, err := CheckPullRequest(context.Background(), r.dir, PullRequest{Base: "main", Login: tc.author})
		if err != nil {
			t.Fatal(err)
		}
		if res.Author.ID != tc.id || res.Author.Role != tc.role {
			t.Errorf("author %q is %+v, want %s as %v", tc.author, res.Author, tc.id, tc.role)
		}
	}
}

// TestPullRequestFromMergeBase checks that only the pull request's own
// commits are judged when the base has moved on since it branched.
func TestPullRequestFromMergeBase(t *testing.T) {
	r := newPRRepo(t)
	fork, err := r.git.Head()
	if err != nil {
		t.Fatal(err)
	}
	r.checkout(t, "pr", true)
	editRel(t, r.dir, ann1Path, "quick brown fox", "quick brown fax")
	r.commit(t, "ann", "ann's reading")
	// main moves on: ben changes his reading, and a reviewer the canonical.
	r.checkout(t, "main", false)
	editRel(t, r.dir, page2+"/readings/ben.txt", "wordz", "wordy")
	editRel(t, r.dir, page2+"/canonical.txt", "own words", "own wordy")
	r.commit(t, "ben", "ben's reading")

	res, err := CheckPullRequest(context.Background(), r.dir, PullRequest{Base: "main", Head: "pr", Login: "ann-gh"})
	if err != nil {
		t.Fatal(err)
	}
	if res.MergeBase != fork.Hash().String() {
		t.Errorf("merge base %s, want the fork point %s", res.MergeBase, fork.Hash())
	}
	var paths []string
	for _, c := range res.Changes {
		paths = append(paths, c.Path)
	}
	if !reflect.DeepEqual(paths, []string{ann1Path}) {
		t.Errorf("changes %q, want only ann's reading", paths)
	}
	// The document's canonical text is out of date on main already (ben's
	// change): a problem of the base, listed apart.
	want := []string{
		page1 + "/decisions.txt stale warning",
		page1 + "/canonical.txt canonical warning",
		page1 + "/canonical.txt unsettled warning",
	}
	if got := prFound(res.Existing); !slices.Contains(got, docDir+"/canonical.txt canonical warning") {
		t.Errorf("existing %q, want the document's out-of-date canonical text among them", got)
	}
	if got := prFound(res.New); !reflect.DeepEqual(got, sorted(want)) || res.Pages != 1 {
		t.Errorf("new %q in %d pages, want %q in 1%s", got, res.Pages, sorted(want), dump(res.New))
	}
}

func TestPullRequestBadRevisions(t *testing.T) {
	r := newPRRepo(t)
	for _, pr := range []PullRequest{
		{Base: "no-such-branch", Login: "ann-gh"},
		{Base: "main", Head: "no-such-branch", Login: "ann-gh"},
	} {
		if _, err := CheckPullRequest(context.Background(), r.dir, pr); err == nil || !strings.Contains(err.Error(), "no-such-branch") {
			t.Errorf("%+v: error %v, want one naming the revision", pr, err)
		}
	}
}

// decideAndRebuild has rev decide a row of page 001 and rebuild the
// canonical texts, as a reviewer's pull request would.
func decideAndRebuild(t *testing.T, r *prRepo, row int, c page.Choice) {
	t.Helper()
	proj := mustProject(t, r.repo)
	if _, err := page.Update(context.Background(), r.repo, proj, "doc", "001", func(p *page.Page) error {
		_, err := p.Decide(proj, row, c, "rev", "", decidedAt)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	rebuild(t, r.repo)
}
