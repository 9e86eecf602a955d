package submit

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

const ocrText = "The quick brovvn fox\njumps over the lazy dog.\nAnd then the end.\n"

// janeText is a correct reading of page 001.
const janeText = "The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n"

const people = `
[people.jane]
role = "contributor"
name = "Jane Doe"
email = "jane@example.org"

[people.kim]
role = "contributor"
email = "kim@example.org"

[people.max]
role = "maintainer"
email = "max@example.org"
`

var when = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// fixture makes a project with one committed document of two pages and
// returns the repository and its go-git handle. git's user is jane, set in
// the repository's configuration; HOME is empty, so that the user's own
// configuration does not count.
func fixture(t *testing.T) (*layout.Repo, *git.Repository) {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	dir := t.TempDir()
	if _, err := layout.Init(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := gitrepo.Ensure(dir); err != nil {
		t.Fatal(err)
	}
	r, _ := layout.Open(dir)
	proj, _ := os.ReadFile(r.Abs(layout.ProjectPath()))
	doc := &project.Document{ID: "bk", Title: "Book", Pages: []project.PageEntry{{ID: "001"}, {ID: "002"}}}
	for rel, content := range map[string]string{
		layout.ProjectPath():                   string(proj) + people,
		"transcriptions/bk/document.toml":      string(doc.Encode()),
		layout.ReadingPath("bk", "001", "ocr"): ocrText,
		layout.ReadingPath("bk", "002", "ocr"): "Another page entirely\nwith its own words\n",
	} {
		if err := r.WriteFile(rel, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := g.Worktree()
	if err := wt.AddGlob("transcriptions"); err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Commit("init", &git.CommitOptions{Author: &object.Signature{Name: "Init", Email: "init@example.org", When: when}}); err != nil {
		t.Fatal(err)
	}
	setUser(t, g, "Jane", "jane@example.org")
	return r, g
}

// setUser sets git's user.name and user.email in the repository's
// configuration; empty strings leave git without a user.
func setUser(t *testing.T, g *git.Repository, name, email string) {
	t.Helper()
	cfg, err := g.Config()
	if err != nil {
		t.Fatal(err)
	}
	cfg.User.Name, cfg.User.Email = name, email
	cfg.Raw.RemoveSection("user") // written afresh from cfg.User
	if err := g.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
}

// openContributions turns on the policy's open_contributions.
func openContributions(t *testing.T, r *layout.Repo) {
	t.Helper()
	path := r.Abs(layout.ProjectPath())
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	open := strings.Replace(string(src), "open_contributions = false", "open_contributions = true", 1)
	if open == string(src) {
		t.Fatal("project.toml has no open_contributions = false")
	}
	if err := os.WriteFile(path, []byte(open), 0o644); err != nil {
		t.Fatal(err)
	}
}

func opts(text string) Options {
	return Options{Page: "001", Source: "in.txt", Text: []byte(text), Now: when}
}

// submitAs does what `scribe submit` does around Submit: it reads the
// project and the document, opens git, works out who submits by
// project.Identity's rule for commands that write, and submits.
func submitAs(r *layout.Repo, as string, o Options) (*Result, error) {
	proj, err := r.Project()
	if err != nil {
		return nil, err
	}
	doc, err := r.Document("bk")
	if err != nil {
		return nil, err
	}
	g, err := gitrepo.Open(r.Root)
	if err != nil {
		return nil, err
	}
	var user project.GitUser
	if user.Name, user.Email, err = g.User(); err != nil {
		return nil, err
	}
	if o.Actor, err = proj.Identity(project.Writing, as, user); err != nil {
		return nil, err
	}
	o.Document, o.Project = doc, proj
	return Submit(context.Background(), r, g, o)
}

func headCommit(t *testing.T, g *git.Repository) *object.Commit {
	t.Helper()
	h, err := g.Head()
	if err != nil {
		t.Fatal(err)
	}
	c, err := g.CommitObject(h.Hash())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fileAt(t *testing.T, c *object.Commit, rel string) string {
	t.Helper()
	f, err := c.File(rel)
	if err != nil {
		t.Fatalf("%s at %s: %v", rel, c.Hash, err)
	}
	s, _ := f.Contents()
	return s
}

// snapshot records every file of the work tree outside .git.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSubmitCommitsExactlyTheReading(t *testing.T) {
	r, g := fixture(t)
	// Unrelated changes, one staged and one not, must stay uncommitted.
	if err := os.WriteFile(r.Abs("notes.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.Abs(layout.ReadingPath("bk", "002", "ocr")), []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := headCommit(t, g)

	res, err := submitAs(r, "jane", opts("The quick brown fox\r\njumps over the lazy dog.  \nAnd then the end.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Contributor != "jane" || res.Replaced || res.Branch != "main" || res.Report.CRLF != 1 || res.Report.TrailingSpace != 1 {
		t.Errorf("result = %+v", res)
	}
	c := headCommit(t, g)
	if c.Hash.String() != res.Commit || len(c.ParentHashes) != 1 || c.ParentHashes[0] != before.Hash {
		t.Fatalf("HEAD %s, parents %v; result %s", c.Hash, c.ParentHashes, res.Commit)
	}
	if c.Author.Name != "Jane Doe" || c.Author.Email != "jane@example.org" || !c.Author.When.Equal(when) {
		t.Errorf("author = %+v", c.Author)
	}
	if c.Message != "Add reading of bk/001 by jane\n" {
		t.Errorf("message = %q", c.Message)
	}
	want := "The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n"
	if got := fileAt(t, c, "transcriptions/bk/001/readings/jane.txt"); got != want {
		t.Errorf("committed reading = %q", got)
	}
	if got, _ := os.ReadFile(r.Abs(res.Path)); string(got) != want {
		t.Errorf("work tree reading = %q", got)
	}
	// Exactly one path changed between the commits.
	changes, err := object.DiffTree(mustTree(t, before), mustTree(t, c))
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].To.Name != "transcriptions/bk/001/readings/jane.txt" {
		t.Errorf("changes = %v", changes)
	}
	// The work tree is clean for the reading and dirty as before elsewhere.
	wt, _ := g.Worktree()
	st, err := wt.Status()
	if err != nil {
		t.Fatal(err)
	}
	// Status lists only paths that differ: the reading must not be among them.
	if fs, ok := st["transcriptions/bk/001/readings/jane.txt"]; ok && (fs.Staging != git.Unmodified || fs.Worktree != git.Unmodified) {
		t.Errorf("reading status = %+v", fs)
	}
	if fs := st.File("transcriptions/bk/002/readings/ocr.txt"); fs.Worktree != git.Modified {
		t.Errorf("the unrelated edit was touched: %+v", fs)
	}
	if fs := st.File("notes.txt"); fs.Worktree != git.Untracked {
		t.Errorf("the untracked file was touched: %+v", fs)
	}

	// A second submit replaces the reading in a new commit; the same text again
	// commits nothing.
	res, err = submitAs(r, "jane", opts("The quick brown fox\njumps over the lazy dog!\nAnd then the end.\n"))
	if err != nil || !res.Replaced {
		t.Fatalf("second submit: %+v, %v", res, err)
	}
	if headCommit(t, g).Message != "Update reading of bk/001 by jane\n" {
		t.Errorf("second message = %q", headCommit(t, g).Message)
	}
	res, err = submitAs(r, "jane", opts("The quick brown fox\njumps over the lazy dog!\nAnd then the end.\n"))
	if err != nil || !res.Unchanged || res.Commit != "" {
		t.Errorf("unchanged submit: %+v, %v", res, err)
	}
}

func mustTree(t *testing.T, c *object.Commit) *object.Tree {
	t.Helper()
	tr, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// call is one submission as the command makes it: --as, and the options.
type call struct {
	as string
	o  Options
}

// TestSubmitRefusesAndChangesNothing: a refusal, whether by the identity
// rule the command applies first or by Submit, leaves HEAD and every file
// as they were.
func TestSubmitRefusesAndChangesNothing(t *testing.T) {
	asMaintainer := func(t *testing.T, r *layout.Repo) { setUser(t, gitOf(t, r), "Max", "max@example.org") }
	noGitUser := func(t *testing.T, r *layout.Repo) { setUser(t, gitOf(t, r), "", "") }
	tests := []struct {
		name    string
		change  func(*call)
		prepare func(t *testing.T, r *layout.Repo)
		wantErr string
	}{
		{"someone else's reading", func(c *call) { c.as = "kim" }, nil, "git says you are jane (Jane <jane@example.org>, a contributor): only a maintainer may act for another person"},
		{"unknown contributor", func(c *call) { c.as = "carol" }, asMaintainer, "scribe people add carol"},
		{"no git user", func(c *call) { c.as = "" }, noGitUser, "who are you?"},
		{"no git user, as a registered person", func(c *call) { c.as = "jane" }, noGitUser, "you cannot act as a registered person without their git identity"},
		{"no git user, as a registered person, open", func(c *call) { c.as = "jane" }, func(t *testing.T, r *layout.Repo) {
			noGitUser(t, r)
			openContributions(t, r)
		}, "set git's user.email to the email registered for jane"},
		{"unregistered git user", func(c *call) { c.as = "" }, func(t *testing.T, r *layout.Repo) { setUser(t, gitOf(t, r), "Lee", "lee@example.org") }, "the git user Lee <lee@example.org> is not in transcriptions/project.toml"},
		{"unregistered git user, as a registered person", nil, func(t *testing.T, r *layout.Repo) { setUser(t, gitOf(t, r), "Lee", "lee@example.org") }, "git says you are Lee <lee@example.org>, who is not in transcriptions/project.toml"},
		{"bad id", func(c *call) { c.as = "../x" }, nil, `invalid contributor id "../x"`},
		{"uppercase id", func(c *call) { c.as = "Jane" }, nil, `use "jane"`},
		{"the ocr id", func(c *call) { c.as = "ocr" }, nil, "is the OCR engine: its readings come from `scribe import`"},
		{"the ocr id, by a maintainer", func(c *call) { c.as = "ocr" }, asMaintainer, "is the OCR engine"},
		{"invalid text", func(c *call) { c.o.Text = []byte("ok\nbad\x00\n") }, nil, "in.txt:2: line 2, column 4: control character U+0000"},
		{"empty text", func(c *call) { c.o.Text = []byte("\n\n") }, nil, "the text is empty"},
		{"another page", func(c *call) { c.o.Text = []byte("Another page entirely\nwith its own words\n") }, nil, "this text reads like page 002, not 001"},
		{"unknown page", func(c *call) { c.o.Page = "009" }, nil, `no page "009"`},
		{"symlink reading", nil, func(t *testing.T, r *layout.Repo) {
			if err := os.MkdirAll(r.Abs("transcriptions/bk/001/readings"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(r.Abs("transcriptions/project.toml"), r.Abs(layout.ReadingPath("bk", "001", "jane"))); err != nil {
				t.Fatal(err)
			}
		}, "is not a regular file (it is a symbolic link)"},
		{"directory reading", nil, func(t *testing.T, r *layout.Repo) {
			if err := os.MkdirAll(r.Abs(layout.ReadingPath("bk", "001", "jane")), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "is not a regular file (it is a directory)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, g := fixture(t)
			if tt.prepare != nil {
				tt.prepare(t, r)
			}
			c := call{as: "jane", o: opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n")}
			if tt.change != nil {
				tt.change(&c)
			}
			head := headCommit(t, g).Hash
			files := snapshot(t, r.Root)
			_, err := submitAs(r, c.as, c.o)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if headCommit(t, g).Hash != head {
				t.Error("HEAD moved")
			}
			after := snapshot(t, r.Root)
			if len(after) != len(files) {
				t.Errorf("files changed: %d before, %d after", len(files), len(after))
			}
			for p, c := range files {
				if after[p] != c {
					t.Errorf("%s changed", p)
				}
			}
		})
	}
}

func TestSubmitForceAcceptsAnotherPage(t *testing.T) {
	r, _ := fixture(t)
	o := opts("Another page entirely\nwith its own words\n")
	o.Force = true
	if _, err := submitAs(r, "jane", o); err != nil {
		t.Fatal(err)
	}
}

func gitOf(t *testing.T, r *layout.Repo) *git.Repository {
	t.Helper()
	g, err := git.PlainOpen(r.Root)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSubmitForSomeoneElse(t *testing.T) {
	r, g := fixture(t)
	setUser(t, g, "Kim", "kim@example.org")
	text := "The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n"
	if _, err := submitAs(r, "jane", opts(text)); err == nil || !strings.Contains(err.Error(), "git says you are kim") {
		t.Errorf("kim submitting for jane: %v", err)
	}
	// Without --as, or with --as naming oneself, git's user is the contributor.
	res, err := submitAs(r, "", opts(text))
	if err != nil || res.Contributor != "kim" {
		t.Fatalf("kim submitting: %+v, %v", res, err)
	}
	if c := headCommit(t, g); c.Author.Email != "kim@example.org" || c.Author.Name != "kim" || c.Committer.Name != "Kim" || c.Message != "Add reading of bk/001 by kim\n" {
		t.Errorf("author %+v committer %+v message %q", c.Author, c.Committer, c.Message)
	}
	res, err = submitAs(r, "kim", opts(text+"More.\n"))
	if err != nil || res.Contributor != "kim" {
		t.Fatalf("kim submitting with --as kim: %+v, %v", res, err)
	}

	// A maintainer may submit for someone else: the reading and the author
	// are theirs, the committer and the message name the maintainer.
	setUser(t, g, "Max", "max@example.org")
	res, err = submitAs(r, "jane", opts(text))
	if err != nil || res.Contributor != "jane" || res.Path != "transcriptions/bk/001/readings/jane.txt" {
		t.Fatalf("maintainer submitting for jane: %+v, %v", res, err)
	}
	c := headCommit(t, g)
	if c.Author.Name != "Jane Doe" || c.Author.Email != "jane@example.org" || c.Committer.Name != "Max" || c.Committer.Email != "max@example.org" {
		t.Errorf("author %+v committer %+v", c.Author, c.Committer)
	}
	if c.Message != "Add reading of bk/001 by jane\n\nSubmitted by maintainer max for jane.\n" {
		t.Errorf("message = %q", c.Message)
	}
}

// TestSubmitByANewcomer: with open contributions, someone git does not
// name submits under a new id, with an address under .invalid.
func TestSubmitByANewcomer(t *testing.T) {
	r, g := fixture(t)
	setUser(t, g, "", "")
	openContributions(t, r)
	res, err := submitAs(r, "newbie", opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n"))
	if err != nil || res.Contributor != "newbie" {
		t.Fatalf("%+v, %v", res, err)
	}
	if c := headCommit(t, g); c.Author.Name != "newbie" || c.Author.Email != "newbie@contributors.invalid" || c.Committer != c.Author {
		t.Errorf("author %+v committer %+v", c.Author, c.Committer)
	}
}

func TestSubmitOnNewBranch(t *testing.T) {
	r, g := fixture(t)
	head := headCommit(t, g)
	o := opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n")
	o.Branch = DefaultBranch("jane", "bk", "001")
	res, err := submitAs(r, "jane", o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Branch != "reading/jane/bk-001" {
		t.Errorf("branch = %q", res.Branch)
	}
	if headCommit(t, g).Hash != head.Hash {
		t.Error("the current branch moved")
	}
	if _, err := os.Stat(r.Abs(res.Path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the work tree got the reading: %v", err)
	}
	ref, err := g.Reference(plumbing.NewBranchReferenceName(res.Branch), true)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := g.CommitObject(ref.Hash())
	if c.ParentHashes[0] != head.Hash || fileAt(t, c, "transcriptions/bk/001/readings/jane.txt") == "" {
		t.Errorf("branch commit %s", c.Hash)
	}
	// The same branch again is refused.
	if _, err := submitAs(r, "jane", o); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second submit to the branch: %v", err)
	}
}

func TestSubmitPushesToABareRemote(t *testing.T) {
	r, g := fixture(t)
	remote := t.TempDir()
	if _, err := git.PlainInit(remote, true); err != nil {
		t.Fatal(err)
	}
	if _, err := g.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{remote}}); err != nil {
		t.Fatal(err)
	}
	o := opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n")
	o.Branch, o.Push = "mine", "origin"
	res, err := submitAs(r, "jane", o)
	if err != nil || !res.Pushed {
		t.Fatalf("%+v, %v", res, err)
	}
	bare, _ := git.PlainOpen(remote)
	ref, err := bare.Reference(plumbing.NewBranchReferenceName("mine"), true)
	if err != nil || ref.Hash().String() != res.Commit {
		t.Errorf("remote branch: %v, %v", ref, err)
	}
}

func TestSubmitDetachedAndUnborn(t *testing.T) {
	r, g := fixture(t)
	head := headCommit(t, g)
	if err := g.Storer.SetReference(plumbing.NewHashReference(plumbing.HEAD, head.Hash)); err != nil {
		t.Fatal(err)
	}
	res, err := submitAs(r, "jane", opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n"))
	if err != nil || res.Branch != "" {
		t.Fatalf("detached: %+v, %v", res, err)
	}
	h, _ := g.Head()
	if h.Hash().String() != res.Commit {
		t.Error("the detached HEAD did not move to the new commit")
	}
	if ref, _ := g.Reference(plumbing.NewBranchReferenceName("main"), true); ref.Hash() != head.Hash {
		t.Error("main moved")
	}

	// An unborn branch: the first commit holds just the reading.
	r2, g2 := fixture(t)
	if err := g2.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.NewBranchReferenceName("fresh"))); err != nil {
		t.Fatal(err)
	}
	res, err = submitAs(r2, "jane", opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n"))
	if err != nil || res.Branch != "fresh" {
		t.Fatalf("unborn: %+v, %v", res, err)
	}
	c := headCommit(t, g2)
	if len(c.ParentHashes) != 0 {
		t.Errorf("parents = %v", c.ParentHashes)
	}
	files, _ := c.Files()
	n := 0
	_ = files.ForEach(func(*object.File) error { n++; return nil })
	if n != 1 {
		t.Errorf("the first commit holds %d files, want 1", n)
	}
}

func TestConcurrentSubmitsBothLand(t *testing.T) {
	r, g := fixture(t)
	setUser(t, g, "Max", "max@example.org") // a maintainer, submitting for both
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []string{"jane", "kim"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each submit opens its own repository handle, as two processes would.
			_, errs[i] = submitAs(r, who, opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end, says "+who+".\n"))
		}()
	}
	wg.Wait()
	c := headCommit(t, g)
	for i, who := range []string{"jane", "kim"} {
		if errs[i] != nil {
			// Failing cleanly is allowed; landing half is not.
			if _, err := c.File(layout.ReadingPath("bk", "001", who)); err == nil {
				t.Errorf("%s's submit failed (%v) but its reading is committed", who, errs[i])
			}
			continue
		}
		if got := fileAt(t, c, layout.ReadingPath("bk", "001", who)); !strings.Contains(got, who) {
			t.Errorf("%s's reading at HEAD = %q", who, got)
		}
	}
	if errs[0] != nil && errs[1] != nil {
		t.Errorf("both submits failed: %v; %v", errs[0], errs[1])
	}
	if len(c.ParentHashes) != 1 {
		t.Fatal("not a linear history")
	}
}

// TestGitAgrees checks the result with the git binary, when there is one:
// fsck is clean and the log shows the contributor as author; and submit
// works on a repository that git gc has packed (packed refs, packfiles).
func TestGitAgrees(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary to check against")
	}
	r, _ := fixture(t)
	run := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = r.Root
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("gc", "--quiet")
	if _, err := os.Stat(filepath.Join(r.Root, ".git", "packed-refs")); err != nil {
		t.Fatalf("git gc left no packed-refs: %v", err)
	}
	if _, err := submitAs(r, "jane", opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n")); err != nil {
		t.Fatal(err)
	}
	run("fsck", "--strict")
	if got := run("log", "-1", "--format=%an <%ae>|%s"); got != "Jane Doe <jane@example.org>|Add reading of bk/001 by jane\n" {
		t.Errorf("git log = %q", got)
	}
	if got := run("status", "--porcelain"); got != "" {
		t.Errorf("git status after submit:\n%s", got)
	}
	if got := run("show", "--stat", "--format=", "HEAD"); !strings.Contains(got, "1 file changed") {
		t.Errorf("git show --stat: %s", got)
	}
}

func TestSimilarity(t *testing.T) {
	a := "The quick brown fox jumps over the lazy dog"
	if s := Similarity(a, a); s != 1 {
		t.Errorf("same text: %v", s)
	}
	if s := Similarity(a, "The quick brovvn fox\njumps over the lazy dog."); s < 0.6 {
		t.Errorf("a noisy reading of the same page: %v", s)
	}
	if s := Similarity(a, "Of the people, by the people, for the people"); s > 0.1 {
		t.Errorf("another text: %v", s)
	}
}

func TestSubmitRefusesABadBranchName(t *testing.T) {
	r, g := fixture(t)
	head := headCommit(t, g).Hash
	o := opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n")
	o.Branch = "bad..name"
	if _, err := submitAs(r, "jane", o); err == nil || !strings.Contains(err.Error(), "not a valid branch name") {
		t.Fatalf("err = %v", err)
	}
	if headCommit(t, g).Hash != head {
		t.Error("HEAD moved")
	}
}

// TestSubmitTakesWhatTheCallerRead: Submit works from the document, the
// actor and the git handle it is given, without reading project.toml,
// document.toml or git's user again.
func TestSubmitTakesWhatTheCallerRead(t *testing.T) {
	r, g := fixture(t)
	proj, err := r.Project()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := r.Document("bk")
	if err != nil {
		t.Fatal(err)
	}
	gr, err := gitrepo.Open(r.Root)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := proj.Identity(project.Writing, "", project.GitUser{Name: "Jane at home", Email: "jane@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	// What Submit must not read again: broken from here on.
	for _, rel := range []string{layout.ProjectPath(), "transcriptions/bk/document.toml"} {
		if err := os.WriteFile(r.Abs(rel), []byte("not = [toml\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setUser(t, g, "Someone Else", "else@example.org")

	o := opts("The quick brown fox\njumps over the lazy dog.\nAnd then the end.\n")
	o.Document, o.Actor = doc, actor
	res, err := Submit(context.Background(), r, gr, o)
	if err != nil {
		t.Fatal(err)
	}
	c := headCommit(t, g)
	if res.Contributor != "jane" || c.Author.Email != "jane@example.org" || c.Committer.Name != "Jane at home" || c.Committer.Email != "jane@example.org" {
		t.Errorf("result %+v; author %+v, committer %+v", res, c.Author, c.Committer)
	}

	// Without a document or an actor there is nothing to submit.
	for _, o := range []Options{{Page: "001", Actor: actor}, {Page: "001", Document: doc}} {
		if _, err := Submit(context.Background(), r, gr, o); err == nil {
			t.Errorf("Submit(%+v) succeeded", o)
		}
	}
}
